"""Every example in the extraction resource files, run: each rule file carries its own test cases.

One parametrised test per file kind; a new example in a TOML file is a new test case here.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from events.extraction import extract, lexicon
from events.merging import merge
from events.reading import clean, sentences
from events.records import Document
from events.resources import load
from events.text import gazetteer

OWN = [
    "abbreviations",
    "actors",
    "boilerplate",
    "categories",
    "hedges",
    "mentions",
    "merge",
    "places",
    "terms",
    "frames",
    "headlines",
]


def examples(name: str, key: str = "example"):
    return [pytest.param(ex, id=f"{name}-{i}") for i, ex in enumerate(load(name).get(key, []))]


@pytest.mark.parametrize("name", OWN)
def test_every_file_has_examples(name):
    data = load(name)
    has = bool(data.get("example")) or any(p.get("examples") for p in data.get("pattern", []))
    assert has, f"events/resources/{name}.toml has no examples"


def _cases(kind: str):
    out = []
    for p in load("boilerplate")[kind]:
        out += [pytest.param(p, e, True, id=f"{p['name']}+{i}") for i, e in enumerate(p.get("examples", []))]
        out += [pytest.param(p, e, False, id=f"{p['name']}-{i}") for i, e in enumerate(p.get("keep", []))]
    return out


@pytest.mark.parametrize("pattern, line, dropped", _cases("pattern"))
def test_boilerplate_line_patterns(pattern, line, dropped):
    assert (clean.furniture_reason(line) == pattern["name"]) is dropped


@pytest.mark.parametrize("pattern, text, dropped", _cases("inline"))
def test_boilerplate_inline_patterns(pattern, text, dropped):
    assert bool(re.fullmatch(r"\s*" + pattern["regex"].removeprefix(r"\s*"), text, re.IGNORECASE)) is dropped


BIO = load("boilerplate")["bio"]


@pytest.mark.parametrize("line, is_bio", [(e, True) for e in BIO["examples"]] + [(k, False) for k in BIO["keep"]])
def test_boilerplate_bio(line, is_bio):
    assert bool(re.match(BIO["regex"], line)) is is_bio


def _document(text: str) -> Document:
    doc = Document(doc_id="example", path="example.txt", text=text)
    return clean.clean(doc)[0]


@pytest.mark.parametrize("ex", examples("abbreviations"))
def test_sentence_examples(ex):
    assert [s.text for s in sentences.split(_document(ex["text"]))] == ex["sentences"]


PUBLISHED = dt.date(2025, 11, 3)


def _mentions(text: str, published: dt.date = PUBLISHED):
    """The mentions the whole stage finds in one text (its own document, published on ``published``)."""
    from events.temporal import tag_timexes

    doc = Document(doc_id="example", path="example.txt", text=text, published=published, published_basis="given")
    doc = clean.clean(doc)[0]
    return extract.mentions(doc, sentences.split(doc), tag_timexes(text, published))


def _parsed(text: str):
    from events import parsing

    return parsing.parse([text])[0]


@pytest.mark.parametrize("ex", examples("categories"))
def test_category_examples(ex):
    found = _mentions(ex["text"])
    assert (found[0].category if found else "") == ex["category"]


@pytest.mark.parametrize("ex", examples("actors"))
def test_actor_examples(ex):
    assert sorted({f.name for f in gazetteer.actors(ex["text"])}) == ex["actors"]


@pytest.mark.parametrize("ex", examples("places"))
def test_place_examples(ex):
    assert gazetteer.location(ex["text"]) == ex["location"]


@pytest.mark.parametrize("ex", examples("hedges"))
def test_status_examples(ex):
    found = lexicon.triggers(_parsed(ex["text"]))
    trig = next((t for t in found if t.kind == "content"), found[0] if found else None)
    assert extract.status_of(ex["text"], trig) == ex["status"]


@pytest.mark.parametrize("ex", examples("mentions"))
def test_dating_examples(ex):
    main, *others = _mentions(ex["text"]) or [None]
    assert (main.date_text if main else "") == ex["date_text"]
    assert [m.date_text for m in others if m.date_text] == ex["others"]


@pytest.mark.parametrize("ex", examples("frames"))
def test_frame_examples(ex):
    from events.extraction import frames

    doc = _parsed(ex["text"])
    frame = next(f for f in frames.frames(doc, []) if f.trigger.text == ex["trigger"])
    reporter = doc[frame.reporter].text if frame.reporter is not None else ""
    assert (frame.negated, frame.modality, reporter) == (ex["negated"], ex["modality"], ex["reporter"])


@pytest.mark.parametrize("ex", examples("headlines"))
def test_headline_examples(ex):
    titles = [m.title for m in _mentions(ex["text"])]
    assert titles[: len(ex["titles"])] == ex["titles"]
    assert all(len(t) <= load("headlines")["hard_max_chars"] for t in titles)


@pytest.mark.parametrize("ex", examples("terms"))
def test_key_term_examples(ex):
    assert sorted(set(gazetteer.key_terms(ex["text"]))) == ex["terms"]


@pytest.mark.parametrize("ex", examples("merge"))
def test_merge_examples(ex):
    from events.temporal import tag_timexes

    published = dt.date(2025, 11, 3)
    found = []
    for i, text in enumerate((ex["a"], ex["b"])):
        doc = Document(doc_id=f"doc{i}", path=f"doc{i}.txt", text=text, published=published, published_basis="given")
        doc = clean.clean(doc)[0]
        found += extract.mentions(doc, sentences.split(doc), tag_timexes(text, published))
    events, _ = merge.merge(found)
    assert (len(events) == 1) is ex["same"]
