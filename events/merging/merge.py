"""Merging: mentions of the same real-world event, in one document or many, become one Event.

Mentions are taken best-grounded first (explicit > relative > inferred > undated, finer precision first),
so every event is founded by its best-dated mention and takes that date. Each later mention joins the
event it shares the most key terms with (weighted by rarity), when the share is high enough and the dates
are compatible; undated mentions join dated events. Candidates come from an inverted index of the rarer
terms (by week for dated mentions, rarest terms first and capped for undated ones, see ``_Index``), and an
event no member of which can score enough is skipped before scoring, so the work grows with the number of
mentions, not its square. Thresholds: resources/merge.toml.

Event ids are a hash of the founding mention's id (itself a hash of document and offsets): the same
inputs give the same ids on every rebuild.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from events.records import Event, Mention
from events.resources import load

BASIS_RANK = {"explicit": 0, "relative": 1, "inferred": 2, "undated": 3}
PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "quarter": 3, "year": 4, "decade": 5, "": 9}
STATUS_ORDER = ("confirmed", "claimed", "planned", "reported")


@lru_cache(maxsize=1)
def _cfg() -> dict:
    return load("merge")


def event_id(mention_id: str) -> str:
    return "ev-" + hashlib.sha1(mention_id.encode()).hexdigest()[:10]


def grounding(m: Mention) -> tuple:
    """Sort key: best-grounded first, then a stable order."""
    return (BASIS_RANK.get(m.basis, 9), PRECISION_RANK.get(m.precision, 9), m.doc_id, m.char_start, m.mention_id)


def best_dated(group: list[Mention]) -> Mention:
    return min(group, key=grounding)


@dataclass
class _Cluster:
    founder: Mention
    members: list[Mention] = field(default_factory=list)
    terms: Counter = field(default_factory=Counter)
    sentences: set = field(default_factory=set)
    compared: list[tuple[frozenset, float]] = field(default_factory=list)  # first members: terms, weight
    compared_terms: set = field(default_factory=set)  # all their terms
    least_total: float = math.inf  # the smallest of their weights
    indexed: set = field(default_factory=set)  # the terms the event can be found by

    def add(self, m: Mention, w: "_Weights") -> None:
        self.members.append(m)
        self.terms.update(set(m.key_terms))
        self.sentences.add((m.doc_id, m.char_start))
        if len(self.compared) < _cfg()["max_compare"]:
            terms = frozenset(m.key_terms)
            self.compared.append((terms, w.total(terms)))
            self.compared_terms |= terms
            self.least_total = min(self.least_total, w.total(terms))

    def bound(self, terms: frozenset, total: float, w: "_Weights") -> tuple[float, int]:
        """At most what ``similarity`` can give (score and terms shared), for skipping hopeless events."""
        shared = terms & self.compared_terms
        if len(shared) < _cfg()["min_shared"]:
            return 0.0, len(shared)  # no member shares enough terms (the score does not matter)
        return sum(map(w.weight.__getitem__, shared)) / max(min(total, self.least_total), w.floor), len(shared)


_ONE_DAY = dt.timedelta(days=1)


@lru_cache(maxsize=1)
def _cycle() -> dt.timedelta:
    return dt.timedelta(days=_cfg()["undated_window_days"])


def _overlaps(a: Mention, b: Mention) -> bool:
    return a.date_start <= b.date_end and b.date_start <= a.date_end


def _gap_days(a: Mention, b: Mention) -> int:
    if _overlaps(a, b):
        return 0
    return min(abs((a.date_start - b.date_end).days), abs((b.date_start - a.date_end).days))


class _Weights:
    """Term weights: rarer terms weigh more; a term no other document uses cannot tell events apart,
    so it does not count against a match."""

    def __init__(self, mentions: list[Mention]):
        self.n = max(1, len(mentions))
        self.df = Counter(t for m in mentions for t in set(m.key_terms))
        docs: dict[str, set] = defaultdict(set)
        for m in mentions:
            for t in m.key_terms:
                docs[t].add(m.doc_id)
        self.doc_df = {t: len(d) for t, d in docs.items()}
        self.n_docs = max(1, len({m.doc_id for m in mentions}))
        # a match must carry at least the weight of `floor_terms` names shared by just two documents
        self.floor = math.log((self.n_docs + 1) / 2.5) * _cfg()["floor_terms"]
        common = _cfg()["common_weight"]
        cap = max(_cfg()["min_df_cap"], _cfg()["max_df_share"] * self.n)
        self.weight = {}
        for t, n_docs in self.doc_df.items():
            named = any(c.isupper() or c.isdigit() for c in t)
            self.weight[t] = (1.0 if named else common) * math.log((self.n_docs + 1) / (n_docs + 0.5))
        self.block = {t for t, n in self.df.items() if n <= cap}
        self._totals: dict[frozenset, float] = {}

    def idf(self, term: str) -> float:
        """Rarity over documents; a common word (no capital, no digit) weighs less than a name."""
        return self.weight.get(term, 0.0)

    def total(self, terms: frozenset) -> float:
        if terms not in self._totals:
            self._totals[terms] = sum(self.weight[t] for t in terms if self.doc_df.get(t, 0) > 1) or 1.0
        return self._totals[terms]

    def blocking(self, term: str) -> bool:
        return term in self.block


def _pair(a: frozenset, total_a: float, b: frozenset, total_b: float, w: _Weights) -> tuple[float, int]:
    """Weighted overlap coefficient of two term sets (with their weight totals), and how many terms they share."""
    if not a or not b:
        return 0.0, 0
    shared = a & b
    return sum(w.idf(t) for t in shared) / max(min(total_a, total_b), w.floor), len(shared)


def similarity(terms: frozenset, total: float, c: _Cluster, w: _Weights) -> tuple[float, int]:
    """The best overlap of a mention's terms with one of the event's first members (single link, each
    link strong)."""
    best = (0.0, 0)
    for other, other_total in c.compared:
        best = max(best, _pair(terms, total, other, other_total, w))
    return best


def _joinable(m: Mention, c: _Cluster, score: float, shared: int, published: dict | None = None) -> bool:
    cfg = _cfg()
    if (m.doc_id, m.char_start) in c.sentences or shared < cfg["min_shared"]:
        return False  # a sentence's nominal mention is a different event
    f = c.founder
    need = cfg["threshold"]
    if m.date_start is None and f.date_start is not None:
        # an undated sentence brings no date evidence: only a strong match, and only from a document
        # published in the event's news cycle (not before it happened, not months later as background)
        need = max(need, cfg["undated_threshold"])
        day = (published or {}).get(m.doc_id)
        if day is not None and not (f.date_start - _ONE_DAY <= day <= f.date_end + _cycle()):
            return False
    if m.category != f.category:
        if m.category not in cfg["communication"] or f.category in cfg["communication"]:
            return False  # what happened does not join what was said about something else
        need = cfg["strong_threshold"]
    if m.date_start is not None and f.date_start is not None and not _overlaps(m, f):
        if _gap_days(m, f) > cfg["conflict_days"] or PRECISION_RANK[m.precision] > PRECISION_RANK["week"]:
            return False
        if "inferred" not in (m.basis, f.basis):  # two firm dates that disagree: only a strong match
            need = max(need, cfg["strong_threshold"])
    return score >= need


class _Index:
    """Where to look for the events a mention may join (blocking), so the work grows with the number of
    mentions, not its square.

    An event is found by the rarer terms of its members. A dated mention can only join an event whose
    founding date is within ``conflict_days`` of its own, so events are filed under (term, week) for every
    week their date reaches, widened by ``conflict_days`` (an event dated more loosely than
    ``long_days`` under the term alone); a dated mention looks in the weeks its own date covers. An undated
    mention may join an event of any date: it looks under the term alone, at the events most recently filed.
    """

    def __init__(self) -> None:
        cfg = _cfg()
        self.recent = cfg["max_candidates_per_term"]
        self.recent_undated = cfg["max_undated_candidates_per_term"]
        self.most_undated = cfg["max_undated_candidates"]
        self.slack = dt.timedelta(days=cfg["conflict_days"])
        self.long_days = cfg["long_days"]
        self.communication = frozenset(cfg["communication"])
        self.content: set[str] = set()  # the content categories events have
        # keyed by the founder's category too: a mention never joins an event of another content category
        self.by_term: dict[tuple[str, str], list[int]] = defaultdict(list)
        self.by_week: dict[tuple[str, int], list[int]] = defaultdict(list)  # without the category
        self.loose: dict[tuple[str, str], list[int]] = defaultdict(list)

    @staticmethod
    def _weeks(start: dt.date, end: dt.date, slack: dt.timedelta = dt.timedelta(0)) -> range:
        """The weeks from start to end, widened by ``slack`` on both sides (counted in days, so a date at the
        calendar's ends, 0001-01-01 or 9999-12-31, widens past them without overflowing)."""
        return range((start.toordinal() - slack.days) // 7, (end.toordinal() + slack.days) // 7 + 1)

    def file(self, i: int, c: _Cluster, terms) -> None:
        f = c.founder
        cat = f.category
        if cat not in self.communication:
            self.content.add(cat)
        new = [t for t in terms if t not in c.indexed]
        c.indexed.update(new)
        for t in new:
            self.by_term[t, cat].append(i)
        if f.date_start is None:
            return
        if (f.date_end - f.date_start).days > self.long_days:
            for t in new:
                self.loose[t, cat].append(i)
            return
        weeks = self._weeks(f.date_start, f.date_end, self.slack)
        for t in new:
            for wk in weeks:
                self.by_week[t, wk].append(i)

    def candidates(self, m: Mention, terms) -> set[int]:
        """The events m may join, found by its blocking terms (a superset of the joinable ones, but for
        the caps on how many per term)."""
        cats = [m.category, *(self.content if m.category in self.communication else ())]
        if m.date_start is None:  # terms come rarest first: stop when enough events are found
            n, out = self.recent_undated, set()
            for t in terms:
                for cat in cats:
                    out.update(self.by_term.get((t, cat), ())[-n:])
                if len(out) >= self.most_undated:
                    break
            return out
        n = self.recent
        out = {i for t in terms for cat in cats for i in self.loose.get((t, cat), ())[-n:]}
        weeks = self._weeks(m.date_start, m.date_end)
        for t in terms:
            for wk in weeks:
                out.update(self.by_week.get((t, wk), ())[-n:])
        return out


def cluster(
    mentions: list[Mention], stats: Counter | None = None, published: dict | None = None
) -> list[list[Mention]]:
    """Groups of mentions that tell the same event, each group founder first.

    Dated mentions go first (best-grounded first); then each undated mention joins the dated event it
    matches best (see _joinable: ``published``, doc_id -> publication date, bounds which documents' undated
    sentences may join); only the undated mentions left over form events of their own. ``stats``, if given,
    counts the mentions placed ("placed"), the events looked at ("candidates") and the events
    scored ("scored") for them; "_dated" keys count for the dated mentions.
    """
    stats = Counter() if stats is None else stats
    w = _Weights(mentions)
    clusters: list[_Cluster] = []
    index = _Index()
    ordered = sorted(mentions, key=grounding)
    dated = [m for m in ordered if m.date_start is not None]
    undated = [m for m in ordered if m.date_start is None]
    for m in dated:
        _place(m, clusters, index, w, stats, create=True)
    leftover = [m for m in undated if not _place(m, clusters, index, w, stats, create=False, published=published)]
    for m in leftover:
        _place(m, clusters, index, w, stats, create=True, published=published)
    return [c.members for c in clusters]


def _place(
    m: Mention,
    clusters: list[_Cluster],
    index: _Index,
    w: _Weights,
    stats: Counter,
    create: bool,
    published: dict | None = None,
) -> bool:
    """Add m to its best event (or a new one when create); False if it found none and may not create."""
    blocking = sorted((t for t in set(m.key_terms) if w.blocking(t)), key=lambda t: (w.df[t], t))  # rarest first
    terms = frozenset(m.key_terms)
    total = w.total(terms)
    best, best_score = None, 0.0
    stats["placed"] += 1
    found = index.candidates(m, blocking)
    stats["candidates" if m.date_start is None else "candidates_dated"] += len(found)
    for i in sorted(found):
        if not _joinable(m, clusters[i], 1.0, 99, published):  # cheap checks (category, dates) first
            continue
        most, most_shared = clusters[i].bound(terms, total, w)
        if most <= best_score or not _joinable(m, clusters[i], most, most_shared, published):
            continue  # no member can score enough: the exact score cannot change the choice
        stats["scored" if m.date_start is None else "scored_dated"] += 1
        score, shared = similarity(terms, total, clusters[i], w)
        if score > best_score and _joinable(m, clusters[i], score, shared, published):
            best, best_score = i, score
    if best is None:
        if not create:
            return False
        clusters.append(_Cluster(m))
        best = len(clusters) - 1
    clusters[best].add(m, w)
    index.file(best, clusters[best], blocking)
    return True


def _status(group: list[Mention], founder: Mention) -> str:
    statuses = {m.status for m in group}
    if "denied" in statuses:
        return "disputed" if len(statuses) > 1 else "denied"
    if "disputed" in statuses:
        return "disputed"
    if founder.status in ("planned", "claimed") and "confirmed" not in statuses:
        return founder.status
    for s in STATUS_ORDER:
        if s in statuses:
            return s
    return founder.status


def to_event(group: list[Mention]) -> Event:
    best = best_dated(group)
    ids = tuple(sorted(m.mention_id for m in group))
    sources = tuple(sorted({m.doc_id for m in group}))
    conflict = any(m.date_start is not None and best.date_start is not None and not _overlaps(m, best) for m in group)
    places = Counter(m.location for m in group if m.location)
    location = max(places, key=lambda p: (places[p], p == best.location)) if places else ""
    return Event(
        event_id=event_id(best.mention_id),
        date_start=best.date_start,
        date_end=best.date_end,
        precision=best.precision,
        basis=best.basis,
        is_span=best.is_span,
        title=best.title,
        description=best.quote,
        actors=tuple(sorted({a for m in group for a in m.actors})),
        category=best.category,
        status=_status(group, best),
        location=location,
        sources=sources,
        source_count=len(sources),
        mention_ids=ids,
        date_text=best.date_text,
        date_conflict=conflict,
        roles=tuple(sorted({r for m in group for r in m.roles})),
    )


def merge(mentions: list[Mention], published: dict | None = None) -> tuple[list[Event], list[Mention]]:
    """(events, the mentions with their event_id set); events in date order, undated last.
    ``published``: doc_id -> publication date, where known (see cluster)."""
    events: list[Event] = []
    out: list[Mention] = []
    for group in cluster(mentions, published=published):
        ev = to_event(group)
        events.append(ev)
        out.extend(dataclasses.replace(m, event_id=ev.event_id) for m in group)
    events.sort(key=lambda e: (e.date_start is None, e.date_start or 0, e.event_id))
    out.sort(key=lambda m: (m.doc_id, m.char_start, m.mention_id))
    return events, out
