"""Timeline summarization on Timeline17: how well the events pick a story's key dates.

    .venv/bin/python -m bench.tls [--data TIMELINE17_DIR] [--topics bpoil_bbc H1N1_bbc ...] [--no-baseline]
                                  [--jobs N] [--work DIR] [--loso]

For each topic folder (articles/ with a manifest of publication dates, gold/ with journalists' timelines),
the folder is built into a store and, for each gold timeline, scored the way tilse and news-tls score
timelines:

- date F1 (top-k): the system's dates within [first gold date, last gold date], ranked, the top k kept
  (k = number of gold dates), F1 of that set against the gold dates (exact days);
- content match: the share of gold entries for which an event dated within a day of the entry has a title
  or description sharing at least ``MIN_SHARED`` content words with the entry's text.

Our dates are ranked by ``rank_dates``: the collection's key dates (days ranked by the documents that refer
to them, those published a week or more later counted again; events.merging.salience.key_dates), the
salience of each day's best event breaking ties. The naive baseline, run in
the same process: ``dateparser.search.search_dates`` over each article (relative base = its publication
date), dates ranked by how many articles mention them; with ``--work`` its ranking is kept there and reused
while the folder's files are the same (it does not depend on this project's code). Figures on the twelve
Timeline17 folders shipped for development are development figures: the rules were looked at on them.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import logging
import re
import sys
import tempfile
import time
import warnings
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from events import pipeline
from events.merging import salience
from events.output import store, tables
from events.settings import Settings

DEFAULT_DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "t17"
MIN_SHARED = 2
WORD = re.compile(r"[A-Za-z][A-Za-z'-]+")
STOP = frozenset(
    """a an the and or but if of to in on at by for from with as is are was were be been being has have
had do does did will would shall should can could may might must it its it's this that these those there their they
them he she his her him we our us you your i me my not no than then so such into over after before about up down out
off more most some any all also just said says say told new one two three which who whom whose what when where why
how while during since until against between through per via mr mrs ms""".split()
)


@dataclass(frozen=True)
class Gold:
    name: str
    entries: list[tuple[dt.date, str]]

    @property
    def dates(self) -> set[dt.date]:
        return {d for d, _ in self.entries}

    @property
    def span(self) -> tuple[dt.date, dt.date]:
        return min(self.dates), max(self.dates)


def content_words(text: str) -> set[str]:
    return {w.lower().strip("'") for w in WORD.findall(text or "") if w.lower() not in STOP and len(w) > 2}


def read_gold(topic: Path) -> list[Gold]:
    out = []
    for path in sorted((topic / "gold").glob("*.csv")):
        with open(path, encoding="utf-8") as f:
            rows = [(dt.date.fromisoformat(r["date"]), r["text"]) for r in csv.DictReader(f) if r.get("date")]
        out.append(Gold(path.stem, rows))
    return out


def top_k_f1(ranked: list[dt.date], gold: Gold) -> float:
    """tilse's date F1: ranked dates inside the gold span, the first k kept, F1 against the gold dates."""
    lo, hi = gold.span
    k = len(gold.dates)
    chosen = [d for d in ranked if lo <= d <= hi][:k]
    if not chosen:
        return 0.0
    hit = len(set(chosen) & gold.dates)
    p, r = hit / len(chosen), hit / k
    return 0.0 if hit == 0 else 2 * p * r / (p + r)


def rank_dates(
    events: pd.DataFrame, documents: pd.DataFrame | None = None, weights: dict | None = None
) -> list[dt.date]:
    """The collection's key dates (``salience.key_dates``: days ranked by the documents referring to them),
    the salience of the day's best event breaking ties; without documents, days by their best event."""
    day = events[(events["precision"] == "day") & (events["date_start"] != "") & events["date_start"].notna()]
    if "hidden" in day:
        day = day[~day["hidden"].astype(bool)]
    weight = day["salience"] if "salience" in day else day["source_count"]
    best: Counter = Counter()
    for d, w in zip(day["date_start"], weight):
        day_ = dt.date.fromisoformat(str(d)[:10])
        best[day_] = max(best[day_], float(w))
    refs: dict[dt.date, float] = {}
    if documents is not None and len(documents):
        refs = dict(salience.key_dates(*tables.date_refs(documents), weights=weights))
    return sorted(set(best) | set(refs), key=lambda d: (-refs.get(d, 0.0), -best[d], d))


