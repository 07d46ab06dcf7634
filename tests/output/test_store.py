"""events.output.store: atomic writes, whole reads, clear refusals."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from dashboard import access
from events.output import filters, store
from events.output.store import StoreError

ROOT = Path(__file__).resolve().parents[2]


def frames(n: int, tag: str = "v") -> dict[str, pd.DataFrame]:
    """Three small tables whose contents say which build wrote them (tag) and how big it was (n); the
    contract's other columns empty."""
    return {
        name: _with_contract_columns(name, df)
        for name, df in {
            "documents": pd.DataFrame({"doc_id": [f"{tag}-d{i}" for i in range(n)], "n_chars": list(range(n))}),
            "mentions": pd.DataFrame({"mention_id": [f"{tag}-m{i}" for i in range(n)], "quote": ["=1+1"] * n}),
            "events": pd.DataFrame(
                {
                    "event_id": [f"{tag}-e{i}" for i in range(n)],
                    "actors": [["=cmd", "Russia"]] * n,
                    "source_count": [1] * n,
                }
            ),
        }.items()
    }


def _with_contract_columns(name: str, df: pd.DataFrame) -> pd.DataFrame:
    from events.output.tables import BOOL_COLUMNS, INT_COLUMNS, LIST_COLUMNS

    for col in store.REQUIRED[name]:
        if col not in df:
            empty = [] if col in LIST_COLUMNS else 0 if col in INT_COLUMNS else False if col in BOOL_COLUMNS else ""
            df[col] = pd.Series([empty] * len(df), index=df.index, dtype=object if empty == [] else None)
    return df


def assert_whole(st: store.Store, tag: str, n: int) -> None:
    """Every table of the store read comes from the same build."""
    assert st.meta["tables"] == {"documents": n, "mentions": n, "events": n}
    assert st.documents["doc_id"].tolist() == [f"{tag}-d{i}" for i in range(n)]
    assert st.mentions["mention_id"].tolist() == [f"{tag}-m{i}" for i in range(n)]
    assert st.events["event_id"].tolist() == [f"{tag}-e{i}" for i in range(n)]


def test_write_then_read_round_trip(tmp_path):
    out = tmp_path / "store"
    version = store.write(out, frames(3, "a"), {"summary": "three"})
    st = store.read(out)
    assert_whole(st, "a", 3)
    assert st.meta["summary"] == "three" and st.path == version
    assert out.is_symlink() and version.parent == store.versions_dir(out)
    assert st.events.loc[0, "actors"] == ["=cmd", "Russia"]  # lists come back as lists
    csv_text = (version / "events.csv").read_text(encoding="utf-8")
    assert ",'=cmd; Russia," in csv_text  # the joined cell, guarded at its start
    assert "'=1+1" in (version / "mentions.csv").read_text(encoding="utf-8")


def test_empty_tables_round_trip(tmp_path):
    from events.output import tables

    empty = {
        "documents": tables.documents_frame([]),
        "mentions": tables.mentions_frame([]),
        "events": tables.events_frame([]),
    }
    store.write(tmp_path / "store", empty)
    st = store.read(tmp_path / "store")
    assert st.events.empty and list(st.events.columns) == tables.EVENT_COLUMNS


def test_rebuild_replaces_the_store_and_changes_its_version(tmp_path):
    out = tmp_path / "store"
    store.write(out, frames(2, "a"))
    token = store.version_of(out)
    store.write(out, frames(4, "b"))
    assert_whole(store.read(out), "b", 4)
    assert store.version_of(out) != token


@pytest.mark.parametrize("rows_per_part", [store.ROWS_PER_PART, 1], ids=["one-file", "in-parts"])
def test_a_write_that_fails_after_one_table_leaves_the_last_store_whole(tmp_path, monkeypatch, rows_per_part):
    out = tmp_path / "store"
    store.write(out, frames(2, "good"), rows_per_part=rows_per_part)
    calls = []
    real = pd.DataFrame.to_parquet

    def fail_on_second_table(self, path, *args, **kwargs):
        calls.append(path)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return real(self, path, *args, **kwargs)

    monkeypatch.setattr(pd.DataFrame, "to_parquet", fail_on_second_table)
    with pytest.raises(StoreError, match="cannot write the store at .*No space left on device.*previous store"):
        store.write(out, frames(5, "bad"), rows_per_part=rows_per_part)
    monkeypatch.undo()
    assert_whole(store.read(out), "good", 2)
    assert not list(store.versions_dir(out).glob("*.partial"))


