"""Publication-date inference for documents that come without one.

Order of evidence: a dateline or a "Published:/Updated:" line (basis ``text``); a copyright year
("© 2025": a year window, basis ``text``); the latest explicit full date stated in the text, a lower
bound of the publication date (basis ``inferred``); the latest explicit full date stated across the
collection the document was filed with (basis ``inferred``); else unknown. Every guess carries a
one-line reason, also logged on ``events.temporal.dct``.
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
    """Every explicit day-month-year date in the text."""
    return [t.date_start for t in tag_timexes(text, None)
            if t.basis == "explicit" and t.precision == "day" and t.date_start]


def guess_from_text(text: str) -> DctGuess:
    """The publication date the text itself states or implies (see the module doc)."""
    for regex, what in ((_PUBLISHED, "a published/updated line"), (_DATELINE, "the dateline")):
        m = regex.search(text[:3000]) if what == "the dateline" else regex.search(text)
        if m:
            d = _explicit_date(m.group("date"))
            if d:
                return _logged(DctGuess(d, "text", f"{what} says {m.group('date').strip()!r}", False))
    dates = _full_dates(text)
    m = _COPYRIGHT.search(text)
    if m:
        year = int(m.group("year"))
        in_year = [d for d in dates if d.year == year]
        start = max(in_year) if in_year else dt.date(year, 1, 1)
        why = f"copyright {year}" + (f", latest date stated in that year {start}" if in_year else "")
        return _logged(DctGuess(start, "text", why + " (a lower bound within that year)", True))
    if dates:
        latest = max(dates)
        return _logged(DctGuess(latest, "inferred", f"latest full date stated in the text is {latest}", True))
    return DctGuess(None, "unknown", "no dateline, published line, copyright year or full date in the text",
                    False)


def guess_collection(texts: dict[str, str], given: dict[str, dt.date | None]) -> dict[str, DctGuess]:
    """A guess for every document: given dates kept; else the text; else the collection; else unknown."""
    out: dict[str, DctGuess] = {}
    own: dict[str, DctGuess] = {}
    for doc_id, text in texts.items():
        if given.get(doc_id) is not None:
            out[doc_id] = DctGuess(given[doc_id], "given", "publication date given in the manifest", False)
        else:
            own[doc_id] = guess_from_text(text)
    stated = [(d, doc_id) for doc_id, text in texts.items() for d in _full_dates(text)]
    stated += [(g.date, doc_id) for doc_id, g in out.items() if g.date]
    collection = max(stated) if stated else None
    for doc_id, g in own.items():
        later = collection is not None and (g.date is None or collection[0] > g.date)
        if g.date is not None and g.is_lower_bound and g.reason.startswith("copyright"):
            later = later and collection[0].year == g.date.year   # stay inside the copyright year
        if g.date is not None and (not g.is_lower_bound or not later):
            out[doc_id] = g
        elif later:
            d, source = collection
            also = f"; own text: {g.reason}" if g.date else ""
            out[doc_id] = _logged(DctGuess(d, "inferred", f"latest full date stated across the collection "
                                              f"is {d} (in {source}){also}", True), doc_id)
        else:
            out[doc_id] = _logged(g, doc_id)
    return out


def _logged(g: DctGuess, doc_id: str = "") -> DctGuess:
    prefix = f"{doc_id}: " if doc_id else ""
    log.info("%spublication date %s (%s): %s", prefix, g.date or "unknown", g.basis, g.reason)
    return g
