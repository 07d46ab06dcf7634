"""The summary drawn one happening a row: the brief's and the slide's chart of the story's key happenings.

Plain functions, no Streamlit. Each happening has a row of its own, in date order from the top; its
date is written at the left (the story's key dates in bold), its mark stands at its date on the shared
axis (a dot for a day, a light bar for a week or a month, a hollow mark with an arrow pointing left for an
undated event placed at its report date), and its title is written beside the mark on the side with
room, on one line, in the look's label type (24 px on the wall). So every title is legible, no two are
ever stacked, and a row's title never meets another's. The marks are ``dashboard.marks``' and their
traces ``dashboard.traces``', as on the analyst's chart; lanes give way to rows (colour still says
the ``color_by`` field).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard import labels, layout, marks, traces
from dashboard.hover import short
from dashboard.labels import CHAR_EM, PAD
from dashboard.style import COLORS, LABEL_BG, REPORTED_ARROW_PX, TEMPLATE, Look
from events.output import dates, summary

ROW_EM = 1.45  # a row's height, in label font sizes: one line of title and a little air
# A title's width per character, in font sizes: the 99th percentile of 1,480 event titles (the seeds and a
# Timeline17 story) measured in Liberation Sans, the face headless Chromium draws Arial with, is 0.51 (the
# median 0.45). One line holds a row's title, so it is cut to the room this width allows.
TITLE_EM = 0.52
MIN_TITLE_CHARS = 16  # a title is never cut to fewer characters than this (it may run past the plot's edge)


def figure(
    shown: pd.DataFrame,
    *,
    look: Look,
    color_by: str = "status",
    color_order: list[str] | None = None,
    window: tuple[dt.date, dt.date] | None = None,
) -> go.Figure:
    """The rows of ``shown`` (the summary, ``summary.select``; an undated event placed at its report date
    carries ``reported_by``), one a row in date order, over ``window`` (first, last day; else their own
    dates). ``fig.layout.meta``: ``layout`` "rows", the events, the labelled ids (all of them)."""
    rows = drawn(shown).reset_index(drop=True)
    n = len(rows)
    meta = {"layout": "rows", "level": "svg", "n_events": n, "n_marks": n, "n_undated": 0, "n_undated_drawn": 0}
    meta.update(n_reported=int(summary.is_reported(rows).sum()), lanes=[], n_outside_view=0, labels=[])
    if not n:
        fig = go.Figure()
        layout.empty(fig, look, "No key happenings match the filters")
        fig.update_layout(meta=meta)
        return fig
    other = "category" if color_by == "status" else "status"  # marks() wants lanes: any field but the colour's
    m = marks.marks(rows, other, color_by, color_order, max_lanes=10**6)
    order = {e: i for i, e in enumerate(rows["event_id"].astype(str))}
    m["y"] = m["event_id"].map(order).astype(float)
    m = m.sort_values("y", kind="stable").reset_index(drop=True)
    row_px = ROW_EM * look.label_font
    ticks = [_row_date(r) for _, r in rows.iterrows()]
    left = 14 + int(CHAR_EM * 1.08 * _tick_font(look) * max(len(t) for t in ticks))
    top, bottom = _margins(look)
    lo, hi = _view(window, m)
    trace_list = traces.LAYERS["svg"](m, look, color_by, row_px)
    if look.key_legend:
        trace_list += traces.key_traces(look, reported=bool(meta["n_reported"]))
    fig = traces.figure_of(trace_list)
    fig.update_layout(
        template=TEMPLATE,
        colorway=list(COLORS),
        height=int(top + bottom + row_px * n),
        font=dict(size=look.font_size, family="Arial, Helvetica, sans-serif", color="#222"),
        margin=dict(l=left, r=10, t=top, b=bottom),
        showlegend=True,
        xaxis=dict(type="date", range=[lo, hi], showgrid=True, gridcolor="#E6E6E6", title=None, side="top"),
        yaxis=dict(
            tickmode="array",
            tickvals=list(range(n)),
            ticktext=[
                f"<b>{html.escape(t, quote=False)}</b>" if why == "key date" else html.escape(t, quote=False)
                for t, why in zip(ticks, rows.get("why", pd.Series("", index=rows.index)))
            ],
            tickfont=dict(size=_tick_font(look)),
            range=[n - 0.5, -0.5],
            showgrid=False,
            zeroline=False,
            fixedrange=True,
            ticks="",
            automargin=True,
        ),
        **layout.legends(dataclasses.replace(look, axis_top=True), color_by),  # the dates' axis is on top
        shapes=layout.bands(n),  # a row's date and title read across
        hovermode="closest",
        dragmode="zoom",
        hoverlabel=dict(font=dict(size=look.font_size), align="left"),
    )
    width = look.width - left - 10
    notes = [_title(r, m.iloc[i], (lo, hi), width, look) for i, (_, r) in enumerate(rows.iterrows())]
    fig.layout._validate = False  # this module's own annotations, checked against the schema by the tests
    fig.layout.annotations = [a.to_plotly_json() for a in fig.layout.annotations] + notes
    fig.layout._validate = True
    traces.reported_arrows(fig, m, look)
    t0, t1 = np.asarray(m["t0"], "datetime64[m]"), np.asarray(m["t1"], "datetime64[m]")
    outside = int(((t1 < np.datetime64(lo)) | (t0 > np.datetime64(hi))).sum())
    meta.update(labels=rows["event_id"].astype(str).tolist(), n_outside_view=outside)
    fig.update_layout(meta=meta)
    return fig


def drawn(shown: pd.DataFrame) -> pd.DataFrame:
    """The summary's rows as a timeline draws them, in date order: an undated event placed at its report
    date has that day as its date (``marks.kinds`` reads it as ``reported``: "on or before", never as
    known); an undated event not placed is left out."""
    rep = summary.is_reported(shown)
    out = shown.copy()
    if rep.any():
        day = out.loc[rep, "reported_by"].map(dt.date.fromisoformat)
        for col in ("date_start", "date_end"):
            out[col] = out[col].astype(object)
            out.loc[rep, col] = day
        out.loc[rep, "precision"] = out.loc[rep, "reported_precision"].where(
            out.loc[rep, "reported_precision"] != "", "day"
        )
    start = dates.as_timestamps(out["date_start"])
    return (
        out.loc[start.notna().to_numpy()]
        .assign(_t=start)
        .sort_values(["_t", "event_id"], kind="stable")
        .drop(columns="_t")
    )


def _row_date(r) -> str:
    """A row's date as its axis says it: the day, the week, month, quarter or year it is known to, a span's
    first and last day, or "reported by" the day an undated event was first reported."""
    if str(r.get("reported_by") or ""):
        return summary.reported_label(r)
    start, end = dates.to_date(r["date_start"]), dates.to_date(r["date_end"])
    precision = str(r.get("precision") or "")
    if bool(r.get("is_span")) and end is not None and end != start:
        return f"{start.isoformat()} – {end.isoformat()}"
    if precision == "week":
        return f"week of {start.isoformat()}"
    if precision == "month":
        return start.strftime("%Y-%m")
    if precision == "quarter":
        return f"{start.year} Q{(start.month - 1) // 3 + 1}"
    if precision == "year":
        return str(start.year)
    if precision == "decade":
        return f"{start.year}s"
    return start.isoformat()


def _tick_font(look: Look) -> int:
    return max(look.font_size, look.label_font - 2)


def _margins(look: Look) -> tuple[int, int]:
    """Top: the colours' legend and the dates' two-line ticks; bottom: the key's row (on a slide)."""
    if look.margins:
        return look.margins
    top = int(2.6 * look.font_size + 2.2 * look.font_size + 16)
    return top, int(1.8 * look.font_size + 16) if look.key_legend else 12


