"""The story as a summary: where an undated event the articles report is placed, the headline, the dates
first shown and the key happenings chosen; on small tables that show each rule, and on the seeds built
with the real pipeline."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from events.merging import salience
from events.output import dates, summary, tables
from events.output import store as store_mod
from events.resources import load

D = dt.date


def ev(event_id, title, start=None, precision="day", sources=2, sal=1.0, end=None, span=False, docs=()):
    return dict(
        event_id=event_id,
        title=title,
        date_start=start,
        date_end=end or start,
        precision=precision if start else "",
        is_span=span,
        source_count=sources,
        salience=sal,
        sources=list(docs),
    )


def frame(*rows) -> pd.DataFrame:
    return pd.DataFrame(list(rows))


DOCS = pd.DataFrame(
    {
        "doc_id": ["a", "b", "c", "d"],
        "published": [D(2025, 10, 28), D(2025, 10, 26), None, D(2025, 10, 26)],
        "published_basis": ["given", "inferred", "unknown", "text"],
    }
)


# ---- the sizes ----------------------------------------------------------------------------------------


def test_the_summary_holds_fifteen_to_thirty_happenings_and_the_key_dates_fewer():
    cfg = summary.sizes()
    assert 15 <= cfg.events <= 30
    assert 0 < cfg.key_dates <= cfg.events
    assert cfg.headline_min_sources >= 2 and cfg.reported_min_sources >= 2


@pytest.mark.parametrize("ex", load("brief")["example"], ids=lambda ex: ex["a"][:30])
def test_brief_toml_examples_of_the_same_happening(ex):
    cfg = summary.sizes()
    a, b = summary.title_words(ex["a"]), summary.title_words(ex["b"])
    same = summary.same_happening((*a, D(2025, 1, 1)), (*b, D(2025, 1, 2)), cfg)
    assert same is ex["same"], summary.titles_alike(ex["a"], ex["b"])


def test_similar_titles_are_one_happening_only_on_nearby_days_and_equal_titles_on_any():
    cfg = summary.sizes()
    a = summary.title_words("BP's incoming chief executive Bob Dudley takes from Tony Hayward")
    b = summary.title_words("Bob Dudley takes over from Tony Hayward as BP chief executive")
    assert summary.same_happening((*a, D(2010, 10, 1)), (*b, D(2010, 10, 1)), cfg)
    assert not summary.same_happening((*a, D(2010, 10, 1)), (*b, D(2010, 12, 1)), cfg)
    c = summary.title_words("Washington Post reports: Maduro requests military aid")
    d = summary.title_words("washington post reports Maduro requests military aid")
    assert summary.same_happening((*c, D(2025, 10, 31)), (*d, D(2024, 1, 1)), cfg)


# ---- reported by ---------------------------------------------------------------------------------------


def test_an_undated_event_is_placed_at_the_earliest_publication_date_of_its_sources():
    events = frame(
        ev("u1", "Carrier group heads for the Caribbean", docs=["a", "b"]),  # b (Oct 26, inferred) is earliest
        ev("u2", "Only in an undated article", docs=["c"]),  # no source with a date: not placed
        ev("u3", "Same day in two articles", docs=["d", "b"]),  # a tie: the first doc_id's basis
        ev("d1", "Dated", start=D(2025, 10, 1), docs=["a"]),
    )
    out = summary.reported_by(events, DOCS).set_index("event_id")
    assert out.loc["u1", "reported_by"] == "2025-10-26" and out.loc["u1", "at"] == D(2025, 10, 26)
    assert out.loc["u1", ["reported_precision", "reported_basis", "reported_doc"]].tolist() == ["day", "inferred", "b"]
    assert out.loc["u2", "reported_by"] == "" and out.loc["u2", "at"] is None
    assert out.loc["u3", ["reported_by", "reported_doc"]].tolist() == ["2025-10-26", "b"]
    assert out.loc["d1", "reported_by"] == "" and out.loc["d1", "at"] == D(2025, 10, 1)
    assert summary.is_reported(out).tolist() == [True, False, True, False]
    assert summary.reported_label(out.loc["u1"]) == "reported by 2025-10-26"


def test_the_ford_deployment_of_the_seeds_is_placed_by_its_report_date(seeds_store):
    s = store_mod.read(seeds_store)
    ford = ford_event(s)
    assert dates.to_date(ford["date_start"]) is None and ford["reports"] >= 2  # undated, told by several articles
    placed = summary.reported_by(s.events, s.documents).set_index("event_id").loc[ford["event_id"]]
    docs = s.documents.set_index("doc_id").loc[list(ford["sources"])]
    first = min(dates.to_date(d) for d in docs["published"])
    assert placed["reported_by"] == first.isoformat() and placed["reported_precision"] == "day"
    assert placed["reported_basis"] == docs.loc[placed["reported_doc"], "published_basis"]
    assert dates.to_date(docs.loc[placed["reported_doc"], "published"]) == first


def ford_event(s) -> pd.Series:
    """The seeds' USS Gerald R. Ford deployment: the event whose mention quotes the carrier by name and whose
    title speaks of the United States' military presence in the Caribbean."""
    m = s.mentions
    ids = set(m.loc[m["quote"].str.contains("USS Gerald R. Ford", regex=False), "event_id"])
    hit = s.events[s.events["event_id"].isin(ids) & s.events["title"].str.contains("Caribbean")]
    assert len(hit), "no event of the seeds quotes the USS Gerald R. Ford with a Caribbean title"
    return hit.sort_values("source_count", ascending=False).iloc[0]


