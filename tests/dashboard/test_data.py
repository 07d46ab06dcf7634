"""Store helpers for the dashboard: options, counts, captions, tables."""

from __future__ import annotations

import datetime as dt

from dashboard import data
from events.output import filters


def test_options_most_frequent_first(seed):
    opts = data.options(seed.events)
    assert opts["actors"][:2] == ["Venezuela", "Russia"]
    assert opts["statuses"] == ["reported", "claimed", "confirmed"]  # in the contract's order
    assert opts["precisions"] == ["day", "week", "month", "year"]
    assert "Latin Times" in opts["outlets"] and "meeting" in opts["categories"]


def test_counts_and_line(seed):
    shown = filters.apply(seed.events, filters.Filters(q="Maduro"))
    c = data.counts(seed.events, shown)
    assert c == {"total": 10, "shown": 5, "dated": 4, "undated": 1}
    assert data.counts_line(c) == "Showing 5 of 10 events (4 on the timeline, 1 undated)"


def test_date_bounds(seed):
    assert data.date_bounds(seed.events) == (dt.date(1962, 1, 1), dt.date(2025, 12, 31))


def test_as_of_prefers_the_build_date(seed):
    assert data.as_of(seed.meta, seed.documents, dt.date(2030, 1, 1)) == "2025-11-08"
    assert data.as_of({}, seed.documents, dt.date(2030, 1, 1)) == "2025-11-07"  # latest publication
    assert data.as_of({"built_at": "<b>never</b>"}, seed.documents.iloc[:0], dt.date(2030, 1, 1)) == "2030-01-01"


def test_top_corroborated_and_headline(seed):
    top = data.top_corroborated(seed.events, 3)
    assert top["event_id"].tolist() == ["ev-zhuravlev", "ev-wapo", "ev-ford"]
    assert data.headline(seed.events).startswith("10 events · latest: Russian lawmaker says")


def test_source_note_names_outlets(seed):
    note = data.source_note(seed.documents, seed.events)
    assert note.startswith("Source: 5 articles (Latin Times, ")


def test_undated_list(seed):
    assert data.undated(seed.events)["event_id"].tolist() == ["ev-igla"]
