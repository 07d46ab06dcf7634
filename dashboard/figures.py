"""The timeline figure: a plain function from an events table to a ``go.Figure`` (no Streamlit here).

``timeline`` puts together the marks (``dashboard.marks``), their traces (``dashboard.traces``),
the layout (``dashboard.layout``) and the titles written on the chart (``dashboard.labels``):

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
named "label"; their ids are in ``fig.layout.meta["labels"]``); the rest are marks with hover
text. The initial view is where most marks are; the key says how many marks are outside it. The
range slider under the axis is shown up to ``SLIDER_AT`` dated marks (it draws each mark a second
time); past that, double-clicking the chart shows everything.

Level of detail: ``detail_level(n)`` picks SVG for a few events, WebGL (``go.Scattergl``) past
``WEBGL_AT``; past ``lod.MAX_POINTS`` the page draws a density instead (``dashboard.chart``).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.labels import annotate
from dashboard.layout import arrange, empty, lane_px, undated_strip
from dashboard.marks import kinds, marks
from dashboard.style import ANALYST, MAX_UNDATED, WEBGL_AT, Look
from dashboard.traces import LAYERS, figure_of, key_traces, reported_arrows, undated_trace


def detail_level(n_marks: int) -> str:
    """How to draw ``n_marks`` marks: ``"svg"`` or ``"webgl"`` (a ``"density"`` level is planned)."""
    return "svg" if n_marks <= WEBGL_AT else "webgl"


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
    view: tuple[dt.date, dt.date] | None = None,
) -> go.Figure:
    """The timeline of ``events`` as a Plotly figure (see the module docstring for what is drawn).

    ``n_undated``: how many undated events pass the filters, when ``events`` holds only some of
    them (a caller at scale passes the dated rows and the first undated ones). ``window``: the dates
    the filters ask for (first, last day; None for open): the initial view stays inside them, however
    far the spans that overlap them reach. ``view`` (first, last day): the dates shown first, exactly
    (the brief's key dates from first to last), instead of where most marks are.
    """
    k = kinds(events) if len(events) else pd.Series([], dtype=object)
    is_undated = (k == "undated").to_numpy()
    n_undated = int(is_undated.sum()) if n_undated is None else int(n_undated)
    if undated and is_undated.sum() > max_undated:
        events = _most_corroborated_undated(events, is_undated, max_undated)
    m_all = marks(events, lane_by, color_by, color_order, max_lanes=look.max_lanes, undated=undated)
    u = m_all.loc[m_all["kind"] == "undated"] if len(m_all) else m_all
    m = m_all.loc[m_all["kind"] != "undated"] if len(m_all) else m_all
    m.attrs = dict(m_all.attrs)
    level = level or detail_level(len(m))
    if level not in LAYERS:
        raise ValueError(f"Unknown detail level {level!r}; expected one of {list(LAYERS)}")
    lanes = m.attrs.get("lanes", [])
    meta = {"n_events": 0, "n_marks": 0, "n_undated": n_undated, "n_undated_drawn": 0, "level": level, "n_reported": 0}
    meta.update(lanes=lanes, n_outside_view=0, labels=[])
    if m.empty:
        fig = go.Figure()
        empty(fig, look, "Only undated events match the filters" if n_undated else "No events match the filters")
    else:
        traces = LAYERS[level](m, look, color_by, lane_px(look, len(lanes), len(m)))
        if len(u):
            traces.append(undated_trace(u, look, gl=level == "webgl"))
        reported = bool((m["kind"] == "reported").any())
        fig = figure_of(traces + (key_traces(look, undated=len(u) > 0, reported=reported) if look.key_legend else []))
        outside, shown, left = arrange(fig, m, lanes, look, color_by, lane_by, window, view)
        n_drawn = int(u["event_id"].nunique()) if len(u) else 0
        if len(u):
            undated_strip(fig, lanes, look, n_drawn=n_drawn, n_undated=n_undated)
        labelled = annotate(fig, m, events, lanes, look, shown, left, strip=len(u) > 0)
        reported_arrows(fig, m, look)
        meta.update(n_events=int(m["event_id"].nunique()), n_marks=int(len(m)), n_undated_drawn=n_drawn)
        meta.update(n_outside_view=outside, labels=labelled, n_reported=int((m["kind"] == "reported").sum()))
    fig.update_layout(meta=meta)
    return fig


def _most_corroborated_undated(events: pd.DataFrame, is_undated: np.ndarray, n: int) -> pd.DataFrame:
    """The dated events, then the ``n`` most corroborated undated ones."""
    und = events.loc[is_undated]
    order = np.argsort(-pd.to_numeric(und["source_count"], errors="coerce").fillna(0).to_numpy(), kind="stable")
    return pd.concat([events.loc[~is_undated], und.iloc[order[:n]]])
