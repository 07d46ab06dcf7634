"""The tagger on real news sentences: tense-decided weekdays, yearless dates, no false dates."""

import datetime as dt
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from events.temporal import Timex, tag_timexes

D = dt.date


def values(text, dct, **kw):
    return [(t.text, t.value) for t in tag_timexes(text, dct, **kw)]


@pytest.mark.parametrize(
    "text, dct, expected",
    [
        # past tense: the last Tuesday; future: the next one (2025-11-06 is a Thursday)
        ("The official said on Tuesday that talks had ended.", D(2025, 11, 6), "2025-11-04"),
        ("The ministers will meet on Tuesday in Geneva.", D(2025, 11, 6), "2025-11-11"),
        ("The vote is expected to take place Tuesday.", D(2025, 11, 6), "2025-11-11"),
        ("He was killed Tuesday, police said.", D(2025, 11, 6), "2025-11-04"),
        # TimeBank APW19980807.0261, dct a Friday: "Friday" is that day
        (
            "Suspected bombs exploded outside the U.S. embassies in the Kenyan and Tanzanian capitals Friday, "
            "killing dozens of people, witnesses said.",
            D(1998, 8, 7),
            "1998-08-07",
        ),
    ],
)
def test_weekday_follows_tense(text, dct, expected):
    [t] = [t for t in tag_timexes(text, dct) if t.rule.startswith("weekday")]
    assert t.value == expected and t.precision == "day" and t.basis == "relative"


def test_yearless_with_and_without_dct():
    text = "Venezuelan dictator Nicolas Maduro is requesting military aid from Russia, the Washington Post reported on Oct. 31."
    assert values(text, D(2025, 11, 3)) == [("Oct. 31", "2025-10-31")]
    assert values(text, None) == [("Oct. 31", "XXXX-10-31")]
    [t] = tag_timexes(text, None)
    assert t.date_start is None and t.basis == "" and t.precision == ""


def test_estimated_dct_takes_nearest_year():
    text = "The Washington Post reported on Oct. 31, citing confidential documents."
    assert values(text, D(2025, 10, 26), dct_is_estimate=True) == [("Oct. 31", "2025-10-31")]


def test_relative_stays_underspecified_without_dct():
    got = values("Last week, the head of this service said half the systems were destroyed.", None)
    assert got == [("Last week", "UNDEF-this-week-MINUS-1")]


@pytest.mark.parametrize(
    "text",
    [
        "He has just asked for air defense systems and at least 14 missile systems.",
        "Russia has 40,000 soldiers in the region.",
        "A managed coercion scenario sits near 45–55% versus a regime-change operation at 5–10% [1].",
        "Russia may expand its support to Caracas.",
        "Thousands of protesters march on the presidential palace.",
        "We don't take money from any government, he said.",
        "The 45-year-old general won the vote 52-48.",
        "Call the embassy at 202-555-0143 or +58 212 907 8400.",
        "Oil traded at $2,020 a tonne, up 19.95 percent [2] [3].",
        "Sales reached 1,998 units; see note 2001 in the annex [4].",
    ],
)
def test_no_false_dates(text):
    assert [t for t in tag_timexes(text, D(2025, 11, 3)) if t.type in ("DATE", "TIME")] == []


@pytest.mark.parametrize(
    "text",
    [
        "Nothing happened on February 30, 2025.",
        "The form was dated 31/02/2025.",
        "The code 2025-13-01 is not a date.",
    ],
)
def test_impossible_dates_never_become_dates(text):
    assert all(
        t.date_start is None or t.date_start.year != 2025 or t.precision == "year"
        for t in tag_timexes(text, D(2025, 11, 3))
    )
    assert not [t for t in tag_timexes(text, D(2025, 11, 3)) if t.precision == "day"]


# Sentences from TempEval-3 gold (TimeBank / AQUAINT) with the gold values.
@pytest.mark.parametrize(
    "text, dct, expected",
    [
        ("In Singapore, stocks hit a five year low.", D(1998, 1, 8), [("five year", "P5Y")]),
        ("In the Philippines, a four year low.", D(1998, 1, 8), [("four year", "P4Y")]),
        (
            "Net income rose in the third quarter, the company said.",
            D(1989, 10, 26),
            [("the third quarter", "1989-Q3")],
        ),
        (
            "The company had a net loss of $5.5 million a year earlier, compared with third-quarter profit.",
            D(1989, 11, 2),
            [("a year earlier", "1988"), ("third-quarter", "1989-Q3")],
        ),
        (
            "Prices soared last year and will rise next year.",
            D(1998, 2, 6),
            [("last year", "1997"), ("next year", "1999")],
        ),
        (
            "Now with new construction under way, three of his buyers have backed out.",
            D(1998, 1, 8),
            [("Now", "PRESENT_REF")],
        ),
    ],
)
def test_te3_sentences(text, dct, expected):
    assert values(text, dct) == expected


