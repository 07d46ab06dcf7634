"""The timeline figure as an object: traces, axes, and what is drawn for each precision."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard import exports, figures, layout, marks, style
from tests.dashboard import dash_stores


def anchors(fig):
    return [t for t in fig.data if (t.meta or {}).get("role") == "anchors"]


def bars(fig, kind):
    return [t for t in fig.data if (t.meta or {}).get("role") == f"{kind}-bars"]


def point_of(fig, event_id):
    """(trace, index) of the event's anchor marker."""
    for t in anchors(fig):
        ids = list(t.customdata)
        if event_id in ids:
            return t, ids.index(event_id)
    raise AssertionError(f"{event_id} is not drawn")


def bar_segments(traces):
    """(x0, x1, y) of every bar in these traces: SVG rectangles (x0, x1, x1, x0, None; filled), WebGL
    line segments (x0, x1, None)."""
    out = []
    for t in traces:
        x, y = list(t.x), list(t.y)
        step = 5 if t.fill == "toself" else 3
        for i in range(0, len(x), step):
            out.append((str(x[i]), str(x[i + 1]), (y[i] + y[step - 3]) / 2 if step == 5 else y[i]))
    return out


def bar_thickness(t):
    """A bar trace's thickness: y units for SVG rectangles, pixels for WebGL lines."""
    return t.y[2] - t.y[0] if t.fill == "toself" else t.line.width


@pytest.mark.parametrize(
    "precision, start, end, is_span, kind",
    [
        ("day", "2025-10-26", "2025-10-26", False, "point"),
        ("day", "2025-10-26", "", False, "point"),
        ("week", "2025-11-03", "2025-11-09", False, "interval"),
        ("month", "2025-10-01", "2025-10-31", False, "interval"),
        ("quarter", "2025-10-01", "2025-12-31", False, "interval"),
        ("year", "1962-01-01", "1962-12-31", False, "interval"),
        ("decade", "1960-01-01", "1969-12-31", False, "interval"),
        ("day", "2025-10-20", "2025-10-25", False, "interval"),  # "between the 20th and the 25th"
        ("month", "2025-09-01", "2025-11-05", True, "span"),  # "since September"
        ("", "", "", False, "undated"),
        ("day", "2025-13-45", "", False, "undated"),  # not a date
    ],
)
def test_kind_for_each_precision(precision, start, end, is_span, kind):
    ev = pd.DataFrame({"date_start": [start], "date_end": [end], "precision": [precision], "is_span": [is_span]})
    assert marks.kinds(ev).tolist() == [kind]


def test_seed_timeline_holds_the_il76_landing_the_post_report_and_the_ford(seed):
    fig = figures.timeline(seed.events)
    drawn = {i for t in anchors(fig) for i in t.customdata}
    assert {"ev-il76", "ev-wapo", "ev-ford", "ev-kazan", "ev-anadyr", "ev-strikes"} <= drawn
    assert "ev-igla" not in drawn  # undated: listed apart, not drawn
    assert fig.layout.meta["n_undated"] == 1
    assert fig.layout.meta["level"] == "svg"
    assert all(isinstance(t, go.Scatter) for t in fig.data)


def test_day_precision_is_a_filled_point_on_its_day(seed):
    fig = figures.timeline(seed.events)
    t, i = point_of(fig, "ev-il76")
    assert t.x[i] == "2025-10-26T12:00"
    assert t.marker.symbol[i] == style.SYMBOLS["point"]
    assert "2025-10-26" not in {s[0][:10] for s in bar_segments(bars(fig, "interval") + bars(fig, "span"))}


def test_uncertain_dates_are_light_bars_over_their_interval(seed):
    fig = figures.timeline(seed.events)
    segs = bar_segments(bars(fig, "interval"))
    assert ("1962-01-01T00:00", "1963-01-01T00:00") in {(a, b) for a, b, _ in segs}  # Operation Anadyr, year
    assert ("2025-11-03T00:00", "2025-11-10T00:00") in {(a, b) for a, b, _ in segs}  # the Ford, a week
    t, i = point_of(fig, "ev-ford")
    assert t.marker.symbol[i] == style.SYMBOLS["interval"]
    assert t.x[i] == "2025-11-06T12:00"  # the middle of the week
    assert all(b.opacity < 0.5 for b in bars(fig, "interval"))


