"""How the per-document work grows with one long sentence: seconds per size and the ratio per doubling.

    .venv/bin/python -m bench.long_input [--sizes 10000,20000,40000,80000,160000] [--unit "on Oct. 26, 2025 and "]
                                         [--words] [--store] [--repeat N] [--dateparser] [--stages]

``--words`` makes the text "The ministers met in Geneva on October 3, 2025. " followed by one run of random
news words with no full stop and no date (seeded, so every run reads the same text); ``--store`` also builds
a whole store of the document (``pipeline.build``) and gives its build time and its size on disk. A
sentence is at most ``sentences.MAX_CHARS`` long, so both grow in proportion to the text:

    .venv/bin/python -m bench.long_input --words --store --repeat 3 --sizes 62500,125000,250000,500000,1000000

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


WORDS = (
    "the ministers met talks Russia Venezuela troops deployed delivered said officials Geneva agreement signed "
    "envoy Caracas Moscow navy warships arrived ministry reported statement president Maduro missiles systems "
    "and of in to with for after before while as by from over under against between about at near their its "
    "new two three several many military defence foreign security council meeting summit sanctions oil port "
    "aircraft cargo advisers exercises border crisis pressure government opposition leaders country region"
).split()
LEAD = "The ministers met in Geneva on October 3, 2025. "


def words_text(chars: int, seed: int = 7) -> str:
    """LEAD, then random words from WORDS (no full stop, no date) to about ``chars`` characters."""
    import random

    rng = random.Random(seed)
    parts, n = [LEAD], len(LEAD)
    while n < chars:
        w = rng.choice(WORDS)
        parts.append(w + " ")
        n += len(w) + 1
    return "".join(parts).rstrip() + "\n"


def store_size(text: str) -> tuple[float, int]:
    """CPU seconds of a whole build of one document holding ``text``, and the bytes of the store it writes."""
    import tempfile

    from events import pipeline
    from events.settings import Settings

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        (folder / "long.txt").write_text(text, encoding="utf-8")
        (folder / "manifest.csv").write_text(
            f"doc_id,title,outlet,url,published\nlong,,,,{PUBLISHED}\n", encoding="utf-8"
        )
        t = time.process_time()
        result = pipeline.build(folder, Path(tmp) / "store", Settings())
        seconds = time.process_time() - t
        size = sum(f.stat().st_size for f in result.store_path.rglob("*") if f.is_file())
    return seconds, size


PUBLISHED = dt.date(2025, 10, 4)  # the words text's publication date (it has no dateline)


def document(text: str, published: dt.date | None = None):
    from events.records import Document

    return Document(
        doc_id="long",
        path="long.txt",
        text=text,
        n_chars=len(text),
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        published=published,
        published_basis="given" if published else "unknown",
    )


def timed(fn, *args) -> float:
    t = time.process_time()
    fn(*args)
    return time.process_time() - t


def stages(text: str) -> dict[str, float]:
    """Seconds of each stage alone on one text."""
    from events import pipeline
    from events.extraction import extract
    from events.reading import clean, sentences
    from events.temporal import tag_timexes
    from events.text import gazetteer

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


def run(
    sizes=SIZES,
    unit: str = UNIT,
    with_dateparser: bool = False,
    with_stages: bool = False,
    words: bool = False,
    with_store: bool = False,
    repeat: int = 1,
) -> list[dict]:
    from events import pipeline

    make = words_text if words else (lambda n: long_text(n, unit))
    published = PUBLISHED if words else None
    pipeline.first_pass(document(make(2_000), published))  # warm: resources loaded, patterns compiled
    rows = []
    for n in sizes:
        text = make(n)
        seconds = []
        for _ in range(repeat):  # the least of the runs: the others measure the machine's other work too
            t = time.process_time()
            fp = pipeline.first_pass(document(text, published))
            seconds.append(time.process_time() - t)
        row = {
            "chars": len(text),
            "build": min(seconds),
            "outcome": fp.outcome if isinstance(fp.outcome, str) else f"{len(fp.outcome or [])} mentions",
            "regex": timed(lambda s: sum(1 for _ in DATE_RX.finditer(s)), text),
        }
        if with_dateparser:
            from dateparser.search import search_dates

            row["dateparser"] = timed(lambda s: search_dates(s, languages=["en"]), text)
        if with_stages:
            row.update(stages(text))
        if with_store:
            runs = [store_size(text) for _ in range(repeat)]
            row["store_build"], row["store_bytes"] = min(r[0] for r in runs), runs[0][1]
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
            value = f"{r[k]:>12,}" if k.endswith("bytes") else f"{r[k]:>11.3f}s"
            cells.append(f"{value} {ratio:>5.1f}")
        lines.append(f"{r['chars']:>9,} " + " ".join(cells) + f"  {r['outcome']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.long_input", description=__doc__.splitlines()[0])
    p.add_argument("--sizes", default=",".join(map(str, SIZES)), help="characters, comma-separated")
    p.add_argument("--unit", default=UNIT, help="the text repeated to make the sentence")
    p.add_argument("--dateparser", action="store_true", help="also time dateparser's search_dates (slow)")
    p.add_argument("--stages", action="store_true", help="also time each stage alone")
    p.add_argument("--words", action="store_true", help="a run of random words with no date, after a dated lead")
    p.add_argument("--store", action="store_true", help="also build a whole store: its time and size on disk")
    p.add_argument("--repeat", type=int, default=1, help="run each size N times and keep the least time")
    args = p.parse_args(argv)
    try:
        sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        p.error(f"--sizes {args.sizes!r}: expected numbers separated by commas")
    if not sizes or min(sizes) <= 0:
        p.error("--sizes needs at least one size above 0")
    if args.repeat < 1:
        p.error("--repeat needs 1 or more")
    print(table(run(sizes, args.unit, args.dateparser, args.stages, args.words, args.store, args.repeat)))
    print("x: time (or size) over the previous size's (about 2 per doubling when linear, 4 when quadratic)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
