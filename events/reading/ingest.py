"""Read an input folder: every .txt/.md/.html file (and an optional manifest.csv) -> Documents.

Unreadable or unsupported files are not errors: each becomes a ``Skipped`` with the reason
(empty, binary, too large, unsupported type, a link out of the folder, a duplicate ...), and
the rest of the folder is read. Documents with the same text are read once.

Text is decoded from bytes by a byte-order mark, then UTF-8, then charset-normalizer with a
preference for Windows-1252 (a superset of Latin-1's printable characters) when it fits the
bytes as well as the detector's first choice: short Western news is where detectors guess wrong.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import logging
import os
import re
import stat
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from events.records import Document
from events.settings import SUFFIXES, Settings

log = logging.getLogger("events.reading.ingest")

MANIFEST = "manifest.csv"
MANIFEST_COLUMNS = ("doc_id", "title", "outlet", "url", "published")
IGNORED_NAMES = {MANIFEST, "overrides.toml", "README.md"}
HTML_SUFFIXES = (".html", ".htm")

# Signatures of common binary formats: (magic bytes, what it is). Only prefixes no article starts with;
# other binary files (executables, media) hold NUL bytes and are caught by that.
SIGNATURES = (
    (b"%PDF-", "PDF document"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"PK\x03\x04", "ZIP archive or Office document"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-zip archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old Office document"),
    (b"\x7fELF", "executable"),
    (b"{\\rtf", "RTF document"),
    (b"\x00\x00\x00\x18ftyp", "MP4 video"),
    (b"\x00\x00\x00\x20ftyp", "MP4 video"),
    (b"SQLite format 3\x00", "SQLite database"),
)
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE, whose BOM it starts with
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
WESTERN = {"cp1252", "latin_1", "iso8859_15", "iso8859_1"}
SAMPLE = 65536  # bytes looked at to tell binary from text
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff\ufffe\uffff]")
_BLANK_RUNS = re.compile(r"\n{3,}")
_ESCAPED = re.compile("[\udc80-\udcff]")
_SURROGATES = re.compile("[\ud800-\udfff]")
_CONTROLS_ALL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# Bidirectional formatting characters: an override (U+202E) makes text read backwards on screen, so a title or
# quote shows something other than what it holds ("Trojan Source"); marks and isolates likewise reorder it.
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# Zero-width characters: invisible, yet they split a word for every search ("Gen\u200beva" is not "Geneva").
_ZERO_WIDTH = re.compile("[\u180e\u200b-\u200d\u2060]")
_SPACE_RUNS = re.compile(r"\s+")
# controls, bidirectional formatting and zero-width characters, in one pass over a text
_REMOVED = re.compile(_CONTROLS.pattern[:-1] + _BIDI.pattern[1:-1] + _ZERO_WIDTH.pattern[1:])
_UNSEEN = re.compile(_BIDI.pattern[:-1] + _ZERO_WIDTH.pattern[1:])  # what plain_line drops
MAX_DEPTH = 64  # folders deeper than this below the input folder are named and not read
NUL_SHARE = 0.01  # text holds at most this share of NUL bytes; more is binary


@dataclass(frozen=True)
class Skipped:
    path: str
    reason: str

    def line(self) -> str:
        """One line, whatever the file is called (a line break in a name cannot start a line of its own)."""
        return f"skipped {one_line(self.path)}: {one_line(self.reason)}"


def one_line(text: str) -> str:
    """Text for a log line: control characters (a line break in a file name) written as escapes."""
    return _CONTROLS_ALL.sub(lambda m: repr(m.group())[1:-1], str(text))


def plain_line(text: str) -> str:
    """A title, outlet or URL as one plain line: no control or bidirectional formatting characters,
    white space runs as one space."""
    text = _UNSEEN.sub("", _CONTROLS.sub(" ", text))
    return _SPACE_RUNS.sub(" ", text).strip()


@dataclass(frozen=True)
class ManifestRow:
    doc_id: str
    title: str = ""
    outlet: str = ""
    url: str = ""
    published: dt.date | None = None
    line: int = 0  # its line in manifest.csv, for messages


# --------------------------------------------------------------------------------------------- manifest


def read_manifest(folder: Path, limit: int = Settings.max_file_bytes) -> tuple[dict[str, ManifestRow], list[str]]:
    """The manifest's rows by doc_id, and a list of problems, each naming the file, the line and what is wrong.

    A missing manifest is no problem; a broken one never raises: its good rows are kept. The manifest is
    read as an article is (``read_side_file``): a regular file inside the folder, at most ``limit`` bytes.
    """
    path = Path(folder) / MANIFEST
    rows: dict[str, ManifestRow] = {}
    problems: list[str] = []
    if not os.path.lexists(path):
        return rows, problems
    data, why = read_side_file(path, Path(folder), limit)
    if data is None:
        return rows, [f"{path}: {why}; going on without the manifest"]
    text = decode(data)
    if text is None:
        return rows, [f"{path}: the manifest is binary, not CSV text; going on without it"]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        return rows, [f"{path}: the manifest is empty; going on without it"]
    lines = text.split("\n")
    try:
        header = [h.strip().lower() for h in next(csv.reader(lines[:1]))]
    except (StopIteration, csv.Error) as exc:
        return rows, [f"{path}:1: cannot read the header ({exc}); going on without the manifest"]
    if "doc_id" not in header:
        return rows, [
            f"{path}:1: the manifest has no doc_id column (found {header}); "
            f"expected columns {list(MANIFEST_COLUMNS)}; going on without it"
        ]
    unknown = [h for h in header if h not in MANIFEST_COLUMNS]
    if unknown:
        problems.append(f"{path}:1: unknown column(s) {unknown} ignored; expected {list(MANIFEST_COLUMNS)}")
    missing = [c for c in MANIFEST_COLUMNS if c not in header]
    if missing:
        problems.append(f"{path}:1: no column(s) {missing}; those fields stay empty")
    first_line: dict[str, int] = {}
    for lineno, rec, problem in manifest_records(lines):
        if problem:
            problems.append(f"{path}:{lineno}: {problem}")
        if rec is None:
            continue
        if not any(cell.strip() for cell in rec):
            continue
        if len(rec) > len(header):
            problems.append(
                f"{path}:{lineno}: {len(rec)} fields but the header has {len(header)}; "
                f"the extra fields are ignored (a comma inside a title needs quotes)"
            )
        elif len(rec) < len(header):
            problems.append(
                f"{path}:{lineno}: {len(rec)} field{'s' if len(rec) != 1 else ''} but the header has "
                f"{len(header)}; the missing fields ({', '.join(header[len(rec) :])}) stay empty"
            )
        cell = {h: (rec[i].strip() if i < len(rec) else "") for i, h in enumerate(header)}
        doc_id = cell.get("doc_id", "")
        if not doc_id:
            problems.append(f"{path}:{lineno}: empty doc_id; row ignored")
            continue
        if doc_id in rows:
            problems.append(
                f"{path}:{lineno}: doc_id {doc_id!r} appears again (first on line "
                f"{first_line[doc_id]}); the first row is kept"
            )
            continue
        published, why, said = parse_published(cell.get("published", ""))
        if why:
            problems.append(f"{path}:{lineno}: published {cell['published']!r} {why}; left empty")
        elif said:
            log.info(f"{path}:{lineno}: published {cell['published']!r} read as {said}")
        first_line[doc_id] = lineno
        rows[doc_id] = ManifestRow(
            doc_id=doc_id,
            title=plain_line(cell.get("title", "")),
            outlet=plain_line(cell.get("outlet", "")),
            url=plain_line(cell.get("url", "")),
            published=published,
            line=lineno,
        )
    return rows, problems


def manifest_records(lines: list[str]):
    """(line number, fields or None, problem or '') for each line after the header, row for row.

    A manifest row is one line: a quote that is not closed on its line (which a CSV reader would let
    run on, swallowing every later row into one field) is named with its line, that row is ignored and
    the next line is read as the next row. Blank lines are passed over.
    """
    for i, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        try:
            yield i, next(csv.reader([line], strict=True)), ""
        except csv.Error as exc:
            if _opens_quote(line):
                yield (
                    i,
                    None,
                    (
                        "a quote opened on this line is not closed on it (a row is one line; a quote "
                        'inside a field is written twice, ""); row ignored, the next line read as the next row'
                    ),
                )
            else:
                yield i, None, f"not valid CSV ({exc}); row ignored"


def _opens_quote(line: str) -> bool:
    """Does this line end inside a quoted field (a closing quote after it would make it valid CSV)?"""
    try:
        next(csv.reader([line + '"'], strict=True))
    except csv.Error:
        return False
    return True


def parse_iso_date(raw: str) -> tuple[dt.date | None, str]:
    """(date, '') for a real YYYY-MM-DD date; (None, why not) otherwise; (None, '') for an empty cell."""
    raw = raw.strip()
    if not raw:
        return None, ""
    if not _ISO_DATE.fullmatch(raw):
        return None, "is not a date in the form YYYY-MM-DD"
    try:
        day = dt.date.fromisoformat(raw)
    except ValueError as exc:
        return None, f"is not a real date ({exc})"
    return in_calendar(day)


def parse_published(raw: str) -> tuple[dt.date | None, str, str]:
    """A manifest's `published` cell as a person or a feed types it ("Oct 31, 2025 5:00 PM EST",
    "31.10.2025", "2025-10-31"): (day, why not, what was read). A day is needed: a month or a year, a phrase
    counted from today, or text that is no date is named and left empty."""
    from events.text.dates import read_typed

    raw = " ".join(raw.split())
    if not raw or _ISO_DATE.fullmatch(raw):
        day, why = parse_iso_date(raw)
        return day, why, ""
    try:
        found = read_typed(raw)
    except ValueError as exc:
        return None, f"cannot be read ({exc})", ""
    if found.precision != "day":
        return None, f"names a {found.precision} ({found.said}), not the day it was published", ""
    day, why = in_calendar(found.start)
    return day, why, found.said if day else ""


# Publication dates the pipeline can reckon from: relative dates ("a decade ago", "next week") and merging's
# windows add and subtract days, which the calendar's first and last years (0001, 9999) have no room for.
PUBLISHED_RANGE = (dt.date(1000, 1, 1), dt.date(8999, 12, 31))


def in_calendar(day: dt.date) -> tuple[dt.date | None, str]:
    """(day, '') for a publication date inside PUBLISHED_RANGE; (None, why not) for one outside it."""
    low, high = PUBLISHED_RANGE
    if low <= day <= high:
        return day, ""
    return None, f"is outside the dates a publication date can have ({low} to {high})"


def _manifest_row(manifest: dict[str, ManifestRow], doc_id: str, rel: str) -> ManifestRow | None:
    """The row for a file: by doc_id, else by its relative path, else (for a plain stem id) its file name."""
    row = manifest.get(doc_id) or manifest.get(rel)
    if row is None and doc_id == Path(rel).stem:
        row = manifest.get(Path(rel).name)
    return row


# ------------------------------------------------------------------------------------------------ files


def read_side_file(path: Path, folder: Path | None, limit: int) -> tuple[bytes | None, str]:
    """The bytes of a manifest or overrides file, or (None, why not): the rules articles follow. It must be a
    regular file (not a named pipe or a device, which would block the build or never end), at most ``limit``
    bytes, and, when ``folder`` is given, a link must stay inside that folder (a link out of it is not
    followed, so nothing of another file is ever shown)."""
    path = Path(path)
    try:
        if path.is_symlink() and folder is not None:
            try:
                target = path.resolve(strict=True)
            except (OSError, RuntimeError):
                return None, "a link to nothing (its target does not exist)"
            if not target.is_relative_to(Path(folder).resolve()):
                return None, f"a link pointing outside the input folder (to {file_name(str(target))}); not followed"
        st = path.stat()
        if not stat.S_ISREG(st.st_mode):
            return None, f"not a regular file ({_file_kind(st.st_mode)})"
        if st.st_size > limit:
            return None, f"too large: {st.st_size:,} bytes, over the limit of {limit:,} bytes"
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # a file swapped for a pipe since stat() cannot block
        with os.fdopen(fd, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
                return None, "not a regular file"
            data = fh.read(limit + 1)
    except OSError as exc:
        return None, f"cannot read it ({exc.strerror or exc})"
    if len(data) > limit:
        return None, f"too large: over the limit of {limit:,} bytes"
    return data, ""


def _file_kind(mode: int) -> str:
    for test, what in (
        (stat.S_ISFIFO, "a named pipe"),
        (stat.S_ISCHR, "a device"),
        (stat.S_ISBLK, "a device"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISDIR, "a folder"),
    ):
        if test(mode):
            return what
    return "a special file"


def candidate_files(folder: Path, exclude: Path | None = None) -> list[Path]:
    """Every file (and link to a folder) below the folder, in a stable order; the manifest and
    overrides file excluded, hidden files and folders too, and the folder ``exclude`` (an inbox inside
    the input folder, read as the inbox). A folder deeper than MAX_DEPTH is listed as a path of its own
    (``read_file`` names it), not entered."""
    return [p for p, _ in _walk(Path(folder), exclude)]


def _walk(folder: Path, exclude: Path | None = None) -> list[tuple[Path, int]]:
    """(path, depth) of every candidate file, depth first in name order, without recursion (a folder
    nested a thousand deep is still a list, not a stack)."""
    out: list[tuple[Path, int]] = []
    skip = exclude.resolve() if exclude is not None else None
    stack: list[tuple[Path, int]] = [(folder, 0)]
    while stack:
        here, depth = stack.pop()
        try:
            entries = sorted(os.scandir(here), key=lambda e: e.name)
        except OSError as exc:
            log.warning(one_line(f"{here}: cannot list the folder ({exc.strerror or exc}); not read"))
            continue
        below: list[tuple[Path, int]] = []
        files: list[tuple[Path, int]] = []
        for entry in entries:
            name = entry.name
            if name.startswith(".") or (name in IGNORED_NAMES and depth == 0):
                continue
            path = here / name
            is_dir = entry.is_dir(follow_symlinks=False)
            if is_dir and skip is not None and path.resolve() == skip:
                continue
            if is_dir and depth + 1 < MAX_DEPTH:
                below.append((path, depth + 1))
            else:
                files.append((path, depth + 1))
        out.extend(files)
        stack.extend(reversed(below))  # each folder's own files first, then its folders, as os.walk goes
    return out


def read_folder(
    folder: Path, settings: Settings = Settings(), exclude: Path | None = None
) -> Iterator[Document | Skipped]:
    """Documents and Skipped records, one per file, in a stable order (``exclude``: a folder inside it
    not to read, see ``candidate_files``).

    Problems with the manifest are logged as warnings naming the file and line.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise NotADirectoryError(f"Input folder {folder} does not exist or is not a folder")
    manifest, problems = read_manifest(folder, settings.max_file_bytes)
    for p in problems:
        log.warning(one_line(p))
    root = folder.resolve()
    files = candidate_files(folder, exclude)
    real_files = {p.resolve() for p in files if not p.is_symlink()}
    seen: dict[str, str] = {}  # sha256 of text -> path that had it first
    ids: set[str] = set()
    used_rows: set[str] = set()
    for path in files:
        rel = file_name(path.relative_to(folder).as_posix())
        try:
            result = read_file(path, rel, root, settings, real_files)
        except Exception as exc:  # one file's unexpected failure (a missing optional library, say) costs that file only
            log.debug(f"{rel}: reading it failed", exc_info=True)
            result = Skipped(rel, f"failed while reading it ({type(exc).__name__}: {exc})")
        if isinstance(result, Skipped):
            yield result
            continue
        stem, text, html_meta, raw_chars = result
        stem = plain_line(file_name(stem)) or "document"  # no line break or reordering mark in an id
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        if digest in seen:
            yield Skipped(rel, f"same text as {seen[digest]}; read once")
            continue
        seen[digest] = rel
        doc_id = _unique_id(stem, rel, ids)
        m = _manifest_row(manifest, doc_id, rel)
        if m is not None:
            used_rows.add(m.doc_id)
        published = m.published if m and m.published else None
        html_date, why = in_calendar(html_meta["published"]) if html_meta.get("published") else (None, "")
        if why:
            log.warning(one_line(f"{rel}: the page's publication date {html_meta['published']} {why}; not used"))
        yield Document(
            doc_id=doc_id,
            path=rel,
            text=text,
            title=(m.title if m and m.title else html_meta.get("title", "")),
            outlet=(m.outlet if m and m.outlet else html_meta.get("outlet", "")),
            url=(m.url if m and m.url else html_meta.get("url", "")),
            published=published or html_date,
            published_basis="given" if published else ("text" if html_date else "unknown"),
            published_reason="manifest" if published else ("HTML metadata" if html_date else ""),
            n_chars=len(text),
            sha256=digest,
            raw_chars=raw_chars,
        )
    stems = {p.stem for p in files} | {p.name for p in files} | {p.relative_to(folder).as_posix() for p in files}
    for doc_id, row in sorted(manifest.items(), key=lambda kv: kv[1].line):
        if doc_id not in used_rows and doc_id not in stems:
            log.warning(
                one_line(f"{folder / MANIFEST}:{row.line}: doc_id {doc_id!r} names no file in {folder}; row ignored")
            )


