"""prefilter: the quick tests may skip a scan only where the pattern finds nothing."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from events import extract, prefilter, titles
from events.prefilter import Needs, first_words, required_text

SENTENCES = [
    "According to The Times, Russia could supply Venezuela with Oreshnik missiles.",
    "Russia is signaling it could supply Venezuela with advanced hypersonic missiles, according to The Times.",
    "The plane landed in Caracas on Oct. 26 [1] [2], the Post reported.",
    "Maduro also reportedly asked for radars, as reported by Reuters on Friday.",
    "The Venezuelan ruler denies these accusations and claims the U.S. wants to seize the country's oil.",
    "Internal documents show Maduro sought radars and aircraft repairs.",
    "The carrier, the USS Gerald R. Ford, was ordered to the Caribbean (AP).",
    "Ukraine’s intelligence service doubts that Russia will be able to send such weapons.",
]


@pytest.mark.parametrize("pattern, flags, expected", [
    (r",?\s*according to [^,.;]{1,120}", 0, "according to "),
    (r"\s*\[\d+\](?:\s*\[\d+\])*", 0, "["),
    (r"^(pingback|trackback):.*", re.IGNORECASE, ":"),
    (r"ab?c", 0, "a"),             # b is optional: "ab" is not required, "a" and "c" are
    (r"foo|bar", 0, ""),           # a top-level branch: nothing is required
    (r"(Oct)\.\s+31", 0, "31"),    # a capturing group is not looked into: the longest run outside it
    (r"(?:Oct)\.\s+31", 0, "Oct."),  # a plain (?:...) group is part of the sequence
    (r"ACCORDING TO", re.IGNORECASE, "according to"),
])
def test_required_text(pattern, flags, expected):
    assert required_text(re.compile(pattern, flags)) == expected


def test_first_words():
    assert first_words(["could not be verified", "doubts", "so-called"]) == {"could", "doubts", "so"}
    assert first_words(["n't", "doubts"]) is not None  # "n't" starts with a word character
    assert first_words(["-ish"]) is None  # no word test is exact for an entry like this


def _patterns():
    cfg = titles._cfg()
    out = [(rx, needs) for rx, needs in cfg["attr"]]
    out += [(cfg["drop"], cfg["drop_needs"]), (cfg["lead"], cfg["lead_needs"])]
    out += [(rx, needs) for rx, _, needs in cfg["rewrites"]]
    h = extract._hedges()
    out += [(h["lower"][n], Needs(words=h["needs"][n])) for n in h["lower"] if h["lower"][n] is not None]
    return out


@pytest.mark.parametrize("text", SENTENCES)
def test_needs_never_rejects_a_match_on_real_sentences(text):
    for rx, needs in _patterns():
        hay = text.lower() if rx in [r for r in extract._hedges()["lower"].values()] else text
        if rx.search(hay):
            assert needs.may_match(text), (rx.pattern[:60], text)


@pytest.mark.parametrize("text", SENTENCES)
def test_status_cue_words_in_one_pass_are_each_status_word_test(text):
    """status_of finds every status's first cue words in one pass, then tests each status's set: the same
    as a Needs word test per status (on ASCII texts: other texts are searched without a test)."""
    if not text.isascii():
        text = text.replace("’", "'")
    h = extract._hedges()
    cues = {w for _, w in h["cue_words"].find(text.lower())}
    for name, need in h["needs"].items():
        assert (need is None or not need.isdisjoint(cues)) == Needs(words=need).may_match(text), name


def test_needs_rejects_texts_without_the_cue():
    cfg = titles._cfg()
    assert not cfg["drop_needs"].may_match("The plane landed in Caracas on Oct. 26.")
    assert cfg["drop_needs"].may_match("The plane reportedly landed in Caracas.")
    attr = dict((rx.pattern, needs) for rx, needs in cfg["attr"])
    according = next(n for p, n in attr.items() if p.startswith(",?"))
    assert not according.may_match("Russia said it would send planes.")


WORDS = ["according", "to", "reportedly", "said", "Reuters", "the", "Post", "[1]", ",", " ", ".", "denies", "claims",
         "show", "that", "Also", "ALSO", "also-ran", "said2", "(AP)", "  ", "é", "Lavrov", "confirmed"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=14).map(lambda ws: "".join(w + (" " if i % 3 else "") for i, w in enumerate(ws))))
def test_needs_is_exact_on_any_mix_of_cue_words(text):
    for rx, needs in _patterns():
        hay = text.lower() if rx in list(extract._hedges()["lower"].values()) else text
        if rx.search(hay):
            assert needs.may_match(text), (rx.pattern[:60], text)


# ---- Words: whole words in one pass ----------------------------------------------------------------------

WORD_LIST = ["in", "to", "minister", "pro", "x-ray", "2019", "é", "gen"]


@settings(max_examples=400, deadline=None)
@given(text=st.text(alphabet="intoministerpro-xray2019é gen._,'", max_size=80))
def test_words_finds_what_looking_up_each_word_finds(text):
    low = text.lower()
    for hyphens, rx in ((False, re.compile(r"\w+")), (True, re.compile(r"[\w-]+"))):
        words = [w for w in WORD_LIST if "-" not in w or hyphens]
        finder = prefilter.Words(words, hyphens=hyphens)
        expected = [(m.start(), m.group(0)) for m in rx.finditer(low) if m.group(0) in set(words)]
        assert finder.find(low) == expected
        assert finder.any(low) == bool(expected)


def test_words_on_a_sentence():
    finder = prefilter.Words(["minister", "in"])
    low = "the foreign minister, in moscow: ministers met in-person".lower()
    assert finder.find(low) == [(12, "minister"), (22, "in"), (47, "in")]
    assert prefilter.Words(["in"], hyphens=True).find(low) == [(22, "in")]  # "in-person" is one run
    assert not prefilter.Words([]).any(low)


def test_words_are_single_words():
    with pytest.raises(ValueError, match="not single words"):
        prefilter.Words(["prime minister"])
