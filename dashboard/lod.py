"""Level of detail for big stores: draw individual events when few are in view, density when many.

Plain functions, no Streamlit. The flow for a store of a million events:

    p = lod.load(store_path)              # once per store version (cache it): typed Arrow columns,
                                          # int day numbers, category codes; about 0.5 s at 1M events.
                                          # The long text columns (DEFERRED) are left in the file:
    full = lod.complete(p)                # ... read when a text search or an export needs them (cache it)
    keep = lod.mask(p, filters)           # every filter change: numpy over codes, ~10 ms at 1M
                                          # (a text search, on ``full``, ~0.3 s)
    pl = lod.plan(p, f.date_from, f.date_to, lane_by, keep=keep)
    if pl.level == "points":              # few enough: the usual timeline of those rows
        fig = figures.timeline(lod.rows(p, keep), lane_by=..., color_by=...)
    else:                                 # too many to show one by one: counts per lane per bin
        fig = lod.density_figure(lod.density(p, lane_by, pl, keep=keep), pl, lane_field=lane_by)

``mask`` keeps exactly the rows ``events.output.filters.apply`` keeps (text search ignores case with
Arrow's simple case folding where ``apply`` uses ``str.casefold``: they differ only for letters
like "ß"). An event is binned at the middle of its interval (where the timeline draws its
marker); undated events are counted apart.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from dashboard import strip
from events.output.filters import Filters
from events.output.tables import LIST_COLUMNS
from events.records import PRECISIONS, STATUSES

TEMPLATE = "plotly_white"
NO_DAY = np.iinfo(np.int32).min  # the day number of an undated event
MAX_POINTS = 2000  # more marks than this in view are drawn as density (2,000 SVG marks redraw in about 0.5 s)
MAX_BINS = 240  # time bins across the view, at most
MAX_LANES = 14  # as dashboard.figures: the 13 biggest lanes and "(other N)"
NONE = "(none)"
UNDATED_DOMAIN = (0.915, 1.0)  # the undated counts' share of the plot's width
CODED = ("category", "status", "precision", "basis", "location")
LIST_FIELDS = ("actors", "outlets")
UNITS = ("day", "week", "month", "quarter", "year", "decade")
COLORSCALE = [[0.0, "#DCE9F5"], [0.35, "#8FB5DA"], [0.7, "#4C78A8"], [1.0, "#1F3552"]]
EPOCH = dt.date(1970, 1, 1)
# Columns ``load`` leaves in the file until ``complete`` reads them: only a text search (description)
# and the exports need them; they are half of what a million events take to read.
DEFERRED = ("description", "mention_ids", "sources", "curated")


@dataclass(eq=False)
class Prepared:
    """A store's events as compact typed columns, built once and never changed.

    ``table`` holds every column as read (Arrow: strings and lists stay compact); the numpy
    arrays are what filtering and binning use. Row i of each array is row i of ``table``.
    """

    table: pa.Table
    start: np.ndarray  # int32 day numbers (days since 1970-01-01), NO_DAY when undated
    end: np.ndarray  # as written (NO_DAY when empty), for the same comparisons as filters.apply
    codes: dict[str, np.ndarray]  # CODED field -> int32 code per row
    labels: dict[str, list[str]]  # CODED or LIST field -> the value of each code
    lists: dict[str, tuple[np.ndarray, np.ndarray]]  # LIST field -> (row, code) per list item
    source_count: np.ndarray
    _cache: dict = field(default_factory=dict, repr=False)  # derived arrays, built on first use
    source: Path | None = None  # the events.parquet the table was read from
    deferred: tuple[str, ...] = ()  # its columns not read yet (``complete`` reads them)

    def __len__(self) -> int:
        return len(self.start)


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


# ---- loading --------------------------------------------------------------------------------


def load(store: str | Path, deferred: tuple[str, ...] = DEFERRED) -> Prepared:
    """Read a store's events.parquet straight into a ``Prepared`` (no Python objects per row).

    The ``deferred`` columns are not read (``complete`` reads them): what the chart, the filters but
    text search, the options, the table and the detail panel read is all there. ``sources`` is read
    when the store has no ``outlets`` (the hover names sources then).
    """
    from events.output import store as store_mod

    real = Path(store).resolve()
    if not (real / store_mod.META).exists():
        store_mod.read(store)  # raises the store's own helpful error
    path = real / "events.parquet"
    store_mod.check_schema(Path(store), "events", path)  # a wrong schema: a StoreError naming the column
    names = pq.read_schema(_first_file(path)).names  # a file or a folder of parts
    later = tuple(c for c in names if c in deferred and not (c == "sources" and "outlets" not in names))
    table = pq.read_table(path, columns=[c for c in names if c not in later], read_dictionary=list(CODED))
    if "outlets" in table.column_names and table.num_rows:
        used = pc.unique(pc.list_flatten(table.column("outlets").combine_chunks()).cast(pa.string()))
        table = readable_outlets(table, outlet_names(real, used))
    p = from_table(table)
    p.source, p.deferred = path, later
    return p


OUTLET_TITLE_CHARS = 40  # a document's title standing for its outlet is cut to this length


def outlet_names(store: str | Path, used=None) -> dict[str, str]:
    """What to call a document that the events name as their outlet by its doc_id (the pipeline does
    so when the manifest gives no outlet): its outlet, else its title (shortened); documents with
    neither keep their id. ``used``: the outlets the events name (only those doc_ids are looked up)."""
    from events.output import store as store_mod

    path = Path(store) / "documents.parquet"
    try:
        have = pq.read_schema(_first_file(path)).names
        docs = pq.read_table(path, columns=[c for c in ("doc_id", "title", "outlet") if c in have])
    except (OSError, pa.ArrowException, IndexError, store_mod.StoreError):  # no documents: ids stay
        return {}
    if used is not None:
        docs = docs.filter(pc.is_in(docs.column("doc_id").cast(pa.string()), value_set=pa.array(used, pa.string())))
    docs = docs.to_pandas()

    def text(col: str) -> pd.Series:
        v = docs[col] if col in docs else pd.Series("", index=docs.index)
        return v.fillna("").astype(str).str.replace(r"\s+", " ", regex=True).str.strip()

    outlet, title = text("outlet"), text("title")
    cut = title.str.len() > OUTLET_TITLE_CHARS
    title = title.where(~cut, title.str.slice(0, OUTLET_TITLE_CHARS - 1).str.rstrip() + "…")
    name = outlet.where(outlet != "", title)
    ids = docs["doc_id"].astype(str)
    ok = (name != "") & (name != ids)
    return dict(zip(ids[ok], name[ok]))


def readable_outlets(table: pa.Table, names: dict[str, str]) -> pa.Table:
    """``table`` with each outlet that is a doc_id in ``names`` replaced by its name (lists keep their order)."""
    if not names or "outlets" not in table.column_names or not table.num_rows:
        return table
    i = table.column_names.index("outlets")
    col = table.column(i).combine_chunks()
    if not pa.types.is_list(col.type) and not pa.types.is_large_list(col.type):
        return table
    values = pc.list_flatten(col).cast(pa.string())
    keys = pa.array(list(names), pa.string())
    at = pc.index_in(values, value_set=keys)
    renamed = pc.if_else(pc.is_null(at), values, pc.take(pa.array(list(names.values()), pa.string()), at))
    offsets = col.offsets
    if col.offset or col.null_count:  # rebuild from the lists as they are (rare: sliced or with nulls)
        return table.set_column(
            i,
            "outlets",
            pa.array([None if v is None else [names.get(x, x) for x in v] for v in col.to_pylist()], col.type),
        )
    return table.set_column(i, "outlets", type(col).from_arrays(offsets, renamed))


def complete(p: Prepared) -> Prepared:
    """``p`` with its deferred columns read, in the file's column order (a new ``Prepared``; the
    arrays are shared, ``p`` is unchanged). ``p`` itself when nothing is deferred."""
    if not p.deferred:
        return p
    rest = pq.read_table(p.source, columns=list(p.deferred))
    if rest.num_rows != len(p):
        raise ValueError(f"{p.source} has {rest.num_rows} rows, not {len(p)}: it changed since it was read")
    table = p.table
    for name in p.deferred:
        table = table.append_column(rest.schema.field(name), rest.column(name))
    order = [c for c in pq.read_schema(_first_file(p.source)).names if c in table.column_names]
    return Prepared(
        table.select(order), p.start, p.end, p.codes, p.labels, p.lists, p.source_count, dict(p._cache), p.source, ()
    )


def _first_file(path: Path) -> Path:
    from events.output import store as store_mod

    return store_mod.table_files(path)[0]


def prepare(events: pd.DataFrame) -> Prepared:
    """A loaded events table (contract columns, list cells as lists) as a ``Prepared``."""
    return from_table(pa.Table.from_pandas(events, preserve_index=False))


def from_table(table: pa.Table) -> Prepared:
    for i, name in enumerate(table.column_names):  # an empty or all-missing column has no type yet
        if pa.types.is_null(table.schema.field(i).type):
            typ = pa.list_(pa.string()) if name in LIST_COLUMNS else pa.string()
            table = table.set_column(i, name, table.column(i).cast(typ))
    n = table.num_rows
    start = _days(table.column("date_start")) if n else np.zeros(0, np.int32)
    end = _days(table.column("date_end")) if n else np.zeros(0, np.int32)
    codes, labels, lists = {}, {}, {}
    for name in CODED:
        if name in table.column_names:
            codes[name], labels[name] = _encode(table.column(name))
    for name in LIST_FIELDS:
        if name in table.column_names:
            col = table.column(name).combine_chunks() if n else pa.array([], pa.list_(pa.string()))
            rows = pc.list_parent_indices(col).to_numpy().astype(np.int32)
            item_codes, labels[name] = _encode(pc.list_flatten(col))
            lists[name] = (rows, item_codes)
    sc = table.column("source_count").to_numpy() if "source_count" in table.column_names else np.ones(n)
    return Prepared(table, start, end, codes, labels, lists, np.asarray(sc, np.int32))


def _days(col: pa.ChunkedArray) -> np.ndarray:
    """ISO date strings ('' or null when unknown) -> int32 day numbers, NO_DAY when unknown."""
    if pa.types.is_dictionary(col.type):
        col = col.cast(pa.string())
    text = pc.utf8_slice_codeunits(col.cast(pa.string()), 0, 10)
    try:  # Arrow's ISO parser: twice as fast as strptime; it refuses anything but dates
        text = pc.if_else(pc.equal(text, ""), pa.scalar(None, pa.string()), text)
        stamps = pc.cast(text, pa.timestamp("s"))
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):  # a malformed date: unknown, as strptime reads it
        stamps = pc.strptime(text, format="%Y-%m-%d", unit="s", error_is_null=True)
    days = pc.cast(stamps, pa.date32()).cast(pa.int32())
    return pc.fill_null(days, NO_DAY).to_numpy().astype(np.int32)


def _encode(col) -> tuple[np.ndarray, list[str]]:
    """Values -> (int32 codes, labels); null reads as ''."""
    if isinstance(col, pa.ChunkedArray):
        col = col.combine_chunks() if col.num_chunks else pa.array([], pa.string())
    if not pa.types.is_dictionary(col.type):
        col = pc.dictionary_encode(pc.fill_null(col.cast(pa.string()), ""))
    labels = [("" if v is None else str(v)) for v in col.dictionary.to_pylist()]
    codes = col.indices.to_numpy(zero_copy_only=False)
    if col.null_count:
        if "" not in labels:
            labels.append("")
        codes = np.where(col.is_null().to_numpy(zero_copy_only=False), labels.index(""), codes)
    return np.asarray(codes, np.int32), labels


# ---- filtering ------------------------------------------------------------------------------


def mask(p: Prepared, f: Filters) -> np.ndarray:
    """The rows ``events.output.filters.apply(events, f)`` keeps, as a boolean array."""
    n = len(p)
    keep = np.ones(n, dtype=bool)
    undated = p.start == NO_DAY
    if f.date_from:
        keep &= (p.end >= _day(f.date_from)) | undated
    if f.date_to:
        keep &= (p.start <= _day(f.date_to)) | undated
    if not f.include_undated:
        keep &= ~undated
    if f.q:
        keep &= text_hit(p, f.q)
    for name, wanted in (("actors", f.actors), ("outlets", f.outlets)):
        if wanted and name in p.lists:
            rows, item_codes = p.lists[name]
            hit = np.zeros(n, dtype=bool)
            hit[rows[np.isin(item_codes, _codes_of(p.labels[name], wanted))]] = True
            keep &= hit
    for name, wanted in (("category", f.categories), ("status", f.statuses), ("precision", f.precisions)):
        if wanted:
            allowed = set(wanted) | ({""} if name == "precision" and f.include_undated else set())
            keep &= np.isin(p.codes[name], _codes_of(p.labels[name], allowed))
    if f.min_sources > 1:
        keep &= p.source_count >= f.min_sources
    return keep


def rows(
    p: Prepared, keep: np.ndarray | None = None, limit: int | None = None, columns: tuple[str, ...] | None = None
) -> pd.DataFrame:
    """The kept rows as a contract events frame (list cells as lists), indexed by row number.

    ``columns``: only these (those the store has), e.g. what a figure reads: the long text
    columns are most of the cost of taking rows.
    """
    idx = np.arange(len(p)) if keep is None else np.flatnonzero(keep)
    if limit is not None:
        idx = idx[:limit]
    table = p.table if columns is None else p.table.select([c for c in p.table.column_names if c in columns])
    df = take(table, idx).to_pandas()
    for col in df.columns:
        if isinstance(df[col].dtype, pd.CategoricalDtype):
            df[col] = df[col].astype(str).where(df[col].notna(), "")
    for col in LIST_COLUMNS & set(df.columns):
        df[col] = df[col].map(lambda v: [] if v is None else list(v))
    df.index = idx
    return df


def take(table: pa.Table, idx: np.ndarray) -> pa.Table:
    """``table.take(idx)``, batch by batch: Arrow's own take on a column read in parts (row groups)
    copies whole parts of it first, about 15 ms at a million events however few rows are taken."""
    order = np.argsort(idx, kind="stable")
    ordered = np.asarray(idx, np.int64)[order]
    parts, start = [], 0
    for batch in table.to_batches():
        lo, hi = np.searchsorted(ordered, [start, start + batch.num_rows])
        if hi > lo:
            parts.append(batch.take(pa.array(ordered[lo:hi] - start)))
        start += batch.num_rows
    picked = pa.Table.from_batches(parts, schema=table.schema).combine_chunks()
    return picked.take(pa.array(np.argsort(order)))  # back in the order of idx


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
    sharp = dated & np.isin(p.codes["precision"], _codes_of(p.labels["precision"], {"day", "week"}))
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
    day = np.isin(p.codes["precision"], _codes_of(p.labels["precision"], {"day"}))
    return np.flatnonzero(keep & day & np.isin(p.start, wanted))


def most_sources(p: Prepared, keep: np.ndarray, n: int = 50) -> np.ndarray:
    """Candidates for ``dashboard.data.top_corroborated``: the kept rows with most sources, latest first."""
    idx = np.flatnonzero(keep)
    order = np.lexsort((-p.start[idx].astype(np.int64), -p.source_count[idx].astype(np.int64)))[:n]
    return idx[order]


def find(p: Prepared, event_id: str) -> int | None:
    """The row number of an event, or None."""
    if not event_id or "event_id" not in p.table.column_names:
        return None
    hit = pc.equal(p.table.column("event_id").cast(pa.string()), str(event_id))
    idx = np.flatnonzero(pc.fill_null(hit, False).to_numpy(zero_copy_only=False))
    return int(idx[0]) if len(idx) else None


def as_mask(n: int, idx: np.ndarray) -> np.ndarray:
    out = np.zeros(n, dtype=bool)
    out[idx] = True
    return out


def options(p: Prepared, keep: np.ndarray | None = None) -> dict[str, list[str]]:
    """Like ``dashboard.data.options``: values of each multi-select, most frequent first."""
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
    """Like ``dashboard.data.date_bounds``: the first start and the last end (or start)."""
    dated = p.start != NO_DAY
    if not dated.any():
        return None, None
    last = max(int(p.end[dated].max()), int(p.start[dated].max()))
    return _date(int(p.start[dated].min())), _date(last)


def text_hit(p: Prepared, needle: str) -> np.ndarray:
    """Rows whose title, description, actors or location hold ``needle`` (any case), as filters.apply.

    Each column is searched on its own (Arrow, no copy of the text); the actors of a row are
    searched joined by spaces, as filters.apply joins them.
    """
    if "description" in p.deferred:
        raise ValueError(
            "a text search reads the events' descriptions, which this Prepared has not read: search lod.complete(p)"
        )
    t = p.table
    hit = np.zeros(len(p), dtype=bool)
    for name in ("title", "description"):
        if name in t.column_names:
            hit |= _found(t.column(name), needle)
    if "actors" in t.column_names:
        prepare_search(p)
        hit |= _found(p._cache["actors_text"], needle)
    if "location" in p.codes:  # a handful of distinct places: search those, then look up the codes
        found = _found(pa.array(p.labels["location"], pa.string()), needle)
        hit |= found[p.codes["location"]]
    return hit


def prepare_search(p: Prepared) -> None:
    """Build what ``text_hit`` searches besides the columns as read (each row's actors joined), once."""
    if "actors_text" not in p._cache and "actors" in p.table.column_names:
        p._cache["actors_text"] = pc.binary_join(p.table.column("actors"), " ")


def _found(col, needle: str) -> np.ndarray:
    if pa.types.is_dictionary(col.type):
        col = col.cast(pa.string())
    found = pc.match_substring(col, needle, ignore_case=True)
    return pc.fill_null(found, False).to_numpy(zero_copy_only=False)


def mentions_for(store: str | Path, event_ids) -> pd.DataFrame:
    """The mentions of some events, read from the store's mentions.parquet (never held in memory).

    DuckDB reads the event_id column and then only the matching rows (about 0.1 s at a million
    mentions; pyarrow's filtered read takes a second or more, as it decodes every column).
    """
    import duckdb

    from events.output import store as store_mod

    store_mod.check_schema(Path(store), "mentions")  # cut short or of the wrong schema: a StoreError saying so
    path = (Path(store).resolve() / "mentions.parquet").as_posix()
    con = duckdb.connect()
    try:
        con.execute("SET threads TO 1")
        df = con.execute(
            "SELECT * FROM read_parquet(?) WHERE event_id IN (SELECT UNNEST(?))", [path, [str(i) for i in event_ids]]
        ).df()
    except duckdb.Error as exc:  # damaged past its footer: say which file, not DuckDB's query
        reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise store_mod.StoreError(f"{store}: mentions.parquet cannot be read ({reason}); rebuild the store") from None
    finally:
        con.close()
    for col in LIST_COLUMNS & set(df.columns):
        df[col] = df[col].map(lambda v: [] if v is None else list(v))
    return df


def _codes_of(labels: list[str], wanted) -> np.ndarray:
    want = set(wanted)
    return np.array([i for i, v in enumerate(labels) if v in want], dtype=np.int32)


def _day(d: dt.date) -> int:
    return (d - EPOCH).days


def _date(day: int) -> dt.date:
    return EPOCH + dt.timedelta(days=int(day))


# ---- level of detail ------------------------------------------------------------------------


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
    mid = _middle(p)
    lo = _day(date_from) if date_from else (int(mid[dated].min()) if dated.any() else 0)
    hi = _day(date_to) if date_to else (int(mid[dated].max()) if dated.any() else lo)
    in_view = dated & (_end(p) >= lo) & (p.start <= hi)  # what a timeline of these rows would draw
    n_events = int(in_view.sum())
    n_marks = n_events
    if lane_field in p.lists:
        r, _ = p.lists[lane_field]
        per_row = np.bincount(r[in_view[r]], minlength=len(p))
        n_marks = int(np.maximum(per_row, 1)[in_view].sum())
    unit, edges = bins_for(_date(lo), _date(hi))
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


def _end(p: Prepared) -> np.ndarray:
    """End day for drawing: the start when the end is missing or before it."""
    if "end_drawn" not in p._cache:
        p._cache["end_drawn"] = np.where(p.end >= p.start, p.end, p.start)
    return p._cache["end_drawn"]


def _middle(p: Prepared) -> np.ndarray:
    """The day each event is drawn at (the middle of its interval), NO_DAY when undated."""
    if "mid" not in p._cache:
        start = p.start.astype(np.int64)
        mid = (start + _end(p).astype(np.int64)) // 2
        p._cache["mid"] = np.where(p.start == NO_DAY, NO_DAY, mid).astype(np.int32)
    return p._cache["mid"]


def lanes(p: Prepared, lane_field: str, keep: np.ndarray, max_lanes: int = MAX_LANES):
    """(row, lane index) per mark of the kept rows, and the lane labels, biggest lane first."""
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
    order = [int(i) for i in np.argsort(-counts, kind="stable") if counts[i] > 0]
    order.sort(key=lambda i: (-counts[i], labels[i]))
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
    edges are not counted. ``lane`` is categorical in lane order (biggest lane first).
    """
    p = events if isinstance(events, Prepared) else prepare(events)
    edges = bins.edges if isinstance(bins, Plan) else np.asarray(bins, "datetime64[D]")
    keep = np.ones(len(p), bool) if keep is None else keep
    keep = keep & (p.start != NO_DAY)
    r, lane, names = lanes(p, lane_field, keep)
    e = edges.astype(np.int64)
    b = np.searchsorted(e, _middle(p)[r], side="right") - 1
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
    """Undated events that pass the filters, counted per lane: DataFrame(lane, count), biggest first.

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


def density_figure(
    d: pd.DataFrame,
    plan: Plan,
    *,
    lane_field: str = "category",
    height_per_lane: int = 52,
    font_size: int = 13,
    undated: pd.DataFrame | None = None,
) -> go.Figure:
    """A heat strip per lane (one ``go.Heatmap``): only the bins travel to the browser.

    ``undated`` (``undated_counts``): drawn as one more column at the right edge, on an x axis of
    its own that holds no dates, titled "undated"; never at a date.
    """
    names = list(d["lane"].cat.categories) if len(d) else []
    edges = plan.edges
    nb = len(edges) - 1
    z = np.full((len(names), nb), np.nan)
    if len(d):
        bi = np.searchsorted(edges, d["bin_start"].to_numpy("datetime64[D]"))
        z[d["lane"].cat.codes.to_numpy(), bi] = d["count"].to_numpy()
    labels = [f"{edges[i]} – {edges[i + 1] - 1}" if plan.unit != "day" else str(edges[i]) for i in range(nb)]
    zmax = float(np.nanpercentile(z, 98)) if len(d) else 1.0
    fig = go.Figure(
        go.Heatmap(
            z=[[None if np.isnan(v) else int(v) for v in row] for row in z],
            x=[str(e) for e in edges],
            y=[html.escape(_short(n, 28)) for n in names],
            customdata=[labels] * len(names),
            colorscale=COLORSCALE,
            zmin=1,
            zmax=max(zmax, 2.0),
            xgap=0,
            ygap=3,
            hovertemplate="%{y}<br>%{customdata}: %{z:,} event(s)<extra></extra>",
            colorbar=dict(title=dict(text=f"events per {plan.unit}"), thickness=12),
            name="density",
            meta={"role": "density"},
        )
    )
    note = (
        f"{plan.n_events:,} events in view: counts per {plan.unit}. Narrow the dates or filters to "
        f"{plan.max_points:,} or fewer to see each event."
    )
    fig.update_layout(
        template=TEMPLATE,
        height=int(min(900, max(380, 150 + height_per_lane * len(names)))),
        font=dict(size=font_size, family="Arial, Helvetica, sans-serif", color="#222"),
        margin=dict(l=10, r=10, t=40, b=10),
        plot_bgcolor="#FFFFFF",
        xaxis=dict(
            type="date",
            showgrid=True,
            gridcolor="#E6E6E6",
            title=None,
            range=[str(edges[0]), str(edges[-1])] if nb else None,
        ),
        yaxis=dict(autorange="reversed", fixedrange=True, title=None, ticks="", automargin=True),
        annotations=[
            dict(
                xref="paper",
                yref="paper",
                x=0,
                y=1.0,
                xanchor="left",
                yanchor="bottom",
                showarrow=False,
                text=html.escape(note),
                font=dict(size=font_size - 1, color="#555"),
            )
        ],
        meta={
            "level": "density",
            "n_events": plan.n_events,
            "n_marks": plan.n_marks,
            "n_undated": plan.n_undated,
            "unit": plan.unit,
            "bins": nb,
            "lanes": names,
            "lane_field": lane_field,
        },
    )
    if undated is not None and len(undated):
        _undated_column(fig, undated, names, font_size)
    return fig


def _undated_column(fig: go.Figure, undated: pd.DataFrame, names: list[str], font_size: int) -> None:
    rows = list(names) + [n for n in undated["lane"] if n not in names]
    by = dict(zip(undated["lane"], undated["count"]))
    counts = [int(by[n]) if n in by else None for n in rows]
    fig.add_trace(
        go.Heatmap(
            z=[[c] for c in counts],
            x=[0.5],
            y=[html.escape(_short(n, 28)) for n in rows],
            xaxis="x2",
            yaxis="y",
            colorscale=[[0.0, "#EEEEEE"], [1.0, "#9A9A9A"]],
            showscale=False,
            xgap=0,
            ygap=3,
            text=[[f"{c:,}" if c else ""] for c in counts],
            texttemplate="%{text}",
            textfont=dict(size=font_size - 1, color="#333"),
            hovertemplate="%{y}<br>undated (no date in the text): %{z:,} event(s)<extra></extra>",
            name="undated",
            meta={"role": "undated"},
        )
    )
    strip.axis(fig, UNDATED_DOMAIN, font_size, "undated")
    fig.update_layout(height=int(max(fig.layout.height or 0, min(900, 150 + 52 * len(rows)))))
    fig.layout.meta = {**fig.layout.meta, "n_undated_drawn": int(sum(c or 0 for c in counts))}


def _short(text: str, n: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"
