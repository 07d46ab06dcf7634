"""The two CLI commands, run as a user runs them, on the seeds."""

import csv
import datetime as dt
import hashlib
import json
import subprocess
import sys

import pandas as pd
import pytest

from events import cli
from events.output.tables import DOCUMENT_COLUMNS, EVENT_COLUMNS, MENTION_COLUMNS
from events.reading import ingest
from events.settings import Settings

from .conftest import ROOT, SEEDS

pytestmark = pytest.mark.slow

CONTRACT = {
    "documents": ["doc_id", "path", "title", "outlet", "url", "published", "published_basis", "n_chars", "sha256"],
    "mentions": [
        "mention_id",
        "event_id",
        "doc_id",
        "char_start",
        "char_end",
        "quote",
        "date_text",
        "date_start",
        "date_end",
        "precision",
        "basis",
    ],
    "events": [
        "event_id",
        "date_start",
        "date_end",
        "precision",
        "basis",
        "is_span",
        "title",
        "description",
        "actors",
        "category",
        "status",
        "location",
        "sources",
        "source_count",
    ],
}


def run_cli(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "events", *args], cwd=cwd, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("cli") / "store"
    proc = run_cli("build", str(SEEDS), "--out", str(out))
    return out, proc


def test_build_exits_zero_with_a_summary_line(built):
    out, proc = built
    assert proc.returncode == 0, proc.stderr
    last = proc.stdout.strip().splitlines()[-1]
    assert "5 documents read, 0 skipped" in last
    for word in ("mentions", "events", "undated"):
        assert word in last


@pytest.mark.parametrize("table", ["documents", "mentions", "events"])
def test_every_contract_column_in_parquet_and_csv(built, table):
    out, _ = built
    pq = pd.read_parquet(out / f"{table}.parquet")
    with open(out / f"{table}.csv", newline="", encoding="utf-8") as fh:
        header = next(csv.reader(fh))
    for col in CONTRACT[table]:
        assert col in pq.columns, f"{table}.parquet lacks {col}"
        assert col in header, f"{table}.csv lacks {col}"


def test_column_lists_cover_the_contract():
    for table, cols in (("documents", DOCUMENT_COLUMNS), ("mentions", MENTION_COLUMNS), ("events", EVENT_COLUMNS)):
        assert cols[: len(CONTRACT[table])] == CONTRACT[table]


def test_documents_keep_the_manifest_and_leave_unknown_dates_empty(built):
    out, _ = built
    docs = pd.read_parquet(out / "documents.parquet").set_index("doc_id")
    assert docs.loc["003_d65d78ee2db551f0", "outlet"] == "The Kyiv Independent"
    assert len(docs) == 5
    assert docs["sha256"].str.len().eq(64).all()
    # The manifest gives no date; whatever was inferred says so, and nothing is dated from the build day.
    for _, d in docs.iterrows():
        assert d["published_basis"] in ("text", "inferred", "unknown")
        assert (d["published"] is None) == (d["published_basis"] == "unknown")
        assert d["published"] is None or d["published"].year < 2026


def test_undated_mentions_stay_empty(built):
    out, _ = built
    m = pd.read_parquet(out / "mentions.parquet")
    undated = m[m["basis"] == "undated"]
    assert undated["date_start"].isna().all() and (undated["precision"] == "").all()
    dated = m[m["basis"] != "undated"]
    assert dated["date_start"].notna().all() and (dated["date_start"] <= dated["date_end"]).all()


def test_quotes_point_into_the_document_text(built):
    out, _ = built
    m = pd.read_parquet(out / "mentions.parquet")
    docs = pd.read_parquet(out / "documents.parquet").set_index("doc_id")
    assert len(m) > 10
    for _, row in m.iterrows():
        # the text as read again by ingest (what the dashboard does to highlight a quote)
        path = SEEDS / docs.loc[row["doc_id"], "path"]
        _, text, _, _ = ingest.read_file(path, path.name, SEEDS.resolve(), Settings())
        assert hashlib.sha256(text.encode("utf-8")).hexdigest() == docs.loc[row["doc_id"], "sha256"]
        assert text[row["char_start"] : row["char_end"]] == row["quote"]