# ---- the headline --------------------------------------------------------------------------------------


HEADLINE_CASES = [
    # the newest multi-source event on or before as_of; one dated after as_of never is
    (
        [
            ev("old", "Rig explodes", D(2010, 4, 20), sources=5),
            ev("new", "Well is sealed", D(2010, 9, 19), sources=3),
            ev("future", "Relief well expected", D(2011, 4, 20), sources=4),
        ],
        "2011-01-30",
        "new",
    ),
    # a newer single-source event (a teaser, a link, a misread date) loses to an older corroborated one
    (
        [
            ev("teaser", "Sun rises in men's rankings", D(2011, 1, 29), sources=1),
            ev("real", "Commission reports", D(2011, 1, 11)),
        ],
        D(2011, 1, 30),
        "real",
    ),
    # on the same day: more sources, then more salient
    (
        [ev("a", "A", D(2010, 6, 1), sources=2, sal=9), ev("b", "B", D(2010, 6, 1), sources=3, sal=1)],
        D(2010, 6, 30),
        "b",
    ),
    # a week that runs past as_of may be after it: not
    (
        [
            ev("late-week", "Late week", D(2011, 1, 27), precision="week", end=D(2011, 2, 2)),
            ev("ok", "OK", D(2011, 1, 3)),
        ],
        D(2011, 1, 30),
        "ok",
    ),
    # a week counts; a month, a span and an undated event do not
    (
        [
            ev("week", "Weekly", D(2010, 6, 7), precision="week", end=D(2010, 6, 13)),
            ev("month", "Monthly", D(2010, 7, 1), precision="month", end=D(2010, 7, 31)),
            ev("span", "Lasting", D(2010, 7, 2), end=D(2010, 7, 9), span=True),
            ev("undated", "Whenever"),
        ],
        D(2010, 8, 1),
        "week",
    ),
    # none corroborated: the newest on or before as_of all the same
    ([ev("x", "X", D(2010, 1, 1), sources=1), ev("y", "Y", D(2010, 2, 1), sources=1)], D(2010, 3, 1), "y"),
    # nothing on or before as_of
    ([ev("z", "Z", D(2012, 1, 1))], D(2011, 1, 1), None),
]


@pytest.mark.parametrize("rows, as_of, expected", HEADLINE_CASES)
def test_the_headline_is_the_newest_multi_source_event_on_or_before_as_of(rows, as_of, expected):
    top = summary.headline(frame(*rows), as_of)
    assert (None if top is None else top["event_id"]) == expected


