"""Which predicate a date belongs to, read from the parse with the tagger's help, on real news sentences."""

from __future__ import annotations

import datetime as dt

import pytest

from events import parsing
from events.extraction import extract, frames
from events.temporal import tag_timexes


def governors(text: str, published: dt.date = dt.date(2011, 4, 20)) -> dict[str, str]:
    """The text of each usable date -> the word of the predicate that governs it."""
    doc = parsing.parse([text])[0]
    found = [extract._relative(t, 0) for t in tag_timexes(text, published) if extract._usable(t)]
    return {t.text: doc[head].text for head, dates in frames.governed(doc, found).items() for t in dates}


@pytest.mark.parametrize(
    "sentence, date, governor",
    [
        # right after its verb, whatever the tree says
        (
            "Annan said on Tuesday the ceasefire was holding despite a ceasefire in place since 12 April.",
            "Tuesday",
            "said",
        ),
        (
            "BP Senior Vice-President Kent Wells said Wednesday the company had finished pumping mud.",
            "Wednesday",
            "said",
        ),
        # a bound on the state a noun phrase names is that phrase's, not the statement's
        (
            "Annan said on Tuesday the ceasefire was holding despite a ceasefire in place since 12 April.",
            "12 April",
            "ceasefire",
        ),
        # news style without "on": the event noun's own date
        (
            "Oil companies stress one another's failures in a Senate hearing, after the explosion of the "
            "Deepwater Horizon oil rig April 20.",
            "April 20",
            "explosion",
        ),
        # a time after a verb's object dates the verb
        ("Venezuela and Russia signed agreements in 2024 covering hydrocarbons and finance.", "2024", "signed"),
        # a date in a relative clause dates that clause's verb
        (
            "The findings came in the final report of the commission, which President Barack Obama convened in May.",
            "May",
            "convened",
        ),
        ("The rig exploded on April 20 and sank two days later.", "April 20", "exploded"),
    ],
)
def test_a_date_belongs_to_the_predicate_that_governs_it(sentence, date, governor):
    assert governors(sentence)[date] == governor


def test_a_date_word_inside_a_name_dates_nothing():
    assert governors("The Sunday Times reported that the minister had resigned.") == {}


def test_frames_of_a_sentence():
    doc = parsing.parse(["The United States will not send troops to Libya, Obama said on Monday."])[0]
    by_word = {doc[f.head].text: f for f in frames.frames(doc, [])}
    send, said = by_word["send"], by_word["said"]
    assert (send.category, send.negated, send.modality) == ("deployment", True, "future")
    assert doc[send.subject].text == "States" and doc[send.obj].text == "troops"
    assert said.kind == "communication" and doc[said.subject].text == "Obama"


def test_a_verb_the_tagger_read_as_a_noun_is_a_verb_when_it_has_a_subject():
    doc = parsing.parse(["Russia's President Vladimir Putin meets with Maduro in Kazan on Oct. 23, 2024."])[0]
    assert [f.trigger.lemma for f in frames.frames(doc, [])][:1] == ["meet"]
