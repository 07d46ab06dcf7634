"""Analyst overrides: applied on every build, unknown ids reported, never fatal."""

from __future__ import annotations

import datetime as dt

import pytest

from events.merging import curate, merge
from events.records import Mention


def mention(mid, doc, start=None, terms=("Il-76", "Caracas", "Pantsir-S1")):
    d = dt.date.fromisoformat(start) if start else None
    return Mention(
        mention_id=mid,
        doc_id=doc,
        char_start=0,
        char_end=5,
        quote=f"q{mid}",
        title=f"t{mid}",
        date_start=d,
        date_end=d,
        precision="day" if d else "",
        basis="explicit" if d else "undated",
        category="delivery",
        key_terms=terms,
    )


@pytest.fixture
def built():
    ms = [
        mention("a", "d1", "2025-10-26"),
        mention("b", "d2", "2025-10-31", terms=("Kazan", "Putin", "Maduro")),
        mention("c", "d3", terms=("Kazan", "Putin", "Maduro")),
    ]
    events, ms = merge.merge(ms)
    return {e.mention_ids[0]: e.event_id for e in events}, events, ms


def write(tmp_path, text):
    p = tmp_path / "overrides.toml"
    p.write_text(text, encoding="utf-8")
    return p


def by_id(events):
    return {e.event_id: e for e in events}


def test_override_fields(built, tmp_path):
    ids, events, ms = built
    path = write(
        tmp_path,
        f'''
[[override]]
event = "{ids["a"]}"
title = "Il-76 lands in Caracas with air-defence systems"
date = "2025-10"
category = "deployment"
status = "confirmed"
''',
    )
    out, _, problems = curate.apply(events, ms, path)
    ev = by_id(out)[ids["a"]]
    assert problems == []
    assert (ev.title, ev.date_start, ev.date_end, ev.precision) == (
        "Il-76 lands in Caracas with air-defence systems",
        dt.date(2025, 10, 1),
        dt.date(2025, 10, 31),
        "month",
    )
    assert (ev.category, ev.status) == ("deployment", "confirmed")
    assert ev.curated == "title, date, category, status"


def test_hide(built, tmp_path):
    ids, events, ms = built
    out, _, _ = curate.apply(events, ms, write(tmp_path, f'[[override]]\nevent = "{ids["a"]}"\nhide = true\n'))
    assert by_id(out)[ids["a"]].hidden


def test_merge_keeps_the_first_id_addressable(built, tmp_path):
    ids, events, ms = built
    keep, gone = ids["a"], ids["b"]
    path = write(
        tmp_path,
        f'''
[[merge]]
events = ["{keep}", "{gone}"]

[[override]]
event = "{gone}"
status = "claimed"
''',
    )
    out, ms2, problems = curate.apply(events, ms, path)
    assert problems == []
    assert gone not in by_id(out)
    ev = by_id(out)[keep]
    assert ev.source_count == 3 and ev.status == "claimed" and "merged" in ev.curated
    assert {m.event_id for m in ms2 if m.mention_id in ("a", "b", "c")} == {keep}


@pytest.mark.parametrize(
    "entry, message",
    [
        ('[[override]]\nevent = "ev-nothere"\ntitle = "x"\n', "unknown event id"),
        ('[[merge]]\nevents = ["ev-nothere", "ev-either"]\n', "unknown event id(s)"),
        ('[[merge]]\nevents = "ev-a"\n', "must list two or more"),
        ('[[override]]\ntitle = "no id"\n', 'needs event = "ev-..."'),
        ('[[overide]]\nevent = "x"\n', "unknown table(s) ['overide']"),
        ("this is not toml", "cannot read the overrides"),
    ],
)
def test_problems_are_reported_not_fatal(built, tmp_path, entry, message):
    _, events, ms = built
    path = write(tmp_path, entry)
    out, _, problems = curate.apply(events, ms, path)
    assert len(out) == len(events)
    assert any(message in p and str(path) in p for p in problems), problems


@pytest.mark.parametrize(
    "key, value, message",
    [
        ("status", '"rumoured"', "is not one of"),
        ("category", '"party"', "is not one of"),
        ("date", '"31/10/2025"', "is not a date"),
        ("hide", '"yes"', "must be true or false"),
        ("colour", '"red"', "unknown key(s) ['colour']"),
    ],
)
def test_bad_values_are_reported(built, tmp_path, key, value, message):
    ids, events, ms = built
    path = write(tmp_path, f'[[override]]\nevent = "{ids["a"]}"\n{key} = {value}\n')
    _, _, problems = curate.apply(events, ms, path)
    assert any(message in p and ids["a"] in p for p in problems), problems


def test_no_file_changes_nothing(built, tmp_path):
    _, events, ms = built
    assert curate.apply(events, ms, tmp_path / "overrides.toml") == (events, ms, [])


def test_overrides_survive_a_rebuild(built, tmp_path):
    ids, events, ms = built
    path = write(tmp_path, f'[[override]]\nevent = "{ids["a"]}"\ntitle = "Analyst title"\n')
    first = by_id(curate.apply(events, ms, path)[0])[ids["a"]]
    rebuilt_events, rebuilt_ms = merge.merge([dataclass_copy(m) for m in ms])
    second = by_id(curate.apply(rebuilt_events, rebuilt_ms, path)[0])[ids["a"]]
    assert first.title == second.title == "Analyst title"


def dataclass_copy(m):
    import dataclasses

    return dataclasses.replace(m, event_id="")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2025-10-31", (dt.date(2025, 10, 31), dt.date(2025, 10, 31), "day")),
        ("2024", (dt.date(2024, 1, 1), dt.date(2024, 12, 31), "year")),
        ("2025-02", (dt.date(2025, 2, 1), dt.date(2025, 2, 28), "month")),
        ("2024-01-01/2025-12-31", (dt.date(2024, 1, 1), dt.date(2025, 12, 31), "day")),
    ],
)
def test_parse_date(text, expected):
    assert curate.parse_date(text) == expected
