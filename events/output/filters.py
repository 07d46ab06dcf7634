"""The one filter over the events table, shared by the dashboard, the CLI export and the URL.

``Filters`` is a plain value; ``apply(events, filters)`` is vectorized pandas and never mutates.
``to_query``/``from_query`` map it to URL query parameters (?q=Kazan&category=meeting&from=2025-10-01).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields

import numpy as np
import pandas as pd

from events.records import PRECISIONS, STATUSES


@dataclass(frozen=True)
class Filters:
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    q: str = ""
    actors: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    outlets: tuple[str, ...] = ()
    precisions: tuple[str, ...] = ()
    min_sources: int = 1
    include_undated: bool = True

    def __post_init__(self):
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise ValueError(f"date_from {self.date_from} is after date_to {self.date_to}")
        if self.min_sources < 0:
            raise ValueError(f"min_sources must be 0 or more, not {self.min_sources}")
        bad = [p for p in self.precisions if p not in PRECISIONS]
        if bad:
            raise ValueError(f"Unknown precision {bad}; expected some of {list(PRECISIONS)}")
        bad = [s for s in self.statuses if s not in STATUSES]
        if bad:
            raise ValueError(f"Unknown status {bad}; expected some of {list(STATUSES)}")

    def is_default(self) -> bool:
        return self == Filters()

    def describe(self) -> str:
        """One line summarising the active filters, for export captions."""
        parts = []
        if self.date_from or self.date_to:
            parts.append(f"{self.date_from or '…'} to {self.date_to or '…'}")
        if self.q:
            parts.append(f'text "{self.q}"')
        for label, values in (
            ("actors", self.actors),
            ("categories", self.categories),
            ("status", self.statuses),
            ("outlets", self.outlets),
            ("precision", self.precisions),
        ):
            if values:
                parts.append(f"{label}: {', '.join(values)}")
        if self.min_sources > 1:
            parts.append(f"≥{self.min_sources} sources")
        if not self.include_undated:
            parts.append("dated only")
        return "; ".join(parts) if parts else "all events"


def apply(events: pd.DataFrame, f: Filters) -> pd.DataFrame:
    """The rows of ``events`` that pass every filter (a new frame; the input is untouched)."""
    if events.empty:
        return events
    keep = np.ones(len(events), dtype=bool)
    start = events["date_start"].astype(str)
    end = events["date_end"].astype(str)
    end = end.where(end != "", start)  # a start without an end is a moment
    undated = (start == "").to_numpy()
    if f.date_from:
        keep &= (end >= f.date_from.isoformat()).to_numpy() | undated
    if f.date_to:
        keep &= (start <= f.date_to.isoformat()).to_numpy() | undated
    if not f.include_undated:
        keep &= ~undated
    if f.q:
        needle = f.q.casefold()
        hay = events["title"].astype(str) + "\n" + events["description"].astype(str)
        if "actors" in events:
            hay = hay + "\n" + events["actors"].map(lambda v: " ".join(v) if v is not None else "")
        if "location" in events:
            hay = hay + "\n" + events["location"].astype(str)
        keep &= hay.str.casefold().str.contains(needle, regex=False).to_numpy()
    for col, wanted in (("actors", f.actors), ("outlets", f.outlets)):
        if wanted and col in events:
            w = set(wanted)
            keep &= events[col].map(lambda v: bool(w.intersection(v if v is not None else ()))).to_numpy()
    for col, wanted in (("category", f.categories), ("status", f.statuses), ("precision", f.precisions)):
        if wanted:
            allowed = set(wanted) | ({""} if col == "precision" and f.include_undated else set())
            keep &= events[col].isin(allowed).to_numpy()
    if f.min_sources > 1:
        keep &= (events["source_count"] >= f.min_sources).to_numpy()
    return events.loc[keep]


# ---- URL query parameters -------------------------------------------------------------------

_QUERY_KEYS = {
    "date_from": "from",
    "date_to": "to",
    "q": "q",
    "actors": "actor",
    "categories": "category",
    "statuses": "status",
    "outlets": "outlet",
    "precisions": "precision",
    "min_sources": "min_sources",
    "include_undated": "undated",
}


QUERY_KEYS = tuple(_QUERY_KEYS.values())
MAX_MIN_SOURCES = 10_000  # a larger minimum is shown as this one (no event has so many sources)
MAX_VALUES = 100  # values of one list filter a link may give; the rest are named and ignored


def to_query(f: Filters) -> dict[str, str | list[str]]:
    """Only the non-default filters, as query parameters (lists stay lists)."""
    out: dict[str, str | list[str]] = {}
    default = Filters()
    for fl in fields(Filters):
        value = getattr(f, fl.name)
        if value == getattr(default, fl.name):
            continue
        key = _QUERY_KEYS[fl.name]
        if isinstance(value, tuple):
            out[key] = list(value)
        elif isinstance(value, bool):
            out[key] = "1" if value else "0"
        elif isinstance(value, dt.date):
            out[key] = value.isoformat()
        else:
            out[key] = str(value)
    return out


def from_query(params) -> tuple[Filters, list[str]]:
    """Filters from query parameters (a mapping of str -> str | list[str]).

    Bad values are dropped with a message each, never an exception: a shared link
    with a typo still opens.
    """
    problems: list[str] = []
    kwargs: dict = {}

    def values(key: str) -> list[str]:
        v = params.get(key) if hasattr(params, "get") else None
        if v is None:
            return []
        if hasattr(params, "get_all"):
            v = params.get_all(key)
        return [str(x) for x in (v if isinstance(v, (list, tuple)) else [v]) if str(x) != ""]

    for name, key in _QUERY_KEYS.items():
        vs = values(key)
        if not vs:
            continue
        try:
            if name in ("date_from", "date_to"):
                kwargs[name] = dt.date.fromisoformat(vs[-1])
            elif name == "min_sources":
                kwargs[name] = max(0, int(vs[-1]))
                if kwargs[name] > MAX_MIN_SOURCES:
                    problems.append(
                        f"?{key}={vs[-1][:40]!r} is more than {MAX_MIN_SOURCES:,}; showing {MAX_MIN_SOURCES:,}"
                    )
                    kwargs[name] = MAX_MIN_SOURCES
            elif name == "include_undated":
                kwargs[name] = vs[-1].lower() not in ("0", "false", "no", "off")
            elif name == "q":
                kwargs[name] = vs[-1][:200]
            else:
                kwargs[name] = tuple(dict.fromkeys(vs))
                if len(kwargs[name]) > MAX_VALUES:
                    problems.append(
                        f"Ignored {len(kwargs[name]) - MAX_VALUES:,} of the {len(kwargs[name]):,} values of ?{key}=: "
                        f"a link keeps the first {MAX_VALUES}"
                    )
                    kwargs[name] = kwargs[name][:MAX_VALUES]
        except ValueError:
            problems.append(f"Ignored ?{key}={vs[-1]!r}: not a valid value")
    for name, allowed in (("precisions", PRECISIONS), ("statuses", STATUSES)):
        if name in kwargs:
            bad = [v for v in kwargs[name] if v not in allowed]
            if bad:
                problems.append(f"Ignored {_QUERY_KEYS[name]}={bad}: expected some of {list(allowed)}")
                kwargs[name] = tuple(v for v in kwargs[name] if v in allowed)
    try:
        return Filters(**kwargs), problems
    except ValueError as exc:
        problems.append(f"Ignored the date range: {exc}")
        kwargs.pop("date_from", None)
        kwargs.pop("date_to", None)
        return Filters(**kwargs), problems
