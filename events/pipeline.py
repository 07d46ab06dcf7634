"""The build: input folder -> documents, mentions, events -> the store.

    ingest.read_folder -> clean.clean -> temporal.dct (publication dates)
        -> per document: sentences.split -> temporal.tag_timexes -> extract.mentions
        -> merge.merge -> curate.apply -> tables -> store.write (atomic)

``build()`` is the Python API; the CLI is a thin layer over it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from events import clean, extract, ingest, merge, sentences, store, tables
from events.records import Document, Event, Mention
from events.settings import Settings

log = logging.getLogger("events.pipeline")


@dataclass
class BuildResult:
    documents: list[Document]
    mentions: list[Mention]
    events: list[Event]
    skipped: list[ingest.Skipped] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    store_path: Path | None = None

    def summary(self) -> str:
        undated = sum(1 for e in self.events if not e.hidden and e.date_start is None)
        shown = sum(1 for e in self.events if not e.hidden)
        return (f"{len(self.documents)} documents read, {len(self.skipped)} skipped, "
                f"{len(self.mentions)} mentions, {shown} events ({undated} undated)")


def date_documents(docs: list[Document]) -> list[Document]:
    """Fill publication dates the manifest did not give: from the text, then from the collection."""
    from events.temporal.dct import guess_collection

    given = {d.doc_id: d.published if d.published_basis in ("given", "text") else None for d in docs}
    guesses = guess_collection({d.doc_id: _body(d) for d in docs}, given)
    out = []
    for d in docs:
        g = guesses.get(d.doc_id)
        if given[d.doc_id] is not None or g is None:
            out.append(d)
            continue
        out.append(dataclasses.replace(d, published=g.date, published_basis=g.basis, published_reason=g.reason))
    return out


def _body(doc: Document) -> str:
    """The document's text with furniture blanked out (same length, so offsets hold)."""
    if not doc.regions:
        return doc.text
    chars = [" "] * len(doc.text)
    for a, b in doc.regions:
        chars[a:b] = doc.text[a:b]
    for i, ch in enumerate(doc.text):
        if ch == "\n":
            chars[i] = "\n"
    return "".join(chars)


def process_document(doc: Document) -> list[Mention]:
    """The per-document stage: sentences, temporal expressions, mentions."""
    from events.temporal import tag_timexes

    sents = sentences.split(doc)
    estimate = doc.published_basis == "inferred"
    timexes = tag_timexes(_body(doc), doc.published, dct_is_estimate=estimate)
    return extract.mentions(doc, sents, timexes)


def _guarded(doc: Document) -> tuple[str, list[Mention] | str]:
    """process_document, with a failure turned into a reason instead of a crashed build."""
    try:
        return doc.doc_id, process_document(doc)
    except Exception as exc:  # one bad document must not cost the others
        return doc.doc_id, f"failed while extracting events ({type(exc).__name__}: {exc})"


def process_all(docs: list[Document], jobs: int = 1, progress: Callable | None = None):
    """(doc_id, mentions or failure reason) for every document, in order, over ``jobs`` processes."""
    if jobs <= 1 or len(docs) < 2:
        results = map(_guarded, docs)
        yield from (progress(results, total=len(docs), desc="documents", unit="doc") if progress else results)
        return
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    chunk = max(1, min(64, len(docs) // (jobs * 8) or 1))
    with ProcessPoolExecutor(jobs, mp_context=mp.get_context("fork")) as pool:
        results = pool.map(_guarded, docs, chunksize=chunk)
        yield from (progress(results, total=len(docs), desc="documents", unit="doc") if progress else results)


def run(input_dir: Path, settings: Settings = Settings(), progress: Callable | None = None) -> BuildResult:
    """Read, tag, extract and merge, without writing anything."""
    docs: list[Document] = []
    skipped: list[ingest.Skipped] = []
    for item in ingest.read_folder(Path(input_dir), settings):
        if isinstance(item, ingest.Skipped):
            skipped.append(item)
            log.warning(item.line())
        else:
            docs.append(clean.clean(item)[0])
    docs = date_documents(docs)
    all_mentions: list[Mention] = []
    failed: set[str] = set()
    for doc_id, outcome in process_all(docs, settings.jobs, progress):
        if isinstance(outcome, str):
            doc = next(d for d in docs if d.doc_id == doc_id)
            skipped.append(ingest.Skipped(doc.path, outcome))
            log.warning(skipped[-1].line())
            failed.add(doc_id)
        else:
            all_mentions.extend(outcome)
    docs = [d for d in docs if d.doc_id not in failed]
    events, all_mentions = merge.merge(all_mentions)
    return BuildResult(docs, all_mentions, events, skipped)


def build(input_dir: Path, out: Path, settings: Settings = Settings(), progress: Callable | None = None,
          built_at: dt.datetime | None = None) -> BuildResult:
    """Run the pipeline and replace the store at ``out`` atomically."""
    result = run(input_dir, settings, progress)
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
        "summary": result.summary(),
    }
    result.store_path = store.write(Path(out), frames, meta)
    return result
