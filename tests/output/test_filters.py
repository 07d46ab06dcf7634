"""events.output.filters: the one filter engine over the events table (export, CLI and page), and its URL form."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from events.output import filters
from events.output.filters import Filters
from events.records import PRECISIONS, STATUSES

D = dt.date


def event(
    event_id,
    start,
    end,
    precision,
    title,
    category,
    status="reported",
    actors=(),
    outlets=(),
    n=1,
    location="",
    description="",
):
    return {
        "event_id": event_id,
        "date_start": start,
        "date_end": end,
        "precision": precision,
        "basis": "explicit",
        "is_span": False,
        "title": title,
        "description": description,
        "actors": list(actors),
        "category": category,
        "status": status,
        "location": location,
        "sources": [f"d{i}" for i in range(n)],
        "source_count": n,
        "outlets": list(outlets),
    }


EVENTS = pd.DataFrame(
    [
        event(
            "il76",
            "2025-10-26",
            "2025-10-26",
            "day",
            "Russian Il-76 cargo aircraft lands in Caracas",
            "delivery",
            actors=["Russia", "Venezuela"],
            outlets=["Factually", "Latin Times"],
            n=2,
            location="Caracas",
        ),
        event(
            "wapo",
            "2025-10-31",
            "2025-10-31",
            "day",
            "Washington Post reports Maduro asked Russia for military aid",
            "report",
            actors=["Nicolás Maduro", "Russia"],
            outlets=["The Kyiv Independent", "Latin Times"],
            n=3,
        ),
        event(
            "ford",
            "2025-11-03",
            "2025-11-09",
            "week",
            "USS Gerald R. Ford carrier group sails for the Caribbean",
            "deployment",
            status="confirmed",
            actors=["United States"],
            n=2,
        ),
        event(
            "kazan",
            "2024-10-23",
            "2024-10-23",
            "day",
            "Putin meets Maduro",
            "meeting",
            actors=["Vladimir Putin", "Nicolás Maduro"],
            outlets=["The Kyiv Independent"],
            location="Kazan",
        ),
        event(
            "anadyr",
            "1962-01-01",
            "1962-12-31",
            "year",
            "Soviet Operation Anadyr deploys missiles to Cuba",
            "deployment",
            actors=["Soviet Union"],
        ),
        event(
            "igla",
            "",
            "",
            "",
            "Maduro says Venezuela has 5,000 Igla-S systems",
            "statement",
            status="claimed",
            actors=["Nicolás Maduro"],
        ),
        event("oct", "2025-10-01", "", "month", "Venezuela announces mobilization", "mobilization"),  # no end
    ]
)


@pytest.mark.parametrize(
    "f, ids",
    [
        (Filters(), ["il76", "wapo", "ford", "kazan", "anadyr", "igla", "oct"]),
        (Filters(q="Kazan"), ["kazan"]),  # the place, not the title
        (Filters(q="maduro"), ["wapo", "kazan", "igla"]),  # case-insensitive, actors too
        (Filters(q="IL-76"), ["il76"]),
        (Filters(categories=("deployment",)), ["ford", "anadyr"]),
        (Filters(statuses=("confirmed", "claimed")), ["ford", "igla"]),
        (Filters(actors=("Russia",)), ["il76", "wapo"]),
        (Filters(outlets=("Latin Times",)), ["il76", "wapo"]),
        (Filters(min_sources=2), ["il76", "wapo", "ford"]),
        (Filters(min_sources=3), ["wapo"]),
        (Filters(precisions=("year",)), ["anadyr", "igla"]),  # undated kept unless left out
        (Filters(precisions=("year",), include_undated=False), ["anadyr"]),
        (Filters(include_undated=False), ["il76", "wapo", "ford", "kazan", "anadyr", "oct"]),
        (Filters(date_from=D(2025, 11, 1)), ["ford", "igla"]),  # overlaps count: the Ford's week ends 11-09
        (Filters(date_from=D(2025, 11, 5), date_to=D(2025, 11, 6)), ["ford", "igla"]),
        (Filters(date_to=D(2000, 1, 1), include_undated=False), ["anadyr"]),
        (Filters(date_from=D(2025, 10, 1), date_to=D(2025, 10, 31), include_undated=False), ["il76", "wapo", "oct"]),
        (Filters(q="Kazan", categories=("meeting",), date_from=D(2024, 10, 1)), ["kazan"]),
    ],
)
def test_apply(f, ids):
    assert filters.apply(EVENTS, f)["event_id"].tolist() == ids


def test_apply_never_mutates_and_handles_empty():
    before = EVENTS.copy()
    filters.apply(EVENTS, Filters(q="x", min_sources=3))
    pd.testing.assert_frame_equal(EVENTS, before)
    assert filters.apply(EVENTS.iloc[:0], Filters(q="x")).empty


@pytest.mark.parametrize(
    "q, ids",
    [
        ("STRAẞE", ["strasse"]),  # letter by letter: the capital sharp s finds the small one
        ("straße", ["strasse"]),
        ("strasse", []),  # never a full case folding: "ss" is not "ß"
        ("ÉCLAIR", ["eclair"]),
    ],
)
def test_text_search_ignores_case_letter_by_letter(q, ids):
    frame = pd.DataFrame(
        [
            event("strasse", "2025-01-01", "2025-01-01", "day", "Protest in der Straße", "protest"),
            event("eclair", "2025-01-02", "2025-01-02", "day", "Opération éclair", "strike"),
        ]
    )
    assert filters.apply(frame, Filters(q=q))["event_id"].tolist() == ids


def _iso(value) -> str:
    return "" if value is None or value != value else str(value)[:10]


def by_rule(events: pd.DataFrame, f: Filters) -> list[int]:
    """The rows that pass, the documented rules written out one row at a time (no arrays, no Arrow)."""
    kept = []
    for i, e in enumerate(events.to_dict("records")):
        start, end = _iso(e["date_start"]), _iso(e["date_end"])
        end = end or start
        undated = start == ""
        ok = (
            (undated or f.date_from is None or end >= f.date_from.isoformat())
            and (undated or f.date_to is None or start <= f.date_to.isoformat())
            and (f.include_undated or not undated)
        )
        if f.q:
            hay = [e["title"], e["description"], " ".join(e["actors"]), e["location"]]
            ok = ok and any(f.q.lower() in str(h).lower() for h in hay)
        for wanted, have in ((f.actors, e["actors"]), (f.outlets, e["outlets"])):
            ok = ok and (not wanted or bool(set(wanted) & set(have)))
        ok = ok and (not f.categories or e["category"] in f.categories)
        ok = ok and (not f.statuses or e["status"] in f.statuses)
        ok = ok and (not f.precisions or e["precision"] in f.precisions or (undated and f.include_undated))
        ok = ok and e["source_count"] >= f.min_sources
        if ok:
            kept.append(i)
    return kept


SYNTH_FILTERS = [
    Filters(),
    Filters(date_from=D(2020, 1, 1), date_to=D(2020, 6, 30)),
    Filters(date_from=D(2020, 1, 1), include_undated=False),
    Filters(q="kazan"),
    Filters(q="KAZAN"),
    Filters(q="Nicolás Maduro"),
    Filters(q="russia cuba"),  # two actors of one event, joined by a space
    Filters(q="according to officials"),
    Filters(q="no such words anywhere"),
    Filters(actors=("Russia", "Cuba")),
    Filters(outlets=("BBC",), min_sources=3),
    Filters(categories=("strike",), statuses=("denied", "claimed")),
    Filters(precisions=("month",)),
    Filters(precisions=("month",), include_undated=False),
    Filters(precisions=("day",), categories=("meeting",), date_to=D(2018, 1, 1)),
    Filters(actors=("Nobody at all",)),
]


@pytest.fixture(scope="module")
def synth_events():
    from bench import synth

    return synth.generate(3000, seed=3)["events"]


@pytest.mark.parametrize("f", SYNTH_FILTERS, ids=lambda f: f.describe())
def test_the_engine_keeps_what_the_rules_keep_row_by_row(synth_events, f):
    """The one engine (Arrow columns and numpy codes) against the rules written row by row, on a
    synthetic store with every kind of value: the export, the CLI and the page all filter with it."""
    got = np.flatnonzero(filters.mask(filters.columns(synth_events), f))
    assert got.tolist() == by_rule(synth_events, f)
    assert filters.apply(synth_events, f).index.tolist() == synth_events.index[got].tolist()


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"date_from": D(2025, 2, 1), "date_to": D(2025, 1, 1)}, r"date_from 2025-02-01 is after date_to 2025-01-01"),
        ({"min_sources": -1}, r"min_sources must be 0 or more, not -1"),
        ({"precisions": ("fortnight",)}, r"Unknown precision \['fortnight'\]; expected some of \['day', 'week'"),
        ({"statuses": ("rumoured",)}, r"Unknown status \['rumoured'\]; expected some of \['reported', 'claimed'"),
    ],
)
def test_bad_filters_say_what_is_valid(kwargs, message):
    with pytest.raises(ValueError, match=message):
        Filters(**kwargs)


def test_describe():
    assert Filters().describe() == "all events"
    f = Filters(q="Kazan", categories=("meeting",), date_from=D(2025, 10, 1), min_sources=2, include_undated=False)
    assert f.describe() == '2025-10-01 to … ; text "Kazan"; categories: meeting; ≥2 sources; dated only'.replace(
        "… ;", "…;"
    )


def test_to_query_matches_the_documented_link_example():
    f = Filters(q="Kazan", categories=("meeting",), date_from=D(2025, 10, 1), min_sources=2)
    assert filters.to_query(f) == {"q": "Kazan", "category": ["meeting"], "from": "2025-10-01", "min_sources": "2"}


@pytest.mark.parametrize(
    "params, expected, problems",
    [
        (
            {"q": "Kazan", "category": "meeting", "from": "2025-10-01", "min_sources": "2"},
            Filters(q="Kazan", categories=("meeting",), date_from=D(2025, 10, 1), min_sources=2),
            [],
        ),
        ({"actor": ["Russia", "Venezuela", "Russia"]}, Filters(actors=("Russia", "Venezuela")), []),
        ({"undated": "0"}, Filters(include_undated=False), []),
        ({"from": "yesterday"}, Filters(), ["Ignored ?from='yesterday': not a valid value"]),
        ({"min_sources": "many"}, Filters(), ["Ignored ?min_sources='many': not a valid value"]),
        (
            {"status": ["reported", "rumoured"]},
            Filters(statuses=("reported",)),
            [
                "Ignored status=['rumoured']: expected some of ['reported', 'claimed', 'confirmed', 'denied', 'disputed', "
                "'planned']"
            ],
        ),
        (
            {"from": "2026-01-01", "to": "2025-01-01", "q": "x"},
            Filters(q="x"),
            ["Ignored the date range: date_from 2026-01-01 is after date_to 2025-01-01"],
        ),
        ({"q": "x" * 500}, Filters(q="x" * 200), []),
    ],
)
def test_from_query(params, expected, problems):
    assert filters.from_query(params) == (expected, problems)


dates = st.dates(min_value=D(1900, 1, 1), max_value=D(2100, 1, 1))
words = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=20)


@st.composite
def any_filters(draw):
    a, b = sorted([draw(dates), draw(dates)])
    return Filters(
        date_from=draw(st.none() | st.just(a)),
        date_to=draw(st.none() | st.just(b)),
        q=draw(st.just("") | words.map(str.strip)),
        actors=tuple(dict.fromkeys(draw(st.lists(words, max_size=3)))),
        categories=tuple(dict.fromkeys(draw(st.lists(words, max_size=3)))),
        statuses=tuple(dict.fromkeys(draw(st.lists(st.sampled_from(STATUSES), max_size=3)))),
        outlets=tuple(dict.fromkeys(draw(st.lists(words, max_size=2)))),
        precisions=tuple(dict.fromkeys(draw(st.lists(st.sampled_from(PRECISIONS), max_size=3)))),
        min_sources=draw(st.integers(0, 50)),
        include_undated=draw(st.booleans()),
    )


@given(any_filters())
def test_query_round_trip(f):
    assert filters.from_query(filters.to_query(f)) == (f, [])
