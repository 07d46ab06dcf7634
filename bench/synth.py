"""A synthetic event store of N events in the contract's columns, for the scale benchmarks.

    .venv/bin/python -m bench.synth OUT_STORE [--events 1000000] [--seed 7] [--no-csv]

Realistic shapes, not real events: dates over ten years (2016-2025) clustered around a few
crises, about 70% known to the day, the rest to a week/month/quarter/year/decade, 8% spans, 5%
undated; categories from events/resources/categories.toml; actors, places and outlets from small
vocabularies with skewed (Zipf-like) frequencies; ``source_count`` skewed (most events have one
source). The documents table is small (one document per 50 events); the mentions table has one
mention per event (its best-dated one) so the detail panel has a quote to show.

Every column is built with numpy over whole arrays; the only per-row Python is cutting the list
columns (actors, sources, outlets, mention_ids) into lists, which the contract asks for.
``--no-csv`` writes Parquet only (the CSV copies are for people; writing them at 1M rows is the
slow part of ``events.output.store.write``).
"""

from __future__ import annotations

import argparse
import gc
import time
from pathlib import Path

import numpy as np
import pandas as pd

from events.output import store, tables
from events.resources import load

ACTORS = (
    "Russia",
    "United States",
    "Ukraine",
    "China",
    "Venezuela",
    "Iran",
    "Israel",
    "European Union",
    "NATO",
    "Turkey",
    "India",
    "France",
    "Germany",
    "United Kingdom",
    "Cuba",
    "Syria",
    "Belarus",
    "Vladimir Putin",
    "Nicolás Maduro",
    "Donald Trump",
    "Volodymyr Zelensky",
    "Xi Jinping",
    "Brazil",
    "Colombia",
    "North Korea",
    "Japan",
    "Poland",
    "Hamas",
    "Hezbollah",
    "United Nations",
)
PLACES = (
    "Caracas",
    "Moscow",
    "Kyiv",
    "Washington",
    "Beijing",
    "Kazan",
    "Gaza",
    "Tehran",
    "Havana",
    "Minsk",
    "Damascus",
    "Brussels",
    "Ankara",
    "Bogotá",
    "Black Sea",
    "Caribbean Sea",
    "Kharkiv",
    "Donetsk",
)
OUTLETS = (
    "Reuters",
    "Associated Press",
    "AFP",
    "BBC",
    "The Guardian",
    "The Washington Post",
    "The New York Times",
    "Al Jazeera",
    "Deutsche Welle",
    "Latin Times",
    "The Kyiv Independent",
    "TASS",
    "Interfax",
    "El País",
    "Le Monde",
    "Bloomberg",
    "Financial Times",
    "CNN",
    "Politico",
    "Meduza",
)
STATUSES = ("reported", "claimed", "confirmed", "denied", "disputed", "planned")
STATUS_P = (0.60, 0.12, 0.10, 0.05, 0.05, 0.08)
PRECISIONS = ("day", "week", "month", "quarter", "year", "decade")
PRECISION_P = (0.737, 0.053, 0.126, 0.032, 0.042, 0.010)  # of dated events; 70% of all are "day"
VERBS = {
    "strike": "struck",
    "delivery": "delivered supplies to",
    "deployment": "deployed forces near",
    "request": "asked for help from",
    "agreement": "signed an agreement with",
    "meeting": "met",
    "mobilization": "mobilized reservists against",
    "sanction": "imposed sanctions on",
    "economy": "agreed trade terms with",
    "politics": "held a vote over",
    "assessment": "assessed",
    "report": "reported on",
    "statement": "issued a statement on",
}
MONTHS = np.array(
    ["Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."], dtype=object
)
FIRST_DAY = np.datetime64("2016-01-01")
DAYS = 3653  # ten years


def zipf_choice(rng: np.random.Generator, n_values: int, size: int, a: float = 1.1) -> np.ndarray:
    """Indices 0..n_values-1, value k drawn with weight 1/(k+1)**a (a few values dominate)."""
    w = 1.0 / np.arange(1, n_values + 1) ** a
    return rng.choice(n_values, size=size, p=w / w.sum())


