"""Dashboard at scale: load, filter and draw synthetic stores, level of detail vs the naive baseline.

    .venv/bin/python -m bench.dashboard [--sizes 1000 100000 1000000] [--baseline-max 100000] [--work DIR]

For each size a synthetic store (bench/synth.py, Parquet only) is written once into --work and
reused. Each path runs in its own child process, so its peak memory (ru_maxrss) is its own; all
paths of a size run in the same invocation, so ratios compare like with like on a busy machine.

- baseline ("naive"): ``events.output.store.read``, ``events.output.filters.apply``, and ``px.timeline`` of every
  dated event (skipped above --baseline-max: it does not finish in useful time);
- current ("app"): the store as the app reads it and ``dashboard.figures.timeline`` (WebGL past 1,500);
- lod ("ours"): ``dashboard.access.load`` (the long text columns left for ``access.complete``, timed on its
  own: a text search needs it) + ``mask`` + ``plan`` + ``density_figure`` (or, when a filter leaves few
  events, ``figures.timeline`` of those rows); plus DuckDB doing the same counting.

Figures: seconds (wall clock), figure JSON bytes (``len(fig.to_json())``, what Streamlit sends), MB peak RSS.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

from events.output.filters import Filters

ROOT = Path(__file__).resolve().parent.parent
# The view on opening (all events), a filter change that still leaves many events, one that lands on
# individual events near the most there can be (about 1,800 marks at 1M, below lod.MAX_POINTS), and one
# that leaves few.
VIEWS = {
    "open": Filters(),
    "one_year_strikes": Filters(date_from=dt.date(2021, 1, 1), date_to=dt.date(2021, 12, 31), categories=("strike",)),
    "month_two_categories": Filters(
        date_from=dt.date(2021, 3, 1), date_to=dt.date(2021, 3, 31), categories=("request", "agreement")
    ),
    "narrow": Filters(
        date_from=dt.date(2021, 3, 1), date_to=dt.date(2021, 3, 31), q="kazan", statuses=("confirmed", "denied")
    ),
}


def rss_mb() -> float:
    """This process's peak resident memory (VmHWM; ru_maxrss would carry the parent's over exec)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(fn, *args, **kw):
    t = time.perf_counter()
    out = fn(*args, **kw)
    return out, time.perf_counter() - t


def naive_figure(events):
    """Every dated event as one ``px.timeline`` bar: the baseline figure (here and in bench/naive_app.py)."""
    import pandas as pd
    import plotly.express as px

    ev = events.loc[events["date_start"].notna()]
    df = pd.DataFrame(
        {
            "start": pd.to_datetime(ev["date_start"]),
            "end": pd.to_datetime(ev["date_end"].where(ev["date_end"].notna(), ev["date_start"]))
            + pd.Timedelta(days=1),
            "category": ev["category"].astype(str),
            "title": ev["title"].astype(str),
        }
    )
    return px.timeline(df, x_start="start", x_end="end", y="category", hover_name="title", template="plotly_white")


def run_naive(store: Path, with_figure: bool) -> dict:
    from events.output import filters
    from events.output import store as store_mod

    st, t_load = timed(store_mod.read, store)
    out = {"load_s": t_load}
    for name, f in VIEWS.items():
        shown, t_filter = timed(filters.apply, st.events, f)
        out[f"{name}_filter_s"] = t_filter
        out[f"{name}_n"] = len(shown)
    if with_figure:
        fig, out["open_figure_s"] = timed(naive_figure, st.events)
        js, out["open_json_s"] = timed(fig.to_json)
        out["open_bytes"] = len(js)
    out["rss_mb"] = rss_mb()
    return out


def run_app(store: Path, with_figure: bool) -> dict:
    from dashboard import access, figures, listing
    from events.output import filters
    from events.output import store as store_mod

    st, t_load = timed(store_mod.read, store)
    out = {"load_s": t_load}
    _, out["options_s"] = timed(lambda events: listing.options(access.prepare(events)), st.events)
    for name, f in VIEWS.items():
        if name != "open" and not with_figure:
            continue
        t = time.perf_counter()
        shown = filters.apply(st.events, f)
        if with_figure:
            fig = figures.timeline(shown, lane_by="category", color_by="status")
            out[f"{name}_figure_s"] = time.perf_counter() - t
            js, out[f"{name}_json_s"] = timed(fig.to_json)
            out[f"{name}_bytes"] = len(js)
    out["rss_mb"] = rss_mb()
    return out


