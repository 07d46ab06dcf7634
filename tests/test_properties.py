"""Property tests (hypothesis): the tagger on any text, the build on any bytes.

- ``tag_timexes(text, dct)`` never raises; every expression lies inside the text (``0 <= start < end
  <= len(text)``, its ``text`` is ``text[start:end]``); a date interval runs forwards
  (``date_start <= date_end``) and has both ends or neither.
- A build over a folder of random files never crashes: every file becomes a document or a skip line,
  and the store it writes reads back whole.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from events import pipeline
from events.output import store
from events.reading import ingest
from events.settings import Settings
from events.temporal import tag_timexes

pytestmark = pytest.mark.slow

# Pieces of news text that temporal rules look at, so random text often looks like a date.
FRAGMENTS = [
    "January",
    "Feb.",
    "February 30",
    "March",
    "Sept.",
    "Oct. 31",
    "December",
    "Monday",
    "Tues.",
    "weekend",
    "2025",
    "1962",
    "3000",
    "0000",
    "9999",
    "31/02/2025",
    "2025-13-01",
    "13/13/13",
    "2025-02-29",
    "2024-02-29",
    "1 ",
    "31",
    "32",
    "00",
    "-",
    "–",
    "/",
    ".",
    ",",
    " ",
    "\n",
    "'",
    "’",
    "s",
    "th",
    "st",
    "Q3",
    "H1",
    "last week",
    "next month",
    "this year",
    "tomorrow",
    "yesterday",
    "a year ago",
    "two decades ago",
    "since",
    "until",
    "by",
    "between",
    "and",
    "from",
    "to",
    "early",
    "mid-",
    "late",
    "the 1990s",
    "'90s",
    "century",
    "BC",
    "AD",
    "noon",
    "3:15 p.m.",
    "24:61",
    "every Tuesday",
    "twice a week",
    "for three days",
    "P1W",
    "٣",
    "１２",
    "²",
    "Ⅻ",
    "🙂",
    "\u200b",
    "\x00",
    "\ufeff",
    "on",
    "in",
    "of",
    "the",
    "said",
    "arrived",
]
NEWSY = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=6)), max_size=40).map("".join)
DCTS = st.one_of(st.none(), st.dates(), st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2035, 12, 31)))


def check_timexes(text: str, dct: dt.date | None) -> None:
    for t in tag_timexes(text, dct):
        assert 0 <= t.start < t.end <= len(text), (t, len(text))
        assert t.text == text[t.start : t.end], t
        assert (t.date_start is None) == (t.date_end is None), t
        if t.date_start is not None:
            assert isinstance(t.date_start, dt.date) and isinstance(t.date_end, dt.date), t
            assert t.date_start <= t.date_end, t


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=300), dct=DCTS)
def test_tag_timexes_on_any_text(text, dct):
    check_timexes(text, dct)


@settings(max_examples=200, deadline=None)
@given(text=NEWSY, dct=DCTS)
def test_tag_timexes_on_date_like_text(text, dct):
    check_timexes(text, dct)


@settings(max_examples=100, deadline=None)
@given(
    day=st.integers(1, 40),
    month=st.integers(1, 14),
    year=st.integers(1, 9999),
    dct=st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2035, 12, 31)),
)
def test_numeric_dates_are_real_dates_or_none(day, month, year, dct):
    """ "31/02/2025", month 13: never a real date, never an exception."""
    for text in (f"It happened on {day:02d}/{month:02d}/{year:04d}.", f"Filed {year:04d}-{month:02d}-{day:02d}."):
        check_timexes(text, dct)
        try:
            dt.date(year, month, day)
            real = True
        except ValueError:
            real = False
        if not real:
            assert all(t.precision != "day" for t in tag_timexes(text, dct)), text


# ---------------------------------------------------------------------------------------------- the build

SUFFIXES = st.sampled_from([".txt", ".md", ".html", ".htm", ".pdf", ".png", "", ".TXT", ".csv"])
RAW = st.one_of(
    st.binary(max_size=2000),
    st.builds(
        lambda t, enc: t.encode(enc, errors="replace"),
        NEWSY,
        st.sampled_from(["utf-8", "utf-16", "utf-16-le", "latin-1", "cp1252", "cp1251", "utf-8-sig"]),
    ),
    st.builds(lambda t: f"<html><body><script>{t}</script><p onclick='{t}'>{t}</p></body></html>".encode(), NEWSY),
)
FILES = st.dictionaries(st.text("abcdefghij_-", min_size=1, max_size=8), st.tuples(SUFFIXES, RAW), max_size=6)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(files=FILES, manifest=st.one_of(st.none(), st.binary(max_size=300), NEWSY))
def test_build_on_random_bytes_never_crashes(files, manifest):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        for stem, (suffix, data) in files.items():
            (folder / f"{stem}{suffix}").write_bytes(data)
        if manifest is not None:
            (folder / ingest.MANIFEST).write_bytes(manifest if isinstance(manifest, bytes) else manifest.encode())
        out = Path(tmp) / "store"
        result = pipeline.build(folder, out, Settings(max_file_bytes=1500, allow_empty=True))
        names = {f"{stem}{suffix}" for stem, (suffix, _) in files.items()}
        assert {d.path for d in result.documents} | {s.path for s in result.skipped} == names
        assert all(s.reason for s in result.skipped)
        st_ = store.read(out)
        assert len(st_.documents) == len(result.documents)