def content_match(events: pd.DataFrame, gold: Gold) -> float:
    """Share of gold entries with an event within a day whose title or description shares content words."""
    by_day: dict[dt.date, list[set[str]]] = defaultdict(list)
    day = events[(events["precision"] == "day") & events["date_start"].notna() & (events["date_start"] != "")]
    for d, title, desc in zip(day["date_start"], day["title"], day["description"]):
        by_day[dt.date.fromisoformat(str(d)[:10])].append(content_words(f"{title} {desc}"))
    hit = 0
    for d, text in gold.entries:
        words = content_words(text)
        near = [w for k in (-1, 0, 1) for w in by_day.get(d + dt.timedelta(days=k), ())]
        hit += any(len(words & w) >= MIN_SHARED for w in near)
    return hit / len(gold.entries) if gold.entries else 0.0


def naive_dates(articles: Path) -> list[dt.date]:
    """The baseline: dates found by dateparser's search_dates, ranked by how many articles mention them."""
    from dateparser.search import search_dates

    published = {}
    with open(articles / "manifest.csv", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r.get("published"):
                published[r["doc_id"]] = dt.datetime.fromisoformat(r["published"])
    count: Counter = Counter()
    for path in sorted(articles.glob("*.txt")):
        base = published.get(path.stem)
        settings = {"RELATIVE_BASE": base} if base else {}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                found = search_dates(path.read_text(encoding="utf-8"), languages=["en"], settings=settings) or []
            except Exception:
                found = []
        count.update({when.date() for _, when in found})
    return sorted(count, key=lambda d: (-count[d], d))


def build(topic: Path, work: Path, jobs: int) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, float]:
    out = work / topic.name
    t0 = time.perf_counter()
    pipeline.build(topic / "articles", out, Settings(jobs=jobs))
    took = time.perf_counter() - t0
    read = store.read(out)
    return read.events, read.mentions, read.documents, took


def relative_share(mentions: pd.DataFrame) -> float:
    dated = mentions[mentions["basis"] != "undated"]
    return float((dated["basis"] == "relative").mean()) if len(dated) else 0.0


def cached_naive_dates(articles: Path, cache: Path) -> list[dt.date]:
    """naive_dates, kept in ``cache`` (it takes minutes) and reused while the folder's files are the same."""
    key = f"{sorted((p.name, p.stat().st_size) for p in articles.iterdir())}"
    if cache.exists():
        first, *rest = cache.read_text(encoding="utf-8").splitlines()
        if first == key:
            return [dt.date.fromisoformat(d) for d in rest]
    ranked = naive_dates(articles)
    cache.write_text("\n".join([key, *map(str, ranked)]), encoding="utf-8")
    return ranked


def story(topic: str) -> str:
    """The story a folder belongs to: its name before the outlet ("bpoil_bbc" and "bpoil_guardian" are one)."""
    return topic.split("_")[0]


# the key-date weights tried when they are chosen leaving one story out (salience.toml holds the defaults)
GRID = [
    {"later_days": days, "later_weight": later, "published_weight": pub}
    for days in (3, 7, 14)
    for later in (0.0, 1.0, 2.0, 3.0)
    for pub in (0.0, 0.5, 1.0)
]


def leave_one_story_out(built: dict[str, tuple], golds: dict[str, list]) -> list[dict]:
    """For each story, the key-date weights that score best (mean date F1) on the other stories' timelines,
    and that choice's date F1 on each of the held-out story's timelines."""
    scores: dict[int, dict[str, list[float]]] = {}
    for i, weights in enumerate(GRID):
        scores[i] = {}
        for name, (events, documents) in built.items():
            ranked = rank_dates(events, documents, weights)
            scores[i][name] = [top_k_f1(ranked, g) for g in golds[name]]
    out = []
    for held in sorted({story(n) for n in built}):
        others = [n for n in built if story(n) != held]

        def mean_others(i: int) -> float:
            vals = [v for n in others for v in scores[i][n]]
            return sum(vals) / len(vals) if vals else 0.0

        best = max(range(len(GRID)), key=lambda i: (mean_others(i), -i))
        for name in (n for n in built if story(n) == held):
            for g, f1 in zip(golds[name], scores[best][name]):
                out.append({"story": held, "topic": name, "timeline": g.name, "weights": GRID[best], "f1": f1})
    return out