def run_lod(store: Path) -> dict:
    from dashboard import access, chart, listing
    from events.output import filters

    p, t_load = timed(access.load, store)
    out = {"load_s": t_load}
    full, out["text_s"] = timed(access.complete, p)  # the long text columns, read for a text search
    _, out["options_s"] = timed(listing.options, p)
    for name, f in VIEWS.items():
        t = time.perf_counter()
        keep = filters.mask(full if f.q else p, f)
        out[f"{name}_filter_s"] = time.perf_counter() - t
        fig = chart.figure(full if f.q else p, keep, f, lane_by="category", color_by="status")  # what the app draws
        out[f"{name}_figure_s"] = time.perf_counter() - t  # filter + plan + figure
        js, out[f"{name}_json_s"] = timed(fig.to_json)
        out[f"{name}_bytes"] = len(js)
        meta = fig.layout.meta or {}
        out[f"{name}_level"] = "density" if meta.get("level") == "density" else "points"
        out[f"{name}_marks"] = int(meta.get("n_marks", 0))
        out[f"{name}_n"] = int(keep.sum())
    out["rss_mb"] = rss_mb()
    return out


def run_duckdb(store: Path) -> dict:
    """The same filter-and-count as lod.density for the 'one_year_strikes' view, in DuckDB over the Parquet."""
    import duckdb

    path = (Path(store).resolve() / "events.parquet").as_posix()
    con = duckdb.connect()
    con.execute("SET threads TO 1")
    t = time.perf_counter()
    con.execute(
        f"CREATE TABLE ev AS SELECT event_id, category, status, precision, source_count, "
        f"TRY_CAST(date_start AS DATE) AS d0, TRY_CAST(date_end AS DATE) AS d1 "
        f"FROM read_parquet('{path}')"
    )
    out = {"load_s": time.perf_counter() - t}
    q = (
        "SELECT category, date_trunc('month', d0 + CAST((d1 - d0) // 2 AS INTEGER)) AS bin, count(*) AS n FROM ev "
        "WHERE d1 >= DATE '2021-01-01' AND d0 <= DATE '2021-12-31' AND category = 'strike' GROUP BY ALL"
    )
    _, out["one_year_strikes_filter_s"] = timed(lambda: con.execute(q).fetchall())
    out["rss_mb"] = rss_mb()
    return out


PATHS = {"naive": run_naive, "app": run_app, "lod": run_lod, "duckdb": run_duckdb}


def ensure_store(work: Path, n: int) -> Path:
    """The synthetic store of n events (Parquet only), written by a child process the first time."""
    path = work / f"store-{n}"
    if not (path / "store.json").exists():
        res = subprocess.run(
            [sys.executable, "-m", "bench.synth", str(path), "--events", str(n), "--no-csv"],
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        )
        print("  " + res.stdout.strip(), file=sys.stderr)
    return path


def child(path: str, store: Path, with_figure: bool) -> dict:
    cmd = [sys.executable, "-m", "bench.dashboard", "--child", path, "--store", str(store)]
    if with_figure:
        cmd.append("--with-figure")
    res = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if res.returncode != 0:
        return {"error": res.stderr.strip().splitlines()[-1] if res.stderr.strip() else f"exit {res.returncode}"}
    return json.loads(res.stdout.strip().splitlines()[-1])


def fmt(v, kind: str = "s") -> str:
    if v is None:
        return "—"
    if kind == "bytes":
        return f"{v / 1e6:.2f} MB" if v >= 1e5 else f"{v / 1e3:.0f} kB"
    if kind == "mb":
        return f"{v:.0f} MB"
    return f"{v:.2f} s" if v >= 0.1 else f"{v * 1000:.0f} ms"


def ratio(a, b) -> str:
    if not (a and b):
        return "—"
    return f"{a / b:.0f}×" if a / b >= 10 else f"{a / b:.1f}×"


