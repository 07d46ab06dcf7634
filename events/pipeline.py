"""The build: input folder (and the user's inbox) -> documents, mentions, events -> the store.

    ingest.read_folder -> clean.clean -> publication date (manifest, else temporal.dct)
        -> per document: sentences.split -> temporal.tag_timexes -> extract.mentions
        -> merge.merge -> curate.apply -> tables -> store.write (atomic) + what changed (events.merging.changes)

Documents stream through in passes, so the corpus is never held whole: pass 1 processes every
document whose publication date is known (manifest, HTML metadata, a dateline) and, for the
others, keeps its own date evidence; pass 2 processes those with their own evidence (a lower bound,
raised to a later day the text reports as done), the collection's earliest dated document only for
those with no day at all (``temporal.dct.collection_guesses``). Then the mentions are merged, and a
document whose news is reported by better-dated documents (``shared_guesses``, on ``merge.story_links``) is processed once
more against their date, and everything merged again. No step takes the newest date of the
collection, so an article that arrives later than the others moves no other document's date.

``Settings.inbox`` names a folder of articles the user added (the dashboard saves there): it is read
after the input folder, its documents' ids start with ``inbox-`` and their paths with ``.inbox/``.
``build()`` compares the new store with the one it replaces and logs and keeps (``store.json``
``changes``) the events added, removed, re-dated and re-merged. ``build()`` is the Python API; the
CLI is a thin layer.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import logging
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from events.extraction import extract
from events.merging import changes as changes_mod
from events.merging import curate, merge, salience
from events.output import store, tables
from events.reading import clean, ingest, sentences
from events.records import Document, Event, Mention
from events.settings import Settings

log = logging.getLogger("events.pipeline")

KNOWN_DATE = ("given", "text")


@dataclass
class BuildResult:
    documents: list[Document]
    mentions: list[Mention]
    events: list[Event]
    skipped: list[ingest.Skipped] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    store_path: Path | None = None
    changes: changes_mod.Changes | None = None  # compared with the store it replaced (build)
    furniture: int = 0  # parts of pages cleaning dropped (comments, captions, datelines ...)

    def summary(self) -> str:
        shown = [e for e in self.events if not e.hidden]
        undated = sum(1 for e in shown if e.date_start is None)
        return (
            f"{len(self.documents)} documents read, {len(self.skipped)} skipped, "
            f"{len(self.mentions)} mentions, {len(shown)} events ({undated} undated), "
            f"{self.furniture} parts of page furniture dropped"
        )


_NOT_NEWLINE = re.compile(r"[^\n]")


def body(doc: Document) -> str:
    """The document's text with furniture blanked out (same length, so offsets hold)."""
    if not doc.regions:
        return doc.text
    parts, pos = [], 0
    for a, b in sorted(doc.regions):
        if a > pos:
            parts.append(_NOT_NEWLINE.sub(" ", doc.text[pos:a]))
        parts.append(doc.text[max(a, pos) : b])
        pos = max(pos, b)
    parts.append(_NOT_NEWLINE.sub(" ", doc.text[pos:]))
    return "".join(parts)


def analyse(doc: Document) -> tuple[list[Mention], tuple[tuple[str, dt.date], ...]]:
    """The per-document stage: sentences, temporal expressions, mentions; and the dates the body refers to,
    once each, as (precision, first day)."""
    from events.temporal import tag_timexes

    sents = sentences.split(doc)
    estimate = doc.published_basis == "inferred"
    timexes = tag_timexes(body(doc), doc.published, dct_is_estimate=estimate)
    refs = {
        (t.precision, t.date_start) for t in timexes if t.date_start and t.precision and t.type in extract.DATED_TYPES
    }
    return extract.mentions(doc, sents, timexes), tuple(sorted(refs, key=lambda r: (r[1], r[0])))


def process_document(doc: Document) -> list[Mention]:
    """The per-document stage's mentions (``analyse``)."""
    return analyse(doc)[0]


