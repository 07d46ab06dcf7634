"""The event-timeline dashboard: Streamlit widgets wired to the plain functions beside this file.

    streamlit run dashboard/app.py -- --store STORE_DIR

Without ``--store`` it shows ROOT/store, building it from seeds/ first if needed. ``?mode=brief``
is the wall-screen view. Everything from articles is shown as text (``detail.md`` escapes it).
"""

from __future__ import annotations

import datetime as dt
import functools
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from dashboard import data, detail, figures, images, state, uploads  # noqa: E402
from dashboard.detail import md  # noqa: E402
from events import export, filters, store as store_mod  # noqa: E402

BRIEF_REFRESH_SECONDS = 20
MAX_PICK = 2000  # events offered in the event picker
BRIEF_CSS = """<style>
html { font-size: 22px; }
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"], footer { display: none; }
.block-container { padding-top: 1.2rem; max-width: 100%; }
</style>"""  # constant: never holds article text


@st.cache_resource(max_entries=3, show_spinner="Reading the event store…")
def load_store(path: str, version: str) -> store_mod.Store:
    """One read per store version (a rebuild changes the version). Callers never mutate the frames."""
    return data.load(path)


@st.cache_resource(show_spinner=False)
def image_server() -> bool:
    """Kaleido's Chromium, started once per process and kept warm. False without Chromium."""
    return images.start()


@st.cache_data(max_entries=128, show_spinner=False)
def read_document(input_dir: str, rel_path: str, version: str) -> str | None:
    return detail.document_text(Path(input_dir), rel_path)


def main() -> None:
    view0, view_problems = state.view_from_query(st.query_params)
    brief = view0.mode == "brief"
    st.set_page_config(page_title="Event timeline", layout="wide",
                       initial_sidebar_state="collapsed" if brief else "expanded")
    args = state.parse_args(sys.argv[1:])
    if not ensure_store(args):
        st.stop()
    path, version = str(args.store), store_mod.version_of(args.store)
    try:
        store = load_store(path, version)
    except store_mod.StoreError as exc:
        st.error(str(exc))
        st.stop()
    if "ready" not in st.session_state:
        f0, problems = filters.from_query(st.query_params)
        st.session_state.update(state.widget_state(f0, view0))
        st.session_state["event"] = view0.event or None
        st.session_state["problems"] = problems + view_problems
        st.session_state["ready"] = True
    opts = data.options(store.events)
    if not brief:
        sidebar(opts, data.date_bounds(store.events))
    f, problems = state.filters_from_widgets(st.session_state)
    view = state.view_from_widgets(st.session_state, view0)
    shown = filters.apply(store.events, f)
    st.query_params.from_dict(state.to_query(f, state.View(view.lane_by, view.color_by, view.mode,
                                                           st.session_state.get("event") or "")))
    for problem in st.session_state.get("problems", []) + problems:
        st.warning(problem)
    ctx = dict(store=store, path=path, version=version, f=f, view=view, shown=shown, opts=opts,
               as_of=data.as_of(store.meta, store.documents, dt.date.today()))
    if brief:
        brief_page(**ctx)
    else:
        analyst_page(**ctx)


def ensure_store(args: state.Args) -> bool:
    if (args.store / store_mod.META).exists():
        return True
    if args.input_dir is None:
        st.error(f"No event store at {args.store}. Build one with "
                 f"`python -m events build INPUT_DIR --out {args.store}`, or start without --store.")
        return False
    with st.status(f"First start: building the event store from {args.input_dir.name}/ …", expanded=True) as s:
        try:
            uploads.rebuild(args.input_dir, args.store, progress_bar(),
                            built_at=dt.datetime.now(dt.timezone.utc))
        except Exception as exc:  # any build failure: say so, keep the app up
            s.update(label="Building the store failed", state="error")
            st.error(f"{type(exc).__name__}: {exc}. Build it by hand with "
                     f"`python -m events build {args.input_dir} --out {args.store}` to see the details.")
            return False
        s.update(label="Store built", state="complete")
    return True


def progress_bar():
    bar = st.progress(0.0, text="Starting…")
    return lambda done, total, what: bar.progress(done / total if total else 1.0,
                                                  text=f"{what or 'working'}: {done} of {total}")


# ---- sidebar --------------------------------------------------------------------------------

