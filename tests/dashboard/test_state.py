"""URL query parameters and widget values <-> Filters and View."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from dashboard import state
from events.output.filters import Filters


def test_args_default_to_the_seed_store():
    args = state.parse_args([])
    assert args.store == state.ROOT / "store" and args.input_dir == state.ROOT / "seeds"
    args = state.parse_args(["--store", "/data/store", "--unrelated"])
    assert args.store == Path("/data/store") and args.input_dir is None


@pytest.mark.parametrize(
    "params, view, problems",
    [
        ({}, state.View(), []),
        (
            {"mode": "brief", "lane": "actors", "color": "precision", "event": "ev-1"},
            state.View("actors", "precision", "brief", "ev-1"),
            [],
        ),
        ({"mode": ["analyst", "brief"]}, state.View(mode="brief"), []),
        (
            {"lane": "title"},
            state.View(),
            ["Ignored ?lane='title': expected one of ['category', 'actors', 'outlets', 'status']"],
        ),
        ({"mode": "wall"}, state.View(), ["Ignored ?mode='wall': expected one of ['analyst', 'brief']"]),
    ],
)
def test_view_from_query(params, view, problems):
    assert state.view_from_query(params) == (view, problems)


def test_query_holds_only_what_differs():
    f = Filters(q="Kazan", categories=("meeting",), date_from=dt.date(2025, 10, 1), min_sources=2)
    assert state.to_query(f, state.View(mode="brief")) == {
        "q": "Kazan",
        "category": ["meeting"],
        "from": "2025-10-01",
        "min_sources": "2",
        "mode": "brief",
    }
    assert state.to_query(Filters(), state.View()) == {}


def test_widgets_round_trip():
    f = Filters(
        q="Il-76",
        actors=("Russia",),
        statuses=("reported",),
        date_to=dt.date(2025, 11, 1),
        include_undated=False,
        min_sources=2,
    )
    values = state.widget_state(f, state.View(lane_by="outlets"))
    assert values["f_actors"] == ["Russia"] and values["v_lane"] == "outlets"
    assert state.filters_from_widgets(values) == (f, [])


def test_a_reversed_range_is_swapped_with_a_word():
    values = state.widget_state(Filters(), state.View())
    values.update(f_from=dt.date(2025, 12, 1), f_to=dt.date(2025, 1, 1))
    f, problems = state.filters_from_widgets(values)
    assert (f.date_from, f.date_to) == (dt.date(2025, 1, 1), dt.date(2025, 12, 1))
    assert problems == ["The date range was reversed; showing 2025-01-01 to 2025-12-01"]


def test_a_huge_minimum_of_sources_is_clamped_and_said_so_the_widget_and_the_filter_agree():
    from events.output import filters

    f, problems = filters.from_query({"min_sources": "1" + "0" * 23})
    assert f.min_sources == filters.MAX_MIN_SOURCES
    assert problems == [f"?min_sources='1{'0' * 23}' is more than 10,000; showing 10,000"]
    widgets = state.widget_state(f, state.View())
    assert widgets["f_min_sources"] == filters.MAX_MIN_SOURCES
    assert state.filters_from_widgets({"f_min_sources": 10**23})[0].min_sources == filters.MAX_MIN_SOURCES


def test_url_parameters_past_what_a_link_keeps_are_named():
    from events.output import filters

    params = {"actor": [f"Actor {i}" for i in range(2_000)]}
    f, problems = filters.from_query(params)
    assert len(f.actors) == filters.MAX_VALUES
    assert problems == ["Ignored 1,900 of the 2,000 values of ?actor=: a link keeps the first 100"]
    params = {f"p{i}": "x" for i in range(2_000)} | {"lane": "actors", "q": "Kazan", "embed": "true"}
    view, problems = state.view_from_query(params)
    assert view.lane_by == "actors"
    assert problems == [
        "Ignored 2,000 URL parameter(s) this page does not know: "
        + ", ".join(repr(f"p{i}") for i in range(10))
        + ", ..."
    ]
