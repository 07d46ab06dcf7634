"""bench.long_input: the long sentence it builds, and the script's table (no timings asserted)."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from bench import long_input

ROOT = Path(__file__).resolve().parents[2]


def test_the_long_sentence_is_the_size_asked_with_no_full_stop():
    from events.reading import sentences

    text = long_input.long_text(5_000)
    assert 5_000 <= len(text) <= 5_000 + 100 and text.count("on Oct. 26, 2025 and ") == 5_000 // 21
    assert text.count(".") == text.count("Oct.") + text.count("Nov.") + 1  # its one full stop ends it
    assert len(sentences.split_text(text)) == -(-len(text) // sentences.MAX_CHARS)


def test_the_words_text_is_a_dated_lead_then_random_words_with_no_date():
    text = long_input.words_text(20_000)
    assert text.startswith(long_input.LEAD) and 20_000 <= len(text) <= 20_100
    rest = text[len(long_input.LEAD) :]
    assert "." not in rest and not any(ch.isdigit() for ch in rest)
    assert set(rest.split()) <= set(long_input.WORDS) and text == long_input.words_text(20_000)


def test_a_long_run_of_words_makes_a_store_in_proportion_to_its_length():
    from events.output import store
    from events.reading import sentences

    sizes = (100_000, 200_000, 400_000)
    stores = [long_input.store_size(long_input.words_text(n))[1] for n in sizes]
    for small, large in zip(stores, stores[1:]):
        assert large / small < 2.3, f"store bytes {stores} for sizes {sizes}: grows faster than the text"
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        (folder / "long.txt").write_text(long_input.words_text(100_000), encoding="utf-8")
        from events import pipeline

        pipeline.build(folder, Path(tmp) / "store")
        quotes = store.read(Path(tmp) / "store").mentions["quote"]
    assert len(quotes) > 50 and quotes.str.len().max() <= sentences.MAX_CHARS


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
    assert first.rstrip().endswith(" mentions") and int(second.split()[-2]) >= int(first.split()[-2]) >= 1
    assert note.startswith("x: time (or size) over the previous size's")


def test_the_script_gives_the_store_size_per_size_with_words():
    res = subprocess.run(
        [sys.executable, "-m", "bench.long_input", "--sizes", "3000,6000", "--words", "--store"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert res.returncode == 0, res.stderr
    head, first, second, _ = res.stdout.splitlines()
    assert "store_build" in head and "store_bytes" in head
    assert first.split()[0] == "3,001" and int(second.split()[7].replace(",", "")) > 0


def test_bad_sizes_are_refused():
    res = subprocess.run(
        [sys.executable, "-m", "bench.long_input", "--sizes", "ten"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert res.returncode == 2 and "expected numbers separated by commas" in res.stderr
