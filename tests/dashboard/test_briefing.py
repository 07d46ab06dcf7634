"""The brief's summary over a store (``dashboard.briefing``) and its chart, one happening a row
(``dashboard.story``): on the seeds built with the real pipeline, and on small tables."""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import pytest

from dashboard import access, briefing, exports, hover, labels, layout, listing, marks, story, style, wire
from events.merging import salience
from events.output import dates, filters, summary, tables
from events.output import store as store_mod
from tests.output.test_summary import ford_event

D = dt.date


@pytest.fixture(scope="module")
def built(seeds_store):
    """The seeds built with the pipeline: the store, its ``Prepared`` events, documents, key dates, as-of."""
    s = store_mod.read(seeds_store)
    documents = dates.typed(s.documents)
    key = salience.key_dates(*tables.date_refs(documents))
    as_of = max(d for d in documents["published"] if d is not None)
    return s, access.load(seeds_store), documents, key, as_of


@pytest.fixture(scope="module")
def brief(built):
    s, p, documents, key, as_of = built
    return briefing.summarize(p, np.ones(len(p), bool), key, documents, as_of.isoformat())


def test_the_summary_over_a_store_is_the_librarys_over_its_events(built, brief):
    s, p, documents, key, as_of = built
    assert "sources" in p.deferred  # the undated events' sources are read from the file for them alone
    placed = summary.reported_by(s.events, documents)
    top = summary.headline(placed, as_of)
    window = summary.date_range(placed, key, as_of, top)
    whole = summary.select(placed, key, as_of=as_of, top=top, within=window)
    assert brief.top["event_id"] == top["event_id"] and brief.window == window
    assert brief.shown["event_id"].tolist() == whole["event_id"].tolist()
    assert brief.shown["reported_by"].tolist() == whole["reported_by"].tolist()


def test_the_seeds_brief_headline_range_key_dates_and_the_ford_by_its_report_date(built, brief):
    s, p, documents, key, as_of = built
    assert dates.to_date(brief.top["date_start"]) == D(2025, 10, 31) and brief.top["source_count"] >= 2
    used = summary.key_days(key, summary.reported_by(s.events, documents), as_of)
    assert brief.window[0] < min(used) and brief.window[1] > max(used)  # first key date to last, with a margin
    assert brief.key["day"].tolist() == sorted(brief.key["day"])  # listed in date order
    assert D(2025, 10, 26) in set(brief.key["day"]) and D(2025, 10, 31) in set(brief.key["day"])
    ford = brief.shown[brief.shown["event_id"] == ford_event(s)["event_id"]]
    assert len(ford) == 1 and ford["reported_by"].iloc[0] == ford["at"].iloc[0].isoformat()
    assert briefing.when(ford) == [f"reported by {ford['reported_by'].iloc[0]}"]


def test_the_summary_keeps_to_the_filters(built):
    s, p, documents, key, as_of = built
    f = filters.Filters(categories=("delivery", "deployment"))
    b = briefing.summarize(p, filters.mask(p, f), key, documents, as_of, f)
    assert len(b.shown) and set(b.shown["category"]) <= {"delivery", "deployment"}
    assert ford_event(s)["event_id"] in set(b.shown["event_id"])  # a deployment, by its report date
    assert (D(2025, 10, 20), D(2025, 10, 28)) == briefing.summarize(
        p, filters.mask(p, filters.Filters()), key, documents, as_of, filters.Filters(D(2025, 10, 20), D(2025, 10, 28))
    ).window  # dates asked for are the range shown


# ---- the chart, one happening a row --------------------------------------------------------------------


def label_notes(fig):
    return [a for a in fig.layout.annotations if a.name == "label"]


def test_every_happening_has_a_row_and_its_title_in_24px_type_never_stacked(built, brief):
    s, p, *_ = built
    fig = briefing.figure(brief, p, np.ones(len(p), bool), look=style.BRIEF)
    meta = wire.meta(fig.layout.meta)
    assert meta["layout"] == "rows" and meta["n_events"] == len(brief.shown) == len(fig.layout.yaxis.tickvals)
    notes = label_notes(fig)
    assert len(notes) == len(brief.shown) and meta["labels"] == brief.shown["event_id"].astype(str).tolist()
    assert all(a.font.size >= 24 for a in notes)
    assert len({a.y for a in notes}) == len(notes)  # one title a row: never two on one row
    assert fig.layout.xaxis.range[0][:10] == brief.window[0].isoformat()
    assert fig.layout.xaxis.range[1][:10] == (brief.window[1] + dt.timedelta(days=1)).isoformat()
    ticks = list(fig.layout.yaxis.ticktext)
    bold = [t for t in ticks if t.startswith("<b>")]
    assert bold == [f"<b>{d.isoformat()}</b>" for d in brief.key["day"]]  # the key dates, in date order


