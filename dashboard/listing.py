"""Which kept rows the page's lists show first: the table in time order, the undated by corroboration,
the headline's candidates, the events on key days, the most salient (the brief's summary's candidates);
and the filters' choices and the dates' bounds.

Plain numpy over a ``Prepared`` (``dashboard.access``): only the rows a list shows become a frame.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pyarrow.compute as pc

from dashboard.access import Prepared
from events.output.filters import NO_DAY, codes_of, date_of, day_number
from events.records import PRECISIONS, STATUSES


def first_in_time(p: Prepared, keep: np.ndarray, n: int) -> np.ndarray:
    """Row numbers of the first ``n`` kept rows in time order (undated last; most sources first among equals)."""
    idx = np.flatnonzero(keep)
    start = np.where(p.start[idx] == NO_DAY, np.iinfo(np.int32).max, p.start[idx]).astype(np.int64)
    key = start * 100_000 - np.minimum(p.source_count[idx], 99_999)
    if len(idx) > n:  # the n smallest keys; among equal keys at the cut, the first rows (so "more" only appends)
        kth = np.partition(key, n - 1)[n - 1]
        below = key < kth
        chosen = below | ((key == kth) & (np.cumsum(key == kth) <= n - int(below.sum())))
        idx, key = idx[chosen], key[chosen]
    return idx[np.argsort(key, kind="stable")]


def undated_first(p: Prepared, keep: np.ndarray, n: int) -> np.ndarray:
    """Row numbers of up to ``n`` kept undated rows, most corroborated first."""
    idx = np.flatnonzero(keep & (p.start == NO_DAY))
    order = np.argsort(-p.source_count[idx], kind="stable")[:n]
    return np.sort(idx[order])


def latest(
    p: Prepared, keep: np.ndarray, n: int = 50, until: dt.date | None = None, min_sources: int = 1
) -> np.ndarray:
    """Candidates for the headline (``events.output.summary.headline``): the latest kept rows known to a
    day or week and not spans, dated on or before ``until``, those with ``min_sources`` or more first
    (then the latest of the others), latest first within each."""
    sharp = keep & (p.start != NO_DAY) & np.isin(p.codes["precision"], codes_of(p.labels["precision"], {"day", "week"}))
    sharp &= ~_is_span(p)
    if until is not None:  # the whole of its date on or before it
        sharp &= np.maximum(p.start, np.where(p.end == NO_DAY, p.start, p.end)) <= day_number(until)
    out = []
    for wanted in (sharp & (p.source_count >= min_sources), sharp & (p.source_count < min_sources)):
        idx = np.flatnonzero(wanted)
        out.append(idx[np.lexsort((-p.source_count[idx], -p.start[idx].astype(np.int64)))[:n]])
    return np.concatenate(out)


def most_salient(
    p: Prepared, keep: np.ndarray, n: int, within: tuple[dt.date, dt.date] | None = None, undated: bool = False
) -> np.ndarray:
    """Row numbers of the ``n`` most salient kept rows (``salience``, then sources): dated ones starting
    inside ``within`` (first, last day), or with ``undated`` the undated ones. Most salient first."""
    if undated:
        wanted = keep & (p.start == NO_DAY)
    else:
        wanted = keep & (p.start != NO_DAY)
        if within is not None:
            wanted &= (p.start >= day_number(within[0])) & (p.start <= day_number(within[1]))
    idx = np.flatnonzero(wanted)
    order = np.lexsort((-p.source_count[idx], -salience(p)[idx]))[:n]
    return idx[order]


def salience(p: Prepared) -> np.ndarray:
    """The rows' ``salience`` (0 where the store has none), read once per ``Prepared``."""
    if "salience" not in p._cache:
        col = p.table.column("salience") if "salience" in p.table.column_names else None
        p._cache["salience"] = (
            np.nan_to_num(pc.fill_null(col, 0.0).to_numpy(zero_copy_only=False).astype(float))
            if col is not None
            else np.zeros(len(p))
        )
    return p._cache["salience"]


def _is_span(p: Prepared) -> np.ndarray:
    if "is_span" not in p._cache:
        p._cache["is_span"] = (
            pc.fill_null(p.table.column("is_span"), False).to_numpy(zero_copy_only=False).astype(bool)
            if "is_span" in p.table.column_names
            else np.zeros(len(p), bool)
        )
    return p._cache["is_span"]


def on_days(p: Prepared, keep: np.ndarray, days: list) -> np.ndarray:
    """Row numbers of the kept rows dated to one of ``days`` (datetime.date) at day precision, in row order."""
    if not days:
        return np.array([], np.int64)
    wanted = np.array(days, dtype="datetime64[D]").astype(np.int64).astype(p.start.dtype)
    day = np.isin(p.codes["precision"], codes_of(p.labels["precision"], {"day"}))
    return np.flatnonzero(keep & day & np.isin(p.start, wanted))


def most_sources(p: Prepared, keep: np.ndarray, n: int = 50) -> np.ndarray:
    """Candidates for ``dashboard.data.top_corroborated``: the kept rows with most sources, latest first."""
    idx = np.flatnonzero(keep)
    order = np.lexsort((-p.start[idx].astype(np.int64), -p.source_count[idx].astype(np.int64)))[:n]
    return idx[order]


def options(p: Prepared, keep: np.ndarray | None = None) -> dict[str, list[str]]:
    """The values of each multi-select (of the ``keep`` rows, else all), most frequent first."""
    out = {}
    for name, field_ in (
        ("actors", "actors"),
        ("categories", "category"),
        ("statuses", "status"),
        ("outlets", "outlets"),
        ("precisions", "precision"),
    ):
        if field_ not in p.labels:
            out[name] = []
            continue
        labels = p.labels[field_]
        if field_ in p.lists:
            r, c = p.lists[field_]
            c = c if keep is None else c[keep[r]]
        else:
            c = p.codes[field_] if keep is None else p.codes[field_][keep]
        counts = np.bincount(c, minlength=len(labels))
        present = [(labels[i], int(counts[i])) for i in np.flatnonzero(counts) if labels[i] != ""]
        if name == "statuses":
            out[name] = [s for s in STATUSES if s in dict(present)]
        elif name == "precisions":
            out[name] = [s for s in PRECISIONS if s in dict(present)]
        else:
            out[name] = [v for v, _ in sorted(present, key=lambda vc: (-vc[1], vc[0].casefold()))]
    return out


def date_bounds(p: Prepared) -> tuple[dt.date | None, dt.date | None]:
    """The dates' bounds: the first start and the last end (or start); None, None when nothing is dated."""
    dated = p.start != NO_DAY
    if not dated.any():
        return None, None
    last = max(int(p.end[dated].max()), int(p.start[dated].max()))
    return date_of(int(p.start[dated].min())), date_of(last)
