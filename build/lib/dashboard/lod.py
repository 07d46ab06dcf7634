"""Filtering and level of detail: which rows pass the filters, and whether they are drawn one by one.

Plain functions, no Streamlit. The flow for a store of a million events:

    p = access.load(store_path)           # once per store version (cache it)
    full = access.complete(p)             # ... the long text columns, for a text search (cache it)
    keep = filters.mask(p, f)             # every filter change: numpy over codes, ~10 ms at 1M
                                          # (a text search, on ``full``, ~0.3 s)
    pl = lod.plan(p, f.date_from, f.date_to, lane_by, keep=keep)
    if pl.level == "points":              # few enough: the usual timeline of those rows
        fig = figures.timeline(access.rows(p, keep), lane_by=..., color_by=...)
    else:                                 # too many to show one by one: counts per lane per bin
        fig = density.density_figure(lod.density(p, lane_by, pl, keep=keep), pl, lane_field=lane_by)

The filter is ``events.output.filters.mask``, the engine the export and the CLI use too, over the
``Prepared`` columns. An event is binned at the middle of its interval (where the timeline draws its
marker); undated events are counted apart. Lanes come in the timeline's order (``marks.rank``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.access import Prepared, prepare
from dashboard.marks import rank
from dashboard.style import MAX_LANES, NONE
from events.output.filters import NO_DAY, date_of, day_number

MAX_POINTS = 2000  # more marks than this in view are drawn as density (2,000 SVG marks redraw in about 0.5 s)


MAX_BINS = 240  # time bins across the view, at most


UNITS = ("day", "week", "month", "quarter", "year", "decade")


@dataclass(frozen=True)
class Plan:
    """What to draw: ``points`` (each event) or ``density`` (counts per lane per bin) over ``edges``."""

    level: str
    n_marks: int  # marks in view (an event with two actors is two marks when lanes are actors)
    n_events: int  # dated events in view (their interval overlaps it)
    n_undated: int  # undated events that pass the filters (never drawn)
    unit: str  # bin width: day, week, month, quarter, year or decade
    edges: np.ndarray  # datetime64[D], len = bins + 1; the view is [edges[0], edges[-1])
    max_points: int = MAX_POINTS


def plan(
    events: Prepared | pd.DataFrame,
    date_from: dt.date | None,
    date_to: dt.date | None,
    lane_field: str,
    max_points: int = MAX_POINTS,
    keep: np.ndarray | None = None,
) -> Plan:
    """Points or density for the events in [date_from, date_to] (None: the events' own bounds).

    ``events`` is a ``Prepared`` (with ``keep`` the filter mask) or an events frame already filtered.
    """
    p = events if isinstance(events, Prepared) else prepare(events)
    keep = np.ones(len(p), bool) if keep is None else keep
    dated = keep & (p.start != NO_DAY)
    mid = middle(p)
    lo = day_number(date_from) if date_from else (int(mid[dated].min()) if dated.any() else 0)
    hi = day_number(date_to) if date_to else (int(mid[dated].max()) if dated.any() else lo)
    in_view = dated & (end_drawn(p) >= lo) & (p.start <= hi)  # what a timeline of these rows would draw
    n_events = int(in_view.sum())
    n_marks = n_events
    if lane_field in p.lists:
        r, _ = p.lists[lane_field]
        per_row = np.bincount(r[in_view[r]], minlength=len(p))
        n_marks = int(np.maximum(per_row, 1)[in_view].sum())
    unit, edges = bins_for(date_of(lo), date_of(hi))
    level = "points" if n_marks <= max_points else "density"
    return Plan(level, n_marks, n_events, int((keep & (p.start == NO_DAY)).sum()), unit, edges, max_points)


def bins_for(date_from: dt.date, date_to: dt.date, max_bins: int = MAX_BINS) -> tuple[str, np.ndarray]:
    """The finest calendar unit giving at most ``max_bins`` bins over the range, and the bin edges."""
    lo, hi = np.datetime64(date_from, "D"), np.datetime64(date_to, "D")
    for unit in UNITS:
        edges = _edges(lo, hi, unit)
        if len(edges) - 1 <= max_bins:
            return unit, edges
    return "decade", _edges(lo, hi, "decade")


def _edges(lo: np.datetime64, hi: np.datetime64, unit: str) -> np.ndarray:
    if unit == "day":
        return np.arange(lo, hi + 2, dtype="datetime64[D]")
    if unit == "week":  # weeks start on Monday (1970-01-01 was a Thursday)
        first = lo - ((lo.astype(np.int64) + 3) % 7)
        return np.arange(first, hi + 8, 7, dtype="datetime64[D]")
    step = {"month": 1, "quarter": 3, "year": 12, "decade": 120}[unit]
    m0, m1 = lo.astype("datetime64[M]"), hi.astype("datetime64[M]")
    months = m0.astype(np.int64) + (12 * 1970 if unit == "decade" else 0)  # decades count from year 0
    first = m0 - (months % step)
    return np.arange(first, m1 + step + 1, step, dtype="datetime64[M]").astype("datetime64[D]")


def end_drawn(p: Prepared) -> np.ndarray:
    """End day for drawing: the start when the end is missing or before it."""
    if "end_drawn" not in p._cache:
        p._cache["end_drawn"] = np.where(p.end >= p.start, p.end, p.start)
    return p._cache["end_drawn"]


def middle(p: Prepared) -> np.ndarray:
    """The day each event is drawn at (the middle of its interval), NO_DAY when undated."""
    if "mid" not in p._cache:
        start = p.start.astype(np.int64)
        mid = (start + end_drawn(p).astype(np.int64)) // 2
        p._cache["mid"] = np.where(p.start == NO_DAY, NO_DAY, mid).astype(np.int32)
    return p._cache["mid"]


def lanes(p: Prepared, lane_field: str, keep: np.ndarray, max_lanes: int = MAX_LANES):
    """(row, lane index) per mark of the kept rows, and the lane labels in the timeline's lane order
    (``marks.rank``: the same lanes in the same order whether each event or a density is drawn)."""
    if lane_field in p.lists:
        r, c = p.lists[lane_field]
        sel = keep[r]
        r, c = r[sel], c[sel]
        labels = list(p.labels[lane_field])
        empty = [i for i, v in enumerate(labels) if v == ""]
        if empty:
            ok = ~np.isin(c, empty)
            r, c = r[ok], c[ok]
        has = np.zeros(len(p), bool)
        has[r] = True
        bare = np.flatnonzero(keep & ~has)  # no value: lane "(none)"
        labels.append(NONE)
        r = np.concatenate([r, bare]).astype(np.int64)
        c = np.concatenate([c, np.full(len(bare), len(labels) - 1, np.int32)])
    elif lane_field in p.codes:
        r = np.flatnonzero(keep)
        c = p.codes[lane_field][r]
        labels = [v if v != "" else NONE for v in p.labels[lane_field]]
    else:
        raise ValueError(
            f"lane_field={lane_field!r} is not a field that can be used; "
            f"expected one of {sorted(set(p.codes) | set(p.lists))}"
        )
    counts = np.bincount(c, minlength=len(labels))
    code = {label: i for i, label in enumerate(labels)}
    order = [code[v] for v in rank({labels[i]: int(counts[i]) for i in np.flatnonzero(counts)}, lane_field)]
    if len(order) > max_lanes:
        shown, rest = order[: max_lanes - 1], order[max_lanes - 1 :]
        names = [labels[i] for i in shown] + [f"(other {len(rest)})"]
        to_lane = np.full(len(labels), max_lanes - 1, np.int32)
    else:
        shown, names = order, [labels[i] for i in order]
        to_lane = np.full(len(labels), -1, np.int32)
    to_lane[shown] = np.arange(len(shown), dtype=np.int32)
    return r, to_lane[c], names


def density(
    events: Prepared | pd.DataFrame, lane_field: str, bins: Plan | np.ndarray, keep: np.ndarray | None = None
) -> pd.DataFrame:
    """Counts per lane per time bin: DataFrame(lane, bin_start, bin_end, count), non-empty bins only.

    ``bins`` is a ``Plan`` or bin edges (datetime64[D]); events whose middle day falls outside the
    edges are not counted. ``lane`` is categorical in lane order (``lanes``).
    """
    p = events if isinstance(events, Prepared) else prepare(events)
    edges = bins.edges if isinstance(bins, Plan) else np.asarray(bins, "datetime64[D]")
    keep = np.ones(len(p), bool) if keep is None else keep
    keep = keep & (p.start != NO_DAY)
    r, lane, names = lanes(p, lane_field, keep)
    e = edges.astype(np.int64)
    b = np.searchsorted(e, middle(p)[r], side="right") - 1
    ok = (b >= 0) & (b < len(e) - 1)
    nb = len(e) - 1
    counts = np.bincount(lane[ok].astype(np.int64) * nb + b[ok], minlength=len(names) * nb)
    li, bi = np.divmod(np.flatnonzero(counts), nb)
    return pd.DataFrame(
        {
            "lane": pd.Categorical.from_codes(li, categories=names),
            "bin_start": edges[bi],
            "bin_end": edges[bi + 1] - 1,  # inclusive, like the contract's dates
            "count": counts[counts > 0].astype(np.int64),
        }
    )


def undated_counts(
    p: Prepared, lane_field: str, keep: np.ndarray, lanes_shown: list[str] | None = None
) -> pd.DataFrame:
    """Undated events that pass the filters, counted per lane: DataFrame(lane, count), in lane order.

    With ``lanes_shown`` (the density figure's lanes) a lane not among them is counted in its
    "(other N)" lane when it has one.
    """
    und = keep & (p.start == NO_DAY)
    if not und.any():
        return pd.DataFrame({"lane": pd.Series([], dtype=object), "count": pd.Series([], dtype=np.int64)})
    _, lane, names = lanes(p, lane_field, und)
    counts = np.bincount(lane, minlength=len(names))
    out: dict[str, int] = {}
    other = next((n for n in (lanes_shown or []) if n.startswith("(other ")), None)
    for name, n in zip(names, counts):
        if not n:
            continue
        if lanes_shown is not None and name not in lanes_shown and other:
            name = other
        out[name] = out.get(name, 0) + int(n)
    return pd.DataFrame({"lane": list(out), "count": np.array(list(out.values()), np.int64)})