def test_the_headline_of_the_seeds_is_a_corroborated_event_of_the_last_days(seeds_store):
    s = store_mod.read(seeds_store)
    as_of = max(dates.to_date(d) for d in s.documents["published"] if dates.to_date(d))
    top = summary.headline(s.events, as_of)
    assert top is not None and top["source_count"] >= 2
    day = dates.to_date(top["date_start"])
    assert day == D(2025, 10, 31) <= as_of  # the Washington Post report, the newest corroborated happening
    ev_ = s.events
    start = dates.as_timestamps(ev_["date_start"])
    newer = ev_[(start > pd.Timestamp(day)) & (start <= pd.Timestamp(as_of)) & (ev_["source_count"] >= 2)]
    assert newer[newer["precision"].isin(["day", "week"]) & ~newer["is_span"]].empty


# ---- the dates first shown -----------------------------------------------------------------------------


def test_the_range_runs_from_the_first_key_date_to_the_last_with_a_margin():
    events = frame(
        ev("a", "A", D(2010, 4, 20)),
        ev("b", "B", D(2010, 7, 15)),
        ev("c", "C", D(2010, 6, 1)),
        ev("d", "D", D(2010, 1, 1)),
    )
    key = [(D(2010, 4, 20), 9.0), (D(2010, 7, 15), 5.0), (D(2010, 6, 1), 4.0), (D(2010, 5, 5), 3.0)]  # May 5: no event
    lo, hi = summary.date_range(events, key)
    span, cfg = (D(2010, 7, 15) - D(2010, 4, 20)).days, summary.sizes()
    pad = dt.timedelta(days=max(cfg.margin_days, round(span * cfg.margin)))
    assert (lo, hi) == (D(2010, 4, 20) - pad, D(2010, 7, 15) + pad)  # not Jan 1, which is no key date
    top = events.iloc[0].copy()
    top["date_start"] = D(2011, 1, 10)
    assert summary.date_range(events, key, top=top)[1] > D(2011, 1, 10)  # to the headline when it is newer
    assert summary.date_range(events, key, as_of=D(2010, 6, 30))[1] < D(2010, 7, 15)  # key dates after as_of: not


def test_without_key_dates_the_range_is_the_events_own():
    events = summary.reported_by(frame(ev("a", "A", D(2010, 4, 20)), ev("b", "B", D(2010, 5, 20))), None)
    lo, hi = summary.date_range(events, [])
    assert lo < D(2010, 4, 20) and hi > D(2010, 5, 20)
    assert summary.date_range(summary.reported_by(frame(ev("u", "U")), None), []) is None


# ---- the key happenings --------------------------------------------------------------------------------


def test_each_key_date_gives_its_main_event_then_the_most_salient_one_per_happening():
    rows = frame(
        ev("k1", "Deepwater Horizon rig explodes", D(2010, 4, 20), sal=10),
        ev("k1-dup", "Deepwater Horizon rig explodes!", D(2010, 4, 21), sal=9.5),  # the same title: passed over
        ev("k1-other", "Eleven workers missing", D(2010, 4, 20), sal=9.8),  # a second event of a key day: later
        ev("k2", "Cap stops the flow of oil", D(2010, 7, 15), sal=3),  # a key date's main event, however low
        ev("s1", "Obama visits the coast", D(2010, 5, 2), sal=6),
        ev("s2", "Obama visits the Gulf coast", D(2010, 5, 2), sal=5.9),  # near-identical, same day: passed over
        ev("out", "Long before", D(2009, 1, 1), sal=20),  # outside the dates shown: not among the salient
        ev("after", "After as_of", D(2011, 5, 1), sal=20),
        ev("u1", "Undated, one source", sal=30, sources=1, docs=["a"]),
        ev("u2", "Undated, two sources", sal=0.5, sources=2, docs=["a", "b"]),
    )
    docs = pd.DataFrame(
        {"doc_id": ["a", "b"], "published": [D(2010, 6, 10), D(2010, 6, 9)], "published_basis": "given"}
    )
    placed = summary.reported_by(rows, docs)
    key = [(D(2010, 4, 20), 50.0), (D(2010, 7, 15), 10.0)]
    out = summary.select(placed, key, as_of=D(2011, 1, 30), within=(D(2010, 4, 1), D(2010, 12, 31)), n=5)
    # the key dates' main events; then by salience a day not yet shown (s1, u2 at its report date), then k1-other
    assert set(out["event_id"]) == {"k1", "k2", "s1", "u2", "k1-other"}
    assert out.set_index("event_id").loc["u2", "at"] == D(2010, 6, 9)
    assert out["why"].tolist().count("key date") == 2
    assert out.set_index("event_id").loc["k1", "key_day"] == D(2010, 4, 20)
    assert list(out["at"]) == sorted(out["at"])  # in date order
    wide = summary.select(placed, key, as_of=D(2011, 1, 30), within=(D(2008, 1, 1), D(2012, 1, 1)), n=20)
    assert "out" in set(wide["event_id"]) and "after" not in set(wide["event_id"])  # never after as_of
    assert not {"k1-dup", "s2", "u1"} & set(wide["event_id"])  # duplicates and a one-source undated event


