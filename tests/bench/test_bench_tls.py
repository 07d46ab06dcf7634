"""bench.tls on a small Timeline17 topic: the scores are computed as tilse defines them, and the run prints them."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

import pandas as pd
import pytest

from bench import tls
from events.merging import keydates

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


def test_the_top_events_are_scored_by_the_entries_they_tell_not_by_repeating_a_day():
    gold = tls.Gold(
        "g",
        [(D("2010-01-12"), "A powerful earthquake struck Haiti."), (D("2010-01-17"), "Ban Ki-moon arrived in Haiti.")],
    )
    repeated = pd.DataFrame(
        {
            "event_id": ["e1", "e2", "e3"],
            "date_start": ["2010-01-12"] * 3,
            "precision": ["day"] * 3,
            "salience": [3.0, 2.0, 1.0],
            "title": ["Powerful earthquake strikes Haiti"] * 3,
            "description": [""] * 3,
        }
    )
    # three events of the quake tell one entry of two, whatever their number
    assert tls.top_events_cover(repeated, gold) == 0.5 and tls.top_days(repeated) == 1
    varied = pd.concat(
        [
            repeated.head(1),
            pd.DataFrame(
                {
                    "event_id": ["e4"],
                    "date_start": ["2010-01-17"],
                    "precision": ["day"],
                    "salience": [2.5],
                    "title": ["Ban Ki-moon arrives in Haiti"],
                    "description": [""],
                }
            ),
        ]
    )
    assert tls.top_events_cover(varied, gold) == 1.0 and tls.top_days(varied) == 2
    assert tls.top_events_cover(varied, gold, n=1) == 1.0  # the one entry it can tell, told


def folder(days_back: dict[str, int], gold_days: list[str]) -> tuple[pd.DataFrame, pd.DataFrame, list]:
    """A made-up collection: each day referred to by as many documents published a month later as
    ``days_back`` says, and by two published on the day; the gold days are those a timeline lists."""
    ids, published, refs = [], [], []
    for day, later in days_back.items():
        for i in range(later + 2):
            ids.append(f"{day}-{i}")
            when = D(day) + dt.timedelta(days=30 if i < later else 0)
            published.append(when.isoformat())
            refs.append([f"day:{day}"])
    documents = pd.DataFrame({"doc_id": ids, "published": published, "date_refs": refs})
    events = pd.DataFrame(
        {
            "event_id": list(days_back),
            "date_start": list(days_back),
            "precision": ["day"] * len(days_back),
            "salience": [1.0] * len(days_back),
        }
    )
    gold = tls.Gold("tl", [(D(d), "entry") for d in gold_days])
    return events, documents, [gold]


def test_leaving_one_story_out_scores_the_hand_weights_and_the_learned_ranker_on_each_held_out_timeline():
    built, golds = {}, {}
    stories = {
        "alpha_one": (
            {"2010-01-05": 3, "2010-01-09": 0, "2010-01-12": 2, "2010-01-15": 0},
            ["2010-01-05", "2010-01-12"],
        ),
        "alpha_two": (
            {"2010-01-05": 2, "2010-01-08": 0, "2010-01-20": 3, "2010-01-22": 0},
            ["2010-01-05", "2010-01-20"],
        ),
        "beta_one": (
            {"2011-03-01": 4, "2011-03-02": 0, "2011-03-09": 1, "2011-03-10": 0},
            ["2011-03-01", "2011-03-09"],
        ),
    }
    for name, (days, gold_days) in stories.items():
        events, documents, gold = folder(days, gold_days)
        built[name], golds[name] = (events, documents), gold
    rows = tls.leave_one_story_out(built, golds)
    assert [(r["story"], r["topic"]) for r in rows] == [
        ("alpha", "alpha_one"),
        ("alpha", "alpha_two"),
        ("beta", "beta_one"),
    ]
    for r in rows:
        assert r["weights"] in tls.GRID
        # the days looked back to are the gold days here: every ranker trained or chosen elsewhere finds them
        assert r["hand"] == r["hand_loso"] == r["learned"] == 1.0
    means = tls.loso_means(rows, {})
    assert means["timelines"] == 3 and means["learned"] == 1.0


def test_the_model_is_written_as_data_and_used_only_when_it_won_out_of_story(tmp_path):
    from bench import ranker
    from events.resources import path_of

    target = tmp_path / "keydates.toml"
    target.write_text(path_of("keydates").read_text(encoding="utf-8"), encoding="utf-8")
    n = len(keydates.FEATURES)
    model = {
        "features": list(keydates.FEATURES),
        "mean": [0.5] * n,
        "scale": [2.0] * n,
        "coef": [0.25] * n,
        "intercept": -1.0,
        "rows": 10,
        "positives": 4,
    }
    lost = {"timelines": 12, "learned": 0.70, "hand_loso": 0.74, "hand": 0.75, "naive": 0.67}
    assert ranker.write_model(target, model, lost, ["a_x", "b_y"], D("2026-12-07")) == "hand"
    written = tomllib.loads(target.read_text(encoding="utf-8"))
    assert written["ranker"] == "hand" and written["model"]["coef"] == [0.25] * n
    assert written["later_days"] == 7 and "2026-12-07" in target.read_text(encoding="utf-8")
    won = {**lost, "learned": 0.80}
    assert ranker.write_model(target, model, won, ["a_x", "b_y"], D("2026-12-07")) == "learned"
    assert tomllib.loads(target.read_text(encoding="utf-8"))["ranker"] == "learned"


def test_save_model_needs_the_held_out_figures(capsys):
    with pytest.raises(SystemExit):
        tls.main(["--data", str(DATA), "--save-model", "x.toml"])
    assert "--save-model needs --loso" in capsys.readouterr().err


def test_the_bench_reuses_a_built_store_and_scores_salience_as_the_build_did(tmp_path, capsys):
    from events.output import store

    assert tls.main(["--data", str(DATA), "--work", str(tmp_path), "--no-baseline"]) == 0
    capsys.readouterr()
    read = store.read(tmp_path / "haiti_bbc")
    again = tls.rescored(read.events, read.mentions, read.documents)
    assert again["salience"].tolist() == pytest.approx(read.events["salience"].tolist(), abs=1e-9)
    assert tls.main(["--data", str(DATA), "--work", str(tmp_path), "--no-baseline", "--reuse"]) == 0
    row = next(line for line in capsys.readouterr().out.splitlines() if line.startswith("| haiti_bbc |"))
    assert row.rstrip().endswith("| reused |")


def test_the_bench_leaves_the_events_log_as_it_found_it(tmp_path):
    import logging

    before = logging.getLogger("events").level
    assert tls.main(["--data", str(DATA), "--work", str(tmp_path), "--no-baseline"]) == 0
    assert logging.getLogger("events").level == before
