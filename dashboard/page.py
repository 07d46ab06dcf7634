"""The event-timeline dashboard: Streamlit widgets wired to the plain functions beside this file.

    streamlit run dashboard/app.py -- --store STORE_DIR

(app.py starts the server, which reads the store as it starts; each visitor's page runs this script.)

Without ``--store`` it shows ROOT/store, building it from seeds/ first if needed. ``?mode=brief``
is the wall-screen view. Everything from articles is shown as text (``detail.md`` escapes it).

Scale (a million events): the events are read once per store version into ``lod.Prepared``
(compact Arrow and numpy columns) without the long text columns, which a text search or an export
reads once (``load_text``); a filter change is a numpy mask. Up to ``lod.MAX_POINTS``
marks in view are drawn one by one (``figures.timeline``), more as counts per lane per time bin
(``lod.density_figure``). The chart is sent before the sidebar and the table (the widgets' values
are read from the widget state first), so the browser draws it first. Only what is shown is turned
into rows: the table, the undated list and the event picker show their first rows, say how many
there are and offer more; of the tabs below the chart only the open one is built (a click on a
tab reruns the page); exports build their rows when downloaded. Mentions are read per event
from the store's mentions.parquet; the documents table is read without its text.
``DASHBOARD_TIMING=1`` logs the seconds each run takes to reach its steps (stderr).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import streamlit as st

from dashboard import chart, data, detail, figures, images, lod, state, uploads, warm, wire
from dashboard.detail import md
from events.merging import salience
from events.output import export, filters, tables
from events.output import store as store_mod

BRIEF_REFRESH_SECONDS = 20
MAX_PICK = 100  # events offered in the event picker (the table's first rows; a click picks any other)
MAX_TABLE = 100  # rows in the table and in the undated list at first (the count says so; "more" adds MORE_ROWS)
MORE_ROWS = 2000
TABS = ("Table", "Undated", "Export", "Add articles")
TIMING = os.environ.get("DASHBOARD_TIMING") == "1"
BRIEF_CSS = """<style>
html { font-size: clamp(16px, 1.2vw, 24px); }
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"], footer { display: none; }
.block-container { padding: 0.8rem 1.6rem 0.4rem 1.6rem; max-width: 100%; }
.block-container h1 { font-size: 1.9rem; padding: 0 0 0.2rem 0; line-height: 1.2; }
.block-container h3 { font-size: 1.35rem; padding: 0.2rem 0; }
</style>"""  # constant: never holds article text
# the analyst page starts under Streamlit's header with less of its default 6rem gap, so at 1366x768 the
# chart's axis and first lanes are above the fold; the range slider greys the dates outside the view
# lightly (plotly's own grey turns the whole strip dark when the view is a small part of the range)
ANALYST_CSS = """<style>
.block-container { padding-top: 3.2rem; padding-bottom: 2rem; }
.block-container h1 { font-size: 2rem; padding: 0 0 0.3rem 0; line-height: 1.2; }
.rangeslider-mask-min, .rangeslider-mask-max { fill: rgba(0, 0, 0, 0.12) !important; }
</style>"""  # constant: never holds article text
BRIEF_LIST = 5  # events in the wall screen's list
KEY_DATE_CANDIDATES = 200  # key dates looked at for the list (the first with a shown event on them are listed)


@st.cache_resource(max_entries=2, show_spinner="Reading the event store…")
def load_events(path: str, version: str) -> lod.Prepared:
    """The events, once per store version (a rebuild changes the version). Never mutated. Read
    ahead when the server started (``warm``)."""
    return warm.events(path, version)


@st.cache_resource(max_entries=2, show_spinner="Reading the events' text…")
def load_text(path: str, version: str) -> lod.Prepared:
    """The events with their long text columns (for a text search), once per store version. Read
    ahead when the server started (``warm``)."""
    return warm.text(path, version)


@st.cache_resource(max_entries=2, show_spinner=False)
def store_choices(path: str, version: str) -> tuple[dict, tuple]:
    """The filters' choices (``lod.options``) and the dates' bounds of the whole store. Never mutated."""
    p = load_events(path, version)
    return lod.options(p), lod.date_bounds(p)


@st.cache_resource(max_entries=2, show_spinner=False)
def load_small(path: str, version: str) -> tuple[dict, pd.DataFrame]:
    """The store's meta and its documents table without the documents' text (detail reads the files)."""
    real = Path(version or path)
    try:
        meta = json.loads((real / store_mod.META).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise store_mod.StoreError(f"{path}: {store_mod.META} cannot be read ({exc}); rebuild the store") from None
    docs_path = real / "documents.parquet"
    try:
        columns = [c for c in pq.read_schema(store_mod.table_files(docs_path)[0]).names if c != "text"]  # file or parts
        documents = pd.read_parquet(docs_path, columns=columns)
    except Exception as exc:  # pyarrow's errors for a missing or damaged file are many; all mean the same here
        raise store_mod.StoreError(f"{path}: documents.parquet cannot be read ({exc}); rebuild the store") from None
    return meta, documents


def image_server() -> bool:
    """Whether images can be rendered here (a Chromium exists). Kaleido's Chromium is started on the first
    export, not on page load: starting it costs a core for a second or two while the first chart draws."""
    return images.chrome_path() is not None


@st.cache_resource(show_spinner=False)
def started_image_server() -> bool:
    """Kaleido's Chromium, started once per process and kept warm. False without Chromium."""
    return images.start()


