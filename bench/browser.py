"""The dashboard in a real browser: time to the first chart, websocket bytes, server memory.

    .venv/bin/python -m bench.browser [--sizes 1000 100000 1000000] [--apps app lod naive] [--work DIR]

Starts ``streamlit run`` on each synthetic store (bench.dashboard's, made if missing) and opens
it in headless Chromium (/usr/bin/chromium through Playwright; flags from KNOWN.md). ``app`` is
dashboard/app.py as it is; ``lod`` is bench/lod_app.py, the level-of-detail path alone; ``naive``
is the baseline, bench/naive_app.py (``px.timeline`` of every event, up to ``NAIVE_MAX``), whose
first chart is printed beside the app's as a ratio.

Measured: seconds from navigation to a drawn Plotly chart. Each app starts fresh and the page is
opened as soon as the server answers; ``app`` reads the store as the server starts
(``dashboard.warm``), so whatever is left of that read is included. ``warm_s`` is how long that
read took (from the server's log); ``link_chart_s`` is a second page opened on the same server.
Also: bytes received over the websocket by then, the server's peak resident memory (VmHWM), and
filter changes: seconds from the click to the next chart drawn, with the level it landed on
(density or individual events), and for each change the server's CPU seconds and the page's busy
seconds until then (``server_cpu_s``, ``page_cpu_s``: ``Work``). "Drawn" means visible: Streamlit
(1.67) hands plotly.js each new figure twice, the first time often hidden (before it knows the
chart's width); the first draw is recorded too (``rendered_s``, ``first_render_s``; the second is
cheap for figures sent through ``dashboard.wire``). For ``lod``: clicking each of
bench.dashboard.VIEWS. For ``app``: a shared link (``APP_LINK``: March 2021, three categories),
then the sidebar's Categories filter loses one and gets it back, twice (at 1M: about 1,800
individual events, then a density), then a search for ``APP_SEARCH`` typed in the sidebar and cleared,
twice (the text columns it searches were read ahead as the server started: ``dashboard.warm.text``).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from bench.dashboard import ensure_store

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
APPS = {
    "app": ROOT / "dashboard" / "app.py",
    "lod": ROOT / "bench" / "lod_app.py",
    "naive": ROOT / "bench" / "naive_app.py",
}
NAIVE_MAX = 100_000  # the baseline page (px.timeline of everything) is not opened on bigger stores: 17 s at 100k
# A chart is drawn when a timeline or density figure (meta.level set; not the apps' blank placeholder) is on the
# page; VISIBLE when it is no longer hidden (Streamlit's first draw of a new figure is hidden). The apps send
# meta in a one-element list (dashboard.wire).
_META = """const g = document.querySelector('.js-plotly-plot');
  const m = [].concat((g && g._fullLayout && g._fullLayout.meta) || [])[0] || {};"""  # the chart and its meta
_SHOWN = "JSON.stringify([m.level, m.n_events, m.n_marks, m.n_undated, m.view])"  # what a change changes
DRAWN = f"""(view) => {{ {_META}
  return !!(g && g.querySelector('.main-svg') && m.level && (!view || m.view === view)); }}"""
VISIBLE = """() => { const g = document.querySelector('.js-plotly-plot');
  return !!(g && g.querySelector('.main-svg') && getComputedStyle(g).visibility !== 'hidden'); }"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def streamlit(script: Path, store: Path | None, log: Path, timeout: float = 60):
    """A running ``streamlit run script -- --store store`` on a free loopback port: (url, process).
    With no store the app picks its default. Also used by the real-browser tests."""
    port = free_port()
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(script),
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
    ]
    if store is not None:
        cmd += ["--", "--store", str(store)]
    with open(log, "w") as fh:
        proc = subprocess.Popen(
            cmd, cwd=ROOT, stdout=fh, stderr=subprocess.STDOUT, env={**os.environ, "DASHBOARD_TIMING": "1"}
        )  # the app's steps, in the log
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + timeout
            while True:
                try:
                    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                        if r.status == 200:
                            break
                except OSError:
                    pass
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"streamlit did not start; see {log}")
                time.sleep(0.3)
            yield url, proc
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()


def peak_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


SHOWN = f"""() => {{ {_META}
  return {_SHOWN}; }}"""
CHANGED = f"""(before) => {{ {_META}
  return !!(g && g.querySelector('.main-svg') && m.level && {_SHOWN} !== before); }}"""
IDLE = "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
LOD_VIEWS = ("one_year_strikes", "month_two_categories", "narrow", "open")
# The real app: a shared link (March 2021, three categories: density at 1M), then the sidebar's category
# filter loses one (about 1,800 individual events at 1M: points) and gets it back (density), twice.
APP_LINK = "/?from=2021-03-01&to=2021-03-31&category=request&category=agreement&category=deployment"
APP_TOGGLED = "deployment"
# then a search typed in the sidebar, and cleared again (twice: the first search is the first use of the text columns)
APP_SEARCH = "Russia"