KILLED_WRITER = textwrap.dedent("""
    import os, sys, time
    import pandas as pd
    from events.output import store
    from tests.output.test_store import frames
    out, rows_per_part = sys.argv[1], int(sys.argv[3])
    store.write(out, frames(2, "good"), rows_per_part=rows_per_part)
    real = pd.DataFrame.to_parquet
    def slow(self, path, *a, **k):
        real(self, path, *a, **k)
        open(sys.argv[2], "w").close()  # one table is on disk: tell the test, then hang
        time.sleep(600)
    pd.DataFrame.to_parquet = slow
    store.write(out, frames(50, "half"), rows_per_part=rows_per_part)
""")


@pytest.mark.parametrize("rows_per_part", [store.ROWS_PER_PART, 7], ids=["one-file", "in-parts"])
@pytest.mark.slow
def test_a_build_killed_mid_write_leaves_the_last_store_whole(tmp_path, rows_per_part):
    out, ready = tmp_path / "store", tmp_path / "one-table-written"
    script = tmp_path / "writer.py"
    script.write_text(KILLED_WRITER.format(root=str(ROOT)), encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, str(script), str(out), str(ready), str(rows_per_part)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        while not ready.exists():
            assert proc.poll() is None, "the writer ended before it was killed"
            threading.Event().wait(0.05)
        assert list(store.versions_dir(out).glob("*.partial/documents.parquet"))  # really mid-write
        if rows_per_part == 7:  # killed between two parts of the first table
            assert [p.name for p in store.versions_dir(out).glob("*.partial/documents.parquet/*")] == [
                "part-00000.parquet"
            ]
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == -signal.SIGKILL
    assert_whole(store.read(out), "good", 2)
    # The next build clears the half-written version away and replaces the store.
    store.write(out, frames(3, "next"), rows_per_part=rows_per_part)
    assert_whole(store.read(out), "next", 3)
    assert not list(store.versions_dir(out).glob("*.partial"))


def test_the_previous_version_is_kept_for_a_reader_still_reading_it(tmp_path):
    out = tmp_path / "store"
    first = store.write(out, frames(1, "a"))
    second = store.write(out, frames(1, "b"))
    assert first.exists() and second.exists()  # a reader that resolved the link before the swap can finish
    third = store.write(out, frames(1, "c"))
    assert not first.exists() and second.exists() and third.exists()
    assert sorted(p.name for p in store.versions_dir(out).iterdir()) == sorted([second.name, third.name])


def test_read_starts_again_when_its_version_is_removed_mid_read(tmp_path, monkeypatch):
    out = tmp_path / "store"
    store.write(out, frames(1, "old"))
    real = store._read_version
    calls = []

    def racing(st, version):
        calls.append(version)
        if len(calls) == 1:  # two builds finish while this reader is between two tables
            store.write(out, frames(2, "new"))
            store.write(out, frames(3, "newer"))
            raise FileNotFoundError(version / "mentions.parquet")
        return real(st, version)

    monkeypatch.setattr(store, "_read_version", racing)
    assert_whole(store.read(out), "newer", 3)


@pytest.mark.slow
def test_readers_always_see_a_whole_store_while_builds_run(tmp_path):
    out = tmp_path / "store"
    store.write(out, frames(1, "b0"))
    stop = threading.Event()
    errors = []

    def build():
        try:
            for i in range(1, 15):
                store.write(out, frames(1 + i % 5, f"b{i}"))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            stop.set()

    writer = threading.Thread(target=build)
    writer.start()
    reads = 0
    while not stop.is_set() or reads == 0:
        st = store.read(out)
        n = st.meta["tables"]["events"]
        tag = st.events["event_id"].iloc[0].split("-")[0]
        assert_whole(st, tag, n)
        reads += 1
    writer.join()
    assert not errors


def test_two_builds_at_once_take_turns(tmp_path):
    out = tmp_path / "store"
    errors = []

    def build(tag):
        try:
            for _ in range(5):
                store.write(out, frames(2, tag))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=build, args=(t,)) for t in ("x", "y")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    st = store.read(out)
    assert_whole(st, st.documents["doc_id"].iloc[0][0], 2)
    assert len(list(store.versions_dir(out).iterdir())) <= 2


def test_stale_partial_from_a_killed_build_is_removed(tmp_path):
    out = tmp_path / "store"
    store.write(out, frames(1, "a"))
    stale = store.versions_dir(out) / "deadbeef0000.partial"
    stale.mkdir()
    (stale / "documents.parquet").write_bytes(b"PAR1 half")
    stale_link = tmp_path / ".store.link-0badc0de"
    os.symlink(stale, stale_link)
    store.write(out, frames(1, "b"))
    assert not stale.exists() and not stale_link.is_symlink()