def render_image(fig, fmt: str, **kw) -> bytes:
    started_image_server()
    return images.render(fig, fmt, **kw)


@st.cache_data(show_spinner=False, max_entries=4)
def key_dates(path: str, version: str) -> list:
    """The collection's key dates (events.merging.salience.key_dates) from its documents' date references."""
    documents = load_small(path, version)[1]
    return salience.key_dates(*tables.date_refs(documents))


def read_source(meta: dict, version: str, input_dir, rel_path: str) -> str | None:
    """A document of the store, from its input folder or (``.inbox/...``) the inbox it was read from."""
    from events.pipeline import source_file

    folder, rel = source_file(meta, rel_path)
    return read_document(str(folder), rel, version) if folder else None


@st.cache_data(max_entries=128, show_spinner=False)
def read_document(input_dir: str, rel_path: str, version: str) -> str | None:
    return detail.document_text(Path(input_dir), rel_path)


def mark(step: str, t0: list[float] = [0.0]) -> None:
    """With DASHBOARD_TIMING=1: seconds since the run began (``mark("run")`` starts it), to stderr."""
    if step == "run":
        t0[0] = time.perf_counter()
    if TIMING:
        print(f"[timing] {step}: {time.perf_counter() - t0[0]:.3f} s", file=sys.stderr, flush=True)


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
        early.plotly_chart(figures.placeholder(), theme=None, config={"staticPlot": True, "displayModeBar": False})
    try:
        p = load_events(path, version)
        meta, documents = load_small(path, version)
    except store_mod.StoreError as exc:
        st.error(md(str(exc)))
        st.stop()
    except Exception as exc:  # a damaged events.parquet: say so, keep the app up
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
    keep = lod.mask(p, f)  # the rows filters.apply keeps
    st.query_params.from_dict(
        state.to_query(f, state.View(view.lane_by, view.color_by, view.mode, st.session_state.get("event") or ""))
    )
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


