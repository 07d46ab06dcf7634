"""A bare Streamlit page drawing a store through dashboard.lod, for the browser benchmark only.

    streamlit run bench/lod_app.py -- --store STORE_DIR

It shows what the level-of-detail path costs in a real browser before the dashboard uses it:
one cached ``access.load``, a radio of the benchmark's views (bench.dashboard.VIEWS), and the figure
``dashboard.chart.figure`` draws for it (as the app does). The real app is dashboard/app.py.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent  # streamlit puts it first: its dashboard.py would hide the package
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() not in (HERE, ROOT)]

import streamlit as st  # noqa: E402

from bench.dashboard import VIEWS  # noqa: E402
from dashboard import access, chart, layout, wire  # noqa: E402
from events.output import filters  # noqa: E402
from events.output import store as store_mod  # noqa: E402


@st.cache_resource(max_entries=1, show_spinner="Reading the event store…")
def load(path: str, version: str) -> access.Prepared:
    return access.load(path)


@st.cache_resource(max_entries=1, show_spinner="Reading the events' text…")
def load_text(path: str, version: str) -> access.Prepared:
    """With the long text columns, for a view with a text search (as the app does)."""
    return access.complete(load(path, version))


def main() -> None:
    st.set_page_config(page_title="Event timeline (LOD bench)", layout="wide")
    p = argparse.ArgumentParser(add_help=False)
    p.add_argument("--store", type=Path, required=True)
    args, _ = p.parse_known_args(sys.argv[1:])
    early = st.empty()
    if "ready" not in st.session_state:  # as the app: plotly.js loads while the store is read
        early.plotly_chart(layout.placeholder(), theme=None, config={"staticPlot": True, "displayModeBar": False})
        st.session_state["ready"] = True
    path, version = str(args.store), store_mod.version_of(args.store)
    prepared = load(path, version)
    early.empty()
    view = st.radio("View", list(VIEWS), horizontal=True, key="view")
    f = VIEWS[view]
    if f.q:
        prepared = load_text(path, version)
    keep = filters.mask(prepared, f)
    fig = chart.figure(prepared, keep, f, lane_by="category", color_by="status")
    meta = fig.layout.meta or {}
    fig.update_layout(meta={**meta, "view": view})
    st.caption(f"{int(keep.sum()):,} of {len(prepared):,} events · {meta.get('level')}")
    st.plotly_chart(wire.figure(fig), theme=None, key="timeline")


main()
