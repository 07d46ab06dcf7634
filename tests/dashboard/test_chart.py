"""dashboard.chart: the figure for a filter mask, each event or a density, as the app and the lod bench draw it."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from dashboard import access, chart, figures, lod, style
from events.output import filters
from events.output.filters import Filters
from events.records import STATUSES
from tests.dashboard import dash_stores


@pytest.fixture(scope="module")
def prepared():
    return access.prepare(dash_stores.many_events(8000))


def undated_drawn(fig) -> int:
    return sum(len(t.customdata) for t in fig.data if (t.meta or {}).get("role") == "undated")


def test_everything_is_a_density_and_narrowing_switches_to_each_event(prepared):
    f = Filters()
    fig = chart.figure(prepared, filters.mask(prepared, f), f)
    assert fig.layout.meta["level"] == "density" and fig.layout.meta["n_marks"] > lod.MAX_POINTS
    week = Filters(date_from=dt.date(2022, 3, 1), date_to=dt.date(2022, 3, 7))
    fig = chart.figure(prepared, filters.mask(prepared, week), week)
    assert fig.layout.meta["level"] == "svg" and 0 < fig.layout.meta["n_marks"] <= lod.MAX_POINTS
    drawn = {i for t in fig.data if (t.meta or {}).get("role") == "anchors" for i in t.customdata}
    assert drawn == set(
        prepared.table.column("event_id").to_numpy(zero_copy_only=False)[
            filters.mask(prepared, week) & (prepared.start != filters.NO_DAY)
        ]
    )


def test_the_undated_strip_gets_what_the_dated_marks_leave(prepared):
    few = Filters(date_from=dt.date(2022, 3, 1), date_to=dt.date(2022, 3, 3))
    fig = chart.figure(prepared, filters.mask(prepared, few), few)
    n_und = fig.layout.meta["n_undated"]
    assert n_und > style.MAX_UNDATED  # a store with more undated events than the strip holds
    assert undated_drawn(fig) == style.MAX_UNDATED  # few dated marks: the strip is full
    many = Filters(date_from=dt.date(2020, 9, 1), date_to=dt.date(2021, 12, 28))  # about 1,700 dated marks
    fig = chart.figure(prepared, filters.mask(prepared, many), many)
    meta = fig.layout.meta
    assert meta["level"] == "svg" and meta["n_marks"] > lod.MAX_POINTS - style.MAX_UNDATED
    budget = max(lod.MAX_POINTS - meta["n_marks"], chart.UNDATED_AT_LEAST)
    assert undated_drawn(fig) == meta["n_undated_drawn"] == budget
    assert f"{budget:,} of {meta['n_undated']:,}" in next(
        a.text for a in fig.layout.annotations if a.name == "undated-title"
    )


def test_without_undated_the_strip_is_gone(prepared):
    f = Filters(date_from=dt.date(2022, 3, 1), date_to=dt.date(2022, 3, 3), include_undated=False)
    fig = chart.figure(prepared, filters.mask(prepared, f), f)
    assert undated_drawn(fig) == 0 and fig.layout.meta["n_marks"] > 0


def test_points_take_only_the_columns_the_figure_reads(prepared):
    f = Filters(date_from=dt.date(2022, 3, 1), date_to=dt.date(2022, 3, 7))
    keep = filters.mask(prepared, f)
    full = figures.timeline(access.rows(prepared, keep & (prepared.start != filters.NO_DAY)), level="svg")
    lean = chart.figure(prepared, keep, Filters(date_from=f.date_from, date_to=f.date_to, include_undated=False))
    assert [t.customdata.tolist() if t.customdata is not None else None for t in lean.data] == [
        t.customdata.tolist() if t.customdata is not None else None for t in full.data
    ]
    assert [t.text.tolist() if t.text is not None else None for t in lean.data] == [
        t.text.tolist() if t.text is not None else None for t in full.data
    ]
    assert np.array_equal(lean.data[0].x, full.data[0].x)


@pytest.mark.parametrize("lane_by", ["status", "category", "actors"])
def test_lanes_keep_their_order_when_a_view_crosses_the_density_threshold(prepared, lane_by):
    """The same rows drawn one by one and as a density: the same lanes, in the same order."""
    f = Filters(date_from=dt.date(2022, 3, 1), date_to=dt.date(2022, 3, 31), include_undated=False)
    keep = filters.mask(prepared, f)
    points = chart.figure(prepared, keep, f, lane_by=lane_by)
    dense = lod.plan(prepared, f.date_from, f.date_to, lane_by, max_points=1, keep=keep)
    assert points.layout.meta["level"] == "svg" and dense.level == "density"
    d = lod.density(prepared, lane_by, dense, keep=keep)
    assert list(d["lane"].cat.categories) == list(points.layout.meta["lanes"])
    if lane_by == "status":  # the contract's order of statuses, not the most frequent first
        assert list(points.layout.meta["lanes"]) == [s for s in STATUSES if s in points.layout.meta["lanes"]]