class Shown:
    """The store and what passes the filters (``keep``), with the counts and the rows pages need."""

    def __init__(self, p: lod.Prepared, keep: np.ndarray, path: str, version: str, meta: dict, documents: pd.DataFrame):
        self.p, self.keep, self.path, self.version, self.meta, self.documents = p, keep, path, version, meta, documents
        n, u = int(keep.sum()), int((keep & (p.start == lod.NO_DAY)).sum())
        self.counts = {"total": len(p), "shown": n, "dated": n - u, "undated": u}

    def rows(self, idx: np.ndarray) -> pd.DataFrame:
        return lod.rows(self.p, lod.as_mask(len(self.p), idx))

    def figure(self, f, lane_by: str, color_by: str, color_order, look=figures.ANALYST):
        """The timeline (each event) or the density (counts per bin), by how many marks are in view."""
        return chart.figure(self.p, self.keep, f, lane_by, color_by, color_order, look)

    def source_note(self) -> str:
        return data.source_line(len(self.documents), lod.options(self.p, self.keep)["outlets"])


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
            s.update(label="Building the store failed", state="error")
            st.error(
                md(f"{type(exc).__name__}: {exc}.") + " Build it by hand with "
                f"`python -m events build {args.input_dir} --out {args.store}` to see the details."
            )
            return False
        s.update(label="Store built", state="complete")
    return True


def progress_bar():
    bar = st.progress(0.0, text="Starting…")
    return lambda done, total, what: bar.progress(
        done / total if total else 1.0, text=f"{what or 'working'}: {done} of {total}"
    )


# ---- sidebar --------------------------------------------------------------------------------


def date_range(bounds: tuple) -> tuple[dt.date, dt.date]:
    """What the date pickers offer: the store's dates and at least 1900–2100."""
    lo = min(bounds[0] or dt.date(1900, 1, 1), dt.date(1900, 1, 1))
    hi = max(bounds[1] or dt.date(2100, 1, 1), dt.date(2100, 1, 1))
    return max(lo, dt.date(1000, 1, 1)), min(hi, dt.date(2999, 12, 31))


def fit_widget_state(bounds: tuple) -> None:
    """Widget values the widgets can show (before the filters are read from them)."""
    lo, hi = date_range(bounds)
    for key in ("f_from", "f_to"):  # a shared link may hold a date the picker cannot show
        value = st.session_state.get(key)
        if isinstance(value, dt.date) and not lo <= value <= hi:
            st.session_state[key] = min(max(value, lo), hi)
    if st.session_state.get("f_min_sources", 1) < 1:
        st.session_state["f_min_sources"] = 1


def sidebar(opts: dict, bounds: tuple, counts: dict) -> None:
    """The filter widgets. Drawn after the chart: their values were read from the widget state (each
    widget's key) before, so the chart's message goes to the browser first."""
    lo, hi = date_range(bounds)
    with st.sidebar:
        st.header("Filters")
        st.text_input("Search titles, actors, places", key="f_q", placeholder="e.g. Kazan")
        c1, c2 = st.columns(2)
        c1.date_input("From", key="f_from", min_value=lo, max_value=hi, format="YYYY-MM-DD")
        c2.date_input("To", key="f_to", min_value=lo, max_value=hi, format="YYYY-MM-DD")
        for key, label, name in (
            ("f_actors", "Actors", "actors"),
            ("f_categories", "Categories", "categories"),
            ("f_statuses", "Status", "statuses"),
            ("f_outlets", "Outlets", "outlets"),
            ("f_precisions", "Date precision", "precisions"),
        ):
            chosen = st.session_state.get(key) or []
            st.multiselect(label, list(dict.fromkeys(opts[name] + list(chosen))), key=key)
        st.number_input("Minimum number of sources", min_value=1, step=1, key="f_min_sources")
        st.checkbox("Include undated events", key="f_undated")
        st.button("Reset filters", on_click=reset, width="stretch", key="reset")
        st.divider()
        st.selectbox("Swimlanes by", list(figures.LANE_FIELDS), format_func=figures.LANE_FIELDS.get, key="v_lane")
        st.selectbox("Colour by", list(figures.COLOR_FIELDS), format_func=figures.COLOR_FIELDS.get, key="v_color")
        st.caption(md(data.counts_line(counts)))


def reset() -> None:
    view = state.view_from_widgets(st.session_state, state.View())
    st.session_state.update(state.widget_state(filters.Filters(), view))
    st.session_state["problems"] = []


# ---- analyst page ---------------------------------------------------------------------------