def process_guarded(doc: Document) -> tuple[str, list[Mention] | str]:
    """process_document, with a failure turned into a reason instead of a crashed build."""
    return doc.doc_id, processed(doc)[1]


def processed(doc: Document) -> tuple[Document, list[Mention] | str]:
    """``analyse``'s outcome: the document carrying its date references, and its mentions, or the reason it
    failed (one bad document must not cost the others)."""
    try:
        mentions, refs = analyse(doc)
    except Exception as exc:
        log.debug(f"{doc.doc_id}: extracting events failed", exc_info=True)
        return doc, f"failed while extracting events ({type(exc).__name__}: {exc})"
    return dataclasses.replace(doc, date_refs=refs), mentions


@dataclass
class FirstPass:
    doc: Document
    outcome: list[Mention] | str | None = None  # None: waits for the collection's date
    own: object = None  # temporal.dct.DctGuess
    stated: dt.date | None = None
    furniture: int = 0  # parts cleaning dropped

    def __post_init__(self):
        # A processed document keeps only its metadata: its text was needed for its mentions and is gone (not
        # sent back from a worker process either), so the build's memory grows with the mentions, not the
        # corpus. Quotes are found again by re-reading the file (ingest.read_file gives the same text; sha256
        # says whether it changed since). A document waiting for the collection's date keeps its text.
        if self.outcome is not None and self.doc.text:
            self.doc = dataclasses.replace(self.doc, text="", regions=())


def first_pass(doc: Document) -> FirstPass:
    """Clean; process now when the date is known, else read the text's own date evidence. Any failure
    becomes the document's reason to be skipped (the build goes on with the others)."""
    try:
        return _first_pass(doc)
    except Exception as exc:  # one bad document must not cost the others
        log.debug(f"{doc.doc_id}: reading its text failed", exc_info=True)
        return FirstPass(doc, f"failed while reading its text ({type(exc).__name__}: {exc})")


def _first_pass(doc: Document) -> FirstPass:
    from events.temporal import dct

    try:
        doc, dropped = clean.clean(doc)
    except Exception as exc:
        log.debug(f"{doc.doc_id}: cleaning its text failed", exc_info=True)
        return FirstPass(doc, f"failed while cleaning its text ({type(exc).__name__}: {exc})")
    if dropped:
        log.info(f"{doc.doc_id}: {clean.describe(dropped)}")
    if doc.published is not None and doc.published_basis in KNOWN_DATE:
        return FirstPass(*processed(doc), furniture=len(dropped))
    try:
        own, stated = dct.read_text(body(clean.with_dated_furniture(doc, dropped)))
    except Exception as exc:
        log.debug(f"{doc.doc_id}: reading its dates failed", exc_info=True)
        return FirstPass(doc, f"failed while reading its dates ({type(exc).__name__}: {exc})")
    if own.date is not None and not own.is_lower_bound:
        doc = dataclasses.replace(doc, published=own.date, published_basis=own.basis, published_reason=own.reason)
        return FirstPass(*processed(doc), own, stated, len(dropped))
    return FirstPass(doc, None, own, stated, len(dropped))


RAISE_WITHIN_DAYS = 90  # how far past an estimated publication date the text's own reports may lift it


def second_pass(doc: Document) -> FirstPass:
    """Process a document dated from the collection. Its date is only a lower bound: when the text itself
    reports, as done, a day after it ("reported on Oct. 31"), the document was published on or after that
    day, so the estimate is raised to it and the document processed again against the better date. Any
    failure becomes the document's reason to be skipped."""
    try:
        return _second_pass(doc)
    except Exception as exc:  # one bad document must not cost the others
        log.debug(f"{doc.doc_id}: dating it failed", exc_info=True)
        return FirstPass(doc, f"failed while dating it ({type(exc).__name__}: {exc})")


