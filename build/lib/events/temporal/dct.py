"""Publication-date inference for documents that come without one.

Order of evidence, each document's own first: a dateline or a "Published:/Updated:" line (basis
``text``); a copyright year ("© 2025": a year window, basis ``text``); the latest explicit full date
stated in the text, a lower bound of the publication date (basis ``inferred``; the pipeline raises it
to a later day the text reports as done). Then the documents that report the same events
(``shared_guess``: for a document with no day of its own, or whose own latest date is old news beside
theirs), and only as a last resort the collection (``last_resort``: the earliest dated document not
before the latest period the text states). Both take the earliest date that fits, never the newest,
so a document that arrives later than the others moves no other document's date. Else unknown.
Every guess carries a one-line reason. guess_collection (through collection_guesses) logs the guess
of each document, one line naming it, on ``events.temporal.dct``; guess_from_text logs nothing.

Streaming over a large corpus: per document keep ``read_text(text)``, then
``collection_guesses(own, given)``; after merging, ``shared_guess`` per document still unsure.
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
    basis: str  # given | text | inferred | unknown
    reason: str
    is_lower_bound: bool
    floor: dt.date | None = None  # start of the latest period (with a year) the text states


_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_FULL_DATE = rf"(?:{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH}\s+\d{{4}}|\d{{4}}-\d\d-\d\d)"
# "WASHINGTON, Oct. 3, 2025 —" / "MOSCOW (Reuters), 3 October 2025 -": a line that opens with a place
_DATELINE = re.compile(
    rf"^[ \t]*[A-Z][A-Z .,'()-]{{2,40}}?,?\s*(?:\([^)]{{1,30}}\)\s*,?\s*)?"
    rf"(?P<date>{_FULL_DATE})\s*(?:[-–—_:]|\(AP\))",
    re.MULTILINE,
)
_PUBLISHED = re.compile(
    rf"^[ \t]*(?:Published|Posted|Updated|Last updated|Date)\s*(?:on|at)?\s*:?\s*"
    rf"(?:[A-Z][a-z]+day,?\s+)?(?P<date>{_FULL_DATE})",
    re.MULTILINE | re.IGNORECASE,
)
_COPYRIGHT = re.compile(r"(?:©|\(c\)|Copyright)\s*(?:©\s*)?(?P<year>(?:19|20)\d\d)(?!\d)", re.IGNORECASE)


def _explicit_date(s: str) -> dt.date | None:
    for t in tag_timexes(s, None):
        if t.basis == "explicit" and t.precision == "day" and t.date_start:
            return t.date_start
    return None


def _explicit(text: str) -> list:
    """The explicit (year-bearing) dates the text states, one tagging pass."""
    return [t for t in tag_timexes(text, None) if t.basis == "explicit" and t.date_start]


def _full_dates(text: str, explicit: list | None = None) -> list[dt.date]:
    """Every explicit day-month-year date in the text."""
    return [t.date_start for t in (_explicit(text) if explicit is None else explicit) if t.precision == "day"]


def _floor(explicit: list) -> dt.date | None:
    """The start of the latest period stated with its year (a day, month, quarter or year; not a decade)."""
    return max(
        (t.date_start for t in explicit if t.precision in ("day", "week", "month", "quarter", "year")), default=None
    )


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
    explicit: list | None = None

    def full_dates() -> list[dt.date]:
        nonlocal explicit
        if explicit is None:
            explicit = _explicit(text)
        return _full_dates(text, explicit)

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
        return done(DctGuess(start, "text", why + " (a lower bound within that year)", True, start))
    if full_dates():
        latest = max(full_dates())
        return done(
            DctGuess(latest, "inferred", f"latest full date stated in the text is {latest}", True, _floor(explicit))
        )
    return done(
        DctGuess(
            None,
            "unknown",
            "no dateline, published line, copyright year or full date in the text",
            False,
            _floor(explicit),
        )
    )


def guess_from_text(text: str) -> DctGuess:
    """The publication date the text itself states or implies (see the module doc). Logs nothing:
    guess_collection / collection_guesses log the final guess of each document."""
    return _read(text, want_latest=False)[0]


def collection_guesses(
    own: dict[str, DctGuess], given: dict[str, dt.date | None], stated: dict[str, dt.date | None] | None = None
) -> dict[str, DctGuess]:
    """A guess for every document from its own evidence, and the collection only as a last resort:
    given dates kept; else the document's own guess (``own``: guess_from_text results), a lower
    bound kept as it is (another document arriving never moves it); else ``last_resort``.
    (``stated`` is accepted for older callers and not used: the newest date stated anywhere in a
    collection moves whenever a later document arrives.)

    Logs one line per document, naming it.
    """
    out: dict[str, DctGuess] = {}
    for doc_id, d in given.items():
        if d is not None:
            out[doc_id] = DctGuess(d, "given", "publication date given in the manifest", False)
    for doc_id, g in own.items():
        if doc_id not in out and g.date is not None:
            out[doc_id] = g
    anchors = [(g.date, doc_id) for doc_id, g in out.items() if not (g.basis == "text" and g.is_lower_bound)]
    for doc_id, g in own.items():
        if doc_id not in out:
            out[doc_id] = last_resort(g, anchors)
    for doc_id, d in given.items():  # a document with neither a given date nor an own guess
        if doc_id not in out:
            out[doc_id] = DctGuess(None, "unknown", "no publication date given and no text read", False)
    for doc_id, g in out.items():
        _log(g, doc_id)
    return out


def last_resort(g: DctGuess, anchors: list[tuple[dt.date, str]]) -> DctGuess:
    """For a document with no day of its own: the earliest day-dated document of the collection not before
    the start of the latest period the text states (``g.floor``: "in 2025" -> 2025-01-01); a copyright year is
    no anchor (it is a year, not a day). The earliest, not
    the newest: a document that arrives later than the others never moves it. Unknown when none fits."""
    if g.date is not None:
        return g
    fits = sorted(a for a in anchors if a[0] is not None and (g.floor is None or a[0] >= g.floor))
    if not fits:
        return g
    d, source = fits[0]
    since = f" not before {g.floor} (the latest period the text states)" if g.floor else ""
    return DctGuess(
        d,
        "inferred",
        f"no day in the text; the earliest dated document of the collection{since} is {d} (in {source})",
        True,
        g.floor,
    )


STALE_AFTER_DAYS = 90  # a document's own latest date this much older than its co-reporters' is taken as stale


def shared_guess(g: DctGuess, sharers: list[tuple[dt.date, str]]) -> DctGuess | None:
    """A better guess from the documents that report the same events (``sharers``: their publication dates
    and ids, each given, stated or the latest date their own text states), or None to keep ``g``.

    A document with a day of its own keeps it unless every co-reporter is more than STALE_AFTER_DAYS later
    (its latest date is then old news, a caption or a background date); one without takes the earliest
    co-reporter not before its ``floor``. The earliest, so that a later document never moves it."""
    if g.basis in ("given", "text") and not g.is_lower_bound:
        return None
    lowest = g.date or g.floor
    fits = sorted(s for s in sharers if s[0] is not None and (lowest is None or s[0] >= lowest))
    if not fits:
        return None
    d, source = fits[0]
    if g.date is not None and (d - g.date).days <= STALE_AFTER_DAYS:
        return None
    if g.basis == "text" and g.date is not None and d.year != g.date.year:  # a copyright year bounds both ways
        return None
    own = (
        f"its own latest date {g.date} is older than they are by over {STALE_AFTER_DAYS} days"
        if g.date
        else "no day in its text"
    )
    return DctGuess(
        d,
        "inferred",
        f"documents reporting the same events are dated from {d} (the earliest, {source}); {own}",
        True,
        g.floor,
    )


def guess_collection(texts: dict[str, str], given: dict[str, dt.date | None]) -> dict[str, DctGuess]:
    """A guess for every document: given dates kept; else the text's own; else the collection's earliest
    dated document (``last_resort``); else unknown. (Co-reporting documents need merged events: the
    pipeline adds them, ``shared_guess``.)

    Each text is tagged once. For corpora too large to hold, call read_text per document while
    streaming, then collection_guesses.
    """
    own = {doc_id: guess_from_text(text) for doc_id, text in texts.items() if given.get(doc_id) is None}
    return collection_guesses(own, {k: given[k] for k in texts if k in given})


def _log(g: DctGuess, doc_id: str) -> None:
    """A step of the guess (the build logs each document's final date once, at info level)."""
    log.debug("%s: publication date %s (%s): %s", doc_id, g.date or "unknown", g.basis, g.reason)
