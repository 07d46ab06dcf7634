"""An analyst's overrides, applied on every build so they survive rebuilds.

The overrides file (TOML, by default INPUT_DIR/overrides.toml)::

    [[override]]
    event = "ev-0123456789"
    title = "Il-76 lands in Caracas with air-defence systems"
    date = "2025-10-26"            # or "2025-10" / "2025" (precision follows), or "2025-10-20/2025-10-26"
    category = "delivery"
    status = "confirmed"           # reported, claimed, confirmed, denied, disputed, planned
    location = "Caracas"
    hide = true

    [[merge]]
    events = ["ev-aaaaaaaaaa", "ev-bbbbbbbbbb"]   # the first id named survives and stays addressable

Merges are applied before overrides, so an override may name a merged-away id (it reaches the survivor).
An entry naming an unknown id, an unknown key or a bad value is reported as a problem naming the file,
the entry and what is wrong; it never stops the build. The file's shape is checked when it is read
(``load``): ``override`` and ``merge`` must be arrays of tables, anything else is named with its line and
ignored; a file that is not a regular file, too large, nested too deeply or not TOML is named and no
override applied. Text values are one line, and at most ``TEXT_LIMITS`` characters.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import re
import tomllib
from pathlib import Path

from events.merging import merge as merging
from events.records import STATUSES, Event, Mention

OVERRIDE_KEYS = ("event", "title", "date", "category", "status", "location", "hide", "description")
MERGE_KEYS = ("events",)
TABLES = {"override": "[[override]]", "merge": "[[merge]]"}  # top-level key -> how an entry is written
TEXT_LIMITS = {"title": 200, "description": 2000, "location": 200}  # characters an analyst's text keeps
MAX_BYTES = 5_000_000  # a larger overrides file is not read


def parse_date(text: str) -> tuple[dt.date, dt.date, str]:
    """'2025-10-31' -> day; '2025-10' -> month; '2025' -> year; 'A/B' -> the interval, precision of A."""
    if "/" in text:
        a, b = text.split("/", 1)
        start, _, precision = parse_date(a.strip())
        _, end, _ = parse_date(b.strip())
        if end < start:
            raise ValueError(f"{text!r} ends before it starts")
        return start, end, precision
    parts = text.strip().split("-")
    try:
        if len(parts) == 3:
            d = dt.date.fromisoformat(text.strip())
            return d, d, "day"
        if len(parts) == 2:
            y, m = int(parts[0]), int(parts[1])
            return dt.date(y, m, 1), dt.date(y, m, calendar.monthrange(y, m)[1]), "month"
        if len(parts) == 1 and len(parts[0]) == 4:
            y = int(parts[0])
            return dt.date(y, 1, 1), dt.date(y, 12, 31), "year"
    except ValueError:  # not a calendar date (2025-02-30, 2025-13): named like any other text that is no date
        raise ValueError(f"{text!r} is not a date; expected YYYY-MM-DD, YYYY-MM, YYYY or START/END") from None
    return _typed(text)


def _typed(text: str) -> tuple[dt.date, dt.date, str]:
    """A date as an analyst types it ("Oct 31 2025", "March 2011"), read by dateparser; never one counted from
    today (an override holds on every build, whenever it runs)."""
    from events.text.dates import read_typed

    try:
        found = read_typed(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a date; expected YYYY-MM-DD, YYYY-MM, YYYY or START/END") from None
    return found.start, found.end, found.precision


def load(path: Path, folder: Path | None = None, limit: int = MAX_BYTES) -> tuple[dict, list[str]]:
    """The parsed overrides file, its shape checked (``check_shape``), and the problems reading it ({} and []
    when there is no file). It is read as an article is: a regular file of at most ``limit`` bytes and, when
    ``folder`` is given, a link inside that folder only."""
    from events.reading.ingest import read_side_file

    path = Path(path)
    if not path.is_symlink() and not path.exists():
        return {}, []
    data, why = read_side_file(path, folder, limit)
    if data is None:
        return {}, [f"{path}: {why}; no override applied"]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return {}, [f"{path}: not UTF-8 text (byte {exc.start}); no override applied"]
    try:
        parsed = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return {}, [f"{path}: cannot read the overrides ({exc}); no override applied"]
    except RecursionError:
        return {}, [f"{path}: malformed: tables or arrays nested too deeply to read; no override applied"]
    return check_shape(parsed, text, path)


def check_shape(data: dict, text: str, path: Path) -> tuple[dict, list[str]]:
    """The file's top-level keys that can be applied, and a problem naming file, key and line for each that
    cannot: ``override`` and ``merge`` must be arrays of tables, no other key is known."""
    kept, problems = {}, []
    for key, value in data.items():
        where = f"{path}:{_key_line(text, key)}"
        if key not in TABLES:
            problems.append(f"{where}: unknown key {key!r} ignored; expected {' and '.join(TABLES.values())} entries")
        elif isinstance(value, list) and all(isinstance(v, dict) for v in value):
            kept[key] = value
        elif isinstance(value, dict):
            problems.append(
                f"{where}: [{key}] is a single table; write each entry as {TABLES[key]} "
                f"(an array of tables); {key} ignored"
            )
        else:
            problems.append(
                f"{where}: {key} must be a list of {TABLES[key]} entries, not {_kind(value)}; {key} ignored"
            )
    return kept, problems


def _key_line(text: str, key: str) -> int:
    """The line where a top-level key is first written (``key = ...``, ``[key]``, ``[[key]]``), else 1."""
    found = re.search(rf"""^[ \t]*(?:\[\[?[ \t]*)?["']?{re.escape(key)}["']?[ \t]*(?:=|\]|\.)""", text, re.M)
    return text.count("\n", 0, found.start()) + 1 if found else 1


def _kind(value) -> str:
    if isinstance(value, bool):
        return f"true or false ({str(value).lower()})"
    if isinstance(value, (int, float)):
        return f"a number ({value})"
    if isinstance(value, str):
        return f"text ({value[:40]!r})"
    if isinstance(value, list):
        return "a list of values that are not tables"
    return type(value).__name__


def _merge_events(events: dict[str, Event], mentions: list[Mention], ids: list[str]) -> tuple[Event, list[Mention]]:
    """One event from several: the first id survives; the date is the best-grounded of all mentions."""
    keep = events[ids[0]]
    absorbed = set(ids[1:])
    group_ids = {mid for i in ids for mid in events[i].mention_ids}
    group = [m for m in mentions if m.mention_id in group_ids]
    merged = merging.to_event(group) if group else keep
    merged = dataclasses.replace(
        merged,
        event_id=keep.event_id,
        title=keep.title,
        category=keep.category,
        curated=_note(keep.curated, "merged " + ", ".join(sorted(absorbed))),
    )
    out = [dataclasses.replace(m, event_id=keep.event_id) if m.mention_id in group_ids else m for m in mentions]
    return merged, out


def _note(old: str, new: str) -> str:
    return f"{old}; {new}" if old else new


def apply(
    events: list[Event], mentions: list[Mention], overrides_path: Path | str | None, categories: set[str] | None = None
) -> tuple[list[Event], list[Mention], list[str]]:
    """Apply the overrides file to the events (and the mentions' event ids). Returns (events, mentions,
    problems). A missing file changes nothing."""
    if not overrides_path:
        return events, mentions, []
    path = Path(overrides_path)
    data, problems = load(path)
    if not data:
        return events, mentions, problems
    events, mentions, found = apply_data(events, mentions, data, path, categories)
    return events, mentions, problems + found


def apply_data(
    events: list[Event], mentions: list[Mention], data: dict, path: Path | None, categories: set[str] | None = None
) -> tuple[list[Event], list[Mention], list[str]]:
    """Apply overrides already read and checked by ``load`` (``path`` names the file in problems)."""
    problems: list[str] = []
    if categories is None:
        from events.resources import load as load_resource

        categories = set(load_resource("categories")["category"])
    by_id = {e.event_id: e for e in events}
    alias: dict[str, str] = {}  # merged-away id -> surviving id

    for n, entry in enumerate(data.get("merge", []), start=1):
        where = f"{path}: [[merge]] #{n}"
        ids = entry.get("events") if isinstance(entry, dict) else None
        if not isinstance(ids, list) or len(ids) < 2 or not all(isinstance(i, str) for i in ids):
            problems.append(f'{where}: \'events\' must list two or more event ids, e.g. events = ["ev-a", "ev-b"]')
            continue
        resolved = [alias.get(i, i) for i in ids]
        missing = [i for i, r in zip(ids, resolved) if r not in by_id]
        if missing:
            problems.append(f"{where}: unknown event id(s) {missing}; merge skipped")
            continue
        resolved = list(dict.fromkeys(resolved))
        if len(resolved) < 2:
            continue
        merged, mentions = _merge_events(by_id, mentions, resolved)
        for gone in resolved[1:]:
            by_id.pop(gone)
            alias[gone] = merged.event_id
        for old, new in list(alias.items()):
            if new in resolved[1:]:
                alias[old] = merged.event_id
        by_id[merged.event_id] = merged

    for n, entry in enumerate(data.get("override", []), start=1):
        where = f"{path}: [[override]] #{n}"
        if not isinstance(entry, dict) or not isinstance(entry.get("event"), str):
            problems.append(f'{where}: needs event = "ev-..."')
            continue
        where += f" (event {entry['event']})"
        event_key = alias.get(entry["event"], entry["event"])
        if event_key not in by_id:
            problems.append(f"{where}: unknown event id; override skipped")
            continue
        extra = sorted(set(entry) - set(OVERRIDE_KEYS))
        if extra:
            problems.append(f"{where}: unknown key(s) {extra} ignored; expected some of {list(OVERRIDE_KEYS[1:])}")
        ev, changes, bad = _override(by_id[event_key], entry, categories)
        problems += [f"{where}: {b}" for b in bad]
        if changes:
            by_id[event_key] = dataclasses.replace(ev, curated=_note(ev.curated, ", ".join(changes)))

    order = {e.event_id: i for i, e in enumerate(events)}
    out = sorted(by_id.values(), key=lambda e: order.get(e.event_id, len(order)))
    return out, mentions, problems


def _override(ev: Event, entry: dict, categories: set[str]) -> tuple[Event, list[str], list[str]]:
    changes, bad = [], []
    for key, limit in TEXT_LIMITS.items():
        if key in entry:
            if isinstance(entry[key], str):
                value = " ".join(entry[key].split())  # one line: a title is a label
                if len(value) > limit:
                    bad.append(f"{key} is {len(value):,} characters; cut to the first {limit}")
                    value = value[: limit - 1].rstrip() + "…"
                ev = dataclasses.replace(ev, **{key: value})
                changes.append(key)
            else:
                bad.append(f"{key} must be text, not {str(entry[key])[:60]!r}")
    if "date" in entry:
        try:
            start, end, precision = parse_date(str(entry["date"]))
            ev = dataclasses.replace(
                ev,
                date_start=start,
                date_end=end,
                precision=precision,
                basis="explicit",
                date_text=f"analyst: {entry['date']}",
                is_span=start != end and "/" in str(entry["date"]),
            )
            changes.append("date")
        except ValueError as exc:
            bad.append(f"date {exc}")
    for key, allowed in (("category", sorted(categories)), ("status", list(STATUSES))):
        if key in entry:
            if entry[key] in allowed:
                ev = dataclasses.replace(ev, **{key: entry[key]})
                changes.append(key)
            else:
                bad.append(f"{key} {entry[key]!r} is not one of {allowed}")
    if "hide" in entry:
        if isinstance(entry["hide"], bool):
            ev = dataclasses.replace(ev, hidden=entry["hide"])
            changes.append("hidden" if entry["hide"] else "shown")
        else:
            bad.append(f"hide must be true or false, not {entry['hide']!r}")
    return ev, changes, bad