def test_spans_and_mods():
    dct = D(2025, 11, 3)
    by = {
        t.text: t
        for t in tag_timexes(
            "Deliveries in late October and since September; agreements in 2024–2025; by 2018 it was over.", dct
        )
    }
    assert by["late October"].mod == "END" and by["late October"].value == "2025-10"
    sept = by["September"]
    assert sept.is_span and sept.date_start == D(2025, 9, 1) and sept.date_end == dct
    # a range is two timexes, as TimeML tags it; the first carries the interval of the whole range
    rng, end = by["2024"], by["2025"]
    assert rng.is_span and (rng.date_start, rng.date_end) == (D(2024, 1, 1), D(2025, 12, 31))
    assert rng.value_end == "2025" and end.value == "2025" and not end.is_span
    assert by["2018"].mod == "BEFORE"


def test_timex_record():
    [t] = tag_timexes("The Senate voted on October 26, 2025.", None)
    assert isinstance(t, Timex)
    assert t["start"] == t.start and t.as_dict()["value"] == "2025-10-26"
    assert t.basis == "explicit" and t.date_start == t.date_end == D(2025, 10, 26)
    with pytest.raises(KeyError):
        t["nope"]


def test_bad_arguments_raise():
    with pytest.raises(TypeError, match="datetime.date"):
        tag_timexes("Friday", "2025-11-03")


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("0123456789 /-.,:%$[]–aAmMpyYwWeEdDsSTtoObrnchiu'İ\n")), max_size=80),
    st.one_of(st.none(), st.dates(min_value=D(1, 1, 1), max_value=D(9999, 12, 31))),
)
@pytest.mark.slow
def test_never_raises_and_offsets_hold(text, dct):
    out = tag_timexes(text, dct)
    last_end = 0
    for t in out:
        assert 0 <= t.start < t.end <= len(text) and text[t.start : t.end] == t.text
        assert t.start >= last_end
        last_end = t.end
        if t.date_start is not None:
            assert t.date_start <= t.date_end


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ay dJanuary0's1-Mon_.tie", max_size=60))
def test_head_spans_are_the_head_regex_spans(text):
    """find.head_spans (str.find) gives exactly what each rule's head regex gives."""
    from events.temporal import find

    for rule in find.rules():
        if not rule.require:
            continue
        hay = text if rule.require_case else text.lower()
        rx = rule.head if rule.require_case else re.compile(rule.head.pattern.lower())
        assert find.head_spans(rule.head_words, hay) == [m.span() for m in rx.finditer(hay)], rule.name


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ay dJanuary0's1-Mon_.tie:/pé", max_size=80))
def test_all_heads_in_one_pass_are_each_rules_head_spans(text):
    """find.all_head_spans (one Aho-Corasick pass for every rule) gives each rule what head_spans gives."""
    from events.temporal import find

    for case in (False, True):
        hay = text if case else text.lower()
        every = find.all_head_spans(hay, case)
        for rule in find.rules():
            if rule.require and rule.require_case == case and not find._single_chars(rule):
                key = (rule.require, rule.require_case)
                assert every.get(key, []) == find.head_spans(rule.head_words, hay), rule.name


def test_all_heads_on_a_news_sentence():
    """The heads of a sentence: weekday and month names case-sensitively, units and decades in lower case."""
    from events.temporal import find

    text = "On Monday, 3 days after the Jan. 5 vote, officials said the 1990s were over."
    found = {
        (case, key[0][0]): [text[a:b] for a, b in spans]
        for case in (False, True)
        for key, spans in find.all_head_spans(text if case else text.lower(), case).items()
    }
    assert found == {(True, "Mon"): ["Mon"], (True, "Jan"): ["Jan"], (False, "year"): ["day"], (False, "0s"): ["0s"]}


