"""Salience: how important an event is to the collection, for labels, the brief mode and key dates.

An event's score is a sum of named terms (``explain`` gives them one by one), with the weights and thresholds
of resources/salience.toml:

- reports: the independent documents that tell it as news (log scale). A document published more than
  ``later_days`` after the event's date tells it as background ("pounding targets since March 19" in a June
  article), not as a new report;
- outlets: the distinct outlets among those documents (log scale: a single outlet adds nothing);
- lookback: the documents that tell it as background, later articles looking back to it (log scale: the
  first few mark it, their repetition adds little);
- background: minus the share of its mentions that are background lines (the setting of later news is not
  news itself);
- retold: minus how closely it retells a more important event of the same day (TF-IDF cosine of their text
  apart from what the whole collection shares): the same news told again in other words is not another key
  event;
- topicality: how close its text is to the collection's centre (TF-IDF over the documents, each document the
  sentences the build kept of it), as a share of what the collection's more topical events reach: an off-topic
  market tick, a sports result or another country's news in a digest sinks;
- lead: whether a mention stands at the top of its article (news puts the main event first);
- content: what happened (content categories) over what was said about it (communication categories).

Every term is scaled by the precision of the event's date (``scale``: a day counts in full, a year little), so
a vaguely dated event never outranks precise ones by being vague. A reader's message quoted on a live page or
a blog (``reader_message``: the ``[[reader]]`` patterns) counts for nothing: it is no report, no part of the
collection's centre, and an event told only by such messages scores 0.

The score is rounded and kept in ``salience`` (a retelling can fall below 0). ``key_dates`` ranks the days
themselves (events.merging.keydates).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import lru_cache

import numpy as np

from events.records import Document, Event, Mention
from events.resources import load

TERMS = ("reports", "outlets", "lookback", "background", "retold", "topicality", "lead", "content")
COARSE = frozenset({"month", "quarter", "year", "decade"})


@lru_cache(maxsize=1)
def _cfg() -> dict:
    return load("salience")


@lru_cache(maxsize=1)
def communication() -> frozenset[str]:
    """The categories of what was said (categories.toml: ``kind = "communication"``), not of what happened."""
    return frozenset(
        name for name, spec in load("categories")["category"].items() if spec.get("kind") == "communication"
    )


@lru_cache(maxsize=1)
def _reader_patterns() -> tuple[tuple[str, re.Pattern], ...]:
    return tuple(
        (p["name"], re.compile(p["regex"], 0 if p.get("case_sensitive") else re.IGNORECASE)) for p in _cfg()["reader"]
    )


def reader_message(quote: str) -> str:
    """The name of the ``[[reader]]`` pattern the sentence matches (a reader's message: "Paul Bertoni in
    Petionville e-mails: ...", "Below the line, bombed writes: ..."), or '' for any other sentence."""
    for name, rx in _reader_patterns():
        if rx.search(quote):
            return name
    return ""


# ---- the date references a collection makes (the hand-weighted key dates read them) --------------------


def _date_key(precision: str, start) -> tuple | None:
    return (precision, start) if start is not None and precision else None


def reference_counts(
    refs_by_doc: dict[str, Iterable[tuple[str, dt.date]]], published: dict[str, dt.date], weights: dict | None = None
) -> dict[tuple, float]:
    """(precision, first day) -> how many documents refer to that date; for a day, those published more than
    ``later_days`` after it count ``later_weight`` more (looking back to a day marks it), and the documents
    published on the day or the next add ``published_weight`` each (coverage peaks after a key event)."""
    cfg = {**_cfg()["key_dates"], **(weights or {})}  # weights: later_days, later_weight, published_weight
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
    return reference_counts(*refs_and_published(documents, mentions))


def refs_and_published(documents: list[Document], mentions: Iterable[Mention] = ()) -> tuple[dict, dict]:
    """Each document's date references (its mentions' dates where it has none) and its publication date."""
    refs: dict[str, set] = {d.doc_id: set(d.date_refs) for d in documents}
    by_mentions: dict[str, set] = defaultdict(set)
    for m in mentions:
        key = _date_key(m.precision, m.date_start)
        if key is not None:
            by_mentions[m.doc_id].add(key)
    for doc_id, keys in by_mentions.items():
        if not refs.get(doc_id):
            refs[doc_id] = keys
    return refs, {d.doc_id: d.published for d in documents if d.published is not None}


def key_dates(
    refs_by_doc: dict[str, Iterable[tuple[str, dt.date]]],
    published: dict[str, dt.date],
    weights: dict | None = None,
    best: dict[dt.date, float] | None = None,
    ranker: str | None = None,
) -> list:
    """The days the collection refers to, as (day, score), most important first: the story's key dates,
    whether or not a sentence of its own is dated to them. ``best``: the salience of each day's most salient
    event. ``ranker``: "hand" (the weights of salience.toml) or "learned" (the model of keydates.toml);
    by default the one keydates.toml says ranks better out of story."""
    from events.merging import keydates

    return keydates.rank(refs_by_doc, published, best or {}, weights=weights, ranker=ranker)


# ---- an event's terms ----------------------------------------------------------------------------------


def _lead(m: Mention, doc_chars: dict[str, int], cfg: dict) -> float:
    """1 for a mention among the article's first characters, falling to 0 at ``lead_fraction`` of it."""
    n = doc_chars.get(m.doc_id) or 0
    if m.char_start < cfg["lead_chars"]:
        return 1.0
    if n <= 0:
        return 0.0
    return max(0.0, 1.0 - m.char_start / (cfg["lead_fraction"] * n))


def _anchor(e: Event) -> dt.date | None:
    """The day a report of the event is measured from: its first day, or for a coarse date (a month, a
    year) its last, so a year's event told within the year is news."""
    if e.precision in COARSE and e.date_end is not None:
        return e.date_end
    return e.date_start


def _space(told: dict[str, list[Mention]], documents: list[Document]):
    """A TF-IDF vectorizer fitted over the documents (each document the sentences kept of it, and its title)
    and the unit vector of the collection's centre; (None, None) when the collection has no words to weigh."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    by_doc: dict[str, list[str]] = defaultdict(list)
    for ms in told.values():
        for m in ms:
            by_doc[m.doc_id].append(m.quote)
    texts = [" ".join([d.title, *dict.fromkeys(by_doc.get(d.doc_id, ()))]).strip() for d in documents]
    vec = TfidfVectorizer(
        stop_words="english", sublinear_tf=True, token_pattern=r"(?u)\b[A-Za-z][A-Za-z'-]+\b", dtype=np.float32
    )
    try:
        docs = vec.fit_transform([t for t in texts if t])
    except ValueError:  # no word left once stop words are out
        return None, None
    centre = np.asarray(docs.mean(axis=0)).ravel()
    norm = float(np.linalg.norm(centre))
    return (vec, centre / norm) if norm > 0 else (None, None)


def explain(events: list[Event], mentions: list[Mention], documents: Iterable[Document]) -> dict[str, dict]:
    """event_id -> {term: value} (``TERMS``, each weighted and scaled by the date's precision): the parts
    ``score`` adds up."""
    cfg = _cfg()
    w, scale = cfg["weights"], cfg["scale"]
    documents = list(documents)
    published = {d.doc_id: d.published for d in documents}
    outlet = {d.doc_id: d.outlet or d.doc_id for d in documents}
    doc_chars = {d.doc_id: d.n_chars or len(d.text) for d in documents}
    by_id = {m.mention_id: m for m in mentions}
    told: dict[str, list[Mention]] = {}  # the mentions that count: no reader's message
    for e in events:
        told[e.event_id] = [by_id[i] for i in e.mention_ids if i in by_id and not reader_message(by_id[i].quote)]
    vec, centre = _space(told, documents)
    sim = np.zeros(len(events))
    if vec is not None:
        rows = vec.transform([" ".join(dict.fromkeys(m.quote for m in told[e.event_id])) for e in events])
        sim = np.asarray(rows @ centre).ravel()
    counted = [i for i, e in enumerate(events) if told[e.event_id]]
    top = cfg["topicality"]
    ref = float(np.quantile(sim[counted], top["quantile"])) if counted else 0.0
    said = communication()
    later = dt.timedelta(days=cfg["later_days"])
    out: dict[str, dict] = {}
    for i, e in enumerate(events):
        ms = told[e.event_id]
        if not ms:
            out[e.event_id] = dict.fromkeys(TERMS, 0.0)
            continue
        anchor = _anchor(e)
        news, looking_back, behind = set(), set(), 0
        for m in ms:
            p = published.get(m.doc_id)
            if anchor is not None and p is not None and p > anchor + later:
                looking_back.add(m.doc_id)
                behind += 1
            else:
                news.add(m.doc_id)
        k = scale.get(e.precision or "undated", 0.0)
        out[e.event_id] = {
            "reports": k * w["reports"] * math.log2(1 + len(news)),
            "outlets": k * w["outlets"] * math.log2(max(1, len({outlet.get(d, d) for d in news}))),
            "lookback": k * w["lookback"] * math.log2(1 + len(looking_back)),
            "background": -k * w["background"] * behind / len(ms),
            "retold": 0.0,
            "topicality": k * w["topicality"] * (min(1.0, max(0.0, float(sim[i])) / ref) if ref > 0 else 0.0),
            "lead": k * w["lead"] * max(_lead(m, doc_chars, cfg) for m in ms),
            "content": 0.0 if e.category in said else k * w["content"],
        }
    if vec is not None:
        _retold(events, out, told, vec, centre, w["retold"] * scale["day"])
    return out


def _retold(events: list[Event], terms: dict[str, dict], told: dict, vec, centre: np.ndarray, weight: float) -> None:
    """Set each day's events' ``retold`` term: minus ``weight`` times the highest cosine between a sentence
    telling the event and one telling a more important event of the same day (ranked by the other terms),
    both taken apart from the collection's centre: what every article of the story shares ("BP", "oil",
    "well") is no sign of a retelling, the particulars ("7.0-magnitude", "Port-au-Prince") are."""
    days: dict[dt.date, list[int]] = defaultdict(list)
    for i, e in enumerate(events):
        if e.precision == "day" and e.date_start is not None and any(terms[e.event_id].values()):
            days[e.date_start].append(i)
    for idx in days.values():
        if len(idx) < 2:
            continue
        idx.sort(key=lambda i: (-sum(terms[events[i].event_id].values()), events[i].event_id))
        quotes = [list(dict.fromkeys(m.quote for m in told[events[i].event_id])) for i in idx]
        bounds = np.cumsum([0] + [len(q) for q in quotes])
        v = vec.transform([q for qs in quotes for q in qs])
        on = np.asarray(v @ centre).ravel()  # each sentence's share of the centre
        rest = np.sqrt(np.clip(1.0 - on**2, 1e-12, None))
        for pos in range(1, len(idx)):  # one block at a time: memory grows with the day, not its square
            a, b = slice(bounds[pos], bounds[pos + 1]), slice(0, bounds[pos])
            cos = ((v[a] @ v[b].T).toarray() - np.outer(on[a], on[b])) / np.outer(rest[a], rest[b])
            terms[events[idx[pos]].event_id]["retold"] = -weight * float(np.clip(cos, 0.0, 1.0).max())


def score(events: list[Event], mentions: list[Mention], documents: Iterable[Document]) -> list[Event]:
    """The events with ``salience`` set: the sum of ``explain``'s terms, rounded to 3 decimals (so rebuilds
    give the same number)."""
    terms = explain(events, mentions, documents)
    return [dataclasses.replace(e, salience=round(sum(terms[e.event_id].values()), 3) + 0.0) for e in events]
