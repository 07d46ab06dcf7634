"""Merging: mentions of the same happening, in one document or many, become one Event.

Two mentions tell the same happening when they share rare words (names weigh most), tell it with the same
predicate and compatible arguments (who did it, to what), are of the same category, and their dates agree
at their precision. ``similarity`` scores a pair from the two mentions alone: word rarity comes from
general English (wordfreq), not from the collection, so adding an article changes no score between old
mentions, and an article none of whose mentions matches an old one changes no old event.

The clustering (``cluster``) is a standard agglomerative one, in three steps:

1. dated mentions: candidate pairs are blocked by date (mentions a few weeks apart at most; a loosely dated
   one against those inside its span) and scored with sparse matrix products; pairs at ``threshold``
   link. Each connected group of links is then cut by average linkage (scipy): a group of mentions is
   one event only while the mean similarity of all its pairs stays at ``linkage_cut``, with a pair whose
   dates or categories conflict counted as a distance of ``conflict_distance``. Average linkage cannot
   chain a two-week siege into one event through a string of one-day links, which single linkage does;
2. undated mentions: each joins the dated event it matches best (``undated_threshold``, and only from a
   document published in the event's news cycle);
3. undated mentions that joined nothing cluster among themselves as in step 1, at ``undated_threshold``.

Each step depends only on the mentions, never on the order they come in. Event ids are a hash of the
best-grounded member's id (itself a hash of document and offsets): the same inputs give the same ids on
every rebuild, and an event keeps its id while its members do. Thresholds: resources/merge.toml.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections import Counter, defaultdict
from contextlib import contextmanager
from functools import lru_cache

import numpy as np
from scipy import sparse
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.sparse.csgraph import connected_components

from events.records import Event, Mention
from events.resources import load

BASIS_RANK = {"explicit": 0, "relative": 1, "inferred": 2, "undated": 3}
PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "quarter": 3, "year": 4, "decade": 5, "": 9}
STATUS_ORDER = ("confirmed", "claimed", "planned", "reported")


@lru_cache(maxsize=1)
def _base() -> dict:
    return load("merge")


_active: list[dict] = []  # the settings of a merge in progress when not the default (see story_links)


def _cfg() -> dict:
    return _active[-1] if _active else _base()


@contextmanager
def _story():
    """Within it, merging takes the looser thresholds of merge.toml's ``[story]``."""
    _active.append({**_base(), **_base()["story"]})
    try:
        yield
    finally:
        _active.pop()


def story_links(mentions: list[Mention], published: dict | None = None) -> tuple[list[Event], list[Mention]]:
    """``merge`` at the looser thresholds of merge.toml's ``[story]``: mentions that tell the same story's
    news, not always one happening. For what needs to know which documents report the same news (a
    publication date guessed from the documents that report it), not for the events shown."""
    with _story():
        return merge(mentions, published)


def event_id(mention_id: str) -> str:
    return "ev-" + hashlib.sha1(mention_id.encode()).hexdigest()[:10]


def grounding(m: Mention) -> tuple:
    """Sort key: best-grounded first, then a stable order."""
    return (BASIS_RANK.get(m.basis, 9), PRECISION_RANK.get(m.precision, 9), m.doc_id, m.char_start, m.mention_id)


def best_dated(group: list[Mention]) -> Mention:
    return min(group, key=grounding)


# ---- similarity of two mentions ------------------------------------------------------------------------


@lru_cache(maxsize=200_000)
def weight(term: str) -> float:
    """How much sharing a term says: its rarity in general English (``top_zipf`` minus its Zipf frequency,
    at most ``max_rarity``); a common word (no capital, no digit) weighs ``common_weight`` of a name."""
    from wordfreq import zipf_frequency

    cfg = _cfg()
    named = any(c.isupper() or c.isdigit() for c in term)
    if any(c.isdigit() for c in term):
        rarity = cfg["max_rarity"]  # a model, a number: wordfreq reads its digits as any digits
    else:
        # key terms are singular by a cut ("batteries" -> "batterie"): the plural form is looked up too
        zipf = max(zipf_frequency(term, "en"), 0.0 if named else zipf_frequency(term + "s", "en"))
        rarity = min(cfg["max_rarity"], max(0.0, cfg["top_zipf"] - zipf))
    return rarity * (1.0 if named else cfg["common_weight"])