@pytest.mark.parametrize("fmt", ["csv", "json", "timelinejs"])
def test_export_formats(built, tmp_path, fmt):
    out, _ = built
    dest = tmp_path / f"events.{fmt}"
    proc = run_cli("export", "--store", str(out), "--format", fmt, "--out", str(dest))
    assert proc.returncode == 0, proc.stderr
    text = dest.read_text(encoding="utf-8")
    if fmt == "csv":
        rows = list(csv.DictReader(text.splitlines()))
        assert rows and "event_id" in rows[0]
    else:
        doc = json.loads(text)
        assert doc["events"]


def test_export_filters_narrow(built, tmp_path):
    out, _ = built
    every = json.loads(run_cli("export", "--store", str(out), "--format", "json", "--out", "-").stdout)["events"]
    dated = json.loads(run_cli("export", "--store", str(out), "--format", "json", "--out", "-", "--no-undated").stdout)[
        "events"
    ]
    assert len(dated) < len(every)
    assert all(e["date_start"] for e in dated)
    ranged = json.loads(
        run_cli(
            "export",
            "--store",
            str(out),
            "--format",
            "json",
            "--out",
            "-",
            "--from",
            "2025-10-01",
            "--to",
            "2025-12-31",
            "--no-undated",
        ).stdout
    )["events"]
    assert ranged and all("2025-10-01" <= e["date_end"] and e["date_start"] <= "2025-12-31" for e in ranged)


@pytest.mark.parametrize(
    "args, message",
    [
        (["build", "no/such/folder", "--out", "x"], "does not exist"),
        (["export", "--store", "no/such/store", "--format", "csv", "--out", "-"], "No store at"),
        (["build", "seeds", "--out", "x", "--jobs", "0"], "jobs must be 1 or more"),
        (
            ["build", "seeds", "--out", "x", "--rows-per-part", "0"],
            "rows_per_part must be a whole number of rows, 1 or more, not 0",
        ),
    ],
)
def test_user_mistakes_get_a_clear_word_not_a_traceback(args, message, tmp_path):
    proc = run_cli(*args, cwd=ROOT)
    assert proc.returncode == 2
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr


def test_bad_date_option_is_explained(capsys):
    with pytest.raises(SystemExit) as exc:
        cli.main(["export", "--store", "s", "--format", "csv", "--out", "-", "--from", "31/02/2025"])
    assert exc.value.code == 2
    assert "is not a date" in capsys.readouterr().err