def _second_pass(doc: Document) -> FirstPass:
    doc, outcome = processed(doc)
    if isinstance(outcome, str) or doc.published is None or doc.published_basis != "inferred":
        return FirstPass(doc, outcome)
    later = [
        m
        for m in outcome
        if m.precision == "day"
        and m.status != "planned"
        and m.date_start is not None
        and doc.published < m.date_start <= doc.published + dt.timedelta(days=RAISE_WITHIN_DAYS)
    ]
    if not later:
        return FirstPass(doc, outcome)
    best = max(later, key=lambda m: m.date_start)
    reason = (
        f"{doc.published_reason}; raised to {best.date_start}: the text reports "
        f"{best.date_text!r} as done ({best.quote[:60]!r})"
    )
    log.debug(f"{doc.doc_id}: publication date {best.date_start} (inferred): {reason}")
    doc = dataclasses.replace(doc, published=best.date_start, published_reason=reason)
    return FirstPass(*processed(doc))


Mapper = Callable[[Callable, Iterable], Iterator]


def pool_size(jobs: int, documents: int, cores: int | None = None) -> int:
    """How many processes ``--jobs N`` gets: never more than the documents to process, nor the machine's
    cores (more processes than either only cost memory and start-up)."""
    cores = cores or os.cpu_count() or 1
    return max(1, min(jobs, documents, cores))


def local_mapper(jobs: int) -> tuple[Mapper, Callable[[], None]]:
    """map() over ``jobs`` processes (in order, streaming), and a function to close the pool."""
    if jobs <= 1:
        return map, lambda: None
    import multiprocessing as mp

    pool = mp.get_context("fork").Pool(jobs)
    return (lambda fn, items: pool.imap(fn, items, chunksize=16)), pool.terminate


def run(
    input_dir: Path, settings: Settings = Settings(), progress: Callable | None = None, mapper: Mapper | None = None
) -> BuildResult:
    """Read, tag, extract and merge, without writing anything."""
    from events.temporal import dct

    input_dir = Path(input_dir)
    skipped: list[ingest.Skipped] = []
    inbox = Path(settings.inbox) if settings.inbox else None
    if inbox is not None and inbox.resolve() == input_dir.resolve():
        inbox = None
    # an inbox inside the input folder is read once, as the inbox
    nested = inbox if inbox is not None and inbox.resolve().is_relative_to(input_dir.resolve()) else None
    total = len(ingest.candidate_files(input_dir, nested)) + (
        len(ingest.candidate_files(inbox)) if inbox is not None and inbox.is_dir() else 0
    )
    close = lambda: None  # noqa: E731
    if mapper is None and settings.engine == "dask":
        from events.engine import dask_mapper

        mapper, close = dask_mapper(settings.scheduler or None)
    elif mapper is None:
        mapper, close = local_mapper(pool_size(settings.jobs, total))

    def documents() -> Iterator[Document]:
        seen: dict[str, str] = {}  # sha256 -> path, across the two folders
        for folder, prefix in ((input_dir, ""), (inbox, INBOX_PREFIX)):
            if folder is None or (prefix and not folder.is_dir()):
                continue
            for item in ingest.read_folder(folder, settings, None if prefix else nested):
                if prefix:
                    item = _from_inbox(item, seen)
                if isinstance(item, ingest.Skipped):
                    skipped.append(item)
                    log.warning(item.line())
                else:
                    seen.setdefault(item.sha256, item.path)
                    yield item

    done: list[Document] = []
    waiting: list[Document] = []
    mentions: list[Mention] = []
    own, given = {}, {}
    furniture = 0
    results = mapper(first_pass, documents())
    try:
        for fp in progress(results, total=total, desc="read", unit="doc") if progress else results:
            _collect(fp, done, mentions, skipped)
            furniture += fp.furniture
            if fp.outcome is None:
                waiting.append(fp.doc)
            if fp.own is not None:
                own[fp.doc.doc_id] = fp.own
            elif fp.doc.published is not None:
                given[fp.doc.doc_id] = fp.doc.published
        later: dict[str, FirstPass] = {}
        shared: dict = {}
        if waiting:
            guesses = dct.collection_guesses({d.doc_id: own[d.doc_id] for d in waiting}, given)
            later = _date(waiting, guesses, mapper, progress, "dated")
            linked = merge.story_links(
                mentions + [m for fp in later.values() for m in _mentions(fp)],
                firm_dates(done + [fp.doc for fp in later.values()]),
            )
            shared = shared_guesses(
                linked[1], done + [fp.doc for fp in later.values()], {d.doc_id: own[d.doc_id] for d in waiting}, guesses
            )
            if shared:
                later.update(_date([d for d in waiting if d.doc_id in shared], shared, mapper, progress, "re-dated"))
        for fp in later.values():
            _collect(fp, done, mentions, skipped)
    finally:
        close()
    mentions, repeated = clean.site_repeats(mentions, {d.doc_id: d.outlet for d in done})
    if repeated:
        furniture += len(repeated)
        log.info(
            f"site furniture: sentences printed on many pages of one outlet dropped from {len(repeated)} "
            f"documents (e.g. {next(iter(repeated.values()))[:80]!r})"
        )
    events, mentions = merge.merge(mentions, firm_dates(done))
    events = merge.story_reports(events, mentions, firm_dates(done))
    events = salience.score(events, mentions, done)
    for d in sorted(done, key=lambda d: d.doc_id):  # one line per document whose date was not given: the last word
        if d.published is None:
            log.info(f"{d.doc_id}: publication date unknown: {d.published_reason or 'no date in its text'}")
        elif d.published_basis == "inferred":
            log.info(f"{d.doc_id}: publication date {d.published} (inferred): {d.published_reason}")
    # already logged while reading; kept for --strict and the store
    problems = ingest.read_manifest(input_dir, settings.max_file_bytes)[1]
    if inbox is not None and inbox.is_dir():
        problems += ingest.read_manifest(inbox, settings.max_file_bytes)[1]
    return BuildResult(done, mentions, events, skipped, problems, furniture=furniture)