class Topics:
    """How much of its document each term is about. A term in k of a document's n sentences with mentions
    is its topic to the degree (k - 1) / max(n - 1, ``topic_min_sentences``). A pair of mentions shares a
    term at its weight times sqrt(f_a f_b), f = 1 - ``topic_discount`` x that degree: the names every
    sentence of an article repeats ("Haiti", "earthquake") tell less which happening a sentence tells than
    a name it alone carries ("Il-76"). Read from each mention's own document only, so it stays local:
    another document changes nothing here."""

    def __init__(self, mentions):
        cfg = _cfg()
        counts: dict[str, Counter] = defaultdict(Counter)
        seen: dict[str, set] = defaultdict(set)
        for m in mentions:
            key = (m.char_start, m.char_end)
            if key in seen[m.doc_id]:
                continue  # one sentence told twice (two mentions) counts once
            seen[m.doc_id].add(key)
            counts[m.doc_id].update(set(m.key_terms))
        self.counts = counts
        self.n = {d: len(s) for d, s in seen.items()}
        self.discount, self.least = cfg["topic_discount"], cfg["topic_min_sentences"]

    def factor(self, doc_id: str, term: str) -> float:
        k = self.counts.get(doc_id, {}).get(term, 0)
        if k <= 1:
            return 1.0
        return 1.0 - self.discount * min(1.0, (k - 1) / max(self.n[doc_id] - 1, self.least))


def _weights(m: Mention, topics: Topics) -> dict[str, float]:
    return {t: weight(t) * topics.factor(m.doc_id, t) for t in set(m.key_terms)}


def _overlaps(a: Mention, b: Mention) -> bool:
    return a.date_start <= b.date_end and b.date_start <= a.date_end


def _named(text: str) -> frozenset:
    return frozenset(w for w in text.split() if w[:1].isupper() or any(c.isdigit() for c in w))


def frame_score(a: Mention, b: Mention) -> float:
    """What the frames add to the word overlap: the same predicate counts for; a subject or an object named
    in both that shares no name with the other's counts against (two different things done on one day:
    "Russia sends troops", "Ukraine sends troops"; descriptions, "a cargo plane", "the transport", may name
    one thing two ways and count neither way)."""
    cfg = _cfg()
    out = 0.0
    if a.predicate and b.predicate:
        out += cfg["same_predicate"] if a.predicate == b.predicate else -cfg["other_predicate"]
    for role, cost in (("agent", cfg["other_agent"]), ("patient", cfg["other_patient"])):
        x, y = _named(getattr(a, role)), _named(getattr(b, role))
        if x and y and not x & y:
            out -= cost
    return out


def word_score(a: Mention, b: Mention, topics: Topics) -> float:
    """Weighted overlap coefficient of the two mentions' key terms: the shared weight over the smaller
    mention's, never over less than ``floor`` (two common words shared by two short sentences are no match);
    weights as ``weight`` and ``Topics`` say."""
    wa, wb = _weights(a, topics), _weights(b, topics)
    shared = wa.keys() & wb.keys()
    if len(shared) < _cfg()["min_shared"]:
        return 0.0
    return sum((wa[t] * wb[t]) ** 0.5 for t in shared) / max(min(sum(wa.values()), sum(wb.values())), _cfg()["floor"])


