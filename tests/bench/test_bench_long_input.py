"""bench.long_input: the long sentence it builds, and the script's table (no timings asserted)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from bench import long_input

ROOT = Path(__file__).resolve().parents[2]


def test_the_long_sentence_is_one_sentence_of_the_size_asked():
    from events.reading import sentences

    text = long_input.long_text(5_000)
    assert 5_000 <= len(text) <= 5_000 + 100 and text.count("on Oct. 26, 2025 and ") == 5_000 // 21
    assert len(sentences.split_text(text)) == 1


def test_the_script_prints_a_row_per_size_with_the_ratio_to_the_one_before():
    res = subprocess.run(
        [sys.executable, "-m", "bench.long_input", "--sizes", "1000,2000", "--stages"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert res.returncode == 0, res.stderr
    head, first, second, note = res.stdout.splitlines()
    assert head.split()[:3] == ["chars", "build", "x"] and "tag_timexes" in head and "actors" in head
    assert first.split()[0] == "1,053" and second.split()[0] == "2,061"
    assert first.rstrip().endswith("1 mentions") and second.rstrip().endswith("1 mentions")
    assert note.startswith("x: time over the previous size's")


def test_bad_sizes_are_refused():
    res = subprocess.run(
        [sys.executable, "-m", "bench.long_input", "--sizes", "ten"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert res.returncode == 2 and "expected numbers separated by commas" in res.stderr
