"""The sidebar: the filter widgets (mirrored in the URL by ``dashboard.state``), the lane and colour
choices, and the bounds the date pickers can show.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from dashboard import data, state, style
from dashboard.detail import md
from events.output import filters


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


def typed_dates(today: dt.date | None) -> None:
    """The From and To pickers set from the dates typed in the text field ("March 2011", "2 weeks ago",
    counted from the store's as-of day), with what was read said back, or why it is no date."""
    from events.text.dates import read_typed

    text = (st.session_state.get("f_typed") or "").strip()
    st.session_state.pop("typed_said", None)
    st.session_state.pop("typed_error", None)
    if not text:
        return
    try:
        found = read_typed(text, today)
    except ValueError as exc:
        st.session_state["typed_error"] = str(exc)
        return
    st.session_state["f_from"], st.session_state["f_to"] = found.start, found.end
    st.session_state["typed_said"] = f"{text!r} read as {found.said}"


def sidebar(opts: dict, bounds: tuple, counts: dict, today: dt.date | None = None) -> None:
    """The filter widgets. Drawn after the chart: their values were read from the widget state (each
    widget's key) before, so the chart's message goes to the browser first. ``today``: the day typed
    relative dates count from (the store's as-of day; the clock is never read)."""
    lo, hi = date_range(bounds)
    with st.sidebar:
        st.header("Filters")
        st.text_input("Search titles, actors, places", key="f_q", placeholder="e.g. Kazan")
        c1, c2 = st.columns(2)
        c1.date_input("From", key="f_from", min_value=lo, max_value=hi, format="YYYY-MM-DD")
        c2.date_input("To", key="f_to", min_value=lo, max_value=hi, format="YYYY-MM-DD")
        st.text_input(
            "…or type the dates",
            key="f_typed",
            placeholder="e.g. March 2011, Oct 31 2025, 2 weeks ago",
            on_change=typed_dates,
            args=(today,),
        )
        if st.session_state.get("typed_said"):
            st.caption(md(st.session_state["typed_said"]))
        if st.session_state.get("typed_error"):
            st.warning(md(st.session_state["typed_error"]))
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
        st.selectbox("Swimlanes by", list(style.LANE_FIELDS), format_func=style.LANE_FIELDS.get, key="v_lane")
        st.selectbox("Colour by", list(style.COLOR_FIELDS), format_func=style.COLOR_FIELDS.get, key="v_color")
        st.caption(md(data.counts_line(counts)))


def reset() -> None:
    view = state.view_from_widgets(st.session_state, state.View())
    st.session_state.update(state.widget_state(filters.Filters(), view))
    st.session_state["problems"] = []


def color_order(opts: dict, color_by: str) -> list[str] | None:
    return {"category": opts["categories"], "actors": opts["actors"], "outlets": opts["outlets"]}.get(color_by)
