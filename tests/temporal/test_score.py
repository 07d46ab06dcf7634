"""The TempEval-3 scorer on small hand-made gold."""

from dataclasses import dataclass

import pytest

from events.temporal.score import match, score, score_document


@dataclass(frozen=True)
class S:
    start: int
    end: int
    type: str = "DATE"
    value: str = "1998-01-08"


def test_exact_match_counts_everywhere():
    c = score_document([S(0, 5)], [S(0, 5)])
    assert (c.strict, c.relaxed, c.value, c.type) == (1, 1, 1, 1)
    assert c.table()["strict_f1"] == c.table()["value_f1"] == 100.0


def test_partial_overlap_is_relaxed_only():
    # gold "Tuesday evening" [10, 25), system "Tuesday" [10, 17)
    c = score_document([S(10, 25, "TIME", "1998-01-06TEV")], [S(10, 17, "DATE", "1998-01-06")])
    assert (c.strict, c.relaxed, c.value, c.type) == (0, 1, 0, 0)


def test_one_to_one_matching():
    gold = [S(0, 10), S(12, 20)]
    system = [S(0, 20)]  # one system span covering two gold spans matches only one
    pairs = match(gold, system)
    assert len(pairs) == 1
    c = score_document(gold, system)
    assert c.relaxed == 1 and c.n_gold == 2 and c.n_system == 1
    assert c.table()["relaxed_f1"] == pytest.approx(100 * 2 * (1 / 1) * (1 / 2) / (1 + 1 / 2))


def test_value_f1_is_accuracy_times_relaxed_f1():
    gold = [S(0, 5, value="1998"), S(10, 15, value="1999"), S(20, 25, value="2000"), S(40, 45)]
    system = [S(0, 5, value="1998"), S(11, 14, value="1999"), S(20, 25, value="1997"), S(30, 35)]
    c = score_document(gold, system)
    t = c.table()
    accuracy = c.value / c.relaxed
    assert c.relaxed == 3 and c.strict == 2 and c.value == 2
    assert t["value_f1"] == pytest.approx(accuracy * t["relaxed_f1"])
    kinds = sorted(k for k, _, _ in c.errors)
    assert kinds == ["missed", "spurious", "wrong"]


def test_micro_average_over_documents():
    total = score([([S(0, 5)], [S(0, 5)]), ([S(0, 5)], [])])
    assert (total.n_gold, total.n_system, total.relaxed) == (2, 1, 1)


def test_empty_is_zero_not_an_error():
    assert score_document([], []).table()["relaxed_f1"] == 0.0
