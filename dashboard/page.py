"""The event-timeline page each visitor runs: reads the store, the filters from the widgets (or the URL), and
hands them to the analyst page (``dashboard.analyst``) or the wall screen (``dashboard.brief``).

    streamlit run dashboard/app.py -- --store STORE_DIR

(app.py starts the server, which reads the store as it starts; each visitor's page runs this script.)

Without ``--store`` it shows ROOT/store, building it from seeds/ first if needed. ``?mode=brief``
is the wall-screen view. Everything from articles is shown as text (``detail.md`` escapes it).

Scale (a million events): the events are read once per store version into ``access.Prepared``
(compact Arrow and numpy columns) without the long text columns, which a text search or an export
reads once (``loaders.load_text``); a filter change is a numpy mask. Up to ``lod.MAX_POINTS``
marks in view are drawn one by one (``figures.timeline``), more as counts per lane per time bin
(``density.density_figure``). The chart is sent before the sidebar and the table (the widgets' values
are read from the widget state first), so the browser draws it first. Only what is shown is turned
into rows: the table, the undated list and the event picker show their first rows, say how many
there are and offer more; of the tabs below the chart only the open one is built (a click on a
tab reruns the page); exports build their rows when downloaded. Mentions are read per event
from the store's mentions.parquet; the documents table is read without its text.
``DASHBOARD_TIMING=1`` logs (``dashboard.timing``) the seconds each run takes to reach its steps (stderr).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import sys

import streamlit as st

from dashboard import data, images, layout, state, uploads
from dashboard.analyst import analyst_page
from dashboard.brief import brief_page
from dashboard.detail import md
from dashboard.loaders import Shown, load_events, load_small, load_text, store_choices
from dashboard.panels import add_panel, progress_bar
from dashboard.sidebar import fit_widget_state
from dashboard.timing import mark
from events.output import filters
from events.output import store as store_mod

log = logging.getLogger(__name__)


def main() -> None:
    mark("run")
    view0, view_problems = state.view_from_query(st.query_params)
    brief = view0.mode == "brief"
    st.set_page_config(
        page_title="Event timeline", layout="wide", initial_sidebar_state="collapsed" if brief else "expanded"
    )
    args = state.parse_args(sys.argv[1:])
    if not ensure_store(args):
        st.stop()
    path, version = str(args.store), store_mod.version_of(args.store)
    early = st.empty()
    if "ready" not in st.session_state:  # a visitor's first run: plotly.js loads while the store is read
        early.plotly_chart(layout.placeholder(), theme=None, config={"staticPlot": True, "displayModeBar": False})
    try:
        p = load_events(path, version)
        meta, documents = load_small(path, version)
    except store_mod.StoreError as exc:
        st.error(md(str(exc)))
        st.stop()
    except Exception as exc:  # a damaged events.parquet: say so, keep the app up
        log.debug(f"{path}: reading the events failed", exc_info=True)
        st.error(md(f"{path}: the events cannot be read ({type(exc).__name__}: {exc}); rebuild the store"))
        st.stop()
    early.empty()
    if len(p) == 0:
        empty_page(meta, path)
        return
    if "ready" not in st.session_state:
        f0, problems = filters.from_query(st.query_params)
        st.session_state.update(state.widget_state(f0, view0))
        st.session_state["event"] = view0.event or None
        st.session_state["problems"] = problems + view_problems
        st.session_state["ready"] = True
    mark("loaded")
    opts, bounds = store_choices(path, version)
    if not brief:
        fit_widget_state(bounds)
    f, problems = state.filters_from_widgets(st.session_state)  # before the widgets are drawn: see sidebar()
    view = state.view_from_widgets(st.session_state, view0)
    if f.q:  # a text search reads the descriptions too
        p = load_text(path, version)
    keep = filters.mask(p, f)  # the rows filters.apply keeps
    st.query_params.from_dict(state.to_query(f, dataclasses.replace(view, event=st.session_state.get("event") or "")))
    for problem in st.session_state.get("problems", []) + problems:
        st.warning(md(problem))  # it quotes the URL: shown as text, never as Markdown
    ctx = dict(
        view=Shown(p, keep, path, version, meta, documents),
        f=f,
        lanes=view,
        opts=opts,
        as_of=images.newest_article(documents) or data.as_of(meta, documents, dt.date.today()),
    )
    if brief:
        brief_page(**ctx)
    else:
        analyst_page(**ctx, bounds=bounds)
    mark("done")


def empty_page(meta: dict, path: str) -> None:
    """A store with no events: said plainly, no chart that has nothing to draw; articles can still be added."""
    st.title("Event timeline")
    st.info(md(data.empty_message(meta)))
    add_panel(meta, path)


def ensure_store(args: state.Args) -> bool:
    if (args.store / store_mod.META).exists():
        return True
    if args.input_dir is None:
        st.error(
            f"No event store at {args.store}. Build one with "
            f"`python -m events build INPUT_DIR --out {args.store}`, or start without --store."
        )
        return False
    with st.status(f"First start: building the event store from {args.input_dir.name}/ …", expanded=True) as s:
        try:
            uploads.rebuild(args.input_dir, args.store, progress_bar(), built_at=dt.datetime.now(dt.timezone.utc))
        except Exception as exc:  # any build failure: say so, keep the app up
            log.debug(f"building the store {args.store} from {args.input_dir} failed", exc_info=True)
            s.update(label="Building the store failed", state="error")
            st.error(
                md(f"{type(exc).__name__}: {exc}.") + " Build it by hand with "
                f"`python -m events build {args.input_dir} --out {args.store}` to see the details."
            )
            return False
        s.update(label="Store built", state="complete")
    return True


if __name__ == "__main__":  # as Streamlit runs it; importing the module (a worker process) runs nothing
    main()