INBOX_PREFIX = ".inbox/"  # a document from the inbox: its path in the store (no input file's path starts so)


def _from_inbox(item, seen: dict[str, str]):
    """A document (or Skipped) read from the inbox, named apart from the input folder's: its path starts with
    INBOX_PREFIX and its doc_id with "inbox-" (ids stay the same on every rebuild, whatever the input holds)."""
    if isinstance(item, ingest.Skipped):
        return ingest.Skipped(INBOX_PREFIX + item.path, item.reason)
    if item.sha256 in seen:
        return ingest.Skipped(INBOX_PREFIX + item.path, f"same text as {seen[item.sha256]}; read once")
    return dataclasses.replace(item, doc_id="inbox-" + item.doc_id, path=INBOX_PREFIX + item.path)


def source_file(meta: dict, path: str) -> tuple[Path | None, str]:
    """The folder a store's document was read from and its path there (``meta``: the store's store.json)."""
    if path.startswith(INBOX_PREFIX):
        inbox = meta.get("inbox_dir") or ""
        return (Path(inbox) if inbox else None), path[len(INBOX_PREFIX) :]
    input_dir = meta.get("input_dir") or ""
    return (Path(input_dir) if input_dir else None), path


def _date(docs: list[Document], guesses: dict, mapper: Mapper, progress, desc: str) -> dict[str, FirstPass]:
    """second_pass over the documents, each with its guess; the outcomes by doc_id."""
    dated = [_with_guess(d, guesses.get(d.doc_id)) for d in docs]
    results = mapper(second_pass, dated)
    return {
        fp.doc.doc_id: fp
        for fp in (progress(results, total=len(dated), desc=desc, unit="doc") if progress else results)
    }


def _mentions(fp: FirstPass) -> list[Mention]:
    return fp.outcome if isinstance(fp.outcome, list) else []


