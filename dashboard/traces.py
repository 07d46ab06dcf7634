"""Plotly traces of the marks: bars for uncertain dates and spans, anchors (the markers that hover and
are clicked), the undated rings, and the key that says how to read them.

Traces are plain dicts with a ``type`` (``figure_of`` takes them without plotly.py's per-value
checks; the tests check every kind against the schema). SVG up to ``WEBGL_AT`` marks, WebGL past it
(``LAYERS``).
"""

from __future__ import annotations

import html

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.hover import short
from dashboard.style import BAR_PX, GREY, REPORTED_ARROW_PX, SYMBOLS, UNDATED_COLOR, UNDATED_SYMBOL, Look


def figure_of(traces: list[dict]) -> go.Figure:
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
    traces = []
    groups = dict(tuple(m.groupby("color_key", sort=False)))
    legend = m.attrs.get("legend")
    keys = [k for k in (legend or []) if k in groups] + [k for k in groups if k not in (legend or [])]
    for key in keys:
        grp = groups[key]
        grp = grp.sort_values("kind", key=lambda k: k.map(_LEGEND_FIRST), kind="stable")  # legend shows a dot
        color = grp["color"].iloc[0]
        name = html.escape(short(str(key), 30), quote=False)  # Plotly reads trace names as HTML-like markup
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
            width *= look.marker_scale
            traces.append(
                _gl_bars(bars, color, width, common) if gl else _svg_bars(bars, color, width, lane_px, common)
            )
        traces.append(_anchors(grp, look, gl, key, name, color, show=legend is None or bool(legend)))
    return traces


def _gl_bars(bars: pd.DataFrame, color: str, width: float, common: dict) -> dict:
    """WebGL bars: thick line segments, x in milliseconds since the epoch (float32)."""
    gap = np.full(len(bars), np.nan)
    xs = np.column_stack([_x(bars, "x0", True), _x(bars, "x1", True), gap]).ravel().astype(np.float32)
    y = bars["y"].to_numpy(float)
    ys = np.column_stack([y, y, gap]).ravel().astype(np.float32)
    return _trace("scattergl")(
        x=xs, y=ys, mode="lines", connectgaps=False, line=dict(color=color, width=width), **common
    )


def _svg_bars(bars: pd.DataFrame, color: str, width: float, lane_px: float, common: dict) -> dict:
    """SVG bars: rectangles filled in one path (``width`` pixels thick; ``lane_px`` pixels a lane)."""
    half = width / 2 / max(lane_px, 1.0)
    x0, x1, y = bars["x0"].to_numpy(), bars["x1"].to_numpy(), bars["y"].to_numpy(float)
    gap = np.full(len(bars), None)
    xs = np.column_stack([x0, x1, x1, x0, gap]).ravel()
    lo, hi = np.round(y - half, 4).astype(object), np.round(y + half, 4).astype(object)
    ys = np.column_stack([lo, lo, hi, hi, gap]).ravel()
    return _trace("scatter")(
        x=xs,
        y=ys.tolist(),
        mode="none",
        fill="toself",
        fillcolor=color,
        line=dict(width=0),
        connectgaps=False,
        **common,
    )


def _anchors(grp: pd.DataFrame, look: Look, gl: bool, key, name: str, color: str, show: bool) -> dict:
    """One marker per mark of a colour: the trace that hovers, is clicked and names the colour in the legend."""
    symbols = grp["kind"].map(SYMBOLS).to_numpy(dtype=np.int64)
    filled = ~grp["kind"].isin(["interval", "reported"]).to_numpy()
    size = grp["size"].to_numpy(float) * look.marker_scale + np.where(filled, 2, 0)  # as with a 2 px outline
    return _trace("scattergl" if gl else "scatter")(
        x=_x(grp, "xm", gl),
        y=_nums(grp["y"], gl),
        mode="markers",
        name=name,
        legendgroup=str(key),
        showlegend=show,
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


_LEGEND_FIRST = {"point": 0, "span": 1, "interval": 2}


def _trace(kind: str):
    """A trace as a plain dict of its properties (see ``figure_of``)."""
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


LAYERS = {
    "svg": lambda m, look, color_by, lane_px: _mark_traces(m, look, color_by, gl=False, lane_px=lane_px),
    "webgl": lambda m, look, color_by, lane_px: _mark_traces(m, look, color_by, gl=True),
}


def reported_arrows(fig: go.Figure, m: pd.DataFrame, look: Look) -> None:
    """For each undated event placed at its report date (``kind`` ``reported``): an arrow pointing left
    from its hollow mark, "on or before this day" (annotations named "reported-arrow", a fixed length in
    pixels whatever the zoom, so it never reads as an interval of dates)."""
    rep = m[m["kind"] == "reported"] if len(m) else m
    if rep.empty:
        return
    length = REPORTED_ARROW_PX * look.marker_scale
    notes = []
    for _, r in rep.iterrows():
        radius = float(r["size"]) * look.marker_scale / 2 + 1
        notes.append(
            dict(
                x=r["xm"],
                y=round(float(r["y"]), 4),
                xref="x",
                yref="y",
                text="",
                showarrow=True,
                ax=length,
                ay=0,
                axref="pixel",
                ayref="pixel",
                xshift=-(radius + length),
                arrowhead=2,
                arrowsize=1.2,
                arrowwidth=2,
                arrowcolor=r["color"],
                name="reported-arrow",
                captureevents=False,
            )
        )
    fig.layout._validate = False  # this module's own, checked against the schema by the tests
    fig.layout.annotations = [a.to_plotly_json() for a in fig.layout.annotations] + notes
    fig.layout._validate = True


REPORTED_KEY = "← reported by that day: no date of its own (on or before)"


def key_traces(look: Look, undated: bool = False, reported: bool = False) -> list:
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
    if reported:
        extra.insert(
            0,
            Scatter(
                mode="markers",
                name=REPORTED_KEY,
                marker=dict(symbol="circle-open", color=GREY, size=10 * look.marker_scale, line=dict(width=2)),
                meta={"role": "key"},
                **common,
            ),
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


def undated_trace(u: pd.DataFrame, look: Look, gl: bool = False) -> dict:
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
