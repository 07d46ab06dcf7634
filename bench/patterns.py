"""Where the regular expressions' time goes: milliseconds per article for each compiled pattern.

    .venv/bin/python -m bench.patterns [--articles 600] [--warm 100] [--top 30]

About 40% of the per-document stage's instructions run in Python's regex engine (measured with callgrind),
spread over a hundred patterns, which a Python profiler only shows as the lines that call them. This
wraps every pattern ``re.compile`` makes (before ``events`` is imported) in a timing proxy, runs
clean, sentences, tagging and extraction over the bench corpus (bench.ingest's, made if missing),
and prints the patterns that took the longest, with calls per article. The proxy adds its own
overhead (about 1 µs a call; the total is about 1.3x a plain run), so a pattern called often looks
costlier than it is: check a lead with old and new code timed in one process before changing anything.
Patterns used through the module functions (``re.search(pattern, text)``) are not counted. Run it as
its own process: the timed patterns stay in the rules' caches.
"""

from __future__ import annotations

import argparse
import collections
import re
import time
from pathlib import Path

SPENT: collections.Counter = collections.Counter()
CALLS: collections.Counter = collections.Counter()


class Timed:
    """A compiled pattern that adds the time of each call (and of finditer's whole iteration) to SPENT."""

    __slots__ = ("_rx", "_key")

    def __init__(self, rx: re.Pattern):
        self._rx, self._key = rx, str(rx.pattern)[:100]

    def __getattr__(self, name):
        return getattr(self._rx, name)

    def __hash__(self):
        return hash(self._rx)

    def __eq__(self, other):
        return self._rx == getattr(other, "_rx", other)

    def _timed(name):  # noqa: N805 (a helper run at class creation)
        def call(self, *args, **kw):
            t = time.perf_counter()
            out = getattr(self._rx, name)(*args, **kw)
            if name == "finditer":
                out = iter(list(out))  # the matching happens while iterating: do it here, timed
            SPENT[self._key] += time.perf_counter() - t
            CALLS[self._key] += 1
            return out

        return call

    match = _timed("match")
    search = _timed("search")
    fullmatch = _timed("fullmatch")
    finditer = _timed("finditer")
    findall = _timed("findall")
    sub = _timed("sub")
    subn = _timed("subn")
    split = _timed("split")


def install() -> None:
    """Make re.compile return timed patterns (call before importing events)."""
    plain = re.compile

    def compile(pattern, flags=0):
        return pattern if isinstance(pattern, Timed) else Timed(plain(pattern, flags))

    re.compile = compile


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.patterns", description=__doc__.splitlines()[0])
    p.add_argument("--articles", type=int, default=600, help="articles run (the first --warm not counted)")
    p.add_argument("--warm", type=int, default=100)
    p.add_argument("--top", type=int, default=30)
    p.add_argument("--work", type=Path, default=Path("/tmp/bench-ingest"))
    a = p.parse_args(argv)
    install()
    from bench.ingest import make_corpus
    from events import pipeline
    from events.reading import clean, ingest

    corpus = make_corpus(a.articles, a.work / f"articles-{a.articles}")
    docs = [d for d in ingest.read_folder(corpus) if not isinstance(d, ingest.Skipped)][: a.articles]

    def run(batch):
        for d in batch:
            pipeline.process_document(clean.clean(d)[0])

    run(docs[: a.warm])
    SPENT.clear(), CALLS.clear()
    t = time.perf_counter()
    run(docs[a.warm :])
    n = max(1, len(docs) - a.warm)
    total = time.perf_counter() - t
    print(
        f"{n} articles: {1000 * total / n:.2f} ms each, {1000 * sum(SPENT.values()) / n:.2f} ms of it in "
        f"{len(SPENT)} patterns\n\n  ms/article  calls/article  pattern"
    )
    for key, s in SPENT.most_common(a.top):
        print(f"  {1000 * s / n:10.3f}  {CALLS[key] / n:13.1f}  {key!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
