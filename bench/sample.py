"""A sheet for reading a store's events as a user would: the most salient and a random sample, with quotes.

    .venv/bin/python -m bench.sample STORE [--top 40] [--random 20] [--seed 1] [--out FILE.md]

The top events by salience and a random sample of the dated events told by two or more documents, each
with its title, date (precision, basis), category, status, sources, and up to three of its mentions' quotes
with each document's publication date: what a reader needs to judge whether the event is real, correctly
dated, well titled, told twice (another event in the sheet is the same happening) and cleanly merged (its
quotes tell one happening). The sheet is Markdown, written to --out or printed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from events.output import store


def sample(path: Path, top: int = 40, n_random: int = 20, seed: int = 1) -> pd.DataFrame:
    """The events to read: ``top`` by salience, then ``n_random`` dated multi-source events not among them."""
    ev = store.read(path).events
    ev = ev[~ev.get("hidden", pd.Series(False, index=ev.index)).astype(bool)] if "hidden" in ev else ev
    best = ev.sort_values("salience", ascending=False).head(top).assign(pick="top")
    rest = ev[~ev["event_id"].isin(best["event_id"]) & (ev["source_count"] >= 2) & ev["date_start"].notna()]
    rest = rest[rest["date_start"].astype(str) != ""]
    rand = rest.sample(min(n_random, len(rest)), random_state=seed).assign(pick="random")
    return pd.concat([best, rand], ignore_index=True)


def sheet(path: Path, picked: pd.DataFrame, quotes: int = 3) -> str:
    read = store.read(path)
    mentions = read.mentions.set_index("mention_id")
    published = dict(zip(read.documents["doc_id"], read.documents["published"].astype(str)))
    lines = [f"# Events of {path.name}: {len(picked)} to read", ""]
    for k, e in enumerate(picked.itertuples(), 1):
        date = f"{e.date_start} ({e.precision}, {e.basis})" if str(e.date_start or "") else "undated"
        lines += [
            f"## {k}. [{e.pick}] {e.title}",
            f"- event {e.event_id}: {date}; {e.category}; {e.status}; {e.source_count} documents; "
            f"salience {e.salience}",
        ]
        ids = [i for i in list(e.mention_ids) if i in mentions.index][:quotes]
        for i in ids:
            m = mentions.loc[i]
            when = f"dated {m['date_start']} from {m['date_text']!r}" if str(m["date_start"] or "") else "undated"
            q = " ".join(str(m["quote"]).split())
            lines.append(f"  - {m['doc_id']} (published {published.get(m['doc_id'], '?')}; {when}): {q[:500]}")
        more = len(list(e.mention_ids)) - len(ids)
        if more > 0:
            lines.append(f"  - … and {more} more mentions")
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.sample", description=__doc__.split("\n\n")[0])
    p.add_argument("store", type=Path)
    p.add_argument("--top", type=int, default=40)
    p.add_argument("--random", type=int, default=20)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--out", type=Path)
    a = p.parse_args(argv)
    text = sheet(a.store, sample(a.store, a.top, a.random, a.seed))
    if a.out:
        a.out.write_text(text, encoding="utf-8")
    else:
        print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
