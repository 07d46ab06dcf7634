"""bench.patterns: the timing proxy answers as the pattern does, and the script runs (no timings asserted)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from bench import patterns

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]


def test_a_timed_pattern_gives_the_patterns_answers_and_counts_its_calls():
    rx = re.compile(r"\b(?:on|in)\s+(Oct\.\s+\d+)", re.IGNORECASE)
    timed = patterns.Timed(rx)
    text = "The Il-76 landed in Caracas on Oct. 26; the Post reported it ON Oct. 31."
    assert [m.span() for m in timed.finditer(text)] == [m.span() for m in rx.finditer(text)] != []
    assert timed.search(text).group(1) == "Oct. 26" and timed.sub("X", text) == rx.sub("X", text)
    assert timed.match(text) is None and timed.findall(text) == ["Oct. 26", "Oct. 31"]
    assert timed.pattern == rx.pattern and timed.flags == rx.flags and timed.groups == 1
    assert patterns.CALLS[rx.pattern] == 5 and patterns.SPENT[rx.pattern] > 0


def test_the_script_lists_patterns_by_time_per_article(tmp_path):
    res = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.patterns",
            "--articles",
            "12",
            "--warm",
            "2",
            "--top",
            "5",
            "--work",
            str(tmp_path),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert res.returncode == 0, res.stderr
    lines = res.stdout.splitlines()
    assert lines[0].startswith("10 articles:") and "patterns" in lines[0]
    rows = [ln for ln in lines[3:] if ln.strip()]
    assert len(rows) == 5 and all(float(r.split()[0]) >= 0 for r in rows)