def test_the_ford_is_drawn_on_or_before_its_report_date_never_as_dated(built, brief):
    s, p, *_ = built
    fig = briefing.figure(brief, p, np.ones(len(p), bool), look=style.BRIEF)
    ford = ford_event(s)["event_id"]
    row = brief.shown["event_id"].astype(str).tolist().index(ford)
    day = brief.shown["reported_by"].iloc[row]
    assert fig.layout.yaxis.ticktext[row] == f"reported by {day}"
    arrows = [a for a in fig.layout.annotations if a.name == "reported-arrow"]
    assert len(arrows) == int(summary.is_reported(brief.shown).sum())  # one for each reported row
    (arrow,) = [a for a in arrows if a.y == row]
    assert arrow.x.startswith(day)
    assert arrow.ax > 0 and arrow.xshift < 0  # from the mark, pointing left: "on or before"
    anchors = [t for t in fig.data if wire.meta(t.meta).get("role") == "anchors"]
    (trace,) = [t for t in anchors if ford in list(t.customdata)]
    i = list(trace.customdata).index(ford)
    assert trace.marker.symbol[i] == style.SYMBOLS["reported"] == 100  # hollow
    assert f"reported by {day} (day; publication date " in trace.text[i] and "no date of its own" in trace.text[i]
    assert wire.meta(fig.layout.meta)["n_reported"] == int(summary.is_reported(brief.shown).sum()) >= 1


def test_the_rows_figure_passes_plotlys_checks_and_dresses_as_a_slide(built, brief):
    s, p, *_ = built
    fig = briefing.figure(brief, p, np.ones(len(p), bool), look=style.SLIDE_LOOK)
    go.Figure(fig.to_dict())  # every trace and annotation checked against plotly's schema: raises on a bad one
    slide = exports.for_export(fig, title="T", subtitle="all events", as_of="2025-10-31", source_note="S")
    assert slide.layout.width == 1920 and slide.layout.legend.yref == "container"
    assert slide.layout.yaxis.tickfont.size == fig.layout.yaxis.tickfont.size  # the dates keep their size
    assert any(t.name == story_key() for t in slide.data)  # the key says how to read a reported mark
    json.loads(pio.to_json(slide))


def story_key() -> str:
    from dashboard.traces import REPORTED_KEY

    return REPORTED_KEY


def test_a_long_title_is_cut_to_the_room_beside_its_mark():
    rows = pd.DataFrame(
        {
            "event_id": ["a", "b"],
            "title": ["Short", "A very long title " * 8],
            "date_start": [D(2010, 1, 2), D(2010, 6, 25)],
            "date_end": [D(2010, 1, 2), D(2010, 6, 25)],
            "precision": ["day", "day"],
            "is_span": [False, False],
            "status": ["reported"] * 2,
            "category": ["strike"] * 2,
            "source_count": [2, 2],
            "sources": [["a", "b"], ["a", "c"]],
            "why": ["key date", "salient"],
        }
    )
    fig = story.figure(rows, look=style.BRIEF, window=(D(2010, 1, 1), D(2010, 6, 30)))
    first, second = label_notes(fig)
    assert first.text == "Short" and first.xanchor == "left"  # room on the right: the title reads on
    assert second.xanchor == "right" and second.text.endswith("…")  # at the right edge: to the left, cut
    width = style.BRIEF.width - fig.layout.margin.l - 10
    assert len(second.text) * story.TITLE_EM * style.BRIEF.label_font <= width
    assert list(fig.layout.yaxis.ticktext) == ["<b>2010-01-02</b>", "2010-06-25"]


@pytest.mark.parametrize(
    "row, text",
    [
        (dict(date_start=D(2010, 6, 7), date_end=D(2010, 6, 13), precision="week"), "week of 2010-06-07"),
        (dict(date_start=D(2010, 5, 1), date_end=D(2010, 5, 31), precision="month"), "2010-05"),
        (dict(date_start=D(2010, 4, 1), date_end=D(2010, 6, 30), precision="quarter"), "2010 Q2"),
        (dict(date_start=D(2010, 1, 1), date_end=D(2010, 12, 31), precision="year"), "2010"),
        (
            dict(date_start=D(2010, 4, 20), date_end=D(2010, 7, 15), precision="day", is_span=True),
            "2010-04-20 – 2010-07-15",
        ),
        (
            dict(date_start=D(2025, 10, 26), date_end=D(2025, 10, 26), precision="day", reported_by="2025-10-26"),
            "reported by 2025-10-26",
        ),
    ],
)
def test_a_rows_date_says_what_is_known_of_it(row, text):
    assert story._row_date(pd.Series({"is_span": False, "reported_by": "", **row})) == text


