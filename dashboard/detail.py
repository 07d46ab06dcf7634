"""One event in detail: its date and basis, and every mention's quote found again in its document.

Article text is shown as text: ``md()`` backslash-escapes every ASCII punctuation character (valid
CommonMark), so nothing from a document is read as Markdown, HTML, a link, a colour directive or
LaTeX. The quote is highlighted with a Streamlit colour directive around the escaped quote.
Documents are read only from inside the store's input folder.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from dashboard.hover import date_label
from events.output import dates as store_dates

log = logging.getLogger(__name__)

CONTEXT = 400  # characters of document text shown around a quote
_PUNCT = re.compile(r"([!-/:-@\[-`{-~])")
_AUTOLINK = re.compile(r"(:(?=//)|\bwww(?=\.)|@)", re.IGNORECASE)


def md(text) -> str:
    """``text`` as Markdown that reads exactly as the text (no markup, links, HTML or maths)."""
    text = "" if text is None else str(text)
    text = _AUTOLINK.sub("\\1\u200b", text)  # a zero-width space stops GFM from linking bare URLs and e-mails
    text = _PUNCT.sub(r"\\\1", text)
    lines = [line.lstrip() for line in text.replace("\r", "\n").split("\n")]
    if text[:1] in (" ", "\t"):
        lines[0] = " " + lines[0]  # one space is kept (it may separate words); four would make a code block
    return "  \n".join(lines)  # hard line breaks; leading spaces would make code blocks


@dataclass(frozen=True)
class MentionView:
    mention_id: str
    doc_id: str
    outlet: str
    doc_title: str
    published: str
    quote: str
    date_text: str
    date: str
    basis: str
    before: str = ""  # document text before the quote (up to CONTEXT characters)
    found: str = ""  # the quote as it stands in the document ("" when the document or quote was not found)
    after: str = ""
    problem: str = ""  # why the quote is shown without its document, if it is


@dataclass(frozen=True)
class EventView:
    event_id: str
    title: str
    date: str
    precision: str
    basis: str
    status: str
    category: str
    actors: list[str]
    location: str
    sources: list[str]
    is_span: bool
    date_conflict: bool
    mentions: list[MentionView] = field(default_factory=list)


def event_view(
    events: pd.DataFrame,
    mentions: pd.DataFrame,
    documents: pd.DataFrame,
    event_id: str,
    input_dir: Path | None,
    read_text=None,
) -> EventView | None:
    """Everything the detail panel shows for ``event_id``; None if no such event.

    ``read_text(input_dir, rel_path) -> str | None`` reads a document (``document_text`` by default;
    the app passes a cached one). The document is read again from the input folder; when it cannot
    be and ``documents`` has a ``text`` column (the text as the pipeline read it), that is used.
    ``documents`` may lack the ``text`` column.
    """
    read_text = read_text or document_text
    rows = events.loc[events["event_id"].astype(str) == str(event_id)]
    if rows.empty:
        return None
    e = rows.iloc[0]
    docs = documents.set_index(documents["doc_id"].astype(str)) if len(documents) else documents
    ms = mentions.loc[mentions["event_id"].astype(str) == str(event_id)] if len(mentions) else mentions
    views = [_mention_view(m, docs, input_dir, read_text) for _, m in ms.iterrows()]
    return EventView(
        event_id=str(e["event_id"]),
        title=str(e["title"]),
        date=date_label(e["date_start"], e["date_end"], str(e["precision"]), str(e.get("date_text", "") or "")),
        precision=str(e["precision"]) or "undated",
        basis=str(e["basis"]),
        status=str(e["status"]),
        category=str(e["category"]),
        actors=_list(e.get("actors")),
        location=str(e.get("location", "")),
        sources=_list(e.get("outlets", e.get("sources"))),
        is_span=bool(e.get("is_span", False)),
        date_conflict=bool(e.get("date_conflict", False)),
        mentions=views,
    )


def _mention_view(m: pd.Series, docs: pd.DataFrame, input_dir: Path | None, read_text) -> MentionView:
    """A mention with its quote found again in its document (or why it was not)."""
    doc_id = str(m.get("doc_id", ""))
    doc = docs.loc[doc_id] if doc_id in docs.index else None
    if isinstance(doc, pd.DataFrame):
        doc = doc.iloc[0]
    text = read_text(input_dir, str(doc["path"])) if (doc is not None and input_dir) else None
    if text is None and doc is not None and isinstance(doc.get("text"), str) and doc.get("text"):
        text = doc["text"]
    quote = str(m.get("quote", ""))
    span = locate(text, quote, _int(m.get("char_start")), _int(m.get("char_end"))) if text else None
    problem = ""
    if text is None:
        problem = "the document could not be read" if doc is not None else "the document is not in the store"
    elif span is None:
        problem = "the quote was not found in the document as it reads now"
    before = found = after = ""
    if span:
        a, b = span
        before, found, after = _context(text, a, b)
    return MentionView(
        mention_id=str(m.get("mention_id", "")),
        doc_id=doc_id,
        outlet=str(doc["outlet"]) if doc is not None else "",
        doc_title=str(doc["title"]) if doc is not None else "",
        published=store_dates.to_text(doc["published"]) if doc is not None else "",
        quote=quote,
        date_text=str(m.get("date_text", "")),
        date=date_label(m.get("date_start"), m.get("date_end"), str(m.get("precision", ""))),
        basis=str(m.get("basis", "")),
        before=before,
        found=found,
        after=after,
        problem=problem,
    )


@dataclass(frozen=True)
class Article:
    """The mentions of an event in one document, under that document's header."""

    doc_id: str
    header: str  # outlet · title (the document's id when it has neither) · publication date
    mentions: list[MentionView]


