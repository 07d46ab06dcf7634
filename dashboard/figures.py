"""Timeline figures: plain functions from an events table to a ``go.Figure`` (no Streamlit here).

What is drawn for each event (one row of the contract's events table):

- a moment known to the day: a filled circle on its day;
- a moment known only to a week, month, quarter, year or decade: a light, wide bar over the
  interval its date allows, with a hollow circle in the middle, so the uncertainty is visible;
- an event that lasted over its interval (``is_span``): a solid, narrower bar with a diamond;
- an undated event (no date in its text): a hollow grey ring in its lane, in a narrow strip at the
  right edge titled "undated", on an x axis of its own that holds no dates (``xaxis2``, linear
  0..1), so it is never placed at a guessed date. At most ``max_undated`` are drawn (most
  corroborated first); ``fig.layout.meta`` counts them all (``n_undated``) and those drawn
  (``n_undated_drawn``). ``undated=False`` leaves them out.

The most salient events in view carry their titles as text beside their marks (annotations
named "label", placed without overlap by ``dashboard.labels`` for the ``Look``'s width; their
ids are in ``fig.layout.meta["labels"]``); the rest are marks with hover text. The initial view
is where most marks are (``focus_range``), not an axis stretched by a few outliers or one long
span; the key says how many marks are outside it.

Marker size grows with ``source_count``. The range slider under the axis is shown up to
``SLIDER_AT`` dated marks (it draws each mark a second time); past that, double-clicking the chart
shows everything. Swimlanes (``lane_by``) and colours (``color_by``) are chosen fields, in a
fixed order (``ordered``); lanes by the colour's own field are drawn in one colour. List fields
(actors, outlets) put an event in every lane it names and colour it by its first value. Every figure has an explicit template and colour sequence, so images exported
from inside Streamlit (whose own template only the browser resolves) are not black.

Level of detail: ``detail_level(n)`` picks how the marks are drawn: SVG for a few events, WebGL
(``go.Scattergl``) past ``WEBGL_AT``. A density layer (counts per lane per time bin) for very many
events in view is the planned third level; it slots into ``_LAYERS``.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard import labels as labels_mod
from dashboard import strip, wire
from events.records import PRECISIONS, STATUSES

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


@dataclass(frozen=True)
class Look:
    """Sizes for a setting: the analyst's laptop, a wall screen, or a slide.

    ``width`` is the figure's width the labels are placed for (the browser may give it more room,
    never much less: a laptop's 1366 pixels less the sidebar); ``label_*`` say how the titles of
    the most salient events are written on the chart (``dashboard.labels``). ``axis_top`` puts the
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
    axis_top: bool = False
    key_legend: bool = True
    max_lanes: int = MAX_LANES
    margins: tuple[int, int] | None = None


ANALYST = Look(label_wrap=40, axis_top=True)
BRIEF = Look(
    font_size=20,
    marker_scale=1.5,
    range_slider=False,
    lane_label_chars=16,
    height_per_lane=84,
    min_height=440,
    max_height=600,
    width=880,
    label_font=18,
    max_labels=5,
    label_wrap=32,
    axis_top=True,
    key_legend=False,
    max_lanes=6,
)
SLIDE_LOOK = Look(
    font_size=18,
    marker_scale=1.0,
    range_slider=False,
    lane_label_chars=24,
    height_per_lane=80,
    min_height=1080,
    max_height=1080,
    width=1920,
    label_font=17,
    max_labels=20,
    label_wrap=40,
    margins=(170, 150),
)


def detail_level(n_marks: int) -> str:
    """How to draw ``n_marks`` marks: ``"svg"`` or ``"webgl"`` (a ``"density"`` level is planned)."""
    return "svg" if n_marks <= WEBGL_AT else "webgl"


def kinds(events: pd.DataFrame) -> pd.Series:
    """What each event is drawn as: ``point``, ``interval`` (uncertain moment), ``span``, or ``undated``."""
    start = _dates(events["date_start"])
    end = _dates(events["date_end"]).fillna(start)
    out = np.where(events["is_span"].fillna(False).astype(bool), "span", "interval")
    point = (events["precision"].astype(str) == "day").to_numpy() & (end <= start).to_numpy()
    out = np.where(point & (out == "interval"), "point", out)
    out = np.where(start.isna().to_numpy(), "undated", out)
    return pd.Series(out, index=events.index, name="kind")


