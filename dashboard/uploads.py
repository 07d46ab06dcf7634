"""Adding articles: save uploaded or pasted text into the input folder, then rebuild the store.

Uploads are limited in type and size and their names made safe (``export.safe_filename``); a file
never overwrites another (a number is added). A publication date given with pasted text goes into
the folder's ``manifest.csv`` (written whole to a temporary file, then moved into place).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
from collections.abc import Callable, Iterable
from pathlib import Path

from events.export import safe_filename

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
        raise UploadError(f"{name}: {suffix or 'no extension'} files are not accepted; "
                          f"expected one of {list(ALLOWED_SUFFIXES)}")
    if len(data) > MAX_UPLOAD_BYTES:
        raise UploadError(f"{name}: {len(data):,} bytes is over the limit of {MAX_UPLOAD_BYTES:,}")
    if not data.strip():
        raise UploadError(f"{name}: the file is empty")
    if b"\x00" in data[:8192]:
        raise UploadError(f"{name}: binary content, not text")
    stem = safe_filename(Path(str(name)).stem, default="article")
    return stem + suffix


def save_upload(input_dir: Path, name: str, data: bytes) -> Path:
    """Save one uploaded file into ``input_dir`` under a safe, new name. Returns the path written."""
    safe = check(name, data)
    path = _unique(Path(input_dir), safe)
    _write_atomic(path, data)
    return path


def save_pasted(input_dir: Path, text: str, *, title: str = "", outlet: str = "", url: str = "",
                published: dt.date | None = None) -> Path:
    """Save pasted text as a .txt article; its title, outlet, url and date go into the manifest."""
    data = (text or "").encode("utf-8")
    name = safe_filename(title or "pasted-article", default="pasted-article")[:60] + ".txt"
    check(name, data)
    path = _unique(Path(input_dir), name)
    _write_atomic(path, data)
    if title or outlet or url or published:
        add_manifest_row(Path(input_dir), {"doc_id": path.stem, "title": title.strip(), "outlet": outlet.strip(),
                                           "url": url.strip(), "published": published.isoformat() if published else ""})
    return path


def add_manifest_row(input_dir: Path, row: dict[str, str]) -> None:
    """Add (or replace, by doc_id) one row of the input folder's manifest.csv."""
    path = Path(input_dir) / MANIFEST
    rows: list[dict[str, str]] = []
    header = list(MANIFEST_COLUMNS)
    if path.exists():
        reader = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig")))
        header += [h for h in (reader.fieldnames or []) if h not in header]
        rows = [r for r in reader if (r.get("doc_id") or "") != row["doc_id"]]
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


def rebuild(input_dir: Path, store_path: Path, report: Callable[[int, int, str], None] | None = None,
            built_at: dt.datetime | None = None):
    """Rebuild the store from ``input_dir`` (atomically; a failed build leaves the old store). Returns the result."""
    from events import pipeline

    progress = progress_adapter(report) if report else None
    return pipeline.build(Path(input_dir), Path(store_path), progress=progress, built_at=built_at)


def _unique(folder: Path, name: str) -> Path:
    path = folder / name
    stem, suffix = path.stem, path.suffix
    n = 1
    while path.exists():
        n += 1
        path = folder / f"{stem}-{n}{suffix}"
    return path


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
