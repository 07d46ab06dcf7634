"""Key dates: the days a collection's story turns on, ranked from what the documents say about each day.

Features of a day (``features``; settings in resources/keydates.toml):

- refs: the documents that refer to the day, by an explicit date or a relative one, in any clause;
- later: those of them published more than ``later_days`` after it (later articles referring back);
- published: the documents published on the day and the next (coverage peaks after a key event);
- best_event: the salience of the day's most salient event (events.merging.salience);
- burst: the day's references over the mean of the days around it (``burst_days`` either side): a day
  that stands out of the surrounding weeks.

Counts enter as log(1 + n). Two rankers read them: "hand", the weighted sum of salience.toml's
``[key_dates]`` (documents referring, those from later counted again, the day's own coverage in part, the
best event breaking ties), and "learned", a logistic regression over the standardized features whose
coefficients keydates.toml holds with the data and figures they came from (bench/tls.py trains and scores it
leaving one story out). keydates.toml's ``ranker`` says which ``rank`` uses by default.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import lru_cache

import numpy as np

from events.resources import load

FEATURES = ("refs", "later", "published", "best_event", "burst")


@lru_cache(maxsize=1)
def _cfg() -> dict:
    return load("keydates")


def best_by_day(days: Iterable, precisions: Iterable[str], scores: Iterable[float]) -> dict[dt.date, float]:
    """Each day's most salient event: {day: the highest score among the day-precision events dated to it}
    (``days`` as dates or ISO text; an event without a date is skipped)."""
    best: dict[dt.date, float] = {}
    for d, precision, s in zip(days, precisions, scores):
        if precision != "day" or d is None or d == "" or (isinstance(d, float) and math.isnan(d)):
            continue
        day = d if isinstance(d, dt.date) else dt.date.fromisoformat(str(d)[:10])
        best[day] = max(best.get(day, float("-inf")), float(s))
    return best


def features(
    refs_by_doc: dict[str, Iterable[tuple[str, dt.date]]],
    published: dict[str, dt.date],
    best: dict[dt.date, float] | None = None,
) -> tuple[list[dt.date], np.ndarray]:
    """The days the collection refers to (or has a salient event on), earliest first, and a row of
    ``FEATURES`` for each."""
    cfg = _cfg()
    best = best or {}
    docs: dict[dt.date, set[str]] = defaultdict(set)
    for doc_id, refs in refs_by_doc.items():
        for precision, start in refs:
            if precision == "day":
                docs[start].add(doc_id)
    days = sorted(set(docs) | set(best))
    if not days:
        return [], np.zeros((0, len(FEATURES)))
    per_day = Counter(published.values())
    later = dt.timedelta(days=cfg["later_days"])
    span = cfg["burst_days"]
    first = days[0]
    counts = np.zeros((days[-1] - first).days + 1)
    for d, ids in docs.items():
        counts[(d - first).days] = len(ids)
    total = np.concatenate([[0.0], np.cumsum(counts)])
    rows = []
    for d in days:
        ids = docs.get(d, set())
        i = (d - first).days
        lo, hi = max(0, i - span), min(len(counts), i + span + 1)
        around = (total[hi] - total[lo] - counts[i]) / (2 * span)  # days outside the references count 0
        rows.append(
            [
                math.log1p(len(ids)),
                math.log1p(sum(1 for x in ids if published.get(x) and published[x] > d + later)),
                math.log1p(per_day[d] + per_day[d + dt.timedelta(days=1)]),
                best.get(d, 0.0),
                math.log1p(len(ids)) - math.log1p(around),
            ]
        )
    return days, np.asarray(rows, dtype=float)


def learned_scores(x: np.ndarray, model: dict | None = None) -> np.ndarray:
    """The learned ranker's score of each row of features (the log-odds of a key date)."""
    m = model or _cfg()["model"]
    mean, scale = np.asarray(m["mean"], float), np.asarray(m["scale"], float)
    return ((x - mean) / np.where(scale > 0, scale, 1.0)) @ np.asarray(m["coef"], float) + float(m["intercept"])


def rank(
    refs_by_doc: dict[str, Iterable[tuple[str, dt.date]]],
    published: dict[str, dt.date],
    best: dict[dt.date, float] | None = None,
    weights: dict | None = None,
    ranker: str | None = None,
    model: dict | None = None,
) -> list[tuple[dt.date, float]]:
    """The key dates as (day, score), most important first (ties: the better best event, then the earlier
    day). ``ranker``: "hand" or "learned" (default: keydates.toml's ``ranker``); ``weights`` replace
    salience.toml's hand weights, ``model`` keydates.toml's coefficients."""
    from events.merging import salience

    ranker = ranker or _cfg()["ranker"]
    if ranker not in ("hand", "learned"):
        raise ValueError(f"ranker {ranker!r} is not one of 'hand', 'learned'")
    best = best or {}
    if ranker == "hand":
        counts = salience.reference_counts(refs_by_doc, published, weights)
        score = {start: n for (precision, start), n in counts.items() if precision == "day"}
        days = set(score) | set(best)
        return sorted(((d, score.get(d, 0.0)) for d in days), key=lambda x: (-x[1], -best.get(x[0], 0.0), x[0]))
    days, x = features(refs_by_doc, published, best)
    z = learned_scores(x, model) if len(days) else np.zeros(0)
    return sorted(zip(days, map(float, z)), key=lambda x: (-x[1], -best.get(x[0], 0.0), x[0]))