def _view(window, m: pd.DataFrame) -> tuple[str, str]:
    """The x range: ``window`` (both days whole), else the marks' own extent with a little room."""
    if window is not None:
        lo, hi = np.datetime64(window[0], "m"), np.datetime64(window[1], "m") + np.timedelta64(1, "D")
    else:
        lo, hi = np.asarray(m["t0"], "datetime64[m]").min(), np.asarray(m["t1"], "datetime64[m]").max()
        pad = max((hi - lo) * 0.05, np.timedelta64(3, "D"))
        lo, hi = lo - pad, hi + pad
    return str(np.datetime_as_string(lo, unit="m")), str(np.datetime_as_string(hi, unit="m"))


def _title(r, mark, view: tuple[str, str], width: float, look: Look) -> dict:
    """The row's title beside its mark, on the side with more room (the right when it fits there), cut
    with "…" to the room it has (never below ``MIN_TITLE_CHARS``)."""
    lo, hi = (np.datetime64(v, "m").astype(np.int64) for v in view)

    def px(t) -> float:
        return float((np.datetime64(t, "m").astype(np.int64) - lo) / max(hi - lo, 1) * width)

    radius = float(mark["size"]) * look.marker_scale / 2 + 1
    point = mark["kind"] in ("point", "reported")
    x_right = px(mark["xm"]) if point else px(mark["t1"])
    x_left = px(mark["xm"]) if point else px(mark["t0"])
    gap_right = radius + 6 if point else 6
    gap_left = gap_right + (REPORTED_ARROW_PX * look.marker_scale if mark["kind"] == "reported" else 0)
    room_right = width - min(max(x_right, 0), width) - gap_right
    room_left = max(min(x_left, width), 0) - gap_left
    title = " ".join(str(r["title"]).split())
    need = len(title) * TITLE_EM * look.label_font + 2 * PAD
    right = room_right >= need or room_right >= room_left
    room = room_right if right else room_left
    chars = max(MIN_TITLE_CHARS, int((room - 2 * PAD) / (TITLE_EM * look.label_font)))
    text = short(title, chars)
    anchor = (mark["xm"] if point else mark["x1"]) if right else (mark["xm"] if point else mark["x0"])
    return dict(
        x=anchor,
        y=float(mark["y"]),
        xref="x",
        yref="y",
        text=labels.label_text(text),
        xanchor="left" if right else "right",
        yanchor="middle",
        xshift=gap_right if right else -gap_left,
        showarrow=False,
        font=dict(size=look.label_font, color="#1A1A1A"),
        bgcolor=LABEL_BG,
        borderpad=1,
        name="label",
        captureevents=False,
    )