def file_name(name: str) -> str:
    """A file name as text: bytes that are not UTF-8 (Python keeps them as lone surrogates, which no
    table can store) read as Windows-1252, as legacy file names mostly are."""
    if not _SURROGATES.search(name):
        return name
    return _decode_counting(name.encode("utf-8", errors="surrogateescape"))[0]


def _unique_id(stem: str, rel: str, ids: set[str]) -> str:
    """The file's stem, or (when another file has that stem) its relative path made into an id."""
    doc_id = stem
    if doc_id in ids:
        base = re.sub(r"[^\w.-]+", "_", rel)
        doc_id, n = base, 2
        while doc_id in ids:
            doc_id, n = f"{base}~{n}", n + 1
        log.warning(one_line(f"{rel}: another file already has the doc_id {stem!r}; this one is {doc_id!r}"))
    ids.add(doc_id)
    return doc_id


def read_file(path: Path, rel: str, root: Path, settings: Settings, real_files: set[Path] | None = None):
    """(stem, text, html_meta, raw_chars) or Skipped."""
    suffix = path.suffix.lower()
    if not path.is_symlink() and path.is_dir():
        return Skipped(rel, f"a folder more than {MAX_DEPTH} levels below the input folder; its files are not read")
    if path.is_symlink():
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError):
            return Skipped(rel, "a link to nothing (its target does not exist)")
        if not target.is_relative_to(root):
            return Skipped(rel, f"a link pointing outside the input folder (to {file_name(str(target))}); not followed")
        if target.is_dir():
            return Skipped(
                rel,
                f"a link to the folder {file_name(target.relative_to(root).as_posix())} "
                "inside the input folder; its files are read there",
            )
        if real_files is not None and target in real_files:
            return Skipped(rel, f"a link to {file_name(target.relative_to(root).as_posix())}; read once, there")
    if suffix not in SUFFIXES:
        return Skipped(rel, f"unsupported file type {suffix or '(no extension)'}; expected one of {list(SUFFIXES)}")
    try:
        st = path.stat()
        if not stat.S_ISREG(st.st_mode):
            return Skipped(rel, "not a regular file")
        if st.st_size > settings.max_file_bytes:
            return Skipped(
                rel,
                f"too large: {st.st_size:,} bytes, over the limit of {settings.max_file_bytes:,} "
                "bytes (raise it with --max-file-bytes)",
            )
        with open(path, "rb") as fh:
            # the size it had (read(n) makes an n-byte buffer first: the limit's 5 MB per file cost more than the read)
            want = min(st.st_size, settings.max_file_bytes) + 1
            data = fh.read(want)
            if len(data) == want and want <= settings.max_file_bytes:  # it grew since: the rest, up to the limit
                data += fh.read(settings.max_file_bytes + 1 - want)
    except OSError as exc:
        return Skipped(rel, f"cannot read it ({exc.strerror or exc})")
    if len(data) > settings.max_file_bytes:
        return Skipped(
            rel, f"too large: over the limit of {settings.max_file_bytes:,} bytes (raise it with --max-file-bytes)"
        )
    if not data.strip():
        return Skipped(rel, "empty file" if not data else "empty file (white space only)")
    kind = binary_kind(data)
    if kind:
        return Skipped(rel, f"binary content ({kind}), not text")
    text = decode(data)
    if text is None:
        return Skipped(rel, "binary content, not text")
    raw_chars = len(text)
    meta: dict = {}
    is_html = suffix in HTML_SUFFIXES or looks_like_html(text)
    page = text
    if is_html:
        text, meta = html_text(text)
        meta = {k: (plain_line(v) if isinstance(v, str) else v) for k, v in meta.items()}
    text = normalize_text(text)
    if not text.strip():
        if is_html and nested_too_deeply(page):
            return Skipped(
                rel,
                f"HTML nested too deeply to read (elements more than {HTML_MAX_DEPTH} levels deep); "
                "no text could be taken from it",
            )
        return Skipped(rel, "no readable text" + (" (a web page with no text in it)" if is_html else ""))
    return path.stem, text, meta, raw_chars


