"""Exports of (filtered) events: CSV for spreadsheets, JSON for programs, TimelineJS for stories.

Every text cell in CSV is guarded against formula injection; dates are ISO ``YYYY-MM-DD`` text in
each format, '' where unknown; JSON is always valid (``allow_nan=False``); file names offered for download are made safe with ``safe_filename``.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import unicodedata

import pandas as pd

from events.output import dates
from events.output.tables import for_csv

FORMATS = ("csv", "json", "timelinejs")


def to_csv(events: pd.DataFrame) -> str:
    buf = io.StringIO()
    for_csv(events).to_csv(buf, index=False)
    return buf.getvalue()


def _plain(value):
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "tolist"):
        return _plain(value.tolist())
    if isinstance(value, float) and value != value:  # NaN
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def records(events: pd.DataFrame) -> list[dict]:
    """The rows as plain values (dates as ISO text, '' where unknown; lists as lists; NaN as None)."""
    events = events.assign(**{c: dates.as_text(events[c]) for c in dates.DATE_COLUMNS if c in events.columns})
    return [{k: _plain(v) for k, v in row.items()} for row in events.to_dict(orient="records")]


def to_json(events: pd.DataFrame, *, meta: dict | None = None) -> str:
    doc = {"meta": meta or {}, "events": records(events)}
    return json.dumps(doc, ensure_ascii=False, indent=2, allow_nan=False, default=str)


def _tl_date(iso: str) -> dict | None:
    """TimelineJS's date object for an ISO date ("2025-10-31", "2025-10" or "1962"); None if not a date."""
    parts = str(iso or "").strip().split("-")
    if not 1 <= len(parts) <= 3 or not all(p.isdigit() for p in parts):
        return None
    y, m, d = (int(p) for p in parts + ["1"] * (3 - len(parts)))
    try:
        dt.date(y, m, d)
    except ValueError:
        return None
    return dict(zip(("year", "month", "day"), (y, m, d)[: len(parts)]))


def to_timelinejs(events: pd.DataFrame, *, title: str = "Event timeline", subtitle: str = "") -> str:
    """TimelineJS3 JSON (https://timeline.knightlab.com/docs/json-format.html). Undated events are left out."""
    out_events = []
    for row in records(events):
        start = _tl_date(row.get("date_start"))
        if start is None:  # undated (or not a date): TimelineJS needs a start
            continue
        ev = {
            "unique_id": _slug(row["event_id"]),
            "start_date": start,
            # TimelineJS renders these as HTML; the text is escaped here so nothing from an article runs.
            "text": {"headline": _escape(row.get("title", "")), "text": _escape(row.get("description", ""))},
            "group": _escape(row.get("category", "") or "other"),
        }
        end = _tl_date(row.get("date_end"))
        if end is not None and str(row.get("date_end")) > str(row.get("date_start")):
            ev["end_date"] = end  # an interval: a span, or a moment known only to a week, month, year
        precision = row.get("precision", "")
        ev["display_date"] = _display_date(row["date_start"], row.get("date_end", ""), precision)
        out_events.append(ev)
    doc = {"title": {"text": {"headline": _escape(title), "text": _escape(subtitle)}}, "events": out_events}
    return json.dumps(doc, ensure_ascii=False, indent=2, allow_nan=False)


def _display_date(start: str, end: str, precision: str) -> str:
    if not end or end <= start:
        return start
    return f"{start} – {end}" + (f" ({precision})" if precision and precision != "day" else "")


def _slug(text) -> str:
    """An id safe in a URL fragment and an HTML attribute (TimelineJS uses unique_id for both)."""
    return re.sub(r"[^A-Za-z0-9_-]+", "-", str(text)).strip("-") or "event"


def _escape(text) -> str:
    text = "" if text is None else str(text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def render(events: pd.DataFrame, fmt: str, **kwargs) -> str:
    if fmt not in FORMATS:
        raise ValueError(f"Unknown export format {fmt!r}; expected one of {list(FORMATS)}")
    if fmt == "csv":
        return to_csv(events)
    if fmt == "json":
        return to_json(events, meta=kwargs.get("meta"))
    return to_timelinejs(events, title=kwargs.get("title", "Event timeline"), subtitle=kwargs.get("subtitle", ""))


def safe_filename(name: str, default: str = "export") -> str:
    """A file name with no path, no control or shell-special characters, at most 100 characters."""
    name = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode()
    name = name.replace("/", "_").replace("\\", "_")
    name = re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("._-")
    return (name or default)[:100]
