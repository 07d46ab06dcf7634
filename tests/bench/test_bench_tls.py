"""bench.tls on a small Timeline17 topic: the scores are computed as tilse defines them, and the run prints them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from bench import tls

DATA = Path(__file__).resolve().parents[1] / "data" / "tls"
D = dt.date.fromisoformat


def test_top_k_f1_keeps_the_k_best_dates_inside_the_gold_span():
    gold = tls.Gold("g", [(D("2010-01-12"), "quake"), (D("2010-01-13"), "dawn"), (D("2010-01-20"), "aftershock")])
    ranked = [D("2009-12-01"), D("2010-01-12"), D("2010-01-14"), D("2010-01-20"), D("2010-01-13")]
    # 2009-12-01 is outside the span; the top 3 inside are 12th, 14th, 20th: 2 of 3 right
    assert tls.top_k_f1(ranked, gold) == pytest.approx(2 / 3)
    assert tls.top_k_f1([], gold) == 0.0


def test_rank_dates_takes_each_days_most_salient_event_and_ignores_loose_dates():
    events = pd.DataFrame(
        {
            "date_start": ["2010-01-12", "2010-01-12", "2010-01-13", "2010-01-01"],
            "precision": ["day", "day", "day", "month"],
            "salience": [1.0, 1.0, 1.5, 9.0],
            "source_count": [1, 1, 1, 1],
        }
    )
    assert tls.rank_dates(events) == [D("2010-01-13"), D("2010-01-12")]


def test_rank_dates_puts_the_days_the_articles_look_back_to_first():
    events = pd.DataFrame(
        {"date_start": ["2010-01-13", "2010-01-20"], "precision": ["day", "day"], "salience": [5.0, 1.0]}
    )
    # three articles published a week or more later refer to the 12th, which no event of its own is dated to
    documents = pd.DataFrame(
        {
            "doc_id": ["a", "b", "c", "d"],
            "published": ["2010-01-22", "2010-01-25", "2010-01-25", "2010-01-14"],
            "date_refs": [["day:2010-01-12", "month:2010-01-01"], ["day:2010-01-12"], ["day:2010-01-12"], []],
        }
    )
    assert tls.rank_dates(events, documents)[:3] == [D("2010-01-12"), D("2010-01-13"), D("2010-01-20")]


def test_content_match_needs_a_day_and_shared_words():
    events = pd.DataFrame(
        {
            "date_start": ["2010-01-13"],
            "precision": ["day"],
            "title": ["Aftershock rocks Haiti capital"],
            "description": ["A strong aftershock rocked the capital."],
        }
    )
    near = tls.Gold("g", [(D("2010-01-12"), "A strong aftershock rocked Haiti.")])
    far = tls.Gold("g", [(D("2010-01-20"), "A strong aftershock rocked Haiti.")])
    other = tls.Gold("g", [(D("2010-01-13"), "Search teams found survivors.")])
    assert tls.content_match(events, near) == 1.0
    assert tls.content_match(events, far) == 0.0 and tls.content_match(events, other) == 0.0


@pytest.mark.slow
def test_the_bench_builds_a_topic_and_prints_ours_beside_the_baseline(tmp_path, capsys):
    assert tls.main(["--data", str(DATA), "--work", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    row = next(line for line in out.splitlines() if line.startswith("| haiti_bbc |"))
    cells = [c.strip() for c in row.strip("|").split("|")]
    ours, naive, matched = float(cells[2]), float(cells[3]), float(cells[4])
    assert 0 < ours <= 1 and 0 < naive <= 1 and 0 < matched <= 1
    assert "**mean** (1 timelines)" in out


def test_the_bench_leaves_the_events_log_as_it_found_it(tmp_path):
    import logging

    before = logging.getLogger("events").level
    assert tls.main(["--data", str(DATA), "--work", str(tmp_path), "--no-baseline"]) == 0
    assert logging.getLogger("events").level == before