def sidebar(opts: dict, bounds: tuple) -> None:
    lo = min(bounds[0] or dt.date(1900, 1, 1), dt.date(1900, 1, 1))
    hi = max(bounds[1] or dt.date(2100, 1, 1), dt.date(2100, 1, 1))
    lo, hi = max(lo, dt.date(1000, 1, 1)), min(hi, dt.date(2999, 12, 31))
    for key in ("f_from", "f_to"):  # a shared link may hold a date the picker cannot show
        value = st.session_state.get(key)
        if isinstance(value, dt.date) and not lo <= value <= hi:
            st.session_state[key] = min(max(value, lo), hi)
    if st.session_state.get("f_min_sources", 1) < 1:
        st.session_state["f_min_sources"] = 1
    with st.sidebar:
        st.header("Filters")
        st.text_input("Search titles, actors, places", key="f_q", placeholder="e.g. Kazan")
        c1, c2 = st.columns(2)
        c1.date_input("From", key="f_from", min_value=lo, max_value=hi, format="YYYY-MM-DD")
        c2.date_input("To", key="f_to", min_value=lo, max_value=hi, format="YYYY-MM-DD")
        for key, label, name in (("f_actors", "Actors", "actors"), ("f_categories", "Categories", "categories"),
                                 ("f_statuses", "Status", "statuses"), ("f_outlets", "Outlets", "outlets"),
                                 ("f_precisions", "Date precision", "precisions")):
            chosen = st.session_state.get(key) or []
            st.multiselect(label, list(dict.fromkeys(opts[name] + list(chosen))), key=key)
        st.number_input("Minimum number of sources", min_value=1, step=1, key="f_min_sources")
        st.checkbox("Include undated events", key="f_undated")
        st.button("Reset filters", on_click=reset, width="stretch", key="reset")
        st.divider()
        st.selectbox("Swimlanes by", list(figures.LANE_FIELDS), format_func=figures.LANE_FIELDS.get, key="v_lane")
        st.selectbox("Colour by", list(figures.COLOR_FIELDS), format_func=figures.COLOR_FIELDS.get, key="v_color")


def reset() -> None:
    view = state.view_from_widgets(st.session_state, state.View())
    st.session_state.update(state.widget_state(filters.Filters(), view))
    st.session_state["problems"] = []


# ---- analyst page ---------------------------------------------------------------------------

def color_order(opts: dict, color_by: str) -> list[str] | None:
    return {"category": opts["categories"], "actors": opts["actors"], "outlets": opts["outlets"]}.get(color_by)


def analyst_page(store, path, version, f, view, shown, opts, as_of) -> None:
    c = data.counts(store.events, shown)
    st.title("Event timeline")
    st.caption(md(f"{data.counts_line(c)} · filters: {f.describe()} · as of {as_of}"))
    with st.sidebar:
        st.caption(md(data.counts_line(c)))
    if st.session_state.get("flash"):
        st.success(md(st.session_state.pop("flash")))
    name = export.safe_filename(f"events-{as_of}-{f.describe()}" if not f.is_default() else f"events-{as_of}")
    fig = figures.timeline(shown, lane_by=view.lane_by, color_by=view.color_by,
                           color_order=color_order(opts, view.color_by))
    st.plotly_chart(fig, key="timeline", on_select=pick_from_chart, selection_mode="points", theme=None,
                    config=figures.toolbar_config(name))
    if fig.layout.meta.get("n_undated"):
        st.caption(f"{fig.layout.meta['n_undated']} undated event(s) are not on the timeline: see the Undated tab.")
    event_panel(store, shown, version)
    t_table, t_undated, t_export, t_add = st.tabs(["Table", f"Undated ({c['undated']})", "Export", "Add articles"])
    with t_table:
        events_table(data.table(shown), "table")
    with t_undated:
        rows = data.undated(shown)
        if rows.empty:
            st.write("No undated events among those shown.")
        else:
            events_table(data.table(rows), "undated_table")
    with t_export:
        export_panel(store, f, shown, fig, name, as_of)
    with t_add:
        add_panel(store, path)