def needed(a: Mention, b: Mention, published: dict | None = None) -> float | None:
    """The score a pair needs to tell one happening, or None when nothing can make it one: other content
    categories, firm dates too far apart, an undated sentence from a document out of the event's news cycle."""
    cfg = _cfg()
    if (a.doc_id, a.char_start) == (b.doc_id, b.char_start):
        return None  # two mentions of one sentence are two happenings
    need = cfg["threshold"]
    if a.category != b.category:
        said = cfg["communication"]
        if (a.category in said) == (b.category in said):
            return None  # what happened does not join what was said about something else
        need = cfg["strong_threshold"]
    if (a.date_start is None) != (b.date_start is None):
        dated, undated = (a, b) if a.date_start is not None else (b, a)
        day = (published or {}).get(undated.doc_id)
        cycle = dt.timedelta(days=cfg["undated_window_days"])
        if day is not None and not (dated.date_start - dt.timedelta(days=1) <= day <= dated.date_end + cycle):
            return None  # published before it happened, or months later: background
        return max(need, cfg["undated_threshold"])
    if a.date_start is None:
        return max(need, cfg["undated_threshold"])
    if not _overlaps(a, b):
        return None  # two dates that disagree: two happenings (2 of 72 such pairs read were one)
    return need


def similarity(a: Mention, b: Mention, topics: Topics) -> float:
    """How surely two mentions tell one happening, from the two and their documents alone (``needed`` says
    how sure is enough). ``topics``: a ``Topics`` of the mentions of both documents."""
    return word_score(a, b, topics) + frame_score(a, b)


# ---- candidate pairs -----------------------------------------------------------------------------------


