"""Titles on the chart: which events carry one, and that no two overlap."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dashboard import exports, figures, labels, style
from tests.dashboard import dash_stores


def label_annotations(fig):
    return [a for a in fig.layout.annotations if a.name == "label"]


def plain(text: str) -> str:
    return "".join(str(text).replace("<br>", " ").split())


def test_most_corroborated_events_carry_their_titles_on_the_chart(seed):
    fig = figures.timeline(seed.events)
    texts = {plain(a.text) for a in label_annotations(fig)}
    titles = seed.events.set_index("event_id")["title"]
    for event_id in ("ev-wapo", "ev-il76", "ev-zhuravlev"):  # three and two sources: the most salient
        assert plain(titles[event_id]) in texts
        assert event_id in fig.layout.meta["labels"]
    assert "ev-igla" not in fig.layout.meta["labels"]  # undated: in the strip, never labelled


def test_salience_column_decides_when_the_store_has_it(seed):
    ev = seed.events.copy()
    assert labels.ranking(ev)[0] == ev.index[ev["event_id"] == "ev-wapo"][0]  # most sources (3), then by id
    ev["salience"] = np.where(ev["event_id"] == "ev-kazan", 9.0, 0.5)
    assert ev["event_id"].iloc[labels.ranking(ev)[0]] == "ev-kazan"


@pytest.mark.parametrize(
    "columns, first",
    [
        ({"source_count": [1, 1, 2], "mention_ids": [["m"], ["m", "m", "m"], ["m"]], "precision": ["day"] * 3}, "c"),
        ({"source_count": [1, 1, 1], "mention_ids": [["m"], ["m", "m", "m"], ["m"]], "precision": ["day"] * 3}, "b"),
        ({"source_count": [1, 1, 1], "mention_ids": [["m"]] * 3, "precision": ["year", "day", "month"]}, "b"),
        ({"salience": [0.2, None, 0.1], "source_count": [1, 9, 1], "precision": ["day"] * 3}, "a"),
    ],
)
def test_salience_falls_back_to_sources_then_mentions_then_precision(columns, first):
    ev = pd.DataFrame({"event_id": ["a", "b", "c"], **columns})
    assert ev["event_id"].iloc[labels.ranking(ev)[0]] == first


def test_labels_never_overlap_and_fewer_fit_a_crowded_view():
    n = 80
    rng = np.random.default_rng(3)
    x, y = rng.uniform(0, 1000, n), rng.uniform(0, 500, n)
    titles = [f"Event number {i} with a title of some length" for i in range(n)]
    room = labels.Room(width=1000, height=500, max_labels=40)
    placed = labels.place(x, y, np.full(n, 5.0), titles, np.arange(n), room)
    boxes = []
    for lab in placed:
        w, h = labels.box_size(lab.text.split("<br>"), room.font_size)
        x0 = x[lab.index] + lab.dx - (w if lab.side == "right" else 0)
        y0 = y[lab.index] + lab.dy - h / 2
        assert 0 <= x0 and x0 + w <= room.width and 0 <= y0 and y0 + h <= room.height
        boxes.append((x0, y0, x0 + w, y0 + h))
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)
    spread = labels.place(x / 10, y, np.full(n, 5.0), titles, np.arange(n), room)  # same events, 10x zoomed out
    assert 0 < len(spread) < len(placed)


def test_a_label_stays_beside_its_mark_over_one_neighbour_rather_than_two_rows_away():
    room = labels.Room(width=800, height=400)
    title = "Transport Il-76 touches down in Caracas with air defence batteries"
    h = labels.box_size(labels.wrap(title, room.wrap, room.max_lines), room.font_size)[1]
    lift = h / 2 + 6 + 6
    # the event near the right edge (its title fits only to the left of it); one mark in its row to the
    # left, one just above and one just below: only the spots two label heights away cover nothing
    x = np.array([700.0, 500.0, 500.0, 500.0])
    y = np.array([200.0, 200.0, 200 - lift, 200 + lift])
    placed = labels.place(x, y, np.full(4, 6.0), [title, "", "", ""], np.arange(4), room)
    assert len(placed) == 1 and placed[0].dy == 0 and placed[0].side == "right" and not placed[0].leader


def test_wrap_keeps_a_title_whole_when_a_little_more_width_allows():
    title = "Transport Il-76 touches down in Caracas with Pantsir-S1 and Buk-M2E batteries"
    lines = labels.wrap(title, 36, 2)
    assert " ".join(lines) == title and len(lines) == 2
    cut = labels.wrap(title, 20, 2)
    assert len(cut) == 2 and cut[-1].endswith("…")


def test_brief_look_shows_fewer_bigger_labels(seed):
    many = dash_stores.many_events(300).assign(date_start="2025-10-01", date_end="2025-10-01", precision="day")
    many["date_start"] = pd.date_range("2025-09-01", periods=300, freq="6h").strftime("%Y-%m-%d")
    many["date_end"] = many["date_start"]
    analyst = label_annotations(figures.timeline(many, undated=False))
    brief = label_annotations(figures.timeline(many, undated=False, look=style.BRIEF))
    assert 0 < len(brief) <= style.BRIEF.max_labels < len(analyst)
    assert brief[0].font.size > analyst[0].font.size


def test_labels_in_the_slide_export(seed):
    fig = exports.for_export(
        figures.timeline(seed.events, look=style.SLIDE_LOOK),
        title="T",
        subtitle="s",
        as_of="2025-11-07",
        source_note="Source: x",
    )
    texts = {plain(a.text) for a in label_annotations(fig)}
    assert plain(seed.events.set_index("event_id").loc["ev-il76", "title"]) in texts


def test_label_annotations_are_valid_plotly(seed):
    import plotly.graph_objects as go

    fig = figures.timeline(seed.events, look=style.BRIEF)
    assert label_annotations(fig)
    go.Figure(fig.to_dict())  # raises on any property plotly does not know


def test_a_bar_across_the_whole_view_is_not_labelled(hostile):
    fig = figures.timeline(hostile.events)  # h4 lasts from 0001 to 9999: the whole axis
    assert "h4" not in fig.layout.meta["labels"]
    assert "h0" in fig.layout.meta["labels"]
    texts = [a.text for a in label_annotations(fig)]
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in texts  # shown as text, never as markup
    assert all("$" not in t for t in texts)  # "$x^2$" would be typeset as LaTeX


def test_label_text_is_escaped():
    assert labels.label_text("<b>$5 bn</b> & more") == "&lt;b&gt;&#36;5 bn&lt;/b&gt; &amp; more"
