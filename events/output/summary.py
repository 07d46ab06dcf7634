"""The story told as a summary, for the brief (the wall screen) and the slide export: its key happenings,
the headline, the dates first shown, and where an undated event the articles report is placed.

Plain functions over an events frame (the store's columns; ``salience`` where the store has it) and the
documents table; sizes and thresholds in ``resources/brief.toml``::

    placed = reported_by(events, documents)           # undated events at their report date
    top = headline(placed, as_of)                      # the newest multi-source event on or before as_of
    lo, hi = date_range(placed, key_dates, as_of)      # first key date to last, with a margin
    shown = select(placed, key_dates, as_of=as_of)     # key dates' main events, then the most salient

``key_dates`` is ``events.merging.salience.key_dates``: (day, weight), most referred to first.

An undated event is never drawn as if its date were known: ``reported_by`` gives the earliest
publication date among its sources, with that date's precision and basis, and the event is drawn
"reported by" that day (it happened on or before it).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from events.output import dates
from events.resources import load

SHARP = ("day", "week")  # precisions a headline's date may have: a moment known to a day or a week


@dataclass(frozen=True)
class Sizes:
    """The summary's sizes and thresholds (``resources/brief.toml``, where each figure comes from)."""

    events: int
    key_dates: int
    headline_min_sources: int
    reported_min_sources: int
    similar: float
    similar_days: int
    margin: float
    margin_days: int


@lru_cache(maxsize=1)
def sizes() -> Sizes:
    cfg = load("brief")
    return Sizes(**{name: cfg[name] for name in Sizes.__dataclass_fields__})


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    return frozenset(load("brief")["stop_words"])


# ---- where an undated event is placed ---------------------------------------------------------------

REPORTED = ("reported_by", "reported_precision", "reported_basis", "reported_doc")