# ---------------------------------------------------------------------------------------------- decoding


def binary_kind(data: bytes) -> str:
    """What binary format the bytes are ('' if none known)."""
    for magic, what in SIGNATURES:
        if data.startswith(magic):
            return what
    return ""


def decode(data: bytes) -> str | None:
    """Bytes -> text, or None for binary content.

    A byte-order mark decides first (UTF-8, UTF-16, UTF-32); then UTF-16 without a mark (NUL
    in every other byte); then UTF-8, also when a few stray bytes of a legacy encoding are mixed
    in; then the encoding charset-normalizer detects, preferring Windows-1252 when it fits as well.
    """
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return _textual(data.decode(encoding))
            except UnicodeDecodeError:
                return None
    utf16 = _utf16_without_bom(data)
    if utf16:
        try:
            return _textual(data.decode(utf16))
        except UnicodeDecodeError:
            return None
    if data[:SAMPLE].count(0) > NUL_SHARE * min(len(data), SAMPLE) + 1:
        return None  # a stray NUL or two in a text is dropped with the other control characters
    try:
        return _textual(data.decode("utf-8"))
    except UnicodeDecodeError:  # not UTF-8 throughout: UTF-8 with a few stray bytes, or a legacy encoding
        mixed = _utf8_with_strays(data)
    if mixed is not None:
        return _textual(mixed)
    return _textual(_detect(data))


