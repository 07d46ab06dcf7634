"""How an event reads on the chart: hover text, date labels, shortened names; article text escaped
(Plotly reads markup in text and names).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.style import WEBGL_AT
from events.output import dates as store_dates


def short(text: str, n: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def date_label(start, end, precision: str, date_text: str = "") -> str:
    """How a date reads in hover and tables: "2025-10-31" or "2025-10-01 – 2025-10-31 (month)".
    ``start``, ``end``: dates or ISO text, None or '' where unknown."""
    start, end = store_dates.to_text(start), store_dates.to_text(end)
    precision = "" if precision is None else str(precision)
    if not start:
        return "undated"
    label = start if (precision == "day" and (not end or end == start)) else f"{start} – {end or start}"
    if precision and not (precision == "day" and label == start):
        label += f" ({precision})"
    if date_text:
        label += f', "{short(date_text, 40)}"'
    return label


def hover_text(ev: pd.DataFrame) -> pd.Series:
    """Hover text: title, date text, precision, status, sources; article text escaped (shown as text)."""
    title = _esc(_clip(ev["title"], 90))
    start, end = store_dates.as_text(ev["date_start"]), store_dates.as_text(ev["date_end"])
    precision = ev["precision"].fillna("").astype(str)
    exact = (precision == "day") & ((end == "") | (end == start))
    dates = start.where(exact, start + " – " + end.where(end != "", start) + " (" + precision + ")")
    undated = (ev["kind"] == "undated") if "kind" in ev else pd.Series(False, index=ev.index)
    if "date_text" in ev:
        text = _clip(ev["date_text"], 40)
        dates = dates + (", “" + text + "”").where(text != "", "")
    kind = ev["kind"].map(
        {
            "point": "",
            "interval": " · date uncertain",
            "span": " · lasted over the period",
            "undated": "",
            "reported": "",
        }
    )
    src_col = "outlets" if "outlets" in ev else "sources"
    status, count = _esc(_clip(ev["status"], 20)), ev["source_count"].astype(str)
    dates = dates.where(~undated, "undated: no date in the text")
    if "reported_by" in ev:  # placed at its report date (the brief's): said so, with that date's precision and basis
        reported = (ev["kind"] == "reported") if "kind" in ev else pd.Series(False, index=ev.index)
        dates = dates.where(~reported, reported_note(ev))
    if len(ev) > WEBGL_AT:  # shorter on the wire; the detail panel has the rest
        return "<b>" + title + "</b><br>" + _esc(dates) + "<br>" + status + " · " + count + " source(s)"
    sources = ": " + _esc(ev[src_col].map(_list_label))
    return (
        "<b>"
        + title
        + "</b><br>"
        + _esc(dates)
        + kind.fillna("")
        + "<br>precision: "
        + _esc(precision)
        + " · status: "
        + status
        + "<br>"
        + count
        + " source(s)"
        + sources
    )


def reported_note(ev: pd.DataFrame) -> pd.Series:
    """How an undated event placed at its report date reads in hover: "reported by 2025-10-26 (day;
    publication date inferred); no date of its own in the text: on or before that day"."""
    basis = ev["reported_basis"].fillna("").astype(str) if "reported_basis" in ev else ""
    precision = ev["reported_precision"].fillna("").astype(str) if "reported_precision" in ev else "day"
    return (
        "reported by "
        + ev["reported_by"].fillna("").astype(str)
        + " ("
        + precision
        + "; publication date "
        + basis
        + "); no date of its own in the text: on or before that day"
    )


def _clip(s: pd.Series, n: int) -> pd.Series:
    s = s.fillna("").astype(str).str.replace(r"\s+", " ", regex=True).str.strip()
    long = s.str.len() > n
    return s.where(~long, s.str.slice(0, n - 1).str.rstrip() + "…")


def _esc(s: pd.Series) -> pd.Series:
    return (
        s.astype(str)
        .str.replace("&", "&amp;", regex=False)
        .str.replace("<", "&lt;", regex=False)
        .str.replace(">", "&gt;", regex=False)
    )


def _list_label(v, n: int = 4) -> str:
    items = [str(x) for x in v] if isinstance(v, (list, tuple, np.ndarray)) else []
    text = ", ".join(short(x, 30) for x in items[:n])
    return text + (f" and {len(items) - n} more" if len(items) > n else "")