def color_order(opts: dict, color_by: str) -> list[str] | None:
    return {"category": opts["categories"], "actors": opts["actors"], "outlets": opts["outlets"]}.get(color_by)


def analyst_page(view: Shown, f, lanes, opts, as_of, bounds) -> None:
    st.markdown(ANALYST_CSS, unsafe_allow_html=True)
    c = view.counts
    st.title("Event timeline")
    st.caption(md(f"{data.counts_line(c)} · filters: {f.describe()} · as of {as_of}"))
    if st.session_state.get("flash"):
        st.success(md(st.session_state.pop("flash")))
    for problem in st.session_state.pop("flash_errors", []):  # every file of the last batch that was not added
        st.error(md(problem))
    if f.date_from is not None or f.date_to is not None:
        st.button("Show all dates", key="all_dates", on_click=all_dates, help="Zoom out: clear the From and To dates")
    name = export.safe_filename(f"events-{as_of}-{f.describe()}" if not f.is_default() else f"events-{as_of}")
    fig = view.figure(f, lanes.lane_by, lanes.color_by, color_order(opts, lanes.color_by))
    mark("figure")
    fig.update_layout(clickmode="event+select")  # what Streamlit sets for point selection: set here, it does
    # not change the figure after its first draw (a second full draw of up to 2,000 marks); wire.figure: nor
    # does the copy Streamlit hands plotly.js right after it
    st.plotly_chart(
        wire.figure(fig),
        key="timeline",
        on_select=pick_from_chart,
        selection_mode=("points", "box"),
        theme=None,
        config=figures.toolbar_config(name),
    )
    st.caption(md(chart_note(wire.meta(fig.layout.meta))))
    mark("chart sent")
    sidebar(opts, bounds, c)
    n_rows = st.session_state.get("table_rows", MAX_TABLE)
    table = data.table(view.rows(lod.first_in_time(view.p, view.keep, n_rows)))
    event_panel(view, table)
    # Only the open tab is built and sent (a click on a tab reruns the page): less to build and to draw on
    # every run. The labels stay the same whatever the filters (the open tab is remembered by its label).
    t_table, t_undated, t_export, t_add = st.tabs(TABS, key="tab", on_change="rerun")
    if t_table.open:
        with t_table:
            if c["shown"] > len(table):
                st.caption(
                    f"The first {len(table):,} of {c['shown']:,} events in time order. Show more, narrow "
                    "the filters to see others, or export them all."
                )
            events_table(table, "table")
            more_button("table_rows", len(table), c["shown"])
    if t_undated.open:
        with t_undated:
            undated_list(view, c)
    if t_export.open:
        with t_export:
            slide = functools.partial(
                view.figure, f, lanes.lane_by, lanes.color_by, color_order(opts, lanes.color_by), figures.SLIDE_LOOK
            )
            export_panel(view, f, slide, name, as_of)
    if t_add.open:
        with t_add:
            add_panel(view.meta, view.path)


def undated_list(view: Shown, c: dict) -> None:
    n_und = st.session_state.get("undated_rows", MAX_TABLE)
    rows = data.undated(view.rows(lod.undated_first(view.p, view.keep, n_und)))
    if rows.empty:
        st.write("No undated events among those shown.")
        return
    if c["undated"] > len(rows):
        st.caption(
            f"The {len(rows):,} most corroborated of {c['undated']:,} undated events. Show more, "
            "narrow the filters, or export them all."
        )
    else:
        st.caption(f"{c['undated']:,} undated event{'' if c['undated'] == 1 else 's'}, most corroborated first.")
    tbl = data.table(rows)
    known = detail.known_dates(rows, lod.mentions_for(view.path, rows["event_id"].tolist()), view.documents)
    tbl["date"] = tbl["event_id"].map(dict(zip(rows["event_id"].astype(str), known)))
    events_table(tbl, "undated_table")
    more_button("undated_rows", len(rows), c["undated"])


