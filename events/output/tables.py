"""Records -> the three contract tables (pandas DataFrames), and back to plain cells.

Column names and order follow the store contract (docs/store.md); extra columns come after.
Dates are ``datetime.date`` values here, None where unknown (Arrow ``date32`` in Parquet, ISO text in
CSV: ``events.output.dates``). List cells are Python lists here and in Parquet, joined with "; " only
when written as CSV.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pandas as pd

from events.output import dates
from events.records import Document, Event, Mention

# The contract's columns (docs/store.md), which every reader may rely on, then the extra ones.
CONTRACT = {
    "documents": ("doc_id", "path", "title", "outlet", "url", "published", "published_basis", "n_chars", "sha256"),
    "mentions": (
        "mention_id",
        "event_id",
        "doc_id",
        "char_start",
        "char_end",
        "quote",
        "date_text",
        "date_start",
        "date_end",
        "precision",
        "basis",
    ),
    "events": (
        "event_id",
        "date_start",
        "date_end",
        "precision",
        "basis",
        "is_span",
        "title",
        "description",
        "actors",
        "category",
        "status",
        "location",
        "sources",
        "source_count",
    ),
}
DOCUMENT_COLUMNS = [*CONTRACT["documents"], "published_reason", "date_refs"]
MENTION_COLUMNS = [
    *CONTRACT["mentions"],
    "is_span",
    "date_value",
    "actors",
    "category",
    "status",
    "location",
    "title",
    "trigger",
    "predicate",
    "agent",
    "patient",
]
EVENT_COLUMNS = [
    *CONTRACT["events"],
    "outlets",
    "date_text",
    "date_conflict",
    "mention_ids",
    "curated",
    "salience",
    "reports",
]
LIST_COLUMNS = {"actors", "sources", "outlets", "mention_ids", "date_refs"}
BOOL_COLUMNS = {"is_span", "date_conflict"}
INT_COLUMNS = {"n_chars", "char_start", "char_end", "source_count", "reports"}
FLOAT_COLUMNS = {"salience"}


def format_ref(precision: str, start: dt.date) -> str:
    """A date reference as stored: "day:2010-04-20", "month:2010-04-01" (precision, first day)."""
    return f"{precision}:{start.isoformat()}"


def parse_ref(cell: str) -> tuple[str, dt.date] | None:
    precision, _, start = str(cell).partition(":")
    try:
        return precision, dt.date.fromisoformat(start)
    except ValueError:
        return None


def date_refs(documents: pd.DataFrame) -> tuple[dict[str, list], dict[str, dt.date]]:
    """From a documents table: each document's date references, and its publication date where known."""
    refs, published = {}, {}
    has_refs = "date_refs" in documents
    for row in documents.itertuples(index=False):
        cells = row.date_refs if has_refs and _is_list(row.date_refs) else []
        refs[row.doc_id] = [r for r in map(parse_ref, cells) if r is not None]
        day = dates.to_date(row.published)
        if day is not None:
            published[row.doc_id] = day
    return refs, published


def documents_frame(docs: Iterable[Document]) -> pd.DataFrame:
    rows = [
        {
            "doc_id": d.doc_id,
            "path": d.path,
            "title": d.title,
            "outlet": d.outlet,
            "url": d.url,
            "published": d.published,
            "published_basis": d.published_basis,
            "n_chars": d.n_chars,
            "sha256": d.sha256,
            "published_reason": d.published_reason,
            "date_refs": [format_ref(p, start) for p, start in d.date_refs],
        }
        for d in docs
    ]
    return _typed(pd.DataFrame(rows, columns=DOCUMENT_COLUMNS))


def mentions_frame(mentions: Iterable[Mention]) -> pd.DataFrame:
    rows = [
        {
            "mention_id": m.mention_id,
            "event_id": m.event_id,
            "doc_id": m.doc_id,
            "char_start": m.char_start,
            "char_end": m.char_end,
            "quote": m.quote,
            "date_text": m.date_text,
            "date_start": m.date_start,
            "date_end": m.date_end,
            "precision": m.precision,
            "basis": m.basis,
            "is_span": m.is_span,
            "date_value": m.date_value,
            "actors": list(m.actors),
            "category": m.category,
            "status": m.status,
            "location": m.location,
            "title": m.title,
            "trigger": m.trigger,
            "predicate": m.predicate,
            "agent": m.agent,
            "patient": m.patient,
        }
        for m in mentions
    ]
    return _typed(pd.DataFrame(rows, columns=MENTION_COLUMNS))