def test_spans_are_solid_bars(seed):
    fig = figures.timeline(seed.events)
    segs = {(a, b) for a, b, _ in bar_segments(bars(fig, "span"))}
    assert ("2025-09-01T00:00", "2025-11-06T00:00") in segs  # "since September", to publication
    assert all(b.opacity >= 0.8 for b in bars(fig, "span"))
    light = max(bar_thickness(b) for b in bars(fig, "interval"))
    assert all(0 < bar_thickness(b) < light for b in bars(fig, "span"))
    assert all(b.hoverinfo == "skip" for b in bars(fig, "span") + bars(fig, "interval"))


def test_marker_size_grows_with_sources(seed):
    fig = figures.timeline(seed.events)
    (t1, i1), (t3, i3) = point_of(fig, "ev-kazan"), point_of(fig, "ev-wapo")  # 1 and 3 sources
    assert t3.marker.size[i3] > t1.marker.size[i1]


def test_hover_has_title_date_text_precision_status_and_sources(seed):
    fig = figures.timeline(seed.events)
    t, i = point_of(fig, "ev-wapo")
    text = t.text[i]
    for part in (
        "Washington Post reports Maduro",
        "2025-10-31",
        "on Oct. 31",
        "precision: day",
        "status: reported",
        "3 source(s)",
        "The Kyiv Independent",
        "Latin Times",
    ):
        assert part in text
    assert t.hovertemplate == "%{text}<extra></extra>"


def test_lanes_follow_the_chosen_field(seed):
    fig = figures.timeline(seed.events, lane_by="actors")
    lanes = fig.layout.meta["lanes"]
    assert {"Russia", "Venezuela", "United States", "Nicolás Maduro"} <= set(lanes)
    wapo = [tuple(t.customdata).count("ev-wapo") for t in anchors(fig)]
    assert sum(wapo) == 3  # one mark in each of its actors' lanes
    assert list(fig.layout.yaxis.ticktext) == lanes
    assert fig.layout.yaxis.autorange is None and fig.layout.yaxis.range[0] > fig.layout.yaxis.range[1]


@pytest.mark.parametrize("color_by", list(style.COLOR_FIELDS))
def test_colour_by_any_field_uses_explicit_colours(seed, color_by):
    fig = figures.timeline(seed.events, color_by=color_by)
    assert fig.layout.template.layout.paper_bgcolor == "white"  # plotly_white, never Streamlit's
    assert list(fig.layout.colorway) == list(style.COLORS)
    for t in anchors(fig):
        assert isinstance(t.marker.color, str) and t.marker.color.startswith("#")


def test_status_colours_do_not_change_with_filters(seed):
    one = figures.timeline(seed.events[seed.events["status"] == "claimed"], color_by="status")
    assert anchors(one)[0].marker.color == style.FIXED_COLORS["status"]["claimed"]


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"lane_by": "title"}, r"lane_by='title' .* expected one of \['category', 'actors', 'outlets', 'status'\]"),
        ({"color_by": "nope"}, r"color_by='nope' .* expected one of"),
        ({"level": "density"}, r"Unknown detail level 'density'; expected one of \['svg', 'webgl'\]"),
    ],
)
def test_bad_arguments_say_what_is_valid(seed, kwargs, message):
    with pytest.raises(ValueError, match=message):
        figures.timeline(seed.events, **kwargs)


def test_zoom_pan_and_range_slider(seed):
    fig = figures.timeline(seed.events)
    assert fig.layout.xaxis.type == "date"
    assert fig.layout.xaxis.rangeslider.visible is True
    assert fig.layout.dragmode == "zoom"  # so a click selects a point
    assert fig.layout.yaxis.fixedrange is True  # lanes stay put while panning in time


def test_initial_view_is_where_most_events_are_not_stretched_by_a_long_span(seed):
    fig = figures.timeline(seed.events)
    lo, hi = fig.layout.xaxis.range
    # the 2024-2025 agreement span and Kazan (2024) do not pull the view back a year; Anadyr (1962) neither
    assert "2025-09-01" < lo < "2025-10-16" and "2025-11-09" < hi < "2025-12-01"
    assert fig.layout.meta["n_outside_view"] == 2  # Kazan and Anadyr, reached with the slider
    assert any("2 events outside this view" in (t.name or "") for t in fig.data if t.legend == "legend2")


