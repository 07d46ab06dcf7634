"""Plain helpers over a read store for the dashboard: widget options, counts, tables, captions.

No Streamlit here. Nothing mutates its input; every function returns new values.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from dashboard.hover import date_label
from dashboard.marks import dates
from events.output import dates as store_dates
from events.output import summary


def counts(all_events: pd.DataFrame, shown: pd.DataFrame) -> dict[str, int]:
    undated = dates(shown["date_start"]).isna() if len(shown) else pd.Series(dtype=bool)
    return {
        "total": int(len(all_events)),
        "shown": int(len(shown)),
        "dated": int((~undated).sum()),
        "undated": int(undated.sum()),
    }


def counts_line(c: dict[str, int]) -> str:
    return f"Showing {c['shown']:,} of {c['total']:,} events ({c['dated']:,} on the timeline, {c['undated']:,} undated)"


def empty_message(meta: dict) -> str:
    """What the page says for a store that holds no event (instead of a chart with nothing to draw)."""
    summary = str(meta.get("summary") or "").split(";")[0].split(", ")[:2]
    built = f" The last build: {', '.join(summary)}." if summary and summary[0] else ""
    return (
        "No events in this store: the articles it was built from report no dated or datable event, or none "
        f"could be read.{built} Add articles below, or build the store again from a folder of .txt, .md or "
        ".html news articles."
    )


def undated(events: pd.DataFrame) -> pd.DataFrame:
    """The undated events, most corroborated first."""
    if events.empty:
        return events
    rows = events.loc[dates(events["date_start"]).isna()]
    return rows.sort_values(["source_count", "title"], ascending=[False, True], kind="stable")


def box_days(boxes: list) -> tuple[dt.date, dt.date] | None:
    """The days a box drawn on the chart spans (Plotly's box selection: ``[{"x": [x0, x1], ...}]``, dates as
    strings or epoch milliseconds), or None when there is no box with two dates."""
    for box in boxes or []:
        xs = (box or {}).get("x") or []
        if len(xs) != 2:
            continue
        ts = [
            pd.to_datetime(x, unit="ms", errors="coerce")
            if isinstance(x, (int, float))
            else pd.to_datetime(str(x), errors="coerce")
            for x in xs
        ]
        if any(pd.isna(t) for t in ts):
            continue
        a, b = sorted(t.date() for t in ts)
        return a, b
    return None


def key_date_list(key: list, events: pd.DataFrame, n: int = 5) -> pd.DataFrame:
    """The first ``n`` key dates (``key``: (day, weight), most referred to first) on which one of ``events`` is
    dated to the day, each with its most salient event there: columns day, weight, title, source_count, events
    (how many of ``events`` fall on it)."""
    cols = ["day", "weight", "title", "source_count", "events"]
    if events.empty or not key:
        return pd.DataFrame(columns=cols)
    day = events[events["precision"].astype(str) == "day"]
    on = dates(day["date_start"]).dt.date
    rank = day.assign(_on=on.values, _s=day["salience"] if "salience" in day else 0.0)
    rank = rank.sort_values(["_s", "source_count", "title"], ascending=[False, False, True], kind="stable")
    groups = {d: g for d, g in rank.groupby("_on", sort=False)}
    rows = []
    for d, weight in key:
        g = groups.get(d)
        if g is None:
            continue
        best = g.iloc[0]
        rows.append([d, weight, best["title"], int(best["source_count"]), len(g)])
        if len(rows) == n:
            break
    return pd.DataFrame(rows, columns=cols)


def top_corroborated(events: pd.DataFrame, n: int = 5) -> pd.DataFrame:
    """The ``n`` events with the most sources (latest first among equals)."""
    if events.empty:
        return events
    return events.sort_values(
        ["source_count", "date_start", "title"], ascending=[False, False, True], kind="stable"
    ).head(n)


def table(events: pd.DataFrame) -> pd.DataFrame:
    """The filtered events as shown in the table (dates as dates, lists as lists), in time order."""
    start, end = dates(events["date_start"]), dates(events["date_end"])
    out = pd.DataFrame(
        {
            "start": start,
            "end": end,
            "date": [
                date_label(a, b, p)
                for a, b, p in zip(events["date_start"], events["date_end"], events["precision"].astype(str))
            ],
            "title": events["title"].astype(str),
            "category": events["category"].astype(str),
            "status": events["status"].astype(str),
            "precision": events["precision"].astype(str),
            "span": events["is_span"].astype(bool),
            "sources": pd.to_numeric(events["source_count"], errors="coerce"),
            "actors": events["actors"].map(_as_list) if "actors" in events else [[]] * len(events),
            "outlets": events["outlets"].map(_as_list) if "outlets" in events else [[]] * len(events),
            "location": events["location"].astype(str) if "location" in events else "",
            "event_id": events["event_id"].astype(str),
        },
        index=events.index,
    )
    return out.sort_values(
        ["start", "sources"], ascending=[True, False], na_position="last", kind="stable"
    ).reset_index(drop=True)


def as_of(meta: dict, documents: pd.DataFrame, today: dt.date) -> str:
    """The "as of" date for captions: the store's build date, else the latest publication date, else today."""
    built = store_dates.to_date(str(meta.get("built_at") or "")[:10])  # None when missing or not a date
    if built is not None:
        return built.isoformat()
    if "published" in documents and len(documents):
        pub = dates(documents["published"]).dropna()
        if len(pub):
            return pub.max().date().isoformat()
    return today.isoformat()


def source_note(documents: pd.DataFrame, shown: pd.DataFrame) -> str:
    """One line naming where the events come from."""
    outlets = []
    if "outlets" in shown and len(shown):
        vc = shown["outlets"].explode().dropna().astype(str)
        outlets = list(vc[vc != ""].value_counts().index)
    return source_line(len(documents), outlets)


def source_line(n_docs: int, outlets: list[str]) -> str:
    """``source_note`` from the number of documents and the outlets, most frequent first."""
    named = ", ".join(outlets[:4]) + (f" and {len(outlets) - 4} more" if len(outlets) > 4 else "")
    return (
        f"Source: {n_docs} article{'s' if n_docs != 1 else ''}"
        + (f" ({named})" if named else "")
        + "; events, dates and quotes extracted automatically; check the quotes before use."
    )


def headline(events: pd.DataFrame, count: int | None = None, as_of=None) -> str:
    """A one-line headline for the briefing screen (``count``: how many match, when ``events`` is a part):
    the newest multi-source event on or before ``as_of`` (``events.output.summary.headline``)."""
    c = len(events) if count is None else int(count)
    return headline_line(summary.headline(events, as_of) if len(events) else None, c, dated=_any_dated(events))


def headline_line(top: pd.Series | None, count: int, dated: bool = True) -> str:
    """The headline for the event ``top`` (None: nothing qualifies) out of ``count`` shown events:
    "Latest: <title> (<date>)"; the counts are said in the line under it."""
    if not count:
        return "No events match"
    if top is None:
        return f"{count:,} events, none dated" if not dated else f"{count:,} events"
    when = date_label(top["date_start"], top["date_end"], str(top["precision"]))
    return f"Latest: {top['title']} ({when})"


def _any_dated(events: pd.DataFrame) -> bool:
    return bool(len(events)) and bool(dates(events["date_start"]).notna().any())


def _as_list(v) -> list[str]:
    return [str(x) for x in v] if isinstance(v, (list, tuple, np.ndarray)) else []
