"""bench.ingest on a handful of TE3 articles: distinct articles, a manifest, and every stage runs."""

from __future__ import annotations

import csv

import pytest

from bench import ingest
from tests.conftest import TE3

pytestmark = pytest.mark.slow


def test_corpus_articles_are_distinct_and_dated(tmp_path):
    out = ingest.make_corpus(300, tmp_path / "c", TE3)  # more articles than TE3 texts
    texts = [p.read_text(encoding="utf-8") for p in sorted(out.glob("*.txt"))]
    assert len(texts) == 300 and len(set(texts)) == 300
    rows = list(csv.DictReader(open(out / "manifest.csv", encoding="utf-8")))
    assert len(rows) == 300 and all(r["published"] for r in rows[:20])
    assert "<TIMEX3" not in texts[0]
    assert ingest.make_corpus(300, tmp_path / "c", TE3) == out  # kept, not rewritten


def test_stages_baseline_and_merge_run_on_a_few_articles(tmp_path):
    corpus = ingest.make_corpus(4, tmp_path / "c", TE3)
    r = ingest.run_stages(corpus, jobs=1)
    assert r["docs"] == 4 and r["mentions"] > 0 and r["merge_s"] >= 0 and r["rss_mb"] > 0
    assert r["startup_s"] > 0  # the warm-up run on one article, timed apart from the throughput
    b = ingest.run_baseline(corpus, sample=2)
    assert b["sample"] == 2 and b["dateparser_found"] > 0 and b["ours_found"] > 0
    m = ingest.run_merge_scaling(corpus, sizes=(50, 100))
    assert set(m) == {"50", "100", "rss_mb"} and m["rss_mb"] > 0


def test_main_prints_the_table(tmp_path, capsys):
    assert (
        ingest.main(["--articles", "3", "--jobs", "1", "2", "--sample", "1", "--repeat", "2", "--work", str(tmp_path)])
        == 0
    )
    out = capsys.readouterr().out
    assert "| 1 | 3 |" in out and "| 2 | 3 |" in out and "dateparser" in out and "failed" not in out
    assert out.count("(runs ") == 2  # two runs per setting: the best shown with the range of both