def marks(
    events: pd.DataFrame,
    lane_by: str = "category",
    color_by: str = "status",
    color_order: list[str] | None = None,
    max_lanes: int = MAX_LANES,
    undated: bool = False,
) -> pd.DataFrame:
    """One row per drawn mark: event_id, lane, y, colour key and colour, kind, x0/x1/xm (ISO), size, hover.

    Undated events are left out, unless ``undated``: then they are marks of kind ``undated`` with
    no dates (x0/x1/xm "", t0/t1 NaT), in the lanes they name (lanes are counted over all marks),
    and their ``y`` places them in rows of the undated strip. ``color_order`` (e.g. the values of the whole store, most frequent
    first) keeps an event's colour the same whatever the filters; by default it is this table's order.
    """
    _check_field(lane_by, LANE_FIELDS, "lane_by")
    _check_field(color_by, COLOR_FIELDS, "color_by")
    ev = events.loc[kinds(events) != "undated"].copy() if len(events) and not undated else events.copy()
    if ev.empty:
        return pd.DataFrame(
            columns=[
                "event_id",
                "lane",
                "lane_i",
                "y",
                "color_key",
                "color",
                "kind",
                "x0",
                "x1",
                "xm",
                "ux",
                "t0",
                "t1",
                "size",
                "hover",
            ]
        )
    ev["kind"] = kinds(ev)
    start = _dates(ev["date_start"])
    end = _dates(ev["date_end"]).fillna(start)
    end = end.where(end >= start, start)
    x0 = start.to_numpy().astype("datetime64[m]")
    x1 = end.to_numpy().astype("datetime64[m]")
    x1 = np.where(np.isnat(x1), x1, np.minimum(x1, LAST)) + DAY  # the end date is inclusive
    ev["_x0"], ev["_x1"] = x0, x1
    ev["_xm"] = x0 + (x1 - x0) / 2
    one_colour = color_by == lane_by  # lanes already say it: colour would only repeat them
    if one_colour:
        ev["color_key"] = "events"
    else:
        ev["color_key"] = _first_values(ev[color_by]) if color_by in LIST_FIELDS else _labels(ev[color_by])
    ev["size"] = _size(ev["source_count"])
    ev["hover"] = _hover(ev)
    if lane_by in LIST_FIELDS:
        lanes = ev[lane_by].map(
            lambda v: (
                list(dict.fromkeys(str(x) for x in v if str(x))) or [NONE]
                if isinstance(v, (list, tuple, np.ndarray))
                else [NONE]
            )
        )
        ev = ev.assign(lane=lanes).explode("lane")
    else:
        ev["lane"] = _labels(ev[lane_by])
    lanes = ordered(ev["lane"], lane_by)
    if len(lanes) > max_lanes:
        kept = set(lanes[: max_lanes - 1])
        other = f"(other {len(lanes) - max_lanes + 1})"
        ev["lane"] = ev["lane"].where(ev["lane"].isin(kept), other)
        lanes = lanes[: max_lanes - 1] + [other]
    lane_index = {lane: i for i, lane in enumerate(lanes)}
    ev["lane_i"] = ev["lane"].map(lane_index).astype(int)
    dated = (ev["kind"] != "undated").to_numpy()
    y = np.zeros(len(ev))
    if dated.any():
        y[dated] = _offsets(ev.loc[dated])
    if not dated.all():
        y[~dated] = _undated_offsets(ev.loc[~dated])
    ev["y"] = ev["lane_i"] + y
    palette = {"events": COLORS[0]} if one_colour else color_map(ev["color_key"], color_by, color_order)
    ev["color"] = ev["color_key"].map(palette).fillna(GREY)
    out = pd.DataFrame(
        {
            "event_id": ev["event_id"].astype(str).to_numpy(),
            "lane": ev["lane"].to_numpy(),
            "lane_i": ev["lane_i"].to_numpy(),
            "y": ev["y"].to_numpy(),
            "color_key": ev["color_key"].to_numpy(),
            "color": ev["color"].to_numpy(),
            "kind": ev["kind"].to_numpy(),
            "x0": _iso(ev["_x0"], ~dated),
            "x1": _iso(ev["_x1"], ~dated),
            "xm": _iso(ev["_xm"], ~dated),
            "ux": _undated_x(ev) if not dated.all() else np.full(len(ev), np.nan),
            "t0": ev["_x0"].to_numpy(),
            "t1": ev["_x1"].to_numpy(),
            "size": ev["size"].to_numpy(),
            "hover": ev["hover"].to_numpy(),
        }
    )
    out.attrs["lanes"] = lanes
    out.attrs["legend"] = [] if one_colour else ordered(ev["color_key"], color_by, color_order)
    return out


def ordered(values: pd.Series, field: str, order: list[str] | None = None) -> list[str]:
    """The distinct values in a fixed order, the same whatever the row order: statuses and precisions
    in their own order; others as in ``order`` (e.g. the whole store's, most frequent first), then
    most frequent first, then by name; "(none)" and "(other …)" last."""
    counts = pd.Series(values).value_counts()
    fixed = {"status": STATUSES, "precision": PRECISIONS}.get(field, tuple(order or ()))
    rank = {v: i for i, v in enumerate(fixed)}
    return sorted(
        counts.index,
        key=lambda v: (
            str(v) == NONE or str(v).startswith("(other "),
            rank.get(v, len(rank)),
            -int(counts[v]),
            str(v).casefold(),
            str(v),
        ),
    )


def columns_for(lane_by: str, color_by: str) -> tuple[str, ...]:
    """The events columns ``timeline`` reads for these lanes and colours (what to take from a big store)."""
    return tuple(dict.fromkeys(FIGURE_COLUMNS + (lane_by, color_by)))


FIGURE_COLUMNS = (
    "event_id",
    "date_start",
    "date_end",
    "precision",
    "is_span",
    "title",
    "status",
    "source_count",
    "date_text",
    "outlets",
    "sources",
    "salience",
)


def color_map(keys: pd.Series, color_by: str, color_order: list[str] | None = None) -> dict[str, str]:
    """Colour per value: fixed for status and precision, else by rank (the first nine get colours)."""
    fixed = FIXED_COLORS.get(color_by)
    present = list(pd.Series(keys).value_counts().index)
    if fixed:
        return {k: fixed.get(k, GREY) for k in present}
    order = [k for k in (color_order or []) if k != NONE] or [k for k in present if k != NONE]
    rank = {k: i for i, k in enumerate(order)}
    return {k: (COLORS[rank[k]] if rank.get(k, len(COLORS)) < len(COLORS) else GREY) for k in present}


