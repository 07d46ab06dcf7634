"""The typed records that flow between pipeline stages.

text file -> Document -> Sentence -> (temporal.Timex) -> Mention -> Event -> store tables.
Each stage reads the records of the stage before it and returns new ones; none mutates its input.
"""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass, fields

PRECISIONS = ("day", "week", "month", "quarter", "year", "decade")
BASES = ("explicit", "relative", "inferred", "undated")
PUBLISHED_BASES = ("given", "text", "inferred", "unknown")
STATUSES = ("reported", "claimed", "confirmed", "denied", "disputed", "planned")


@dataclass(frozen=True)
class Document:
    """One input document, its text as read and cleaned, and what we know of its publication."""

    doc_id: str
    path: str  # relative to the input folder
    text: str  # the cleaned text; mention offsets point into it
    title: str = ""
    outlet: str = ""
    url: str = ""
    published: dt.date | None = None
    published_basis: str = "unknown"
    published_reason: str = ""
    n_chars: int = 0
    sha256: str = ""
    raw_chars: int = 0  # size before cleaning
    regions: tuple[tuple[int, int], ...] = ()  # article-body regions of text, set by clean
    # (precision, first day) of each date the article body refers to, set by the pipeline: how often a
    # collection comes back to a date, whatever event the sentence tells (merging.salience)
    date_refs: tuple[tuple[str, dt.date], ...] = ()


@dataclass(frozen=True)
class Sentence:
    doc_id: str
    start: int  # offsets into Document.text
    end: int
    text: str


@dataclass(frozen=True)
class Mention:
    """One sentence reporting a dated or datable event."""

    mention_id: str
    doc_id: str
    char_start: int
    char_end: int
    quote: str
    date_text: str = ""
    date_start: dt.date | None = None
    date_end: dt.date | None = None
    precision: str = ""
    basis: str = "undated"
    is_span: bool = False
    date_value: str = ""  # the TIMEX3 value, for provenance
    actors: tuple[str, ...] = ()
    category: str = ""
    status: str = "reported"
    location: str = ""
    title: str = ""
    trigger: str = ""  # the word that decided the category
    key_terms: tuple[str, ...] = ()  # content words used to block and merge
    event_id: str = ""
    roles: tuple[str, ...] = ()  # "Name: role" for the people named (extraction)
    # the frame of the parse: the predicate's lemma ("land", "strike"), its subject's and its object's key
    # terms ("Il-76", "Russia Maduro"), for telling one happening from another when merging
    predicate: str = ""
    agent: str = ""
    patient: str = ""

    # Pickled (from a worker process, a Dask worker) as a tuple of values in field order, and read back with
    # its short repeated strings shared (sys.intern): a million mentions sent from workers would otherwise
    # each hold their own copies of the same categories, statuses, document ids, actors and key terms.
    def __getstate__(self):
        d = self.__dict__
        return tuple(d[name] for name in _MENTION_FIELDS)

    def __setstate__(self, state):
        d, intern = self.__dict__, sys.intern
        for name, kind, value in zip(_MENTION_FIELDS, _MENTION_SHARED, state):
            d[name] = value if not kind or not value else intern(value) if kind == 1 else tuple(map(intern, value))


_MENTION_FIELDS = tuple(f.name for f in fields(Mention))
_SHARED_STRINGS = {
    "doc_id",
    "date_text",
    "precision",
    "basis",
    "date_value",
    "category",
    "status",
    "location",
    "trigger",
    "event_id",
    "predicate",
    "agent",
    "patient",
}
_SHARED_TUPLES = {"actors", "key_terms", "roles"}
_MENTION_SHARED = tuple(1 if n in _SHARED_STRINGS else 2 if n in _SHARED_TUPLES else 0 for n in _MENTION_FIELDS)


@dataclass(frozen=True)
class Event:
    """One real-world event, merged across mentions and documents."""

    event_id: str
    date_start: dt.date | None
    date_end: dt.date | None
    precision: str
    basis: str
    is_span: bool
    title: str
    description: str
    actors: tuple[str, ...]
    category: str
    status: str
    location: str
    sources: tuple[str, ...]
    source_count: int
    mention_ids: tuple[str, ...] = ()
    date_text: str = ""
    date_conflict: bool = False  # mentions disagree on the date; kept on the mentions
    curated: str = ""  # what an analyst's override changed, if anything
    hidden: bool = False
    roles: tuple[str, ...] = ()  # "Name: role" for the people named (extraction)
    salience: float = 0.0  # how much it matters to the collection (events/merging/salience.py)
    # the documents telling its news (its mentions' looser story links, merging.story_reports), at least its
    # sources: how widely an undated event is reported
    reports: int = 0
