"""dashboard.access and dashboard.lod: the store read as the filter engine's columns; points or density; small
figures; rows taken from a table read in parts."""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pyarrow as pa
import pytest

from bench import synth
from dashboard import access, density, listing, lod, style
from events.output import filters, store
from events.output.filters import Filters

D = dt.date


@pytest.fixture(scope="module")
def frames():
    return synth.generate(6000, seed=3)


@pytest.fixture(scope="module")
def events(frames):
    return frames["events"]


@pytest.fixture(scope="module")
def prepared(events):
    return access.prepare(events)


@pytest.fixture(scope="module")
def store_path(frames, tmp_path_factory):
    path = tmp_path_factory.mktemp("lod") / "store"
    store.write(path, frames, {"summary": "synthetic"})
    return path


FILTERS = [
    Filters(),
    Filters(date_from=D(2020, 1, 1), date_to=D(2020, 6, 30)),
    Filters(q="kazan"),
    Filters(q="according to officials"),
    Filters(actors=("Russia", "Cuba")),
    Filters(outlets=("BBC",), min_sources=3),
    Filters(precisions=("month",), include_undated=False),
]


@pytest.mark.parametrize("f", FILTERS, ids=lambda f: f.describe())
def test_the_page_filters_its_columns_with_the_export_engine(events, prepared, f):
    """The page masks its ``Prepared`` (the engine's columns, kept per store version) with the same
    engine the export applies to a frame."""
    expected = filters.apply(events, f).index.to_numpy()
    assert np.array_equal(np.flatnonzero(filters.mask(prepared, f)), expected)


def test_load_from_the_store_equals_prepare_from_the_frame(store_path, prepared):
    loaded = access.load(store_path)
    assert np.array_equal(loaded.start, prepared.start) and np.array_equal(loaded.end, prepared.end)
    for name in filters.CODED:
        assert [loaded.labels[name][c] for c in loaded.codes[name][:200]] == [
            prepared.labels[name][c] for c in prepared.codes[name][:200]
        ]
    f = Filters(q="moscow", actors=("Russia",))
    assert np.array_equal(filters.mask(access.complete(loaded), f), filters.mask(prepared, f))


def test_load_leaves_the_long_text_columns_for_complete_to_read(store_path, events):
    loaded = access.load(store_path)
    assert set(loaded.deferred) == set(access.DEFERRED) and not set(access.DEFERRED) & set(loaded.table.column_names)
    f = Filters(categories=("strike",), min_sources=2)  # every filter but text search works without them
    assert np.array_equal(np.flatnonzero(filters.mask(loaded, f)), filters.apply(events, f).index.to_numpy())
    with pytest.raises(ValueError, match="access.complete"):  # never a search of less than filters.apply searches
        filters.mask(loaded, Filters(q="according to officials"))
    full = access.complete(loaded)
    assert full.table.column_names == list(events.columns) and full.deferred == ()
    assert loaded.deferred and "description" not in loaded.table.column_names  # the cached one is unchanged
    assert full.start is loaded.start and access.complete(full) is full
    for f in (Filters(q="according to officials"), Filters(q="kazan", actors=("Russia",))):
        assert np.array_equal(np.flatnonzero(filters.mask(full, f)), filters.apply(events, f).index.to_numpy())
    got = access.rows(full, filters.mask(full, Filters(q="kazan")))
    assert got["description"].tolist() == filters.apply(events, Filters(q="kazan"))["description"].tolist()
    assert all(isinstance(v, list) for v in got["sources"])


def test_a_store_without_outlets_reads_sources_at_once(frames, tmp_path):
    src = tmp_path / "store"
    src.mkdir()
    frames["events"].drop(columns=["outlets"]).to_parquet(src / "events.parquet", index=False)
    (src / store.META).write_text("{}")
    assert "sources" in access.load(src).table.column_names  # the hover names sources when there are no outlets


def test_malformed_dates_read_as_unknown_not_as_an_error():
    ev = pd.DataFrame(
        {
            "event_id": ["a", "b", "c"],
            "date_start": ["2025-10-31", "31/10/2025", "2025-13-40"],
            "date_end": ["", "", "2025-11-02"],
            "title": ["x"] * 3,
            "description": [""] * 3,
            "actors": [[]] * 3,
            "category": ["c"] * 3,
            "status": ["reported"] * 3,
            "precision": ["day"] * 3,
            "location": [""] * 3,
            "source_count": [1, 1, 1],
        }
    )
    p = access.prepare(ev)
    assert filters.date_of(p.start[0]) == D(2025, 10, 31) and p.start[1] == p.start[2] == filters.NO_DAY
    assert filters.date_of(p.end[2]) == D(2025, 11, 2) and p.end[0] == filters.NO_DAY


