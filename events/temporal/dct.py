"""Publication-date inference for documents that come without one.

Order of evidence: a dateline or a "Published:/Updated:" line (basis ``text``); a copyright year
("© 2025": a year window, basis ``text``); the latest explicit full date stated in the text, a lower
bound of the publication date (basis ``inferred``); the latest explicit full date stated across the
collection the document was filed with (basis ``inferred``); else unknown. Every guess carries a
one-line reason. guess_collection (through collection_guesses) logs the final guess of each document,
one line naming it, on ``events.temporal.dct``; guess_from_text logs nothing.

Streaming over a large corpus: per document keep ``guess_from_text(text)`` and
``latest_full_date(text)``, then ``collection_guesses(own, given, stated)``.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass

from events.temporal import tag_timexes

log = logging.getLogger("events.temporal.dct")


@dataclass
class DctGuess:
    date: dt.date | None
    basis: str              # given | text | inferred | unknown
    reason: str
    is_lower_bound: bool


_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
          r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_FULL_DATE = rf"(?:{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH}\s+\d{{4}}|\d{{4}}-\d\d-\d\d)"
# "WASHINGTON, Oct. 3, 2025 —" / "MOSCOW (Reuters), 3 October 2025 -": a line that opens with a place
_DATELINE = re.compile(rf"^[ \t]*[A-Z][A-Z .,'()-]{{2,40}}?,?\s*(?:\([^)]{{1,30}}\)\s*,?\s*)?"
                       rf"(?P<date>{_FULL_DATE})\s*(?:[-–—_:]|\(AP\))", re.MULTILINE)
_PUBLISHED = re.compile(rf"^[ \t]*(?:Published|Posted|Updated|Last updated|Date)\s*(?:on|at)?\s*:?\s*"
                        rf"(?:[A-Z][a-z]+day,?\s+)?(?P<date>{_FULL_DATE})", re.MULTILINE | re.IGNORECASE)
_COPYRIGHT = re.compile(r"(?:©|\(c\)|Copyright)\s*(?:©\s*)?(?P<year>(?:19|20)\d\d)(?!\d)", re.IGNORECASE)


def _explicit_date(s: str) -> dt.date | None:
    for t in tag_timexes(s, None):
        if t.basis == "explicit" and t.precision == "day" and t.date_start:
            return t.date_start
    return None


def _full_dates(text: str) -> list[dt.date]:
    """Every explicit day-month-year date in the text (one tagging pass)."""
    return [t.date_start for t in tag_timexes(text, None)
            if t.basis == "explicit" and t.precision == "day" and t.date_start]


def latest_full_date(text: str) -> dt.date | None:
    """The latest explicit day-month-year date the text states, or None."""
    return max(_full_dates(text), default=None)


def read_text(text: str) -> tuple[DctGuess, dt.date | None]:
    """For streaming: the text's own guess and its latest full date, the text tagged once.
    Collect these per document, then call collection_guesses."""
    return _read(text, want_latest=True)


def _read(text: str, want_latest: bool) -> tuple[DctGuess, dt.date | None]:
    """The text's own guess and (when wanted, or needed anyway) its latest full date: the whole
    text is tagged at most once."""
    dates: list[dt.date] | None = None

    def full_dates() -> list[dt.date]:
        nonlocal dates
        if dates is None:
            dates = _full_dates(text)
        return dates

    def done(g: DctGuess) -> tuple[DctGuess, dt.date | None]:
        return g, (max(full_dates(), default=None) if want_latest else None)

    for regex, what in ((_PUBLISHED, "a published/updated line"), (_DATELINE, "the dateline")):
        m = regex.search(text[:3000]) if what == "the dateline" else regex.search(text)
        if m:
            d = _explicit_date(m.group("date"))
            if d:
                return done(DctGuess(d, "text", f"{what} says {m.group('date').strip()!r}", False))
    m = _COPYRIGHT.search(text)
    if m:
        year = int(m.group("year"))
        in_year = [d for d in full_dates() if d.year == year]
        start = max(in_year) if in_year else dt.date(year, 1, 1)
        why = f"copyright {year}" + (f", latest date stated in that year {start}" if in_year else "")
        return done(DctGuess(start, "text", why + " (a lower bound within that year)", True))
    if full_dates():
        latest = max(full_dates())
        return done(DctGuess(latest, "inferred", f"latest full date stated in the text is {latest}", True))
    return done(DctGuess(None, "unknown", "no dateline, published line, copyright year or full date in the text",
                         False))


def guess_from_text(text: str) -> DctGuess:
    """The publication date the text itself states or implies (see the module doc). Logs nothing:
    guess_collection / collection_guesses log the final guess of each document."""
    return _read(text, want_latest=False)[0]


def collection_guesses(own: dict[str, DctGuess], given: dict[str, dt.date | None],
                       stated: dict[str, dt.date | None]) -> dict[str, DctGuess]:
    """A guess for every document, from per-document summaries only (no texts held): given dates
    kept; else the document's own guess (``own``: guess_from_text results); else the latest full
    date stated across the collection (``stated``: latest_full_date of each document); else unknown.

    Logs one line per document, naming it.
    """
    out: dict[str, DctGuess] = {}
    pool = [(d, doc_id) for doc_id, d in stated.items() if d is not None]
    for doc_id, d in given.items():
        if d is not None:
            out[doc_id] = DctGuess(d, "given", "publication date given in the manifest", False)
            pool.append((d, doc_id))
    collection = max(pool) if pool else None
    for doc_id, g in own.items():
        if doc_id in out:
            continue
        later = collection is not None and (g.date is None or collection[0] > g.date)
        if g.date is not None and g.is_lower_bound and g.reason.startswith("copyright"):
            later = later and collection[0].year == g.date.year   # stay inside the copyright year
        if g.date is not None and (not g.is_lower_bound or not later):
            out[doc_id] = g
        elif later:
            d, source = collection
            also = f"; own text: {g.reason}" if g.date else ""
            out[doc_id] = DctGuess(d, "inferred", f"latest full date stated across the collection "
                                                  f"is {d} (in {source}){also}", True)
        else:
            out[doc_id] = g
    for doc_id, d in given.items():   # a document with neither a given date nor an own guess
        if doc_id not in out:
            out[doc_id] = DctGuess(None, "unknown", "no publication date given and no text read", False)
    for doc_id, g in out.items():
        _log(g, doc_id)
    return out


def guess_collection(texts: dict[str, str], given: dict[str, dt.date | None]) -> dict[str, DctGuess]:
    """A guess for every document: given dates kept; else the text; else the collection; else unknown.

    Each text is tagged once. For corpora too large to hold, call guess_from_text and
    latest_full_date per document while streaming, then collection_guesses.
    """
    own: dict[str, DctGuess] = {}
    stated: dict[str, dt.date | None] = {}
    for doc_id, text in texts.items():
        if given.get(doc_id) is not None:
            stated[doc_id] = latest_full_date(text)
        else:
            own[doc_id], stated[doc_id] = _read(text, want_latest=True)
    return collection_guesses(own, {k: given[k] for k in texts if k in given}, stated)


def _log(g: DctGuess, doc_id: str) -> None:
    log.info("%s: publication date %s (%s): %s", doc_id, g.date or "unknown", g.basis, g.reason)
