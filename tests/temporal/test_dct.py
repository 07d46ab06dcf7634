"""Publication-date inference on datelines, copyright lines and the seed collection."""

import datetime as dt
import logging
from pathlib import Path

import pytest

from events.temporal import tag_timexes
from events.temporal.dct import DctGuess, guess_collection, guess_from_text

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.mark.parametrize(
    "text, date, basis, lower",
    [
        ("WASHINGTON, Oct. 3, 2025 — The Senate voted on Friday.", dt.date(2025, 10, 3), "text", False),
        ("Published: November 4, 2025\nThe ministry said ...", dt.date(2025, 11, 4), "text", False),
        ("Some text.\n© 2025 Latin Times. All rights reserved.", dt.date(2025, 1, 1), "text", True),
        ("A plane landed on October 26, 2025, carrying batteries.", dt.date(2025, 10, 26), "inferred", True),
        ("No dates here at all.", None, "unknown", False),
    ],
)
def test_guess_from_text(text, date, basis, lower):
    g = guess_from_text(text)
    assert (g.date, g.basis, g.is_lower_bound) == (date, basis, lower)
    assert g.reason


def test_given_dates_are_kept():
    out = guess_collection({"a": "text", "b": "On October 26, 2025 ..."}, {"a": dt.date(2025, 11, 5)})
    assert out["a"] == DctGuess(dt.date(2025, 11, 5), "given", out["a"].reason, False)


def test_seed_collection_from_texts_alone_is_never_in_2026_nor_after_its_own_dates(caplog):
    texts = {p.stem: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}
    with caplog.at_level(logging.DEBUG, logger="events.temporal.dct"):
        guesses = guess_collection(texts, {})
    assert caplog.records, "each inference logs why"
    for doc_id, g in guesses.items():
        assert g.date is not None and g.basis in ("inferred", "text") and g.is_lower_bound, (doc_id, g)
        assert dt.date(2024, 10, 1) <= g.date <= dt.date(2025, 11, 30)
        for t in tag_timexes(texts[doc_id], g.date, dct_is_estimate=True):
            if t.date_end is not None:
                assert t.date_end.year < 2026, (doc_id, t)
    # its own latest full date: the caption's "Oct. 23, 2024" (the build corrects it from co-reporters)
    caption = next(d for d in texts if "Oct. 31" in texts[d])
    assert guesses[caption].date == dt.date(2024, 10, 23)


LATER = "MOSCOW, Nov. 3, 2025 — The Kremlin said on Monday that talks would go on.\n"


def test_a_later_document_moves_no_guess_of_the_others():
    texts = {p.stem: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}
    before = guess_collection(texts, {})
    after = guess_collection({**texts, "later": LATER}, {})
    assert after["later"].date == dt.date(2025, 11, 3)
    assert {k: after[k] for k in texts} == before


@pytest.mark.parametrize(
    "own, sharers, date",
    [
        # no day of its own: the earliest co-reporter not before its latest stated period
        (
            DctGuess(None, "unknown", "x", False, dt.date(2025, 1, 1)),
            [(dt.date(2025, 11, 3), "n"), (dt.date(2025, 10, 26), "b"), (dt.date(2024, 5, 1), "old")],
            dt.date(2025, 10, 26),
        ),
        # its own latest date is old news beside every co-reporter: the earliest of them
        (DctGuess(dt.date(2024, 10, 23), "inferred", "x", True), [(dt.date(2025, 10, 26), "b")], dt.date(2025, 10, 26)),
        # its own date is within STALE_AFTER_DAYS of a co-reporter: kept
        (DctGuess(dt.date(2025, 10, 26), "inferred", "x", True), [(dt.date(2025, 11, 3), "n")], None),
        # a date stated as the publication date is never moved
        (DctGuess(dt.date(2024, 10, 23), "text", "dateline", False), [(dt.date(2025, 10, 26), "b")], None),
        # a copyright year bounds it both ways: a co-reporter in another year does not move it
        (DctGuess(dt.date(2024, 1, 1), "text", "copyright 2024", True), [(dt.date(2025, 10, 26), "b")], None),
        (
            DctGuess(dt.date(2025, 1, 1), "text", "copyright 2025", True),
            [(dt.date(2025, 10, 26), "b")],
            dt.date(2025, 10, 26),
        ),
        # nobody dated shares its events
        (DctGuess(None, "unknown", "x", False), [], None),
    ],
)
def test_shared_guess(own, sharers, date):
    from events.temporal.dct import shared_guess

    g = shared_guess(own, sharers)
    assert (g.date if g else None) == date
    if g:
        assert g.basis == "inferred" and g.is_lower_bound and "same events" in g.reason


def test_guess_from_text_is_silent_and_collection_logs_one_line_per_document(caplog):
    """At debug level: a build logs each document's final date once (tests/test_pipeline.py)."""
    texts = {"a": "A plane landed on October 26, 2025.", "b": "No dates here.", "c": "x"}
    with caplog.at_level(logging.DEBUG, logger="events.temporal.dct"):
        guess_from_text(texts["a"])
        assert not caplog.records
        guess_collection(texts, {"c": dt.date(2025, 11, 5)})
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 3
    assert sorted(line.split(":")[0] for line in lines) == ["a", "b", "c"]


def test_collection_guesses_matches_guess_collection():
    from events.temporal.dct import collection_guesses, latest_full_date

    texts = {
        "a": "A plane landed on October 26, 2025, and left on Oct. 28, 2025.",
        "b": "No dates here.",
        "c": "Some text.\n© 2025 Latin Times.",
        "d": "WASHINGTON, Oct. 3, 2025 — The Senate voted on Friday.",
        "e": "Given, but states November 2, 2025.",
    }
    given = {"e": dt.date(2025, 11, 1), "b": None}
    own = {k: guess_from_text(t) for k, t in texts.items() if given.get(k) is None}
    stated = {k: latest_full_date(t) for k, t in texts.items()}
    assert stated["a"] == dt.date(2025, 10, 28) and stated["b"] is None
    assert collection_guesses(own, given, stated) == guess_collection(texts, given)
    # no day in b: the earliest dated document (d's dateline; c's copyright year is no day), never the newest
    assert guess_collection(texts, given)["b"].date == dt.date(2025, 10, 3)


def test_each_text_is_tagged_once(monkeypatch):
    from events.temporal import dct

    calls = []
    real = dct.tag_timexes

    def counting(text, d, **kw):
        calls.append(text)
        return real(text, d, **kw)

    monkeypatch.setattr(dct, "tag_timexes", counting)
    texts = {
        "a": "A plane landed on October 26, 2025.",
        "b": "© 2024 News. On May 3, 2024 ...",
        "c": "Nothing.",
        "d": "Given doc, March 1, 2025.",
    }
    dct.guess_collection(texts, {"d": dt.date(2025, 3, 2)})
    for text in texts.values():
        assert calls.count(text) <= 1, text
