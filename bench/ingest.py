"""Ingestion speed: articles per second through read, clean, tag, parse and extract, vs dateparser.

    .venv/bin/python -m bench.ingest [--articles 100000] [--jobs 1 2] [--sample 200] [--work DIR]
    .venv/bin/python -m bench.ingest --articles 2000 --repeat 3   # a quick run (a few minutes)

Makes N articles from the TempEval-3 texts (corpora/te3/TBAQ-cleaned, tags stripped with
events.temporal.timeml, the document creation date as ``published`` in manifest.csv). 256 texts
make 100,000 distinct articles: article i is text i mod 256 plus one sentence of another text,
so no two are the same (the reader skips repeated texts). The folder is kept in --work and reused.

Each --jobs setting runs in its own child process (peak memory is its own, pool workers included)
and times ``events.pipeline.run`` end to end (read, clean, publication dates, sentences, temporal
tagging, extraction, streaming over --jobs processes) with merging (merge.merge) timed apart and
left out of the articles/s; the read stage alone (ingest.read_folder) is timed too, for scale. The baseline, in the same run: dateparser's
``search_dates`` over whole texts (languages=["en"], the DCT as RELATIVE_BASE) on --sample articles,
beside our tagger alone on the same articles. ``--merge-scaling`` times merge.merge on 1k/10k/100k mentions; ``--skip-merge`` leaves merging out
of the runs (for large corpora, where it dominates).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import re
import resource
import subprocess
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TE3 = ROOT / "corpora" / "te3" / "TBAQ-cleaned"


def sources(te3: Path = TE3):
    """The TE3 documents (plain text and DCT), TimeBank and AQUAINT, sorted by name."""
    from events.temporal.timeml import read_dir

    docs = [d for sub in ("AQUAINT", "TimeBank") for d in read_dir(te3 / sub)]
    if not docs:
        raise SystemExit(f"no .tml files under {te3}; pass --te3 PATH")
    return docs


def make_corpus(n: int, out: Path, te3: Path = TE3) -> Path:
    """Write n distinct articles and their manifest.csv into ``out`` (kept if already complete)."""
    marker = out / ".complete"
    if marker.exists() and marker.read_text() == str(n):
        return out
    out.mkdir(parents=True, exist_ok=True)
    src = sources(te3)
    texts = [d.text.strip() for d in src]
    sentences = [[s for s in re.split(r"(?<=[.!?])\s+", t) if len(s) > 30] or [t[:200]] for t in texts]
    m = len(src)
    with open(out / "manifest.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["doc_id", "title", "outlet", "url", "published"])
        seen: set[int] = set()
        for i in range(n):
            k, r = i % m, i // m
            for tries in range(m * 4):  # another donor sentence until the text is new
                j = (k + 1 + (r + tries) % (m - 1)) % m  # never the same text
                extra = sentences[j][((r + tries) // (m - 1)) % len(sentences[j])]
                text = f"{texts[k]}\n\n{extra}\n"
                if hash(text) not in seen:
                    break
            seen.add(hash(text))
            doc_id = f"a{i:06d}"
            (out / f"{doc_id}.txt").write_text(text, encoding="utf-8")
            w.writerow([doc_id, src[k].doc_id, "TE3", "", src[k].dct.isoformat() if src[k].dct else ""])
    marker.write_text(str(n))
    return out


def rss_mb() -> float:
    """Peak memory of this process (VmHWM) plus its largest pool worker: an upper bound of the run's."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):  # ru_maxrss would carry the parent's peak over exec
                own = int(line.split()[1]) / 1024
    except OSError:
        pass
    return own + resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def run_stages(corpus: Path, jobs: int, skip_merge: bool = False) -> dict:
    """``events.pipeline.run`` end to end at ``jobs`` processes, merging timed apart.

    The read stage alone (``ingest.read_folder``) is timed first, for scale; the run then reads
    the same files again (from the page cache).
    """
    import tempfile

    from events import pipeline, settings
    from events.merging import merge
    from events.reading import ingest

    try:
        from events import parsing
    except ImportError:  # a release before the parse
        parsing = None
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="bench-warm-") as warm:  # start-up (imports done; rules compiled,
        pipeline.run(_one_article(corpus, Path(warm)), settings.make(jobs=1))  # gazetteers loaded): once a build
    startup_s = time.perf_counter() - t0 + _since_start()
    t0 = time.perf_counter()
    n_read = sum(1 for d in ingest.read_folder(corpus) if not isinstance(d, ingest.Skipped))
    read_s = time.perf_counter() - t0
    merge_s = []
    real_merge = merge.merge

    def timed_merge(mentions, published=None):  # pipeline.run's merging, timed apart
        t = time.perf_counter()
        out = ([], mentions) if skip_merge else real_merge(mentions, published)
        merge_s.append(time.perf_counter() - t)
        return out

    parse_s = []
    real_parse = getattr(parsing, "parse", None) if parsing is not None else None

    def timed_parse(texts):  # the syntactic parse's share (seen in this process: with --jobs 1)
        t = time.perf_counter()
        out = real_parse(texts)
        parse_s.append(time.perf_counter() - t)
        return out

    merge.merge = timed_merge
    if real_parse is not None:
        parsing.parse = timed_parse
    try:
        t1 = time.perf_counter()
        result = pipeline.run(corpus, settings.make(jobs=jobs))
        total = time.perf_counter() - t1
    finally:
        merge.merge = real_merge
        if real_parse is not None:
            parsing.parse = real_parse
    m = sum(merge_s)
    return {
        "docs": len(result.documents),
        "read_only": n_read,
        "skipped": len(result.skipped),
        "mentions": len(result.mentions),
        "events": len(result.events),
        "read_s": read_s,
        "run_s": total,
        "merge_s": m,
        "parse_s": sum(parse_s),
        "total_s": total - m,
        "startup_s": startup_s,
        "rss_mb": rss_mb(),
    }