def by_article(mentions: list[MentionView]) -> list[Article]:
    """Mentions grouped by their document, documents in the order they are first mentioned, so
    each article's header is shown once however many of its sentences report the event."""
    groups: dict[str, list[MentionView]] = {}
    for m in mentions:
        groups.setdefault(m.doc_id, []).append(m)
    out = []
    for doc_id, ms in groups.items():
        m = ms[0]
        named = [x for x in (m.outlet, m.doc_title) if x] or [m.doc_id]  # an id only when nothing names it
        header = " · ".join(named + ([f"published {m.published}"] if m.published else []))
        out.append(Article(doc_id, header, ms))
    return out


def known_dates(events: pd.DataFrame, mentions: pd.DataFrame, documents: pd.DataFrame) -> list[str]:
    """For undated events, what is known of when: the date words that could not be placed, else the
    publication dates of the articles that report it ("≈" where a date was inferred), one per event."""
    pub = {}
    if len(documents) and "published" in documents:
        basis = documents["published_basis"] if "published_basis" in documents else pd.Series("", index=documents.index)
        for d, p, b in zip(documents["doc_id"].astype(str), store_dates.as_text(documents["published"]), basis):
            if p:
                pub[d] = ("≈ " if str(b) == "inferred" else "") + p[:10]
    docs_of: dict[str, list[str]] = {}
    if len(mentions):
        for e, d in zip(mentions["event_id"].astype(str), mentions["doc_id"].astype(str)):
            docs_of.setdefault(e, [])
            if d not in docs_of[e]:
                docs_of[e].append(d)
    texts = events["date_text"].fillna("").astype(str) if "date_text" in events else pd.Series("", index=events.index)
    out = []
    for event_id, text in zip(events["event_id"].astype(str), texts):
        if text.strip():
            out.append(f"“{' '.join(text.split())}” (not placed on a date)")
            continue
        dates = sorted({pub[d] for d in docs_of.get(event_id, []) if d in pub}, key=lambda v: v.lstrip("≈ "))
        if not dates:
            out.append("none in the text")
        elif len(dates) == 1:
            out.append(f"none in the text; published {dates[0]}")
        else:
            out.append(f"none in the text; published {dates[0]} to {dates[-1]}")
    return out


def document_text(input_dir: Path | None, rel_path: str) -> str | None:
    """The document's text as the pipeline read it (offsets point into it); None if unreadable or outside."""
    if not input_dir or not rel_path:
        return None
    from events.reading import ingest
    from events.settings import Settings

    root = Path(input_dir).resolve()
    path = (root / rel_path).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        return None
    try:
        result = ingest.read_file(path, rel_path, root, Settings())
    except Exception:  # a document we cannot read is shown as its quote only
        log.debug(f"{path}: reading the document failed", exc_info=True)
        return None
    if isinstance(result, ingest.Skipped):
        return None
    return result[1]


def locate(text: str, quote: str, start: int | None, end: int | None) -> tuple[int, int] | None:
    """Where ``quote`` is in ``text``: at its offsets if they still hold, else its first occurrence."""
    if not quote:
        return None
    if start is not None and end is not None and 0 <= start < end <= len(text) and text[start:end] == quote:
        return start, end
    at = text.find(quote)
    if at >= 0:
        return at, at + len(quote)
    words = [re.escape(w) for w in quote.split()]
    if words:
        m = re.search(r"\s+".join(words), text)
        if m:
            return m.start(), m.end()
    return None


def highlight(before: str, quote: str, after: str) -> str:
    """Markdown for the document text around a quote, the quote highlighted; all text escaped."""
    return f"{md(before)}:orange-background[**{md(' '.join(quote.split()))}**]{md(after)}"


def _context(text: str, a: int, b: int) -> tuple[str, str, str]:
    lo, hi = max(0, a - CONTEXT), min(len(text), b + CONTEXT)
    before, after = text[lo:a], text[b:hi]
    if lo > 0:
        before = "…" + (before[before.index(" ") + 1 :] if " " in before else before)
    if hi < len(text):
        after = (after[: after.rindex(" ")] if " " in after else after) + "…"
    return before, text[a:b], after


def _int(v) -> int | None:
    try:
        return int(v)
    except (TypeError, ValueError):
        return None


def _list(v) -> list[str]:
    if v is None or isinstance(v, str):
        return [v] if v else []
    try:
        return [str(x) for x in v]
    except TypeError:
        return []


def plain(text, n: int = 120) -> str:
    """One line of at most ``n`` characters (for widget labels, which show text as is)."""
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"