def more_button(key: str, shown: int, total: int) -> None:
    """ "Show N more" under a list that holds only its first ``shown`` of ``total`` rows."""
    if total > shown:
        more = min(MORE_ROWS, total - shown)
        st.button(
            f"Show {more:,} more (of {total - shown:,} not listed)",
            key=f"{key}_more",
            on_click=lambda: st.session_state.update({key: shown + more}),
        )


def chart_note(meta: dict) -> str:
    """What the chart leaves out or counts instead of drawing, in one line."""
    n_und, drawn = int(meta.get("n_undated") or 0), int(meta.get("n_undated_drawn") or 0)
    parts = []
    if meta.get("level") == "density":
        parts.append(
            f"{meta.get('n_events', 0):,} events in view, counted per {meta.get('unit')} (too many to draw one by one)."
        )
    if n_und:
        if drawn and meta.get("level") == "density":
            parts.append(
                f"{n_und:,} undated event(s) are counted in the strip at the right, not at any date "
                "(no date in their text): see the Undated tab."
            )
        elif drawn:
            some = f"the {drawn:,} most corroborated of " if drawn < n_und else ""
            parts.append(
                f"Undated events (no date in their text) are drawn in the strip at the right, in their "
                f"lanes, not at any date: {some}{n_und:,}. See the Undated tab."
            )
        else:
            parts.append(f"{n_und:,} undated event(s) are not on the timeline: see the Undated tab.")
    return " ".join(parts)


def all_dates() -> None:
    st.session_state["f_from"] = st.session_state["f_to"] = None


def pick_from_chart() -> None:
    """A click picks an event; a box drawn with the box-select tool zooms to its dates (the page is drawn
    again for them, so the labels are chosen and placed for that range)."""
    selection = (st.session_state.get("timeline") or {}).get("selection", {})
    span = data.box_days(selection.get("box") or [])
    if span is not None:
        st.session_state["f_from"], st.session_state["f_to"] = span
        st.session_state["flash"] = (
            f'Zoomed to {span[0]} – {span[1]}, labels placed for it; "Show all dates" zooms out.'
        )
        return
    points = selection.get("points", [])
    ids = [p.get("customdata") for p in points if p.get("customdata")]
    if ids:
        st.session_state["event"] = ids[0][0] if isinstance(ids[0], list) else ids[0]


def pick_from_table(key: str) -> None:
    rows = (st.session_state.get(key) or {}).get("selection", {}).get("rows", [])
    ids = st.session_state.get(f"{key}_ids", [])
    if rows and rows[0] < len(ids):
        st.session_state["event"] = ids[rows[0]]


def events_table(tbl, key: str) -> None:
    cc = st.column_config
    st.session_state[f"{key}_ids"] = tbl["event_id"].tolist()
    st.dataframe(
        tbl,
        key=key,
        hide_index=True,
        on_select=functools.partial(pick_from_table, key),
        selection_mode="single-row",
        column_order=[
            "date",
            "title",
            "category",
            "status",
            "sources",
            "actors",
            "outlets",
            "location",
            "span",
            "start",
            "end",
            "event_id",
        ],
        column_config={
            "date": cc.TextColumn("Date (as known)", width="medium"),
            "title": cc.TextColumn("Title", width="large"),
            "sources": cc.NumberColumn("Sources", format="%d", help="distinct documents that report it"),
            "actors": cc.ListColumn("Actors"),
            "outlets": cc.ListColumn("Outlets"),
            "span": cc.CheckboxColumn("Span", help="the event lasted over its dates"),
            "start": cc.DateColumn("Start", format="YYYY-MM-DD"),
            "end": cc.DateColumn("End", format="YYYY-MM-DD"),
            "event_id": cc.TextColumn("ID"),
            "category": cc.TextColumn("Category"),
            "status": cc.TextColumn("Status"),
            "location": cc.TextColumn("Location"),
        },
    )


