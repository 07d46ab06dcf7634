"""Run the dashboard with ``streamlit run`` on a free localhost port and look at it with Debian's Chromium.

Used by the real-browser test, and by hand for screenshots:

    .venv/bin/python -m tests.dashboard.browser STORE_DIR OUT_DIR '?q=Kazan' '?mode=brief'
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from pathlib import Path

from bench.browser import CHROMIUM, CHROMIUM_ARGS, ROOT, streamlit


@contextlib.contextmanager
def streamlit_app(store: Path | None, timeout: float = 90):
    """Yield the base URL of a running app on ``store``; stop it afterwards."""
    log = Path(os.environ.get("TMPDIR", "/tmp")) / f"streamlit-{os.getpid()}-{time.monotonic_ns()}.log"
    with streamlit(ROOT / "dashboard" / "app.py", store, log, timeout) as (url, _proc):
        yield url


def open_page(browser, url: str, *, width: int = 1440, height: int = 1000, timeout_ms: int = 60_000):
    """Open ``url`` and wait for the timeline; returns (page, problems) with console errors and page errors."""
    page = browser.new_page(viewport={"width": width, "height": height})
    problems: list[str] = []
    page.on("console", lambda msg: problems.append(f"console {msg.type}: {msg.text}") if msg.type == "error" else None)
    page.on("pageerror", lambda exc: problems.append(f"pageerror: {exc}"))
    page.goto(url, wait_until="domcontentloaded", timeout=timeout_ms)
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=timeout_ms)
    # Wait until the script has finished running (Streamlit shows a "running" status widget meanwhile).
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=timeout_ms)
    page.wait_for_timeout(1500)  # let plotly finish drawing (waiting only, nothing is timed)
    return page, problems


def launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)


if __name__ == "__main__":
    from playwright.sync_api import sync_playwright

    store, out = Path(sys.argv[1]), Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    queries = sys.argv[3:] or [""]
    with streamlit_app(store) as url, sync_playwright() as p:
        browser = launch(p)
        for i, q in enumerate(queries):
            brief = "mode=brief" in q
            page, problems = open_page(
                browser, url + "/" + q, width=1920 if brief else 1440, height=1080 if brief else 1000
            )
            shot = out / f"shot-{i}.png"
            page.screenshot(path=str(shot), full_page=not brief)
            print(q, shot, problems or "no errors")
            page.close()
        browser.close()
