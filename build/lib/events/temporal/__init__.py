"""Temporal tagger: every date, time, duration and set of a text, with offsets and TIMEX3 values.

    from events.temporal import tag_timexes
    for t in tag_timexes(text, datetime.date(2025, 11, 3)):
        print(t.start, t.end, t.text, t.type, t.value, t.date_start, t.date_end, t.precision)

Two phases, as HeidelTime: find.py matches the rules kept in events/resources/temporal/ and emits
underspecified values; resolve.py completes them against the reference date (``dct``) and the tense
of the sentence. Without a dct, relative and yearless expressions stay underspecified.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass, replace

from events.temporal import find as _find
from events.temporal import resolve as _resolve
from events.temporal import tense as _tense

__all__ = ["Timex", "tag_timexes"]


@dataclass(frozen=True)
class Timex:
    start: int
    end: int
    text: str
    type: str  # DATE | TIME | DURATION | SET
    value: str  # TIMEX3 value
    date_start: dt.date | None = None
    date_end: dt.date | None = None
    precision: str = ""  # day | week | month | quarter | year | decade | ""
    basis: str = ""  # explicit | relative | ""
    mod: str = ""  # TimeML mod: START, MID, END, BEFORE, AFTER, APPROX, ...
    is_span: bool = False  # the event lasts over date_start..date_end
    rule: str = ""  # the rule that found it
    quant: str = ""  # SET: EVERY
    freq: str = ""  # SET: 2X
    value_end: str = ""  # for ranges ("2024–2025"): the value of the last part
    signal: str = ""  # the preposition in front ("since", "by", "until"), lower-case

    def __getitem__(self, key: str):
        try:
            return getattr(self, key)
        except AttributeError:
            raise KeyError(key) from None

    def as_dict(self) -> dict:
        return asdict(self)


_SIGNAL = re.compile(r"\b(since|by|until|till|through|before|after|from|between|in|on|during|as of)\s+$", re.IGNORECASE)
_SIGNAL_MOD = {
    "by": "BEFORE",
    "before": "BEFORE",
    "until": "ON_OR_BEFORE",
    "till": "ON_OR_BEFORE",
    "after": "AFTER",
    "since": "ON_OR_AFTER",
    "as of": "",
}
_AHEAD = re.compile(r"\b(?:ahead of|before|until|till|for|by)\s+$", re.IGNORECASE)
_QUARTER = re.compile(r"^\d{4}-Q[1-4]$")
_QUARTER_RULES = {"quarter", "quarter_short", "this_quarter"}
_ANCHOR_REACH = 600  # characters: "a year earlier" compares with a quarter named this close before
# "last year" means the same quarter a year before only in a comparison ("from $5 million last year")
_COMPARISON = re.compile(
    r"\b(?:compared|from|versus|vs\.|against|than|up|down|rose|fell|increased|declined)\b", re.IGNORECASE
)


def _span_interval(c: _find.Candidate, r: _resolve.Resolved, dct: dt.date | None):
    """Interval of a span: a range 'A–B', 'since X' (to dct), 'the past three years' (to dct)."""
    if c.value_end and r.date_start:
        end_value = c.value_end
        if len(end_value) < len(r.value) and re.fullmatch(r"\d\d", end_value):
            end_value = r.value[:2] + end_value
        iv = _resolve.interval(end_value)
        if iv and iv[1] >= r.date_start:
            return r.date_start, iv[1], end_value
        return None
    return None


def _duration_span(value: str, dct: dt.date, anchor: str):
    m = re.fullmatch(r"P(\d+)([YMWD])", value)
    if not m:
        return None
    n, unit = int(m.group(1)), m.group(2)
    days = {"Y": 365 * n + n // 4, "M": 30 * n + n // 2, "W": 7 * n, "D": n}[unit]
    try:
        other = dct - dt.timedelta(days) if anchor == "past" else dct + dt.timedelta(days)
    except OverflowError:
        return None
    return (other, dct) if anchor == "past" else (dct, other)


_ANAPHOR = re.compile(r"^ANAPHOR-(day|week|month|year)(-PLUS-1)?$")
# the precisions a mentioned date must have to anchor "that <unit>" / "the following <unit>"
_ANCHORS_UNIT = {
    "day": {"day"},
    "week": {"day", "week"},
    "month": {"day", "month"},
    "year": {"day", "week", "month", "quarter", "season", "year"},
}


def _anaphor(value: str, last_date: tuple[dt.date, str] | None) -> str:
    """'the following year' / 'later that year': counted from the last date the text mentioned
    before (HeidelTime's news-mode anaphora), else from the reference date."""
    m = _ANAPHOR.match(value)
    if not m:
        return value
    unit, n = m.group(1), 1 if m.group(2) else 0
    if last_date and last_date[1] in _ANCHORS_UNIT[unit]:
        return _resolve.shifted(last_date[0], unit, n) or ""
    return f"UNDEF-this-{unit}" + ("-PLUS-1" if n else "")


def tag_timexes(text: str, dct: dt.date | None, *, dct_is_estimate: bool = False) -> list[Timex]:
    """Every temporal expression of text, sorted by start and non-overlapping.

    dct is the reference (publication) date or None. dct_is_estimate=True says it is only an inferred
    lower bound: yearless dates then take the nearest year in either direction.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    if dct is not None and not isinstance(dct, dt.date):
        raise TypeError(f"dct must be a datetime.date or None, not {type(dct).__name__}")
    if isinstance(dct, dt.datetime):
        dct = dct.date()
    out: list[Timex] = []
    anchor: tuple[str, int] | None = None  # latest quarter named in the text, and where
    last_date: tuple[dt.date, str] | None = None  # latest date mentioned, and its precision
    for c in _find.find(text):
        near = anchor[0] if anchor and c.start - anchor[1] <= _ANCHOR_REACH else None
        if c.value.startswith("ANAPHOR-"):
            c = replace(c, value=_anaphor(c.value, last_date))
        try:
            t = _one(text, c, dct, dct_is_estimate, near)
        except (ValueError, OverflowError, IndexError):
            t = None
        if t is None:
            continue
        if c.rule.name in _QUARTER_RULES and _QUARTER.match(t.value):
            anchor = (t.value, t.end)
        if t.type in ("DATE", "TIME") and t.date_start and t.precision and not t.is_span:
            last_date = (t.date_start, t.precision)
        out.extend(_split_range(t) if not c.rule.whole else [t])
    return out


_RANGE_PARTS = re.compile(r"^(?P<a>.*?\w)(?P<sep>\s*(?:[–—/-]|\bto\b|\bthrough\b)\s*)(?P<b>\w.*)$")


def _split_range(t: Timex) -> list[Timex]:
    """A range 'A–B' as TimeML tags it: two timexes. The first keeps the interval of the whole
    range (is_span, value_end); the second is its own date."""
    if not t.value_end:
        return [t]
    m = _RANGE_PARTS.match(t.text)
    iv = _resolve.interval(t.value_end)
    if not m or iv is None:
        return [t]
    first = replace(t, end=t.start + m.end("a"), text=m.group("a"))
    second = replace(
        t,
        start=t.start + m.start("b"),
        text=m.group("b"),
        value=t.value_end,
        value_end="",
        date_start=iv[0],
        date_end=iv[1],
        precision=iv[2],
        is_span=False,
        mod="",
        signal="",
    )
    return [first, second]


def _one(text, c: _find.Candidate, dct, estimate: bool, anchor_quarter) -> Timex | None:
    how = ""
    needs_tense = c.value.startswith("XXXX-") and (dct is not None)
    if needs_tense:
        weekday = c.value.startswith("XXXX-WXX")
        how = _tense.direction(text, c.start, c.end)
        if estimate and not weekday:
            how = ""
        elif not how:
            how = "nearest" if weekday else "past"
    is_date = c.rule.type in ("DATE", "TIME")
    value = c.value
    if (
        value == "UNDEF-this-weekend"
        and dct is not None
        and dct.isoweekday() < 6
        and not _AHEAD.search(text, max(0, c.start - 12), c.start)
        and _tense.direction(text, c.start, c.end) != _tense.FUTURE
    ):
        value = "UNDEF-this-weekend-MINUS-1"  # "said over the weekend", written on a weekday: the last one
    if value == "UNDEF-this-year-MINUS-1" and anchor_quarter and c.rule.name == "last_unit":
        left = text[_tense.sentence_bounds(text, c.start, c.end)[0] : c.start]
        if _COMPARISON.search(left):
            value = "UNDEF-REF-year-MINUS-1"
    r = _resolve.resolve(value, dct, how, anchor_quarter, is_date)
    if not r.valid:
        return None
    sig = _SIGNAL.search(text, max(0, c.start - 12), c.start)
    signal = sig.group(1).lower() if sig else ""
    mod = c.mod or _SIGNAL_MOD.get(signal, "")
    date_start, date_end, value_end = r.date_start, r.date_end, ""
    is_span = c.rule.span
    if c.value_end:
        span = _span_interval(c, r, dct)
        if span is None:
            return None
        date_start, date_end, value_end = span
    elif c.rule.anchor and dct is not None:
        span = _duration_span(r.value, dct, c.rule.anchor)
        if span:
            date_start, date_end = span
    elif signal == "since" and r.date_start and dct is not None and r.date_start <= dct:
        is_span, date_end = True, max(dct, r.date_end)
    basis = r.basis if date_start else ""
    if c.rule.anchor and date_start:
        basis = "relative"
    precision = r.precision if date_start else ""
    if c.rule.type == "SET":
        date_start = date_end = None
        precision = basis = ""
    return Timex(
        c.start,
        c.end,
        text[c.start : c.end],
        c.rule.type,
        r.value,
        date_start,
        date_end,
        precision,
        basis,
        mod,
        is_span,
        c.rule.name,
        c.rule.quant,
        c.freq,
        value_end,
        signal,
    )