def timeline(
    events: pd.DataFrame,
    *,
    lane_by: str = "category",
    color_by: str = "status",
    look: Look = ANALYST,
    color_order: list[str] | None = None,
    level: str | None = None,
    undated: bool = True,
    max_undated: int = MAX_UNDATED,
    n_undated: int | None = None,
    window: tuple[dt.date | None, dt.date | None] = (None, None),
) -> go.Figure:
    """The timeline of ``events`` as a Plotly figure (see the module docstring for what is drawn).

    ``n_undated``: how many undated events pass the filters, when ``events`` holds only some of
    them (a caller at scale passes the dated rows and the first undated ones). ``window``: the dates
    the filters ask for (first, last day; None for open): the initial view stays inside them, however
    far the spans that overlap them reach.
    """
    k = kinds(events) if len(events) else pd.Series([], dtype=object)
    is_undated = (k == "undated").to_numpy()
    n_undated = int(is_undated.sum()) if n_undated is None else int(n_undated)
    if undated and is_undated.sum() > max_undated:  # the most corroborated undated events, then the dated
        und = events.loc[is_undated]
        und = und.iloc[
            np.argsort(-pd.to_numeric(und["source_count"], errors="coerce").fillna(0).to_numpy(), kind="stable")[
                :max_undated
            ]
        ]
        events = pd.concat([events.loc[~is_undated], und])
    m_all = marks(events, lane_by, color_by, color_order, max_lanes=look.max_lanes, undated=undated)
    u = m_all.loc[m_all["kind"] == "undated"] if len(m_all) else m_all
    m = m_all.loc[m_all["kind"] != "undated"] if len(m_all) else m_all
    m.attrs = dict(m_all.attrs)
    level = level or detail_level(len(m))
    if level not in _LAYERS:
        raise ValueError(f"Unknown detail level {level!r}; expected one of {list(_LAYERS)}")
    lanes = m.attrs.get("lanes", [])
    outside = 0
    if m.empty:
        fig = go.Figure()
        _empty_layout(
            fig, look, "Only undated events match the filters" if n_undated else "No events match the filters"
        )
    else:
        traces = _LAYERS[level](m, look, color_by, _lane_px(look, len(lanes), len(m)))
        if len(u):
            traces.append(_undated_trace(u, look, gl=level == "webgl"))
        fig = _figure(traces + (_key_traces(look, undated=len(u) > 0) if look.key_legend else []))
        outside, view, left = _layout(fig, m, lanes, look, color_by, lane_by, window)
        if len(u):
            _undated_layout(fig, lanes, look, n_drawn=int(u["event_id"].nunique()), n_undated=n_undated)
        labelled = _labels_for(fig, m, events, lanes, look, view, left, strip=len(u) > 0)
    n_drawn = int(u["event_id"].nunique()) if len(u) and not m.empty else 0
    fig.update_layout(
        meta={
            "n_events": int(m["event_id"].nunique()) if len(m) else 0,
            "n_marks": int(len(m)),
            "n_undated": n_undated,
            "n_undated_drawn": n_drawn,
            "level": level,
            "lanes": lanes,
            "n_outside_view": outside,
            "labels": labelled if not m.empty else [],
        }
    )
    return fig


LABEL_BG = "rgba(255,255,255,0.78)"


def _label_text(line: str) -> str:
    """A line of a title as annotation text: shown as it reads. Plotly reads markup in it ("<b>",
    entities) and typesets any "$...$" as LaTeX (which, without MathJax, draws nothing sized NaN):
    both are escaped."""
    return html.escape(line, quote=False).replace("$", "&#36;")


def _labels_for(
    fig: go.Figure,
    m: pd.DataFrame,
    events: pd.DataFrame,
    lanes: list[str],
    look: Look,
    view: tuple,
    left: int,
    strip: bool,
) -> list[str]:
    """Titles of the most salient events in view, as annotations beside their marks (``dashboard.labels``);
    returns the labelled event ids."""
    first = m.drop_duplicates("event_id")  # an event in several lanes is labelled once, in its first
    ev = events.drop_duplicates("event_id").set_index(events["event_id"].astype(str).drop_duplicates())
    ev = ev.reindex(first["event_id"].to_numpy())
    lo, hi = (np.datetime64(v, "m").astype(np.int64) for v in view)
    top, bottom = _margins(look)
    share = (UNDATED_DOMAIN[0] - 0.015) if strip else 1.0
    width = (look.width - left - 10) * share
    height = _lane_px(look, len(lanes), len(m)) * len(lanes)
    xm = np.asarray(first["xm"].to_numpy(), dtype="datetime64[m]").astype(np.int64)
    x = (xm - lo) / max(hi - lo, 1) * width
    y = (first["y"].to_numpy(float) + 0.5) / max(len(lanes), 1) * height
    radius = first["size"].to_numpy(float) * look.marker_scale / 2 + 1
    t0 = np.asarray(first["t0"].to_numpy(), dtype="datetime64[m]").astype(np.int64)
    t1 = np.asarray(first["t1"].to_numpy(), dtype="datetime64[m]").astype(np.int64)
    x = np.where((t0 <= lo) & (t1 >= hi), -1.0, x)  # a bar across the whole view is context: no label
    room = labels_mod.Room(
        width=width,
        height=height,
        font_size=look.label_font,
        max_labels=look.max_labels,
        wrap=look.label_wrap,
        max_lines=look.label_lines,
    )
    titles = ev["title"].fillna("").astype(str).tolist()
    placed = labels_mod.place(x, y, radius, titles, labels_mod.ranking(ev.reset_index(drop=True)), room)
    xs, ys, ids = first["xm"].to_numpy(), first["y"].to_numpy(float), first["event_id"].to_numpy()
    notes = []  # set at once: plotly checks every annotation again each time one is added
    for lab in placed:
        text = "<br>".join(_label_text(line) for line in lab.text.split("<br>"))
        common = dict(
            x=xs[lab.index],
            y=round(float(ys[lab.index]), 4),
            xref="x",
            yref="y",
            text=text,
            xanchor=lab.side,
            yanchor="middle",
            align="left" if lab.side == "left" else "right",
            font=dict(size=look.label_font, color="#1A1A1A"),
            bgcolor=LABEL_BG,
            borderpad=1,
            name="label",
            captureevents=False,
        )
        if lab.leader:
            notes.append(
                dict(
                    showarrow=True,
                    ax=lab.dx,
                    ay=lab.dy,
                    axref="pixel",
                    ayref="pixel",
                    arrowhead=0,
                    arrowwidth=1,
                    arrowcolor="#8A8A8A",
                    standoff=float(radius[lab.index]),
                    **common,
                )
            )
        else:
            notes.append(dict(showarrow=False, xshift=lab.dx, **common))
    if notes:  # this module's own annotations, checked against the schema by the tests: not checked again here
        fig.layout._validate = False
        fig.layout.annotations = [a.to_plotly_json() for a in fig.layout.annotations] + notes
        fig.layout._validate = True
    return [str(ids[lab.index]) for lab in placed]


