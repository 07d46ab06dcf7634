"""Every example in the extraction resource files, run: each rule file carries its own test cases.

One parametrised test per file kind; a new example in a TOML file is a new test case here.
"""

from __future__ import annotations

import datetime as dt
import re
from types import SimpleNamespace

import pytest

from events.extraction import extract, gazetteer, lexicon, titles
from events.merging import merge
from events.reading import clean, sentences
from events.records import Document
from events.resources import load

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
    "titles",
    "verbs",
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


@pytest.mark.parametrize("ex", examples("categories"))
def test_category_examples(ex):
    assert extract.category_of(ex["text"])[0] == ex["category"]


@pytest.mark.parametrize("ex", examples("verbs"))
def test_verb_examples(ex):
    found = lexicon.triggers(f"they {ex['form']} it")
    assert found and found[0].lemma == ex["lemma"]
    assert lexicon.present(ex["lemma"]) == ex["present"]


@pytest.mark.parametrize("ex", examples("actors"))
def test_actor_examples(ex):
    assert sorted({f.name for f in gazetteer.actors(ex["text"])}) == ex["actors"]


@pytest.mark.parametrize("ex", examples("places"))
def test_place_examples(ex):
    assert gazetteer.location(ex["text"]) == ex["location"]


@pytest.mark.parametrize("ex", examples("hedges"))
def test_status_examples(ex):
    _, trig = extract.category_of(ex["text"])
    assert extract.status_of(ex["text"], trig) == ex["status"]


def _timex(sentence: str, text: str):
    """A Timex-like object for an expression of the sentence (only what dating looks at)."""
    day = dt.date(2025, 10, 1)
    start = sentence.index(text)
    return SimpleNamespace(
        start=start,
        end=start + len(text),
        text=text,
        type="DATE",
        value="X",
        date_start=day,
        date_end=day,
        precision="day",
        basis="explicit",
        is_span=False,
        signal="",
    )


@pytest.mark.parametrize("ex", examples("mentions"))
def test_dating_examples(ex):
    timexes = [_timex(ex["text"], d) for d in ex["dates"]]
    _, trig = extract.category_of(ex["text"])
    dating, nominal = extract.govern(ex["text"], timexes, trig)
    assert (dating.timex.text if dating.timex else "") == ex["date_text"]
    assert [t.text for t in nominal] == ex["nominal"]


@pytest.mark.parametrize("ex", examples("titles"))
def test_title_examples(ex):
    s = ex["sentence"]
    _, trig = extract.category_of(s)
    span = (s.index(ex["date_text"]), s.index(ex["date_text"]) + len(ex["date_text"])) if ex["date_text"] else None
    people = [f for f in gazetteer.actors(s) if f.kind == "person"]
    got = titles.title(s, trig, span, people, lexicon.triggers(s, gazetteer.demonyms()))
    assert got == ex["title"]
    assert len(got) <= load("titles")["max_chars"]


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
