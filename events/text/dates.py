"""Dates people type: a manifest's `published` cell, an analyst's override, the page's date fields.

``read_typed("Oct 31, 2025 5:00 PM EST")`` gives the day, ``read_typed("March 2011")`` the month,
``read_typed("2 weeks ago", today=...)`` a day counted back from ``today``; ISO forms (``2025-10-31``,
``2025-10``, ``2025``) and ranges (``START/END``) are read directly, anything else by dateparser in English.
The clock is never read: a relative phrase needs ``today`` (the reference date is an argument), and without one
it is named as an error, as is any text that is no date. ``Typed.said`` tells what was read, to show it back.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

ISO = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")
EXPECTED = "write a day (2025-10-31, Oct 31 2025, 31.10.2025), a month (2025-10, March 2011), a year or START/END"
MAX_CHARS = 100  # typed dates are short: a longer text is no date (and dateparser is not asked)


@dataclass(frozen=True)
class Typed:
    start: dt.date
    end: dt.date
    precision: str  # day, week, month, year

    @property
    def said(self) -> str:
        """What was read, in words a person checks at a glance."""
        if self.start == self.end:
            return self.start.isoformat()
        return f"{self.start.isoformat()} to {self.end.isoformat()} ({self.precision})"


def _iso(text: str) -> Typed:
    parts = text.split("-")
    try:
        if len(parts) == 3:
            d = dt.date.fromisoformat(text)
            return Typed(d, d, "day")
        y = int(parts[0])
        if len(parts) == 2:
            m = int(parts[1])
            return Typed(dt.date(y, m, 1), dt.date(y, m, calendar.monthrange(y, m)[1]), "month")
        return Typed(dt.date(y, 1, 1), dt.date(y, 12, 31), "year")
    except ValueError:
        raise ValueError(f"{text!r} is not a real date; {EXPECTED}") from None


def _parsed(text: str, base: dt.date):
    import warnings

    from dateparser.date import DateDataParser

    parser = DateDataParser(languages=["en"], settings={"RELATIVE_BASE": dt.datetime.combine(base, dt.time(12))})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # dateparser's own deprecation notices are not the user's business
        return parser.get_date_data(text)


def read_typed(text: str, today: dt.date | None = None) -> Typed:
    """The interval a typed date names, with its precision; ValueError naming the text when it is none."""
    text = " ".join(str(text).split())
    if not text:
        raise ValueError(f"an empty date; {EXPECTED}")
    if len(text) > MAX_CHARS:
        raise ValueError(f"{text[:40]!r}… is too long to be a date; {EXPECTED}")
    if "/" in text and not re.fullmatch(r"\d{1,2}/\d{1,2}/\d{2,4}", text):
        a, b = text.split("/", 1)
        first, last = read_typed(a, today), read_typed(b, today)
        if last.end < first.start:
            raise ValueError(f"{text!r} ends before it starts")
        return Typed(first.start, last.end, first.precision)
    if ISO.fullmatch(text):
        return _iso(text)
    # read against two far-apart days: a phrase that reads differently is relative to the day it is read on
    a, b = _parsed(text, dt.date(2001, 6, 15)), _parsed(text, dt.date(2011, 6, 15))
    if a.date_obj is None:
        raise ValueError(f"{text!r} is not a date; {EXPECTED}")
    found = a
    if a.date_obj != b.date_obj:
        if today is None:
            raise ValueError(f"{text!r} is counted from today, and no day is given to count from; {EXPECTED}")
        found = _parsed(text, today)
    day, period = found.date_obj.date(), found.period or "day"
    if period == "year":
        return Typed(dt.date(day.year, 1, 1), dt.date(day.year, 12, 31), "year")
    if period == "month":
        last = calendar.monthrange(day.year, day.month)[1]
        return Typed(dt.date(day.year, day.month, 1), dt.date(day.year, day.month, last), "month")
    if period == "week":
        start = day - dt.timedelta(days=day.weekday())
        return Typed(start, start + dt.timedelta(days=6), "week")
    return Typed(day, day, "day")