def reported_by(events: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """``events`` with where each is drawn on the brief: ``at`` (a date) and the ``REPORTED`` columns.

    A dated event is at its own first day (``reported_*`` empty). An undated one is at its report
    date: the earliest publication date among its ``sources`` (documents' ``published``), with that
    date's precision (a publication date is a day) and its ``published_basis`` (given, text, inferred),
    and the document it comes from; it happened on or before that day. An undated event none of whose
    sources has a publication date stays without ``at`` (NaT): it is not placed.
    """
    out = events.copy()
    out["at"] = dates.as_dates(events["date_start"]) if len(events) else pd.Series([], dtype=object)
    for col in REPORTED:
        out[col] = ""
    undated = out["at"].isna().to_numpy()
    if not undated.any() or "sources" not in events or documents is None or documents.empty:
        return out
    pub = dates.as_timestamps(documents["published"])
    known = pub.notna().to_numpy()
    doc_ids = documents["doc_id"].astype(str).to_numpy()[known]
    when = dict(zip(doc_ids, pub.to_numpy()[known]))
    basis = dict(zip(doc_ids, documents.get("published_basis", pd.Series("", index=documents.index))[known]))
    at, cols = out["at"].tolist(), {c: [""] * len(out) for c in REPORTED}
    for i in np.flatnonzero(undated):
        srcs = events["sources"].iloc[i]
        srcs = [str(s) for s in srcs] if isinstance(srcs, (list, tuple, np.ndarray)) else []
        dated = sorted((when[s], s) for s in srcs if s in when)  # earliest first; ties by doc_id
        if not dated:
            continue
        day, doc = pd.Timestamp(dated[0][0]).date(), dated[0][1]
        at[i] = day
        for col, value in zip(REPORTED, (day.isoformat(), "day", str(basis.get(doc) or "unknown"), doc)):
            cols[col][i] = value
    return out.assign(at=pd.Series(at, index=out.index, dtype=object), **cols)


def is_reported(events: pd.DataFrame) -> np.ndarray:
    """Which rows are undated events placed at their report date (``reported_by``)."""
    if "reported_by" not in events:
        return np.zeros(len(events), bool)
    return (events["reported_by"].fillna("").astype(str) != "").to_numpy()


def reported_label(row) -> str:
    """How a placed undated event's date reads: "reported by 2025-10-26" (a day: the publication date)."""
    precision = str(row.get("reported_precision") or "day")
    return f"reported by {row['reported_by']}" + ("" if precision == "day" else f" ({precision})")


# ---- the headline --------------------------------------------------------------------------------------


def headline(events: pd.DataFrame, as_of: dt.date | str | None, min_sources: int | None = None) -> pd.Series | None:
    """The headline event: the newest event dated to a day or a week (not a span), on or before ``as_of``
    (the whole week),
    reported by at least ``min_sources`` documents (more sources, then higher salience, first among the
    same day). With none so corroborated, the newest such event with fewer; None when nothing qualifies.
    An event dated after ``as_of`` (a plan, or a misread date) and an undated one never are."""
    if events.empty:
        return None
    min_sources = sizes().headline_min_sources if min_sources is None else min_sources
    start = dates.as_timestamps(events["date_start"])
    ok = start.notna() & events["precision"].astype(str).isin(SHARP)
    if "is_span" in events:
        ok &= ~events["is_span"].fillna(False).astype(bool)
    limit = _as_date(as_of)
    if limit is not None:  # the whole of its date: a week that runs past as_of may be after it
        end = dates.as_timestamps(events["date_end"]).fillna(start) if "date_end" in events else start
        ok &= (start <= pd.Timestamp(limit)) & (end <= pd.Timestamp(limit))
    if not ok.any():
        return None
    cand = events.loc[ok.to_numpy()].assign(_t=start[ok].to_numpy())
    n = pd.to_numeric(cand["source_count"], errors="coerce").fillna(0)
    cand = cand.assign(_n=n, _s=_salience(cand), _multi=n >= min_sources)
    order = ["_multi", "_t", "_n", "_s", "event_id"]
    best = cand.sort_values(order, ascending=[False, False, False, False, True], kind="stable").iloc[0]
    return best.drop(labels=["_t", "_n", "_s", "_multi"])


# ---- the dates first shown -----------------------------------------------------------------------------


def key_days(key_dates: list, events: pd.DataFrame, as_of=None, n: int | None = None) -> list[dt.date]:
    """The first ``n`` key dates (``key_dates``: (day, weight), most referred to first) on or before
    ``as_of`` on which one of ``events`` is dated to the day, in that order."""
    n = sizes().key_dates if n is None else n
    limit = _as_date(as_of)
    on = _days_with_events(events)
    out = []
    for day, _ in key_dates:
        if (limit is None or day <= limit) and day in on:
            out.append(day)
            if len(out) == n:
                break
    return out


def date_range(
    events: pd.DataFrame, key_dates: list, as_of=None, top: pd.Series | None = None
) -> tuple[dt.date, dt.date] | None:
    """The dates the brief shows first: from the first of the story's key dates (``key_days``) to the last,
    or to the headline event (``top``) when it is newer, with a margin (``Sizes.margin`` of the span at
    each side, at least ``margin_days``). Without key dates, the placed events' own first and last days.
    None when there is nothing dated."""
    cfg = sizes()
    days = key_days(key_dates, events, as_of)
    if top is not None and dates.to_date(top.get("date_start")) is not None:
        days.append(dates.to_date(top["date_start"]))
    if not days and "at" in events:
        days = [d for d in events["at"] if d is not None and not pd.isna(d)]
    if not days:
        return None
    lo, hi = min(days), max(days)
    pad = max(dt.timedelta(days=cfg.margin_days), dt.timedelta(days=round((hi - lo).days * cfg.margin)))
    return lo - pad, hi + pad


# ---- the key happenings --------------------------------------------------------------------------------

WHY = ("key date", "latest", "salient")  # why an event is in the summary, in the order they are chosen


def select(
    events: pd.DataFrame,
    key_dates: list,
    *,
    as_of=None,
    top: pd.Series | None = None,
    within: tuple[dt.date, dt.date] | None = None,
    n: int | None = None,
) -> pd.DataFrame:
    """The summary: each key date's main event (its most salient event dated to that day), the headline
    event ``top``, then the most salient other happenings, one per happening (an event whose title is
    near-identical to one chosen, ``same_happening``, is passed over) and first one a day (a day's
    most salient events mostly tell its one happening in other words), ``n`` in all at most
    (``Sizes.events``; fewer when there are fewer). ``events`` come from ``reported_by`` (an undated event
    counts where it is placed, and only when ``Sizes.reported_min_sources`` documents report it).

    Only events placed on or before ``as_of`` and, for the salient rest, inside ``within`` (the dates shown
    first) are chosen. Returns the chosen rows in date order, with ``why`` (``WHY``) and ``key_day``.
    """
    cfg = sizes()
    n = cfg.events if n is None else n
    cols = list(events.columns) + ["why", "key_day"]
    if events.empty or n <= 0:
        return pd.DataFrame(columns=cols)
    ev = events if "at" in events else reported_by(events, None)
    ok = _placed(ev, as_of)
    pool = ev.loc[ok].assign(_s=_salience(ev.loc[ok]))
    pool = pool.sort_values(["_s", "source_count", "event_id"], ascending=[False, False, True], kind="stable")
    chosen: list = []  # index labels
    why: dict = {}
    key_of: dict = {}
    seen: list[tuple[frozenset, str, dt.date]] = []

    def take(label, reason: str, day=None) -> bool:
        row = pool.loc[label]
        words, norm = title_words(row["title"])
        if any(same_happening((words, norm, row["at"]), s, cfg) for s in seen):
            return False
        chosen.append(label)
        why[label], key_of[label] = reason, day
        seen.append((words, norm, row["at"]))
        return True

    day_precise = pool[pool["precision"].astype(str) == "day"]
    by_day = {d: g.index.tolist() for d, g in day_precise.groupby("at", sort=False)}
    for day in key_days(key_dates, day_precise, as_of):
        if len(chosen) >= n:
            break
        for label in by_day.get(day, []):
            if label not in why and take(label, "key date", day):
                break
    if top is not None and len(chosen) < n:
        hit = pool.index[pool["event_id"].astype(str) == str(top["event_id"])]
        if len(hit) and hit[0] not in why:
            take(hit[0], "latest")
    inside = np.array([within is None or within[0] <= d <= within[1] for d in pool["at"]], bool)
    if "date_end" in pool and within is not None:  # an interval ends inside the view too
        end = dates.as_timestamps(pool["date_end"])
        inside = inside & (end.isna() | (end <= pd.Timestamp(within[1]))).to_numpy()
    for spread in (True, False):  # a day not yet in the summary first: the story's days, not one busy day's
        for label in pool.index[inside]:
            if len(chosen) >= n:
                break
            if label not in why and not (spread and any(s[2] == pool.at[label, "at"] for s in seen)):
                take(label, "salient")
    out = pool.loc[chosen].drop(columns="_s").assign(why=[why[i] for i in chosen], key_day=[key_of[i] for i in chosen])
    return out.sort_values(["at", "event_id"], kind="stable")


def reports(ev: pd.DataFrame) -> np.ndarray:
    """How many documents tell each event's news (the store's ``reports``; its sources in a store without it)."""
    n = pd.to_numeric(ev["source_count"], errors="coerce").fillna(0).to_numpy()
    if "reports" in ev:
        n = np.maximum(n, pd.to_numeric(ev["reports"], errors="coerce").fillna(0).to_numpy())
    return n


def _placed(ev: pd.DataFrame, as_of) -> np.ndarray:
    """Rows that can be in a summary: placed (dated, or reported by enough documents), not after ``as_of``."""
    limit = _as_date(as_of)
    at = ev["at"]
    ok = at.map(lambda d: d is not None and not pd.isna(d) and (limit is None or d <= limit)).to_numpy(bool)
    reported = is_reported(ev)
    few = reports(ev) < sizes().reported_min_sources
    return ok & ~(reported & few)


# ---- one per happening ---------------------------------------------------------------------------------

_WORD = re.compile(r"\w+")


def title_words(title) -> tuple[frozenset[str], str]:
    """A title's content words (case, accents, punctuation and stop words set aside) and its normalized text."""
    text = unicodedata.normalize("NFKD", str(title or "")).casefold()
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    words = [w for w in _WORD.findall(text) if w not in _stop_words() and (len(w) > 1 or w.isdigit())]
    return frozenset(words), " ".join(words)


def same_happening(a: tuple, b: tuple, cfg: Sizes | None = None) -> bool:
    """Whether two (words, normalized title, day) tell the same happening: the same normalized title, or
    content words overlapping at least ``Sizes.similar`` with days at most ``similar_days`` apart."""
    cfg = cfg or sizes()
    (wa, na, da), (wb, nb, db) = a, b
    if na and na == nb:
        return True
    if not wa or not wb:
        return False
    near = da is None or db is None or abs((da - db).days) <= cfg.similar_days
    return near and len(wa & wb) / len(wa | wb) >= cfg.similar


def titles_alike(a: str, b: str) -> float:
    """The overlap ``same_happening`` reads between two titles (shared content words over all of them)."""
    (wa, _), (wb, _) = title_words(a), title_words(b)
    return len(wa & wb) / len(wa | wb) if wa and wb else 0.0


# ---- helpers -------------------------------------------------------------------------------------------


def _salience(ev: pd.DataFrame) -> pd.Series:
    if "salience" in ev:
        return pd.to_numeric(ev["salience"], errors="coerce").fillna(0.0)
    return pd.Series(0.0, index=ev.index)


def _as_date(value) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dates.to_date(str(value)[:10])


def _days_with_events(events: pd.DataFrame) -> set:
    if events.empty:
        return set()
    day = events[events["precision"].astype(str) == "day"]
    if "at" in day:
        return {d for d in day["at"] if d is not None and not pd.isna(d)}
    start = dates.as_timestamps(day["date_start"]).dropna()
    return set(start.dt.date)
