"""The wall-screen page (``?mode=brief``): the story as a summary (``dashboard.briefing``): the headline
event, the key happenings over the story's key dates from first to last, with their titles in large type,
the key dates listed in date order with their main event, a link to every event in the analyst view,
and a watch that picks up a rebuilt store by itself. ``show=all`` draws every event instead,
``strip=undated`` adds the undated strip.
"""

from __future__ import annotations

import dataclasses
import urllib.parse
from pathlib import Path

import streamlit as st

from dashboard import briefing, data, detail, hover, listing, state, style, wire
from dashboard.detail import md
from dashboard.loaders import Shown, key_dates
from dashboard.sidebar import color_order
from events.output import store as store_mod

BRIEF_CSS = """<style>
html { font-size: clamp(16px, 1.2vw, 24px); }
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"], footer { display: none; }
.block-container { padding: 0.8rem 1.6rem 0.4rem 1.6rem; max-width: 100%; }
.block-container h1 { font-size: 1.9rem; padding: 0 0 0.2rem 0; line-height: 1.2; }
.block-container h3 { font-size: 1.35rem; padding: 0.2rem 0; }
.block-container p { margin-bottom: 0.25rem; }
</style>"""  # constant: never holds article text


BRIEF_REFRESH_SECONDS = 20


BRIEF_LIST = 5  # events in the "most corroborated" list (a store without key dates)


LIST_COLUMNS = 4  # the key dates are listed under the chart in this many columns


def brief_page(view: Shown, f, lanes, opts, as_of) -> None:
    st.markdown(BRIEF_CSS, unsafe_allow_html=True)
    c = view.counts
    b = briefing.summarize(view.p, view.keep, key_dates(view.path, view.version), view.documents, as_of, f)
    st.markdown(f"# {md(data.headline_line(b.top, c['shown'], dated=c['dated'] > 0))}")
    everything = lanes.show == "all"
    what = data.counts_line(c) if everything else briefing.counts_line(b, c)
    st.caption(
        md(f"{what} · {f.describe()} · as of {as_of}") + f" · [Show all {c['shown']:,} events]({all_events(f, lanes)})"
    )
    fig = briefing.figure(
        b,
        view.p,
        view.keep,
        f,
        lanes.lane_by,
        lanes.color_by,
        color_order(opts, lanes.color_by),
        look=style.BRIEF,
        strip=lanes.strip == "undated",
        everything=everything,
    )
    st.plotly_chart(
        wire.figure(fig), key="brief_timeline", theme=None, config={"displayModeBar": False, "responsive": True}
    )
    rows = wire.meta(fig.layout.meta).get("layout") == "rows"
    notes = [KEY_NOTE] if rows and len(b.key) else []
    if wire.meta(fig.layout.meta).get("n_reported"):
        notes.append(REPORTED_NOTE)
    if notes:
        st.caption(" ".join(notes))
    if len(b.key) and not rows:  # the summary's rows already list them, in bold
        st.markdown("### Key dates")
        listed(b.key)
    elif not len(b.key):  # a store built before date references were kept, or no kept event on a key date
        most_corroborated(view)
    st.caption(md(view.source_note()))
    watch_store(view.path, view.version)


def listed(key) -> None:
    """The key dates (day, title) in date order, in columns: top to bottom, then left to right."""
    cols = st.columns(LIST_COLUMNS, gap="medium")
    per = max(1, -(-len(key) // LIST_COLUMNS))
    for k, (_, r) in enumerate(key.iterrows()):
        when = hover.date_label(r["day"], r["day"], "day")
        cols[k // per].markdown(f"**{md(when)}** · {md(detail.plain(r['title'], 60))}")


KEY_NOTE = "Dates in bold are the story's key dates (the days its articles refer to most), each with its main event."

REPORTED_NOTE = (
    "A hollow mark with an arrow pointing left is an event the articles give no date for, drawn at the day "
    "it was first reported: it happened on or before that day."
)  # constant: never holds article text


def all_events(f, lanes: state.View) -> str:
    """The link to every event: the analyst view with the same filters, lanes and colours."""
    q = state.to_query(f, dataclasses.replace(lanes, mode="analyst", show="summary", strip="none", event=""))
    return "?" + urllib.parse.urlencode({**q, "mode": "analyst"}, doseq=True)


def most_corroborated(view: Shown) -> None:
    st.markdown("### Most corroborated")
    for _, e in data.top_corroborated(view.rows(listing.most_sources(view.p, view.keep)), BRIEF_LIST).iterrows():
        when = hover.date_label(e["date_start"], e["date_end"], str(e["precision"]))
        n = e["source_count"]
        st.markdown(f"**{md(detail.plain(e['title'], 90))}**  \n{md(when)} · {md(n)} source{'' if n == 1 else 's'}")


@st.fragment(run_every=BRIEF_REFRESH_SECONDS)
def watch_store(path: str, version: str) -> None:
    """Pick up a rebuilt store without a restart: rerun the page when the store's version changes."""
    if store_mod.version_of(Path(path)) != version:
        st.rerun(scope="app")
