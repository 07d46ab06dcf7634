"""What a rebuild changed: the events added, removed, re-dated and re-merged since the previous store.

Events are matched by their mentions (``mention_id`` is a hash of the document and the sentence's
offsets), not by ``event_id`` alone: an event's id is its founding mention's, so it changes when a
better-dated mention joins, while the event is the same. An event of the new store whose mentions
were all unknown before is *added*; an old event none of whose mentions is left is *removed*. Each
other new event is compared with the old event of the same id when that held some of its mentions (the
same founding mention), else with the one that held most of them: a different date
(start, end or precision) makes it *re-dated*; mentions that were together and are now apart, or
apart and now together, make it *re-merged* (mentions of documents new to the store joining an
event change nothing here: they add sources).

    changes = compare(old_events, old_mentions, new_events, new_mentions)   # store tables (DataFrames)
    changes.summary(); changes.lines(); changes.to_meta()
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field

import pandas as pd

log = logging.getLogger("events.merging.changes")

KINDS = ("added", "removed", "redated", "remerged")
LABELS = {"added": "added", "removed": "removed", "redated": "re-dated", "remerged": "re-merged"}
EVENT_COLUMNS = ["event_id", "date_start", "date_end", "precision", "title"]
MENTION_COLUMNS = ["mention_id", "event_id"]
META_LIMIT = 500  # changes of each kind kept in the store's meta (the counts are always whole)


@dataclass(frozen=True)
class Change:
    kind: str  # added | removed | redated | remerged
    event_id: str  # the event in the new store (the old one's for removed)
    title: str
    before: str = ""  # the date before ("2025-10-26", "undated"), or the events the mentions were in
    after: str = ""

    def line(self) -> str:
        what = {
            "added": f"added {self.after}",
            "removed": f"removed (was {self.before})",
            "redated": f"re-dated {self.before} -> {self.after}",
            "remerged": f"re-merged: mentions of {self.before} -> {self.after}",
        }[self.kind]
        return f"{self.event_id}: {what}: {_one_line(self.title)[:90]}"


@dataclass
class Changes:
    added: list[Change] = field(default_factory=list)
    removed: list[Change] = field(default_factory=list)
    redated: list[Change] = field(default_factory=list)
    remerged: list[Change] = field(default_factory=list)
    first: bool = False  # there was no previous store to compare with
    totals: dict[str, int] = field(default_factory=dict)  # read from a meta that kept only the first ones
    before: int | None = None  # events in the previous store
    after: int | None = None  # events in the new one

    def counts(self) -> dict[str, int]:
        return {k: self.totals.get(k, len(getattr(self, k))) for k in KINDS}

    def any(self) -> bool:
        return any(self.counts().values())

    def regrouped(self) -> int | None:
        """How many events re-merging made (joins count down, splits up): the count's change that adding and
        removing do not explain, so that before + added - removed + regrouped == after."""
        if self.before is None or self.after is None:
            return None
        c = self.counts()
        return self.after - self.before - c["added"] + c["removed"]

    def summary(self) -> str:
        if self.first:
            return "no previous store to compare with"
        c = self.counts()
        out = "since the previous build: " + ", ".join(
            f"{c[k]} event{'' if c[k] == 1 else 's'} {LABELS[k]}" for k in KINDS
        )
        regrouped = self.regrouped()
        if regrouped is not None:
            out += f"; {self.before:,} -> {self.after:,} events"
            if regrouped:
                out += f" ({regrouped:+,} from re-merging)"
        return out

    def lines(self) -> list[str]:
        return [c.line() for k in KINDS for c in getattr(self, k)]

    def to_meta(self, limit: int = META_LIMIT) -> dict:
        out: dict = {"summary": self.summary(), "first": self.first, "counts": self.counts()}
        for k in KINDS:
            out[k] = [asdict(c) for c in getattr(self, k)[:limit]]
        if self.before is not None:
            out["before"], out["after"] = self.before, self.after
        return out


def from_meta(meta: dict) -> Changes | None:
    """The changes a store's meta holds (``to_meta``), or None if it holds none."""
    block = meta.get("changes") if isinstance(meta, dict) else None
    if not isinstance(block, dict):
        return None
    counts = block.get("counts") if isinstance(block.get("counts"), dict) else {}
    sizes = [block.get(k) if isinstance(block.get(k), int) else None for k in ("before", "after")]
    out = Changes(
        first=bool(block.get("first")),
        totals={k: v for k, v in counts.items() if k in KINDS and isinstance(v, int)},
        before=sizes[0],
        after=sizes[1],
    )
    for k in KINDS:
        for row in block.get(k) or []:
            if isinstance(row, dict):
                getattr(out, k).append(
                    Change(**{f: str(row.get(f, "")) for f in ("kind", "event_id", "title", "before", "after")})
                )
    return out


def _date(row) -> str:
    start, end, precision = (str(row.get(k) or "") for k in ("date_start", "date_end", "precision"))
    if not start:
        return "undated"
    return (start if end in ("", start) else f"{start}..{end}") + (f" ({precision})" if precision else "")


def compare(
    old_events: pd.DataFrame, old_mentions: pd.DataFrame, new_events: pd.DataFrame, new_mentions: pd.DataFrame
) -> Changes:
    """The changes from the old store's tables to the new one's (see the module doc)."""
    old_of = dict(zip(old_mentions["mention_id"].astype(str), old_mentions["event_id"].astype(str)))
    new_of = dict(zip(new_mentions["mention_id"].astype(str), new_mentions["event_id"].astype(str)))
    old_rows = {str(r["event_id"]): r for r in old_events[EVENT_COLUMNS].to_dict("records")}
    new_rows = {str(r["event_id"]): r for r in new_events[EVENT_COLUMNS].to_dict("records")}
    pairs: dict[str, Counter] = defaultdict(Counter)  # new event -> old events of its common mentions
    split: dict[str, set[str]] = defaultdict(set)  # old event -> new events of its common mentions
    for mid, new_ev in new_of.items():
        old_ev = old_of.get(mid)
        if old_ev is not None:
            pairs[new_ev][old_ev] += 1
            split[old_ev].add(new_ev)
    out = Changes(before=len(old_rows), after=len(new_rows))
    for ev, row in new_rows.items():
        olds = pairs.get(ev)
        if not olds:
            out.added.append(Change("added", ev, str(row["title"]), "", _date(row)))
            continue
        best = ev if ev in olds else min(olds, key=lambda o: (-olds[o], o))  # the same founder, else most shared
        before, after = _date(old_rows.get(best, {})), _date(row)
        if best in old_rows and before != after:
            out.redated.append(Change("redated", ev, str(row["title"]), before, after))
        parted = sorted(set().union(*(split[o] for o in olds)) - {ev})
        if len(olds) > 1 or parted:
            out.remerged.append(
                Change("remerged", ev, str(row["title"]), ", ".join(sorted(olds)), ", ".join([ev] + parted))
            )
    for ev, row in old_rows.items():
        if not split.get(ev):
            out.removed.append(Change("removed", ev, str(row["title"]), _date(row), ""))
    return out


def log_changes(changes: Changes, limit: int = 200) -> None:
    """The summary, then one line per change (the first ``limit`` of each kind), on ``events.merging.changes``."""
    log.info(changes.summary())
    for k in KINDS:
        items = getattr(changes, k)
        for c in items[:limit]:
            log.info("  " + c.line())
        if len(items) > limit:
            log.info(f"  ... and {len(items) - limit:,} more {LABELS[k]}")


def _one_line(text: str) -> str:
    return " ".join(str(text).split())