def test_the_undated_strip_and_every_event_only_when_asked(built, brief):
    s, p, *_ = built
    keep = np.ones(len(p), bool)
    strip = briefing.figure(brief, p, keep, look=style.BRIEF, strip=True)
    assert wire.meta(strip.layout.meta).get("layout") != "rows"
    assert any(wire.meta(t.meta).get("role") == "undated" for t in strip.data)
    everything = briefing.figure(brief, p, keep, look=style.BRIEF, everything=True)
    dated = int((p.start != filters.NO_DAY).sum())
    assert wire.meta(everything.layout.meta)["n_events"] == dated > int((~summary.is_reported(brief.shown)).sum())
    assert not any(wire.meta(t.meta).get("role") == "undated" for t in everything.data)
    assert everything.layout.xaxis.range[0][:10] == brief.window[0].isoformat()  # the key dates' range


# ---- candidates at scale -------------------------------------------------------------------------------


def test_headline_and_summary_candidates_from_the_compact_columns():
    ev = pd.DataFrame(
        {
            "event_id": list("abcdef"),
            "title": list("ABCDEF"),
            "date_start": [D(2010, 1, 1), D(2010, 1, 5), D(2010, 1, 9), D(2010, 1, 3), None, D(2010, 1, 4)],
            "date_end": [D(2010, 1, 1), D(2010, 1, 5), D(2010, 1, 9), D(2010, 1, 9), None, D(2010, 1, 4)],
            "precision": ["day", "day", "day", "week", "", "day"],
            "is_span": [False] * 6,
            "source_count": [3, 1, 4, 2, 2, 2],
            "salience": [1.0, 5.0, 2.0, 3.0, 9.0, 0.5],
        }
    )
    p = access.prepare(ev)
    keep = np.ones(6, bool)
    ids = ev["event_id"].to_numpy()
    # on or before Jan 8 (c is after; d's week runs past it), two sources or more first, latest first
    assert ids[listing.latest(p, keep, until=D(2010, 1, 8), min_sources=2)].tolist() == ["f", "a", "b"]
    assert ids[listing.most_salient(p, keep, 2)].tolist() == ["b", "d"]
    assert ids[listing.most_salient(p, keep, 9, within=(D(2010, 1, 2), D(2010, 1, 5)))].tolist() == ["b", "d", "f"]
    assert ids[listing.most_salient(p, keep, 9, undated=True)].tolist() == ["e"]


def test_a_deferred_column_is_read_for_some_rows_alone(built):
    s, p, *_ = built
    idx = np.array([3, 0])
    got = access.column_rows(p, "sources", idx)
    want = [list(v) for v in s.events["sources"].iloc[idx]]
    assert [list(v) for v in got] == want


# ---- layout pieces -------------------------------------------------------------------------------------


def test_a_fixed_view_counts_the_marks_outside_it():
    x0 = np.array(["2010-01-01T00:00", "2010-03-01T00:00", "2010-06-01T00:00"], dtype="datetime64[m]")
    lo, hi, outside = layout.fixed_range(x0, x0 + np.timedelta64(1, "D"), (D(2010, 2, 1), D(2010, 4, 30)))
    assert (lo, hi, outside) == ("2010-02-01T00:00", "2010-05-01T00:00", 2)


def test_a_label_with_no_room_near_its_mark_goes_further_out_on_a_leader_line():
    x, y, r = np.array([500.0]), np.array([200.0]), np.array([5.0])
    title = ["The event in the middle of a crowd"]
    # labels on both sides of the mark, from well above it to well below, with a narrow way up between them
    taken = np.array([[0, 140, 490, 260], [510, 140, 1000, 260]])
    assert labels.place(x, y, r, title, np.array([0]), labels.Room(1000, 400, max_labels=1), taken) == []
    (far,) = labels.place(x, y, r, title, np.array([0]), labels.Room(1000, 400, max_labels=1, reach=4), taken)
    assert far.leader and abs(far.dy) > 60  # above or below the others, joined to its mark by a line


def test_hover_of_a_reported_mark_says_its_report_date_with_precision_and_basis():
    ev = pd.DataFrame(
        {
            "event_id": ["f"],
            "title": ["US strengthens its presence in the Caribbean"],
            "date_start": [D(2025, 10, 26)],
            "date_end": [D(2025, 10, 26)],
            "precision": ["day"],
            "is_span": [False],
            "status": ["reported"],
            "category": ["deployment"],
            "source_count": [2],
            "sources": [["a", "b"]],
            "reported_by": ["2025-10-26"],
            "reported_precision": ["day"],
            "reported_basis": ["inferred"],
        }
    )
    assert marks.kinds(ev).tolist() == ["reported"]
    text = hover.hover_text(ev.assign(kind="reported")).iloc[0]
    assert "reported by 2025-10-26 (day; publication date inferred)" in text and "2025-10-26<br>" not in text
