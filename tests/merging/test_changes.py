"""Comparing two stores: events added, removed, re-dated and re-merged, matched by their mentions."""

import pandas as pd
import pytest

from events.merging import changes


def _events(*rows):
    return pd.DataFrame([dict(zip(changes.EVENT_COLUMNS, r)) for r in rows], columns=changes.EVENT_COLUMNS)


def _mentions(pairs):
    return pd.DataFrame([{"mention_id": m, "event_id": e} for m, e in pairs], columns=changes.MENTION_COLUMNS)


OLD_EVENTS = _events(
    ("ev-land", "2025-10-26", "2025-10-26", "day", "Transport Il-76 touches down in Caracas"),
    ("ev-req", "", "", "", "Maduro requests military aid from Russia"),
    ("ev-talk", "2025-10-01", "2025-10-31", "month", "Kremlin says talks go on"),
    ("ev-igla", "", "", "", "Country keeps thousands of Igla-S units"),
)
OLD_MENTIONS = _mentions(
    [("m1", "ev-land"), ("m2", "ev-land"), ("m3", "ev-req"), ("m4", "ev-talk"), ("m5", "ev-igla"), ("m6", "ev-igla")]
)


def test_the_same_tables_change_nothing():
    c = changes.compare(OLD_EVENTS, OLD_MENTIONS, OLD_EVENTS, OLD_MENTIONS)
    assert not c.any() and c.summary() == (
        "since the previous build: 0 events added, 0 events removed, 0 events re-dated, 0 events re-merged; "
        "4 -> 4 events"
    )


def test_the_count_adds_up_when_events_join():
    # the two events' mentions now make one event: the joined count is named, and the numbers add up
    new_mentions = OLD_MENTIONS.replace({"event_id": {"ev-land": "ev-req"}})
    new_events = OLD_EVENTS[OLD_EVENTS["event_id"] != "ev-land"]
    c = changes.compare(OLD_EVENTS, OLD_MENTIONS, new_events, new_mentions)
    n = c.counts()
    assert c.before + n["added"] - n["removed"] + c.regrouped() == c.after == c.before - 1
    assert c.regrouped() == -1 and n["remerged"] == 1
    assert c.summary().endswith("4 -> 3 events (-1 from re-merging)")
    assert changes.from_meta({"changes": c.to_meta()}).summary() == c.summary()


def test_an_event_whose_id_changed_with_the_same_mentions_is_not_reported():
    new_events = OLD_EVENTS.replace({"event_id": {"ev-land": "ev-land2"}})
    new_mentions = OLD_MENTIONS.replace({"event_id": {"ev-land": "ev-land2"}})
    assert not changes.compare(OLD_EVENTS, OLD_MENTIONS, new_events, new_mentions).any()


def test_added_removed_redated_and_remerged():
    new_events = _events(
        ("ev-land", "2025-10-26", "2025-10-26", "day", "Transport Il-76 touches down in Caracas"),
        ("ev-req", "2025-10-31", "2025-10-31", "day", "Maduro requests military aid from Russia"),  # re-dated
        ("ev-new", "2025-11-03", "2025-11-03", "day", "Kremlin keeps supplying air defences"),  # only new mentions
        ("ev-igla", "", "", "", "Country keeps thousands of Igla-S units"),
        ("ev-igla2", "", "", "", "Igla-S units in service"),  # split from ev-igla
    )
    new_mentions = _mentions(
        [
            ("m1", "ev-land"),
            ("m2", "ev-land"),
            ("m3", "ev-req"),
            ("m7", "ev-new"),
            ("m5", "ev-igla"),
            ("m6", "ev-igla2"),
            ("m8", "ev-land"),
        ]
    )  # m4 gone, m8 joins
    c = changes.compare(OLD_EVENTS, OLD_MENTIONS, new_events, new_mentions)
    assert [x.event_id for x in c.added] == ["ev-new"]
    assert [(x.event_id, x.before) for x in c.removed] == [("ev-talk", "2025-10-01..2025-10-31 (month)")]
    assert [(x.event_id, x.before, x.after) for x in c.redated] == [("ev-req", "undated", "2025-10-31 (day)")]
    assert sorted(x.event_id for x in c.remerged) == ["ev-igla", "ev-igla2"]  # a new mention joining ev-land is not
    assert c.counts() == {"added": 1, "removed": 1, "redated": 1, "remerged": 2}
    assert "ev-req: re-dated undated -> 2025-10-31 (day): Maduro requests" in c.lines()[2]


def test_two_events_merged_into_one_are_re_merged_not_removed():
    new_events = _events(
        ("ev-land", "2025-10-26", "2025-10-26", "day", "Il-76 lands; Maduro asks for aid"),
        ("ev-talk", "2025-10-01", "2025-10-31", "month", "Kremlin says talks go on"),
        ("ev-igla", "", "", "", "Country keeps thousands of Igla-S units"),
    )
    new_mentions = OLD_MENTIONS.replace({"event_id": {"ev-req": "ev-land"}})
    c = changes.compare(OLD_EVENTS, OLD_MENTIONS, new_events, new_mentions)
    assert c.removed == [] and [(x.event_id, x.before) for x in c.remerged] == [("ev-land", "ev-land, ev-req")]


def test_meta_round_trip_and_limit():
    c = changes.compare(OLD_EVENTS, OLD_MENTIONS, _events(), _mentions([]))
    meta = c.to_meta(limit=2)
    assert meta["counts"]["removed"] == 4 and len(meta["removed"]) == 2
    back = changes.from_meta({"changes": meta})
    assert back.summary() == c.summary() and back.removed == c.removed[:2]
    assert changes.from_meta({}) is None


@pytest.mark.parametrize("title", ["line\nbreak forged", "tab\tand\r\ncarriage"])
def test_a_line_per_change_whatever_the_title(title):
    c = changes.compare(_events(), _mentions([]), _events(("ev-x", "", "", "", title)), _mentions([("m", "ev-x")]))
    assert len(c.lines()) == 1 and "\n" not in c.lines()[0] and "\r" not in c.lines()[0]