def categories() -> tuple[str, ...]:
    """The categories that have trigger words (a synthetic event is told with one of them)."""
    cats = load("categories")["category"]
    return tuple(name for name, spec in cats.items() if spec.get("verbs") or spec.get("nouns"))


def dates(rng: np.random.Generator, n: int) -> np.ndarray:
    """Day numbers (datetime64[D]): 60% around a dozen crises (a few weeks wide), 40% spread evenly."""
    centers = rng.integers(0, DAYS, 12)
    widths = rng.integers(5, 60, 12)
    pick = rng.integers(0, 12, n)
    clustered = centers[pick] + rng.normal(0, 1, n) * widths[pick]
    even = rng.integers(0, DAYS, n)
    day = np.where(rng.random(n) < 0.6, clustered, even).round().astype(np.int64).clip(0, DAYS - 1)
    return FIRST_DAY + day.astype("timedelta64[D]")


def intervals(day: np.ndarray, precision: np.ndarray, span_days: np.ndarray, is_span: np.ndarray):
    """(start, end) per event as datetime64[D]: the interval its precision allows, or its span."""
    start, end = day.copy(), day.copy()
    m = day.astype("datetime64[M]")
    y = day.astype("datetime64[Y]")
    for name, s, e in (
        ("week", day - ((day.astype(np.int64) + 3) % 7).astype("timedelta64[D]"), None),
        ("month", m.astype("datetime64[D]"), (m + 1).astype("datetime64[D]") - 1),
        (
            "quarter",
            (m - (m.astype(np.int64) % 3)).astype("datetime64[D]"),
            (m - (m.astype(np.int64) % 3) + 3).astype("datetime64[D]") - 1,
        ),
        ("year", y.astype("datetime64[D]"), (y + 1).astype("datetime64[D]") - 1),
        (
            "decade",
            (y - (y.astype(np.int64) + 1970) % 10).astype("datetime64[D]"),
            (y - (y.astype(np.int64) + 1970) % 10 + 10).astype("datetime64[D]") - 1,
        ),
    ):
        sel = precision == name
        start[sel] = s[sel]
        end[sel] = (e if e is not None else s + 6)[sel]
    spans = is_span & (precision == "day")
    end[spans] = day[spans] + span_days[spans].astype("timedelta64[D]")
    return start, end


def cut(flat: np.ndarray, counts: np.ndarray) -> list[list]:
    """Cut a flat array into lists of the given lengths (the contract's list cells)."""
    values = flat.tolist()
    ends = np.cumsum(counts).tolist()
    starts = [0] + ends[:-1]
    return [values[a:b] for a, b in zip(starts, ends)]


def distinct(keys: np.ndarray) -> np.ndarray:
    """Sorted distinct values (np.unique by sorting; faster here than its hash path)."""
    keys = np.sort(keys)
    return keys[np.r_[True, keys[1:] != keys[:-1]]] if len(keys) else keys


def ids(prefix: str, n: int, salt: int) -> np.ndarray:
    """Stable, unique, hash-like ids: prefix + 10 hex digits of a bijection of 0..n-1."""
    k = (np.arange(n, dtype=np.uint64) * np.uint64(0x9E3779B1) + np.uint64(salt)) % np.uint64(1 << 40)
    return np.char.add(prefix, np.char.zfill(np.char.mod("%x", k), 10)).astype(object)


def iso(days: np.ndarray, missing: np.ndarray) -> np.ndarray:
    out = np.datetime_as_string(days, unit="D").astype(object)
    out[missing] = ""
    return out


def generate(n_events: int = 1_000_000, seed: int = 7) -> dict[str, pd.DataFrame]:
    """The three tables (documents, mentions, events) of a synthetic store of ``n_events`` events."""
    paused = gc.isenabled()
    gc.disable()  # millions of new lists: the cyclic collector would rescan them over and over
    try:
        return _generate(n_events, seed)
    finally:
        if paused:
            gc.enable()


