"""Mentions: which sentences, which date is the event's own, actors, status, location, titles. Real sentences."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from events.extraction import extract
from events.reading import clean, sentences
from events.records import Document, Sentence
from events.temporal import tag_timexes

PUBLISHED = dt.date(2025, 11, 3)


def mentions_of(text: str, published=PUBLISHED, basis="given", timexes=None):
    doc = clean.clean(Document(doc_id="d", path="d.txt", text=text, published=published, published_basis=basis))[0]
    if timexes is None:
        timexes = tag_timexes(text, published, dct_is_estimate=basis == "inferred")
    return extract.mentions(doc, sentences.split(doc), timexes)


def timex(text: str, sentence: str, start: dt.date, end: dt.date, precision: str, basis="explicit", **kw):
    """A hand-built Timex-like object (the temporal tagger's fields)."""
    at = sentence.index(text)
    fields = dict(
        start=at,
        end=at + len(text),
        text=text,
        type="DATE",
        value="X",
        date_start=start,
        date_end=end,
        precision=precision,
        basis=basis,
        mod="",
        is_span=False,
        rule="test",
        signal="",
    )
    fields.update(kw)
    return SimpleNamespace(**fields)


@pytest.mark.parametrize(
    "sentence, date_text, start, precision, is_span",
    [
        (
            "Russia's President Vladimir Putin meets with Venezuela's President Nicolas Maduro in Kazan on Oct. 23, 2024.",
            "on Oct. 23, 2024",
            "2024-10-23",
            "day",
            False,
        ),
        (
            "A transport Il-76 touched down in Caracas on October 26, 2025, reportedly carrying Pantsir-S1 and Buk-M2E "
            "batteries to complement an existing S-300VM.",
            "on October 26, 2025",
            "2025-10-26",
            "day",
            False,
        ),
        (  # the statement is dated by the day it was made, not by the day a ceasefire it mentions began
            "Annan said on Tuesday the ceasefire was holding despite a ceasefire in place since 12 April.",
            "on Tuesday",
            "2025-10-28",
            "day",
            False,
        ),
    ],
)
def test_the_date_of_the_main_event(sentence, date_text, start, precision, is_span):
    m = mentions_of(sentence)[0]
    assert (m.date_text, m.date_start.isoformat(), m.precision, m.is_span) == (date_text, start, precision, is_span)


@pytest.mark.parametrize(
    "sentence",
    [
        "Spilled oil has damaged hundreds of miles of Gulf coastline since April, with serious economic damage.",
        "The cap has prevented oil from leaking into the Gulf for the first time since 20 April.",
        "More than 15,000 bodies have been collected since Tuesday, Prime Minister Max Bellerive said.",
    ],
)
def test_a_date_that_only_orders_the_event_dates_no_verb(sentence):
    assert all(m.date_start is None for m in mentions_of(sentence))


def test_a_date_in_a_name_dates_nothing():
    found = mentions_of("The Sunday Times reported that the minister had resigned over the arms deal.")
    assert found and all(m.date_start is None for m in found)


def test_an_event_noun_with_its_own_date_is_a_second_mention():
    found = mentions_of(
        "Oil companies stress one another's failures in a Senate hearing, after the explosion of the Deepwater "
        "Horizon oil rig April 20."
    )
    explosion = next(m for m in found if m.date_start is not None)
    assert explosion.date_start == dt.date(2025, 4, 20) and explosion.title == "Explosion of Deepwater Horizon oil rig"
    assert explosion.category == "strike"


def test_at_that_time_takes_the_date_of_the_sentence_before():
    found = mentions_of(
        "Moscow deployed ballistic missile launchers to Cuba in 1962. At that time, Moscow secretly deployed "
        "over 40 ballistic missile launchers and 40,000 soldiers in Cuba."
    )
    assert [m.date_start for m in found] == [dt.date(1962, 1, 1)] * 2
    assert found[1].date_text == "At that time (1962)" and found[1].title.startswith("Moscow deploys")


def test_relative_dates_against_an_inferred_publication_date_are_inferred():
    m = mentions_of(
        "Kremlin spokesperson Dmitry Peskov confirmed to TASS earlier this week that Russia remains "
        "in contact with Venezuela.",
        basis="inferred",
    )[0]
    assert m.basis == "inferred" and m.precision == "week"


def test_no_publication_date_leaves_relative_dates_undated():
    sentence = "The latter announced on Tuesday that the Kremlin has sent advanced weapons to the Caribbean."
    t = timex("Tuesday", sentence, dt.date(2025, 10, 28), dt.date(2025, 10, 28), "day", basis="relative")
    m = mentions_of(sentence, published=None, basis="unknown", timexes=[t])[0]
    assert m.basis == "undated" and m.date_start is None
    assert m.title == "Kremlin sends advanced weapons to Caribbean"  # "the latter" names nobody


def test_vague_references_never_date_a_mention():
    sentence = (
        "The United States has deployed warships to the region, including the USS Gerald R. Ford, expected "
        "to be within range of Venezuela soon."
    )
    soon = timex("soon", sentence, None, None, "", value="FUTURE_REF")
    m = mentions_of(sentence, timexes=[soon])[0]
    assert m.date_start is None and m.category == "deployment"
    assert m.title.startswith("United States deploys warships")


def test_hand_built_timexes_offsets_are_document_offsets():
    text = "Headline here\n\nMaduro asked Russia for military assistance on Oct. 31, the Post reported."
    at = text.index("Oct. 31")
    t = SimpleNamespace(
        start=at,
        end=at + 7,
        text="Oct. 31",
        type="DATE",
        value="2025-10-31",
        date_start=dt.date(2025, 10, 31),
        date_end=dt.date(2025, 10, 31),
        precision="day",
        basis="relative",
        mod="",
        is_span=False,
        rule="t",
        signal="on",
    )
    m = mentions_of(text, timexes=[t])[0]
    assert text[m.char_start : m.char_end] == m.quote and m.date_text == "on Oct. 31"


@pytest.mark.parametrize(
    "sentence, actors",
    [
        (
            "Kremlin spokesperson Dmitry Peskov confirmed to TASS earlier this week that Russia remains in contact.",
            ("Dmitry Peskov", "Russia", "TASS"),
        ),
        (
            "US President Donald Trump said on Sunday in an interview with CBS that Venezuelan leader Maduro's days are "
            "numbered.",
            ("CBS", "Donald Trump", "Nicolás Maduro", "United States", "Venezuela"),
        ),
        (
            "Kuchma assured Yeltsin on Friday that Ukraine would not join NATO, Yeltsin's spokesman Sergei "
            "Yastrzhembsky said, according to the Interfax news agency.",
            ("Boris Yeltsin", "NATO", "Sergei Yastrzhembsky", "Ukraine"),
        ),
    ],
)
def test_actors(sentence, actors):
    assert mentions_of(sentence)[0].actors == actors


def test_people_keep_their_roles():
    m = mentions_of(
        "Alexey Zhuravlev, deputy head of the Russian parliament's defense committee, said on Monday that Russia "
        "could supply Kalibr cruise missiles."
    )[0]
    assert "Alexey Zhuravlev: deputy head of the Russian parliament's defense committee" in m.roles


def test_a_pronoun_subject_is_the_person_named_before():
    found = mentions_of(
        "Venezuelan dictator Nicolas Maduro asked Russia for military assistance. He has just asked "
        "for air defense systems and at least 14 missile systems, the Washington Post reported last week."
    )
    assert "Nicolás Maduro" in found[1].actors
    assert "Maduro asks for air defense systems" in found[1].title


@pytest.mark.parametrize(
    "sentence, status",
    [
        (
            "The Venezuelan ruler denies these accusations and claims the U.S. wants to seize the country's natural "
            "resources, including oil, gas, and gold.",
            "denied",
        ),
        ("Russia confirms it's supplying advanced missile systems to Venezuela.", "confirmed"),
        ("Zhuravlev added that Russia could also supply Kalibr cruise missiles.", "planned"),
        ("Russia did not deliver the missiles to Venezuela on Monday.", "denied"),
        ("Russia plans to send two warships to the Caribbean next month.", "planned"),
        ("Wong Kwan sold the property to five buyers on Monday.", "reported"),
    ],
)
def test_status(sentence, status):
    assert mentions_of(sentence)[0].status == status


@pytest.mark.parametrize(
    "sentence",
    [
        "Why does the Ukrainian Security Service doubt Russia's ability to transport weapons?",
        "Why This Matters",
        "These systems are designed to intercept aircraft, drones, and certain types of missiles.",
        "The impact of the 2010 oil spill in the Gulf of Mexico.",  # a caption: no predicate, no event
    ],
)
def test_not_mentions(sentence):
    assert mentions_of(sentence) == []


def test_titles_are_written_from_the_frame_not_cut_from_the_sentence():
    text = (
        "A transport Il-76 touched down in Caracas on October 26, 2025, reportedly carrying Pantsir-S1 and "
        "Buk-M2E batteries to complement an existing S-300VM, strengthening Venezuela's layered air-defence "
        "posture and increasing the costs of potential U.S. kinetic options."
    )
    m = mentions_of(text)[0]
    assert m.title == "Transport Il-76 touches down in Caracas"
    assert m.location == "Caracas" and m.category == "delivery"


@pytest.mark.slow
def test_te3_articles_run_through_the_per_document_stage():
    """A sample of TempEval-3 articles (their DCT as publication date): no error, offsets hold, no future dates."""
    from pathlib import Path

    from events import pipeline
    from events.temporal.timeml import read_dir

    folder = Path(__file__).resolve().parents[2] / "corpora" / "te3" / "TBAQ-cleaned" / "AQUAINT"
    docs = read_dir(folder)[:12]
    assert docs, f"no TimeML files in {folder}"
    for d in docs:
        doc = clean.clean(
            Document(doc_id=d.doc_id, path=d.doc_id, text=d.text, published=d.dct, published_basis="given")
        )[0]
        for m in pipeline.process_document(doc):
            assert doc.text[m.char_start : m.char_end] == m.quote
            assert m.title and len(m.title) <= 80
            assert m.date_start is None or m.date_start.year <= d.dct.year + 1


def test_names_are_found_as_whole_runs_only():
    """A gazetteer name starts where a run of word characters and hyphens starts and ends where a word
    ends: "pro-Russia" and "Russian" hold no "Russia"; "the Kremlin" is found in lower case too."""
    from events.text import gazetteer

    text = "The pro-Russia bloc and Russian-made jets: the Kremlin said Russia, not NATO-led forces, would act."
    at = text.index("Russia,")
    assert list(gazetteer._find_actors(text)) == [(43, 54, "the Kremlin"), (at, at + 6, "Russia")]  # not NATO-led


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=30), spans=st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30)), max_size=5))
@pytest.mark.slow
def test_blanking_spans_makes_their_characters_spaces(text, spans):
    from events.extraction.extract import _blank

    spans = [(min(a, len(text)), min(b, len(text))) for a, b in spans]
    out = _blank(text, spans)
    assert len(out) == len(text)
    for i, (c, d) in enumerate(zip(text, out)):
        assert d == (" " if any(a <= i < b for a, b in spans) else c)


