"""Timeline summarization on Timeline17: how well the events pick a story's key dates.

    .venv/bin/python -m bench.tls [--data TIMELINE17_DIR] [--topics bpoil_bbc H1N1_bbc ...] [--no-baseline]
                                  [--jobs N] [--work DIR] [--reuse] [--loso [--save-model KEYDATES_TOML]]

For each topic folder (articles/ with a manifest of publication dates, gold/ with journalists' timelines),
the folder is built into a store (``--reuse``: the store already in ``--work`` is read, its salience scored
again by today's code) and, for each gold timeline, scored the way tilse and news-tls score timelines:

- date F1 (top-k): the system's dates within [first gold date, last gold date], ranked, the top k kept
  (k = number of gold dates), F1 of that set against the gold dates (exact days);
- content match: the share of gold entries for which an event dated within a day of the entry has a title
  or description sharing at least ``MIN_SHARED`` content words with the entry's text;
- the timeline told by the top 40: the share of gold entries (at most 40) that one of the 40 most salient
  events tells (within a day, ``MIN_SHARED`` content words), and how many days those 40 events are on.

Our dates are ranked by ``rank_dates``: the collection's key dates (events.merging.keydates, by the ranker
keydates.toml names), the salience of each day's best event breaking ties. ``--loso`` scores, for each story
held out (a folder's name before "_"), the hand weights of salience.toml, the hand weights chosen from
``GRID`` on the other stories, and the ranker learned on the other stories (bench/ranker.py);
``--save-model`` then writes the ranker learned on every folder into keydates.toml, naming it the ranker to
use only if it beat the hand weights held out. The naive baseline, run in the same process:
``dateparser.search.search_dates`` over each article (relative base = its publication date), dates ranked by
how many articles mention them; with ``--work`` its ranking is kept there and reused while the folder's files
are the same (it does not depend on this project's code). Figures on the twelve Timeline17 folders shipped
for development are development figures: the rules were looked at on them.
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

from bench import ranker
from events import pipeline
from events.merging import keydates, salience
from events.output import dates, store, tables
from events.records import Document, Event, Mention
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


def best_events(events: pd.DataFrame) -> dict[dt.date, float]:
    """Each day's most salient event (its ``salience``, else its ``source_count``), over the shown events."""
    shown = events[~events["hidden"].astype(bool)] if "hidden" in events else events
    weight = shown["salience"] if "salience" in shown else shown["source_count"]
    return keydates.best_by_day(shown["date_start"], shown["precision"], weight)


def rank_dates(
    events: pd.DataFrame,
    documents: pd.DataFrame | None = None,
    weights: dict | None = None,
    ranker: str | None = None,
    model: dict | None = None,
) -> list[dt.date]:
    """The collection's key dates (events.merging.keydates, by the ``ranker`` named: "hand" weights or the
    "learned" model; by default the one keydates.toml names), the salience of the day's best event breaking
    ties; without documents, days by their best event."""
    best = best_events(events)
    refs, published = tables.date_refs(documents) if documents is not None and len(documents) else ({}, {})
    return [d for d, _ in keydates.rank(refs, published, best, weights=weights, ranker=ranker, model=model)]


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


TOP = 40  # the most salient events a reader looks at (the judged sample of docs/benchmarks.md reads 40)


def _top(events: pd.DataFrame, n: int) -> pd.DataFrame:
    shown = events[~events["hidden"].astype(bool)] if "hidden" in events else events
    return shown.sort_values(["salience", "event_id"], ascending=[False, True]).head(n)


def top_events_cover(events: pd.DataFrame, gold: Gold, n: int = TOP) -> float:
    """How much of the journalists' timeline the ``n`` most salient events tell: the gold entries matched by
    one of them (dated within a day, sharing at least ``MIN_SHARED`` content words with its title or
    description), over the number of entries (at most ``n``). The same day told again adds nothing."""
    top = _top(events, n)
    top = top[top["precision"] == "day"]
    by_day: dict[dt.date, list[set[str]]] = defaultdict(list)
    for d, title, desc in zip(top["date_start"], top["title"], top["description"]):
        if d is not None and d != "" and not pd.isna(d):
            by_day[dt.date.fromisoformat(str(d)[:10])].append(content_words(f"{title} {desc}"))
    hit = 0
    for d, text in gold.entries:
        words = content_words(text)
        hit += any(len(words & w) >= MIN_SHARED for k in (-1, 0, 1) for w in by_day.get(d + dt.timedelta(days=k), ()))
    return min(1.0, hit / min(len(gold.entries), n)) if gold.entries else 0.0


def top_days(events: pd.DataFrame, n: int = TOP) -> int:
    """How many distinct days the ``n`` most salient events are dated to (day precision): a ranking filled by
    one day's news told again has few."""
    top = _top(events, n)
    day = top[top["precision"] == "day"]["date_start"]
    return len({str(d)[:10] for d in day if d is not None and d != "" and not pd.isna(d)})


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