def test_manifest_problems_are_reported_kept_in_the_store_and_fail_strict(tmp_path):
    inp = tmp_path / "in"
    inp.mkdir()
    (inp / "a.txt").write_text(
        "The Washington Post reported on Oct. 31, 2025 that Maduro asked Russia for missile systems.\n",
        encoding="utf-8",
    )
    (inp / "manifest.csv").write_text("doc_id,title,outlet,url,published\na,T,O,,2025-02-30\n", encoding="utf-8")
    out = tmp_path / "store"
    proc = run_cli("build", str(inp), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "manifest.csv:2" in proc.stderr and "2025-02-30" in proc.stderr
    meta = json.loads((out / "store.json").read_text())
    assert any("manifest.csv:2" in p for p in meta["problems"])
    strict = run_cli("build", str(inp), "--out", str(out), "--strict")
    assert strict.returncode == 2
    assert "Traceback" not in strict.stderr


def test_build_on_a_local_dask_cluster_gives_the_same_store(built, tmp_path):
    out, _ = built
    dask_out = tmp_path / "store"
    proc = run_cli("build", str(SEEDS), "--out", str(dask_out), "--engine", "dask", "--quiet")
    assert proc.returncode == 0, proc.stderr
    cols = ["event_id", "date_start", "date_end", "precision", "basis", "title", "source_count"]
    local = pd.read_parquet(out / "events.parquet")[cols].sort_values("event_id").reset_index(drop=True)
    remote = pd.read_parquet(dask_out / "events.parquet")[cols].sort_values("event_id").reset_index(drop=True)
    pd.testing.assert_frame_equal(local, remote)


def test_build_with_rows_per_part_writes_parts_that_export_the_same(built, tmp_path):
    out, _ = built
    parted = tmp_path / "store"
    proc = run_cli("build", str(SEEDS), "--out", str(parted), "--rows-per-part", "10", "--quiet")
    assert proc.returncode == 0, proc.stderr
    real = parted.resolve()
    assert (real / "documents.parquet").is_file()  # 5 rows: one file
    assert sorted(p.name for p in (real / "events.parquet").iterdir())[:2] == [
        "part-00000.parquet",
        "part-00001.parquet",
    ]
    assert (real / "mentions.parquet").is_dir() and (real / "events.csv").is_file()
    meta = json.loads((real / "store.json").read_text())
    assert meta["rows_per_part"] == 10 and meta["parts"]["events"] == -(-meta["tables"]["events"] // 10)
    for fmt, extra in [("csv", []), ("timelinejs", []), ("csv", ["--no-undated", "--actor", "Russia"])]:
        one, two = (run_cli("export", "--store", str(s), "--format", fmt, "--out", "-", *extra) for s in (out, parted))
        assert one.returncode == two.returncode == 0 and one.stdout.count("\n") > 2
        assert two.stdout == one.stdout, (fmt, extra)
    js = [
        json.loads(run_cli("export", "--store", str(s), "--format", "json", "--out", "-").stdout) for s in (out, parted)
    ]
    assert js[0]["events"] == js[1]["events"] and len(js[0]["events"]) == meta["tables"]["events"]


def test_the_readme_documents_every_option_and_only_real_ones():
    """Docs that cannot drift: each build/export option the CLI takes is in the README's commands, and
    every option the README's commands give is one the CLI takes."""
    import re
    from pathlib import Path

    from events import cli

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    sub = next(a for a in cli.parser()._actions if a.__class__.__name__ == "_SubParsersAction")
    for name in ("build", "export"):
        takes = {o for a in sub.choices[name]._actions for o in a.option_strings if o.startswith("--")} - {"--help"}
        all_lines, lines = readme.splitlines(), []
        for i, line in enumerate(all_lines):
            if f"-m events {name}" in line:
                lines.append(line)
                while lines[-1].rstrip().endswith("\\") and i + 1 < len(all_lines):  # continuation lines
                    i += 1
                    lines.append(all_lines[i])
        shown = set(re.findall(r"--[a-z][a-z-]*", " ".join(lines)))
        assert lines and not shown - takes, f"README shows {name} options the CLI lacks: {sorted(shown - takes)}"
        assert not takes - shown, f"README lacks {name} options: {sorted(takes - shown)}"


def test_build_reads_an_inbox_after_the_input_folder_and_says_what_changed(built, tmp_path):
    import shutil

    out = tmp_path / "store"
    shutil.copytree(built[0].resolve(), out)  # the seeds' store, as the previous build
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "kazan.txt").write_text(
        "Russia's President Vladimir Putin met Venezuela's President Nicolas Maduro "
        "in Kazan on Oct. 23, 2024, officials said.\n",
        encoding="utf-8",
    )
    shutil.copy(SEEDS / "004_c8231a1d60e4378b.txt", inbox / "copy.txt")  # the same text as a seed: read once
    proc = run_cli("build", str(SEEDS), str(inbox), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.strip().splitlines()
    assert lines[-2].startswith("changes: since the previous build: ")
    assert "6 documents read, 1 skipped" in lines[-1]
    assert "skipped .inbox/copy.txt: same text as 004_c8231a1d60e4378b.txt; read once" in proc.stderr
    assert "since the previous build" in proc.stderr  # the log: the summary, then a line per change
    changed = [line for line in proc.stderr.splitlines() if line.startswith("  ev-")]
    docs = pd.read_parquet(out / "documents.parquet").set_index("doc_id")
    assert docs.loc["inbox-kazan", "path"] == ".inbox/kazan.txt"
    meta = json.loads((out / "store.json").read_text())
    assert meta["inbox_dir"] == str(inbox.resolve()) and sum(meta["changes"]["counts"].values()) == len(changed)
    assert not (SEEDS / "kazan.txt").exists()


def test_an_article_on_an_event_a_seed_reports_re_dates_nothing(built, tmp_path):
    import shutil

    out = tmp_path / "store"
    shutil.copytree(built[0].resolve(), out)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "kazan.txt").write_text(
        "Russia's President Vladimir Putin met Venezuela's President Nicolas Maduro "
        "in Kazan on Oct. 23, 2024, officials said.\n",
        encoding="utf-8",
    )
    proc = run_cli("build", str(SEEDS), str(inbox), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "0 events re-dated" in proc.stdout.strip().splitlines()[-2]


def test_strict_build_exits_2_when_a_quote_in_the_manifest_is_not_closed(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name, day in (("a", 3), ("b", 4), ("c", 5)):
        (folder / f"{name}.txt").write_text(
            f"Russia delivered fuel to Venezuela on Oct. {20 + day}, 2025, officials said.", encoding="utf-8"
        )
    (folder / "manifest.csv").write_text(
        "doc_id,title,outlet,url,published\n"
        'a,"Fuel arrives,Reuters,,2025-11-03\n'
        "b,Fuel again,Reuters,,2025-11-04\n"
        "c,More fuel,AP,,2025-11-05\n",
        encoding="utf-8",
    )
    proc = run_cli("build", str(folder), "--out", str(tmp_path / "store"), "--strict", "--quiet")
    assert proc.returncode == 2, proc.stderr
    assert f"{folder / 'manifest.csv'}:2: a quote opened on this line is not closed on it" in proc.stderr
    docs = pd.read_parquet(tmp_path / "store" / "documents.parquet").set_index("doc_id")
    assert docs.loc[["b", "c"], "published"].tolist() == [
        dt.date(2025, 11, 4),
        dt.date(2025, 11, 5),
    ]  # later rows not swallowed
    assert docs.loc[["b", "c"], "published_basis"].tolist() == ["given", "given"]


@pytest.mark.parametrize(
    "where, message",
    [
        (
            lambda tmp: tmp / "no" / "such" / "folder" / "events.csv",
            "the folder {parent} does not exist; create it first",
        ),
        (lambda tmp: tmp, "--out {out} is a folder; give a file name"),
        (lambda tmp: tmp / "a-file.txt" / "events.csv", "the folder {parent} is a file"),
    ],
    ids=["missing folder", "onto a folder", "under a file"],
)
def test_export_to_an_impossible_out_is_a_clear_error(built, tmp_path, capsys, where, message):
    (tmp_path / "a-file.txt").write_text("x", encoding="utf-8")
    out = where(tmp_path)
    code = cli.main(["export", "--store", str(built[0]), "--format", "csv", "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("error: ") and message.format(parent=out.parent, out=out) in err


def test_log_lines_stay_one_line_whatever_the_files_are_called(tmp_path):
    folder = tmp_path / "in\nFORGED: a line of its own"
    for sub in ("x\nFORGED: from a folder name", "y"):
        (folder / sub).mkdir(parents=True)
        (folder / sub / "dup.txt").write_text(
            f"Russia sent fuel to Venezuela on Oct. 30, 2025, officials said ({sub}).", encoding="utf-8"
        )
    (folder / "manifest.csv").write_text(
        "doc_id,title,outlet,url,published\nghost,Ghost,,,2025-11-03\n", encoding="utf-8"
    )
    (folder / "empty\nFORGED: from a file name.txt").write_text("", encoding="utf-8")
    proc = run_cli("build", str(folder), "--out", str(tmp_path / "store"))
    assert proc.returncode == 0, proc.stderr
    lines = proc.stderr.splitlines()
    assert not [line for line in lines if line.startswith("FORGED")], proc.stderr
    assert any("names no file in" in line and "\\nFORGED" in line for line in lines)  # the manifest's line
    assert any("another file already has the doc_id" in line for line in lines)
