"""Marks: one row per drawn mark of an events table, with its lane, vertical place, colour and extent.

What each event is drawn as (``kinds``): a moment known to the day is a ``point``; a moment known
only to a week, month, quarter, year or decade is an ``interval`` over the dates its date allows;
an event that lasted over its interval (``is_span``) is a ``span``; an event with no date in its
text is ``undated`` (drawn in a strip of its own, never at a guessed date), or on the brief, when the
articles report it, ``reported``: at its report date, drawn as "on or before" that day.

Swimlanes (``lane_by``) and colours (``color_by``) are chosen fields, in a fixed order
(``ordered``); lanes by the colour's own field are drawn in one colour. List fields (actors,
outlets) put an event in every lane it names and colour it by its first value. Overlapping marks in
a lane are stacked in up to ``MAX_ROWS`` sub-rows; marker size grows with ``source_count``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.hover import hover_text
from dashboard.style import (
    COLOR_FIELDS,
    COLORS,
    DAY,
    FIXED_COLORS,
    GREY,
    LANE_FIELDS,
    LAST,
    LIST_FIELDS,
    MAX_LANES,
    MAX_ROWS,
    NONE,
    PACK_AT,
    UNDATED_COLS,
)
from events.output import dates as store_dates
from events.records import PRECISIONS, STATUSES


def kinds(events: pd.DataFrame) -> pd.Series:
    """What each event is drawn as: ``point``, ``interval`` (uncertain moment), ``span``, ``undated``, or
    ``reported``: an undated event placed at its report date (``reported_by``, the brief's; it happened on
    or before that day)."""
    start = dates(events["date_start"])
    end = dates(events["date_end"]).fillna(start)
    out = np.where(events["is_span"].fillna(False).astype(bool), "span", "interval")
    point = (events["precision"].astype(str) == "day").to_numpy() & (end <= start).to_numpy()
    out = np.where(point & (out == "interval"), "point", out)
    out = np.where(start.isna().to_numpy(), "undated", out)
    if "reported_by" in events:
        reported = (events["reported_by"].fillna("").astype(str) != "").to_numpy() & start.notna().to_numpy()
        out = np.where(reported, "reported", out)
    return pd.Series(out, index=events.index, name="kind")


MARK_COLUMNS = (
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
)


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
    check_field(lane_by, LANE_FIELDS, "lane_by")
    check_field(color_by, COLOR_FIELDS, "color_by")
    ev = events.loc[kinds(events) != "undated"].copy() if len(events) and not undated else events.copy()
    if ev.empty:
        return pd.DataFrame(columns=list(MARK_COLUMNS))
    ev["kind"] = kinds(ev)
    _extents(ev)
    one_colour = color_by == lane_by  # lanes already say it: colour would only repeat them
    if one_colour:
        ev["color_key"] = "events"
    else:
        ev["color_key"] = _first_values(ev[color_by]) if color_by in LIST_FIELDS else _named(ev[color_by])
    ev["size"] = _size(ev["source_count"])
    ev["hover"] = hover_text(ev)
    ev, lanes = _in_lanes(ev, lane_by, max_lanes)
    dated = (ev["kind"] != "undated").to_numpy()
    y = np.zeros(len(ev))
    if dated.any():
        y[dated] = _offsets(ev.loc[dated])
    if not dated.all():
        y[~dated] = _undated_offsets(ev.loc[~dated])
    ev["y"] = ev["lane_i"] + y
    palette = {"events": COLORS[0]} if one_colour else color_map(ev["color_key"], color_by, color_order)
    ev["color"] = ev["color_key"].map(palette).fillna(GREY)
    out = _mark_table(ev, dated)
    out.attrs["lanes"] = lanes
    out.attrs["legend"] = [] if one_colour else ordered(ev["color_key"], color_by, color_order)
    return out


def _extents(ev: pd.DataFrame) -> None:
    """The drawn extent of each event (``_x0``, ``_x1``: the end day inclusive) and its middle (``_xm``)."""
    start = dates(ev["date_start"])
    end = dates(ev["date_end"]).fillna(start)
    end = end.where(end >= start, start)
    x0 = start.to_numpy().astype("datetime64[m]")
    x1 = end.to_numpy().astype("datetime64[m]")
    x1 = np.where(np.isnat(x1), x1, np.minimum(x1, LAST)) + DAY  # the end date is inclusive
    ev["_x0"], ev["_x1"] = x0, x1
    ev["_xm"] = x0 + (x1 - x0) / 2


def _in_lanes(ev: pd.DataFrame, lane_by: str, max_lanes: int) -> tuple[pd.DataFrame, list[str]]:
    """Each event in its lane (in every lane a list field names), the smallest lanes folded into
    "(other N)"; ``lane_i`` is the lane's index. Returns the rows and the lane names in order."""
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
        ev["lane"] = _named(ev[lane_by])
    lanes = ordered(ev["lane"], lane_by)
    if len(lanes) > max_lanes:
        kept = set(lanes[: max_lanes - 1])
        other = f"(other {len(lanes) - max_lanes + 1})"
        ev["lane"] = ev["lane"].where(ev["lane"].isin(kept), other)
        lanes = lanes[: max_lanes - 1] + [other]
    lane_index = {lane: i for i, lane in enumerate(lanes)}
    ev["lane_i"] = ev["lane"].map(lane_index).astype(int)
    return ev, lanes