def event_panel(view: Shown, table: pd.DataFrame) -> None:
    labels = dict(zip(table["event_id"].astype(str), table["title"].astype(str)))
    choices = table["event_id"].tolist()[:MAX_PICK]
    current = st.session_state.get("event")
    row = lod.find(view.p, current) if current else None
    if current and row is None:
        st.session_state["event"] = None
    elif current and current not in labels:
        labels[current] = str(view.p.table.column("title")[row].as_py())
        choices = [current] + choices
    st.selectbox(
        "Event detail",
        [None] + choices,
        key="event",
        placeholder="Click a point, pick a row or choose…",
        format_func=lambda i: "—" if i is None else detail.plain(labels.get(i, i), 120),
        help=f"Offers the table's first {MAX_PICK:,} events; click a point or a table row for any other."
        if len(table) > MAX_PICK
        else None,
    )
    event_id = st.session_state.get("event")
    if not event_id:
        return
    input_dir = view.meta.get("input_dir") or ""
    row = lod.find(view.p, event_id)
    if row is None:
        return
    version = view.version
    try:
        mentions = lod.mentions_for(view.path, [event_id])
    except store_mod.StoreError as exc:  # a damaged mentions.parquet: say so, keep the page up
        st.error(md(str(exc)))
        return
    view = detail.event_view(
        view.rows(np.array([row])),
        mentions,
        view.documents,
        event_id,
        Path(input_dir) if input_dir else None,
        read_text=functools.partial(read_source, view.meta, version),
    )
    if view is None:
        return
    with st.container(border=True):
        st.markdown(f"### {md(view.title)}")
        st.markdown(
            md(
                f"{view.date} · precision: {view.precision} · basis: {view.basis} · status: {view.status}"
                f" · category: {view.category}" + (" · lasted over the period" if view.is_span else "")
            )
        )
        if view.date_conflict:
            st.caption("Its mentions disagree on the date; each mention's own date is shown below.")
        st.caption(
            md(
                f"Actors: {', '.join(view.actors) or '—'} · place: {view.location or '—'} · "
                f"sources: {', '.join(view.sources) or '—'}"
            )
        )
        articles = detail.by_article(view.mentions)
        st.caption(
            f"{len(view.mentions)} mention{'' if len(view.mentions) == 1 else 's'} in "
            f"{len(articles)} article{'' if len(articles) == 1 else 's'}:"
        )
        for k, art in enumerate(articles):
            n = len(art.mentions)
            with st.expander(
                md(f"{detail.plain(art.header, 160)} ({n} mention{'' if n == 1 else 's'})"), expanded=k == 0
            ):
                for m in art.mentions:
                    st.markdown(
                        md(f"date: {m.date} · basis: {m.basis}" + (f' · from "{m.date_text}"' if m.date_text else ""))
                    )
                    if m.found:
                        st.markdown(detail.highlight(m.before, m.found, m.after))
                    else:
                        st.markdown(f"> {md(m.quote)}")
                        st.caption(md(f"Shown without its document: {m.problem}."))


# ---- export and adding articles ------------------------------------------------------------


def export_rows(path: str, version: str, keep: np.ndarray, fmt: str, **kw) -> bytes | str:
    """The export of every kept row with every column (the text ones read once per store version,
    ``load_text``), built when the download is asked for."""
    return export.render(lod.rows(load_text(path, version), keep), fmt, **kw)


def slide_image(view: Shown, f, build, title: str, as_of: str, fmt: str, **kw) -> bytes:
    """The chart drawn for a slide (``build()``: its labels placed for 1920×1080), dressed and
    rendered when the download is asked for (not on every rerun)."""
    slide = figures.for_export(
        build(),
        title=title,
        subtitle=f"{f.describe()} · {data.counts_line(view.counts)}",
        as_of=as_of,
        source_note=view.source_note(),
    )
    return render_image(slide, fmt, **kw)