@pytest.mark.parametrize(
    "sentence, event",
    [
        ('"So the disease may not be nearly as severe as people thought," says Professor Robert Booy.', False),
        ('But he added this is a "fast-moving situation".', False),
        (  # an undated saying with no happening named in it is comment: it is not even parsed
            "Thomas Tsang, head of Hong Kong's Centre for Health Protection, said officials would be reviewing "
            "their quarantine procedures.",
            False,
        ),
        ('"We have confirmed a second case," the Spanish health ministry said on Tuesday.', True),
    ],
)
def test_undated_comment_is_not_an_event(sentence, event):
    published = dt.date(2009, 4, 28)
    doc = Document(doc_id="d", path="d.txt", text=sentence, published=published, published_basis="given")
    found = extract.mentions(doc, sentences.split(doc), tag_timexes(sentence, published))
    assert bool(found) is event


def test_the_parse_of_a_long_sentence_is_bounded(monkeypatch):
    """One sentence of 40,000 characters holding 2,000 dates: only its first MAX_PARSE_CHARS are parsed, and
    the dates past them date nothing, so the work does not grow with the sentence."""
    from events import parsing

    text = "Russia delivered fuel to Venezuela on Oct. 26, 2025 " + "and Oct. 27, 2025 " * 2000 + "officials said."
    published = dt.date(2025, 11, 3)
    doc = Document(doc_id="d", path="d.txt", text=text, published=published, published_basis="given")
    parsed = []
    real = parsing.parse

    def parse(texts):
        parsed.extend(len(t) for t in texts)
        return real(texts)

    monkeypatch.setattr(parsing, "parse", parse)
    sents = [Sentence("d", 0, len(text), text)]  # given whole: splitting would cut it at sentences.MAX_CHARS
    found = extract.mentions(doc, sents, tag_timexes(text, published))
    assert found and found[0].date_start == dt.date(2025, 10, 26)
    assert parsed and max(parsed) <= extract.MAX_PARSE_CHARS
    assert len(found) < 100


