"""The story as a summary over a store's kept rows, for the wall screen and the slide: its key happenings,
the headline event, the dates first shown and the key dates listed; and the figure of it.

Plain functions, no Streamlit. The rules are ``events.output.summary``'s; here only the candidates
are taken from a ``Prepared`` with numpy (the events on the key dates, the latest for the headline, the
most salient dated and undated ones), so a million events cost what a few hundred do::

    b = briefing.summarize(p, keep, key_dates, documents, as_of)
    fig = briefing.figure(b, p, keep, look=style.BRIEF)          # the summary, one happening a row
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard import access, chart, figures, hover, listing, marks, story, style
from events.output import summary
from events.output.filters import NO_DAY, Filters

CANDIDATES = 400  # most salient dated rows looked at for the summary (it keeps Sizes.events of them)
UNDATED_CANDIDATES = 100  # most salient undated rows looked at (placed at their report date)
KEY_DATE_CANDIDATES = 200  # key dates looked at (the first with a kept event on them are used)


@dataclass
class Briefing:
    """What the brief shows: ``shown`` (the summary's rows, date order; ``summary.select``), the headline
    event ``top`` (or None), the dates first shown ``window`` (or None), and ``key``, the key dates with
    their main event in date order (columns day, title, event_id)."""

    shown: pd.DataFrame
    top: pd.Series | None
    window: tuple[dt.date, dt.date] | None
    key: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["day", "title", "event_id"]))


def summarize(
    p: access.Prepared,
    keep: np.ndarray,
    key_dates: list,
    documents: pd.DataFrame,
    as_of,
    f: Filters | None = None,
    n: int | None = None,
) -> Briefing:
    """The summary of the kept rows (``summary``'s rules). ``key_dates``: (day, weight), most referred to
    first; ``as_of``: the newest publication date (ISO text or a date). Dates asked for in ``f`` are the
    window when given."""
    cfg = summary.sizes()
    limit = summary._as_date(as_of)
    key_dates = [(d, w) for d, w in key_dates if limit is None or d <= limit][:KEY_DATE_CANDIDATES]
    on_key = listing.on_days(p, keep, [d for d, _ in key_dates])
    heads = listing.latest(p, keep, 50, until=limit, min_sources=cfg.headline_min_sources)
    first = _placed(p, np.union1d(on_key, heads), documents)
    top = summary.headline(first, limit)
    window = summary.date_range(first, key_dates, limit, top)
    if f is not None and f.date_from is not None and f.date_to is not None:
        window = (f.date_from, f.date_to)
    idx = np.union1d(on_key, heads)
    idx = np.union1d(idx, listing.most_salient(p, keep, CANDIDATES, within=window))
    undated = listing.most_salient(
        p, keep & (_reports(p) >= cfg.reported_min_sources), UNDATED_CANDIDATES, undated=True
    )
    rows = _placed(p, np.union1d(idx, undated), documents)
    shown = summary.select(rows, key_dates, as_of=limit, top=top, within=window, n=n)
    key = shown.loc[shown["why"] == "key date", ["key_day", "title", "event_id"]].rename(columns={"key_day": "day"})
    return Briefing(shown, top, window, key.sort_values("day", kind="stable").reset_index(drop=True))


def _reports(p: access.Prepared) -> np.ndarray:
    """How many documents tell each row's news (``reports``; its sources in a store without the column)."""
    if "reports" not in p.table.column_names:
        return p.source_count
    n = np.nan_to_num(np.asarray(p.table.column("reports").to_numpy(zero_copy_only=False), float), nan=0)
    return np.maximum(p.source_count, n.astype(np.int32))


def _placed(p: access.Prepared, idx: np.ndarray, documents: pd.DataFrame) -> pd.DataFrame:
    """The rows ``idx`` with where the brief places them (``summary.reported_by``; the undated rows'
    sources are read from the store when the page left them there)."""
    rows = access.rows(p, access.as_mask(len(p), idx))
    undated = p.start[rows.index.to_numpy()] == NO_DAY
    if "sources" not in rows:
        rows["sources"] = [[] for _ in range(len(rows))]
        if undated.any():
            got = access.column_rows(p, "sources", rows.index.to_numpy()[undated])
            rows.loc[rows.index[undated], "sources"] = pd.Series(
                [list(v or []) for v in got], index=rows.index[undated]
            )
    return summary.reported_by(rows, documents)


def figure(
    b: Briefing,
    p: access.Prepared,
    keep: np.ndarray,
    f: Filters | None = None,
    lane_by: str = "category",
    color_by: str = "status",
    color_order: list[str] | None = None,
    look: style.Look = style.BRIEF,
    strip: bool = False,
    everything: bool = False,
) -> go.Figure:
    """The brief's chart over ``b.window``: the summary one happening a row (``dashboard.story``), or with
    ``everything`` every kept event in lanes (as the analyst's chart). ``strip`` draws the summary in
    lanes with the undated strip beside it (the most corroborated undated events not placed)."""
    f = f or Filters()
    if everything:
        return chart.figure(p, keep, f, lane_by, color_by, color_order, look=look, undated=strip, view=b.window)
    if not strip or not f.include_undated:
        return story.figure(b.shown, look=look, color_by=color_by, color_order=color_order, window=b.window)
    rows = story.drawn(b.shown)
    extra = listing.undated_first(p, keep, style.MAX_UNDATED)
    more = access.rows(p, access.as_mask(len(p), extra), columns=marks.columns_for(lane_by, color_by))
    rows = pd.concat([rows, more[~more["event_id"].astype(str).isin(set(rows["event_id"].astype(str)))]])
    return figures.timeline(
        rows,
        lane_by=lane_by,
        color_by=color_by,
        look=look,
        level="svg",
        color_order=color_order,
        n_undated=int((keep & (p.start == NO_DAY)).sum()),
        window=b.window or (None, None),
        view=b.window,
    )


def when(shown: pd.DataFrame) -> list[str]:
    """How each summary row's date reads in the list: its date as the hover has it, or "reported by" its
    report date for an undated event placed there."""
    rep = summary.is_reported(shown)
    return [
        summary.reported_label(r) if is_rep else hover.date_label(r["date_start"], r["date_end"], str(r["precision"]))
        for is_rep, (_, r) in zip(rep, shown.iterrows())
    ]


def counts_line(b: Briefing, counts: dict) -> str:
    """One line: how many key happenings of how many events."""
    k = len(b.shown)
    return (
        f"Summary: {k:,} key happening{'' if k == 1 else 's'} of {counts['shown']:,} events "
        f"({counts['dated']:,} dated, {counts['undated']:,} undated)"
    )
