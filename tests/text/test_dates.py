"""Dates people type, read back with their precision; the clock is never read."""

from __future__ import annotations

import datetime as dt

import pytest

from events.text.dates import read_typed

TODAY = dt.date(2025, 11, 3)


@pytest.mark.parametrize(
    "text, start, end, precision",
    [
        ("2025-10-31", "2025-10-31", "2025-10-31", "day"),
        ("Oct 31, 2025 5:00 PM EST", "2025-10-31", "2025-10-31", "day"),
        ("31.10.2025", "2025-10-31", "2025-10-31", "day"),
        ("October 31st, 2025", "2025-10-31", "2025-10-31", "day"),
        ("March 2011", "2011-03-01", "2011-03-31", "month"),
        ("2025-10", "2025-10-01", "2025-10-31", "month"),
        ("2010", "2010-01-01", "2010-12-31", "year"),
        ("2025-10-20/2025-10-26", "2025-10-20", "2025-10-26", "day"),
        ("yesterday", "2025-11-02", "2025-11-02", "day"),  # counted from the day given, not the clock
        ("3 days ago", "2025-10-31", "2025-10-31", "day"),
    ],
)
def test_typed_dates(text, start, end, precision):
    found = read_typed(text, TODAY)
    assert (found.start.isoformat(), found.end.isoformat(), found.precision) == (start, end, precision)


def test_what_was_read_is_said_back():
    assert read_typed("March 2011").said == "2011-03-01 to 2011-03-31 (month)"
    assert read_typed("Oct 31, 2025").said == "2025-10-31"


@pytest.mark.parametrize(
    "text, message",
    [
        ("banana", r"'banana' is not a date; write a day"),
        ("2025-02-30", r"'2025-02-30' is not a real date"),
        ("2 weeks ago", r"counted from today, and no day is given"),  # no reference day: never the clock
        ("2025-10-26/2025-10-20", r"ends before it starts"),
        ("", r"an empty date"),
        ("x" * 500, r"is too long to be a date"),
    ],
)
def test_what_is_no_date_is_named(text, message):
    with pytest.raises(ValueError, match=message):
        read_typed(text)
