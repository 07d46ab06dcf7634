"""The figure as sent to the browser (dashboard.wire): the same drawing, nothing that makes plotly.js
draw a copy of it a second time (no template object, no meta objects, no typed arrays, a datarevision)."""

from __future__ import annotations

import io
import json

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio
import pytest
from PIL import Image

from dashboard import access, density, exports, figures, images, lod, wire


def sent(fig) -> dict:
    return json.loads(pio.to_json(wire.figure(go.Figure(fig)), validate=False))


def test_sent_timeline_has_no_template_no_meta_objects_no_typed_arrays(seed):
    fig = figures.timeline(seed.events)
    spec = sent(fig)
    assert "template" not in spec["layout"]
    assert isinstance(spec["layout"]["meta"], list) and wire.meta(spec["layout"]["meta"]) == fig.layout.meta
    assert all(isinstance(t["meta"], list) for t in spec["data"])
    assert "bdata" not in json.dumps(spec)  # plotly.js counts a new typed array as new data
    assert spec["layout"]["datarevision"]
    # the template's settings are written out where the figure does not set its own
    assert spec["layout"]["paper_bgcolor"] == "white" and spec["layout"]["yaxis"]["gridcolor"] == "#EBF0F8"
    assert spec["layout"]["xaxis"]["gridcolor"] == "#E6E6E6"  # the figure's own
    assert spec["layout"]["xaxis2"]["linecolor"] == "#EBF0F8"  # every x axis gets the template's xaxis


def test_datarevision_follows_the_data(seed):
    a, b = figures.timeline(seed.events), figures.timeline(seed.events)
    c = figures.timeline(seed.events.iloc[:-2])
    rev = [wire.figure(f).layout.datarevision for f in (a, b, c)]
    assert rev[0] == rev[1] != rev[2]
    assert wire.figure(a).layout.datarevision == rev[0]  # twice changes nothing more
    assert isinstance(a.layout.meta, (list, tuple)) and len(a.layout.meta) == 1


def test_meta_reads_lists_and_dicts():
    assert wire.meta([{"level": "svg"}]) == wire.meta({"level": "svg"}) == {"level": "svg"}
    assert wire.meta(None) == {} and wire.meta([]) == {}


def test_export_of_a_sent_figure_has_its_template_and_bigger_marks(seed):
    fig = wire.figure(figures.timeline(seed.events))
    out = exports.for_export(fig, title="t", subtitle="s", as_of="2025-11-08", source_note="n")
    assert out.layout.template.layout.paper_bgcolor == "white"
    before = {i: t.marker.size for i, t in enumerate(fig.data) if wire.meta(t.meta).get("role") == "anchors"}
    assert before and all(
        np.allclose(np.asarray(out.data[i].marker.size), np.asarray(s) * 1.4) for i, s in before.items()
    )


@pytest.mark.parametrize("kind", ["timeline", "density"])
@pytest.mark.slow
def test_sent_figure_draws_the_same_pixels(seed, kind):
    import streamlit  # noqa: F401  (Plotly's default template becomes Streamlit's, as inside the app)

    if kind == "timeline":
        fig = figures.timeline(seed.events)
    else:
        p = access.prepare(seed.events)
        pl = lod.plan(p, None, None, "category", max_points=1)
        fig = density.density_figure(
            lod.density(p, "category", pl), pl, undated=lod.undated_counts(p, "category", np.ones(len(p), bool))
        )
    assert images.start()
    size = dict(width=900, height=520, scale=1)
    before = np.asarray(Image.open(io.BytesIO(images.render(fig, "png", **size))).convert("RGB")).astype(int)
    after = np.asarray(
        Image.open(io.BytesIO(images.render(wire.figure(go.Figure(fig)), "png", **size))).convert("RGB")
    ).astype(int)
    assert before.shape == after.shape
    assert (np.abs(before - after).sum(axis=2) > 30).mean() < 0.001  # the same drawing, up to antialiasing
