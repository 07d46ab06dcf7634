"""Reading a store's events for the dashboard: compact typed columns, rows taken on demand, mentions by event.

Plain functions, no Streamlit. ``load(store)`` reads events.parquet once per store version into a
``Prepared`` (Arrow columns, int day numbers, category codes; about 0.5 s at a million events),
leaving the long text columns (``DEFERRED``) in the file until ``complete`` reads them for a text
search or an export. ``rows(p, keep)`` turns kept rows into a contract events frame, ``find`` gives
an event's row, and ``mentions_for`` reads one event's mentions from mentions.parquet with DuckDB.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from events.output import dates, filters
from events.output.filters import CODED
from events.output.tables import LIST_COLUMNS

# Columns ``load`` leaves in the file until ``complete`` reads them: only a text search (description)
# and the exports need them; they are half of what a million events take to read.
DEFERRED = ("description", "mention_ids", "sources", "curated")


@dataclass(eq=False)
class Prepared(filters.Columns):
    """A store's events as the filter engine's ``Columns`` (``events.output.filters``), with every column
    the page shows, and where they were read from. Built once per store version and never changed."""

    source: Path | None = None  # the events.parquet the table was read from


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
    names = pq.read_schema(first_file(path)).names  # a file or a folder of parts
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
        have = pq.read_schema(first_file(path)).names
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
    order = [c for c in pq.read_schema(first_file(p.source)).names if c in table.column_names]
    return dataclasses.replace(p, table=table.select(order), _cache=dict(p._cache), deferred=())


def column_rows(p: Prepared, name: str, idx: np.ndarray) -> list:
    """One column's values for the rows ``idx`` (in that order), as Python values; read from the file when
    ``load`` left it there (a deferred column: ``sources`` where the store names outlets), only the row
    groups that hold those rows (a few hundred rows of a million: a tenth of reading the column)."""
    idx = np.asarray(idx, np.int64)
    if name in p.table.column_names:
        return take(p.table.select([name]), idx).column(name).to_pylist()
    if name not in p.deferred or p.source is None or not len(idx):
        return [None] * len(idx)
    out: list = [None] * len(idx)
    first = 0
    for path in first_file_list(p.source):
        f = pq.ParquetFile(path)
        for g in range(f.num_row_groups):
            n = f.metadata.row_group(g).num_rows
            hit = np.flatnonzero((idx >= first) & (idx < first + n))
            if len(hit):
                values = f.read_row_group(g, columns=[name]).column(name).take(pa.array(idx[hit] - first))
                for k, v in zip(hit, values.to_pylist()):
                    out[k] = v
            first += n
    if first != len(p):
        raise ValueError(f"{p.source} has {first} rows, not {len(p)}: it changed since it was read")
    return out


def first_file_list(path: Path) -> list[Path]:
    from events.output import store as store_mod

    return store_mod.table_files(path)


def first_file(path: Path) -> Path:
    from events.output import store as store_mod

    return store_mod.table_files(path)[0]


def prepare(events: pd.DataFrame) -> Prepared:
    """A loaded events table (contract columns, list cells as lists) as a ``Prepared``."""
    return from_table(pa.Table.from_pandas(events, preserve_index=False))


def from_table(table: pa.Table) -> Prepared:
    c = filters.columns(dates.typed_table(table))  # dates as date32 (a store written before they were typed: text)
    return Prepared(**{f.name: getattr(c, f.name) for f in dataclasses.fields(c)})


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
    return dates.typed(df)  # DuckDB's DATE comes as a timestamp; a store before typed dates holds text
