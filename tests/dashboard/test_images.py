"""Server-side PNG and SVG export with kaleido and Debian's Chromium: slide size, in colour, not black."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from dashboard import data, exports, figures, images

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def slide(seed):
    import streamlit  # noqa: F401  (sets Plotly's default template to Streamlit's, as inside the app)

    assert images.start()
    fig = figures.timeline(seed.events)
    return exports.for_export(
        fig,
        title="Russia and Venezuela, 2024–2025",
        subtitle="all events",
        as_of="2025-11-08",
        source_note=data.source_note(seed.documents, seed.events),
    )


def test_png_is_slide_sized_and_has_colour(slide, tmp_path):
    png = images.render(slide, "png")
    (tmp_path / "slide.png").write_bytes(png)  # for a look: pytest keeps tmp paths of recent runs
    img = Image.open(io.BytesIO(png)).convert("RGB")
    assert img.size == (3840, 2160)  # 1920x1080 at scale 2
    rgb = np.asarray(img).astype(int)
    saturation = rgb.max(axis=2) - rgb.min(axis=2)
    assert (saturation > 80).mean() > 0.001  # coloured marks, not black or grey ones
    assert (rgb.sum(axis=2) > 720).mean() > 0.5  # a white background, not a black page
    blue = np.array([0x4C, 0x78, 0xA8])  # "reported" status colour
    assert (np.abs(rgb - blue).sum(axis=2) < 30).sum() > 100


def test_svg_holds_the_title_and_the_source_note(slide):
    svg = images.render(slide, "svg").decode("utf-8")
    assert svg.startswith("<svg") and 'width="1920"' in svg
    assert "Russia and Venezuela, 2024–2025" in svg and "As of 2025-11-08" in svg
    assert "Source: 5 articles" in svg


def test_unknown_format_says_which_exist(slide):
    with pytest.raises(ValueError, match=r"Unknown image format 'jpg'; expected one of \['png', 'svg'\]"):
        images.render(slide, "jpg")


def test_without_chromium_the_error_says_how_to_get_it(slide, monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    assert images.chrome_path() is None
    assert images.start() is False
    with pytest.raises(images.ExportUnavailable, match=r"apt-get install -y chromium"):
        images.render(slide, "png")
