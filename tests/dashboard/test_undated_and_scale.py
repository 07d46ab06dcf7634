"""The undated strip on the real seeds build, and the app's level-of-detail path on a synthetic store.

The seeds are built with the real pipeline (no hand-made store): the USS Gerald R. Ford deployment
has no date in its sentences, so it must be drawn in the undated strip, never at a date.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from PIL import Image

from dashboard import access, data, detail, exports, figures, images, listing, style, wire
from events.output import filters, summary
from events.output import store as store_mod
from tests.dashboard.test_app import open_tab

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
MUST_SHOW = {  # events the seed timeline must show -> words its sentence holds (titles are extracted, so found by text)
    "the Il-76 landing": ("Il-76", "Caracas"),
    "the Post report": ("Washington Post", "Maduro"),
    "the Ford deployment": ("Gerald R. Ford",),
}


@pytest.fixture(scope="module")
def real_seed_store(tmp_path_factory) -> Path:
    from events import pipeline

    out = tmp_path_factory.mktemp("realseeds") / "store"
    pipeline.build(ROOT / "seeds", out)
    return out


@pytest.fixture(scope="module")
def real_seed(real_seed_store) -> store_mod.Store:
    return store_mod.read(real_seed_store)


@pytest.fixture(scope="module")
def synth_store(tmp_path_factory) -> Path:
    from bench import synth

    out = tmp_path_factory.mktemp("synth20k") / "store"
    synth.main([str(out), "--events", "20000", "--no-csv"])
    return out


def must_show_ids(events: pd.DataFrame) -> dict[str, str]:
    """The event id of each must-show event in a store (the first whose title or description holds its words)."""
    text = events["title"].astype(str) + " " + events["description"].astype(str)
    out = {}
    for name, words in MUST_SHOW.items():
        hit = np.logical_and.reduce([text.str.contains(w, regex=False).to_numpy() for w in words])
        assert hit.any(), f"{name} is not in the store at all"
        out[name] = str(events.loc[hit, "event_id"].iloc[0])
    return out


def drawn(fig) -> dict[str, str]:
    """event id -> hover text, over every trace that draws events (dated anchors and undated marks)."""
    out = {}
    for t in fig.data:
        if (t.meta or {}).get("role") in ("anchors", "undated"):
            out.update(zip(map(str, t.customdata), map(str, t.text)))
    return out


def role(fig, name):
    return [t for t in fig.data if (t.meta or {}).get("role") == name]


# ---- the undated strip ------------------------------------------------------------------------


def test_real_seed_figure_holds_the_il76_landing_the_post_report_and_the_ford(real_seed):
    ev = real_seed.events
    ids = must_show_ids(ev)
    fig = figures.timeline(ev)
    hover = drawn(fig)
    titles = dict(zip(ev["event_id"].astype(str), ev["title"].astype(str)))
    for name, event_id in ids.items():
        assert event_id in hover, f"{name} ({event_id}) is not in the figure"
        title = titles[event_id].replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        assert title[:40] in hover[event_id], name
    ford = ids["the Ford deployment"]
    assert ev.loc[ev["event_id"] == ford, "date_start"].item() is None  # honestly undated in the real build
    assert ford in {i for t in role(fig, "undated") for i in t.customdata}
    assert ford not in {i for t in role(fig, "anchors") for i in t.customdata}
    assert "undated" in hover[ford]
    meta = fig.layout.meta
    assert meta["n_undated"] == meta["n_undated_drawn"] == int(ev["date_start"].isna().sum())


def test_undated_marks_never_sit_on_a_date(real_seed):
    fig = figures.timeline(real_seed.events, lane_by="actors", color_by="category")
    und = role(fig, "undated")
    assert und, "no undated strip"
    assert fig.layout.xaxis.type == "date" and fig.layout.xaxis2.type == "linear"
    assert list(fig.layout.xaxis2.range) == [0, 1] and fig.layout.xaxis2.showticklabels is False
    assert fig.layout.xaxis.domain[1] < fig.layout.xaxis2.domain[0]  # side by side, not overlapping
    undated_ids = set(real_seed.events.loc[real_seed.events["date_start"].isna(), "event_id"])
    for t in und:
        assert t.xaxis == "x2" and t.yaxis == "y"
        x = np.asarray(t.x, dtype=float)
        assert np.isfinite(x).all() and ((x > 0) & (x < 1)).all()  # numbers in the strip, not dates
        assert set(t.customdata) <= undated_ids
        assert t.marker.symbol == style.UNDATED_SYMBOL and t.marker.color == style.UNDATED_COLOR
    for t in fig.data:
        if (t.meta or {}).get("role") == "undated" or t.x is None or t.xaxis == "x2":
            continue
        assert not set(t.customdata if t.customdata is not None else []) & undated_ids
        assert t.xaxis in (None, "x")
    assert any(a.name == "undated-title" for a in fig.layout.annotations)


def test_undated_strip_respects_include_undated_and_caps(real_seed):
    ev = real_seed.events
    assert not role(figures.timeline(ev, undated=False), "undated")
    assert not role(figures.timeline(ev.loc[ev["date_start"].notna()]), "undated")  # the filter left them out
    fig = figures.timeline(ev, max_undated=5)
    assert sum(len(t.customdata) for t in role(fig, "undated")) == 5
    assert fig.layout.meta["n_undated"] > fig.layout.meta["n_undated_drawn"] == 5
    assert any("5 of" in a.text for a in fig.layout.annotations if a.name == "undated-title")


def test_webgl_level_draws_the_undated_strip_with_webgl():
    events = dash_many(style.WEBGL_AT * 2)
    fig = figures.timeline(events)
    und = role(fig, "undated")
    assert und and all(isinstance(t, go.Scattergl) for t in und)
    assert fig.layout.meta["n_undated_drawn"] == min(fig.layout.meta["n_undated"], style.MAX_UNDATED)


def dash_many(n):
    from tests.dashboard import dash_stores

    return dash_stores.many_events(n)


def test_export_png_of_the_real_seeds_shows_the_strip(real_seed, tmp_path):
    import streamlit  # noqa: F401  (Streamlit's template is the default, as inside the app)

    assert images.start()
    fig = figures.timeline(real_seed.events)
    out = exports.for_export(
        fig,
        title="Russia and Venezuela",
        subtitle="all events",
        as_of="2025-11-08",
        source_note=data.source_note(real_seed.documents, real_seed.events),
    )
    png = images.render(out, "png", scale=1)
    (tmp_path / "real-seeds.png").write_bytes(png)
    img = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)
    assert img.shape[:2] == (1080, 1920)
    saturation = img.max(axis=2) - img.min(axis=2)
    assert (saturation > 80).mean() > 0.0005  # coloured marks, not black ones
    grey = np.abs(img - np.array([0x7A, 0x7A, 0x7A])).sum(axis=2) < 40
    strip = grey[:, int(1920 * 0.85) :]  # the strip is at the right edge
    assert strip.sum() > 200  # undated rings drawn there
    svg = images.render(out, "svg").decode("utf-8")
    assert ">undated<" in svg.replace("<b>", "").replace("</b>", "") or "undated" in svg
    assert "no date" in svg


# ---- detail with or without the documents' text ------------------------------------------------


def test_detail_works_with_or_without_the_text_column(real_seed):
    ev, ms, docs = real_seed.events, real_seed.mentions, real_seed.documents
    event_id = must_show_ids(ev)["the Il-76 landing"]
    input_dir = Path(real_seed.meta["input_dir"])
    without = docs.drop(columns=["text"], errors="ignore")
    v = detail.event_view(ev, ms, without, event_id, input_dir)
    assert v.mentions and all(m.found for m in v.mentions)  # re-read from the input folder
    v = detail.event_view(ev, ms, without, event_id, None)
    assert all(m.problem for m in v.mentions)  # no folder, no text column: the quote alone, said so
    if "text" in docs:
        v = detail.event_view(ev, ms, docs, event_id, None)  # no folder: the store's text is used
        assert all(m.found for m in v.mentions)


# ---- the app's level-of-detail path --------------------------------------------------------------


def spec_of(at) -> tuple[dict, int]:
    raw = at.get("plotly_chart")[0].proto.spec
    return json.loads(raw), len(raw)


def test_app_opens_the_real_seeds_with_the_ford_in_the_undated_strip(app, real_seed_store, real_seed):
    ids = must_show_ids(real_seed.events)
    at = app(real_seed_store)
    assert not at.exception
    spec, _ = spec_of(at)
    on_chart = {
        i
        for t in spec["data"]
        if wire.meta(t.get("meta")).get("role") in ("anchors", "undated")
        for i in t["customdata"]
    }
    assert set(ids.values()) <= on_chart
    at.checkbox(key="f_undated").uncheck().run()
    spec, _ = spec_of(at)
    assert not [t for t in spec["data"] if wire.meta(t.get("meta")).get("role") == "undated"]
    assert ids["the Ford deployment"] not in {i for t in spec["data"] for i in (t.get("customdata") or [])}


def test_app_draws_density_on_a_20k_store_and_ships_little(app, synth_store):
    at = app(synth_store)
    assert not at.exception
    spec, size = spec_of(at)
    assert wire.meta(spec["layout"]["meta"])["level"] == "density"
    assert spec["data"][0]["type"] == "heatmap"
    assert size < 300_000  # bins, not 20,000 events
    n_und = wire.meta(spec["layout"]["meta"])["n_undated"]
    p = access.load(synth_store)
    assert n_und == int((p.start == filters.NO_DAY).sum())
    if n_und:
        strip = [t for t in spec["data"] if wire.meta(t.get("meta")).get("role") == "undated"]
        assert strip and strip[0]["xaxis"] == "x2"
        assert sum(c[0] or 0 for c in strip[0]["z"]) == n_und
    body = "\n".join(c.value for c in at.caption)
    assert "Showing 20,000 of 20,000 events" in body.replace("\\", "")
    assert "The first 100 of 20,000 events in time order. Show more" in body
    assert len(at.dataframe[0].value) == 100  # the table is capped, and says so
    first = at.dataframe[0].value["event_id"].tolist()
    more = next(b for b in at.button if b.key == "table_rows_more")
    assert more.proto.label == "Show 2,000 more (of 19,900 not listed)"
    more.click().run()
    table = at.dataframe[0].value
    assert len(table) == 2100 and table["event_id"].is_unique
    assert table["event_id"].tolist()[:100] == first  # the same list, longer (time order)
    assert table["start"].dropna().is_monotonic_increasing
    assert "The first 2,100 of 20,000 events in time order" in "\n".join(c.value for c in at.caption)
    open_tab(at, "Undated")  # the undated list is capped too, with its own count (never silently dropped)
    assert f"The 100 most corroborated of {n_und:,} undated events" in "\n".join(c.value for c in at.caption)
    assert len(at.dataframe) == 1 and len(at.dataframe[0].value) == 100


def test_app_density_then_points_when_filters_narrow(app, synth_store):
    p = access.load(synth_store)
    rows = access.rows(p, access.as_mask(len(p), listing.first_in_time(p, p.start != filters.NO_DAY, 1)))
    day = str(rows["date_start"].iloc[0])[:10]
    at = app(synth_store, **{"from": day, "to": day})
    assert not at.exception
    spec, size = spec_of(at)
    assert wire.meta(spec["layout"]["meta"])["level"] in ("svg", "webgl")
    assert str(rows["event_id"].iloc[0]) in {i for t in spec["data"] for i in (t.get("customdata") or [])}
    at.selectbox(key="event").select(str(rows["event_id"].iloc[0])).run()  # detail reads its mentions alone
    assert not at.exception
    assert any(str(rows["title"].iloc[0])[:20] in m.value.replace("\\", "") for m in at.markdown)


def test_brief_mode_uses_the_same_path_at_scale(app, synth_store):
    at = app(synth_store, mode="brief")  # the summary: its key happenings, one a row
    assert not at.exception
    spec, size = spec_of(at)
    meta = wire.meta(spec["layout"]["meta"])
    assert meta["layout"] == "rows" and 0 < meta["n_events"] <= summary.sizes().events and size < 100_000
    assert spec["layout"]["font"]["size"] >= 20
    assert "## Most corroborated" in "\n".join(m.value for m in at.markdown)
    at = app(synth_store, mode="brief", show="all")  # every event: counted per bin past lod.MAX_POINTS
    spec, size = spec_of(at)
    assert wire.meta(spec["layout"]["meta"])["level"] == "density" and size < 300_000
