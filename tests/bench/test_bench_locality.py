"""bench.locality: the seeds plus an unrelated article, measured as the benchmark reports it."""

from pathlib import Path

from bench import locality

ROOT = Path(__file__).resolve().parents[2]


def test_the_seeds_plus_an_unrelated_article_change_no_old_event(capsys):
    assert locality.main([str(ROOT / "seeds"), "--article", str(locality.ARTICLES[0])]) == 0
    out = capsys.readouterr().out
    row = out.strip().splitlines()[-1].split(" | ")
    assert row[0] == "| seeds" and row[5] == "0" and row[7] == "True", out
