"""The dashboard in a real browser: time to the first chart, websocket bytes, server memory.

    .venv/bin/python -m bench.browser [--sizes 1000 100000 1000000] [--apps app lod] [--work DIR]

Starts ``streamlit run`` on each synthetic store (bench.dashboard's, made if missing) and opens
it in headless Chromium (/usr/bin/chromium through Playwright; flags from KNOWN.md). ``app`` is
dashboard/app.py as it is; ``lod`` is bench/lod_app.py, the level-of-detail path alone. Measured:
seconds from navigation to a drawn Plotly chart (the server's first load of the store included:
each app starts fresh), bytes received over the websocket by then, for ``lod`` the seconds from
clicking another view to its chart, and the server's peak resident memory (VmHWM).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.dashboard import ensure_store  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
APPS = {"app": ROOT / "dashboard" / "app.py", "lod": ROOT / "bench" / "lod_app.py"}
DRAWN = """(view) => { const g = document.querySelector('.js-plotly-plot');
  return !!(g && g._fullLayout && g.querySelector('.main-svg') && (!view || (g._fullLayout.meta || {}).view === view)); }"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def streamlit(script: Path, store: Path | None, log: Path, timeout: float = 60):
    """A running ``streamlit run script -- --store store`` on a free loopback port: (url, process).
    With no store the app picks its default. Also used by the real-browser tests."""
    port = free_port()
    cmd = [sys.executable, "-m", "streamlit", "run", str(script), "--server.headless", "true",
           "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
           "--server.fileWatcherType", "none"]
    if store is not None:
        cmd += ["--", "--store", str(store)]
    with open(log, "w") as fh:
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=fh, stderr=subprocess.STDOUT)
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


def measure(browser, app: str, store: Path, log: Path, timeout_s: float) -> dict:
    out: dict = {}
    with streamlit(APPS[app], store, log) as (url, proc):
        page = browser.new_page(viewport={"width": 1440, "height": 1000})
        received = [0]

        def on_ws(ws):
            ws.on("framereceived", lambda payload: received.__setitem__(
                0, received[0] + len(payload if isinstance(payload, (bytes, bytearray)) else payload.encode())))

        page.on("websocket", on_ws)
        t = time.perf_counter()
        page.goto(url, wait_until="domcontentloaded", timeout=int(timeout_s * 1000))
        page.wait_for_function(DRAWN, arg=None, timeout=int(timeout_s * 1000), polling=50)
        out["first_chart_s"] = time.perf_counter() - t
        out["ws_bytes_first"] = received[0]
        page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')",
                               timeout=int(timeout_s * 1000))
        out["ws_bytes_settled"] = received[0]
        if app == "lod":
            for view in ("one_year_strikes", "narrow", "open"):
                before = received[0]
                t = time.perf_counter()
                page.get_by_text(view, exact=True).click()
                page.wait_for_function(DRAWN, arg=view, timeout=int(timeout_s * 1000), polling=50)
                out[f"{view}_change_s"] = time.perf_counter() - t
                out[f"{view}_ws_bytes"] = received[0] - before
        out["server_peak_mb"] = peak_mb(proc.pid)
        page.close()
    return out


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
                    try:
                        r = measure(browser, app, store, a.work / f"streamlit-{app}-{n}.log", a.timeout)
                    except Exception as exc:  # a chart that never came is a result too
                        r = {"error": f"{type(exc).__name__}: {str(exc).splitlines()[0][:120]}"}
                    rows.append((n, app, r))
                    print(json.dumps({"events": n, "app": app, **r}), flush=True)
        finally:
            browser.close()
    print("\n| events | app | first chart | websocket (first chart / settled) | filter change (lod: "
          "one_year_strikes / narrow / open) | server peak RSS |")
    print("|---|---|---|---|---|---|")
    for n, app, r in rows:
        if "error" in r:
            print(f"| {n:,} | {app} | failed: {r['error']} | | | |")
            continue
        changes = " / ".join(f"{r[k]:.2f} s" for k in ("one_year_strikes_change_s", "narrow_change_s",
                                                        "open_change_s") if k in r) or "—"
        print(f"| {n:,} | {app} | {r['first_chart_s']:.1f} s | {r['ws_bytes_first'] / 1e6:.2f} MB / "
              f"{r['ws_bytes_settled'] / 1e6:.2f} MB | {changes} | {r['server_peak_mb']:.0f} MB |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