def loso_table(rows: list[dict], naive: dict[tuple, float]) -> str:
    lines = [
        "| held-out story | folder | weights chosen on the other stories | date F1 held out | naive |",
        "|---|---|---|---|---|",
    ]
    for r in rows:
        w = r["weights"]
        lines.append(
            f"| {r['story']} | {r['topic']} | {w['later_days']} d, ×{w['later_weight']:g}, pub ×{w['published_weight']:g} "
            f"| {r['f1']:.3f} | {naive.get((r['topic'], r['timeline']), float('nan')):.3f} |"
        )
    n = len(rows)
    mean = sum(r["f1"] for r in rows) / n if n else 0.0
    nv = [naive.get((r["topic"], r["timeline"]), float("nan")) for r in rows]
    lines.append(f"| **mean** ({n} timelines) | | | **{mean:.3f}** | {sum(nv) / n if n else 0:.3f} |")
    return "\n".join(lines)


def run(data: Path, topics: list[str], work: Path, jobs: int, baseline: bool, loso: bool = False) -> list[dict]:
    rows = []
    built: dict[str, tuple] = {}
    golds: dict[str, list] = {}
    for name in topics:
        topic = data / name
        events, mentions, documents, took = build(topic, work, jobs)
        built[name], golds[name] = (events, documents), read_gold(topic)
        ranked = rank_dates(events, documents)
        naive = cached_naive_dates(topic / "articles", work / f"{name}.naive.txt") if baseline else []
        for gold in read_gold(topic):
            rows.append(
                {
                    "topic": name,
                    "timeline": gold.name,
                    "k": len(gold.dates),
                    "ours": top_k_f1(ranked, gold),
                    "naive": top_k_f1(naive, gold) if baseline else float("nan"),
                    "match": content_match(events, gold),
                    "events": len(events),
                    "dated": int((events["precision"] != "").sum()),
                    "relative": relative_share(mentions),
                    "build_s": took,
                }
            )
        print(_row(rows[-1]), flush=True)
    if loso:
        held = leave_one_story_out(built, golds)
        naive = {(r["topic"], r["timeline"]): r["naive"] for r in rows}
        print()
        print("Key-date weights chosen leaving one story out:")
        print(loso_table(held, naive))
    return rows


HEADER = (
    "| topic | k | date F1 ours | date F1 naive (same run) | gold entries matched | events (dated) "
    "| dated mentions from a relative date | build s |\n|---|---|---|---|---|---|---|---|"
)


def _row(r: dict) -> str:
    return (
        f"| {r['topic']} | {r['k']} | {r['ours']:.3f} | {r['naive']:.3f} | {r['match']:.2f} | "
        f"{r['events']} ({r['dated']}) | {r['relative']:.0%} | {r['build_s']:.1f} |"
    )


def table(rows: list[dict]) -> str:
    lines = [HEADER, *map(_row, rows)]
    n = len(rows)
    mean = lambda key: sum(r[key] for r in rows) / n  # noqa: E731
    lines.append(
        f"| **mean** ({n} timelines) | | **{mean('ours'):.3f}** | {mean('naive'):.3f} | "
        f"**{mean('match'):.2f}** | | {mean('relative'):.0%} | |"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.tls", description=__doc__.split("\n\n")[0])
    p.add_argument("--data", type=Path, default=DEFAULT_DATA)
    p.add_argument("--topics", nargs="*", help="topic folders (default: every folder with articles/ and gold/)")
    p.add_argument("--jobs", type=int, default=1)
    p.add_argument("--work", type=Path, help="where the stores are built (default: a temporary folder)")
    p.add_argument("--no-baseline", action="store_true", help="skip the dateparser date count")
    p.add_argument(
        "--loso",
        action="store_true",
        help="also choose the key-date weights on the other stories and score each story held out",
    )
    args = p.parse_args(argv)
    topics = args.topics or sorted(d.name for d in args.data.iterdir() if (d / "gold").is_dir())
    if not topics:
        print(f"no topic folders in {args.data}", file=sys.stderr)
        return 2
    events_log = logging.getLogger("events")
    level = events_log.level
    events_log.setLevel(logging.ERROR)  # the builds' per-document lines would bury the table
    try:
        with tempfile.TemporaryDirectory() as tmp:
            rows = run(args.data, topics, args.work or Path(tmp), args.jobs, not args.no_baseline, args.loso)
    finally:
        events_log.setLevel(level)
    print()
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