class _Terms:
    """The mentions' key terms as sparse matrices (0/1, and weighted so that a product gives the shared
    weight of ``word_score``), for scoring many pairs at once."""

    def __init__(self, mentions: list[Mention], topics: Topics):
        vocab: dict[str, int] = {}
        rows, cols, vals = [], [], []
        rare: dict[str, bool] = {}
        for i, m in enumerate(mentions):
            for t, w in _weights(m, topics).items():
                rows.append(i)
                cols.append(vocab.setdefault(t, len(vocab)))
                if t not in rare:
                    rare[t] = weight(t) >= _cfg()["block_weight"]
                vals.append(max(w, 1e-9) ** 0.5)  # never 0: both products then hold the same pairs
        shape = (len(mentions), max(1, len(vocab)))
        self.w = sparse.csr_matrix((np.array(vals, dtype=np.float64), (rows, cols)), shape=shape)
        self.m = sparse.csr_matrix((np.ones(len(rows), dtype=np.float64), (rows, cols)), shape=shape)
        self.total = np.asarray(self.w.multiply(self.w).sum(axis=1)).ravel()
        keep = np.array([rare[t] for t in vocab] or [False])
        self.rare = self.m[:, np.flatnonzero(keep)] if keep.any() else sparse.csr_matrix((len(mentions), 1))

    def shared_rare(self, rows: np.ndarray, cols: np.ndarray, chunk: int = 2_000_000):
        """As ``shared``, for the pairs that share a rare term (``block_weight``) only."""
        step = max(1, chunk // max(1, len(cols)))
        bt = self.rare[cols].T.tocsc()
        for lo in range(0, len(rows), step):
            part = rows[lo : lo + step]
            cand = (self.rare[part] @ bt).tocoo()
            if not cand.nnz:
                continue
            i, j = part[cand.row], cols[cand.col]
            w = np.asarray(self.w[i].multiply(self.w[j]).sum(axis=1)).ravel()
            n = np.asarray(self.m[i].multiply(self.m[j]).sum(axis=1)).ravel()
            yield i, j, w, n

    def shared(self, rows: np.ndarray, cols: np.ndarray, chunk: int = 4_000_000):
        """(i, j, shared weight, shared count) for the pairs of rows x cols that share a term, in chunks of rows
        (at most about ``chunk`` pairs at a time)."""
        step = max(1, chunk // max(1, len(cols)))
        bt, bwt = self.m[cols].T.tocsc(), self.w[cols].T.tocsc()
        for lo in range(0, len(rows), step):
            part = rows[lo : lo + step]
            weighted = (self.w[part] @ bwt).tocsr()
            if not weighted.nnz:
                continue
            counted = (self.m[part] @ bt).tocsr()  # the same pairs as weighted (no weight is 0)
            if not np.array_equal(weighted.indices, counted.indices):
                weighted.sort_indices()
                counted.sort_indices()
            row = np.repeat(np.arange(len(part)), np.diff(weighted.indptr))
            yield part[row], cols[weighted.indices], weighted.data, counted.data


def _pairs(terms: _Terms, mentions: list[Mention], groups, published, stats: Counter) -> dict[tuple[int, int], float]:
    """Scored pairs (i < j) that reach the score they need, from the (rows, cols) groups to compare."""
    cfg = _cfg()
    out: dict[tuple[int, int], float] = {}
    least = min(cfg["threshold"], cfg["undated_threshold"]) - cfg["same_predicate"]
    for rows, cols, *how in groups:
        if not len(rows) or not len(cols):
            continue
        for i, j, w, n in (terms.shared_rare if how and how[0] == "rare" else terms.shared)(rows, cols):
            keep = (i < j) & (n >= cfg["min_shared"])
            i, j, w = i[keep], j[keep], w[keep]
            score = w / np.maximum(np.minimum(terms.total[i], terms.total[j]), cfg["floor"])
            keep = score >= least  # what the frames could add cannot lift the others
            stats["compared"] += int(len(score))
            for a, b, s in zip(i[keep].tolist(), j[keep].tolist(), score[keep].tolist()):
                if (a, b) in out:
                    continue
                need = needed(mentions[a], mentions[b], published)
                if need is None:
                    continue
                s += frame_score(mentions[a], mentions[b])
                stats["scored"] += 1
                if s >= need:
                    out[a, b] = s
    return out


def _dated_groups(mentions: list[Mention], idx: np.ndarray):
    """(rows, cols) blocks over the dated mentions idx, so that every pair whose dates overlap is in one: each
    week's mentions against those that start up to ``long_days`` before it (the longest a mention of this
    kind lasts); a mention dated more loosely than ``long_days`` against every mention inside its span."""
    cfg = _cfg()
    slack = cfg["long_days"] // 7 + 1
    narrow, loose = [], []
    for k in idx:
        m = mentions[k]
        (loose if (m.date_end - m.date_start).days > cfg["long_days"] else narrow).append(k)
    by_week: dict[int, list[int]] = defaultdict(list)
    for k in narrow:
        by_week[mentions[k].date_start.toordinal() // 7].append(k)
    for wk in sorted(by_week):
        rows = np.array(by_week[wk])
        cols = np.array(sorted(k for w in range(wk - slack, wk + 1) for k in by_week.get(w, ())))
        yield rows, cols
        yield cols, rows  # pairs are kept as i < j: look both ways
    if loose:
        starts = np.array([mentions[k].date_start.toordinal() for k in idx])
        ends = np.array([mentions[k].date_end.toordinal() for k in idx])
        for k in loose:
            m = mentions[k]
            inside = idx[(starts <= m.date_end.toordinal()) & (ends >= m.date_start.toordinal())]
            yield np.array([k]), inside
            yield inside, np.array([k])


def _undated_groups(mentions: list[Mention], rows: np.ndarray, cols: np.ndarray, published: dict | None):
    """(rows, cols) blocks of undated mentions against cols: a document of known publication date against the
    mentions dated within its news cycle (or published within it, for undated cols); one of unknown date
    against all, found by the rare terms they share only (``block_weight``: bounded work)."""
    published = published or {}
    cfg = _cfg()
    window = cfg["undated_window_days"]
    by_day: dict[dt.date | None, list[int]] = defaultdict(list)
    for k in rows:
        by_day[published.get(mentions[k].doc_id)].append(k)

    def when(k):
        m = mentions[k]
        if m.date_start is not None:
            return m.date_start.toordinal() - 1, m.date_end.toordinal() + window
        day = published.get(m.doc_id)
        return (day.toordinal() - window, day.toordinal() + window) if day else (-(10**9), 10**9)

    spans = np.array([when(k) for k in cols]).reshape(-1, 2) if len(cols) else np.zeros((0, 2))
    for day in sorted(by_day, key=lambda d: (d is None, d or dt.date.min)):
        group = np.array(by_day[day])
        if day is None:
            yield group, cols, "rare"
            yield cols, group, "rare"
            continue
        o = day.toordinal()
        inside = cols[(spans[:, 0] <= o) & (spans[:, 1] >= o)]
        yield group, inside
        yield inside, group


# ---- clustering ----------------------------------------------------------------------------------------


def _components(n: int, pairs: dict[tuple[int, int], float], nodes: np.ndarray) -> list[list[int]]:
    """The connected groups of linked nodes (each node alone when it has no link)."""
    if not len(nodes):
        return []
    pos = {k: p for p, k in enumerate(nodes.tolist())}
    if pairs:
        i, j = zip(*((pos[a], pos[b]) for a, b in pairs))
    else:
        i, j = (), ()
    graph = sparse.coo_matrix((np.ones(len(i)), (i, j)), shape=(len(nodes), len(nodes)))
    _, label = connected_components(graph, directed=False)
    groups: dict[int, list[int]] = defaultdict(list)
    for p, lab in enumerate(label.tolist()):
        groups[lab].append(int(nodes[p]))
    return list(groups.values())


def _conflicts(ms: list[Mention], published: dict | None) -> np.ndarray:
    """n x n, computed at once for a group: where two mentions can never tell one happening (``needed`` is
    None: one sentence, other content categories, dates that disagree, an undated sentence out of the news
    cycle)."""
    cfg = _cfg()
    n = len(ms)
    said = set(cfg["communication"])
    sentence = np.array([hash((m.doc_id, m.char_start)) for m in ms])
    out = sentence[:, None] == sentence[None, :]
    cats = {c: k for k, c in enumerate(sorted({m.category for m in ms}))}
    cat = np.array([cats[m.category] for m in ms])
    is_said = np.array([m.category in said for m in ms])
    out |= (cat[:, None] != cat[None, :]) & (is_said[:, None] == is_said[None, :])
    dated = np.array([m.date_start is not None for m in ms])
    start = np.array([m.date_start.toordinal() if m.date_start else 0 for m in ms])
    end = np.array([m.date_end.toordinal() if m.date_end else 0 for m in ms])
    gap = np.maximum(start[:, None] - end[None, :], start[None, :] - end[:, None])  # > 0: apart
    both = dated[:, None] & dated[None, :]
    out |= both & (gap > 0)
    if published:  # an undated sentence from a document out of the dated one's news cycle
        day = np.array([published[m.doc_id].toordinal() if m.doc_id in published else 0 for m in ms])
        known = np.array([m.doc_id in published for m in ms])
        window = cfg["undated_window_days"]
        late = (day[None, :] < start[:, None] - 1) | (day[None, :] > end[:, None] + window)
        one = dated[:, None] & ~dated[None, :] & known[None, :] & late
        out |= one | one.T
    out[np.arange(n), np.arange(n)] = False
    return out


def _cut(group: list[int], mentions: list[Mention], terms: "_Terms", pairs: dict, published) -> list[list[int]]:
    """A connected group cut into events by average linkage (see the module doc): the similarity of every
    pair of the group, the linked pairs' as scored, the others' by their words; pairs that cannot join
    ``conflict_distance`` apart."""
    if len(group) <= 2:
        return [group]
    cfg = _cfg()
    idx = np.array(sorted(group, key=lambda k: mentions[k].mention_id))  # the input order cannot matter
    n = len(idx)
    w = terms.w[idx]
    shared = (w @ w.T).toarray()
    counted = (terms.m[idx] @ terms.m[idx].T).toarray()
    total = terms.total[idx]
    sim = shared / np.maximum(np.minimum(total[:, None], total[None, :]), cfg["floor"])
    sim[counted < cfg["min_shared"]] = 0.0
    never = _conflicts([mentions[k] for k in idx], published)
    pos = {int(k): p for p, k in enumerate(idx.tolist())}
    for (a, b), s in pairs.items():  # the group's links
        sim[pos[a], pos[b]] = sim[pos[b], pos[a]] = s
    dist = np.clip(1.0 - sim, 0.0, cfg["conflict_distance"])
    dist[never] = cfg["conflict_distance"]
    np.fill_diagonal(dist, 0.0)
    condensed = dist[np.triu_indices(n, 1)]
    labels = fcluster(linkage(condensed, method="average"), t=1.0 - cfg["linkage_cut"], criterion="distance")
    out: dict[int, list[int]] = defaultdict(list)
    for k, lab in zip(idx.tolist(), labels.tolist()):
        out[lab].append(k)
    return list(out.values())


def _cluster_step(mentions, terms, nodes, pairs, published) -> list[list[int]]:
    out = []
    comps = _components(len(mentions), pairs, nodes)
    where = {k: c for c, comp in enumerate(comps) for k in comp}
    linked: dict[int, dict] = defaultdict(dict)  # each group's own links
    for (a, b), s in pairs.items():
        linked[where[a]][a, b] = s
    for c, comp in enumerate(comps):
        out.extend(_cut(comp, mentions, terms, linked.get(c, {}), published))
    return out


def cluster(
    mentions: list[Mention], stats: Counter | None = None, published: dict | None = None
) -> list[list[Mention]]:
    """Groups of mentions that tell the same happening, each best-grounded first (see the module doc).

    ``published``: doc_id -> publication date, where given or stated; it bounds which documents' undated
    sentences may join a dated event. ``stats``, if given, counts the pairs compared ("compared") and
    scored ("scored")."""
    stats = Counter() if stats is None else stats
    mentions = sorted(mentions, key=lambda m: m.mention_id)  # any input order gives the same groups
    if not mentions:
        return []
    terms = _Terms(mentions, Topics(mentions))
    dated = np.array([k for k, m in enumerate(mentions) if m.date_start is not None], dtype=np.int64)
    undated = np.array([k for k, m in enumerate(mentions) if m.date_start is None], dtype=np.int64)
    groups = _cluster_step(
        mentions, terms, dated, _pairs(terms, mentions, _dated_groups(mentions, dated), published, stats), published
    )
    # 2. an undated mention joins the event of the dated mention it matches best
    event_of = {k: g for g, members in enumerate(groups) for k in members}
    links = _pairs(terms, mentions, _undated_groups(mentions, undated, dated, published), published, stats)
    best: dict[int, tuple[float, str, int]] = {}
    for (a, b), s in links.items():
        u, d = (a, b) if mentions[a].date_start is None else (b, a)
        key = (s, mentions[d].mention_id, event_of[d])
        if u not in best or (key[0], key[1]) > (best[u][0], best[u][1]):
            best[u] = key
    for u, (_, _, g) in sorted(best.items()):
        groups[g].append(u)
    # 3. the undated mentions that joined nothing, among themselves
    left = np.array([k for k in undated.tolist() if k not in best], dtype=np.int64)
    among = _pairs(terms, mentions, _undated_groups(mentions, left, left, published), published, stats)
    groups += _cluster_step(mentions, terms, left, among, published)
    out = [sorted((mentions[k] for k in g), key=grounding) for g in groups]
    return sorted(out, key=lambda g: g[0].mention_id)


# ---- events --------------------------------------------------------------------------------------------


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


def story_reports(events: list[Event], mentions: list[Mention], published: dict | None = None) -> list[Event]:
    """The events with ``reports`` set: how many documents tell the news of each, its own sources and those
    of every mention its mentions are linked with at the story level (``story_links``). An event is one
    happening; whether the articles report it widely can take the looser links ("the United States is
    strengthening its military presence in the Caribbean" and "the United States has deployed warships ...
    to the region" are one story's news in two articles, under one happening's bar)."""
    with _story():
        groups = cluster(mentions, published=published)
    docs_of = {}
    for g in groups:
        docs = frozenset(m.doc_id for m in g)
        for m in g:
            docs_of[m.mention_id] = docs
    out = []
    for e in events:
        docs = set(e.sources).union(*(docs_of.get(i, ()) for i in e.mention_ids))
        out.append(dataclasses.replace(e, reports=len(docs)))
    return out


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