def _figure(traces: list[dict]) -> go.Figure:
    """A figure of ``traces`` (dicts with a ``type``) taken as they are, its layout checked as usual.

    plotly.py checks each value of each trace against its schema, and again when a trace is added:
    a quarter of the time a figure of 2,000 marks takes to build and send. These traces are this module's own, and the
    tests check each kind against the schema (``go.Figure(fig.to_dict())``)."""
    fig = go.Figure(data=traces, _validate=False)
    fig._validate = fig.layout._validate = True
    return fig


def _mark_traces(m: pd.DataFrame, look: Look, color_by: str, gl: bool = False, lane_px: float = 0.0) -> list:
    """Bars (one trace per colour and kind) and one anchor trace per colour.

    SVG bars are rectangles filled in one path per trace (``fill="toself"``; ``lane_px``, the
    pixels between two lanes, turns their pixel thickness into y units): plotly.js draws a line
    trace with gaps as one path per segment, which made two SVG nodes of every uncertain event.
    WebGL bars are thick line segments, x values milliseconds since the epoch (typed arrays, a
    fraction of the size of date strings on the wire); SVG x values are readable ISO strings.
    Filled anchors (day, span) have no outline (one colour less to set per mark); hollow ones
    (uncertain dates) are their outline.
    """
    Scatter = _trace("scattergl" if gl else "scatter")
    traces = []
    groups = dict(tuple(m.groupby("color_key", sort=False)))
    legend = m.attrs.get("legend")
    keys = [k for k in (legend or []) if k in groups] + [k for k in groups if k not in (legend or [])]
    for key in keys:
        grp = groups[key]
        grp = grp.sort_values("kind", key=lambda k: k.map(_LEGEND_FIRST), kind="stable")  # legend shows a dot
        color = grp["color"].iloc[0]
        name = html.escape(_short(str(key), 30), quote=False)  # Plotly reads trace names as HTML-like markup
        for kind, width, opacity in (("interval", BAR_PX["interval"], 0.28), ("span", BAR_PX["span"], 0.9)):
            bars = grp[grp["kind"] == kind]
            if bars.empty:
                continue
            common = dict(
                opacity=opacity,
                hoverinfo="skip",
                showlegend=False,
                legendgroup=str(key),
                name=f"{name} ({kind})",
                meta={"role": f"{kind}-bars"},
            )
            if gl:
                gap = np.full(len(bars), np.nan)
                xs = np.column_stack([_x(bars, "x0", gl), _x(bars, "x1", gl), gap]).ravel().astype(np.float32)
                y = bars["y"].to_numpy(float)
                ys = np.column_stack([y, y, gap]).ravel().astype(np.float32)
                traces.append(
                    Scatter(
                        x=xs,
                        y=ys,
                        mode="lines",
                        connectgaps=False,
                        line=dict(color=color, width=width * look.marker_scale),
                        **common,
                    )
                )
                continue
            half = width * look.marker_scale / 2 / max(lane_px, 1.0)
            x0, x1, y = bars["x0"].to_numpy(), bars["x1"].to_numpy(), bars["y"].to_numpy(float)
            gap = np.full(len(bars), None)
            xs = np.column_stack([x0, x1, x1, x0, gap]).ravel()
            lo, hi = np.round(y - half, 4).astype(object), np.round(y + half, 4).astype(object)
            ys = np.column_stack([lo, lo, hi, hi, gap]).ravel()
            traces.append(
                Scatter(
                    x=xs,
                    y=ys.tolist(),
                    mode="none",
                    fill="toself",
                    fillcolor=color,
                    line=dict(width=0),
                    connectgaps=False,
                    **common,
                )
            )
        symbols = grp["kind"].map(SYMBOLS).to_numpy(dtype=np.int64)
        filled = (grp["kind"] != "interval").to_numpy()
        size = grp["size"].to_numpy(float) * look.marker_scale + np.where(filled, 2, 0)  # as with a 2 px outline
        traces.append(
            Scatter(
                x=_x(grp, "xm", gl),
                y=_nums(grp["y"], gl),
                mode="markers",
                name=name,
                legendgroup=str(key),
                showlegend=legend is None or bool(legend),
                marker=dict(
                    color=color,
                    size=_nums(size, gl, 1),
                    symbol=symbols.astype(np.int8) if gl else symbols.tolist(),
                    line=dict(color=color, width=_nums(np.where(filled, 0, 2), gl, 0)),
                    opacity=0.95,
                ),
                customdata=grp["event_id"].to_numpy(),
                text=grp["hover"].to_numpy(),
                hovertemplate="%{text}<extra></extra>",
                meta={"role": "anchors"},
            )
        )
    return traces


BAR_PX = {"interval": 11, "span": 6}  # bar thickness in pixels (times Look.marker_scale)
_LEGEND_FIRST = {"point": 0, "span": 1, "interval": 2}
SYMBOLS = {"point": 0, "interval": 100, "span": 2}  # plotly codes: circle, circle-open, diamond


def _trace(kind: str):
    """A trace as a plain dict of its properties (see ``_figure``)."""
    return lambda **props: dict(type=kind, **props)


def _x(frame: pd.DataFrame, col: str, gl: bool) -> np.ndarray:
    if not gl:
        return frame[col].to_numpy()
    t = np.asarray(frame[col].to_numpy(), dtype="datetime64[m]").astype("datetime64[ms]")
    return t.astype(np.int64).astype(np.float32)  # float32 keeps ~2 minutes at today's dates: enough for days


