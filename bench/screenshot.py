"""The README's picture of the dashboard, taken from the running app (``make screenshot``), and the
wall screen's (``--brief``: the whole page of ``?mode=brief`` at a wall's size).

    .venv/bin/python -m bench.screenshot STORE_DIR docs/screenshot.png
    .venv/bin/python -m bench.screenshot STORE_DIR docs/brief-story.png --brief --size 1920x1080

Starts the app on STORE_DIR (``streamlit run`` on a free port), opens it in headless Chromium
(/usr/bin/chromium) at a laptop's size, and saves the chart as it is drawn today: its marks, the
titles written on it, the undated strip and the key. With ``--brief``, the screen as a wall shows it.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

from bench.browser import CHROMIUM, CHROMIUM_ARGS, ROOT, streamlit

WIDTH, HEIGHT = 1366, 900  # a laptop's browser window


def take(
    store: Path, out: Path, timeout_s: float = 120, query: str = "", size: tuple[int, int] = (WIDTH, HEIGHT)
) -> Path:
    """Save a picture of the chart of the app on ``store`` at ``out`` (PNG); with a ``query`` (``?mode=brief``),
    the whole window at ``size``."""
    from playwright.sync_api import sync_playwright

    log = Path(os.environ.get("TMPDIR", "/tmp")) / f"screenshot-{os.getpid()}-{time.monotonic_ns()}.log"
    with streamlit(ROOT / "dashboard" / "app.py", store, log, timeout_s) as (url, _proc), sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": size[0], "height": size[1]})
            page.goto(url + "/" + query, wait_until="domcontentloaded", timeout=int(timeout_s * 1000))
            page.wait_for_selector(".js-plotly-plot .main-svg", timeout=int(timeout_s * 1000))
            page.wait_for_function(
                "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=int(timeout_s * 1000)
            )
            page.wait_for_timeout(1500)  # plotly.js finishes drawing the labels
            out.parent.mkdir(parents=True, exist_ok=True)
            if query:
                page.screenshot(path=str(out))
            else:
                page.locator(".js-plotly-plot").first.screenshot(path=str(out))
        finally:
            browser.close()
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("store", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--brief", action="store_true", help="the wall screen (?mode=brief), the whole window")
    ap.add_argument("--query", default="", help="more URL parameters, e.g. 'show=all&strip=undated'")
    ap.add_argument("--size", default="", help="WIDTHxHEIGHT of the window (default 1366x900; 1920x1080 with --brief)")
    args = ap.parse_args(argv)
    width, height = (int(v) for v in (args.size or ("1920x1080" if args.brief else f"{WIDTH}x{HEIGHT}")).split("x"))
    query = "&".join(q for q in ("mode=brief" if args.brief else "", args.query) if q)
    print(take(args.store, args.out, query=f"?{query}" if query else "", size=(width, height)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
