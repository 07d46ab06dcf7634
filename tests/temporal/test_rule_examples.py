"""Every [[example]] of every events/resources/temporal/*.toml file, run through the tagger."""

import datetime as dt

import pytest

from events.resources import load, names
from events.temporal import tag_timexes


def _examples():
    for name in names():
        if not name.startswith("temporal/"):
            continue
        for i, ex in enumerate(load(name).get("example", [])):
            yield pytest.param(ex, id=f"{name}#{i}")


@pytest.mark.parametrize("example", list(_examples()))
def test_example(example):
    dct = dt.date.fromisoformat(example["dct"]) if example.get("dct") else None
    got = tag_timexes(example["text"], dct)
    expected = example["expect"]
    assert [t.text for t in got] == [e["text"] for e in expected], got
    for t, e in zip(got, expected):
        for key, want in e.items():
            assert t[key] == want, f"{t.text!r}: {key} is {t[key]!r}, expected {want!r}"