def pick_from_chart() -> None:
    points = (st.session_state.get("timeline") or {}).get("selection", {}).get("points", [])
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
        tbl, key=key, hide_index=True, on_select=functools.partial(pick_from_table, key),
        selection_mode="single-row",
        column_order=["date", "title", "category", "status", "sources", "actors", "outlets", "location", "span",
                      "start", "end", "event_id"],
        column_config={
            "date": cc.TextColumn("Date (as known)", width="medium"),
            "title": cc.TextColumn("Title", width="large"),
            "sources": cc.NumberColumn("Sources", format="%d", help="distinct documents that report it"),
            "actors": cc.ListColumn("Actors"), "outlets": cc.ListColumn("Outlets"),
            "span": cc.CheckboxColumn("Span", help="the event lasted over its dates"),
            "start": cc.DateColumn("Start", format="YYYY-MM-DD"), "end": cc.DateColumn("End", format="YYYY-MM-DD"),
            "event_id": cc.TextColumn("ID"), "category": cc.TextColumn("Category"),
            "status": cc.TextColumn("Status"), "location": cc.TextColumn("Location"),
        },
    )


def event_panel(store, shown, version) -> None:
    labels = dict(zip(store.events["event_id"].astype(str), store.events["title"].astype(str)))
    choices = data.table(shown)["event_id"].tolist()[:MAX_PICK]
    current = st.session_state.get("event")
    if current and current not in choices and current in labels:
        choices = [current] + choices
    if current and current not in labels:
        st.session_state["event"] = None
    st.selectbox("Event detail", [None] + choices, key="event", placeholder="Click a point, pick a row or choose…",
                 format_func=lambda i: "—" if i is None else detail.plain(labels.get(i, i), 120))
    event_id = st.session_state.get("event")
    if not event_id:
        return
    input_dir = store.meta.get("input_dir") or ""
    view = detail.event_view(store.events, store.mentions, store.documents, event_id, Path(input_dir) if input_dir
                             else None, read_text=lambda d, rel: read_document(str(d), rel, version))
    if view is None:
        return
    with st.container(border=True):
        st.markdown(f"### {md(view.title)}")
        st.markdown(md(f"{view.date} · precision: {view.precision} · basis: {view.basis} · status: {view.status}"
                       f" · category: {view.category}" + (" · lasted over the period" if view.is_span else "")))
        if view.date_conflict:
            st.caption("Its mentions disagree on the date; each mention's own date is shown below.")
        st.caption(md(f"Actors: {', '.join(view.actors) or '—'} · place: {view.location or '—'} · "
                      f"sources: {', '.join(view.sources) or '—'}"))
        for m in view.mentions:
            head = " · ".join(x for x in (m.outlet or m.doc_id, m.doc_title, m.published and f"published {m.published}")
                              if x)
            st.markdown(f"**{md(head)}**  \n" + md(f"date: {m.date} · basis: {m.basis}"
                                                  + (f' · from "{m.date_text}"' if m.date_text else "")))
            if m.found:
                st.markdown(detail.highlight(m.before, m.found, m.after))
            else:
                st.markdown(f"> {md(m.quote)}")
                st.caption(md(f"Shown without its document: {m.problem}."))


# ---- export and adding articles ------------------------------------------------------------

def export_panel(store, f, shown, fig, name, as_of) -> None:
    title = st.text_input("Title on the image", value="Event timeline", max_chars=120, key="x_title")
    c = data.counts(store.events, shown)
    export_fig = figures.for_export(fig, title=title, subtitle=f"{f.describe()} · {data.counts_line(c)}",
                                    as_of=as_of, source_note=data.source_note(store.documents, shown))
    st.write("Slide-size images (1920×1080 at scale 2), with the title, the filters, the date and a source note:")
    cols = st.columns(5)
    if image_server():
        for col, fmt, mime in ((cols[0], "png", "image/png"), (cols[1], "svg", "image/svg+xml")):
            col.download_button(f"{fmt.upper()} image", data=functools.partial(images.render, export_fig, fmt),
                                file_name=f"{name}.{fmt}", mime=mime, on_click="ignore", key=f"dl_{fmt}")
    else:
        st.warning(images.HOW_TO_GET_CHROME)
    meta = {"filters": f.describe(), "query": filters.to_query(f), "as_of": as_of, "events": int(len(shown))}
    for col, fmt, ext, mime in ((cols[2], "csv", "csv", "text/csv"), (cols[3], "json", "json", "application/json"),
                                (cols[4], "timelinejs", "timeline.json", "application/json")):
        col.download_button(f"{fmt.upper() if fmt != 'timelinejs' else 'TimelineJS'}",
                            data=functools.partial(export.render, shown, fmt, meta=meta, title=title,
                                                   subtitle=f.describe()),
                            file_name=f"{name}.{ext}", mime=mime, on_click="ignore", key=f"dl_{fmt}")
    if image_server() and st.button("Preview the PNG"):
        try:
            st.image(images.render(export_fig, "png", scale=1), caption="PNG preview (scale 1)")
        except images.ExportUnavailable as exc:
            st.error(str(exc))


