"""Events are local: an article none of whose mentions tells an old event changes no old event (id, members,
date), and the change report's counts add up."""

import shutil
from pathlib import Path

import pytest

from events import pipeline
from events.merging import changes
from events.output import tables

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = {"seeds": ROOT / "seeds", "story": ROOT / "tests" / "data" / "tls" / "haiti_bbc" / "articles"}
UNRELATED = ROOT / "tests" / "data" / "unrelated"


def _events(result) -> dict:
    return {e.event_id: (e.mention_ids, e.date_start, e.date_end, e.precision) for e in result.events}


@pytest.mark.parametrize("article", ["carrier.txt", "cyclone.txt"])
@pytest.mark.parametrize("folder", sorted(FOLDERS))
def test_an_unrelated_article_changes_no_old_event(tmp_path, folder, article):
    base = tmp_path / "base"
    shutil.copytree(FOLDERS[folder], base)
    before = pipeline.run(base)
    shutil.copy(UNRELATED / article, base / article)
    after = pipeline.run(base)
    old, new = _events(before), _events(after)
    assert {k: new.get(k) for k in old} == old
    report = changes.compare(
        tables.events_frame(before.events),
        tables.mentions_frame(before.mentions),
        tables.events_frame(after.events),
        tables.mentions_frame(after.mentions),
    )
    counts = report.counts()
    assert counts["removed"] == counts["redated"] == counts["remerged"] == 0
    assert counts["added"] == len(new) - len(old) > 0
    assert report.before + counts["added"] - counts["removed"] + report.regrouped() == report.after
    assert f"{len(old):,} -> {len(new):,} events" in report.summary()
