"""With ``DASHBOARD_TIMING=1``: the seconds each run of the page takes to reach its steps, on stderr."""

from __future__ import annotations

import os
import sys
import time

TIMING = os.environ.get("DASHBOARD_TIMING") == "1"


def mark(step: str, t0: list[float] = [0.0]) -> None:
    """With DASHBOARD_TIMING=1: seconds since the run began (``mark("run")`` starts it), to stderr."""
    if step == "run":
        t0[0] = time.perf_counter()
    if TIMING:
        print(f"[timing] {step}: {time.perf_counter() - t0[0]:.3f} s", file=sys.stderr, flush=True)