def shared_guesses(mentions: list[Mention], documents: list[Document], own: dict, guesses: dict) -> dict:
    """Better guesses, from the documents that report the same events, for the documents whose date was
    estimated (``own``: their own evidence; ``guesses``: what they were processed with). Only the events a
    document reports without a date of its own for them link it to the others: one it dates itself ("on
    Oct. 23, 2024": a background date, a photo caption) says no more than that date does. Co-reporters count
    with a date of their own (given, stated, or the latest date their text states, corrected first when it is
    old news beside theirs), never one guessed from the collection. Only the guesses that change a
    document's date are returned."""
    from events.temporal import dct

    dated = {
        d.doc_id: d.published
        for d in documents
        if d.published is not None
        and (d.published_basis in KNOWN_DATE or own.get(d.doc_id) is None or own[d.doc_id].date is not None)
    }
    by_event: dict[str, set[str]] = {}
    reports: dict[str, set[str]] = {}  # document -> events it reports without a date of its own for them
    for m in mentions:
        if m.event_id:
            by_event.setdefault(m.event_id, set()).add(m.doc_id)
            if m.basis != "explicit" and m.doc_id in own:
                reports.setdefault(m.doc_id, set()).add(m.event_id)
    out = {}
    for with_day in (True, False):  # an own date corrected as old news first, then those with none use it
        # each event's co-reporters by date, so a document looks up the first that fits (no pairs of documents)
        dates = {
            ev: sorted((dated[d], d) for d in docs if d in dated) for ev, docs in by_event.items() if len(docs) > 1
        }
        for doc_id, events in sorted(reports.items()):
            g = own[doc_id]
            if (g.date is not None) != with_day:
                continue
            lowest = g.date or g.floor or dt.date.min
            fits = []
            for ev in sorted(events):
                row = dates.get(ev, [])
                i = bisect.bisect_left(row, (lowest, ""))
                while i < len(row) and row[i][1] == doc_id:
                    i += 1
                if i < len(row):
                    fits.append(row[i])
            found = dct.shared_guess(g, fits)
            if found is not None and found.date != guesses[doc_id].date:
                log.debug(f"{doc_id}: publication date {found.date} (inferred): {found.reason}")
                out[doc_id] = found
                if with_day:
                    dated[doc_id] = found.date
    return out


def firm_dates(docs: Iterable[Document]) -> dict:
    """doc_id -> publication date, for the documents whose date is given or stated (merging's news-cycle
    check on undated sentences takes these only: an inferred date is a lower bound)."""
    return {d.doc_id: d.published for d in docs if d.published is not None and d.published_basis in KNOWN_DATE}


def _with_guess(doc: Document, g) -> Document:
    if g is None:
        return doc
    return dataclasses.replace(doc, published=g.date, published_basis=g.basis, published_reason=g.reason)


def _collect(fp: FirstPass, done: list, mentions: list, skipped: list) -> None:
    if isinstance(fp.outcome, str):
        skipped.append(ingest.Skipped(fp.doc.path, fp.outcome))
        log.warning(skipped[-1].line())
    elif fp.outcome is not None:
        done.append(fp.doc)  # its metadata only (FirstPass)
        mentions.extend(fp.outcome)


def build(
    input_dir: Path,
    out: Path,
    settings: Settings = Settings(),
    progress: Callable | None = None,
    built_at: dt.datetime | None = None,
) -> BuildResult:
    """Run the pipeline, apply the analyst's overrides, and replace the store at ``out`` atomically.

    A build that reads no document keeps the store at ``out`` as it was and raises ``NothingRead``, unless
    ``settings.allow_empty`` asks for an empty store."""
    store.check_writable(Path(out))  # refuse a non-store --out before the work, not after it
    check_out(Path(input_dir), Path(out))
    overrides = load_overrides(Path(input_dir), settings)  # a malformed file is named before the work
    result = run(input_dir, settings, progress)
    if not result.documents and not settings.allow_empty:
        raise NothingRead(result, Path(out))
    result = apply_overrides(result, overrides)
    result.documents.sort(key=lambda d: d.path)
    outlets = {d.doc_id: d.outlet or d.doc_id for d in result.documents}
    frames = {
        "documents": tables.documents_frame(result.documents),
        "mentions": tables.mentions_frame(result.mentions),
        "events": tables.events_frame(result.events, outlets),
    }
    meta = {
        "input_dir": str(Path(input_dir).resolve()),
        "inbox_dir": str(Path(settings.inbox).resolve()) if settings.inbox else "",
        "built_at": built_at.isoformat(timespec="seconds") if built_at else "",
        "skipped": [s.line() for s in result.skipped],
        "problems": result.problems,
        "summary": result.summary(),
    }
    result.changes = report_changes(Path(out), frames)
    meta["changes"] = result.changes.to_meta()
    result.store_path = store.write(Path(out), frames, meta, rows_per_part=settings.rows_per_part)
    return result