_T0 = time.time()


def _since_start() -> float:
    """Seconds since this process started (interpreter start and imports so far)."""
    try:
        ticks = int(Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()[19])
        boot = float(Path("/proc/uptime").read_text().split()[0])
        import os

        return max(0.0, boot - ticks / os.sysconf("SC_CLK_TCK") - (time.time() - _T0))
    except (OSError, ValueError, IndexError):
        return 0.0


def _one_article(corpus: Path, out: Path) -> Path:
    """``out`` with the corpus's first article and its manifest row in it (for the warm-up run)."""
    rows = list(csv.reader(open(corpus / "manifest.csv", encoding="utf-8")))
    first = rows[1][0]
    (out / f"{first}.txt").write_text((corpus / f"{first}.txt").read_text(encoding="utf-8"), encoding="utf-8")
    with open(out / "manifest.csv", "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows[:2])
    return out


def run_baseline(corpus: Path, sample: int) -> dict:
    """dateparser.search_dates over whole texts vs our tagger, on the first ``sample`` articles."""
    from dateparser.search import search_dates

    from events.temporal import tag_timexes

    manifest = {r["doc_id"]: r["published"] for r in csv.DictReader(open(corpus / "manifest.csv", encoding="utf-8"))}
    items = []
    for p in sorted(corpus.glob("*.txt"))[:sample]:
        pub = manifest.get(p.stem) or ""
        items.append((p.read_text(encoding="utf-8"), dt.date.fromisoformat(pub) if pub else None))
    t = time.perf_counter()
    n_ours = sum(len(tag_timexes(text, dct)) for text, dct in items)
    ours = time.perf_counter() - t
    t = time.perf_counter()
    n_dp = 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for text, dct in items:
            base = dt.datetime.combine(dct, dt.time()) if dct else None
            found = search_dates(text, languages=["en"], settings={"RELATIVE_BASE": base} if base else None)
            n_dp += len(found or [])
    dp = time.perf_counter() - t
    return {
        "sample": len(items),
        "ours_tag_s": ours,
        "ours_found": n_ours,
        "dateparser_s": dp,
        "dateparser_found": n_dp,
    }


def run_merge_scaling(corpus: Path, sizes=(1_000, 10_000, 100_000)) -> dict:
    """merge.merge on 1k/10k/100k (``--merge-sizes``) mentions: real mentions of the corpus, repeated when too few.

    Copy c of the real mentions is moved 45*c days later and comes from documents of its own
    (``doc~c``), so more mentions means more news over a longer time, not the same story again.
    """
    from events import pipeline
    from events.merging import merge
    from events.reading import clean, ingest

    pool = []
    for d in ingest.read_folder(corpus):
        if not isinstance(d, ingest.Skipped):
            outcome = pipeline.process_guarded(clean.clean(d)[0])[1]
            pool.extend(outcome if isinstance(outcome, list) else [])
        if len(pool) >= 5_000:
            break
    out = {}
    for n in sizes:
        ms = [_copy(pool[i % len(pool)], i // len(pool), i) for i in range(n)]
        t = time.perf_counter()
        merge.merge(ms)
        out[str(n)] = time.perf_counter() - t
        del ms
    out["rss_mb"] = rss_mb()
    return out


def _copy(m, c: int, i: int):
    import dataclasses

    shift = dt.timedelta(days=45 * c)
    return dataclasses.replace(
        m,
        mention_id=f"m{i}",
        doc_id=f"{m.doc_id}~{c}",
        date_start=m.date_start and m.date_start + shift,
        date_end=m.date_end and m.date_end + shift,
    )


def _share(r: dict) -> str:
    """The parse's share of the per-document time (measured in the run's own process: --jobs 1)."""
    if not r.get("parse_s"):
        return "—"
    return f"{r['parse_s'] / r['total_s']:.0%}"


def child(kind: str, corpus: Path, **kw) -> dict:
    cmd = [sys.executable, "-m", "bench.ingest", "--child", kind, "--corpus", str(corpus)]
    for k, v in kw.items():
        cmd += [f"--{k.replace('_', '-')}", *map(str, v if isinstance(v, (list, tuple)) else [v])]
    res = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if res.returncode != 0:
        return {"error": (res.stderr.strip().splitlines() or [f"exit {res.returncode}"])[-1]}
    return json.loads(res.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.ingest", description=__doc__.splitlines()[0])
    p.add_argument("--articles", type=int, default=100_000)
    p.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    p.add_argument("--sample", type=int, default=200, help="articles for the dateparser baseline")
    p.add_argument("--repeat", type=int, default=1, help="runs per --jobs setting; the best is shown, with the range")
    p.add_argument("--merge-scaling", action="store_true", help="time merge.merge on 1k/10k/100k mentions")
    p.add_argument(
        "--merge-sizes",
        type=int,
        nargs="+",
        default=[1_000, 10_000, 100_000],
        help="mention counts for --merge-scaling (e.g. 1000 10000 100000 1000000)",
    )
    p.add_argument("--skip-merge", action="store_true", help="leave merging out of the runs (large corpora)")
    p.add_argument("--te3", type=Path, default=TE3)
    p.add_argument("--work", type=Path, default=Path("/tmp/bench-ingest"))
    p.add_argument("--child", choices=["stages", "baseline", "merge"], help=argparse.SUPPRESS)
    p.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    p.add_argument("--jobs1", type=int, default=1, help=argparse.SUPPRESS)
    p.add_argument("--skip-merge1", type=int, default=0, help=argparse.SUPPRESS)
    a = p.parse_args(argv)
    if a.child == "stages":
        print(json.dumps(run_stages(a.corpus, a.jobs1, bool(a.skip_merge1))))
        return 0
    if a.child == "baseline":
        print(json.dumps(run_baseline(a.corpus, a.sample)))
        return 0
    if a.child == "merge":
        print(json.dumps(run_merge_scaling(a.corpus, tuple(a.merge_sizes))))
        return 0
    corpus = a.work / f"articles-{a.articles}"
    t = time.perf_counter()
    make_corpus(a.articles, corpus, a.te3)
    print(f"corpus: {a.articles:,} articles in {corpus} (ready in {time.perf_counter() - t:.1f} s)", flush=True)
    base = child("baseline", corpus, sample=a.sample)
    runs = {}
    for j in a.jobs:  # each run in a fresh process; the best of --repeat is the least disturbed by the machine
        tries = [child("stages", corpus, jobs1=j, skip_merge1=int(a.skip_merge)) for _ in range(a.repeat)]
        ok = [r for r in tries if "error" not in r]
        runs[j] = (
            dict(max(ok, key=lambda r: r["docs"] / r["total_s"]), rates=[r["docs"] / r["total_s"] for r in ok])
            if ok
            else tries[-1]
        )
    print(f"\n### Ingestion, {a.articles:,} articles from TE3 texts\n")
    print(
        "| jobs | articles | start-up | read only | read+clean+tag+parse+extract | articles/s | speed-up "
        "| parse share | merge | mentions | events | peak RSS |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    first = None
    for j, r in runs.items():
        if "error" in r:
            print(f"| {j} | failed: {r['error']} |")
            continue
        rate = r["docs"] / r["total_s"]
        first = first or rate
        merge_txt = "skipped" if a.skip_merge else f"{r['merge_s']:.2f} s"
        spread = f" (runs {min(r['rates']):.0f}–{max(r['rates']):.0f})" if len(r["rates"]) > 1 else ""
        print(
            f"| {j} | {r['docs']:,} | {r['startup_s']:.1f} s | {r['read_s']:.1f} s | {r['total_s']:.1f} s | "
            f"{rate:.0f}{spread} | {rate / first:.2f}× | {_share(r)} | {merge_txt} | {r['mentions']:,} | "
            f"{r['events']:,} | "
            f"{r['rss_mb']:.0f} MB |"
        )
    if "error" in base:
        print(f"\nbaseline failed: {base['error']}")
    else:
        n = base["sample"]
        print(
            f"\nTemporal expressions on {n} articles: ours {n / base['ours_tag_s']:.0f} articles/s "
            f"({base['ours_found']} found), dateparser.search_dates {n / base['dateparser_s']:.1f} articles/s "
            f"({base['dateparser_found']} found): ours {base['dateparser_s'] / base['ours_tag_s']:.0f}× faster."
        )
    if a.merge_scaling:
        m = child("merge", corpus, merge_sizes=a.merge_sizes)
        if "error" in m:
            print(f"merge scaling failed: {m['error']}")
        else:
            peak = m.pop("rss_mb", 0)
            times = list(m.values())
            print(
                "\nmerge.merge: "
                + ", ".join(f"{int(k):,} mentions {v:.2f} s" for k, v in m.items())
                + " (each step: x"
                + ", x".join(f"{b / a:.1f}" for a, b in zip(times, times[1:]))
                + f" time; peak RSS {peak:.0f} MB)"
            )
    print("\n" + json.dumps({"baseline": base, "runs": runs}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