def _nums(values, gl: bool, decimals: int = 4):
    """Numbers for a trace: float32 arrays for WebGL (typed arrays on the wire); for SVG a plain list, rounded.

    plotly.py sends numpy arrays as typed arrays, and plotly.js counts a typed array that is a new
    object as changed data, whatever ``layout.datarevision`` says: Streamlit hands plotly.js a copy
    of each new figure right after drawing it, and typed arrays made that a second full draw.
    """
    a = np.asarray(values, dtype=float)
    return a.astype(np.float32) if gl else np.round(a, decimals).tolist()


_LAYERS = {
    "svg": lambda m, look, color_by, lane_px: _mark_traces(m, look, color_by, gl=False, lane_px=lane_px),
    "webgl": lambda m, look, color_by, lane_px: _mark_traces(m, look, color_by, gl=True),
}


def _key_traces(look: Look, undated: bool = False) -> list:
    """A second legend that says how to read the marks."""
    Scatter = _trace("scatter")
    common = dict(x=[None], y=[None], legend="legend2", hoverinfo="skip", showlegend=True)
    extra = (
        [
            Scatter(
                mode="markers",
                name="undated (strip at the right): no date in the text",
                marker=dict(
                    symbol=UNDATED_SYMBOL,
                    color=UNDATED_COLOR,
                    size=10 * look.marker_scale,
                    line=dict(width=1.5, color=UNDATED_COLOR),
                ),
                meta={"role": "key"},
                **common,
            )
        ]
        if undated
        else []
    )
    return [
        Scatter(
            mode="markers",
            name="exact day",
            marker=dict(color=GREY, size=10 * look.marker_scale),
            meta={"role": "key"},
            **common,
        ),
        Scatter(
            mode="lines+markers",
            name="date known only to a week, month or year",
            line=dict(color=GREY, width=11 * look.marker_scale),
            opacity=0.45,
            marker=dict(symbol="circle-open", color=GREY, size=10 * look.marker_scale, line=dict(width=2)),
            meta={"role": "key"},
            **common,
        ),
        Scatter(
            mode="lines+markers",
            name="lasted over the period",
            line=dict(color=GREY, width=6 * look.marker_scale),
            marker=dict(symbol="diamond", color=GREY, size=10 * look.marker_scale),
            meta={"role": "key"},
            **common,
        ),
    ] + extra


def _height(look: Look, n_lanes: int) -> int:
    return int(min(look.max_height, max(look.min_height, 150 + look.height_per_lane * n_lanes)))


def _margins(look: Look) -> tuple[int, int]:
    """Top and bottom margins: the legend above; two-line date ticks, then the key below (plotly adds the slider)."""
    if look.margins:
        return look.margins
    key_row = 1.8 * look.font_size + 8 if look.key_legend else 0
    if look.axis_top:  # the legend and two-line date ticks above; below, the key and the undated strip's title
        return int(2.6 * look.font_size + 2.2 * look.font_size + 16), int(key_row + 2.2 * look.font_size)
    return (50 if look.range_slider else 70), int(2.6 * look.font_size + 8 + key_row)


def _lane_px(look: Look, n_lanes: int, n_marks: int) -> float:
    """Pixels from one lane to the next in the chart ``_layout`` makes (the range slider takes its share)."""
    top, bottom = _margins(look)
    plot = _height(look, n_lanes) - top - bottom
    if look.range_slider and n_marks <= SLIDER_AT:
        plot *= 1 - 0.07 - 0.05  # the slider's thickness and its gap under the axis, about
    return plot / max(n_lanes, 1)


def _layout(
    fig: go.Figure, m: pd.DataFrame, lanes: list[str], look: Look, color_by: str, lane_by: str, window=(None, None)
) -> tuple[int, tuple[str, str], int]:
    """Axes, lanes, legends; returns how many marks are outside the initial view, that view, and the left margin."""
    asked = MIN_VIEW
    if window[0] is not None and window[1] is not None:  # a range asked for (a box drawn) is shown as asked
        asked = min(MIN_VIEW, max(np.timedelta64(window[1] - window[0], "D") + DAY, 3 * DAY))
    lo, hi, outside = focus_range(*clipped(m["t0"], m["t1"], window), min_view=asked)
    height = _height(look, len(lanes))
    shapes = [
        dict(
            type="rect",
            xref="paper",
            x0=0,
            x1=1,
            yref="y",
            y0=i - 0.5,
            y1=i + 0.5,
            fillcolor="rgba(0,0,0,0.035)",
            line=dict(width=0),
            layer="below",
        )
        for i in range(1, len(lanes), 2)
    ]
    slider = look.range_slider and len(m) <= SLIDER_AT
    xaxis = dict(
        type="date",
        range=[lo, hi],
        showgrid=True,
        gridcolor="#E6E6E6",
        title=None,
        rangeslider=dict(visible=slider, thickness=0.07, bgcolor="#FAFAFA"),
        side="top" if look.axis_top else "bottom",
    )
    # Margins that already hold the lane labels and the legend: when plotly has to widen them it draws
    # every mark twice (a third of the redraw at 2,000 marks). Longer labels still widen them (automargin).
    top, bottom = _margins(look)
    labels = [_short(lane, look.lane_label_chars) for lane in lanes]
    left = 14 + int(0.65 * look.font_size * max([len(t) for t in labels] or [1]))
    if outside:  # said in the key's row, so it never covers marks or ticks
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                marker=dict(size=0, opacity=0),
                name=f"· {outside} event{'s' if outside != 1 else ''} outside this view"
                + (SLIDER_HINT if slider else ZOOM_HINT if look.range_slider else ""),
                legend="legend2",
                hoverinfo="skip",
                meta={"role": "note"},
            )
        )
    fig.update_layout(
        template=TEMPLATE,
        colorway=list(COLORS),
        height=height,
        font=dict(size=look.font_size, family="Arial, Helvetica, sans-serif", color="#222"),
        margin=dict(l=left, r=10, t=top, b=bottom),
        showlegend=True,
        xaxis=xaxis,
        yaxis=dict(
            tickmode="array",
            tickvals=list(range(len(lanes))),
            ticktext=[html.escape(_short(lane, look.lane_label_chars), quote=False) for lane in lanes],
            range=[len(lanes) - 0.5, -0.5],
            showgrid=False,
            zeroline=False,
            fixedrange=True,
            title=None,
            ticks="",
            automargin=True,
        ),
        legend=dict(
            title=dict(text=COLOR_FIELDS[color_by] + " "),
            orientation="h",
            x=0,
            xanchor="left",
            font=dict(size=look.font_size),
            itemsizing="constant",
            **(dict(yref="container", y=1, yanchor="top") if look.axis_top else dict(yanchor="bottom", y=1.02)),
        ),
        legend2=dict(
            orientation="h",
            yref="container",
            yanchor="bottom",
            y=0,
            x=0,
            xanchor="left",
            font=dict(size=look.font_size - 2, color="#555"),
            itemclick=False,
            itemdoubleclick=False,
        ),
        shapes=shapes,
        hovermode="closest",
        dragmode="zoom",
        hoverlabel=dict(font=dict(size=look.font_size), align="left"),
        uirevision=f"{lane_by}/{color_by}",
    )
    return outside, (lo, hi), left


