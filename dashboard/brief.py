"""The wall-screen page (``?mode=brief``): the chart with large labels, the story's key dates each
with its main event, and a watch that picks up a rebuilt store by itself.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import streamlit as st

from dashboard import chart, data, detail, hover, listing, style, wire
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
</style>"""  # constant: never holds article text


BRIEF_REFRESH_SECONDS = 20


BRIEF_LIST = 5  # events in the wall screen's list


KEY_DATE_CANDIDATES = 200  # key dates looked at for the list (the first with a shown event on them are listed)


def brief_page(view: Shown, f, lanes, opts, as_of) -> None:
    st.markdown(BRIEF_CSS, unsafe_allow_html=True)
    c = view.counts
    latest = view.rows(listing.latest(view.p, view.keep)) if c["dated"] else view.rows(np.array([], np.int64))
    st.markdown(f"# {md(data.headline(latest, count=c['shown']))}")
    st.caption(md(f"{data.counts_line(c)} · {f.describe()} · as of {as_of}"))
    fig = chart.figure(
        view.p,
        view.keep,
        f,
        lanes.lane_by,
        lanes.color_by,
        color_order(opts, lanes.color_by),
        look=style.BRIEF,
        undated=False,
    )
    left, right = st.columns([7, 3], gap="medium")
    left.plotly_chart(
        wire.figure(fig), key="brief_timeline", theme=None, config={"displayModeBar": False, "responsive": True}
    )
    with right:
        key = key_dates(view.path, view.version)[:KEY_DATE_CANDIDATES]
        days = data.key_date_list(key, view.rows(listing.on_days(view.p, view.keep, [d for d, _ in key])), BRIEF_LIST)
        if len(days):
            st.markdown("### Key dates")
            for _, k in days.iterrows():
                when = hover.date_label(k["day"].isoformat(), k["day"].isoformat(), "day")
                st.markdown(f"**{md(when)}** · {md(detail.plain(k['title'], 90))}")
        else:  # a store built before date references were kept, or no shown event on a key date
            most_corroborated(view)
    st.caption(md(view.source_note()))
    watch_store(view.path, view.version)


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
