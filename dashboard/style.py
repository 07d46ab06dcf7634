"""Sizes, colours and thresholds of the charts, in one place: the ``Look`` of each setting (the
analyst's laptop, the wall screen, a slide), the palettes, the fields lanes and colours can follow,
and the numbers of marks at which drawing changes.

Every figure has an explicit template and colour sequence, so images exported from inside Streamlit
(whose own template only the browser resolves) are not black.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

TEMPLATE = "plotly_white"


# Tableau 10 without its grey, which is kept for "(other)" and "(none)".
COLORS = ("#4C78A8", "#F58518", "#E45756", "#72B7B2", "#54A24B", "#EECA3B", "#B279A2", "#FF9DA6", "#9D755D")


GREY = "#9A9A9A"


FIXED_COLORS = {
    "status": {
        "reported": "#4C78A8",
        "confirmed": "#54A24B",
        "claimed": "#F58518",
        "disputed": "#B279A2",
        "denied": "#E45756",
        "planned": "#72B7B2",
    },
    "precision": {
        "day": "#1F4E79",
        "week": "#4C78A8",
        "month": "#72B7B2",
        "quarter": "#9ECAE9",
        "year": "#F58518",
        "decade": "#E45756",
    },
}


LANE_FIELDS = {"category": "Category", "actors": "Actor", "outlets": "Outlet", "status": "Status"}


COLOR_FIELDS = {
    "category": "Category",
    "status": "Status",
    "precision": "Precision",
    "actors": "Actor",
    "outlets": "Outlet",
    "basis": "Date basis",
}


LIST_FIELDS = {"actors", "outlets", "sources"}


WEBGL_AT = 1500  # more marks than this are drawn with WebGL


SLIDER_AT = 1000  # more marks than this: no range slider (it draws every mark a second time)


SLIDER_HINT = " (see the range slider)"


ZOOM_HINT = " (double-click the chart to see all)"


PACK_AT = 5000  # up to this many marks, overlapping marks in a lane are stacked; past it, spread by hash


MAX_LANES = 14


MAX_ROWS = 5  # sub-rows per lane


NONE = "(none)"


DAY = np.timedelta64(1, "D")


MIN_VIEW = np.timedelta64(28 * 24 * 60, "m")


MAX_UNDATED = 600  # undated marks drawn in the strip, at most (the Undated tab lists them all)


UNDATED_DOMAIN = (0.905, 1.0)  # the undated strip's share of the plot's width


UNDATED_COLS = 6  # rings side by side in the strip before the next row


UNDATED_TITLE = "undated — no date in the text"


LAST = np.datetime64("9999-12-30T00:00", "m")


UNDATED_SYMBOL = "circle-open-dot"


UNDATED_COLOR = "#7A7A7A"


BAR_PX = {"interval": 11, "span": 6}  # bar thickness in pixels (times Look.marker_scale)


SYMBOLS = {"point": 0, "interval": 100, "span": 2, "reported": 100}  # plotly codes: circle, circle-open, diamond


REPORTED_ARROW_PX = 30  # an undated event placed at its report date: an arrow this long points left from its mark


LABEL_BG = "rgba(255,255,255,0.78)"


@dataclass(frozen=True)
class Look:
    """Sizes for a setting: the analyst's laptop, a wall screen, or a slide.

    ``width`` is the figure's width the labels are placed for (the browser may give it more room,
    never much less: a laptop's 1366 pixels less the sidebar); ``label_*`` say how the titles of
    the most salient events are written on the chart (``dashboard.labels``; ``label_reach``: how far
    from its mark a label may go, on a leader line, in label heights). ``axis_top`` puts the
    dates above the lanes, where a short screen still shows them. ``margins``: fixed top and bottom
    margins (a slide's), else they follow the font size.
    """

    font_size: int = 13
    marker_scale: float = 1.0
    range_slider: bool = True
    lane_label_chars: int = 28
    height_per_lane: int = 52
    min_height: int = 380
    max_height: int = 900
    width: int = 1000
    label_font: int = 12
    max_labels: int = 24
    label_wrap: int = 38
    label_lines: int = 2
    label_reach: int = 0
    axis_top: bool = False
    key_legend: bool = True
    max_lanes: int = MAX_LANES
    margins: tuple[int, int] | None = None


ANALYST = Look(label_wrap=40, axis_top=True, label_reach=2)  # a label may go two label sizes out on a leader


# The wall screen: the chart across the page (at 1366 pixels, about 1,300 wide: the labels are placed for
# that, and a 1920 wall only spreads them further apart), labels in 24 px type. The summary has a row per
# happening (dashboard.story); drawn in lanes (every event, or with the undated strip), fewer labels fit.
BRIEF = Look(
    font_size=20,
    marker_scale=1.5,
    range_slider=False,
    lane_label_chars=16,
    height_per_lane=84,
    min_height=440,
    max_height=600,
    width=1300,
    label_font=24,
    max_labels=12,
    label_wrap=30,
    label_reach=4,
    axis_top=True,
    key_legend=False,
    max_lanes=6,
)


# A slide at 1920x1080, shown on a wall or a projector: labels in 24 px type, as on the wall screen.
SLIDE_LOOK = Look(
    font_size=18,
    marker_scale=1.0,
    range_slider=False,
    lane_label_chars=24,
    height_per_lane=80,
    min_height=1080,
    max_height=1080,
    width=1920,
    label_font=24,
    max_labels=20,
    label_wrap=34,
    margins=(170, 150),
)