def test_load_names_a_missing_store(tmp_path):
    with pytest.raises(store.StoreError, match="No store"):
        access.load(tmp_path / "nothing")


def test_day_numbers_and_undated(events, prepared):
    row = events.index[events["date_start"] != ""][0]
    assert filters.date_of(prepared.start[row]) == D.fromisoformat(events.loc[row, "date_start"])
    assert ((prepared.start == filters.NO_DAY) == (events["date_start"] == "").to_numpy()).all()


def test_rows_give_contract_rows_with_lists(events, prepared):
    keep = filters.mask(prepared, Filters(q="kazan"))
    got = access.rows(prepared, keep)
    want = filters.apply(events, Filters(q="kazan"))
    assert list(got.columns) == list(events.columns)
    assert list(got.index) == list(want.index)
    assert got["actors"].tolist() == want["actors"].tolist()
    assert all(isinstance(v, list) for v in got["sources"])
    assert len(access.rows(prepared, keep, limit=3)) == 3


@pytest.mark.parametrize(
    "days, unit",
    [
        (9, "day"),
        (200, "day"),
        (700, "week"),
        (3650, "month"),
        (20 * 365, "quarter"),
        (60 * 365, "year"),
        (1000 * 365, "decade"),
    ],
)
def test_bins_take_the_finest_unit_that_fits(days, unit):
    got_unit, edges = lod.bins_for(D(2000, 3, 15), D(2000, 3, 15) + dt.timedelta(days=days))
    assert got_unit == unit
    assert edges[0] <= np.datetime64("2000-03-15") and edges[-1] > np.datetime64(
        D(2000, 3, 15) + dt.timedelta(days=days)
    )
    assert unit == "decade" or len(edges) - 1 <= lod.MAX_BINS


def test_calendar_bins_start_on_calendar_boundaries():
    assert str(lod.bins_for(D(2021, 5, 19), D(2021, 6, 2), max_bins=5)[1][0]) == "2021-05-17"  # a Monday
    unit, edges = lod.bins_for(D(2019, 5, 19), D(2024, 2, 2), max_bins=20)
    assert unit == "quarter" and str(edges[0]) == "2019-04-01" and str(edges[-1]) == "2024-04-01"


def test_plan_points_when_few_density_when_many(prepared):
    many = lod.plan(prepared, None, None, "category")
    assert many.level == "density" and many.n_events == int((prepared.start != filters.NO_DAY).sum())
    keep = filters.mask(prepared, Filters(q="kazan", date_from=D(2021, 1, 1), date_to=D(2021, 12, 31)))
    few = lod.plan(prepared, D(2021, 1, 1), D(2021, 12, 31), "category", keep=keep)
    assert few.level == "points" and 0 < few.n_events <= lod.MAX_POINTS
    assert lod.plan(prepared, None, None, "category", max_points=10**9).level == "points"


def test_plan_counts_one_mark_per_lane_for_list_lanes(prepared):
    by_category = lod.plan(prepared, None, None, "category")
    by_actor = lod.plan(prepared, None, None, "actors")
    assert by_actor.n_events == by_category.n_events and by_actor.n_marks > by_category.n_marks


def test_plan_accepts_a_filtered_frame(events):
    shown = filters.apply(events, Filters(categories=("meeting",)))
    pl = lod.plan(shown, None, None, "status", max_points=100)
    assert pl.level == "density" and pl.n_events == int((shown["date_start"] != "").sum())
    assert pl.n_undated == int((shown["date_start"] == "").sum())


def test_density_counts_every_event_in_view_once_per_lane(prepared):
    pl = lod.plan(prepared, None, None, "category")
    d = lod.density(prepared, "category", pl)
    assert list(d.columns) == ["lane", "bin_start", "bin_end", "count"]
    assert d["count"].sum() == pl.n_events and (d["count"] > 0).all()
    totals = d.groupby("lane", observed=True)["count"].sum()
    assert list(totals.index) == list(d["lane"].cat.categories)
    named = totals[[not str(lane).startswith("(other ") for lane in totals.index]]
    assert named.is_monotonic_decreasing  # biggest lane first; the lanes beyond the chart's share one, last
    assert list(totals.index[len(named) :]) == [lane for lane in totals.index if str(lane).startswith("(other ")]
    assert (d["bin_end"] >= d["bin_start"]).all()


