"""events.engine: the per-document stage on a local Dask cluster gives what the local engine gives."""

from __future__ import annotations

import dataclasses
import shutil

import distributed
import pandas as pd
import pytest

from events import clean, engine, ingest, pipeline
from tests.conftest import SEEDS


@pytest.fixture(scope="module")
def cluster():
    """Two single-threaded worker processes on loopback, no web dashboard; closed after the module."""
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1, host="127.0.0.1",
                                  dashboard_address=None) as c:
        yield c


@pytest.fixture(scope="module")
def seed_docs():
    """The seed articles, cleaned, with their manifest dates."""
    return [clean.clean(d)[0] for d in ingest.read_folder(SEEDS) if not isinstance(d, ingest.Skipped)]


def test_dask_mentions_equal_local_mentions(cluster, seed_docs):
    local = [pipeline._guarded(d) for d in seed_docs]
    on_dask = list(engine.run_dask(seed_docs, cluster.scheduler_address, partitions=3))
    assert [d for d, _ in on_dask] == [d.doc_id for d in seed_docs]  # input order
    assert on_dask == local
    assert sum(len(m) for _, m in on_dask) > 0


def test_streams_a_generator_in_small_batches(cluster, seed_docs):
    out = list(engine.run_dask((d for d in seed_docs), cluster.scheduler_address, batch=1))
    assert [d for d, _ in out] == [d.doc_id for d in seed_docs]


def test_a_failing_document_is_a_reason_not_a_crash(cluster, seed_docs):
    bad = dataclasses.replace(seed_docs[0], doc_id="bad", text=None)  # sentences.split cannot read it
    out = dict(engine.run_dask([bad, seed_docs[1]], cluster.scheduler_address, batch=2))
    assert isinstance(out["bad"], str) and out["bad"].startswith("failed while extracting events")
    assert isinstance(out[seed_docs[1].doc_id], list)


@pytest.mark.parametrize("batch", [0, -3])
def test_bad_batch_size_is_refused(batch):
    with pytest.raises(ValueError, match="batch must be 1 or more"):
        list(engine.run_dask([], "tcp://127.0.0.1:1", batch=batch))


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


def test_write_partitioned_reads_back_as_one_table(tmp_path, seed_docs):
    per_doc = [pipeline._guarded(d)[1] for d in seed_docs]
    parts = engine.write_partitioned(per_doc, tmp_path / "mentions", rows_per_part=3)
    assert len(parts) > 1
    back = pd.read_parquet(tmp_path / "mentions")
    ids = [m.mention_id for ms in per_doc for m in ms]
    assert sorted(back["mention_id"]) == sorted(ids)


def test_write_partitioned_with_no_mentions_writes_an_empty_part(tmp_path):
    parts = engine.write_partitioned([], tmp_path / "m")
    assert len(parts) == 1 and pd.read_parquet(parts[0]).empty