def test_a_day_not_yet_in_the_summary_comes_before_a_second_event_of_a_day():
    rows = frame(
        ev("a1", "Spill reaches Louisiana marshes", D(2010, 5, 20), sal=9),
        ev("a2", "Obama orders a moratorium on drilling", D(2010, 5, 20), sal=8),
        ev("b1", "Hayward steps down", D(2010, 7, 27), sal=2),
    )
    out = summary.select(summary.reported_by(rows, None), [], n=2)
    assert set(out["event_id"]) == {"a1", "b1"}
    assert set(summary.select(summary.reported_by(rows, None), [], n=3)["event_id"]) == {"a1", "a2", "b1"}


def test_the_headline_event_is_in_the_summary_and_the_count_is_capped():
    words = "rig well cap oil spill coast marsh fund law probe ship crew".split()
    rows = frame(
        *[
            ev(f"e{i}", f"{words[i % 12]} {words[(i // 12) % 12]} {i}", D(2010, 1, 1) + dt.timedelta(days=i), sal=i)
            for i in range(60)
        ]
    )
    placed = summary.reported_by(rows, None)
    top = summary.headline(placed, D(2010, 1, 5))
    out = summary.select(placed, [], as_of=D(2010, 12, 31), top=top, n=summary.sizes().events)
    assert len(out) == summary.sizes().events and top["event_id"] in set(out["event_id"])
    assert set(out.loc[out["why"] == "latest", "event_id"]) == {"e4"}
    assert summary.select(placed.iloc[:3], [], n=20).shape[0] == 3  # fewer when there are fewer
    assert summary.select(placed.iloc[:0], [], n=20).empty


def test_the_seeds_summary_holds_the_landing_the_post_report_and_the_ford_by_its_report_date(seeds_store):
    s = store_mod.read(seeds_store)
    documents = dates.typed(s.documents)
    key = salience.key_dates(*tables.date_refs(documents))
    as_of = max(d for d in documents["published"] if d is not None)
    placed = summary.reported_by(s.events, documents)
    top = summary.headline(placed, as_of)
    window = summary.date_range(placed, key, as_of, top)
    out = summary.select(placed, key, as_of=as_of, top=top, within=window)
    assert 0 < len(out) <= summary.sizes().events
    by_day = out.assign(day=out["at"].astype(str))
    landing = by_day[by_day["title"].str.contains("Il-76") & (by_day["day"] == "2025-10-26")]
    post = by_day[by_day["title"].str.contains("Washington Post") & (by_day["day"] == "2025-10-31")]
    assert len(landing) == 1 and landing["why"].iloc[0] == "key date"
    assert len(post) == 1
    ford = out[out["event_id"] == ford_event(s)["event_id"]]
    assert len(ford) == 1 and ford["reported_by"].iloc[0] != "" and ford["reported_precision"].iloc[0] == "day"
    assert window[0] <= min(d for d in out["at"]) and max(d for d in out["at"]) <= window[1]
    assert all(d <= as_of for d in out["at"])
