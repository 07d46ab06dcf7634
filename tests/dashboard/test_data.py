"""Store helpers for the dashboard: options, counts, captions, tables."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard import access, data, listing
from events.output import filters


def test_options_most_frequent_first(seed):
    opts = listing.options(access.prepare(seed.events))
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
    assert listing.date_bounds(access.prepare(seed.events)) == (dt.date(1962, 1, 1), dt.date(2025, 12, 31))


def test_as_of_prefers_the_build_date(seed):
    assert data.as_of(seed.meta, seed.documents, dt.date(2030, 1, 1)) == "2025-11-08"
    assert data.as_of({}, seed.documents, dt.date(2030, 1, 1)) == "2025-11-07"  # latest publication
    assert data.as_of({"built_at": "<b>never</b>"}, seed.documents.iloc[:0], dt.date(2030, 1, 1)) == "2030-01-01"


def test_top_corroborated_and_headline(seed):
    top = data.top_corroborated(seed.events, 3)
    assert top["event_id"].tolist() == ["ev-zhuravlev", "ev-wapo", "ev-ford"]
    # the newest event two or more documents report, on or before the as-of date (a newer one is not)
    assert data.headline(seed.events, as_of="2025-11-07").startswith("Latest: Russian lawmaker says")
    assert data.headline(seed.events, as_of="2025-11-03") == (
        "Latest: Washington Post reports Maduro asked Russia for military aid (2025-10-31)"
    )
    assert data.headline(seed.events.iloc[:0], count=0) == "No events match"
    assert data.headline(seed.events[seed.events["event_id"] == "ev-igla"]) == "1 events, none dated"


def test_source_note_names_outlets(seed):
    note = data.source_note(seed.documents, seed.events)
    assert note.startswith("Source: 5 articles (Latin Times, ")


def test_undated_list(seed):
    assert data.undated(seed.events)["event_id"].tolist() == ["ev-igla"]


def test_key_date_list_names_each_key_day_by_its_most_salient_shown_event():
    D = dt.date.fromisoformat
    events = pd.DataFrame(
        {
            "date_start": ["2010-04-20", "2010-04-20", "2010-07-15", "2010-05-01"],
            "precision": ["day", "day", "day", "month"],
            "title": ["Rig explodes", "Coast Guard searches", "Cap stops the flow", "Slick grows"],
            "salience": [6.0, 3.0, 4.0, 9.0],
            "source_count": [3, 5, 2, 9],
        }
    )
    key = [(D("2010-06-01"), 40.0), (D("2010-04-20"), 30.0), (D("2010-07-15"), 12.0), (D("2010-05-01"), 11.0)]
    out = data.key_date_list(key, events, 5)
    # no shown event on June 1st: not listed; a month-precise event is no key day's event
    assert list(out["day"]) == [D("2010-04-20"), D("2010-07-15")]
    assert list(out["title"]) == ["Rig explodes", "Cap stops the flow"] and list(out["events"]) == [2, 1]
    assert data.key_date_list(key, events, 1)["title"].tolist() == ["Rig explodes"]
    assert data.key_date_list([], events).empty and data.key_date_list(key, events.iloc[:0]).empty