def _textual(text: str | None) -> str | None:
    """The text, or None when control characters say it is binary after all."""
    if text is None:
        return None
    sample = text[:SAMPLE]
    controls = len(_CONTROLS.findall(sample))
    if controls > 0.01 * max(1, len(sample)) + 1:
        return None
    return text


def _utf16_without_bom(data: bytes) -> str:
    sample = data[:4096]
    if len(sample) < 4 or len(data) % 2:
        return ""
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return ""


def _utf8_with_strays(data: bytes) -> str | None:
    """UTF-8 text with a few bytes of Windows-1252 mixed in (common in scraped news), or None.

    Taken as UTF-8 when it holds at least as many well-formed multi-byte characters as stray bytes.
    """
    decoded, strays = _decode_counting(data)
    multibyte = sum(1 for ch in decoded if ord(ch) > 0x7F) - strays
    if strays and multibyte >= strays:
        return decoded
    return None


def _decode_counting(data: bytes) -> tuple[str, int]:
    """Decode as UTF-8, each ill-formed byte as Windows-1252; and how many bytes were ill-formed."""
    escaped = data.decode("utf-8", errors="surrogateescape")  # a bad byte b becomes U+DC00 + b
    strays = len(_ESCAPED.findall(escaped))
    return _ESCAPED.sub(lambda m: _stray(ord(m.group()) - 0xDC00), escaped), strays