def test_density_of_a_list_lane_folds_small_lanes_into_other(prepared):
    pl = lod.plan(prepared, None, None, "actors")
    d = lod.density(prepared, "actors", pl)
    lanes = list(d["lane"].cat.categories)
    assert len(lanes) == style.MAX_LANES and lanes[-1].startswith("(other ")
    assert d["count"].sum() == pl.n_marks


def test_density_in_a_narrow_range_leaves_out_what_is_outside(prepared):
    f = Filters(date_from=D(2020, 1, 1), date_to=D(2020, 3, 31))
    keep = filters.mask(prepared, f)
    pl = lod.plan(prepared, f.date_from, f.date_to, "status", keep=keep, max_points=1)
    d = lod.density(prepared, "status", pl, keep=keep)
    assert pl.unit == "day" and d["bin_start"].min() >= np.datetime64("2020-01-01")
    assert 0 < d["count"].sum() <= pl.n_events <= int(keep.sum())  # binned at their middle day


def test_unknown_lane_field_is_refused(prepared):
    pl = lod.plan(prepared, None, None, "category")
    with pytest.raises(ValueError, match="expected one of"):
        lod.density(prepared, "colour", pl)


def test_density_figure_ships_only_bins(prepared):
    pl = lod.plan(prepared, None, None, "category")
    fig = density.density_figure(lod.density(prepared, "category", pl), pl, lane_field="category")
    assert isinstance(fig, go.Figure) and [t.type for t in fig.data] == ["heatmap"]
    assert fig.layout.template.layout.plot_bgcolor is not None  # an explicit template, not Streamlit's
    spec = json.loads(fig.to_json())
    assert spec["data"][0]["colorscale"] == [list(c) for c in density.COLORSCALE]
    assert len(spec["data"][0]["z"]) == len(fig.layout.meta["lanes"])
    assert len(spec["data"][0]["x"]) == fig.layout.meta["bins"] + 1
    assert fig.layout.meta["level"] == "density" and fig.layout.meta["n_events"] == pl.n_events
    assert len(fig.to_json()) < 300_000  # the same size at a million events: bins, not events


def test_empty_and_undated_only_tables(events):
    empty = access.prepare(events.iloc[0:0])
    assert len(empty) == 0 and not filters.mask(empty, Filters(q="x")).any()
    pl = lod.plan(empty, None, None, "category")
    assert pl.level == "points" and pl.n_events == 0
    undated = access.prepare(events.loc[events["date_start"] == ""].reset_index(drop=True))
    pl = lod.plan(undated, None, None, "category")
    assert pl.n_events == 0 and pl.n_undated == len(undated)
    fig = density.density_figure(lod.density(undated, "category", pl), pl)
    assert fig.layout.meta["n_events"] == 0


def test_mentions_for_reads_only_the_asked_events(store_path, frames):
    ids = frames["events"]["event_id"].iloc[[3, 7]].tolist()
    got = access.mentions_for(store_path, ids)
    assert sorted(got["event_id"]) == sorted(ids)
    assert all(isinstance(v, list) for v in got["actors"])
    assert access.mentions_for(store_path, []).empty


def test_prepare_reads_a_frame_with_missing_values():
    ev = pd.DataFrame(
        {
            "event_id": ["a", "b"],
            "date_start": ["2025-10-31", None],
            "date_end": [None, ""],
            "title": ["Il-76 lands in Caracas", None],
            "description": ["", ""],
            "actors": [["Russia"], None],
            "category": ["delivery", None],
            "status": ["reported", ""],
            "precision": ["day", ""],
            "location": [None, "Caracas"],
            "source_count": [1, 2],
        }
    )
    p = access.prepare(ev)
    assert (
        filters.date_of(p.start[0]) == D(2025, 10, 31) and p.start[1] == filters.NO_DAY and p.end[0] == filters.NO_DAY
    )
    assert list(np.flatnonzero(filters.mask(p, Filters(q="caracas")))) == [0, 1]
    assert list(np.flatnonzero(filters.mask(p, Filters(categories=("delivery",))))) == [0]


def test_load_reads_partitioned_parquet_the_same_way(frames, prepared, tmp_path):
    """A store whose events.parquet is a folder of parts (as Dask writes) loads as one table."""
    src = tmp_path / "store"
    (src / "events.parquet").mkdir(parents=True)
    ev = frames["events"]
    for i, part in enumerate((ev.iloc[:2500], ev.iloc[2500:])):
        part.to_parquet(src / "events.parquet" / f"part-{i:05d}.parquet", index=False)
    (src / store.META).write_text("{}")
    loaded = access.load(src)
    assert len(loaded) == len(ev) and np.array_equal(loaded.start, prepared.start)
    f = Filters(actors=("Cuba",), q="moscow")
    assert np.array_equal(filters.mask(access.complete(loaded), f), filters.mask(prepared, f))
    assert access.complete(loaded).table.column_names == list(ev.columns)


