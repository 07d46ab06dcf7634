"""Titles (and the dating signal of extract): the searches bounded to a text's last tokens find what the unbounded searches find."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from events import prefilter, titles
from events.resources import load

ROLE_WORDS = [w for r in load("actors")["roles"] + load("actors")["role_modifiers"] for w in r.split()]
# texts made of the words the patterns care about, odd spacing and punctuation, and a little of anything
ASIDE_WORDS = [w for a in load("mentions")["aside_prepositions"] for w in a.split()] + ["beginning", "start", "of"]
WORDS = st.sampled_from(ROLE_WORDS + ASIDE_WORDS + ["has", "have", "been", "will", "was", "not", "didn't", "never", "on", "as", "of",
                                      "later", "Russia's", "U.S.", "Venezuelan", "the", "xminister", "Minister,",
                                      "Sergei", "(", "said", "ĸ", "İ", "ſ"])
SEPARATORS = st.sampled_from([" ", "  ", "\t", "\n", " \u00a0", "-", ""])
TEXTS = st.lists(st.tuples(WORDS, SEPARATORS), max_size=8).map(lambda parts: "".join(w + s for w, s in parts))


def _before_person_unbounded(text: str) -> re.Match | None:
    return titles._before_person().search(text, 0, len(text))


@settings(max_examples=400, deadline=None)
@given(text=TEXTS)
def test_the_lead_before_a_name_is_found_from_the_bound(text):
    bounded = titles._before_person().search(text, titles._lead_start(text), len(text))
    assert bounded.span() == _before_person_unbounded(text).span()


@settings(max_examples=400, deadline=None)
@given(text=TEXTS)
def test_auxiliary_negation_and_date_preposition_are_found_from_the_tail(text):
    aux = titles._cfg()["aux"]
    from events import extract, gazetteer

    cfg = extract._cfg()
    for rx, tokens in ((aux, 3), (titles.NEGATED_BEFORE, 2), (titles.DATE_PREPOSITION, 2),
                       (cfg["aside"], cfg["aside_tokens"]), (gazetteer.WORD_BEFORE, 2)):
        whole = rx.search(text)
        tail = rx.search(text, prefilter.tail_start(text, tokens))
        assert (whole and whole.span()) == (tail and tail.span()), rx.pattern


def test_the_bound_skips_what_cannot_be_a_role():
    text = "The talks in Moscow ended as Russian Foreign Minister "
    start = titles._lead_start(text)
    assert text[start:].split() == ["Russian", "Foreign", "Minister"]  # not from the start of the sentence
    assert titles._before_person().search(text, start, len(text)).group(0) == "Russian Foreign Minister "


def test_titles_drop_role_words_and_put_the_verb_in_the_present():
    sentence = "On Tuesday, Russian Foreign Minister Sergei Lavrov has not confirmed the delivery of the missiles."
    trig_at = sentence.index("confirmed")
    trig = titles.lexicon.Trigger(trig_at, trig_at + 9, "confirmed", "statement", "confirm", "ed", "communication",
                                  False)
    people = [titles.Found(sentence.index("Sergei"), sentence.index("Sergei") + 13, "Sergei Lavrov", "Sergei Lavrov",
                           "person", "Foreign Minister", "Lavrov")]
    out = titles.title(sentence, trig, (3, 10), people)
    assert out.startswith("Lavrov has not confirmed"), out
