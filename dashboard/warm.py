"""Reading the store when the server starts, so the first visitor does not wait for it.

``dashboard/app.py`` starts the server; its start-up calls ``start(sys.argv[1:])``, which reads the
store named by ``--store`` in a thread (about 1.5 s at a million events) while the server already
answers, then its long text columns (``text``: what a text search and the exports read, about 1.3 s more
at a million), so the first search does not wait for them. The page (``dashboard/page.py``) gets its
events from ``events`` and ``text`` too: whichever asks first reads, the other waits for that read
instead of doing it again. Only the newest version read is kept here; the page's own cache holds what
its visitors are shown.
"""

from __future__ import annotations

import logging
import sys
import threading
import time
from pathlib import Path

from dashboard import access, chart, state
from events.output import filters
from events.output import store as store_mod
from events.output.filters import Filters

log = logging.getLogger(__name__)

_lock = threading.Lock()
_kept: dict[tuple[str, str], access.Prepared] = {}
_text_lock = threading.Lock()  # apart, so that reading the text never holds up the chart's columns
_kept_text: dict[tuple[str, str], access.Prepared] = {}


def events(path: str, version: str) -> access.Prepared:
    """The store's events (``access.load``), read once per store version."""
    with _lock:
        key = (path, version)
        if key not in _kept:
            _kept.clear()
            _kept[key] = access.load(path)
        return _kept[key]


def text(path: str, version: str) -> access.Prepared:
    """The store's events with their text columns too (``access.complete``), ready for a text search
    (``filters.prepare_search``), read once per store version."""
    with _text_lock:
        key = (path, version)
        if key not in _kept_text:
            _kept_text.clear()
            full = access.complete(events(path, version))
            filters.prepare_search(full)
            _kept_text[key] = full
        return _kept_text[key]


def start(argv: list[str]) -> threading.Thread | None:
    """Read the store the page will show (``--store`` in ``argv``) in a thread; None when there is
    none yet (the page builds it on first start)."""
    store = state.parse_args(argv).store
    if not (store / store_mod.META).exists():
        return None
    thread = threading.Thread(target=_warm, args=(str(store),), name="warm-store", daemon=True)
    thread.start()
    return thread


def _warm(path: str) -> None:
    t0 = time.perf_counter()
    try:
        version = store_mod.version_of(Path(path))
        p = events(path, version)
        f = Filters()
        chart.figure(p, filters.mask(p, f), f)  # the first figure also loads plotly's validators
    except Exception as exc:  # a damaged store: the page says what is wrong with it
        log.debug(f"{path}: reading the store ahead failed", exc_info=True)
        print(f"dashboard: the store was not read ahead ({type(exc).__name__}: {exc})", file=sys.stderr)
        return
    print(
        f"dashboard: {len(p):,} events read ahead from {path} in {time.perf_counter() - t0:.1f} s",
        file=sys.stderr,
        flush=True,
    )
    t1 = time.perf_counter()
    try:
        text(path, version)
    except Exception as exc:  # the page's first search reads them again and reports what is wrong
        log.debug(f"{path}: reading the events' text ahead failed", exc_info=True)
        print(f"dashboard: the events' text was not read ahead ({type(exc).__name__}: {exc})", file=sys.stderr)
        return
    print(f"dashboard: the events' text read ahead in {time.perf_counter() - t1:.1f} s", file=sys.stderr, flush=True)
