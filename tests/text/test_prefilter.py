"""events.text.prefilter: the quick tests may skip a scan only where the pattern finds nothing."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from events.extraction import extract
from events.text import prefilter
from events.text.prefilter import Needs, first_words, required_text

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


@pytest.mark.parametrize(
    "pattern, flags, expected",
    [
        (r",?\s*according to [^,.;]{1,120}", 0, "according to "),
        (r"\s*\[\d+\](?:\s*\[\d+\])*", 0, "["),
        (r"^(pingback|trackback):.*", re.IGNORECASE, ":"),
        (r"ab?c", 0, "a"),  # b is optional: "ab" is not required, "a" and "c" are
        (r"foo|bar", 0, ""),  # a top-level branch: nothing is required
        (r"(Oct)\.\s+31", 0, "31"),  # a capturing group is not looked into: the longest run outside it
        (r"(?:Oct)\.\s+31", 0, "Oct."),  # a plain (?:...) group is part of the sequence
        (r"ACCORDING TO", re.IGNORECASE, "according to"),
    ],
)
def test_required_text(pattern, flags, expected):
    assert required_text(re.compile(pattern, flags)) == expected


def test_first_words():
    assert first_words(["could not be verified", "doubts", "so-called"]) == {"could", "doubts", "so"}
    assert first_words(["n't", "doubts"]) is not None  # "n't" starts with a word character
    assert first_words(["-ish"]) is None  # no word test is exact for an entry like this


def _patterns():
    h = extract._hedges()
    out = [(h["lower"][n], Needs(words=h["needs"][n])) for n in h["lower"] if h["lower"][n] is not None]
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


WORDS = [
    "according",
    "to",
    "reportedly",
    "said",
    "Reuters",
    "the",
    "Post",
    "[1]",
    ",",
    " ",
    ".",
    "denies",
    "claims",
    "show",
    "that",
    "Also",
    "ALSO",
    "also-ran",
    "said2",
    "(AP)",
    "  ",
    "é",
    "Lavrov",
    "confirmed",
]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(WORDS), max_size=14).map(
        lambda ws: "".join(w + (" " if i % 3 else "") for i, w in enumerate(ws))
    )
)
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


# ---- guarded: a first-character lookahead in front of a pattern ---------------------------------------------


@pytest.mark.parametrize(
    "pattern, flags, expected",
    [
        (r"\bab|c\d", 0, r"[\x61\x63]"),  # both branches; \b is zero width
        (r"(?<![\w-])(?:the\s+)?year", 0, r"[\x74\x79]"),  # an optional group: what follows may start too
        (r"(?i:in|at)\s+x", 0, r"(?i:[\x61\x69])"),  # letters matched ignoring case: the class too
        (r"(?:the\s+)?year", re.IGNORECASE, r"[\x74\x79]"),  # ... under the pattern's own flag
        (r"\d+|x", 0, r"[\x78\d]"),
        (r"a?b*", 0, None),  # may match the empty string
        (r"[^a]b", 0, None),  # a negated class: any character nearly
        (r".x", 0, None),
        (r"(?i)abc", 0, None),  # global inline flags: left alone
    ],
)
def test_first_chars(pattern, flags, expected):
    assert prefilter.first_chars(pattern, flags) == expected


def test_guarded_keeps_branches_whole_and_leaves_prefixed_patterns_alone():
    rx = prefilter.guarded(r"\bab|c\d")
    assert rx.pattern == r"(?=[\x61\x63])(?:\bab|c\d)"  # the lookahead guards both branches
    assert rx.findall("ab c1 xab") == ["ab", "c1"]
    for pattern in (r"abc\b", r"[A-Z][a-z]+", r"a?b*"):  # re skips to a literal or class itself; no bound
        assert prefilter.guarded(pattern).pattern == pattern
    with pytest.raises(ValueError):
        prefilter.guarded(r"ab", head=r"x")
    assert prefilter.guarded(r"(?i:in)\s+\w+", head=r"(?i:in)").pattern == r"(?=(?i:[\x69]))(?:(?i:in)\s+\w+)"


GUARD_PATTERNS = [
    (r"\bab|c\d", 0),
    (r"(?<![\w-])(?P<prep>(?i:in|at|over|ski))\s+(?:the\s+)?(?P<x>[A-Z]\w*)", 0),
    (r"(?:the\s+)?(?:k|s|i)[a-z]*", re.IGNORECASE),
    (r"\b(?:(?P<mod>early|late)\s*)?(?P<m>may|march)\b(?!-)", 0),
    (r"(?<![\w'])(?:(?P<f>will|shall)|(?P<p>said|was))(?![\w'])", 0),
    (r"\s*\((?:[^()]{0,10})\)", re.IGNORECASE),
    (r"(?:[.!?][\"'”’)]*\s+(?=[\"“‘(]?[A-Z])|\n)", 0),
    (r"[A-Za-z][\w'’-]*\w|\b[A-Z]-?\d[\w-]*|\d+(?:[.,]\d+)*", 0),
    (r"(?i:ſ|k)x?|İ", 0),
]


@settings(max_examples=400, deadline=None)
@given(
    st.text(alphabet="abcikKsSſİıxyz \n,.;:-'’()0123456789AtheymrwilsdnopM", max_size=60),
    st.integers(0, 60),
    st.integers(0, 60),
)
@pytest.mark.slow
def test_guarded_finds_what_the_pattern_finds(text, pos, endpos):
    for pattern, flags in GUARD_PATTERNS:
        plain, fast = re.compile(pattern, flags), prefilter.guarded(pattern, flags)
        assert fast.pattern != pattern, pattern  # each of these gets a guard
        assert [(m.span(), m.groups()) for m in fast.finditer(text, pos, endpos)] == [
            (m.span(), m.groups()) for m in plain.finditer(text, pos, endpos)
        ], pattern


_GUARD = re.compile(r"\(\?=(?:\[[^\]]*\]|\(\?i:\[[^\]]*\]\))\)\(\?:(?P<plain>.*)\)", re.DOTALL)


def _unguarded(rx: re.Pattern) -> re.Pattern:
    m = _GUARD.fullmatch(rx.pattern)
    assert m, rx.pattern[:60]
    return re.compile(m.group("plain"), rx.flags)


@pytest.mark.slow
def test_guarded_extraction_patterns_find_what_they_found_on_real_texts():
    """The patterns guarded where they scan sentences or texts, against the same patterns unguarded."""
    from pathlib import Path

    from events.reading import clean
    from events.temporal import tense
    from events.text import gazetteer

    root = Path(__file__).resolve().parents[2]
    texts = SENTENCES + [p.read_text(encoding="utf-8") for p in sorted((root / "seeds").glob("*.txt"))]
    h = extract._hedges()
    patterns = [
        gazetteer.SINGLE_NAME,
        gazetteer.TOKEN,
        gazetteer._place_regex(),
        tense._SENTENCE_END,
        tense._cues()[0],
        *[rx for _, rx in clean._inline()],
        *[rx for pair in h["statuses"].values() for rx in pair if rx is not None],
        *[rx for rx in h["lower"].values() if rx is not None],
    ]
    for rx in patterns:
        plain = _unguarded(rx)
        for text in texts:
            for hay in (text, text.lower()):
                assert [(m.span(), m.groups()) for m in rx.finditer(hay)] == [
                    (m.span(), m.groups()) for m in plain.finditer(hay)
                ], (rx.pattern[:60], hay[:60])


# ---- without re's internals -----------------------------------------------------------------------------


def test_the_quick_tests_are_made_on_this_python():
    assert prefilter.INTERNALS is True
    assert required_text(re.compile(r"according to \w+")) == "according to "


def test_without_re_internals_no_quick_test_is_made_and_searches_find_the_same(monkeypatch):
    texts = SENTENCES + ["ab c1 xab", "In Paris at Kyiv", "early may, late March-", "Said he will (AP) go."]
    quick = {(p, f): (prefilter.guarded(p, f), Needs.of(re.compile(p, f))) for p, f in GUARD_PATTERNS}
    monkeypatch.setattr(prefilter, "INTERNALS", False)
    for (pattern, flags), (fast, need) in quick.items():
        plain = prefilter.guarded(pattern, flags)
        assert plain.pattern == pattern and plain.flags == re.compile(pattern, flags).flags  # no lookahead
        assert prefilter.first_chars(pattern, flags) is None
        assert required_text(re.compile(pattern, flags)) == ""
        assert Needs.of(re.compile(pattern, flags)).may_match("") is True  # nothing is rejected unscanned
        for text in texts:
            assert [(m.span(), m.groups()) for m in plain.finditer(text)] == [
                (m.span(), m.groups()) for m in fast.finditer(text)
            ], (pattern, text)
            assert not plain.search(text) or need.may_match(text)


# Run in a fresh interpreter: the stages compile their patterns when first imported.
_BUILD = """
import json, sys
from pathlib import Path
{breakage}
from events import pipeline
from events.text import prefilter
result = pipeline.run(Path(sys.argv[1]))
rows = [[m.mention_id, m.event_id, m.date_start, m.date_end, m.precision, m.category, m.status, m.title, m.actors]
        for m in result.mentions]
rows += [[e.event_id, e.date_start, e.date_end, e.title, e.sources, e.salience] for e in result.events]
print(json.dumps({{"internals": prefilter.INTERNALS, "rows": rows}}, default=str))
"""
BREAKAGES = {
    "missing": "sys.modules['re._parser'] = None  # the import fails",
    "another shape": "import re._constants\nre._constants.LITERAL = re._constants.NOT_LITERAL  # other op codes",
    "a name gone": "import re._constants\ndel re._constants.ATOMIC_GROUP",
}


def _built(breakage: str) -> dict:
    import json
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    proc = subprocess.run(
        [sys.executable, "-c", _BUILD.format(breakage=breakage), str(root / "seeds")],
        capture_output=True,
        text=True,
        cwd=root,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(proc.stdout)


@pytest.mark.slow
@pytest.mark.parametrize("breakage", list(BREAKAGES), ids=list(BREAKAGES))
def test_a_build_without_re_internals_gives_the_same_events(breakage):
    normal, degraded = _built(""), _built(BREAKAGES[breakage])
    assert normal["internals"] is True and degraded["internals"] is False
    assert len(normal["rows"]) > 50
    assert degraded["rows"] == normal["rows"]
