"""Which kept rows the page's lists show first: the table in time order, the undated by corroboration,
the headline's candidates, the events on key days; and the filters' choices and the dates' bounds.

Plain numpy over a ``Prepared`` (``dashboard.access``): only the rows a list shows become a frame.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pyarrow.compute as pc

from dashboard.access import Prepared
from events.output.filters import NO_DAY, codes_of, date_of
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


def latest(p: Prepared, keep: np.ndarray, n: int = 50) -> np.ndarray:
    """Candidates for ``dashboard.data.headline``: the latest kept rows known to a day or week and not
    spans (the latest dated rows if there are none), latest first."""
    dated = keep & (p.start != NO_DAY)
    sharp = dated & np.isin(p.codes["precision"], codes_of(p.labels["precision"], {"day", "week"}))
    if "is_span" in p.table.column_names:
        if "is_span" not in p._cache:
            p._cache["is_span"] = pc.fill_null(p.table.column("is_span"), False).to_numpy(zero_copy_only=False)
        sharp &= ~p._cache["is_span"]
    idx = np.flatnonzero(sharp if sharp.any() else dated)
    order = np.lexsort((-p.source_count[idx], -p.start[idx].astype(np.int64)))[:n]
    return idx[order]


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
