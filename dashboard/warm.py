"""Reading the store when the server starts, so the first visitor does not wait for it.

``dashboard/app.py`` starts the server; its start-up calls ``start(sys.argv[1:])``, which reads the
store named by ``--store`` in a thread (about 1.5 s at a million events) while the server already
answers. The page (``dashboard/page.py``) gets its events from ``events`` too: whichever asks first
reads the store, the other waits for that read instead of doing it again. Only the newest version
read is kept here; the page's own cache holds what its sessions show.
"""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path

from dashboard import chart, lod, state
from events import store as store_mod
from events.filters import Filters

_lock = threading.Lock()
_kept: dict[tuple[str, str], lod.Prepared] = {}


def events(path: str, version: str) -> lod.Prepared:
    """The store's events (``lod.load``), read once per store version."""
    with _lock:
        key = (path, version)
        if key not in _kept:
            _kept.clear()
            _kept[key] = lod.load(path)
        return _kept[key]


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
        p = events(path, store_mod.version_of(Path(path)))
        f = Filters()
        chart.figure(p, lod.mask(p, f), f)  # the first figure also loads plotly's validators
    except Exception as exc:  # a damaged store: the page says what is wrong with it
        print(f"dashboard: the store was not read ahead ({type(exc).__name__}: {exc})", file=sys.stderr)
        return
    print(f"dashboard: {len(p):,} events read ahead from {path} in {time.perf_counter() - t0:.1f} s",
          file=sys.stderr, flush=True)
