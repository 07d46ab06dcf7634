"""Merging: mentions of the same real-world event become one Event.

A first version: each mention is its own event. Event ids are stable: a hash of the
sorted mention ids, which are themselves hashes of (doc_id, offsets).
"""

from __future__ import annotations

import dataclasses
import hashlib

from events.records import Event, Mention

BASIS_RANK = {"explicit": 0, "relative": 1, "inferred": 2, "undated": 3}
PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "quarter": 3, "year": 4, "decade": 5, "": 9}


def event_id(mention_ids) -> str:
    return "ev-" + hashlib.sha1("|".join(sorted(mention_ids)).encode()).hexdigest()[:10]


def best_dated(group: list[Mention]) -> Mention:
    return min(group, key=lambda m: (BASIS_RANK.get(m.basis, 9), PRECISION_RANK.get(m.precision, 9), m.mention_id))


def to_event(group: list[Mention]) -> Event:
    best = best_dated(group)
    ids = tuple(sorted(m.mention_id for m in group))
    sources = tuple(sorted({m.doc_id for m in group}))
    dated = {(m.date_start, m.date_end) for m in group if m.date_start}
    return Event(
        event_id=event_id(ids),
        date_start=best.date_start,
        date_end=best.date_end,
        precision=best.precision,
        basis=best.basis,
        is_span=best.is_span,
        title=best.title,
        description=best.quote,
        actors=tuple(sorted({a for m in group for a in m.actors})),
        category=best.category,
        status=best.status,
        location=best.location,
        sources=sources,
        source_count=len(sources),
        mention_ids=ids,
        date_text=best.date_text,
        date_conflict=len(dated) > 1,
    )


def merge(mentions: list[Mention]) -> tuple[list[Event], list[Mention]]:
    groups = [[m] for m in mentions]
    events = []
    out_mentions = []
    for g in groups:
        ev = to_event(g)
        events.append(ev)
        out_mentions.extend(dataclasses.replace(m, event_id=ev.event_id) for m in g)
    return events, out_mentions