def _mark_table(ev: pd.DataFrame, dated: np.ndarray) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "event_id": ev["event_id"].astype(str).to_numpy(),
            "lane": ev["lane"].to_numpy(),
            "lane_i": ev["lane_i"].to_numpy(),
            "y": ev["y"].to_numpy(),
            "color_key": ev["color_key"].to_numpy(),
            "color": ev["color"].to_numpy(),
            "kind": ev["kind"].to_numpy(),
            "x0": iso(ev["_x0"], ~dated),
            "x1": iso(ev["_x1"], ~dated),
            "xm": iso(ev["_xm"], ~dated),
            "ux": _undated_x(ev) if not dated.all() else np.full(len(ev), np.nan),
            "t0": ev["_x0"].to_numpy(),
            "t1": ev["_x1"].to_numpy(),
            "size": ev["size"].to_numpy(),
            "hover": ev["hover"].to_numpy(),
        }
    )


def ordered(values: pd.Series, field: str, order: list[str] | None = None) -> list[str]:
    """The distinct values of ``values`` in the one lane and legend order (``rank``)."""
    return rank(pd.Series(values).value_counts().to_dict(), field, order)


def rank(counts: dict, field: str, order: list[str] | None = None) -> list[str]:
    """Values with their counts in a fixed order, the same whatever the row order and whether the chart
    draws each event or a density: statuses and precisions in their own order; others as in ``order``
    (e.g. the whole store's, most frequent first), then most frequent first, then by name; "(none)" and
    "(other …)" last. Values counted 0 are left out."""
    fixed = {"status": STATUSES, "precision": PRECISIONS}.get(field, tuple(order or ()))
    place = {v: i for i, v in enumerate(fixed)}
    return sorted(
        (v for v, n in counts.items() if n > 0),
        key=lambda v: (
            str(v) == NONE or str(v).startswith("(other "),
            place.get(v, len(place)),
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


def check_field(name: str, allowed: dict, what: str) -> None:
    if name not in allowed:
        raise ValueError(f"{what}={name!r} is not a field that can be used; expected one of {list(allowed)}")


def dates(s: pd.Series) -> pd.Series:
    """A date column (dates, or ISO text) as timestamps, NaT where unknown."""
    return store_dates.as_timestamps(s)


def iso(values, blank=None) -> np.ndarray:
    out = np.datetime_as_string(np.asarray(values, dtype="datetime64[m]"), unit="m")
    if blank is not None and np.any(blank):
        out = np.where(blank, "", out)
    return out


def _named(s: pd.Series) -> pd.Series:
    s = s.fillna("").astype(str)
    return s.where(s != "", NONE)


def _first_values(s: pd.Series) -> pd.Series:
    return s.map(lambda v: str(v[0]) if isinstance(v, (list, tuple, np.ndarray)) and len(v) and str(v[0]) else NONE)


def _size(source_count: pd.Series) -> pd.Series:
    n = pd.to_numeric(source_count, errors="coerce").fillna(1).clip(lower=1, upper=64)
    return (8 + 6 * np.log2(n)).round(1)
