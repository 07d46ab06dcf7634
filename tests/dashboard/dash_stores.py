"""Small event stores for the dashboard tests, written with the pipeline's own table functions.

``seed_store`` copies the five seed articles into an input folder and describes the events a good
extraction would find in them (the Il-76 landing in Caracas, the Washington Post report, the USS
Gerald R. Ford deployment, Putin and Maduro in Kazan, Operation Anadyr in 1962, an undated claim,
a "since September" span), each mention pointing at its real sentence in the article text.
``hostile_store`` holds what a hostile input could put in a store. ``many_events`` makes a large
synthetic events table for the scale tests.

Run ``python -m tests.dashboard.dash_stores OUT_DIR`` to write the seed store for a manual look.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from events.output import store, tables
from events.reading import ingest
from events.records import Document, Event, Mention
from events.settings import Settings

ROOT = Path(__file__).resolve().parents[2]

D = dt.date
SEEDS = ROOT / "seeds"
DOCS = {  # doc_id -> (title, outlet, published)
    "000_1ab23caccf04c3ab": (
        "Russia confirms it's supplying advanced missile systems to Venezuela",
        "",
        D(2025, 11, 5),
    ),
    "001_111dea4c715d8f3b": ("Oreshnik missiles for Venezuela? Russia warns the US", "", D(2025, 11, 6)),
    "002_585014edc6f43af1": (
        "Russia signals it could supply Venezuela with hypersonic missiles",
        "Latin Times",
        D(2025, 11, 5),
    ),
    "003_d65d78ee2db551f0": (
        "Venezuela reportedly requests missiles, radars from Russia amid US tensions",
        "The Kyiv Independent",
        D(2025, 11, 1),
    ),
    "004_c8231a1d60e4378b": ("Russia aiding venezuela", "Factually", D(2025, 11, 7)),
}

# event_id, title, (start, end, precision, basis, is_span, date_text), category, status, actors, location,
# mentions: [(doc_id, quote, date_text, start, end, precision, basis)]
EVENTS = [
    (
        "ev-il76",
        "Russian Il-76 cargo aircraft lands in Caracas with air-defence systems",
        (D(2025, 10, 26), D(2025, 10, 26), "day", "explicit", False, "on October 26, 2025"),
        "delivery",
        "reported",
        ["Russia", "Venezuela"],
        "Caracas",
        [
            (
                "004_c8231a1d60e4378b",
                "A transport Il-76 touched down in Caracas on October 26, 2025, reportedly carrying "
                "Pantsir-S1 and Buk-M2E batteries",
                "on October 26, 2025",
                D(2025, 10, 26),
                D(2025, 10, 26),
                "day",
                "explicit",
            ),
            (
                "002_585014edc6f43af1",
                "A sanctioned Russian Il-76 cargo aircraft also recently landed in Caracas after "
                "routing around Western airspace; its cargo was not disclosed.",
                "recently",
                D(2025, 10, 20),
                D(2025, 11, 5),
                "week",
                "relative",
            ),
        ],
    ),
    (
        "ev-wapo",
        "Washington Post reports Maduro asked Russia for military aid",
        (D(2025, 10, 31), D(2025, 10, 31), "day", "explicit", False, "on Oct. 31"),
        "report",
        "reported",
        ["Nicolás Maduro", "Russia", "Venezuela"],
        "",
        [
            (
                "003_d65d78ee2db551f0",
                "Venezuelan dictator Nicolas Maduro is requesting military aid from Russia, the "
                "Washington Post (WP) reported on Oct. 31, citing confidential documents reviewed by the outlet.",
                "on Oct. 31",
                D(2025, 10, 31),
                D(2025, 10, 31),
                "day",
                "relative",
            ),
            (
                "001_111dea4c715d8f3b",
                "He has just asked for air defense systems and at least 14 missile systems, the "
                "Washington Post reported last week.",
                "last week",
                D(2025, 10, 27),
                D(2025, 11, 2),
                "week",
                "relative",
            ),
            (
                "002_585014edc6f43af1",
                "According to a recent article from The Washington Post, internal U.S. documents "
                "show Maduro asked Russia to help overhaul defensive radars",
                "",
                None,
                None,
                "",
                "undated",
            ),
        ],
    ),
    (
        "ev-ford",
        "USS Gerald R. Ford carrier group sails for the Caribbean",
        (D(2025, 11, 3), D(2025, 11, 9), "week", "relative", False, "now"),
        "deployment",
        "confirmed",
        ["United States"],
        "Caribbean",
        [
            (
                "001_111dea4c715d8f3b",
                "the United States is strengthening its military presence in the Caribbean, where "
                "the world's largest ship, the American aircraft carrier USS Gerald R. Ford, is sailing",
                "now",
                D(2025, 11, 3),
                D(2025, 11, 9),
                "week",
                "relative",
            ),
            (
                "002_585014edc6f43af1",
                "The United States has deployed warships, aircraft, Marines, drones, and "
                "surveillance platforms to the region, including the USS Gerald R. Ford",
                "soon",
                D(2025, 11, 3),
                D(2025, 11, 9),
                "week",
                "relative",
            ),
        ],
    ),
    (
        "ev-kazan",
        "Putin meets Maduro in Kazan",
        (D(2024, 10, 23), D(2024, 10, 23), "day", "explicit", False, "on Oct. 23, 2024"),
        "meeting",
        "reported",
        ["Vladimir Putin", "Nicolás Maduro", "Russia", "Venezuela"],
        "Kazan",
        [
            (
                "003_d65d78ee2db551f0",
                "Russia's President Vladimir Putin meets with Venezuela's President Nicolas Maduro "
                "in Kazan on Oct. 23, 2024.",
                "on Oct. 23, 2024",
                D(2024, 10, 23),
                D(2024, 10, 23),
                "day",
                "explicit",
            ),
        ],
    ),
    (
        "ev-anadyr",
        "Soviet Operation Anadyr deploys missiles and soldiers to Cuba",
        (D(1962, 1, 1), D(1962, 12, 31), "year", "explicit", False, "in 1962"),
        "deployment",
        "reported",
        ["Soviet Union", "Cuba"],
        "Cuba",
        [
            (
                "001_111dea4c715d8f3b",
                "the Defense Express website specializing in military affairs compared the current "
                "situation to the Soviet Union's operation codenamed Anadyr in 1962.",
                "in 1962",
                D(1962, 1, 1),
                D(1962, 12, 31),
                "year",
                "explicit",
            ),
        ],
    ),
    (
        "ev-zhuravlev",
        "Russian lawmaker says nothing stops supplying Oreshnik missiles to Venezuela",
        (D(2025, 11, 4), D(2025, 11, 4), "day", "relative", False, "on Tuesday"),
        "statement",
        "claimed",
        ["Alexey Zhuravlev", "Russia", "Venezuela"],
        "",
        [
            (
                "001_111dea4c715d8f3b",
                "The latter announced on Tuesday that The Kremlin has sent advanced weapons to the Caribbean",
                "on Tuesday",
                D(2025, 11, 4),
                D(2025, 11, 4),
                "day",
                "relative",
            ),
            (
                "002_585014edc6f43af1",
                "Alexey Zhuravlev, deputy head of the Russian parliament's defense committee, said "
                'there were "no obstacles to supplying a friendly country',
                "",
                None,
                None,
                "",
                "undated",
            ),
            (
                "000_1ab23caccf04c3ab",
                "A deputy chairman from Russia’s State Duma defense committee stated that there "
                "are “no barriers” to sending long-range missile platforms to Caracas.",
                "",
                None,
                None,
                "",
                "undated",
            ),
        ],
    ),
    (
        "ev-strikes",
        "US strikes on alleged drug boats kill at least 70 people",
        (D(2025, 9, 1), D(2025, 11, 5), "month", "relative", True, "since September"),
        "strike",
        "reported",
        ["United States"],
        "Caribbean",
        [
            (
                "002_585014edc6f43af1",
                "President Donald Trump has accused Maduro of aiding drug smuggling and has "
                "authorized lethal strikes on vessels the U.S. says are linked to narcotics trafficking, killing at least "
                "70 people since September.",
                "since September",
                D(2025, 9, 1),
                D(2025, 11, 5),
                "month",
                "relative",
            ),
        ],
    ),
    (
        "ev-pacts",
        "Venezuela and Russia sign energy and defence agreements",
        (D(2024, 1, 1), D(2025, 12, 31), "year", "explicit", True, "in 2024–2025"),
        "agreement",
        "reported",
        ["Russia", "Venezuela"],
        "",
        [
            (
                "004_c8231a1d60e4378b",
                "Venezuela and Russia signed agreements in 2024–2025 covering hydrocarbons, "
                "finance, and defence cooperation",
                "in 2024–2025",
                D(2024, 1, 1),
                D(2025, 12, 31),
                "year",
                "explicit",
            ),
        ],
    ),
    (
        "ev-mobilize",
        "Maduro announces mobilization of 15,000 soldiers",
        (D(2025, 10, 1), D(2025, 10, 31), "month", "inferred", False, "October"),
        "mobilization",
        "reported",
        ["Nicolás Maduro", "Venezuela"],
        "",
        [
            (
                "003_d65d78ee2db551f0",
                "He also announced the mobilization of 15,000 soldiers.",
                "",
                D(2025, 10, 1),
                D(2025, 10, 31),
                "month",
                "inferred",
            ),
        ],
    ),
    (
        "ev-igla",
        "Maduro says Venezuela has about 5,000 Russian-made Igla-S air defence systems",
        (None, None, "", "undated", False, ""),
        "statement",
        "claimed",
        ["Nicolás Maduro", "Venezuela"],
        "",
        [
            (
                "003_d65d78ee2db551f0",
                "Maduro earlier said the country has about 5,000 Russian-made Igla-S portable air defense systems.",
                "",
                None,
                None,
                "",
                "undated",
            ),
        ],
    ),
]


def seed_store(root: Path) -> Path:
    """Copy the seeds to ROOT/input and write the store ROOT/store describing them. Returns the store path."""
    root = Path(root)
    input_dir = root / "input"
    input_dir.mkdir(parents=True, exist_ok=True)
    for doc_id in DOCS:
        shutil.copy(SEEDS / f"{doc_id}.txt", input_dir / f"{doc_id}.txt")
    texts, documents = {}, []
    for doc_id, (title, outlet, published) in DOCS.items():
        rel = f"{doc_id}.txt"
        text = ingest.read_file(input_dir / rel, rel, input_dir.resolve(), Settings())[1]
        texts[doc_id] = text
        documents.append(
            Document(
                doc_id=doc_id,
                path=rel,
                text=text,
                title=title,
                outlet=outlet,
                url="",
                published=published,
                published_basis="given",
                n_chars=len(text),
            )
        )
    outlets = {d.doc_id: d.outlet or d.doc_id for d in documents}
    mentions, events = [], []
    for event_id, title, date, category, status, actors, location, quotes in EVENTS:
        start, end, precision, basis, is_span, date_text = date
        ids = []
        for i, (doc_id, quote, m_text, m_start, m_end, m_prec, m_basis) in enumerate(quotes):
            at = texts[doc_id].find(quote)
            assert at >= 0, f"quote not found in {doc_id}: {quote[:60]}"
            mid = f"{event_id}-m{i}"
            ids.append(mid)
            mentions.append(
                Mention(
                    mention_id=mid,
                    doc_id=doc_id,
                    char_start=at,
                    char_end=at + len(quote),
                    quote=quote,
                    date_text=m_text,
                    date_start=m_start,
                    date_end=m_end,
                    precision=m_prec,
                    basis=m_basis,
                    actors=tuple(actors),
                    category=category,
                    status=status,
                    location=location,
                    title=title,
                    event_id=event_id,
                    is_span=is_span if m_start else False,
                )
            )
        sources = tuple(dict.fromkeys(q[0] for q in quotes))
        events.append(
            Event(
                event_id=event_id,
                date_start=start,
                date_end=end,
                precision=precision,
                basis=basis,
                is_span=is_span,
                title=title,
                description=quotes[0][1],
                actors=tuple(actors),
                category=category,
                status=status,
                location=location,
                sources=sources,
                source_count=len(sources),
                mention_ids=tuple(ids),
                date_text=date_text,
            )
        )
    frames = {
        "documents": tables.documents_frame(documents),
        "mentions": tables.mentions_frame(mentions),
        "events": tables.events_frame(events, outlets),
    }
    out = root / "store"
    store.write(
        out,
        frames,
        {
            "input_dir": str(input_dir.resolve()),
            "built_at": "2025-11-08T09:00:00+00:00",
            "summary": f"{len(documents)} documents read, 0 skipped",
        },
    )
    return out


HOSTILE = [
    "<script>window.__pwned = 1</script>",
    '<img src=x onerror="window.__pwned=1">',
    '=HYPERLINK("http://evil.example","click")',
    "**bold** _it_ [link](javascript:alert(1)) :red[x] $x^2$ `code` # heading",
    "A" * 3000,
    "",
]


def hostile_store(root: Path) -> Path:
    """A store holding what hostile or broken input could leave: markup, formulas, bad dates, bad paths."""
    root = Path(root)
    input_dir = root / "input"
    input_dir.mkdir(parents=True, exist_ok=True)
    text = "Intro. " + " ".join(HOSTILE) + " The end."
    (input_dir / "evil.txt").write_text(text, encoding="utf-8")
    docs = pd.DataFrame(
        {
            "doc_id": ["evil", "gone", "escape"],
            "path": ["evil.txt", "missing.txt", "../../../etc/passwd"],
            "title": [HOSTILE[0], HOSTILE[1], ""],
            "outlet": [HOSTILE[2], "", HOSTILE[1]],
            "url": ["javascript:alert(1)", "", ""],
            "published": ["2025-11-01", "not a date", ""],
            "published_basis": ["given", "unknown", "unknown"],
            "n_chars": [len(text), 0, 0],
            "sha256": ["", "", ""],
            "published_reason": ["", "", ""],
        }
    )
    rows = []
    dates = [
        ("2025-10-31", "2025-10-31", "day"),
        ("2025-13-45", "2025-13-45", "day"),
        ("", "", ""),
        ("2025-11-05", "2025-10-01", "month"),
        ("0001-01-01", "9999-12-31", "decade"),
        ("2025-10", "", "month"),
    ]
    for i, (title, (a, b, p)) in enumerate(zip(HOSTILE, dates)):
        rows.append(
            {
                "event_id": f"h{i}",
                "date_start": a,
                "date_end": b,
                "precision": p,
                "basis": "explicit" if a else "undated",
                "is_span": i == 4,
                "title": title,
                "description": HOSTILE[(i + 1) % len(HOSTILE)],
                "actors": [HOSTILE[i], HOSTILE[0]] if i % 2 else [],
                "category": HOSTILE[(i + 2) % len(HOSTILE)],
                "status": ["reported", "weird<b>", "", "denied", "claimed", "planned"][i],
                "location": HOSTILE[1],
                "sources": ["evil", "gone", "escape"][: 1 + i % 3],
                "source_count": [1, 2, 3, -1, 0, 10**6][i],
                "outlets": [HOSTILE[2], HOSTILE[1]][: 1 + i % 2],
                "date_text": HOSTILE[1],
                "date_conflict": bool(i % 2),
                "mention_ids": [f"hm{i}", "nope"],
                "curated": "",
            }
        )
    events = pd.DataFrame(rows)
    mentions = pd.DataFrame(
        [
            {
                "mention_id": f"hm{i}",
                "event_id": f"h{i}",
                "doc_id": ["evil", "gone", "escape"][i % 3],
                "char_start": [7, -5, 10**9, 3, 0, 5][i],
                "char_end": [40, 2, 10**9 + 5, 1, 10, 5][i],
                "quote": HOSTILE[i],
                "date_text": HOSTILE[1],
                "date_start": "",
                "date_end": "",
                "precision": "",
                "basis": "undated",
                "title": HOSTILE[i],
            }
            for i in range(len(HOSTILE))
        ]
    )
    out = root / "store"
    store.write(
        out,
        {"documents": docs, "mentions": mentions, "events": events},
        {"input_dir": str(input_dir.resolve()), "built_at": "<b>never</b>"},
    )
    return out


def many_events(n: int, seed: int = 7) -> pd.DataFrame:
    """A synthetic events table of ``n`` rows with the contract's columns and a realistic mix of precisions."""
    rng = np.random.default_rng(seed)
    start = np.datetime64("2020-01-01") + rng.integers(0, 6 * 365, n).astype("timedelta64[D]")
    precision = rng.choice(["day", "day", "day", "week", "month", "year", ""], n)
    length = np.select([precision == "week", precision == "month", precision == "year"], [6, 30, 364], 0)
    is_span = rng.random(n) < 0.05
    length = np.where(is_span, rng.integers(10, 200, n), length)
    end = start + length.astype("timedelta64[D]")
    s = np.where(precision == "", "", np.datetime_as_string(start, unit="D"))
    e = np.where(precision == "", "", np.datetime_as_string(end, unit="D"))
    cats = np.array(["deployment", "delivery", "statement", "report", "request", "strike", "agreement", "meeting"])
    actors = np.array(["Russia", "Venezuela", "United States", "China", "Iran", "Cuba", "Nicolás Maduro"])
    counts = rng.integers(1, 8, n)
    return pd.DataFrame(
        {
            "event_id": [f"e{i}" for i in range(n)],
            "date_start": s,
            "date_end": e,
            "precision": precision,
            "basis": np.where(precision == "", "undated", "explicit"),
            "is_span": is_span & (precision != ""),
            "title": [f"Synthetic event {i}" for i in range(n)],
            "description": "",
            "category": rng.choice(cats, n),
            "actors": [list(rng.choice(actors, 2, replace=False)) for _ in range(n)],
            "status": rng.choice(["reported", "claimed", "confirmed", "denied"], n),
            "location": "",
            "sources": [[f"d{j}" for j in range(c)] for c in counts],
            "source_count": counts,
            "outlets": [[f"Outlet {j}" for j in range(c)] for c in counts],
            "date_text": "",
            "date_conflict": False,
            "mention_ids": [[] for _ in range(n)],
            "curated": "",
        }
    )


if __name__ == "__main__":
    print(seed_store(Path(sys.argv[1])))