def export_panel(view: Shown, f, build, name, as_of) -> None:
    title = st.text_input("Title on the image", value="Event timeline", max_chars=120, key="x_title")
    c = view.counts
    image = functools.partial(slide_image, view, f, build, title, as_of)
    st.write("Slide-size images (1920×1080 at scale 2), with the title, the filters, the date and a source note:")
    cols = st.columns(5)
    if image_server():
        for col, fmt, mime in ((cols[0], "png", "image/png"), (cols[1], "svg", "image/svg+xml")):
            col.download_button(
                f"{fmt.upper()} image",
                data=functools.partial(image, fmt),
                file_name=f"{name}.{fmt}",
                mime=mime,
                on_click="ignore",
                key=f"dl_{fmt}",
            )
    else:
        st.warning(images.HOW_TO_GET_CHROME)
    meta = {"filters": f.describe(), "query": filters.to_query(f), "as_of": as_of, "events": c["shown"]}
    for col, fmt, ext, mime in (
        (cols[2], "csv", "csv", "text/csv"),
        (cols[3], "json", "json", "application/json"),
        (cols[4], "timelinejs", "timeline.json", "application/json"),
    ):
        col.download_button(
            f"{fmt.upper() if fmt != 'timelinejs' else 'TimelineJS'}",
            data=functools.partial(
                export_rows, view.path, view.version, view.keep, fmt, meta=meta, title=title, subtitle=f.describe()
            ),
            file_name=f"{name}.{ext}",
            mime=mime,
            on_click="ignore",
            key=f"dl_{fmt}",
        )
    if image_server() and st.button("Preview the PNG"):
        try:
            st.image(image("png", scale=1), caption="PNG preview (scale 1)")
        except images.ExportUnavailable as exc:
            st.error(str(exc))


def add_panel(meta: dict, path) -> None:
    input_dir = Path(meta.get("input_dir") or "")
    if not meta.get("input_dir") or not input_dir.is_dir():
        st.info("This store does not name an input folder that exists here, so articles cannot be added to it.")
        return
    last_changes(meta)
    st.write(
        "New articles are saved in your own data folder (not among the store's articles; set "
        "EVENTS_DATA_DIR to choose it), and the store is rebuilt from both."
    )
    with st.form("add_articles", clear_on_submit=True):
        files = st.file_uploader(
            f"Article files ({', '.join(uploads.ALLOWED_SUFFIXES)}; up to {uploads.MAX_UPLOAD_MB} MB each)",
            type=[s[1:] for s in uploads.ALLOWED_SUFFIXES],
            accept_multiple_files=True,
            max_upload_size=uploads.MAX_UPLOAD_MB,
        )
        text = st.text_area("…or paste an article's text", height=160, key="add_text")
        c1, c2, c3 = st.columns(3)
        title = c1.text_input("Title", key="add_title")
        outlet = c2.text_input("Outlet", key="add_outlet")
        published = c3.date_input("Publication date (optional)", value=None, format="YYYY-MM-DD", key="add_date")
        submitted = st.form_submit_button("Add and rebuild")
    if not submitted:
        return
    inbox = uploads.inbox_dir()
    saved, errors = [], []
    for up in files or []:
        try:
            saved.append(uploads.save_upload(inbox, up.name, up.getvalue()).name)
        except uploads.UploadError as exc:
            errors.append(str(exc))
        except OSError as exc:  # the data folder cannot be written: say so without its path
            errors.append(f"{up.name}: cannot be saved ({exc.strerror or type(exc).__name__})")
    if text and text.strip():
        try:
            saved.append(uploads.save_pasted(inbox, text, title=title, outlet=outlet, published=published).name)
        except uploads.UploadError as exc:
            errors.append(str(exc))
        except OSError as exc:
            errors.append(f"the pasted text cannot be saved ({exc.strerror or type(exc).__name__})")
    for e in errors:
        st.error(md(e))
    if not saved:
        st.info("Nothing was added.")
        return
    with st.status(md(f"Saved {', '.join(saved)}; rebuilding the store…"), expanded=True) as s:
        try:
            result = uploads.rebuild(
                input_dir, Path(path), progress_bar(), built_at=dt.datetime.now(dt.timezone.utc), inbox=inbox
            )
        except Exception as exc:  # the old store stays whole; say what failed
            s.update(label="The rebuild failed; the store is unchanged", state="error")
            st.error(md(f"{type(exc).__name__}: {exc}"))
            return
        s.update(label="Store rebuilt", state="complete")
    added, problems = uploads.batch_lines(saved, errors, result)
    summary = result.summary() + (f"; {result.changes.summary()}" if result.changes else "")
    st.session_state["flash"] = " ".join([*added, summary])
    st.session_state["flash_errors"] = problems
    st.rerun()