def report_changes(out: Path, frames: dict) -> changes_mod.Changes:
    """What this build changes in the store at ``out`` (``events.merging.changes``), logged: a summary line, then one
    line per event added, removed, re-dated or re-merged."""
    previous = store.read_columns(out, changes_mod.EVENT_COLUMNS, changes_mod.MENTION_COLUMNS)
    if previous is None:
        found = changes_mod.Changes(first=True)
    else:
        found = changes_mod.compare(previous[0], previous[1], frames["events"], frames["mentions"])
    changes_mod.log_changes(found)
    return found


class NothingRead(store.StoreError):
    """A build that read no document: the store it would replace is kept (an empty store is asked for with
    ``Settings.allow_empty``). ``result`` holds what was skipped and why."""

    def __init__(self, result: BuildResult, out: Path):
        self.result = result
        why = "; ".join(s.line().removeprefix("skipped ") for s in result.skipped[:3])
        why = why or "the folder holds no .txt, .md or .html file"
        more = f" (and {len(result.skipped) - 3} more)" if len(result.skipped) > 3 else ""
        super().__init__(
            f"no document was read ({len(result.skipped)} skipped: {why}{more}); the store at {out} is kept "
            "as it was. Pass --allow-empty to write an empty store"
        )


def check_out(input_dir: Path, out: Path) -> None:
    """Raise StoreError when the store would be written inside the input folder: the next build would
    find it among the articles."""
    where, folder = out.absolute(), input_dir.resolve()
    if where.parent.resolve().is_relative_to(folder):
        raise store.StoreError(
            f"--out {out} is inside the input folder {input_dir}; the store would be read as input by the "
            "next build. Choose a store folder outside it"
        )


@dataclass(frozen=True)
class Overrides:
    """The analyst's overrides file, read and checked before the build's work."""

    path: Path | None = None
    data: dict = field(default_factory=dict)
    problems: tuple[str, ...] = ()


def load_overrides(input_dir: Path, settings: Settings) -> Overrides:
    """The overrides file (``settings.overrides``, else INPUT_DIR/overrides.toml when there is one), parsed
    and its shape checked; each problem is logged once, naming the file, the key and the line."""
    given = bool(settings.overrides)
    path = Path(settings.overrides) if given else input_dir / "overrides.toml"
    if not os.path.lexists(path):
        problems = (f"{path}: overrides file not found; no overrides applied",) if given else ()
        for p in problems:
            log.warning(p)
        return Overrides(None, {}, problems)
    data, problems = curate.load(path, None if given else input_dir, settings.max_file_bytes)
    for p in problems:
        log.warning(p)
    return Overrides(path, data, tuple(problems))


def apply_overrides(result: BuildResult, overrides: Overrides) -> BuildResult:
    """The events with the overrides applied; problems found while applying them are logged and kept."""
    problems = list(overrides.problems)
    events, mentions = result.events, result.mentions
    if overrides.data:
        events, mentions, found = curate.apply_data(events, mentions, overrides.data, overrides.path)
        for p in found:
            log.warning(p)
        problems += found
    return dataclasses.replace(result, events=events, mentions=mentions, problems=result.problems + problems)