def build(
    topic: Path, work: Path, jobs: int, reuse: bool = False
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, float | None]:
    """The folder built into a store under ``work`` (its tables and the build's seconds); with ``reuse``, the
    store already there is read instead (None seconds), its events scored again by today's salience."""
    out = work / topic.name
    if reuse and out.exists():
        read = store.read(out)
        return rescored(read.events, read.mentions, read.documents), read.mentions, read.documents, None
    t0 = time.perf_counter()
    pipeline.build(topic / "articles", out, Settings(jobs=jobs))
    took = time.perf_counter() - t0
    read = store.read(out)
    return read.events, read.mentions, read.documents, took


def rescored(events: pd.DataFrame, mentions: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """The events with ``salience`` scored again (events.merging.salience) from the store's tables."""
    score = {e.event_id: e.salience for e in salience.score(*records(events, mentions, documents))}
    return events.assign(salience=events["event_id"].map(score).astype(float))


def records(
    events: pd.DataFrame, mentions: pd.DataFrame, documents: pd.DataFrame
) -> tuple[list[Event], list[Mention], list[Document]]:
    """The store's tables as the records salience reads (the columns it needs; documents without their text)."""
    day = dates.to_date
    refs = tables.date_refs(documents)[0]
    docs = [
        Document(
            doc_id=r.doc_id,
            path=r.path,
            text="",
            title=r.title or "",
            outlet=r.outlet or "",
            published=day(r.published),
            published_basis=r.published_basis,
            n_chars=int(r.n_chars or 0),
            date_refs=tuple(refs.get(r.doc_id, ())),
        )
        for r in documents.itertuples(index=False)
    ]
    ms = [
        Mention(
            mention_id=r.mention_id,
            doc_id=r.doc_id,
            char_start=int(r.char_start),
            char_end=int(r.char_end),
            quote=r.quote,
            date_start=day(r.date_start),
            date_end=day(r.date_end),
            precision=r.precision or "",
            basis=r.basis,
            category=r.category,
            title=r.title,
            event_id=r.event_id,
        )
        for r in mentions.itertuples(index=False)
    ]
    evs = [
        Event(
            event_id=r.event_id,
            date_start=day(r.date_start),
            date_end=day(r.date_end),
            precision=r.precision or "",
            basis=r.basis,
            is_span=bool(r.is_span),
            title=r.title,
            description=r.description,
            actors=tuple(r.actors),
            category=r.category,
            status=r.status,
            location=r.location,
            sources=tuple(r.sources),
            source_count=int(r.source_count),
            mention_ids=tuple(r.mention_ids),
        )
        for r in events.itertuples(index=False)
    ]
    return evs, ms, docs


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
    """For each story held out, on each of its timelines, the date F1 of: the hand weights that score best
    (mean date F1) on the other stories' timelines (``hand_loso``, with the ``weights`` chosen), the hand
    weights of salience.toml (``hand``) and the ranker learned on the other stories (``learned``)."""
    scores: dict[int, dict[str, list[float]]] = {}
    for i, weights in enumerate(GRID):
        scores[i] = {}
        for name, (events, documents) in built.items():
            ranked = rank_dates(events, documents, weights, ranker="hand")
            scores[i][name] = [top_k_f1(ranked, g) for g in golds[name]]
    rows = {name: ranker.folder_rows(ev, docs, golds[name], best_events(ev)) for name, (ev, docs) in built.items()}
    out = []
    for held in sorted({story(n) for n in built}):
        others = [n for n in built if story(n) != held]

        def mean_others(i: int) -> float:
            vals = [v for n in others for v in scores[i][n]]
            return sum(vals) / len(vals) if vals else 0.0

        best = max(range(len(GRID)), key=lambda i: (mean_others(i), -i))
        model = ranker.fit([rows[n] for n in others])
        for name in (n for n in built if story(n) == held):
            events, documents = built[name]
            fixed = rank_dates(events, documents, ranker="hand")
            learned = rank_dates(events, documents, ranker="learned", model=model)
            for g, f1 in zip(golds[name], scores[best][name]):
                out.append(
                    {
                        "story": held,
                        "topic": name,
                        "timeline": g.name,
                        "weights": GRID[best],
                        "hand_loso": f1,
                        "hand": top_k_f1(fixed, g),
                        "learned": top_k_f1(learned, g),
                    }
                )
    return out


def loso_means(rows: list[dict], naive: dict[tuple, float]) -> dict:
    n = len(rows)
    mean = lambda vals: sum(vals) / n if n else 0.0  # noqa: E731
    return {
        "timelines": n,
        "hand_loso": mean([r["hand_loso"] for r in rows]),
        "hand": mean([r["hand"] for r in rows]),
        "learned": mean([r["learned"] for r in rows]),
        "naive": mean([naive.get((r["topic"], r["timeline"]), float("nan")) for r in rows]),
    }


def loso_table(rows: list[dict], naive: dict[tuple, float]) -> str:
    lines = [
        "| held-out story | folder | naive | hand weights (salience.toml) | hand weights chosen on the other stories "
        "| date F1 held out | learned on the other stories |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        w = r["weights"]
        lines.append(
            f"| {r['story']} | {r['topic']} | {naive.get((r['topic'], r['timeline']), float('nan')):.3f} "
            f"| {r['hand']:.3f} | {w['later_days']} d, ×{w['later_weight']:g}, pub ×{w['published_weight']:g} "
            f"| {r['hand_loso']:.3f} | {r['learned']:.3f} |"
        )
    m = loso_means(rows, naive)
    lines.append(
        f"| **mean** ({m['timelines']} timelines) | | {m['naive']:.3f} | {m['hand']:.3f} | | "
        f"**{m['hand_loso']:.3f}** | **{m['learned']:.3f}** |"
    )
    return "\n".join(lines)


def run(
    data: Path,
    topics: list[str],
    work: Path,
    jobs: int,
    baseline: bool,
    loso: bool = False,
    reuse: bool = False,
    save_model: Path | None = None,
) -> list[dict]:
    rows = []
    built: dict[str, tuple] = {}
    golds: dict[str, list] = {}
    for name in topics:
        topic = data / name
        events, mentions, documents, took = build(topic, work, jobs, reuse)
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
                    "top": top_events_cover(events, gold),
                    "top_days": top_days(events),
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
        print("Key dates leaving one story out (hand weights chosen, ranker learned, on the other stories):")
        print(loso_table(held, naive))
        if save_model is not None:
            model = ranker.fit(
                [ranker.folder_rows(ev, docs, golds[n], best_events(ev)) for n, (ev, docs) in built.items()]
            )
            chosen = ranker.write_model(save_model, model, loso_means(held, naive), list(built), dt.date.today())
            print(f"\nmodel trained on {len(built)} folders written to {save_model}; key dates use the {chosen} ranker")
    return rows


HEADER = (
    "| topic | k | date F1 ours | date F1 naive (same run) | gold entries matched | timeline told by the top 40 "
    "| days in the top 40 | events (dated) | dated mentions from a relative date | build s |\n"
    "|---|---|---|---|---|---|---|---|---|---|"
)


def _row(r: dict) -> str:
    took = "reused" if r["build_s"] is None else f"{r['build_s']:.1f}"
    return (
        f"| {r['topic']} | {r['k']} | {r['ours']:.3f} | {r['naive']:.3f} | {r['match']:.2f} | {r['top']:.2f} | "
        f"{r['top_days']} | {r['events']} ({r['dated']}) | {r['relative']:.0%} | {took} |"
    )


def table(rows: list[dict]) -> str:
    lines = [HEADER, *map(_row, rows)]
    n = len(rows)
    mean = lambda key: sum(r[key] for r in rows) / n  # noqa: E731
    lines.append(
        f"| **mean** ({n} timelines) | | **{mean('ours'):.3f}** | {mean('naive'):.3f} | "
        f"**{mean('match'):.2f}** | **{mean('top'):.2f}** | {mean('top_days'):.1f} | | {mean('relative'):.0%} | |"
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
        help="also choose the key-date weights and train the key-date ranker on the other stories, and score "
        "each story held out",
    )
    p.add_argument(
        "--reuse",
        action="store_true",
        help="read the stores already in --work instead of building them (salience is scored again)",
    )
    p.add_argument(
        "--save-model",
        type=Path,
        metavar="KEYDATES_TOML",
        help="with --loso: write the ranker trained on every folder into this keydates.toml, and name the "
        "learned ranker there only if it beat the hand weights leaving one story out",
    )
    args = p.parse_args(argv)
    if args.save_model and not args.loso:
        p.error("--save-model needs --loso (the held-out figures decide which ranker key dates use)")
    topics = args.topics or sorted(d.name for d in args.data.iterdir() if (d / "gold").is_dir())
    if not topics:
        print(f"no topic folders in {args.data}", file=sys.stderr)
        return 2
    events_log = logging.getLogger("events")
    level = events_log.level
    events_log.setLevel(logging.ERROR)  # the builds' per-document lines would bury the table
    try:
        with tempfile.TemporaryDirectory() as tmp:
            work = args.work or Path(tmp)
            rows = run(args.data, topics, work, args.jobs, not args.no_baseline, args.loso, args.reuse, args.save_model)
    finally:
        events_log.setLevel(level)
    print()
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