def test_rows_can_take_only_some_columns(prepared, events):
    keep = np.zeros(len(prepared), bool)
    keep[[3, 10, 42]] = True
    some = access.rows(prepared, keep, columns=("event_id", "title", "actors", "no_such_column"))
    assert list(some.columns) == ["event_id", "title", "actors"]
    full = access.rows(prepared, keep)
    assert list(some.index) == list(full.index) == [3, 10, 42]
    assert some["title"].tolist() == events["title"].iloc[[3, 10, 42]].tolist()
    assert some["actors"].tolist() == full["actors"].tolist()


def test_first_in_time_grows_by_appending(prepared):
    """More rows of the table only add rows after those already shown (ties at the cut included)."""
    keep = prepared.start != filters.NO_DAY
    for n in (1, 37, 500):
        short, longer = listing.first_in_time(prepared, keep, n), listing.first_in_time(prepared, keep, n + 300)
        assert len(short) == n and list(longer[:n]) == list(short)
    every = listing.first_in_time(prepared, keep, int(keep.sum()) + 5)
    assert sorted(every) == list(np.flatnonzero(keep))
    days = prepared.start[every]
    assert (np.diff(days) >= 0).all()


# ---- taking rows from a table read in parts ------------------------------------------------


def parts_table() -> pa.Table:
    """A table in several record batches of uneven sizes, as a store read in row groups is."""
    rng = np.random.default_rng(7)
    batches = []
    start = 0
    for size in (5, 1, 17, 0, 9):
        rows = np.arange(start, start + size)
        batches.append(
            pa.record_batch(
                {
                    "event_id": pa.array([f"ev-{i}" for i in rows], pa.large_string()),
                    "category": pa.array(
                        [["strike", "talks", "visit"][i % 3] for i in rows], pa.string()
                    ).dictionary_encode(),
                    "actors": pa.array([[f"a{i}"] * int(rng.integers(0, 3)) for i in rows], pa.list_(pa.string())),
                    "n": pa.array(rows, pa.int64()),
                }
            )
        )
        start += size
    return pa.Table.from_batches(batches)


@pytest.mark.parametrize(
    "idx",
    [
        [],
        [0],
        [31],
        [30, 0, 5, 6],
        [4, 5, 6, 22, 23],
        list(range(32)),
        list(range(31, -1, -1)),
        [7, 7, 3, 7],
    ],
)
def test_take_is_arrows_take_batch_by_batch(idx):
    table = parts_table()
    assert table.num_rows == 32 and len(table.to_batches()) > 2
    got = access.take(table, np.array(idx, np.int64))
    assert got.schema == table.schema
    assert got.to_pylist() == table.take(pa.array(idx, pa.int64())).to_pylist()  # dictionaries may differ, not values
    assert got.column("n").to_pylist() == idx  # in the order asked for, repeats kept


def test_outlets_named_by_a_document_id_read_as_its_title(seed_store_path):
    p = access.load(seed_store_path)
    assert "001_111dea4c715d8f3b" not in p.labels["outlets"]  # the manifest gives that document a title only
    assert "Oreshnik missiles for Venezuela? Russia…" in p.labels["outlets"]
    assert {"Latin Times", "The Kyiv Independent"} <= set(p.labels["outlets"])  # outlets given stay as they are
    row = access.find(p, "ev-wapo")
    assert (
        list(access.rows(p, access.as_mask(len(p), [row]))["outlets"].iloc[0])[0]
        == "Oreshnik missiles for Venezuela? Russia…"
    )


def test_on_days_finds_the_kept_day_precise_rows_of_those_days(events, prepared):
    keep = filters.mask(prepared, Filters())
    day_rows = events[(events["precision"] == "day") & (events["date_start"] != "")]
    days = sorted({dt.date.fromisoformat(d) for d in day_rows["date_start"].head(3)})
    idx = listing.on_days(prepared, keep, days)
    want = events.index[(events["precision"] == "day") & events["date_start"].isin([d.isoformat() for d in days])]
    assert sorted(idx.tolist()) == sorted(want.tolist()) and len(idx) >= 3
    assert listing.on_days(prepared, keep, []).size == 0