def last_changes(meta: dict) -> None:
    """What the last rebuild changed (kept in the store's meta), as a line and a table."""
    from events.merging import changes as changes_mod

    found = changes_mod.from_meta(meta)
    if found is None or found.first:
        return
    st.markdown("**Last rebuild**, " + md(f"{found.summary()}."))
    rows = [
        {
            "change": changes_mod.LABELS[c.kind],
            "event": c.event_id,
            "title": c.title,
            "before": c.before,
            "after": c.after,
        }
        for k in changes_mod.KINDS
        for c in getattr(found, k)
    ]
    if rows:
        st.dataframe(
            pd.DataFrame(rows),
            hide_index=True,
            key="changes_table",
            column_config={"title": st.column_config.TextColumn("Title", width="large")},
        )
        shown, total = len(rows), sum(found.counts().values())
        if total > shown:
            st.caption(f"The first {shown:,} of {total:,} changes; the build log lists them all.")


# ---- briefing mode --------------------------------------------------------------------------


def brief_page(view: Shown, f, lanes, opts, as_of) -> None:
    st.markdown(BRIEF_CSS, unsafe_allow_html=True)
    c = view.counts
    latest = view.rows(lod.latest(view.p, view.keep)) if c["dated"] else view.rows(np.array([], np.int64))
    st.markdown(f"# {md(data.headline(latest, count=c['shown']))}")
    st.caption(md(f"{data.counts_line(c)} · {f.describe()} · as of {as_of}"))
    fig = chart.figure(
        view.p,
        view.keep,
        f,
        lanes.lane_by,
        lanes.color_by,
        color_order(opts, lanes.color_by),
        look=figures.BRIEF,
        undated=False,
    )
    left, right = st.columns([7, 3], gap="medium")
    left.plotly_chart(
        wire.figure(fig), key="brief_timeline", theme=None, config={"displayModeBar": False, "responsive": True}
    )
    with right:
        key = key_dates(view.path, view.version)[:KEY_DATE_CANDIDATES]
        days = data.key_date_list(key, view.rows(lod.on_days(view.p, view.keep, [d for d, _ in key])), BRIEF_LIST)
        if len(days):
            st.markdown("### Key dates")
            for _, k in days.iterrows():
                when = figures.date_label(k["day"].isoformat(), k["day"].isoformat(), "day")
                st.markdown(f"**{md(when)}** · {md(detail.plain(k['title'], 90))}")
        else:  # a store built before date references were kept, or no shown event on a key date
            most_corroborated(view)
    st.caption(md(view.source_note()))
    watch_store(view.path, view.version)


def most_corroborated(view: Shown) -> None:
    st.markdown("### Most corroborated")
    for _, e in data.top_corroborated(view.rows(lod.most_sources(view.p, view.keep)), BRIEF_LIST).iterrows():
        when = figures.date_label(str(e["date_start"]), str(e["date_end"]), str(e["precision"]))
        n = e["source_count"]
        st.markdown(f"**{md(detail.plain(e['title'], 90))}**  \n{md(when)} · {md(n)} source{'' if n == 1 else 's'}")


@st.fragment(run_every=BRIEF_REFRESH_SECONDS)
def watch_store(path: str, version: str) -> None:
    """Pick up a rebuilt store without a restart: rerun the page when the store's version changes."""
    if store_mod.version_of(Path(path)) != version:
        st.rerun(scope="app")


if __name__ == "__main__":  # as Streamlit runs it; importing the module (a worker process) runs nothing
    main()