def open_page(browser, url: str, received: list, timeout_s: float):
    page = browser.new_page(viewport={"width": 1440, "height": 1000})

    def on_ws(ws):
        ws.on(
            "framereceived",
            lambda payload: received.__setitem__(
                0, received[0] + len(payload if isinstance(payload, (bytes, bytearray)) else payload.encode())
            ),
        )

    page.on("websocket", on_ws)
    t = time.perf_counter()
    page.goto(url, wait_until="domcontentloaded", timeout=int(timeout_s * 1000))
    page.wait_for_function(DRAWN, arg=None, timeout=int(timeout_s * 1000), polling=20)
    rendered = time.perf_counter() - t
    page.wait_for_function(VISIBLE, timeout=int(timeout_s * 1000), polling=20)
    return page, time.perf_counter() - t, rendered


class Work:
    """Work done so far: the server process's CPU seconds (utime + stime) and the seconds the page's
    main thread was busy (Chrome's TaskDuration). Where seconds to the chart mix work and waiting,
    these say which side did the work; a busy neighbour on the other core still inflates both."""

    def __init__(self, page, pid: int):
        self.pid, self.cdp = pid, page.context.new_cdp_session(page)
        self.cdp.send("Performance.enable")

    def now(self) -> tuple[float, float]:
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        server = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime
        metrics = {m["name"]: m["value"] for m in self.cdp.send("Performance.getMetrics")["metrics"]}
        return server, metrics.get("TaskDuration", 0.0)


def timed_change(page, act, received: list, timeout_s: float, work: Work | None = None) -> dict:
    """Seconds from ``act()`` to the next chart drawn, to the page settled, and the level it shows;
    with ``work``, the server's CPU seconds and the page's busy seconds until the chart was drawn."""
    before, n0 = page.evaluate(SHOWN), received[0]
    w0 = work.now() if work else (0.0, 0.0)
    t = time.perf_counter()
    act()
    page.wait_for_function(CHANGED, arg=before, timeout=int(timeout_s * 1000), polling=20)
    rendered = time.perf_counter() - t
    page.wait_for_function(VISIBLE, timeout=int(timeout_s * 1000), polling=20)
    drawn = time.perf_counter() - t
    w1 = work.now() if work else (0.0, 0.0)
    page.wait_for_function(IDLE, timeout=int(timeout_s * 1000))
    level = json.loads(page.evaluate(SHOWN))
    out = {
        "s": drawn,
        "rendered_s": rendered,
        "settled_s": time.perf_counter() - t,
        "ws_bytes": received[0] - n0,
        "level": "density" if level[0] == "density" else "points",
        "marks": level[2],
    }
    if work:
        out["server_cpu_s"], out["page_cpu_s"] = w1[0] - w0[0], w1[1] - w0[1]
    return out


def app_changes(page, received: list, timeout_s: float, work: Work | None = None) -> list[dict]:
    cats = page.locator('[data-testid="stMultiSelect"]').filter(has_text="Categories")

    def drop():
        page.locator(f'button[aria-label="Remove {APP_TOGGLED}"]').first.click()

    def add():
        box = cats.locator("input").first
        box.click()
        box.fill(APP_TOGGLED)
        page.keyboard.press("Enter")

    def search(word: str):
        def act():
            box = page.get_by_label("Search titles, actors, places")
            box.fill(word)
            box.press("Enter")

        return act

    out = []
    for kind, act in (
        ("category", drop),
        ("category", add),
        ("category", drop),
        ("category", add),
        ("search", search(APP_SEARCH)),
        ("search", search("")),
        ("search", search(APP_SEARCH)),
        ("search", search("")),
    ):
        out.append({"kind": kind, **timed_change(page, act, received, timeout_s, work)})
        page.keyboard.press("Escape")
        page.wait_for_timeout(500)
    return out


def measure(browser, app: str, store: Path, log: Path, timeout_s: float) -> dict:
    out: dict = {}
    with streamlit(APPS[app], store, log) as (url, proc):
        received = [0]
        page, out["first_chart_s"], out["first_render_s"] = open_page(browser, url, received, timeout_s)
        out["ws_bytes_first"] = received[0]
        page.wait_for_function(IDLE, timeout=int(timeout_s * 1000))
        out["ws_bytes_settled"] = received[0]
        if app == "naive":
            pass  # the baseline: its first chart only
        elif app == "lod":
            work = Work(page, proc.pid)
            for view in LOD_VIEWS:
                c = timed_change(page, lambda: page.get_by_text(view, exact=True).click(), received, timeout_s, work)
                out[f"{view}_change_s"], out[f"{view}_ws_bytes"] = c["s"], c["ws_bytes"]
                out[f"{view}_rendered_s"] = c["rendered_s"]
                out[f"{view}_server_cpu_s"], out[f"{view}_page_cpu_s"] = c["server_cpu_s"], c["page_cpu_s"]
                out[f"{view}_level"], out[f"{view}_marks"] = c["level"], c["marks"]
        else:
            page.close()
            received = [0]
            page, out["link_chart_s"], _ = open_page(browser, url + APP_LINK, received, timeout_s)
            page.wait_for_function(IDLE, timeout=int(timeout_s * 1000))
            out["changes"] = app_changes(page, received, timeout_s, Work(page, proc.pid))
        out["server_peak_mb"] = peak_mb(proc.pid)
        page.close()
    warm = re.search(r"events read ahead from .* in ([0-9.]+) s", log.read_text(errors="replace"))
    out["warm_s"] = float(warm.group(1)) if warm else None
    return out