def test_evenly_spread_events_are_all_in_view():
    events = dash_stores.many_events(60)
    days = pd.date_range("2020-01-01", "2024-12-31", periods=60).strftime("%Y-%m-%d")
    events = events.assign(date_start=days, date_end=days, precision="day", is_span=False)
    fig = figures.timeline(events, undated=False)
    assert fig.layout.meta["n_outside_view"] == 0
    lo, hi = fig.layout.xaxis.range
    assert lo < "2020-01-01" and hi > "2024-12-31"


def test_lane_and_legend_order_do_not_depend_on_row_order(seed):
    a = figures.timeline(seed.events)
    b = figures.timeline(seed.events.iloc[::-1].reset_index(drop=True))
    assert a.layout.meta["lanes"] == b.layout.meta["lanes"]
    assert [t.name for t in anchors(a)] == [t.name for t in anchors(b)]
    assert [t.name for t in anchors(a)] == [
        s
        for s in ("reported", "claimed", "confirmed", "denied", "disputed", "planned")
        if s in set(seed.events["status"])
    ]


def test_status_lanes_are_not_also_coloured_by_status(seed):
    fig = figures.timeline(seed.events, lane_by="status", color_by="status")
    assert len({t.marker.color for t in anchors(fig)}) == 1
    assert not any(t.showlegend for t in anchors(fig))


def test_a_single_day_still_shows_weeks_not_hours(seed):
    fig = figures.timeline(seed.events[seed.events["event_id"] == "ev-kazan"])
    lo, hi = (np.datetime64(x) for x in fig.layout.xaxis.range)
    assert hi - lo >= np.timedelta64(28, "D")


def test_brief_look_is_larger_without_slider(seed):
    fig = figures.timeline(seed.events, look=style.BRIEF)
    assert fig.layout.font.size >= 20
    assert fig.layout.xaxis.rangeslider.visible is False
    t, i = point_of(fig, "ev-kazan")
    t0, j = point_of(figures.timeline(seed.events), "ev-kazan")
    assert t.marker.size[i] > t0.marker.size[j]


@pytest.mark.parametrize(
    "events, message",
    [
        (dash_stores.many_events(0), "No events match the filters"),
        (
            dash_stores.many_events(40).assign(date_start="", date_end="", precision=""),
            "Only undated events match the filters",
        ),
    ],
)
def test_nothing_to_draw_says_so(events, message):
    fig = figures.timeline(events)
    assert [a.text for a in fig.layout.annotations] == [message]


def test_many_events_use_webgl():
    events = dash_stores.many_events(style.WEBGL_AT * 2)
    fig = figures.timeline(events)
    assert fig.layout.meta["level"] == "webgl"
    assert all(isinstance(t, go.Scattergl) for t in anchors(fig) + bars(fig, "interval") + bars(fig, "span"))
    assert sum(len(t.customdata) for t in anchors(fig)) == fig.layout.meta["n_marks"]


@pytest.mark.slow
def test_a_hundred_thousand_events_build_as_webgl_with_compact_arrays():
    events = dash_stores.many_events(100_000)
    fig = figures.timeline(events, lane_by="category", color_by="category")
    meta = fig.layout.meta
    assert meta["level"] == "webgl"
    assert meta["n_marks"] + meta["n_undated"] == 100_000
    t = anchors(fig)[0]
    assert t.x.dtype == np.float32 and t.y.dtype == np.float32  # typed arrays on the wire, not date strings
    assert len(fig.layout.yaxis.tickvals) == 8


def test_article_markup_is_shown_as_text(hostile):
    fig = figures.timeline(hostile.events, lane_by="category", color_by="category")
    for t in fig.data:
        assert "<script" not in (t.name or "") and "<img" not in (t.name or "")
        for text in t.text if t.text is not None else []:
            assert "<script" not in text and "<img" not in text
    assert all("<" not in tick for tick in fig.layout.yaxis.ticktext)
    assert fig.layout.meta["n_marks"] >= 1  # bad dates are undated, extreme ones still drawn