# -------------------------------------------------------------------------------------------- refusals


def test_refuses_to_replace_a_folder_that_is_not_a_store(tmp_path):
    out = tmp_path / "mydocs"
    out.mkdir()
    (out / "thesis.docx").write_bytes(b"precious")
    with pytest.raises(StoreError, match="exists and is not an event store.*refusing to replace it"):
        store.write(out, frames(1))
    assert (out / "thesis.docx").read_bytes() == b"precious"
    assert not out.is_symlink()


def test_refuses_to_replace_a_file(tmp_path):
    out = tmp_path / "store"
    out.write_text("a file")
    with pytest.raises(StoreError, match="is a file, not an event store"):
        store.write(out, frames(1))
    assert out.read_text() == "a file"


def test_refuses_a_link_to_a_folder_that_is_not_a_store(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    (home / "notes.txt").write_text("mine")
    os.symlink(home, tmp_path / "store")
    with pytest.raises(StoreError, match="is a link to .* which is not an event store"):
        store.write(tmp_path / "store", frames(1))


def test_an_empty_folder_becomes_a_store(tmp_path):
    out = tmp_path / "store"
    out.mkdir()
    store.write(out, frames(1, "a"))
    assert out.is_symlink()
    assert_whole(store.read(out), "a", 1)


def test_an_old_style_store_folder_is_replaced(tmp_path):
    out = tmp_path / "store"
    out.mkdir()
    for name, df in frames(1, "old").items():
        df.to_parquet(out / f"{name}.parquet")
    (out / "store.json").write_text(json.dumps({"tables": {"documents": 1, "mentions": 1, "events": 1}}))
    assert_whole(store.read(out), "old", 1)
    store.write(out, frames(2, "new"))
    assert out.is_symlink()
    assert_whole(store.read(out), "new", 2)


def test_write_needs_all_three_tables(tmp_path):
    with pytest.raises(ValueError, match=r"needs the tables \['documents', 'mentions', 'events'\]; missing"):
        store.write(tmp_path / "store", {"documents": pd.DataFrame()})


# ----------------------------------------------------------------------------------------- bad stores


def test_read_missing_store_says_how_to_build_one(tmp_path):
    with pytest.raises(StoreError, match="No store at .*python -m events build"):
        store.read(tmp_path / "nothing")


def test_read_a_folder_that_is_not_a_store(tmp_path):
    with pytest.raises(StoreError, match="is not an event store"):
        store.read(tmp_path)


@pytest.mark.parametrize(
    "damage, message",
    [
        (lambda v: (v / "events.parquet").write_bytes(b"not parquet at all"), "events.parquet cannot be read"),
        (lambda v: (v / "mentions.parquet").unlink(), "incomplete: mentions.parquet is missing"),
        (lambda v: (v / "store.json").write_text("{half"), "store.json is damaged"),
    ],
)
def test_read_a_damaged_store_raises_store_error(tmp_path, damage, message):
    version = store.write(tmp_path / "store", frames(1))
    damage(version)
    with pytest.raises(StoreError, match=message):
        store.read(tmp_path / "store")


def test_a_folder_we_may_not_write_is_a_store_error(tmp_path, monkeypatch):
    def refuse(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "mkdir", refuse)
    with pytest.raises(StoreError, match="cannot create the store at .*Permission denied"):
        store.write(tmp_path / "store", frames(1))


def test_read_starts_again_when_its_version_vanishes_before_the_first_table(tmp_path, monkeypatch):
    out = tmp_path / "store"
    first = store.write(out, frames(1, "old"))
    real = store._read_version
    calls = []

    def racing(st, version):
        calls.append(version)
        if len(calls) == 1:  # resolved the link, then two builds removed that version before we looked in
            store.write(out, frames(2, "new"))
            store.write(out, frames(3, "newer"))
            assert not first.exists()
        return real(st, version)

    monkeypatch.setattr(store, "_read_version", racing)
    assert_whole(store.read(out), "newer", 3)


# ------------------------------------------------------------------------------------ tables in parts


@pytest.fixture(scope="module")
def seed_tables(seeds_store):
    """The tables of the store built from seeds/ (written as single files: they are small)."""
    st = store.read(seeds_store)
    assert all((st.path / f"{t}.parquet").is_file() for t in store.TABLES)
    return {"documents": st.documents, "mentions": st.mentions, "events": st.events}


@pytest.mark.parametrize("rows_per_part", [1, 4, 10])
@pytest.mark.slow
def test_a_big_table_is_written_in_parts_a_small_one_as_one_file(seed_tables, seeds_store, tmp_path, rows_per_part):
    version = store.write(tmp_path / "store", seed_tables, rows_per_part=rows_per_part)
    meta = json.loads((version / store.META).read_text())
    for name, df in seed_tables.items():
        path, n = version / f"{name}.parquet", len(df)
        if n <= rows_per_part:  # the seeds' 5 documents with 10 rows a part
            assert path.is_file() and meta["parts"][name] == 1
            continue
        parts = sorted(path.iterdir())
        count = -(-n // rows_per_part)
        assert [p.name for p in parts] == [f"part-{i:05d}.parquet" for i in range(count)]
        assert meta["parts"][name] == count and store.table_files(path) == parts
        assert [pq.read_metadata(p).num_rows for p in parts] == [rows_per_part] * (count - 1) + [
            n - rows_per_part * (count - 1)
        ]
        whole = pq.read_schema(seeds_store.resolve() / f"{name}.parquet")
        for p in parts:  # one schema in every part, the single file's
            assert pq.read_schema(p).equals(whole), p.name
        assert (version / f"{name}.csv").read_bytes() == (seeds_store / f"{name}.csv").read_bytes()  # one CSV
    assert sum(meta["parts"].values()) > 3


def test_a_part_whose_lists_are_all_empty_keeps_the_list_type(seed_tables, tmp_path):
    """Arrow types a column of empty lists alone as list<null>; a part must not (it would not read with the rest)."""
    events = seed_tables["events"].copy()
    events["actors"] = [list(v) if i % 3 else [] for i, v in enumerate(events["actors"])]  # some name no actor
    version = store.write(tmp_path / "store", {**seed_tables, "events": events}, rows_per_part=1)
    no_actors = [i for i, v in enumerate(events["actors"]) if not len(v)]
    assert no_actors and len(no_actors) < len(events)
    for i in (no_actors[0], no_actors[-1]):
        part = version / "events.parquet" / f"part-{i:05d}.parquet"
        assert str(pq.read_schema(part).field("actors").type) == "list<element: string>"


@pytest.mark.parametrize("rows_per_part", [1, 4, 10])
@pytest.mark.slow
def test_a_store_in_parts_reads_exactly_as_the_single_file_store(seed_tables, seeds_store, tmp_path, rows_per_part):
    out = tmp_path / "store"
    store.write(out, seed_tables, rows_per_part=rows_per_part)
    single, parted = store.read(seeds_store), store.read(out)
    for name in store.TABLES:
        pd.testing.assert_frame_equal(getattr(parted, name), getattr(single, name))  # rows, order, dtypes
    a, b = access.load(seeds_store), access.load(out)
    assert b.table.num_rows == a.table.num_rows and b.table.column_names == a.table.column_names
    pd.testing.assert_frame_equal(access.rows(b), access.rows(a))
    assert np.array_equal(b.start, a.start) and np.array_equal(b.end, a.end)
    for name in filters.CODED:
        assert [b.labels[name][c] for c in b.codes[name]] == [a.labels[name][c] for c in a.codes[name]]
    ids = single.events["event_id"].tolist()
    pd.testing.assert_frame_equal(access.mentions_for(out, ids), access.mentions_for(seeds_store, ids))
    assert len(access.mentions_for(out, ids)) == len(single.mentions)


def test_pandas_pyarrow_and_duckdb_read_a_table_in_parts_as_one(seed_tables, tmp_path):
    """The ways the README gives to read a store from outside."""
    import duckdb

    real = store.write(tmp_path / "store", seed_tables, rows_per_part=10)
    ids = seed_tables["mentions"]["mention_id"].tolist()
    assert pd.read_parquet(real / "mentions.parquet")["mention_id"].tolist() == ids
    assert pq.read_table(real / "mentions.parquet").column("mention_id").to_pylist() == ids
    got = duckdb.sql(f"SELECT mention_id FROM read_parquet('{real}/mentions.parquet/*.parquet')").fetchall()
    assert [r[0] for r in got] == ids


def damage_part(name: str, part: int):
    def damage(version):
        (version / f"{name}.parquet" / f"part-{part:05d}.parquet").write_bytes(b"PAR1 not parquet at all")

    return damage


def remove_part(name: str, part: int):
    def damage(version):
        (version / f"{name}.parquet" / f"part-{part:05d}.parquet").unlink()

    return damage


def remove_last_part(name: str):
    def damage(version):
        sorted((version / f"{name}.parquet").iterdir())[-1].unlink()

    return damage


@pytest.mark.parametrize(
    "damage, message",
    [
        (damage_part("events", 2), r"events\.parquet/part-00002\.parquet cannot be read \("),
        (damage_part("mentions", 0), r"mentions\.parquet/part-00000\.parquet cannot be read \("),
        (remove_part("events", 1), r"incomplete: events\.parquet/part-00001\.parquet is missing"),
        (remove_last_part("events"), r"incomplete: events\.parquet has \d+0 rows where store\.json says \d+"),
        (
            lambda v: [p.unlink() for p in (v / "events.parquet").iterdir()],
            r"events\.parquet is a folder with no parts",
        ),
    ],
    ids=["damaged-part", "damaged-first-part", "missing-part", "missing-last-part", "no-parts"],
)
def test_a_damaged_table_in_parts_names_the_part(seed_tables, tmp_path, damage, message):
    version = store.write(tmp_path / "store", seed_tables, rows_per_part=10)  # the seeds' events in parts of 10
    damage(version)
    with pytest.raises(StoreError, match=message):
        store.read(tmp_path / "store")


@pytest.mark.parametrize("bad", [0, -5, 2.5, True, "10"])
def test_rows_per_part_must_be_a_whole_number_of_rows(tmp_path, bad):
    with pytest.raises(ValueError, match=rf"rows_per_part must be a whole number of rows, 1 or more, not {bad!r}"):
        store.write(tmp_path / "store", frames(1), rows_per_part=bad)
    assert not (tmp_path / "store").exists()


# ---- valid Parquet, wrong schema --------------------------------------------------------------------------


def _rewrite(version: Path, name: str, change) -> None:
    """Replace a table of a written version by a changed copy (valid Parquet, as another tool would write it)."""
    path = version / f"{name}.parquet"
    df = change(pd.read_parquet(path))
    path.unlink()
    df.to_parquet(path, index=False)


WRONG_SCHEMAS = [
    pytest.param(
        "events", lambda df: df.drop(columns=["title"]), r"events\.parquet has no column 'title'", id="a column missing"
    ),
    pytest.param(
        "events",
        lambda df: df.assign(actors=df["actors"].map("; ".join)),
        r"events\.parquet column 'actors' holds text, expected a list of text",
        id="a list written as text",
    ),
    pytest.param(
        "mentions",
        lambda df: df.assign(
            date_start=df["date_start"].map(lambda d: int(d.strftime("%Y%m%d")) if d else 0).astype("int64")
        ),
        r"mentions\.parquet column 'date_start' holds whole numbers \(int64\), expected dates \(date32, or YYYY-MM-DD",
        id="an integer date",
    ),
    pytest.param(
        "documents",
        lambda df: df.assign(n_chars=df["n_chars"].astype(str)),
        r"documents\.parquet column 'n_chars' holds text, expected whole numbers",
        id="a count as text",
    ),
]


def wrong_store(seed_tables, tmp_path, name, change) -> Path:
    out = tmp_path / "store"
    _rewrite(store.write(out, seed_tables), name, change)
    return out


@pytest.mark.parametrize("name, change, message", WRONG_SCHEMAS)
def test_read_names_the_table_and_column_of_a_wrong_schema(seed_tables, tmp_path, name, change, message):
    out = wrong_store(seed_tables, tmp_path, name, change)
    with pytest.raises(StoreError, match=message + r".*rebuild the store"):
        store.read(out)


@pytest.mark.parametrize("name, change, message", WRONG_SCHEMAS)
def test_export_of_a_wrong_schema_says_what_is_wrong(seed_tables, tmp_path, capsys, name, change, message):
    from events import cli

    out = wrong_store(seed_tables, tmp_path, name, change)
    assert cli.main(["export", "--store", str(out), "--format", "csv", "--out", str(tmp_path / "x.csv")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and re.search(message, err) and "Traceback" not in err
    assert not (tmp_path / "x.csv").exists()


def test_schema_problems_of_the_tables_the_build_writes_are_none(seed_tables):
    from events.output import tables

    for name, df in {
        **seed_tables,
        "documents": tables.documents_frame([]),
        "mentions": tables.mentions_frame([]),
        "events": tables.events_frame([]),
    }.items():
        assert store.schema_problems(name, store._schema(df)) == [], name


def test_a_first_write_on_a_full_disk_claims_no_previous_store(tmp_path, monkeypatch):
    def full(self, path, *args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pd.DataFrame, "to_parquet", full)
    with pytest.raises(StoreError) as raised:
        store.write(tmp_path / "store", frames(2, "first"))
    message = str(raised.value)
    assert "No space left on device" in message and "no store was written (there was none before)" in message
    assert "previous store" not in message
    assert not (tmp_path / "store").exists()
