"""The analyst page: the chart with its note, the filters, the event picker, and the tabs below the
chart (table, undated list, export, adding articles). Only the open tab is built.
"""

from __future__ import annotations

import datetime as dt
import functools

import streamlit as st

from dashboard import access, briefing, data, detail, exports, listing, style, wire
from dashboard.detail import md
from dashboard.loaders import Shown, key_dates
from dashboard.panels import add_panel, event_panel, export_panel
from dashboard.sidebar import color_order, sidebar
from dashboard.timing import mark
from events.output import export

# the analyst page starts under Streamlit's header with less of its default 6rem gap, so at 1366x768 the
# chart's axis and first lanes are above the fold; the range slider greys the dates outside the view
# lightly (plotly's own grey turns the whole strip dark when the view is a small part of the range)
ANALYST_CSS = """<style>
.block-container { padding-top: 3.2rem; padding-bottom: 2rem; }
.block-container h1 { font-size: 2rem; padding: 0 0 0.3rem 0; line-height: 1.2; }
.rangeslider-mask-min, .rangeslider-mask-max { fill: rgba(0, 0, 0, 0.12) !important; }
</style>"""  # constant: never holds article text


MAX_TABLE = 100  # rows in the table and in the undated list at first (the count says so; "more" adds MORE_ROWS)


MORE_ROWS = 2000


TABS = ("Table", "Undated", "Export", "Add articles")


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
        config=exports.toolbar_config(name),
    )
    st.caption(md(chart_note(wire.meta(fig.layout.meta))))
    mark("chart sent")
    sidebar(opts, bounds, c, _day(as_of))
    n_rows = st.session_state.get("table_rows", MAX_TABLE)
    table = data.table(view.rows(listing.first_in_time(view.p, view.keep, n_rows)))
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
            slide = functools.partial(slide_figure, view, f, lanes, color_order(opts, lanes.color_by), as_of)
            export_panel(view, f, slide, name, as_of)
    if t_add.open:
        with t_add:
            add_panel(view.meta, view.path)


def slide_figure(view: Shown, f, lanes, order, as_of, summary: bool = True, strip: bool = False):
    """The slide's chart: the story's key happenings one a row (``dashboard.briefing``, as the wall screen),
    or every event in view; the undated strip only when asked for."""
    if not summary:
        return view.figure(f, lanes.lane_by, lanes.color_by, order, style.SLIDE_LOOK, undated=strip)
    b = briefing.summarize(view.p, view.keep, key_dates(view.path, view.version), view.documents, as_of, f)
    return briefing.figure(
        b, view.p, view.keep, f, lanes.lane_by, lanes.color_by, order, look=style.SLIDE_LOOK, strip=strip
    )


def undated_list(view: Shown, c: dict) -> None:
    n_und = st.session_state.get("undated_rows", MAX_TABLE)
    rows = data.undated(view.rows(listing.undated_first(view.p, view.keep, n_und)))
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
    known = detail.known_dates(rows, access.mentions_for(view.path, rows["event_id"].tolist()), view.documents)
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


def _day(as_of) -> dt.date | None:
    """The store's as-of day (what typed relative dates count from), or None when it is not a date."""
    try:
        return dt.date.fromisoformat(str(as_of)[:10])
    except ValueError:
        return None