def events_frame(events: Iterable[Event], outlets_by_doc: dict[str, str] | None = None) -> pd.DataFrame:
    outlets_by_doc = outlets_by_doc or {}
    rows = []
    for e in events:
        if e.hidden:
            continue
        outlets = sorted({outlets_by_doc.get(s) or s for s in e.sources})
        rows.append(
            {
                "event_id": e.event_id,
                "date_start": e.date_start,
                "date_end": e.date_end,
                "precision": e.precision,
                "basis": e.basis,
                "is_span": e.is_span,
                "title": e.title,
                "description": e.description,
                "actors": list(e.actors),
                "category": e.category,
                "status": e.status,
                "location": e.location,
                "sources": list(e.sources),
                "source_count": e.source_count,
                "outlets": outlets,
                "date_text": e.date_text,
                "date_conflict": e.date_conflict,
                "mention_ids": list(e.mention_ids),
                "curated": e.curated,
                "salience": e.salience,
                "reports": max(e.reports, e.source_count),
            }
        )
    return _typed(pd.DataFrame(rows, columns=EVENT_COLUMNS))


def _typed(df: pd.DataFrame) -> pd.DataFrame:
    """Give every column a stable dtype, even when the frame is empty."""
    for col in df.columns:
        if col in LIST_COLUMNS:
            df[col] = df[col].apply(lambda v: list(v) if isinstance(v, (list, tuple)) else [])
        elif col in BOOL_COLUMNS:
            df[col] = df[col].fillna(False).astype(bool)
        elif col in INT_COLUMNS:
            df[col] = pd.to_numeric(df[col]).fillna(0).astype("int64")
        elif col in FLOAT_COLUMNS:
            df[col] = pd.to_numeric(df[col]).fillna(0.0).astype("float64")
        elif col in dates.DATE_COLUMNS:
            df[col] = dates.as_dates(df[col])
        else:
            df[col] = df[col].fillna("").astype(str)
    return df


def for_csv(df: pd.DataFrame) -> pd.DataFrame:
    """A copy fit for CSV: dates as ISO text ('' where unknown), lists joined with '; ', text cells guarded
    against formula injection.

    Only text is guarded: numbers in numeric columns (a negative count, say) stay numbers.
    Vectorized: only the cells that need a change are touched (a million-row table in seconds).
    """
    out = df.copy()
    for col in out.columns:
        series = out[col]
        if col in dates.DATE_COLUMNS:
            out[col] = dates.as_text(series)
            continue
        if col in LIST_COLUMNS or (series.dtype == object and series.map(_is_list).any()):
            series = series.map(lambda v: "; ".join(map(str, v)) if _is_list(v) else v)
        if series.dtype == object or pd.api.types.is_string_dtype(series):
            is_text = series.map(type).eq(str) if series.dtype == object else series.notna()
            text = series.where(is_text, "").astype(str)
            risky = is_text & text.str.lstrip(" ").str[:1].isin(FORMULA_LEADS)
            if risky.any():
                series = series.copy()
                series[risky] = "'" + text[risky]
        out[col] = series
    return out


def _is_list(value) -> bool:
    return isinstance(value, (list, tuple)) or (hasattr(value, "tolist") and getattr(value, "ndim", 0) == 1)


# A spreadsheet reads a cell starting with these as a formula (OWASP "CSV injection"); a line break
# first hides the rest of the cell from view.
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r", "\n")


def neutralize_formula(value):
    """Prefix a text cell that a spreadsheet would read as a formula with an apostrophe (OWASP).

    Leading spaces are looked through (some spreadsheets trim them before reading a formula).
    Anything that is not a string is returned as it is.
    """
    if isinstance(value, str) and value.lstrip(" ")[:1] in FORMULA_LEADS:  # "" is in no tuple
        return "'" + value
    return value
