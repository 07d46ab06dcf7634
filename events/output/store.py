"""The event store: a folder with documents, mentions and events as Parquet and CSV.

Writes are atomic. ``STORE`` is a symbolic link to a complete version folder beside it
(``.STORE.versions/<id>``); a build writes a new version folder, then swaps the link
with one ``os.replace``. A build that fails or is killed never touches the link, so
readers always see the last good store, whole. Readers resolve the link once and read
every table from that one version.

A table of more than ``rows_per_part`` rows (``events.settings.ROWS_PER_PART`` unless told) is
written as a folder of Parquet parts, ``NAME.parquet/part-00000.parquet``, ``part-00001.parquet``
... (rows in order, one schema in every part); a smaller table as the one file ``NAME.parquet``.
Both read the same way: ``read`` here, ``pandas.read_parquet`` or ``pyarrow.parquet.read_table``
on ``NAME.parquet``, DuckDB on ``NAME.parquet/*.parquet`` (``table_files`` lists them). The CSV
copy of a table is always one file.

Dates (``events.output.dates.DATE_COLUMNS``) are Arrow ``date32`` in Parquet, null where unknown, and
``datetime.date`` (None) in the frames ``read`` gives; a store written before dates were typed (ISO text,
'' where unknown) is read the same, its dates read as dates.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import shutil
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from events.output import dates
from events.output.tables import BOOL_COLUMNS, CONTRACT, INT_COLUMNS, LIST_COLUMNS, for_csv
from events.settings import ROWS_PER_PART, check_rows_per_part

TABLES = ("documents", "mentions", "events")
log = logging.getLogger(__name__)

META = "store.json"


class StoreError(Exception):
    """The store folder is missing, incomplete or not a store."""


REQUIRED = CONTRACT  # the contract's columns (docs/store.md): every reader may rely on them


def _kind(name: str) -> str:
    if name in LIST_COLUMNS:
        return "list"
    if name in INT_COLUMNS:
        return "int"
    if name in BOOL_COLUMNS:
        return "bool"
    if name in dates.DATE_COLUMNS:
        return "date"
    return "text"


_KIND_WORDS = {
    "list": "a list of text",
    "int": "whole numbers",
    "bool": "true/false",
    "date": "dates (date32, or YYYY-MM-DD text as stores written before dates were typed hold)",
    "text": "text",
}


def _fits(kind: str, t: pa.DataType) -> bool:
    if pa.types.is_dictionary(t):
        t = t.value_type
    if pa.types.is_null(t):
        return True  # a column no row fills
    if kind == "list":
        return (pa.types.is_list(t) or pa.types.is_large_list(t)) and (
            pa.types.is_string(t.value_type) or pa.types.is_large_string(t.value_type) or pa.types.is_null(t.value_type)
        )
    if kind == "int":
        return pa.types.is_integer(t)
    if kind == "bool":
        return pa.types.is_boolean(t)
    if kind == "date" and (pa.types.is_date(t) or pa.types.is_timestamp(t)):
        return True
    return pa.types.is_string(t) or pa.types.is_large_string(t)


def _describe(t: pa.DataType) -> str:
    if pa.types.is_dictionary(t):
        t = t.value_type
    if pa.types.is_string(t) or pa.types.is_large_string(t):
        return "text"
    if pa.types.is_integer(t):
        return f"whole numbers ({t})"
    if pa.types.is_date(t) or pa.types.is_timestamp(t):
        return f"dates ({t})"
    return str(t)


def schema_problems(name: str, schema: pa.Schema) -> list[str]:
    """What is wrong with a table's schema (the contract's columns missing, a column of the wrong type);
    [] when nothing is. Columns the store does not know are let be."""
    problems = []
    missing = [c for c in REQUIRED.get(name, ()) if c not in schema.names]
    if missing:
        problems.append(
            f"{name}.parquet has no column{'s' if len(missing) > 1 else ''} {', '.join(map(repr, missing))}"
        )
    for field in schema:
        kind = _kind(field.name)
        if field.name in REQUIRED.get(name, ()) or field.name in LIST_COLUMNS | INT_COLUMNS | BOOL_COLUMNS | set(
            dates.DATE_COLUMNS
        ):
            if not _fits(kind, field.type):
                problems.append(
                    f"{name}.parquet column {field.name!r} holds {_describe(field.type)}, expected {_KIND_WORDS[kind]}"
                )
    return problems


def check_schema(store: Path, name: str, path: Path | None = None) -> pa.Schema:
    """The schema of the table ``name`` of a store (read from its first file's footer, not its rows).
    Raises StoreError naming the table and every column that is missing or of the wrong type."""
    store = Path(store)
    path = Path(path) if path is not None else store.resolve() / f"{name}.parquet"
    try:
        first = table_files(path)[0]
    except StoreError as exc:
        raise StoreError(f"{store} is incomplete: {exc}") from None
    try:
        schema = pq.read_schema(first)
    except FileNotFoundError:
        raise
    except Exception as exc:  # not Parquet, cut short: pyarrow's errors are many
        log.debug(f"{first}: reading its schema failed", exc_info=True)
        where = f"{path.name}/{first.name}" if first != path else path.name
        raise StoreError(f"{store}: {where} cannot be read ({exc}); rebuild the store") from None
    problems = schema_problems(name, schema)
    if problems:
        raise StoreError(
            f"{store}: {'; '.join(problems)}. It was not written by this version of the build; rebuild the store"
        )
    return schema


@dataclass(frozen=True)
class Store:
    path: Path  # the resolved version folder the tables were read from
    documents: pd.DataFrame
    mentions: pd.DataFrame
    events: pd.DataFrame
    meta: dict


def versions_dir(store: Path) -> Path:
    store = Path(store)
    return store.parent / f".{store.name}.versions"


def write(
    store: Path, tables: dict[str, pd.DataFrame], meta: dict | None = None, *, rows_per_part: int = ROWS_PER_PART
) -> Path:
    """Write the tables as a new version and point ``store`` at it atomically. Returns the version folder.

    A table of more than ``rows_per_part`` rows is written as a folder of parts (``write_table``).

    Until the link is swapped, readers see the previous store; if anything fails (or the process is
    killed) before then, the previous store stays as it was. Builds into one store take turns (a lock
    file beside the store). The version the link pointed to before is kept, so a reader in the middle
    of reading it is not cut short; older versions are removed.
    """
    store = Path(store).absolute()
    missing = [t for t in TABLES if t not in tables]
    if missing:
        raise ValueError(f"write() needs the tables {list(TABLES)}; missing {missing}")
    check_rows_per_part(rows_per_part)
    check_writable(store)
    vdir = versions_dir(store)
    try:
        vdir.mkdir(parents=True, exist_ok=True)
        (vdir.parent / f".{store.name}.lock").touch()
    except OSError as exc:
        raise StoreError(f"cannot create the store at {store} ({exc.strerror or exc})") from None
    with _lock(store):
        check_writable(store)  # again: another build may have changed it while we waited
        _remove_stale_partials(vdir)
        for link in store.parent.glob(f".{store.name}.link-*"):  # a link a killed build had made, unused
            link.unlink(missing_ok=True)
        previous = _target(store)
        version = vdir / f"{uuid.uuid4().hex[:12]}"
        partial = vdir / f"{version.name}.partial"
        partial.mkdir()
        try:
            parts = {}
            for name in TABLES:
                df = tables[name]
                parts[name] = len(write_table(df, partial / f"{name}.parquet", rows_per_part))
                for_csv(df).to_csv(partial / f"{name}.csv", index=False)
            info = dict(meta or {})
            info.update(
                {
                    "tables": {t: int(len(tables[t])) for t in TABLES},
                    "parts": parts,
                    "rows_per_part": rows_per_part,
                    "version": version.name,
                }
            )
            (partial / META).write_text(json.dumps(info, indent=2, default=str), encoding="utf-8")
            _fsync_tree(partial)
            os.rename(partial, version)
            _fsync(vdir)
        except BaseException as exc:
            shutil.rmtree(partial, ignore_errors=True)
            if isinstance(exc, OSError):  # a full disk, a folder we may not write: the user's to fix
                raise StoreError(
                    f"cannot write the store at {store} ({exc.strerror or exc}); {_left_as_it_was(store, previous)}"
                ) from exc
            raise
        try:
            _point(store, version)
        except OSError as exc:
            shutil.rmtree(version, ignore_errors=True)
            raise StoreError(
                f"cannot point {store} at the new version ({exc.strerror or exc}); {_left_as_it_was(store, previous)}"
            ) from exc
        _prune(vdir, keep={version, previous})
    return version


def _left_as_it_was(store: Path, previous: Path | None) -> str:
    """What a failed write leaves, truthfully: the previous store, or (the first build) none at all."""
    if previous is not None or (store / META).exists():
        return "the previous store is left as it was"
    return "no store was written (there was none before)"


def write_table(df: pd.DataFrame, path: Path, rows_per_part: int = ROWS_PER_PART) -> list[Path]:
    """``df`` as Parquet at ``path``: one file if it has ``rows_per_part`` rows or fewer, else a folder of parts.

    Parts are ``path/part-00000.parquet``, ``part-00001.parquet`` ... of ``rows_per_part`` rows each
    (the last one shorter), in row order, numbered with as many digits as the last number needs (at
    least five), so that sorting their names sorts them. Every part (and the single file) has the
    schema of the whole table, with a column no row fills (every list empty, say) typed as text or a
    list of text: a folder reads back with the dtypes a single file has. The date columns are written as
    ``date32`` (ISO text in ``df`` is read as dates first). Returns the files written.
    """
    check_rows_per_part(rows_per_part)
    path = Path(path)
    df = dates.typed(df)
    schema = _schema(df)
    n = len(df)
    if n <= rows_per_part:
        df.to_parquet(path, index=False, schema=schema)
        return [path]
    path.mkdir()
    count = -(-n // rows_per_part)
    width = max(5, len(str(count - 1)))
    files = []
    for i in range(count):
        part = path / f"part-{i:0{width}d}.parquet"
        df.iloc[i * rows_per_part : (i + 1) * rows_per_part].to_parquet(part, index=False, schema=schema)
        files.append(part)
    return files


def table_files(path: Path) -> list[Path]:
    """The Parquet files of the table at ``path`` in row order: ``[path]`` for a file, else its parts.

    Raises StoreError, naming the file, when the table is missing, or a part is (the part numbers
    run 0, 1, 2 ... with no gap). For tools that take a list of files (DuckDB's ``read_parquet``).
    """
    path = Path(path)
    if not path.is_dir():
        if not path.exists():
            raise StoreError(f"{path.name} is missing")
        return [path]
    parts = sorted(path.glob("part-*.parquet"))
    if not parts:
        raise StoreError(f"{path.name} is a folder with no parts (part-00000.parquet ...)")
    for i, part in enumerate(parts):
        number = part.name[len("part-") : -len(".parquet")]
        if not number.isdigit() or int(number) != i:
            raise StoreError(f"{path.name}/part-{i:0{len(number)}d}.parquet is missing")
    return parts


def _schema(df: pd.DataFrame) -> pa.Schema:
    """The Arrow schema of the whole table: the date columns as date32; a column with no value to type it
    (null) as text or list of text."""
    schema = pa.Schema.from_pandas(df, preserve_index=False)
    for i, f in enumerate(schema):
        if f.name in dates.DATE_COLUMNS:
            schema = schema.set(i, f.with_type(pa.date32()))
        elif pa.types.is_null(f.type):
            typed = {"list": pa.list_(pa.string()), "int": pa.int64(), "bool": pa.bool_()}.get(_kind(f.name))
            schema = schema.set(i, f.with_type(typed or pa.string()))
        elif pa.types.is_list(f.type) and pa.types.is_null(f.type.value_type):
            schema = schema.set(i, f.with_type(pa.list_(pa.string())))
    return schema


def check_writable(store: Path) -> None:
    """Raise StoreError unless ``store`` is free, an empty folder, or an event store (ours to replace)."""
    store = Path(store)
    if store.is_symlink():
        target = store.resolve()
        if target.exists() and not (target / META).exists():
            raise StoreError(f"{store} is a link to {target}, which is not an event store; refusing to replace it")
        return
    if not store.exists():
        return
    if not store.is_dir():
        raise StoreError(
            f"{store} exists and is a file, not an event store; refusing to replace it. Choose another --out"
        )
    if (store / META).exists():
        return
    try:
        empty = not any(store.iterdir())
    except OSError as exc:
        raise StoreError(f"cannot look into {store} ({exc.strerror or exc})") from None
    if not empty:
        raise StoreError(
            f"{store} exists and is not an event store (no {META}); refusing to replace it. "
            "Choose another --out, or an empty or new folder"
        )


def read(store: Path) -> Store:
    """Read a whole store (one version). Raises StoreError with a helpful message.

    The link is resolved once and every table read from that version; should a build remove that
    version while we read (a reader slower than two builds), the read starts again on the new one.
    """
    store = Path(store)
    for attempt in range(3):
        real = _resolve(store)
        try:
            return _read_version(store, real)
        except (FileNotFoundError, StoreError) as exc:
            if attempt < 2 and _resolve(store) != real:
                continue  # a build replaced the store (and removed this version) while we read: read the new one
            if isinstance(exc, StoreError):
                raise
            raise StoreError(f"{store} is incomplete: {exc}") from None
    raise AssertionError("unreachable")


def _resolve(store: Path) -> Path:
    if not store.exists():
        raise StoreError(f"No store at {store}. Build one with: python -m events build INPUT_DIR --out {store}")
    return store.resolve()


def _read_version(store: Path, real: Path) -> Store:
    meta_path = real / META
    if not real.is_dir() or not meta_path.exists():
        raise StoreError(f"{store} is not an event store (no {META}); build one with python -m events build")
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise StoreError(f"{store}: {META} is damaged ({exc}); rebuild the store") from None
    counts = meta.get("tables") if isinstance(meta, dict) else None
    frames = {}
    for name in TABLES:
        p = real / f"{name}.parquet"
        try:
            files = table_files(p)
        except StoreError as exc:
            raise StoreError(f"{store} is incomplete: {exc}") from None
        check_schema(store, name, p)
        try:
            df = pd.read_parquet(p)  # a folder of parts reads as one table, parts in order
        except FileNotFoundError:
            raise
        except Exception as exc:  # pyarrow's errors for a damaged file are many; all mean the same here
            log.debug(f"{p}: reading it failed", exc_info=True)
            bad, exc = _damaged(p, files, exc)
            raise StoreError(f"{store}: {bad} cannot be read ({exc}); rebuild the store") from None
        if isinstance(counts, dict) and isinstance(counts.get(name), int) and counts[name] != len(df):
            raise StoreError(
                f"{store} is incomplete: {p.name} has {len(df)} rows where {META} says "
                f"{counts[name]}; rebuild the store"
            )
        for col in LIST_COLUMNS & set(df.columns):
            df[col] = df[col].apply(lambda v: list(v) if v is not None else [])
        frames[name] = dates.typed(df)  # a store written before dates were typed: its ISO text read as dates
    return Store(real, frames["documents"], frames["mentions"], frames["events"], meta)


def _damaged(path: Path, files: list[Path], exc: Exception) -> tuple[str, Exception]:
    """Which file of a table cannot be read (``NAME.parquet``, or ``NAME.parquet/part-00003.parquet``), and why."""
    if not path.is_dir():
        return path.name, exc
    for part in files:
        try:
            pq.read_table(part)
        except FileNotFoundError:
            raise
        except Exception as part_exc:  # the damaged part: named to the user
            log.debug(f"{part}: reading it failed", exc_info=True)
            return f"{path.name}/{part.name}", part_exc
    return path.name, exc  # every part reads alone: they do not fit together (or a stray file is there)


def read_columns(store: Path, events: list[str], mentions: list[str]) -> tuple[pd.DataFrame, pd.DataFrame] | None:
    """Some columns of the events and mentions of the store at ``store`` (what a rebuild compares with), or
    None when there is none or it cannot be read (then there is nothing to compare with; said in a log line)."""
    store = Path(store)
    if not (store / META).exists():
        return None
    real = store.resolve()
    try:
        ev = pd.read_parquet(real / "events.parquet", columns=events)
        mentions_table = pd.read_parquet(real / "mentions.parquet", columns=mentions)
    except Exception as exc:  # a damaged or foreign store: the rebuild goes on, without a comparison
        log.warning(f"{store}: the previous store cannot be read for a comparison ({type(exc).__name__}: {exc})")
        log.debug("reading the previous store failed", exc_info=True)
        return None
    return dates.typed(ev), dates.typed(mentions_table)


def version_of(store: Path) -> str:
    """A cheap token that changes whenever the store is rebuilt (for caches)."""
    store = Path(store)
    try:
        return str(store.resolve())
    except OSError:
        return ""


@contextmanager
def _lock(store: Path):
    """An exclusive lock on a file beside the store, held while one build writes it."""
    path = store.parent / f".{store.name}.lock"
    with open(path, "a+b") as fh:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def _target(store: Path) -> Path | None:
    """The version folder the store link points to now, if any."""
    if store.is_symlink():
        try:
            return store.resolve(strict=True)
        except (OSError, RuntimeError):
            return None
    return None


def _point(store: Path, version: Path) -> None:
    """Swap the link: a new link beside the store, renamed over it in one step."""
    link_tmp = store.parent / f".{store.name}.link-{uuid.uuid4().hex[:8]}"
    os.symlink(os.path.relpath(version, store.parent), link_tmp)
    try:
        if store.exists() and not store.is_symlink():
            # An old-style real folder (or an empty one): move it into the versions folder first (one-time).
            os.rename(store, versions_dir(store) / f"legacy-{uuid.uuid4().hex[:8]}")
        os.replace(link_tmp, store)
    except OSError:
        link_tmp.unlink(missing_ok=True)
        raise
    _fsync(store.parent)


def _remove_stale_partials(vdir: Path) -> None:
    """Half-written versions of builds that failed or were killed (we hold the lock: no build is writing)."""
    for p in vdir.glob("*.partial"):
        shutil.rmtree(p, ignore_errors=True)


def _prune(vdir: Path, keep: set[Path | None]) -> None:
    """Remove every version but the ones to keep (the new one and the one before it)."""
    keep_names = {p.name for p in keep if p is not None}
    for old in vdir.iterdir():
        if old.is_dir() and not old.is_symlink() and old.name not in keep_names and not old.name.endswith(".partial"):
            shutil.rmtree(old, ignore_errors=True)


def _fsync_tree(path: Path) -> None:
    """Make every file under ``path`` durable, and the folders' entries (the parts of a table in theirs)."""
    for f in path.iterdir():
        if f.is_dir() and not f.is_symlink():
            _fsync_tree(f)
            continue
        with open(f, "rb") as fh:
            os.fsync(fh.fileno())
    _fsync(path)


def _fsync(path: Path) -> None:
    """Make a folder's entries (a rename, a new link) durable; a no-op where folders cannot be synced."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError as exc:  # a file system that cannot sync folders: the rename is as durable as it makes it
        log.debug(f"{path}: the folder cannot be synced ({exc.strerror or exc})")
    finally:
        os.close(fd)