def add_panel(store, path) -> None:
    input_dir = Path(store.meta.get("input_dir") or "")
    if not store.meta.get("input_dir") or not input_dir.is_dir():
        st.info("This store does not name an input folder that exists here, so articles cannot be added to it.")
        return
    st.write(md(f"New articles are saved in {input_dir} and the store is rebuilt."))
    with st.form("add_articles", clear_on_submit=True):
        files = st.file_uploader(f"Article files ({', '.join(uploads.ALLOWED_SUFFIXES)}; up to "
                                 f"{uploads.MAX_UPLOAD_MB} MB each)", type=[s[1:] for s in uploads.ALLOWED_SUFFIXES],
                                 accept_multiple_files=True, max_upload_size=uploads.MAX_UPLOAD_MB)
        text = st.text_area("…or paste an article's text", height=160, key="add_text")
        c1, c2, c3 = st.columns(3)
        title = c1.text_input("Title", key="add_title")
        outlet = c2.text_input("Outlet", key="add_outlet")
        published = c3.date_input("Publication date (optional)", value=None, format="YYYY-MM-DD", key="add_date")
        submitted = st.form_submit_button("Add and rebuild")
    if not submitted:
        return
    saved, errors = [], []
    for up in files or []:
        try:
            saved.append(uploads.save_upload(input_dir, up.name, up.getvalue()).name)
        except uploads.UploadError as exc:
            errors.append(str(exc))
    if text and text.strip():
        try:
            saved.append(uploads.save_pasted(input_dir, text, title=title, outlet=outlet, published=published).name)
        except uploads.UploadError as exc:
            errors.append(str(exc))
    for e in errors:
        st.error(md(e))
    if not saved:
        st.info("Nothing was added.")
        return
    with st.status(md(f"Added {', '.join(saved)}; rebuilding the store…"), expanded=True) as s:
        try:
            result = uploads.rebuild(input_dir, Path(path), progress_bar(), built_at=dt.datetime.now(dt.timezone.utc))
        except Exception as exc:  # the old store stays whole; say what failed
            s.update(label="The rebuild failed; the store is unchanged", state="error")
            st.error(md(f"{type(exc).__name__}: {exc}"))
            return
        s.update(label="Store rebuilt", state="complete")
    st.session_state["flash"] = f"Added {', '.join(saved)}. {result.summary()}"
    st.rerun()


# ---- briefing mode --------------------------------------------------------------------------

def brief_page(store, path, version, f, view, shown, opts, as_of) -> None:
    st.markdown(BRIEF_CSS, unsafe_allow_html=True)
    st.markdown(f"# {md(data.headline(shown))}")
    c = data.counts(store.events, shown)
    st.markdown(md(f"{data.counts_line(c)} · {f.describe()} · as of {as_of}"))
    fig = figures.timeline(shown, lane_by=view.lane_by, color_by=view.color_by, look=figures.BRIEF,
                           color_order=color_order(opts, view.color_by))
    left, right = st.columns([7, 3], gap="large")
    left.plotly_chart(fig, key="brief_timeline", theme=None, config={"displayModeBar": False, "responsive": True})
    with right:
        st.markdown("## Most corroborated")
        for _, e in data.top_corroborated(shown, 5).iterrows():
            when = figures.date_label(str(e["date_start"]), str(e["date_end"]), str(e["precision"]))
            n = e["source_count"]
            st.markdown(f"**{md(e['title'])}**  \n{md(when)} · {md(n)} source{'' if n == 1 else 's'}")
    st.caption(md(data.source_note(store.documents, shown)))
    watch_store(path, version)


@st.fragment(run_every=BRIEF_REFRESH_SECONDS)
def watch_store(path: str, version: str) -> None:
    """Pick up a rebuilt store without a restart: rerun the page when the store's version changes."""
    if store_mod.version_of(Path(path)) != version:
        st.rerun(scope="app")


main()
