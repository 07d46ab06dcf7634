"""bench.dashboard on a tiny store: it runs every path and prints the table (no timings asserted)."""

from __future__ import annotations

import pytest

from bench import dashboard

pytestmark = pytest.mark.slow


def test_runs_every_path_and_prints_a_table(tmp_path, capsys):
    assert dashboard.main(["--sizes", "400", "--work", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "### 400 events" in out and "| load store |" in out and "| peak RSS |" in out
    assert "failed" not in out
    assert "(density)" in out or "(points)" in out


def test_figure_baselines_are_skipped_above_the_cap(tmp_path, capsys):
    assert dashboard.main(["--sizes", "300", "--baseline-max", "100", "--work", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "skipped above 100" in out and "failed" not in out
