"""Titles written from the frame: one test per kind of frame, on real news sentences, each of which the
titles cut from the sentence got wrong (a fragment, a lost or swapped speaker, a dropped condition, a pronoun,
a glued headline)."""

from __future__ import annotations

import datetime as dt

import pytest

from events.extraction import extract, headline
from events.reading import clean, sentences
from events.records import Document
from events.resources import load
from events.temporal import tag_timexes

PUBLISHED = dt.date(2011, 4, 20)  # a Wednesday


def mentions_of(text: str, published: dt.date = PUBLISHED):
    doc = Document(doc_id="d", path="d.txt", text=text, published=published, published_basis="given")
    doc = clean.clean(doc)[0]
    return extract.mentions(doc, sentences.split(doc), tag_timexes(text, published))


def titled(text: str) -> list[tuple[str, dt.date | None]]:
    return [(m.title, m.date_start) for m in mentions_of(text)]


def test_a_saying_keeps_its_speaker_and_its_own_date():
    found = titled("Annan said on Tuesday the ceasefire was holding despite a ceasefire in place since 12 April.")
    assert found[0] == ("Annan says ceasefire holds", dt.date(2011, 4, 19))


def test_a_saying_after_the_clause_leads_the_title():
    found = titled("Attacks on civilians could be a crime against humanity, the ICC prosecutor said on Wednesday.")
    assert found[0][0] == "ICC prosecutor says attacks could be crime against humanity"


def test_a_plan_is_written_as_planned():
    m = mentions_of("The U.N. Security Council voted on Thursday to impose a no-fly zone over Libya.")[0]
    assert m.title == "U.N. Security Council votes to impose no-fly zone over Libya"
    planned = mentions_of("British Prime Minister David Cameron is to meet US President Barack Obama on Tuesday.")[0]
    assert planned.title.startswith("British Prime Minister David Cameron to meet")
    assert planned.status == "planned"


def test_a_negation_and_its_condition_are_never_dropped():
    found = titled(
        "Foreign military intervention in Libya will not happen without a UN mandate, the minister said on Sunday."
    )
    assert found[0][0] == "Minister says foreign military intervention will not happen without UN mandate"
    assert titled("The United States will not send troops to Libya, Obama said on Monday.")[0][0] == (
        "Obama says United States will not send troops to Libya"
    )


def test_an_event_noun_with_a_date_is_titled_by_its_phrase():
    found = titled(
        "Oil companies stress one another's failures in a Senate hearing, after the explosion of the Deepwater "
        "Horizon oil rig April 20."
    )
    assert ("Explosion of Deepwater Horizon oil rig", dt.date(2011, 4, 20)) in found


def test_a_pronoun_subject_takes_the_name_before_it_or_no_agent():
    found = titled("Mubarak addressed the nation on Thursday. He resigned on Friday after weeks of protests.")
    assert found[-1] == ("Mubarak resigns", dt.date(2011, 4, 15))
    assert titled("They imposed sanctions on Iran on Monday.") == [("Sanctions on Iran imposed", dt.date(2011, 4, 18))]


def test_a_glued_headline_is_no_part_of_the_title():
    found = titled(
        "Libya's civil war and U.N. intervention The U.N. Security Council voted on Thursday to impose a no-fly "
        "zone over Libya."
    )
    assert found == [("U.N. Security Council votes to impose no-fly zone over Libya", dt.date(2011, 4, 14))]
    quote = mentions_of(
        "Libya's civil war and U.N. intervention The U.N. Security Council voted on Thursday to impose a no-fly "
        "zone over Libya."
    )[0].quote
    assert quote.startswith("The U.N. Security Council")


@pytest.mark.parametrize(
    "sentence",
    [
        "Xi Jinping asked on Monday.",  # a verb that needs what it was about
        "The impact of the 2010 oil spill in the Gulf of Mexico.",  # a caption
    ],
)
def test_no_fragment_is_a_title(sentence):
    assert mentions_of(sentence) == []


@pytest.mark.parametrize(
    "sentence",
    [
        # each was titled with a word no headline ends with: "Engineers are", "No explosion is", "Fink says fire
        # wall between investment management and advisory work is", "Outgoing says bad cement job is"
        "Engineers were due last night to begin a second round of pumping thick drilling mud at high speed into "
        "the ocean floor.",
        "There was no explosion; the gas vented out before anything could ignite it on Tuesday.",
        "Fink said on Tuesday there was a fire wall between investment management and advisory work.",
        'Outgoing BP chief exec Tony Hayward also said today: "To put it simply, there was a bad cement job."',
    ],
)
def test_no_title_stops_where_a_headline_cannot(sentence):
    dangling = load("headlines")["dangling"]
    for m in mentions_of(sentence):
        assert m.title.split()[-1].lower() not in dangling, m.title


def test_titles_are_headline_length():
    text = (
        "Leaked U.S. government documents indicate that Venezuela's President Nicolas Maduro requested further "
        "military cooperation, including the overhaul of Sukhoi fighter jets and the delivery of radar systems, "
        "from Russia on October 31."
    )
    for m in mentions_of(text):
        assert len(m.title) <= load("headlines")["hard_max_chars"]
        assert not m.title.endswith((" and", " of", " the", ","))


def test_verbs_are_put_in_the_present_of_headlines():
    from events import parsing

    doc = parsing.parse(["The navy vetoed the plan and targeted the port."])[0]
    vetoed = next(t for t in doc if t.text == "vetoed")
    targeted = next(t for t in doc if t.text == "targeted")
    assert headline.verb_group(vetoed, "", False, False) == "vetoes"
    assert headline.verb_group(targeted, "", False, False) == "targets"
    assert headline.verb_group(targeted, "", True, True) == "do not target"


def test_a_speaker_named_beside_the_office_is_named():
    found = titled(
        "Last week, the head of this service, Vasyl Maluk, said that almost half of the Russian Pantsyr systems "
        "in Venezuela have been destroyed."
    )
    assert found[0][0].startswith("Vasyl Maluk says")