def _generate(n_events: int, seed: int) -> dict[str, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    n = int(n_events)
    cats = np.array(categories(), dtype=object)
    n_docs = max(10, n // 50)

    # documents: published over the same ten years, outlets skewed
    doc_ids = ids("doc-", n_docs, 11)
    doc_outlet = zipf_choice(rng, len(OUTLETS), n_docs, 0.9)
    doc_day = dates(rng, n_docs)
    outlets = np.array(OUTLETS, dtype=object)
    documents = pd.DataFrame(
        {
            "doc_id": doc_ids,
            "path": np.char.add(doc_ids.astype(str), ".txt").astype(object),
            "title": np.char.add("Report ", np.arange(n_docs).astype(str)).astype(object),
            "outlet": outlets[doc_outlet],
            "url": "",
            "published": iso(doc_day, np.zeros(n_docs, bool)),
            "published_basis": "given",
            "n_chars": rng.integers(800, 9000, n_docs),
            "sha256": "",
            "published_reason": "manifest",
            "date_refs": [[] for _ in range(n_docs)],
        },
        columns=tables.DOCUMENT_COLUMNS,
    )

    # dates, precisions, spans
    undated = rng.random(n) < 0.05
    precision = np.array(PRECISIONS, dtype=object)[rng.choice(len(PRECISIONS), n, p=PRECISION_P)]
    is_span = (rng.random(n) < 0.08) & ~undated
    span_days = rng.geometric(1 / 30, n)
    day = dates(rng, n)
    start, end = intervals(day, precision, span_days, is_span)
    precision[undated] = ""
    basis = np.array(("explicit", "relative", "inferred"), dtype=object)[rng.choice(3, n, p=(0.5, 0.45, 0.05))]
    basis[undated] = "undated"
    month_name = MONTHS[day.astype("datetime64[M]").astype(np.int64) % 12]
    year = day.astype("datetime64[Y]").astype(np.int64) + 1970
    dom = (day - day.astype("datetime64[M]")).astype(np.int64) + 1
    date_text = np.where(
        precision == "day",
        "on " + month_name + " " + dom.astype(str).astype(object),
        np.where(
            precision == "year",
            "in " + year.astype(str).astype(object),
            "in " + month_name + " " + year.astype(str).astype(object),
        ),
    )
    date_text[undated] = ""

    # what happened, who, where
    category = cats[zipf_choice(rng, len(cats), n, 0.8)]
    status = np.array(STATUSES, dtype=object)[rng.choice(len(STATUSES), n, p=STATUS_P)]
    n_actors = rng.choice(4, n, p=(0.1, 0.45, 0.35, 0.1))
    actor_flat = np.array(ACTORS, dtype=object)[zipf_choice(rng, len(ACTORS), int(n_actors.sum()))]
    actors = cut(actor_flat, n_actors)
    place_i = zipf_choice(rng, len(PLACES), n)
    location = np.where(rng.random(n) < 0.4, "", np.array(PLACES, dtype=object)[place_i]).astype(object)
    first_at = np.minimum(np.r_[0, np.cumsum(n_actors)[:-1]], max(len(actor_flat) - 1, 0))
    first = np.where(n_actors > 0, actor_flat[first_at] if len(actor_flat) else "", "Officials")
    verb = pd.Series(category).map(VERBS).fillna("acted on").to_numpy(dtype=object)
    target = np.array(ACTORS, dtype=object)[rng.integers(0, len(ACTORS), n)]
    where = np.where(location == "", "", " in " + location.astype(str)).astype(object)
    title = first + " " + verb + " " + target + where
    description = (
        title
        + ", according to officials cited in the report"
        + np.where(date_text == "", ".", " (" + date_text.astype(str) + ").").astype(object)
    )

    # sources: skewed counts, documents skewed too; outlets = their distinct outlets
    source_count = np.minimum(rng.zipf(2.3, n), 40)
    src_flat = zipf_choice(rng, n_docs, int(source_count.sum()), 0.6)
    row = np.repeat(np.arange(n), source_count)
    key = distinct(row.astype(np.int64) * n_docs + src_flat)  # distinct (row, doc), sorted
    row_u, doc_u = key // n_docs, key % n_docs
    source_count = np.bincount(row_u, minlength=n)
    sources = cut(doc_ids[doc_u], source_count)
    okey = distinct(row_u * len(OUTLETS) + doc_outlet[doc_u])
    outlet_lists = cut(outlets[okey % len(OUTLETS)], np.bincount(okey // len(OUTLETS), minlength=n))

    event_ids = ids("ev-", n, 5)
    mention_ids = ids("m-", n, 3)
    start_iso, end_iso = iso(start, undated), iso(end, undated)
    events = pd.DataFrame(
        {
            "event_id": event_ids,
            "date_start": start_iso,
            "date_end": end_iso,
            "precision": precision,
            "basis": basis,
            "is_span": is_span,
            "title": title,
            "description": description,
            "actors": actors,
            "category": category,
            "status": status,
            "location": location,
            "sources": sources,
            "source_count": source_count.astype(np.int64),
            "outlets": outlet_lists,
            "date_text": date_text,
            "date_conflict": rng.random(n) < 0.02,
            "mention_ids": cut(mention_ids, np.ones(n, np.int64)),
            "curated": "",
            # salience as the build scores it, roughly: corroboration plus how precisely it is dated
            "salience": np.round(
                0.5 * np.log2(1 + source_count) + np.where(precision == "day", 0.5, 0.2) + rng.random(n), 3
            ),
        },
        columns=tables.EVENT_COLUMNS,
    )

    first_doc = doc_ids[doc_u[np.r_[0, np.cumsum(source_count)[:-1]]]]
    char_start = rng.integers(0, 5000, n)
    mentions = pd.DataFrame(
        {
            "mention_id": mention_ids,
            "event_id": event_ids,
            "doc_id": first_doc,
            "char_start": char_start,
            "char_end": char_start + np.char.str_len(description.astype(str)),
            "quote": description,
            "date_text": date_text,
            "date_start": start_iso,
            "date_end": end_iso,
            "precision": precision,
            "basis": basis,
            "is_span": is_span,
            "date_value": start_iso,
            "actors": actors,
            "category": category,
            "status": status,
            "location": location,
            "title": title,
            "trigger": "",
        },
        columns=tables.MENTION_COLUMNS,
    )
    return {"documents": documents, "mentions": mentions, "events": events}


def write_parquet_only(path: Path, frames: dict[str, pd.DataFrame], meta: dict) -> Path:
    """Like ``events.output.store.write`` without the CSV copies (a plain folder; for benchmarks only)."""
    import json

    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    for name, df in frames.items():
        store.write_table(df, path / f"{name}.parquet", max(1, len(df)))  # one file, the store's schema (dates typed)
    info = dict(meta, tables={k: len(v) for k, v in frames.items()}, version="synthetic")
    (path / store.META).write_text(json.dumps(info, indent=2), encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.synth", description=__doc__.splitlines()[0])
    p.add_argument("out", type=Path, help="store folder to write")
    p.add_argument("--events", type=int, default=1_000_000)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--no-csv", action="store_true", help="Parquet only (skips the slow CSV copies)")
    a = p.parse_args(argv)
    t0 = time.perf_counter()
    frames = generate(a.events, a.seed)
    t1 = time.perf_counter()
    meta = {"summary": f"synthetic store of {a.events} events (seed {a.seed})", "input_dir": ""}
    if a.no_csv:
        write_parquet_only(a.out, frames, meta)
    else:
        store.write(a.out, frames, meta)
    t2 = time.perf_counter()
    print(
        f"{a.events:,} events generated in {t1 - t0:.1f} s, written in {t2 - t1:.1f} s"
        f"{' (Parquet only)' if a.no_csv else ' (Parquet + CSV, events.output.store.write)'} to {a.out}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
