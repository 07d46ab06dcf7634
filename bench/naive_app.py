"""The baseline page for bench.browser: a store drawn as a first attempt would draw it.

    streamlit run bench/naive_app.py -- --store STORE_DIR

Every dated event as one ``px.timeline`` bar (``bench.dashboard.naive_figure`` of the whole store
read with ``events.output.store.read``), no level of detail, no caching: what an earlier measurement timed
at 100,000 events (17 s to appear in headless Chromium). bench.browser opens it beside the real app, in the same run, up to ``NAIVE_MAX`` events.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent  # streamlit puts it first: its dashboard.py would hide the package
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() not in (HERE, ROOT)]

import streamlit as st  # noqa: E402

from bench.dashboard import naive_figure  # noqa: E402
from events.output import store as store_mod  # noqa: E402

p = argparse.ArgumentParser(add_help=False)
p.add_argument("--store", type=Path, required=True)
fig = naive_figure(store_mod.read(p.parse_known_args(sys.argv[1:])[0].store).events)
fig.update_layout(meta=[{"level": "naive"}])  # what bench.browser waits for
st.plotly_chart(fig, theme=None)