def changes_cell(r: dict) -> str:
    """Filter changes as "into density / into points" (seconds to the chart drawn; several: min–max)."""
    if "changes" in r:
        by = {lv: [c["s"] for c in r["changes"] if c["level"] == lv] for lv in ("density", "points")}
    else:
        by = {lv: [r[f"{v}_change_s"] for v in LOD_VIEWS if r.get(f"{v}_level") == lv] for lv in ("density", "points")}
    cells = []
    for lv in ("density", "points"):
        xs = by[lv]
        cells.append("—" if not xs else f"{min(xs):.2f} s" if len(xs) == 1 else f"{min(xs):.2f}–{max(xs):.2f} s")
    marks = max(
        [c["marks"] or 0 for c in r.get("changes", []) if c["level"] == "points"]
        + [r.get(f"{v}_marks") or 0 for v in LOD_VIEWS if r.get(f"{v}_level") == "points"]
        or [0]
    )
    return f"{cells[0]} / {cells[1]} ({marks:,} marks)"


def search_cell(r: dict) -> str:
    """The app's searches as "first / again" (the first is the first use of the text columns)."""
    typed = [c for c in r.get("changes", []) if c.get("kind") == "search"][::2]  # a search, then its clearing
    return " / ".join(f"{c['s']:.2f} s" for c in typed) or "—"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.browser", description=__doc__.splitlines()[0])
    p.add_argument("--sizes", type=int, nargs="+", default=[1000, 100_000, 1_000_000])
    p.add_argument("--apps", nargs="+", choices=list(APPS), default=list(APPS))
    p.add_argument("--work", type=Path, default=Path("/tmp/bench-dashboard"))
    p.add_argument("--timeout", type=float, default=180, help="seconds to wait for a chart")
    a = p.parse_args(argv)
    from playwright.sync_api import sync_playwright

    a.work.mkdir(parents=True, exist_ok=True)
    rows = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            for n in a.sizes:
                store = ensure_store(a.work, n)
                for app in a.apps:
                    if app == "naive" and n > NAIVE_MAX:
                        continue
                    try:
                        r = measure(browser, app, store, a.work / f"streamlit-{app}-{n}.log", a.timeout)
                    except Exception as exc:  # a chart that never came is a result too
                        r = {"error": f"{type(exc).__name__}: {str(exc).splitlines()[0][:120]}"}
                    rows.append((n, app, r))
                    print(json.dumps({"events": n, "app": app, **r}), flush=True)
        finally:
            browser.close()
    print(
        "\n| events | app | first chart (fresh server / second page) | websocket (first chart / settled) | filter change (into density / "
        "into points, most marks drawn) | search typed (first / again) | server peak RSS |"
    )
    print("|---|---|---|---|---|---|---|")
    for n, app, r in rows:
        if "error" in r:
            print(f"| {n:,} | {app} | failed: {r['error']} | | | | |")
            continue
        first = f"{r['first_chart_s']:.1f} s" + (f" / {r['link_chart_s']:.1f} s" if "link_chart_s" in r else "")
        print(
            f"| {n:,} | {app} | {first} | {r['ws_bytes_first'] / 1e6:.2f} MB / "
            f"{r['ws_bytes_settled'] / 1e6:.2f} MB | {changes_cell(r) if app != 'naive' else '—'} | "
            f"{search_cell(r)} | {r['server_peak_mb']:.0f} MB |"
        )
    print()
    for line in ratios(rows):
        print(line)
    return 0


def ratios(rows: list) -> list[str]:
    """The app against the naive page on the same store, measured in the same run."""
    by = {(n, app): r for n, app, r in rows if "error" not in r}
    out = []
    for n, app, r in rows:
        base = by.get((n, "naive"))
        if app != "app" or "error" in r or base is None:
            continue
        out.append(
            f"{n:,} events, first chart: naive px.timeline page {base['first_chart_s']:.1f} s and "
            f"{base['ws_bytes_first'] / 1e6:.2f} MB, the app {r['first_chart_s']:.1f} s and "
            f"{r['ws_bytes_first'] / 1e6:.2f} MB (naive / app: ×{base['first_chart_s'] / r['first_chart_s']:.1f} "
            f"in time, ×{base['ws_bytes_first'] / max(r['ws_bytes_first'], 1):.1f} in bytes)"
        )
    return out


if __name__ == "__main__":
    raise SystemExit(main())