@pytest.mark.slow
def test_required_strings_only_make_the_search_faster(monkeypatch):
    """A rule's ``require`` (data) is a speed hint: the candidates found in the windows around the required
    strings are exactly those a scan of the whole text finds, on every TE3 text and seed article."""
    from pathlib import Path

    from events.temporal import find
    from events.temporal.timeml import read_dir

    root = Path(__file__).resolve().parents[2]
    te3 = root / "corpora" / "te3" / "TBAQ-cleaned"
    texts = [d.text for sub in ("AQUAINT", "TimeBank") for d in read_dir(te3 / sub)]
    texts += [p.read_text(encoding="utf-8") for p in sorted((root / "seeds").glob("*.txt"))]
    assert len(texts) > 250

    def key(cands):
        return [(c.start, c.end, c.rule.name, c.value, c.value_end, c.mod, c.freq) for c in cands]

    windowed = [key(find.candidates(t)) for t in texts]

    def whole_text(rule, text, lowered, cache=None):
        if rule.on_lower:
            if len(lowered) == len(text):
                yield from rule.regex.finditer(lowered)
                return
            rule = find._ignorecase(rule)
        yield from rule.regex.finditer(text)

    monkeypatch.setattr(find, "_matches", whole_text)
    for text, found in zip(texts, windowed):
        assert key(find.candidates(text)) == found, text[:80]


def _te3_and_seed_texts():
    from pathlib import Path

    from events.temporal.timeml import read_dir

    root = Path(__file__).resolve().parents[2]
    te3 = root / "corpora" / "te3" / "TBAQ-cleaned"
    texts = [d.text for sub in ("AQUAINT", "TimeBank") for d in read_dir(te3 / sub)]
    return texts + [p.read_text(encoding="utf-8") for p in sorted((root / "seeds").glob("*.txt"))]


def _clear_rule_caches():
    from events.temporal import find, vocab

    vocab.fragments.cache_clear()
    find.rules.cache_clear()
    find._automaton.cache_clear()
    find._IGNORECASE.clear()


@pytest.mark.slow
def test_rule_guards_and_word_tries_change_no_candidate(monkeypatch):
    """Rules compiled with a first-character guard (prefilter.guarded) and vocabularies written as tries
    (vocab._trie) find exactly the candidates of the plain patterns (no guard, flat alternations), on every
    TE3 text and seed article."""
    import re as re_

    from events.temporal import find, vocab

    texts = _te3_and_seed_texts()
    assert len(texts) > 250

    def key(cands):
        return [(c.start, c.end, c.rule.name, c.value, c.value_end, c.mod, c.freq) for c in cands]

    fast = [key(find.candidates(t)) for t in texts]
    assert any(r.regex.pattern.startswith("(?=") for r in find.rules())
    try:
        monkeypatch.setattr(find, "guarded", lambda pattern, flags=0: re_.compile(pattern, flags))
        monkeypatch.setattr(vocab, "_trie", vocab._flat)
        _clear_rule_caches()
        assert not any(r.regex.pattern.startswith("(?=") for r in find.rules())
        for text, found in zip(texts, fast):
            assert key(find.candidates(text)) == found, text[:80]
    finally:
        monkeypatch.undo()
        _clear_rule_caches()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="abk s-'", min_size=1, max_size=6), min_size=1, max_size=8), st.data())
@pytest.mark.slow
def test_a_word_trie_matches_what_the_flat_alternation_matches(words, data):
    """vocab._trie against vocab._flat, alone and inside a pattern that backtracks into the alternation, with
    and without IGNORECASE (words with double or outer spaces are never made tries: vocab._plain), on texts
    made of the words, their capitals and other characters."""
    from events.temporal import vocab

    words = sorted({w for w in words if vocab._plain(w)}, key=lambda w: (-len(w), w))
    if not words:
        return
    pieces = words + [w.upper() for w in words] + list("kKsSſ -'\n.x") + ["  "]
    text = "".join(data.draw(st.lists(st.sampled_from(pieces), max_size=12)))
    for flags in (0, re.IGNORECASE):
        for context in ("(?P<w>{})", r"\b(?P<w>{})(?:\s+(?P<n>x)|\b)"):
            trie, flat = (re.compile(context.format(alt), flags) for alt in (vocab._trie(words), vocab._flat(words)))
            assert [(m.span(), m.groups()) for m in trie.finditer(text)] == [
                (m.span(), m.groups()) for m in flat.finditer(text)
            ], (words, text, flags, context)
