"""The event store: a folder with documents, mentions and events as Parquet and CSV.

Writes are atomic. ``STORE`` is a symbolic link to a complete version folder beside it
(``.STORE.versions/<id>``); a build writes a new version folder, then swaps the link
with one ``os.replace``. A build that fails or is killed never touches the link, so
readers always see the last good store, whole. Readers resolve the link once and read
every table from that one version.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from events.tables import LIST_COLUMNS, for_csv

TABLES = ("documents", "mentions", "events")
META = "store.json"


class StoreError(Exception):
    """The store folder is missing, incomplete or not a store."""


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


def write(store: Path, tables: dict[str, pd.DataFrame], meta: dict | None = None) -> Path:
    """Write the tables as a new version and point ``store`` at it atomically. Returns the version folder.

    Until the link is swapped, readers see the previous store; if anything fails (or the process is
    killed) before then, the previous store stays as it was. Builds into one store take turns (a lock
    file beside the store). The version the link pointed to before is kept, so a reader in the middle
    of reading it is not cut short; older versions are removed.
    """
    store = Path(store).absolute()
    missing = [t for t in TABLES if t not in tables]
    if missing:
        raise ValueError(f"write() needs the tables {list(TABLES)}; missing {missing}")
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
            for name in TABLES:
                df = tables[name]
                df.to_parquet(partial / f"{name}.parquet", index=False)
                for_csv(df).to_csv(partial / f"{name}.csv", index=False)
            info = dict(meta or {})
            info.update({"tables": {t: int(len(tables[t])) for t in TABLES}, "version": version.name})
            (partial / META).write_text(json.dumps(info, indent=2, default=str), encoding="utf-8")
            _fsync_dir(partial)
            os.rename(partial, version)
            _fsync(vdir)
        except BaseException as exc:
            shutil.rmtree(partial, ignore_errors=True)
            if isinstance(exc, OSError):  # a full disk, a folder we may not write: the user's to fix
                raise StoreError(f"cannot write the store at {store} ({exc.strerror or exc}); "
                                 "the previous store is left as it was") from exc
            raise
        try:
            _point(store, version)
        except OSError as exc:
            shutil.rmtree(version, ignore_errors=True)
            raise StoreError(f"cannot point {store} at the new version ({exc.strerror or exc}); "
                             "the previous store is left as it was") from exc
        _prune(vdir, keep={version, previous})
    return version


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
        raise StoreError(f"{store} exists and is a file, not an event store; refusing to replace it. "
                         "Choose another --out")
    if (store / META).exists():
        return
    try:
        empty = not any(store.iterdir())
    except OSError as exc:
        raise StoreError(f"cannot look into {store} ({exc.strerror or exc})") from None
    if not empty:
        raise StoreError(f"{store} exists and is not an event store (no {META}); refusing to replace it. "
                         "Choose another --out, or an empty or new folder")


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
    frames = {}
    for name in TABLES:
        p = real / f"{name}.parquet"
        if not p.exists():
            raise StoreError(f"{store} is incomplete: {p.name} is missing")
        try:
            df = pd.read_parquet(p)
        except FileNotFoundError:
            raise
        except Exception as exc:  # pyarrow's errors for a damaged file are many; all mean the same here
            raise StoreError(f"{store}: {p.name} cannot be read ({exc}); rebuild the store") from None
        for col in LIST_COLUMNS & set(df.columns):
            df[col] = df[col].apply(lambda v: list(v) if v is not None else [])
        frames[name] = df
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise StoreError(f"{store}: {META} is damaged ({exc}); rebuild the store") from None
    return Store(real, frames["documents"], frames["mentions"], frames["events"], meta)


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


def _fsync_dir(path: Path) -> None:
    for f in path.iterdir():
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
    except OSError:
        pass
    finally:
        os.close(fd)