def placeholder() -> go.Figure:
    """A blank strip ten pixels high, shown while the store is read: the browser fetches and starts
    plotly.js (about a second) meanwhile, instead of after the chart's data has come."""
    fig = go.Figure()
    fig.update_layout(
        template=TEMPLATE,
        height=10,
        margin=dict(l=0, r=0, t=0, b=0),
        showlegend=False,
        xaxis=dict(visible=False),
        yaxis=dict(visible=False),
        meta={"role": "placeholder"},
    )
    return fig


def _empty_layout(fig: go.Figure, look: Look, message: str) -> None:
    fig.update_layout(
        template=TEMPLATE,
        colorway=list(COLORS),
        height=look.min_height,
        xaxis=dict(visible=False),
        yaxis=dict(visible=False),
        annotations=[
            dict(
                text=message,
                xref="paper",
                yref="paper",
                x=0.5,
                y=0.5,
                showarrow=False,
                font=dict(size=look.font_size + 4, color="#555"),
            )
        ],
    )


def clipped(x0, x1, window) -> tuple[np.ndarray, np.ndarray]:
    """Mark extents cut to the filters' dates (first day, last day; None for open)."""
    a = np.asarray(x0, dtype="datetime64[m]")
    b = np.asarray(x1, dtype="datetime64[m]")
    first, last = window
    if first is not None:
        lo = np.datetime64(first, "m")
        a, b = np.maximum(a, lo), np.maximum(b, lo)
    if last is not None:
        hi = np.datetime64(last, "m") + DAY
        a, b = np.minimum(a, hi), np.minimum(b, hi)
    return a, b


def focus_range(x0, x1, share: float = 0.6, min_view=MIN_VIEW) -> tuple[str, str, int]:
    """The initial x range: where most marks are, not an axis stretched by a few outliers or long spans.

    Returns (start, end, number of marks wholly outside). The marks' middles are sorted; the
    narrowest window holding ``share`` of them is the view when it is under a quarter of the full
    range (else everything is shown). The view then takes in the whole of each mark in the window
    not much longer than the window itself; longer spans run off its edges. The range slider (or a
    double click) still reaches everything.
    """
    a = np.asarray(x0, dtype="datetime64[m]")
    b = np.asarray(x1, dtype="datetime64[m]")
    order = np.argsort(a, kind="stable")
    a, b = a[order], b[order]
    full_lo, full_hi = a[0], b.max()
    lo, hi = full_lo, full_hi
    n = len(a)
    if n >= 5:
        mid = a + (b - a) / 2
        by_mid = np.argsort(mid, kind="stable")
        mid, a_m, b_m = mid[by_mid], a[by_mid], b[by_mid]
        k = max(2, int(np.ceil(share * n - 1e-9)))
        i = int(np.argmin(mid[k - 1 :] - mid[: n - k + 1]))
        w_lo, w_hi = mid[i], mid[i + k - 1]
        if (w_hi - w_lo) * 4 < (full_hi - full_lo):
            room = max(w_hi - w_lo, min_view)
            short = (b_m[i : i + k] - a_m[i : i + k]) <= room
            lo = min(w_lo, a_m[i : i + k][short].min()) if short.any() else w_lo
            hi = max(w_hi, b_m[i : i + k][short].max()) if short.any() else w_hi
    outside = int(((b < lo) | (a > hi)).sum())
    if hi - lo < min_view:  # a single day would show hours on the axis
        mid1 = lo + (hi - lo) / 2
        lo, hi = mid1 - min_view / 2, mid1 + min_view / 2
    pad = max((hi - lo) * 0.04, np.timedelta64(2 * 24 * 60, "m"))
    first, last = np.datetime64("0001-01-01T00:00", "m"), LAST + DAY
    return _iso1(max(lo - pad, first) if lo - first > pad else first), _iso1(min(hi, last - pad) + pad), outside


# ---- the undated strip ----------------------------------------------------------------------

UNDATED_SYMBOL = "circle-open-dot"
UNDATED_COLOR = "#7A7A7A"


def _undated_offsets(ev: pd.DataFrame) -> np.ndarray:
    """Rows of the undated strip within each lane: UNDATED_COLS rings a row, most corroborated first."""
    rank = _undated_rank(ev)
    rows = rank // UNDATED_COLS
    nrows = rows.groupby(ev["lane_i"].to_numpy()).transform("max").to_numpy() + 1
    rows = rows.to_numpy()
    step = np.minimum(0.8 / np.maximum(nrows, 1), 0.22)
    return (rows - (nrows - 1) / 2) * step


