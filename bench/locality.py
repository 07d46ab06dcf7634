"""Locality of the events: a folder, then the same folder with one unrelated article added.

    .venv/bin/python -m bench.locality [FOLDER ...] [--data ../shared/t17 --topics bpoil_guardian ...]
        [--article tests/data/unrelated/carrier.txt ...] [--jobs N]

For each folder and each article: the events built before and after, how many old events changed (their id,
members or date; 0 is the aim: an article none of whose mentions tells an old event must change none), and
whether the build's change report adds up (before + added - removed + re-merging = after). Folders default
to the seeds; a Timeline17 topic is read from DATA/TOPIC/articles.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

from events import pipeline
from events.merging import changes
from events.output import tables
from events.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = sorted((ROOT / "tests" / "data" / "unrelated").glob("*.txt"))


def snapshot(result) -> dict:
    """A build's events as what must not change: event_id -> (members, date)."""
    return {e.event_id: (e.mention_ids, e.date_start, e.date_end, e.precision) for e in result.events}


def report(before, after) -> changes.Changes:
    """What the second build changed of the first (as a rebuild's report says it)."""
    return changes.compare(
        tables.events_frame(before.events),
        tables.mentions_frame(before.mentions),
        tables.events_frame(after.events),
        tables.mentions_frame(after.mentions),
    )


def measure(folder: Path, article: Path, jobs: int) -> dict:
    """One folder, one article: the counts of the row ``table`` prints."""
    with tempfile.TemporaryDirectory(prefix="locality-") as tmp:
        base = Path(tmp) / "in"
        shutil.copytree(folder, base)
        start = time.perf_counter()
        before = pipeline.run(base, Settings(jobs=jobs))
        shutil.copy(article, base / f"zz-unrelated-{article.name}")
        after = pipeline.run(base, Settings(jobs=jobs))
        seconds = time.perf_counter() - start
    old, new = snapshot(before), snapshot(after)
    changed = sum(1 for k, v in old.items() if new.get(k) != v)
    found = report(before, after)
    c = found.counts()
    return {
        "folder": folder.parent.name if folder.name == "articles" else folder.name,
        "article": article.name,
        "documents": len(before.documents),
        "events before": len(old),
        "events after": len(new),
        "old events changed": changed,
        "report": found.summary().removeprefix("since the previous build: "),
        "adds up": found.before + c["added"] - c["removed"] + (found.regrouped() or 0) == found.after,
        "seconds": round(seconds, 1),
    }


def table(rows: list[dict]) -> str:
    cols = list(rows[0])
    out = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    out += ["| " + " | ".join(str(r[c]) for c in cols) + " |" for r in rows]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.locality", description=__doc__.split("\n\n")[0])
    p.add_argument("folders", nargs="*", type=Path, help="input folders (default: the seeds)")
    p.add_argument("--data", type=Path, help="a Timeline17 folder, for --topics")
    p.add_argument("--topics", nargs="*", default=[], help="Timeline17 topics under --data")
    p.add_argument("--article", nargs="*", type=Path, default=ARTICLES, help="unrelated articles to add")
    p.add_argument("--jobs", type=int, default=1)
    a = p.parse_args(argv)
    folders = list(a.folders) + [a.data / t / "articles" for t in a.topics if a.data]
    folders = folders or [ROOT / "seeds"]
    rows = [measure(f, art, a.jobs) for f in folders for art in a.article]
    print(table(rows))
    return 0 if all(r["old events changed"] == 0 and r["adds up"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
