"""Adding articles: save uploaded or pasted text into the user's inbox folder, then rebuild the store.

The inbox is a folder in the user's data folder (``events.settings.default_inbox``:
``$EVENTS_DATA_DIR/inbox``, else ``$XDG_DATA_HOME/events-timeline/inbox``, else
``~/.local/share/events-timeline/inbox``), never the repository's ``seeds/``; the store is built
from its input folder and the inbox (``pipeline`` reads the inbox after the input folder).

Uploads are limited in type and size and their names made safe (``export.safe_filename``). Saving is
safe with many visitors at once: under a lock on the folder, a name is taken that no file (whatever its
extension: the stem is the document's id), no manifest row and no name the build reserves
(``manifest.csv``, ``overrides.toml``, ``README.md``) holds; the text is written to a temporary file and
linked into place, so it never overwrites another and is never seen half written. A title, outlet or
publication date given with pasted text becomes a new row of the folder's ``manifest.csv`` (written
whole to a temporary file, then moved into place, under the same lock): a row is never replaced.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import fcntl
import io
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from events.output.export import safe_filename
from events.reading import ingest

ALLOWED_SUFFIXES = (".txt", ".md", ".html")
MAX_UPLOAD_MB = 3
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024
MANIFEST = "manifest.csv"
MANIFEST_COLUMNS = ["doc_id", "title", "outlet", "url", "published"]


class UploadError(ValueError):
    """An upload that cannot be accepted; the message says why."""


def check(name: str, data: bytes) -> str:
    """The safe file name to save ``data`` under, or UploadError saying why not."""
    suffix = Path(str(name)).suffix.lower()
    if suffix not in ALLOWED_SUFFIXES:
        raise UploadError(
            f"{name}: {suffix or 'no extension'} files are not accepted; expected one of {list(ALLOWED_SUFFIXES)}"
        )
    if len(data) > MAX_UPLOAD_BYTES:
        raise UploadError(f"{name}: {len(data):,} bytes is over the limit of {MAX_UPLOAD_BYTES:,}")
    if not data.strip():
        raise UploadError(f"{name}: the file is empty")
    kind = ingest.binary_kind(data)
    if kind or ingest.decode(data) is None:  # what the build reads (UTF-16 with its mark too), it accepts
        raise UploadError(f"{name}: binary content{f' ({kind})' if kind else ''}, not text")
    stem = safe_filename(Path(str(name)).stem, default="article")
    return stem + suffix


def inbox_dir() -> Path:
    """The folder added articles are saved in (see the module doc)."""
    from events.settings import default_inbox

    return default_inbox()


def save_upload(input_dir: Path, name: str, data: bytes) -> Path:
    """Save one uploaded file into ``input_dir`` (created if need be) under a safe, new name. Returns the
    path written."""
    safe = check(name, data)
    with _locked(Path(input_dir)) as folder:
        return _claim(folder, safe, data)


def save_pasted(
    input_dir: Path, text: str, *, title: str = "", outlet: str = "", url: str = "", published: dt.date | None = None
) -> Path:
    """Save pasted text as a .txt article; its title, outlet, url and date go into the manifest, each as
    one plain line (a line break pasted into a title would end the manifest's row)."""
    title, outlet, url = (ingest.plain_line(v or "") for v in (title, outlet, url))
    data = (text or "").encode("utf-8")
    name = safe_filename(title or "pasted-article", default="pasted-article")[:60] + ".txt"
    check(name, data)
    with _locked(Path(input_dir)) as folder:
        path = _claim(folder, name, data)
        if title or outlet or url or published:
            _add_row(
                folder,
                {
                    "doc_id": path.stem,
                    "title": title.strip(),
                    "outlet": outlet.strip(),
                    "url": url.strip(),
                    "published": published.isoformat() if published else "",
                },
            )
    return path


def add_manifest_row(input_dir: Path, row: dict[str, str]) -> None:
    """Add one row to the folder's manifest.csv. A row for a doc_id the manifest already has is refused
    (ValueError): it would silently take another document's title and date."""
    with _locked(Path(input_dir)) as folder:
        _add_row(folder, row)


def _add_row(folder: Path, row: dict[str, str]) -> None:
    path = folder / MANIFEST
    rows: list[dict[str, str]] = []
    header = list(MANIFEST_COLUMNS)
    if path.exists():
        reader = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig")))
        header += [h for h in (reader.fieldnames or []) if h not in header]
        rows = list(reader)
    if any((r.get("doc_id") or "") == row["doc_id"] for r in rows):
        raise ValueError(f"{MANIFEST} already has a row for {row['doc_id']!r}; not replaced")
    rows.append(row)
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=header, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for r in rows:
        writer.writerow({k: ("" if r.get(k) is None else r.get(k)) for k in header})
    _write_atomic(path, buf.getvalue().encode("utf-8"))


def progress_adapter(report: Callable[[int, int, str], None]) -> Callable:
    """A ``progress`` argument for ``pipeline.build`` that calls ``report(done, total, what)``."""

    def progress(items: Iterable, desc: str = "", unit: str = "", **_):
        items = list(items)
        total = len(items)
        report(0, total, desc)
        for i, item in enumerate(items, start=1):
            yield item
            report(i, total, desc)

    return progress


def rebuild(
    input_dir: Path,
    store_path: Path,
    report: Callable[[int, int, str], None] | None = None,
    built_at: dt.datetime | None = None,
    inbox: Path | None = None,
):
    """Rebuild the store from ``input_dir`` and the inbox (``inbox``, by default ``inbox_dir()`` when it
    exists), atomically: a failed build leaves the old store. Returns the result (``result.changes`` says
    what changed)."""
    from events import pipeline
    from events.settings import Settings

    inbox = inbox_dir() if inbox is None else Path(inbox)
    settings = Settings(inbox=str(inbox) if inbox.is_dir() else "")
    progress = progress_adapter(report) if report else None
    return pipeline.build(Path(input_dir), Path(store_path), settings, progress=progress, built_at=built_at)


def not_read(result, names: Iterable[str]) -> dict[str, str]:
    """Of the files saved in the inbox (``names``), those the build did not read, with its reason."""
    from events.pipeline import INBOX_PREFIX

    skipped = {s.path: s.reason for s in result.skipped}
    return {n: skipped[INBOX_PREFIX + n] for n in names if INBOX_PREFIX + n in skipped}


def batch_lines(saved: Iterable[str], errors: Iterable[str], result) -> tuple[list[str], list[str]]:
    """After the rebuild, one line for every file of an upload batch: those added, and the problems (files
    not saved, with ``errors``' reasons, and files saved that the build did not read, with its reason)."""
    saved = list(saved)
    skipped = not_read(result, saved)
    read = [n for n in saved if n not in skipped]
    added = [f"Added {', '.join(read)}."] if read else []
    return added, list(errors) + [f"Not read: {n} ({why})." for n, why in skipped.items()]


RESERVED = {n.lower() for n in ingest.IGNORED_NAMES}  # names the build does not read as articles


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[Path]:
    """The folder (created if need be), locked against every other saver (threads and processes)."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".lock", "a+b") as fh:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        try:
            yield folder
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def _taken(folder: Path) -> set[str]:
    """Stems (ids) in use: every file's, and every manifest row's doc_id (lower case)."""
    stems = {p.stem.lower() for p in folder.iterdir()}
    manifest, _ = ingest.read_manifest(folder) if (folder / MANIFEST).exists() else ({}, [])
    return stems | {k.lower() for k in manifest}


def _claim(folder: Path, name: str, data: bytes) -> Path:
    """Write ``data`` under ``name`` or ``stem-N.suffix``: the first whose stem is free and which is no reserved
    name. Written to a temporary file, then linked to the name (which fails rather than replace a file)."""
    stem, suffix = Path(name).stem, Path(name).suffix
    taken = _taken(folder)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".upload-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        n = 1
        while True:
            candidate = f"{stem}{suffix}" if n == 1 else f"{stem}-{n}{suffix}"
            n += 1
            if Path(candidate).stem.lower() in taken or candidate.lower() in RESERVED:
                continue
            try:
                os.link(tmp, folder / candidate)
            except FileExistsError:
                continue
            return folder / candidate
    finally:
        os.unlink(tmp)


def _write_atomic(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
