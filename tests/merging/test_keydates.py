"""Key dates: a day's features (references, later references, coverage, best event, burst), the hand ranker and the
learned one, whose coefficients keydates.toml ships."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from events.merging import keydates, salience
from events.resources import load

D = dt.date.fromisoformat
COL = {name: i for i, name in enumerate(keydates.FEATURES)}


def collection():
    """Six articles: the blast of 20 April referred to by three (two of them weeks later), a busy 1 June
    covered on the day, one stray reference to 10 May."""
    published = {
        "a": D("2010-04-21"),
        "b": D("2010-05-20"),
        "c": D("2010-06-05"),
        "d": D("2010-06-01"),
        "e": D("2010-06-02"),
        "f": D("2010-06-01"),
    }
    refs = {
        "a": [("day", D("2010-04-20"))],
        "b": [("day", D("2010-04-20")), ("month", D("2010-04-01"))],
        "c": [("day", D("2010-04-20")), ("day", D("2010-05-10"))],
        "d": [("day", D("2010-06-01"))],
        "e": [("day", D("2010-06-01"))],
        "f": [("day", D("2010-06-01"))],
    }
    return refs, published


def test_features_count_documents_later_ones_and_the_days_coverage():
    refs, published = collection()
    days, x = keydates.features(refs, published, {D("2010-06-01"): 2.5})
    assert days == [D("2010-04-20"), D("2010-05-10"), D("2010-06-01")]  # days only: the month is no key date
    blast, stray, busy = (dict(zip(keydates.FEATURES, row)) for row in x)
    assert blast["refs"] == pytest.approx(np.log1p(3)) and blast["later"] == pytest.approx(np.log1p(2))
    assert busy["refs"] == pytest.approx(np.log1p(3)) and busy["later"] == 0.0
    assert busy["published"] == pytest.approx(np.log1p(3))  # d and f on the day, e the day after
    assert busy["best_event"] == 2.5 and blast["best_event"] == 0.0
    assert stray["burst"] < blast["burst"]  # one reference among busier weeks does not stand out


def test_a_day_with_a_salient_event_and_no_reference_is_a_candidate():
    days, x = keydates.features({}, {}, {D("2010-01-13"): 4.0})
    assert days == [D("2010-01-13")] and x[0, COL["best_event"]] == 4.0


def test_the_learned_ranker_follows_its_coefficients():
    refs, published = collection()
    n = len(keydates.FEATURES)
    looking_back = {"mean": [0.0] * n, "scale": [1.0] * n, "coef": [0.0] * n, "intercept": 0.0}
    looking_back["coef"][COL["later"]] = 1.0
    coverage = {**looking_back, "coef": [0.0] * n}
    coverage["coef"][COL["published"]] = 1.0
    by_later = keydates.rank(refs, published, ranker="learned", model=looking_back)
    by_coverage = keydates.rank(refs, published, ranker="learned", model=coverage)
    assert by_later[0][0] == D("2010-04-20") and by_coverage[0][0] == D("2010-06-01")
    assert by_later[0][1] == pytest.approx(np.log1p(2))  # the score is the model's log-odds


def test_the_hand_ranker_counts_later_references_again():
    refs, published = collection()
    ranked = keydates.rank(refs, published, ranker="hand")
    counts = salience.reference_counts(refs, published)
    assert [d for d, _ in ranked] == [D("2010-04-20"), D("2010-06-01"), D("2010-05-10")]
    assert ranked[0][1] == counts["day", D("2010-04-20")]
    # the best event breaks a tie between days the documents weigh alike
    tie = keydates.rank(
        {"a": [("day", D("2010-01-12"))], "b": [("day", D("2010-01-13"))]}, {}, {D("2010-01-13"): 3.0}, ranker="hand"
    )
    assert [d for d, _ in tie] == [D("2010-01-13"), D("2010-01-12")]


def test_an_unknown_ranker_is_named_with_the_choices():
    with pytest.raises(ValueError, match="'hand', 'learned'"):
        keydates.rank({}, {}, ranker="neural")


def test_the_shipped_model_names_its_features_and_a_ranker():
    cfg = load("keydates")
    assert cfg["ranker"] in ("hand", "learned")
    model = cfg["model"]
    assert tuple(model["features"]) == keydates.FEATURES
    assert len(model["mean"]) == len(model["scale"]) == len(model["coef"]) == len(keydates.FEATURES)
    assert all(s > 0 for s in model["scale"])


def test_salience_key_dates_uses_the_ranker_keydates_toml_names():
    refs, published = collection()
    assert salience.key_dates(refs, published) == keydates.rank(refs, published, ranker=load("keydates")["ranker"])


def test_best_by_day_keeps_each_days_highest_score_and_skips_loose_dates():
    best = keydates.best_by_day(
        [D("2010-01-12"), "2010-01-12", None, "2010-01-01", ""], ["day", "day", "", "month", "day"], [1.0, 3.0, 9, 9, 9]
    )
    assert best == {D("2010-01-12"): 3.0}
