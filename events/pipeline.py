"""The build: input folder -> documents, mentions, events -> the store.

    ingest.read_folder -> clean.clean -> publication date (manifest, else temporal.dct)
        -> per document: sentences.split -> temporal.tag_timexes -> extract.mentions
        -> merge.merge -> curate.apply -> tables -> store.write (atomic)

Documents stream through in two passes, so the corpus is never held whole:
pass 1 processes every document whose publication date is known (manifest, HTML metadata,
a dateline) and, for the others, keeps its own date guess and the latest date it states;
the collection's guesses are then settled (``temporal.dct.collection_guesses``) and pass 2
processes the documents that waited. ``build()`` is the Python API; the CLI is a thin layer.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from events import clean, curate, extract, ingest, merge, sentences, store, tables
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
    furniture: int = 0  # parts of pages cleaning dropped (comments, captions, datelines ...)

    def summary(self) -> str:
        shown = [e for e in self.events if not e.hidden]
        undated = sum(1 for e in shown if e.date_start is None)
        return (f"{len(self.documents)} documents read, {len(self.skipped)} skipped, "
                f"{len(self.mentions)} mentions, {len(shown)} events ({undated} undated), "
                f"{self.furniture} parts of page furniture dropped")


_NOT_NEWLINE = re.compile(r"[^\n]")


def body(doc: Document) -> str:
    """The document's text with furniture blanked out (same length, so offsets hold)."""
    if not doc.regions:
        return doc.text
    parts, pos = [], 0
    for a, b in sorted(doc.regions):
        if a > pos:
            parts.append(_NOT_NEWLINE.sub(" ", doc.text[pos:a]))
        parts.append(doc.text[max(a, pos):b])
        pos = max(pos, b)
    parts.append(_NOT_NEWLINE.sub(" ", doc.text[pos:]))
    return "".join(parts)


def process_document(doc: Document) -> list[Mention]:
    """The per-document stage: sentences, temporal expressions, mentions."""
    from events.temporal import tag_timexes

    sents = sentences.split(doc)
    estimate = doc.published_basis == "inferred"
    timexes = tag_timexes(body(doc), doc.published, dct_is_estimate=estimate)
    return extract.mentions(doc, sents, timexes)


def _guarded(doc: Document) -> tuple[str, list[Mention] | str]:
    """process_document, with a failure turned into a reason instead of a crashed build."""
    try:
        return doc.doc_id, process_document(doc)
    except Exception as exc:  # one bad document must not cost the others
        return doc.doc_id, f"failed while extracting events ({type(exc).__name__}: {exc})"


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
    """Clean; process now when the date is known, else read the text's own date evidence."""
    from events.temporal import dct

    doc, dropped = clean.clean(doc)
    if dropped:
        log.info(f"{doc.doc_id}: {clean.describe(dropped)}")
    if doc.published is not None and doc.published_basis in KNOWN_DATE:
        return FirstPass(doc, _guarded(doc)[1], furniture=len(dropped))
    try:
        own, stated = dct.read_text(body(clean.with_dated_furniture(doc, dropped)))
    except Exception as exc:
        return FirstPass(doc, f"failed while reading its dates ({type(exc).__name__}: {exc})")
    if own.date is not None and not own.is_lower_bound:
        doc = dataclasses.replace(doc, published=own.date, published_basis=own.basis, published_reason=own.reason)
        return FirstPass(doc, _guarded(doc)[1], own, stated, len(dropped))
    return FirstPass(doc, None, own, stated, len(dropped))


RAISE_WITHIN_DAYS = 90  # how far past an estimated publication date the text's own reports may lift it


def second_pass(doc: Document) -> FirstPass:
    """Process a document dated from the collection. Its date is only a lower bound: when the text itself
    reports, as done, a day after it ("reported on Oct. 31"), the document was published on or after that
    day, so the estimate is raised to it and the document processed again against the better date."""
    outcome = _guarded(doc)[1]
    if isinstance(outcome, str) or doc.published is None or doc.published_basis != "inferred":
        return FirstPass(doc, outcome)
    later = [m for m in outcome
             if m.precision == "day" and m.status != "planned" and m.date_start is not None
             and doc.published < m.date_start <= doc.published + dt.timedelta(days=RAISE_WITHIN_DAYS)]
    if not later:
        return FirstPass(doc, outcome)
    best = max(later, key=lambda m: m.date_start)
    reason = (f"{doc.published_reason}; raised to {best.date_start}: the text reports "
              f"{best.date_text!r} as done ({best.quote[:60]!r})")
    log.info(f"{doc.doc_id}: publication date {best.date_start} (inferred): {reason}")
    doc = dataclasses.replace(doc, published=best.date_start, published_reason=reason)
    return FirstPass(doc, _guarded(doc)[1])