def _mentions_of(text: str, published=dt.date(2010, 5, 28)):
    doc = Document(doc_id="d", path="d.txt", text=text, published=published, published_basis="given")
    return extract.mentions(doc, sentences.split(doc), tag_timexes(text, published))


def test_a_dated_subordinate_clause_is_its_own_event_and_does_not_date_the_sentence():
    found = _mentions_of("BP has spent $3 billion since the well exploded on April 20.")
    clause = next(m for m in found if m.date_start is not None)
    assert clause.date_start == dt.date(2010, 4, 20) and clause.precision == "day"
    assert clause.title == "Well explodes" and clause.category == "strike"
    assert all(m.date_start is None for m in found if m is not clause)  # the spending is not dated by it
    # a clause of what may happen, or with only a pronoun for who did it, is no event of its own
    assert [
        m.date_start for m in _mentions_of("The ministry will act if the rebels attacked the town on Tuesday.")
    ] == []
    assert all(m.date_start is None for m in _mentions_of("The company was fined after it exploded on April 20."))


@pytest.mark.slow
def test_every_mention_of_real_news_has_its_own_id():
    """Where the parser finds two sentences in one, each main event is a mention with an id of its own."""
    from pathlib import Path

    from events import pipeline

    folder = Path(__file__).resolve().parents[1] / "data" / "t17"
    found = pipeline.run(folder).mentions
    ids = [m.mention_id for m in found]
    assert len(found) > 100 and len(set(ids)) == len(ids)
