"""Analyst overrides: applied on every build, unknown ids reported, never fatal."""

from __future__ import annotations

import datetime as dt
import os

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
        ('[[overide]]\nevent = "x"\n', "unknown key 'overide' ignored"),
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
        # as an analyst types them
        ("Oct 31 2025", (dt.date(2025, 10, 31), dt.date(2025, 10, 31), "day")),
        ("March 2011", (dt.date(2011, 3, 1), dt.date(2011, 3, 31), "month")),
    ],
)
def test_parse_date(text, expected):
    assert curate.parse_date(text) == expected


@pytest.mark.parametrize("text", ["2 weeks ago", "next Tuesday", "soonish", "2025-13"])
def test_an_override_date_is_never_counted_from_today_and_text_that_is_no_date_is_named(text):
    with pytest.raises(ValueError, match=rf"{text!r} is not a date; expected YYYY-MM-DD"):
        curate.parse_date(text)


# ---- a file of the wrong shape: one clear line, before any work ------------------------------------------------


@pytest.mark.parametrize(
    "text, line, message",
    [
        ("merge = 5\n", 1, "merge must be a list of [[merge]] entries, not a number (5); merge ignored"),
        ("# mine\n\noverride = 5\n", 3, "override must be a list of [[override]] entries, not a number (5)"),
        ("merge = true\n", 1, "merge must be a list of [[merge]] entries, not true or false (true)"),
        ('override = "ev-0123"\n', 1, "override must be a list of [[override]] entries, not text ('ev-0123')"),
        ("override = [1, 2]\n", 1, "override must be a list of [[override]] entries, not a list of values"),
        (
            '[override]\nevent = "ev-0123"\ntitle = "New"\nstatus = "confirmed"\n',
            1,
            "[override] is a single table; write each entry as [[override]] (an array of tables); override ignored",
        ),
        ('x = 1\n[[override]]\nevent = "ev-0123"\n', 1, "unknown key 'x' ignored"),
    ],
)
def test_a_top_level_value_of_the_wrong_shape_is_one_line_naming_file_key_and_line(
    built, tmp_path, text, line, message
):
    _, events, ms = built
    path = write(tmp_path, text)
    out, _, problems = curate.apply(events, ms, path)
    assert [e.event_id for e in out] == [e.event_id for e in events]
    (problem,) = [p for p in problems if "unknown event id" not in p]
    assert problem.startswith(f"{path}:{line}: {message}"), problem


def test_a_file_nested_six_hundred_deep_is_malformed_not_a_crash(built, tmp_path):
    _, events, ms = built
    path = write(tmp_path, "a = " + "[" * 600 + "]" * 600 + "\n")
    out, _, problems = curate.apply(events, ms, path)
    assert out == events
    assert problems == [f"{path}: malformed: tables or arrays nested too deeply to read; no override applied"]


def test_a_long_title_is_cut_and_said_and_a_line_break_is_a_space(built, tmp_path):
    ids, events, ms = built
    path = write(
        tmp_path,
        f'[[override]]\nevent = "{ids["a"]}"\ntitle = "{"Cargo plane lands " * 150_000}"\n'
        f'[[override]]\nevent = "{ids["b"]}"\ntitle = """Kazan\nsummit"""\n',
    )
    out, _, problems = curate.apply(events, ms, path)
    title = by_id(out)[ids["a"]].title
    assert len(title) == curate.TEXT_LIMITS["title"] and title.startswith("Cargo plane lands") and title.endswith("…")
    assert problems == [
        f"{path}: [[override]] #1 (event {ids['a']}): title is 2,699,999 characters; cut to the first 200"
    ]
    assert by_id(out)[ids["b"]].title == "Kazan summit"


@pytest.mark.parametrize("target", ["/dev/zero", "/etc/passwd"])
def test_an_overrides_file_linked_out_of_the_input_folder_is_not_followed(tmp_path, target):
    os.symlink(target, tmp_path / "overrides.toml")
    data, problems = curate.load(tmp_path / "overrides.toml", tmp_path)
    assert data == {}
    (problem,) = problems
    assert problem.startswith(f"{tmp_path / 'overrides.toml'}: a link pointing outside the input folder (to {target})")
    assert "root:" not in problem


def test_an_overrides_file_that_is_a_named_pipe_is_named_not_waited_on(tmp_path):
    import threading

    path = tmp_path / "overrides.toml"
    os.mkfifo(path)
    out: dict = {}
    worker = threading.Thread(target=lambda: out.setdefault("r", curate.load(path, tmp_path)), daemon=True)
    worker.start()
    worker.join(30)
    if worker.is_alive():  # it waits on the pipe: give it an end, so the test fails instead of hanging
        with open(path, "wb"):
            pass
        worker.join()
        pytest.fail("the overrides file was waited on")
    assert out["r"] == ({}, [f"{path}: not a regular file (a named pipe); no override applied"])


def test_an_overrides_file_over_the_size_limit_is_named(tmp_path):
    path = write(tmp_path, "# " + "x" * 2_000 + "\n")
    data, problems = curate.load(path, tmp_path, limit=1_000)
    assert data == {} and problems == [
        f"{path}: too large: 2,003 bytes, over the limit of 1,000 bytes; no override applied"
    ]