def _stray(byte: int) -> str:
    return bytes([byte]).decode("cp1252", errors="replace").replace("\ufffd", "?")


def _detect(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if not matches:
        return None
    best_chaos = min(m.chaos for m in matches)
    close = [m for m in matches if m.chaos <= best_chaos + 0.05]
    best_coherence = max(m.coherence for m in close)
    close = [m for m in close if m.coherence >= best_coherence - 0.1]
    if any(WESTERN & {m.encoding, *m.could_be_from_charset} for m in close):
        for encoding in ("cp1252", "latin_1"):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                continue
    best = min(close, key=lambda m: (m.chaos, -m.coherence))
    return str(best)


def normalize_text(text: str) -> str:
    """One line ending, no control or bidirectional formatting characters, non-breaking spaces as spaces,
    Unicode NFC."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = _REMOVED.sub(lambda m: " " if m.group() in "\x0b\x0c" else "", text)
    text = _BLANK_RUNS.sub("\n\n", text)
    text = _SURROGATES.sub("", text)
    return unicodedata.normalize("NFC", text)


# -------------------------------------------------------------------------------------------------- HTML


def looks_like_html(text: str) -> bool:
    """A .txt or .md file that is really a saved web page."""
    head = text[:1024].lstrip().lower()
    return head.startswith(("<!doctype html", "<html"))


_DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "object",
    "embed",
    "svg",
    "math",
    "canvas",
    "head",
    "nav",
    "footer",
    "form",
    "button",
    "select",
    "textarea",
)
_BLOCK_TAGS = {
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "article",
    "section",
    "header",
    "aside",
    "blockquote",
    "pre",
    "table",
    "tr",
    "td",
    "th",
    "dd",
    "dt",
    "figcaption",
    "figure",
    "main",
    "hr",
}


def html_text(html: str) -> tuple[str, dict]:
    """Main text and metadata of an HTML page (trafilatura + htmldate). Scripts, styles and
    attributes (event handlers such as onerror) are never kept; a page trafilatura finds no
    main text in falls back to every visible text block, one per line."""
    import trafilatura
    from htmldate import find_date

    for name in ("trafilatura", "htmldate", "justext", "readability", "courlan"):
        logging.getLogger(name).setLevel(logging.CRITICAL)  # their parser chatter is not the user's business
    meta: dict = {}
    try:
        text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=True) or ""
    except Exception:  # a page trafilatura chokes on still gets the fallback
        log.debug("trafilatura failed on a page; its visible text is read instead", exc_info=True)
        text = ""
    if not text.strip():
        text = visible_text(html)
    try:
        md = trafilatura.extract_metadata(html)
        if md is not None:
            meta["title"] = md.title or ""
            meta["outlet"] = md.sitename or ""
            meta["url"] = md.url or ""
    except Exception:  # metadata is a bonus; its absence is not an error
        log.debug("trafilatura found no metadata in a page", exc_info=True)
    try:
        found = find_date(html, extensive_search=False, original_date=True)
        if found:
            meta["published"] = dt.date.fromisoformat(found[:10])
    except Exception:  # the date is a bonus too: the document is dated from its text or the collection
        log.debug("htmldate found no publication date in a page", exc_info=True)
    return text, meta


HTML_MAX_DEPTH = 256  # libxml2's limit: deeper elements are dropped, text and all


def nested_too_deeply(html: str) -> bool:
    """Does the HTML parser give up on the page for its depth (so what it finds is not all there is)?"""
    try:
        import lxml.etree

        parser = lxml.etree.HTMLParser()
        lxml.etree.fromstring(html, parser)
    except Exception:  # a page lxml cannot parse at all is not one nested too deeply
        log.debug("lxml could not parse a page to measure its depth", exc_info=True)
        return False
    return any("depth" in e.message.lower() for e in parser.error_log)


def visible_text(html: str) -> str:
    """Every visible text block of a page, one per line (no scripts, styles, forms or navigation)."""
    try:
        import lxml.html

        tree = lxml.html.document_fromstring(html)
    except Exception:  # nothing lxml can read: no visible text
        log.debug("lxml could not parse a page for its visible text", exc_info=True)
        return ""
    for el in list(tree.iter(*_DROP_TAGS)):
        if el.getparent() is not None:
            el.drop_tree()
    parts: list[str] = []

    def walk(el):
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in _BLOCK_TAGS:
            parts.append("\n")
        if isinstance(el.tag, str) and el.text:
            parts.append(el.text)
        for child in el:
            walk(child)
            if child.tail:
                parts.append(child.tail)
        if tag in _BLOCK_TAGS:
            parts.append("\n")

    try:
        walk(tree)
    except RecursionError:
        return " ".join(tree.itertext())
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)