def _undated_rank(ev: pd.DataFrame) -> pd.Series:
    key = pd.DataFrame(
        {
            "lane": ev["lane_i"].to_numpy(),
            "n": -pd.to_numeric(ev["source_count"], errors="coerce").fillna(0).to_numpy(),
            "i": np.arange(len(ev)),
        }
    )
    key = key.sort_values(["lane", "n", "i"], kind="stable")
    rank = pd.Series(0, index=range(len(ev)))
    rank.iloc[key["i"].to_numpy()] = key.groupby("lane").cumcount().to_numpy()
    return rank


def _undated_x(ev: pd.DataFrame) -> np.ndarray:
    """x in the strip (0..1, not a date) for undated marks; NaN for dated ones."""
    out = np.full(len(ev), np.nan)
    und = (ev["kind"] == "undated").to_numpy()
    if und.any():
        rank = _undated_rank(ev.loc[und]).to_numpy()
        out[und] = ((rank % UNDATED_COLS) + 0.5) / UNDATED_COLS
    return out


def _undated_trace(u: pd.DataFrame, look: Look, gl: bool = False) -> dict:
    Scatter = _trace("scattergl" if gl else "scatter")
    return Scatter(
        x=_nums(u["ux"], gl),
        y=_nums(u["y"], gl),
        mode="markers",
        xaxis="x2",
        yaxis="y",
        name="undated",
        showlegend=False,
        marker=dict(
            symbol=UNDATED_SYMBOL,
            color=UNDATED_COLOR,  # small rings: a crowded strip stays in its lane
            size=_nums(np.minimum(u["size"].to_numpy(float) * 0.8, 14) * look.marker_scale, gl, 1),
            line=dict(width=1.5, color=UNDATED_COLOR),
            opacity=0.9,
        ),
        customdata=u["event_id"].to_numpy(),
        text=u["hover"].to_numpy(),
        hovertemplate="%{text}<extra></extra>",
        meta={"role": "undated"},
    )


def _undated_layout(fig: go.Figure, lanes: list[str], look: Look, n_drawn: int, n_undated: int) -> None:
    """The strip: its own x axis (0..1, no dates, no ticks), a dashed frame, and its title."""
    title = "undated" + (f" ({n_drawn:,} of {n_undated:,})" if n_undated > n_drawn else "")
    strip.axis(fig, UNDATED_DOMAIN, look.font_size, title)
    fig.add_shape(
        type="rect",
        xref="x2 domain",
        yref="paper",
        x0=0,
        x1=1,
        y0=0,
        y1=1,
        layer="below",
        fillcolor="rgba(120,120,120,0.06)",
        line=dict(color="#B0B0B0", width=1, dash="dot"),
    )


# ---- export ---------------------------------------------------------------------------------

SLIDE = dict(width=1920, height=1080, scale=2)
NOTE_CHARS = 170  # the slide's source note is wrapped at about this many characters a line


def for_export(
    fig: go.Figure,
    *,
    title: str,
    subtitle: str,
    as_of: str,
    source_note: str,
    width: int = SLIDE["width"],
    height: int = SLIDE["height"],
) -> go.Figure:
    """A copy of a timeline dressed for a slide: title, a filter line, "as of" and a source note.

    Also of a figure made ready for the browser (``wire.figure``): the template is set again."""
    out = go.Figure(fig)
    out.update_layout(
        template=TEMPLATE,
        colorway=list(COLORS),
        width=width,
        height=height,
        font=dict(size=20, family="Arial, Helvetica, sans-serif", color="#222"),
        title=dict(
            text=f"<b>{html.escape(title, quote=False)}</b><br><span style='font-size:18px;color:#555'>"
            f"{html.escape(_short(subtitle, 150), quote=False)}</span>",
            x=0.02,
            xanchor="left",
            y=0.97,
        ),
        margin=dict(l=30, r=40, t=170, b=150),
        legend=dict(y=1.01, font=dict(size=18)),
        legend2=dict(yref="container", y=0.075, font=dict(size=16)),
        hoverlabel=None,
    )
    out.update_xaxes(rangeslider=dict(visible=False), rangeselector=dict(visible=False))
    out.add_annotation(
        xref="paper",
        yref="paper",
        x=0,
        y=-0.17,
        xanchor="left",
        yanchor="top",
        showarrow=False,
        align="left",
        font=dict(size=16, color="#555"),
        text="<br>".join(
            html.escape(line, quote=False) for line in labels_mod.wrap(f"As of {as_of}. {source_note}", NOTE_CHARS, 2)
        ),
    )
    for a in out.layout.annotations:  # the undated strip's title, readable on a slide
        if a.name == "undated-title":
            a.font.size = 17
    if "xaxis2" in out.layout and out.layout["xaxis2"].domain is not None:
        out.update_layout(xaxis2_title_font_size=15)
    n_lanes = len(fig.layout.yaxis.tickvals or ())
    out.update_yaxes(tickfont=dict(size=18 if n_lanes <= 10 else 16))
    for t in out.data:
        if wire.meta(t.meta).get("role") == "note":
            t.name = t.name.replace(SLIDER_HINT, "").replace(ZOOM_HINT, "")
    for t in out.data:  # marks a little larger on a slide than on a laptop
        role = wire.meta(t.meta).get("role", "")
        if role in ("anchors", "undated") and t.type != "heatmap" and t.marker.size is not None:
            t.marker.size = np.asarray(t.marker.size, dtype=float) * 1.4
        elif role.endswith("-bars") and t.line.width:
            t.line.width = t.line.width * 1.4
    return out


def toolbar_config(filename: str) -> dict:
    """The Plotly toolbar's own download: same name and slide size as the server-side export."""
    return {
        "displaylogo": False,
        "scrollZoom": True,
        "toImageButtonOptions": {"format": "png", "filename": filename, **SLIDE},
    }


# ---- helpers --------------------------------------------------------------------------------