Mapper = Callable[[Callable, Iterable], Iterator]


def local_mapper(jobs: int) -> tuple[Mapper, Callable[[], None]]:
    """map() over ``jobs`` processes (in order, streaming), and a function to close the pool."""
    if jobs <= 1:
        return map, lambda: None
    import multiprocessing as mp

    pool = mp.get_context("fork").Pool(jobs)
    return (lambda fn, items: pool.imap(fn, items, chunksize=16)), pool.terminate


def run(input_dir: Path, settings: Settings = Settings(), progress: Callable | None = None,
        mapper: Mapper | None = None) -> BuildResult:
    """Read, tag, extract and merge, without writing anything."""
    from events.temporal import dct

    input_dir = Path(input_dir)
    skipped: list[ingest.Skipped] = []
    close = lambda: None  # noqa: E731
    if mapper is None and settings.engine == "dask":
        from events.engine import dask_mapper

        mapper, close = dask_mapper(settings.scheduler or None)
    elif mapper is None:
        mapper, close = local_mapper(settings.jobs)

    def documents() -> Iterator[Document]:
        for item in ingest.read_folder(input_dir, settings):
            if isinstance(item, ingest.Skipped):
                skipped.append(item)
                log.warning(item.line())
            else:
                yield item

    done: list[Document] = []
    waiting: list[Document] = []
    mentions: list[Mention] = []
    own, stated, given = {}, {}, {}
    furniture = 0
    total = len(ingest.candidate_files(input_dir))
    results = mapper(first_pass, documents())
    try:
        for fp in (progress(results, total=total, desc="read", unit="doc") if progress else results):
            _collect(fp, done, mentions, skipped)
            furniture += fp.furniture
            if fp.outcome is None:
                waiting.append(fp.doc)
            if fp.own is not None:
                own[fp.doc.doc_id], stated[fp.doc.doc_id] = fp.own, fp.stated
            elif fp.doc.published is not None:
                given[fp.doc.doc_id] = fp.doc.published
        if waiting:
            guesses = dct.collection_guesses({d.doc_id: own[d.doc_id] for d in waiting}, given, stated)
            dated = [_with_guess(d, guesses.get(d.doc_id)) for d in waiting]
            results = mapper(second_pass, dated)
            for fp in (progress(results, total=len(dated), desc="dated", unit="doc") if progress else results):
                _collect(fp, done, mentions, skipped)
    finally:
        close()
    mentions, repeated = clean.site_repeats(mentions, {d.doc_id: d.outlet for d in done})
    if repeated:
        furniture += len(repeated)
        log.info(f"site furniture: sentences printed on many pages of one outlet dropped from {len(repeated)} "
                 f"documents (e.g. {next(iter(repeated.values()))[:80]!r})")
    events, mentions = merge.merge(mentions)
    problems = ingest.read_manifest(input_dir)[1]  # already logged while reading; kept for --strict and the store
    return BuildResult(done, mentions, events, skipped, problems, furniture=furniture)


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


def build(input_dir: Path, out: Path, settings: Settings = Settings(), progress: Callable | None = None,
          built_at: dt.datetime | None = None) -> BuildResult:
    """Run the pipeline, apply the analyst's overrides, and replace the store at ``out`` atomically."""
    store.check_writable(Path(out))  # refuse a non-store --out before the work, not after it
    result = run(input_dir, settings, progress)
    result = apply_overrides(result, Path(input_dir), settings)
    result.documents.sort(key=lambda d: d.path)
    outlets = {d.doc_id: d.outlet or d.doc_id for d in result.documents}
    frames = {
        "documents": tables.documents_frame(result.documents),
        "mentions": tables.mentions_frame(result.mentions),
        "events": tables.events_frame(result.events, outlets),
    }
    meta = {
        "input_dir": str(Path(input_dir).resolve()),
        "built_at": built_at.isoformat(timespec="seconds") if built_at else "",
        "skipped": [s.line() for s in result.skipped],
        "problems": result.problems,
        "summary": result.summary(),
    }
    result.store_path = store.write(Path(out), frames, meta, rows_per_part=settings.rows_per_part)
    return result


def apply_overrides(result: BuildResult, input_dir: Path, settings: Settings) -> BuildResult:
    path = Path(settings.overrides) if settings.overrides else input_dir / "overrides.toml"
    if not path.exists():
        if settings.overrides:
            result.problems.append(f"{path}: overrides file not found; no overrides applied")
            log.warning(result.problems[-1])
        return result
    events, mentions, problems = curate.apply(result.events, result.mentions, path)
    for p in problems:
        log.warning(p)
    return dataclasses.replace(result, events=events, mentions=mentions, problems=result.problems + problems)
