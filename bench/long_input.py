"""How the per-document work grows with one long sentence: seconds per size and the ratio per doubling.

    .venv/bin/python -m bench.long_input [--sizes 10000,20000,40000,80000,160000] [--unit "on Oct. 26, 2025 and "]
                                         [--dateparser] [--stages]

A document of one sentence, the unit repeated to each size (a dateline gives its publication date), goes
through the build's per-document stage (``pipeline.first_pass``: cleaning, the dateline, sentences,
temporal tagging, extraction). Linear work doubles its time when the size doubles (ratio about 2);
quadratic work quadruples it (ratio about 4). In the same run, for scale, a plain pass of a date
regular expression over the text (and, with ``--dateparser``, ``dateparser.search.search_dates``, which
is slow: keep its sizes small). ``--stages`` also times the stages one by one (tagging, extraction, the
actors of the whole sentence), to see which one grows faster than the text.

Times are CPU seconds of this process (``time.process_time``): on a machine shared with other work, wall
time measures the others' load as much as ours. Each size runs once, after a small warm-up document; single
figures are still noisy by 10-20%, so read the ratios of the larger sizes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import re
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

UNIT = "on Oct. 26, 2025 and "
SIZES = (10_000, 20_000, 40_000, 80_000, 160_000)
DATE_RX = re.compile(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2},\s+\d{4}\b")


def long_text(chars: int, unit: str = UNIT) -> str:
    """A dateline, then one sentence of about ``chars`` characters: ``unit`` repeated."""
    return (
        "WASHINGTON, Nov. 1, 2025 - Russia deployed troops " + unit * max(1, chars // len(unit)) + "officials said.\n"
    )


def document(text: str):
    from events.records import Document

    return Document(
        doc_id="long",
        path="long.txt",
        text=text,
        n_chars=len(text),
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
    )


def timed(fn, *args) -> float:
    t = time.process_time()
    fn(*args)
    return time.process_time() - t


def stages(text: str) -> dict[str, float]:
    """Seconds of each stage alone on one text."""
    from events import pipeline
    from events.extraction import extract, gazetteer
    from events.reading import clean, sentences
    from events.temporal import tag_timexes

    doc = clean.clean(document(text))[0]
    doc = doc.__class__(**{**doc.__dict__, "published": dt.date(2025, 11, 1), "published_basis": "given"})
    out = {}
    t = time.process_time()
    sents = sentences.split(doc)
    out["sentences"] = time.process_time() - t
    t = time.process_time()
    timexes = tag_timexes(pipeline.body(doc), doc.published)
    out["tag_timexes"] = time.process_time() - t
    out["extract"] = timed(extract.mentions, doc, sents, timexes)
    out["actors"] = timed(gazetteer.actors, text)
    return out


def run(sizes=SIZES, unit: str = UNIT, with_dateparser: bool = False, with_stages: bool = False) -> list[dict]:
    from events import pipeline

    pipeline.first_pass(document(long_text(2_000, unit)))  # warm: resources loaded, patterns compiled
    rows = []
    for n in sizes:
        text = long_text(n, unit)
        t = time.process_time()
        fp = pipeline.first_pass(document(text))
        row = {
            "chars": len(text),
            "build": time.process_time() - t,
            "outcome": fp.outcome if isinstance(fp.outcome, str) else f"{len(fp.outcome or [])} mentions",
            "regex": timed(lambda s: sum(1 for _ in DATE_RX.finditer(s)), text),
        }
        if with_dateparser:
            from dateparser.search import search_dates

            row["dateparser"] = timed(lambda s: search_dates(s, languages=["en"]), text)
        if with_stages:
            row.update(stages(text))
        rows.append(row)
    return rows


def table(rows: list[dict]) -> str:
    keys = [k for k in rows[0] if k not in ("chars", "outcome")]
    head = f"{'chars':>9} " + " ".join(f"{k:>12} {'x':>5}" for k in keys) + "  outcome"
    lines = [head]
    for i, r in enumerate(rows):
        cells = []
        for k in keys:
            ratio = r[k] / rows[i - 1][k] if i and rows[i - 1][k] > 0 else float("nan")
            cells.append(f"{r[k]:>11.3f}s {ratio:>5.1f}")
        lines.append(f"{r['chars']:>9,} " + " ".join(cells) + f"  {r['outcome']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.long_input", description=__doc__.splitlines()[0])
    p.add_argument("--sizes", default=",".join(map(str, SIZES)), help="characters, comma-separated")
    p.add_argument("--unit", default=UNIT, help="the text repeated to make the sentence")
    p.add_argument("--dateparser", action="store_true", help="also time dateparser's search_dates (slow)")
    p.add_argument("--stages", action="store_true", help="also time each stage alone")
    args = p.parse_args(argv)
    try:
        sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        p.error(f"--sizes {args.sizes!r}: expected numbers separated by commas")
    if not sizes or min(sizes) <= 0:
        p.error("--sizes needs at least one size above 0")
    print(table(run(sizes, args.unit, args.dateparser, args.stages)))
    print("x: time over the previous size's (about 2 per doubling when linear, 4 when quadratic)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
