"""The chart's layout: the x range first shown (``focus_range``: where most marks are, not an axis
stretched by a few outliers or one long span), lanes as y ticks, legends, margins that already
hold the labels, the undated strip's axis, and the message of an empty chart.
"""

from __future__ import annotations

import html

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard import strip
from dashboard.hover import short
from dashboard.style import (
    COLOR_FIELDS,
    COLORS,
    DAY,
    LAST,
    MIN_VIEW,
    SLIDER_AT,
    SLIDER_HINT,
    TEMPLATE,
    UNDATED_DOMAIN,
    ZOOM_HINT,
    Look,
)


def _height(look: Look, n_lanes: int) -> int:
    return int(min(look.max_height, max(look.min_height, 150 + look.height_per_lane * n_lanes)))


def margins(look: Look) -> tuple[int, int]:
    """Top and bottom margins: the legend above; two-line date ticks, then the key below (plotly adds the slider)."""
    if look.margins:
        return look.margins
    key_row = 1.8 * look.font_size + 8 if look.key_legend else 0
    if look.axis_top:  # the legend and two-line date ticks above; below, the key and the undated strip's title
        return int(2.6 * look.font_size + 2.2 * look.font_size + 16), int(key_row + 2.2 * look.font_size)
    return (50 if look.range_slider else 70), int(2.6 * look.font_size + 8 + key_row)


def lane_px(look: Look, n_lanes: int, n_marks: int) -> float:
    """Pixels from one lane to the next in the chart ``arrange`` makes (the range slider takes its share)."""
    top, bottom = margins(look)
    plot = _height(look, n_lanes) - top - bottom
    if look.range_slider and n_marks <= SLIDER_AT:
        plot *= 1 - 0.07 - 0.05  # the slider's thickness and its gap under the axis, about
    return plot / max(n_lanes, 1)


def arrange(
    fig: go.Figure,
    m: pd.DataFrame,
    lanes: list[str],
    look: Look,
    color_by: str,
    lane_by: str,
    window=(None, None),
    view=None,
) -> tuple[int, tuple[str, str], int]:
    """Axes, lanes, legends; returns how many marks are outside the initial view, that view, and the left
    margin. ``view`` (first, last day): the initial view as given, else ``focus_range``'s."""
    asked = MIN_VIEW
    if window[0] is not None and window[1] is not None:  # a range asked for (a box drawn) is shown as asked
        asked = min(MIN_VIEW, max(np.timedelta64(window[1] - window[0], "D") + DAY, 3 * DAY))
    if view is not None:
        lo, hi, outside = fixed_range(m["t0"], m["t1"], view)
    else:
        lo, hi, outside = focus_range(*clipped(m["t0"], m["t1"], window), min_view=asked)
    slider = look.range_slider and len(m) <= SLIDER_AT
    # Margins that already hold the lane labels and the legend: when plotly has to widen them it draws
    # every mark twice (a third of the redraw at 2,000 marks). Longer labels still widen them (automargin).
    top, bottom = margins(look)
    names = [short(lane, look.lane_label_chars) for lane in lanes]
    left = 14 + int(0.65 * look.font_size * max([len(t) for t in names] or [1]))
    if outside:  # said in the key's row, so it never covers marks or ticks
        fig.add_trace(_outside_note(outside, slider, look))
    fig.update_layout(
        template=TEMPLATE,
        colorway=list(COLORS),
        height=_height(look, len(lanes)),
        font=dict(size=look.font_size, family="Arial, Helvetica, sans-serif", color="#222"),
        margin=dict(l=left, r=10, t=top, b=bottom),
        showlegend=True,
        xaxis=dict(
            type="date",
            range=[lo, hi],
            showgrid=True,
            gridcolor="#E6E6E6",
            title=None,
            rangeslider=dict(visible=slider, thickness=0.07, bgcolor="#FAFAFA"),
            side="top" if look.axis_top else "bottom",
        ),
        yaxis=_lane_axis(lanes, look),
        **legends(look, color_by),
        shapes=bands(len(lanes)),
        hovermode="closest",
        dragmode="zoom",
        hoverlabel=dict(font=dict(size=look.font_size), align="left"),
        uirevision=f"{lane_by}/{color_by}",
    )
    return outside, (lo, hi), left


def _outside_note(outside: int, slider: bool, look: Look) -> go.Scatter:
    """A legend entry (in the key's row) saying how many marks lie outside the initial view."""
    return go.Scatter(
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


def _lane_axis(lanes: list[str], look: Look) -> dict:
    """The y axis: one tick per lane, labelled with the lane's (escaped, shortened) name, first lane on top."""
    return dict(
        tickmode="array",
        tickvals=list(range(len(lanes))),
        ticktext=[html.escape(short(lane, look.lane_label_chars), quote=False) for lane in lanes],
        range=[len(lanes) - 0.5, -0.5],
        showgrid=False,
        zeroline=False,
        fixedrange=True,
        title=None,
        ticks="",
        automargin=True,
    )


def legends(look: Look, color_by: str) -> dict:
    """The colours' legend above the chart and the key (how to read the marks) below it."""
    return dict(
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
    )


def bands(n_rows: int) -> list[dict]:
    """A light band behind every other lane or row, so the eye follows it across."""
    return [
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
        for i in range(1, n_rows, 2)
    ]


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


def empty(fig: go.Figure, look: Look, message: str) -> None:
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


def fixed_range(x0, x1, view) -> tuple[str, str, int]:
    """The initial x range ``view`` (first, last day, both shown whole) and how many marks lie wholly outside it."""
    lo = np.datetime64(view[0], "m")
    hi = np.datetime64(view[1], "m") + DAY
    a = np.asarray(x0, dtype="datetime64[m]")
    b = np.asarray(x1, dtype="datetime64[m]")
    return _iso1(lo), _iso1(hi), int(((b < lo) | (a > hi)).sum())


def _iso1(value) -> str:
    return str(np.datetime_as_string(np.datetime64(value, "m"), unit="m"))


def undated_strip(fig: go.Figure, lanes: list[str], look: Look, n_drawn: int, n_undated: int) -> None:
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
