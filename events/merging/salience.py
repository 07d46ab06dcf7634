"""Salience: how much an event matters to the collection, for ranking key dates, labels and brief mode.

An event's score adds, with the weights of resources/salience.toml:

- corroboration: how many documents report it (log scale);
- date references: how many documents of the collection refer to its date at its precision, in any
  clause and whatever event they tell ("since the April 20 explosion": a day the collection keeps coming
  back to is a key date); a reference from a document published a week or more later counts again
  (looking back to a day marks it), and for a day, the documents published on it or the day after count
  in part (coverage peaks after a key event);
- position: whether a mention stands at the top of its article (news puts the main event first);
- specificity: how precisely it is dated (a day over a year; undated events score lowest);
- kind: what happened (content categories) over what was said about it (communication categories).

The score is a plain sum, so it can be explained term by term; the store keeps it in ``salience``.
``key_dates`` ranks the days themselves by their references: a story's key dates.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import lru_cache

from events.records import Document, Event, Mention
from events.resources import load


@lru_cache(maxsize=1)
def _cfg() -> dict:
    return load("salience")


@lru_cache(maxsize=1)
def communication() -> frozenset[str]:
    """The categories of what was said (categories.toml: ``kind = "communication"``), not of what happened."""
    return frozenset(
        name for name, spec in load("categories")["category"].items() if spec.get("kind") == "communication"
    )


def _date_key(precision: str, start) -> tuple | None:
    return (precision, start) if start is not None and precision else None


def reference_counts(
    refs_by_doc: dict[str, Iterable[tuple[str, dt.date]]], published: dict[str, dt.date], weights: dict | None = None
) -> dict[tuple, float]:
    """(precision, first day) -> how many documents refer to that date; for a day, those published more than
    ``later_days`` after it count ``later_weight`` more (looking back to a day marks it), and the documents
    published on the day or the next add ``published_weight`` each (coverage peaks after a key event)."""
    cfg = {**_cfg(), **(weights or {})}  # weights: later_days, later_weight, published_weight to try others
    docs: dict[tuple, set[str]] = defaultdict(set)
    for doc_id, refs in refs_by_doc.items():
        for precision, start in refs:
            docs[precision, start].add(doc_id)
    per_day = Counter(published.values())
    later = dt.timedelta(days=cfg["later_days"])
    out = {}
    for (precision, start), ids in docs.items():
        n = len(ids)
        if precision == "day":
            n += cfg["later_weight"] * sum(1 for d in ids if published.get(d) and published[d] > start + later)
            n += cfg["published_weight"] * (per_day[start] + per_day[start + dt.timedelta(days=1)])
        out[precision, start] = n
    return out


def date_references(documents: Iterable[Document], mentions: Iterable[Mention] = ()) -> dict[tuple, float]:
    """``reference_counts`` over the documents' ``date_refs`` (a document without them, as one built by
    hand, refers to the dates of its mentions)."""
    documents = list(documents)
    refs: dict[str, set] = {d.doc_id: set(d.date_refs) for d in documents}
    by_mentions: dict[str, set] = defaultdict(set)
    for m in mentions:
        key = _date_key(m.precision, m.date_start)
        if key is not None:
            by_mentions[m.doc_id].add(key)
    for doc_id, keys in by_mentions.items():
        if not refs.get(doc_id):
            refs[doc_id] = keys
    return reference_counts(refs, {d.doc_id: d.published for d in documents if d.published is not None})


def key_dates(
    refs_by_doc: dict[str, Iterable[tuple[str, dt.date]]], published: dict[str, dt.date], weights: dict | None = None
) -> list:
    """The days the collection refers to, as (day, weight), most referred first (ties: earlier first): the
    story's key dates, whether or not a sentence of its own is dated to them."""
    counts = reference_counts(refs_by_doc, published, weights)
    days = [(start, n) for (precision, start), n in counts.items() if precision == "day"]
    return sorted(days, key=lambda x: (-x[1], x[0]))


def _lead(m: Mention, doc_chars: dict[str, int], cfg: dict) -> float:
    """1 for a mention among the article's first characters, falling to 0 at ``lead_fraction`` of it."""
    n = doc_chars.get(m.doc_id) or 0
    if m.char_start < cfg["lead_chars"]:
        return 1.0
    if n <= 0:
        return 0.0
    return max(0.0, 1.0 - m.char_start / (cfg["lead_fraction"] * n))


def score(events: list[Event], mentions: list[Mention], documents: Iterable[Document]) -> list[Event]:
    """The events with ``salience`` set (rounded to 3 decimals, so rebuilds give the same number)."""
    cfg = _cfg()
    w = cfg["weights"]
    documents = list(documents)
    refs = date_references(documents, mentions)
    doc_chars = {d.doc_id: d.n_chars or len(d.text) for d in documents}
    by_id = {m.mention_id: m for m in mentions}
    said = communication()
    out = []
    for e in events:
        members = [by_id[i] for i in e.mention_ids if i in by_id]
        key = _date_key(e.precision, e.date_start)
        s = (
            w["sources"] * math.log2(1 + e.source_count)
            + w["date_references"] * math.log2(1 + (refs.get(key, 0) if key else 0))
            + w["lead"] * max((_lead(m, doc_chars, cfg) for m in members), default=0.0)
            + w["specificity"] * cfg["specificity"].get(e.precision or "undated", 0.0)
            + (0.0 if e.category in said else w["content"])
        )
        out.append(dataclasses.replace(e, salience=round(s, 3)))
    return out
