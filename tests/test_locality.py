"""Events are local: an article none of whose mentions tells an old event changes no old event (id, members,
date), and the change report's counts add up."""

import shutil
from pathlib import Path

import pytest

from bench import locality
from events import pipeline

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = {"seeds": ROOT / "seeds", "story": ROOT / "tests" / "data" / "tls" / "haiti_bbc" / "articles"}
UNRELATED = ROOT / "tests" / "data" / "unrelated"


@pytest.mark.parametrize("article", ["carrier.txt", "cyclone.txt"])
@pytest.mark.parametrize("folder", sorted(FOLDERS))
def test_an_unrelated_article_changes_no_old_event(tmp_path, folder, article):
    base = tmp_path / "base"
    shutil.copytree(FOLDERS[folder], base)
    before = pipeline.run(base)
    shutil.copy(UNRELATED / article, base / article)
    after = pipeline.run(base)
    old, new = locality.snapshot(before), locality.snapshot(after)
    assert {k: new.get(k) for k in old} == old
    report = locality.report(before, after)
    counts = report.counts()
    assert counts["removed"] == counts["redated"] == counts["remerged"] == 0
    assert counts["added"] == len(new) - len(old) > 0
    assert report.before + counts["added"] - counts["removed"] + report.regrouped() == report.after
    assert f"{len(old):,} -> {len(new):,} events" in report.summary()
