"""bench.browser on a small store: both pages open in Chromium, every lod view draws, and the real
app's sidebar filter changes redraw the chart (no timings asserted)."""

from __future__ import annotations

import json

import pytest

from bench import browser


@pytest.mark.browser
def test_both_pages_draw_and_filter_changes_redraw(tmp_path, capsys):
    argv = ["--sizes", "2000", "--apps", "lod", "app", "naive", "--work", str(tmp_path), "--timeout", "90"]
    assert browser.main(argv) == 0
    out = capsys.readouterr().out
    lod, app, naive = (json.loads(line) for line in out.splitlines()[:3])
    for r in (lod, app, naive):
        assert "error" not in r, r
        assert r["ws_bytes_first"] > 0 and r["server_peak_mb"] > 0
    assert {f"{v}_change_s" for v in browser.LOD_VIEWS} <= set(lod)
    assert lod["narrow_marks"] < lod["open_marks"]
    # the shared link opens the three categories; dropping one draws fewer events, adding it back more
    changes = app["changes"]
    assert [c["kind"] for c in changes] == ["category"] * 4 + ["search"] * 4
    assert all(c["level"] in ("density", "points") for c in changes)
    assert changes[0]["marks"] < changes[1]["marks"] and changes[0]["marks"] == changes[2]["marks"]
    # a search narrows what the categories showed; clearing it shows that again
    assert changes[4]["marks"] <= changes[3]["marks"] and changes[5]["marks"] == changes[3]["marks"]
    assert changes[6]["marks"] == changes[4]["marks"] and changes[7]["marks"] == changes[3]["marks"]
    assert app["warm_s"] is not None and lod["warm_s"] is None  # only the app reads the store ahead
    assert "| 2,000 | lod |" in out and "| 2,000 | app |" in out and "| 2,000 | naive |" in out
    assert "2,000 events, first chart: naive px.timeline page " in out and "(naive / app: ×" in out  # as a ratio