def test_export_figure_is_slide_sized_with_title_filters_date_and_source(seed):
    fig = figures.timeline(seed.events)
    out = exports.for_export(
        fig, title="Russia and Venezuela", subtitle='text "Kazan"', as_of="2025-11-08", source_note="Source: 5 articles"
    )
    assert (out.layout.width, out.layout.height) == (1920, 1080)
    assert "Russia and Venezuela" in out.layout.title.text and "Kazan" in out.layout.title.text
    assert any("As of 2025-11-08. Source: 5 articles" in a.text for a in out.layout.annotations)
    assert out.layout.xaxis.rangeslider.visible is False
    assert out.layout.template.layout.paper_bgcolor == "white"
    assert fig.layout.width is None  # the original is untouched


def test_toolbar_download_has_the_same_name_and_size():
    cfg = exports.toolbar_config("events-2025-11-08")
    assert cfg["toImageButtonOptions"] == {
        "format": "png",
        "filename": "events-2025-11-08",
        "width": 1920,
        "height": 1080,
        "scale": 2,
    }


def test_range_slider_only_for_few_marks():
    few = figures.timeline(dash_stores.many_events(style.SLIDER_AT // 2), level="svg")
    many = figures.timeline(dash_stores.many_events(style.SLIDER_AT * 2), level="svg")
    assert few.layout.meta["n_marks"] <= style.SLIDER_AT < many.layout.meta["n_marks"]
    assert few.layout.xaxis.rangeslider.visible is True
    assert many.layout.xaxis.rangeslider.visible is False  # it would draw every mark a second time
    notes = [t.name for t in many.data if (t.meta or {}).get("role") == "note"]
    assert all(style.SLIDER_HINT not in n for n in notes)
    assert all(style.ZOOM_HINT in n for n in notes)


@pytest.mark.parametrize("lane_by", ["category", "actors"])
def test_left_margin_holds_the_longest_lane_label(lane_by):
    fig = figures.timeline(dash_stores.many_events(200), lane_by=lane_by)
    longest = max(len(t) for t in fig.layout.yaxis.ticktext)
    assert fig.layout.margin.l >= 0.6 * fig.layout.font.size * longest
    assert fig.layout.yaxis.automargin is True  # a label wider than estimated still fits


def test_placeholder_is_blank_and_not_a_chart():
    fig = layout.placeholder()
    assert not fig.data and fig.layout.height <= 10
    assert "level" not in fig.layout.meta  # bench.browser waits for a figure with a level


@pytest.mark.parametrize(
    "make",
    [
        lambda seed: figures.timeline(seed.events),  # SVG, with the undated strip
        lambda seed: figures.timeline(seed.events, lane_by="actors", color_by="category", look=style.BRIEF),
        lambda seed: figures.timeline(dash_stores.many_events(style.WEBGL_AT * 2)),  # WebGL
    ],
    ids=["svg", "brief-actors", "webgl"],
)
def test_traces_built_unchecked_pass_plotlys_checks_unchanged(seed, make):
    import json

    import plotly.io as pio

    def spec(f):  # the JSON sent, without empty objects (a checked figure drops them; plotly.js ignores them)
        def drop_empty(v):
            if isinstance(v, dict):
                return {k: drop_empty(x) for k, x in v.items() if x != {}}
            return [drop_empty(x) for x in v] if isinstance(v, list) else v

        return drop_empty(json.loads(pio.to_json(f, validate=False)))

    fig = make(seed)
    checked = go.Figure(fig.to_dict())  # plotly.py checks every value against its schema here: raises on a bad one
    assert spec(checked) == spec(fig)
    with pytest.raises(ValueError, match="no_such_property"):
        fig.update_layout(no_such_property=1)  # the layout is still checked as it is built


def test_the_initial_view_stays_inside_the_filters_dates_however_far_spans_reach():
    import datetime as dt

    events = dash_stores.many_events(3).assign(
        event_id=["long", "a", "b"],
        date_start=["2024-01-01", "2025-10-26", "2025-10-31"],
        date_end=["2026-06-30", "2025-10-26", "2025-10-31"],
        precision="day",
        is_span=[True, False, False],
    )
    window = (dt.date(2025, 10, 23), dt.date(2025, 11, 1))
    lo, hi = figures.timeline(events, window=window).layout.xaxis.range
    assert "2025-10-1" <= str(lo)[:10] <= "2025-10-23" and "2025-11-01" <= str(hi)[:10] <= "2025-11-12"
    lo, hi = figures.timeline(events).layout.xaxis.range  # no dates asked for: the long span counts
    assert str(lo)[:4] == "2023" or str(hi)[:4] == "2026"