def _check_field(name: str, allowed: dict, what: str) -> None:
    if name not in allowed:
        raise ValueError(f"{what}={name!r} is not a field that can be used; expected one of {list(allowed)}")


def _dates(s: pd.Series) -> pd.Series:
    return pd.to_datetime(s.astype(str).str.slice(0, 10), format="%Y-%m-%d", errors="coerce")


def _iso(values, blank=None) -> np.ndarray:
    out = np.datetime_as_string(np.asarray(values, dtype="datetime64[m]"), unit="m")
    if blank is not None and np.any(blank):
        out = np.where(blank, "", out)
    return out


def _iso1(value) -> str:
    return str(np.datetime_as_string(np.datetime64(value, "m"), unit="m"))


def _labels(s: pd.Series) -> pd.Series:
    s = s.fillna("").astype(str)
    return s.where(s != "", NONE)


def _first_values(s: pd.Series) -> pd.Series:
    return s.map(lambda v: str(v[0]) if isinstance(v, (list, tuple, np.ndarray)) and len(v) and str(v[0]) else NONE)


def _size(source_count: pd.Series) -> pd.Series:
    n = pd.to_numeric(source_count, errors="coerce").fillna(1).clip(lower=1, upper=64)
    return (8 + 6 * np.log2(n)).round(1)


def _short(text: str, n: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def date_label(start: str, end: str, precision: str, date_text: str = "") -> str:
    """How a date reads in hover and tables: "2025-10-31" or "2025-10-01 – 2025-10-31 (month)"."""
    if not start:
        return "undated"
    label = start if (precision == "day" and (not end or end == start)) else f"{start} – {end or start}"
    if precision and not (precision == "day" and label == start):
        label += f" ({precision})"
    if date_text:
        label += f', "{_short(date_text, 40)}"'
    return label


def _hover(ev: pd.DataFrame) -> pd.Series:
    """Hover text: title, date text, precision, status, sources; article text escaped (shown as text)."""
    title = _esc(_clip(ev["title"], 90))
    start, end = ev["date_start"].astype(str).str.slice(0, 10), ev["date_end"].astype(str).str.slice(0, 10)
    precision = ev["precision"].fillna("").astype(str)
    exact = (precision == "day") & ((end == "") | (end == start))
    dates = start.where(exact, start + " – " + end.where(end != "", start) + " (" + precision + ")")
    undated = (ev["kind"] == "undated") if "kind" in ev else pd.Series(False, index=ev.index)
    if "date_text" in ev:
        text = _clip(ev["date_text"], 40)
        dates = dates + (", “" + text + "”").where(text != "", "")
    kind = ev["kind"].map(
        {"point": "", "interval": " · date uncertain", "span": " · lasted over the period", "undated": ""}
    )
    src_col = "outlets" if "outlets" in ev else "sources"
    status, count = _esc(_clip(ev["status"], 20)), ev["source_count"].astype(str)
    dates = dates.where(~undated, "undated: no date in the text")
    if len(ev) > WEBGL_AT:  # shorter on the wire; the detail panel has the rest
        return "<b>" + title + "</b><br>" + _esc(dates) + "<br>" + status + " · " + count + " source(s)"
    sources = ": " + _esc(ev[src_col].map(_list_label))
    return (
        "<b>"
        + title
        + "</b><br>"
        + _esc(dates)
        + kind.fillna("")
        + "<br>precision: "
        + _esc(precision)
        + " · status: "
        + status
        + "<br>"
        + count
        + " source(s)"
        + sources
    )


def _clip(s: pd.Series, n: int) -> pd.Series:
    s = s.fillna("").astype(str).str.replace(r"\s+", " ", regex=True).str.strip()
    long = s.str.len() > n
    return s.where(~long, s.str.slice(0, n - 1).str.rstrip() + "…")


def _esc(s: pd.Series) -> pd.Series:
    return (
        s.astype(str)
        .str.replace("&", "&amp;", regex=False)
        .str.replace("<", "&lt;", regex=False)
        .str.replace(">", "&gt;", regex=False)
    )


def _list_label(v, n: int = 4) -> str:
    items = [str(x) for x in v] if isinstance(v, (list, tuple, np.ndarray)) else []
    text = ", ".join(_short(x, 30) for x in items[:n])
    return text + (f" and {len(items) - n} more" if len(items) > n else "")


def _offsets(ev: pd.DataFrame) -> np.ndarray:
    """Vertical offsets within a lane so overlapping marks do not hide each other."""
    n = len(ev)
    if n > PACK_AT:
        rows = pd.util.hash_pandas_object(ev["event_id"].astype(str), index=False).to_numpy() % MAX_ROWS
        nrows = np.full(n, MAX_ROWS)
    else:
        x0 = ev["_x0"].to_numpy().astype("datetime64[m]").astype(np.int64)
        x1 = ev["_x1"].to_numpy().astype("datetime64[m]").astype(np.int64)
        span = max(int(x1.max() - x0.min()), 1)
        pad = span * 0.03
        lane = ev["lane_i"].to_numpy()
        order = np.lexsort((x0, lane))
        rows = np.zeros(n, dtype=int)
        ends: dict[int, list[float]] = {}
        for i in order:
            row_ends = ends.setdefault(int(lane[i]), [])
            free = [r for r, e in enumerate(row_ends) if e + pad <= x0[i]]
            if free:
                r = free[0]
            elif len(row_ends) < MAX_ROWS:
                r = len(row_ends)
                row_ends.append(0)
            else:
                r = int(np.argmin(row_ends))
            row_ends[r] = max(row_ends[r], x1[i])
            rows[i] = r
        per_lane = {k: len(v) for k, v in ends.items()}
        nrows = np.array([per_lane[int(k)] for k in lane])
    step = np.minimum(0.7 / np.maximum(nrows, 1), 0.22)
    return (rows - (nrows - 1) / 2) * step
