"""events.engine: the per-document stage on a local Dask cluster gives what the local engine gives."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import sys

import distributed
import numpy as np
import pandas as pd
import pytest

from dashboard import access
from events import engine, pipeline
from events.output import filters, store, tables
from events.output.filters import Filters
from events.reading import clean, ingest
from tests.conftest import ROOT, SEEDS

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def cluster():
    """Two single-threaded worker processes on loopback, no web dashboard; closed after the module."""
    with distributed.LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, host="127.0.0.1", dashboard_address=None
    ) as c:
        yield c


@pytest.fixture(scope="module")
def seed_docs():
    """The seed articles, cleaned, with their manifest dates."""
    return [clean.clean(d)[0] for d in ingest.read_folder(SEEDS) if not isinstance(d, ingest.Skipped)]


def test_dask_mentions_equal_local_mentions(cluster, seed_docs):
    local = [pipeline.process_guarded(d) for d in seed_docs]
    on_dask = list(engine.run_dask(pipeline.process_guarded, seed_docs, cluster.scheduler_address, partitions=3))
    assert [d for d, _ in on_dask] == [d.doc_id for d in seed_docs]  # input order
    assert on_dask == local
    assert sum(len(m) for _, m in on_dask) > 0


def test_streams_a_generator_in_small_batches(cluster, seed_docs):
    out = list(engine.run_dask(pipeline.process_guarded, (d for d in seed_docs), cluster.scheduler_address, batch=1))
    assert [d for d, _ in out] == [d.doc_id for d in seed_docs]


def test_a_failing_document_is_a_reason_not_a_crash(cluster, seed_docs):
    bad = dataclasses.replace(seed_docs[0], doc_id="bad", text=None)  # sentences.split cannot read it
    out = dict(engine.run_dask(pipeline.process_guarded, [bad, seed_docs[1]], cluster.scheduler_address, batch=2))
    assert isinstance(out["bad"], str) and out["bad"].startswith("failed while extracting events")
    assert isinstance(out[seed_docs[1].doc_id], list)


@pytest.mark.parametrize("batch", [0, -3])
def test_bad_batch_size_is_refused(batch):
    with pytest.raises(ValueError, match="batch must be 1 or more"):
        list(engine.run_dask(pipeline.process_guarded, [], "tcp://127.0.0.1:1", batch=batch))


@pytest.mark.parametrize("manifest", [True, False], ids=["dates-given", "dates-inferred"])
def test_pipeline_run_on_dask_builds_what_the_local_run_builds(cluster, tmp_path, manifest):
    inp = SEEDS
    if not manifest:  # publication dates guessed from the collection: the second pass runs too
        inp = tmp_path / "in"
        inp.mkdir()
        for p in SEEDS.glob("*.txt"):
            shutil.copy(p, inp / p.name)
    mapper, close = engine.dask_mapper(cluster.scheduler_address, batch=2)
    try:
        on_dask = pipeline.run(inp, mapper=mapper)
    finally:
        close()
    local = pipeline.run(inp)
    assert on_dask.mentions == local.mentions and on_dask.events == local.events
    assert [d.doc_id for d in on_dask.documents] == [d.doc_id for d in local.documents]


def test_mentions_from_dask_written_in_parts_read_back_as_one_table(cluster, seed_docs, tmp_path):
    """What a Dask run extracts, written as a table in parts (store.write_table), reads back whole and in order."""
    per_doc = [m for _, m in engine.run_dask(pipeline.process_guarded, seed_docs, cluster.scheduler_address, batch=2)]
    frame = tables.mentions_frame([m for ms in per_doc for m in ms])
    parts = store.write_table(frame, tmp_path / "mentions.parquet", rows_per_part=3)
    assert len(parts) == -(-len(frame) // 3) > 1
    pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "mentions.parquet"), frame)
    empty = store.write_table(tables.mentions_frame([]), tmp_path / "none.parquet", rows_per_part=3)
    assert empty == [tmp_path / "none.parquet"] and list(pd.read_parquet(empty[0]).columns) == tables.MENTION_COLUMNS


def test_cli_build_on_dask_writes_parts_the_dashboard_reads_as_a_local_store(cluster, seeds_store, tmp_path):
    """python -m events build --engine dask --scheduler ADDRESS --rows-per-part 7: the store a local build
    writes (here as single files), in parts, read the same way by store.read, access.load and access.mentions_for."""
    out = tmp_path / "store"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "events",
            "build",
            str(SEEDS),
            "--out",
            str(out),
            "--quiet",
            "--engine",
            "dask",
            "--scheduler",
            cluster.scheduler_address,
            "--rows-per-part",
            "7",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    local, on_dask = store.read(seeds_store), store.read(out)
    for name in store.TABLES:
        n = len(getattr(local, name))
        path = on_dask.path / f"{name}.parquet"
        assert path.is_dir() == (n > 7) and len(store.table_files(path)) == -(-n // 7), name
        pd.testing.assert_frame_equal(getattr(on_dask, name), getattr(local, name))
    assert on_dask.meta["parts"]["events"] > 1 and on_dask.meta["parts"]["mentions"] > 1
    a, b = access.load(seeds_store), access.load(out)
    pd.testing.assert_frame_equal(access.rows(b), access.rows(a))
    assert np.array_equal(b.start, a.start) and np.array_equal(b.end, a.end)
    f = Filters(actors=("Russia",), include_undated=False)
    assert filters.mask(b, f).any() and np.array_equal(filters.mask(b, f), filters.mask(a, f))
    ids = local.events["event_id"].tolist()[::5]
    pd.testing.assert_frame_equal(access.mentions_for(out, ids), access.mentions_for(seeds_store, ids))