def report(n: int, r: dict[str, dict], baseline_max: int) -> list[str]:
    nv, ap, lo, dd = (r.get(k, {}) for k in ("naive", "app", "lod", "duckdb"))
    capped = n > baseline_max
    lines = [
        f"### {n:,} events" + (f" (px.timeline and figures.timeline skipped above {baseline_max:,})" if capped else ""),
        "| step | baseline | current app | ours (LOD) | ratio baseline/ours |",
        "|---|---|---|---|---|",
    ]
    lines.append(
        f"| load store | {fmt(nv.get('load_s'))} (store.read) | {fmt(ap.get('load_s'))} | "
        f"{fmt(lo.get('load_s'))} (access.load, long text deferred) | "
        f"{ratio(nv.get('load_s'), lo.get('load_s'))} |"
    )
    lines.append(f"| read the text columns (first text search) | — | — | {fmt(lo.get('text_s'))} (access.complete) | |")
    lines.append(
        f"| filter options | — | {fmt(ap.get('options_s'))} | {fmt(lo.get('options_s'))} | "
        f"{ratio(ap.get('options_s'), lo.get('options_s'))} |"
    )
    for v in VIEWS:
        lines.append(
            f"| filter `{v}` ({lo.get(f'{v}_n', '?'):,} events) | {fmt(nv.get(f'{v}_filter_s'))} "
            f"(filters.apply) | | {fmt(lo.get(f'{v}_filter_s'))} (filters.mask) | "
            f"{ratio(nv.get(f'{v}_filter_s'), lo.get(f'{v}_filter_s'))} |"
        )
    lines.append(
        f"| first figure (all events) | {fmt(nv.get('open_figure_s'))} px.timeline | "
        f"{fmt(ap.get('open_figure_s'))} | {fmt(lo.get('open_figure_s'))} ({lo.get('open_level', '')}) | "
        f"{ratio(nv.get('open_figure_s'), lo.get('open_figure_s'))} |"
    )
    lines.append(
        f"| figure JSON | {fmt(nv.get('open_bytes'), 'bytes')} | {fmt(ap.get('open_bytes'), 'bytes')} | "
        f"{fmt(lo.get('open_bytes'), 'bytes')} | {ratio(nv.get('open_bytes'), lo.get('open_bytes'))} |"
    )
    for v in list(VIEWS)[1:]:
        lines.append(
            f"| filter change `{v}`: filter+figure | | {fmt(ap.get(f'{v}_figure_s'))} | "
            f"{fmt(lo.get(f'{v}_figure_s'))} ({lo.get(f'{v}_level', '')}, {lo.get(f'{v}_marks', 0):,} "
            f"marks, {fmt(lo.get(f'{v}_bytes'), 'bytes')}) | |"
        )
    lines.append(
        f"| peak RSS | {fmt(nv.get('rss_mb'), 'mb')} | {fmt(ap.get('rss_mb'), 'mb')} | "
        f"{fmt(lo.get('rss_mb'), 'mb')} | {ratio(nv.get('rss_mb'), lo.get('rss_mb'))} |"
    )
    lines.append(
        f"| DuckDB (1 thread): load / `one_year_strikes` count | | | {fmt(dd.get('load_s'))} / "
        f"{fmt(dd.get('one_year_strikes_filter_s'))} | |"
    )
    for k, v in r.items():
        if "error" in v:
            lines.append(f"\n{k} failed: {v['error']}")
    return lines


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.dashboard", description=__doc__.splitlines()[0])
    p.add_argument("--sizes", type=int, nargs="+", default=[1000, 100_000, 1_000_000])
    p.add_argument("--baseline-max", type=int, default=100_000, help="largest size for the figure baselines")
    p.add_argument("--work", type=Path, default=Path("/tmp/bench-dashboard"), help="where the stores are kept")
    p.add_argument("--json", action="store_true", help="also print the raw figures as JSON")
    p.add_argument("--child", choices=list(PATHS), help=argparse.SUPPRESS)
    p.add_argument("--store", type=Path, help=argparse.SUPPRESS)
    p.add_argument("--with-figure", action="store_true", help=argparse.SUPPRESS)
    a = p.parse_args(argv)
    if a.child:
        fn = PATHS[a.child]
        res = fn(a.store, a.with_figure) if a.child in ("naive", "app") else fn(a.store)
        print(json.dumps(res))
        return 0
    a.work.mkdir(parents=True, exist_ok=True)
    raw = {}
    for n in a.sizes:
        store = ensure_store(a.work, n)
        with_fig = n <= a.baseline_max
        r = {name: child(name, store, with_fig) for name in PATHS}
        raw[n] = r
        print("\n".join(report(n, r, a.baseline_max)) + "\n", flush=True)
    if a.json:
        print(json.dumps(raw, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
