"""bench.browser on a tiny store: the level-of-detail page opens in Chromium and every view draws."""

from __future__ import annotations

import json

from bench import browser


def test_lod_page_draws_every_view(tmp_path, capsys):
    assert browser.main(["--sizes", "300", "--apps", "lod", "--work", str(tmp_path), "--timeout", "90"]) == 0
    out = capsys.readouterr().out
    first = json.loads(out.splitlines()[0])
    assert "error" not in first, first
    assert first["ws_bytes_first"] > 0 and first["server_peak_mb"] > 0
    assert {"one_year_strikes_change_s", "narrow_change_s", "open_change_s"} <= set(first)
    assert "| 300 | lod |" in out
