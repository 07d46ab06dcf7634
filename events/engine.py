"""The per-document stage on a Dask cluster: the pipeline's own per-document functions, run by workers.

    results = run_dask(pipeline.process_guarded, docs, "tcp://10.0.0.5:8786")   # or None: this machine's cores
    for doc_id, outcome in results: ...                # outcome: list[Mention], or a failure reason

    mapper, close = dask_mapper("tcp://10.0.0.5:8786")  # for pipeline.run(..., mapper=mapper)

Documents are sent in batches (one task per batch, so a task is worth its overhead); at most
a few batches per worker are in flight, so an input of any length streams through in bounded
memory, and results come back in input order, as ``pipeline.local_mapper`` gives them. A batch
lost with its worker (a crash, a killed process) comes back as one failure reason per document.

Workers only extract: mentions get their event ids when they are merged, which needs every
mention, so the client merges and writes the store (``events.output.store.write``), a big table as a
folder of Parquet parts of ``Settings.rows_per_part`` rows, exactly as a local build writes it.

Workers import ``events`` themselves: start them from a checkout of this repository with its
virtual environment (``cd REPO && PYTHONPATH=. .venv/bin/dask worker tcp://SCHEDULER:8786``).
"""

from __future__ import annotations

import logging
import math
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import islice

from events.records import Document, Mention

log = logging.getLogger(__name__)

BATCH = 32  # documents per task when the input's length is not known


def run_batch(fn: Callable, items: list) -> list:
    """What a worker runs: ``fn`` over a batch of items."""
    return [fn(x) for x in items]


def run_dask(
    fn: Callable[[Document], tuple[str, list[Mention] | str]],
    docs: Iterable[Document],
    scheduler: str | None = None,
    partitions: int | None = None,
    *,
    batch: int | None = None,
) -> Iterator[tuple[str, list[Mention] | str]]:
    """(doc_id, mentions or failure reason) for every document, in input order, computed on Dask by ``fn``
    (``pipeline.process_guarded``: the engine imports nothing of the pipeline, which imports it).

    ``scheduler`` is the address of a running scheduler (``tcp://host:8786``); None starts a local
    cluster of one single-threaded worker process per core for the duration of the run.
    ``partitions``: split a sized input into about this many tasks; otherwise ``batch`` documents
    per task (default 32).
    """
    if batch is None and partitions and isinstance(docs, Sequence) and len(docs):
        batch = max(1, math.ceil(len(docs) / partitions))
    mapper, close = dask_mapper(scheduler, batch=BATCH if batch is None else batch)
    try:
        yield from mapper(fn, docs)
    finally:
        close()


def dask_mapper(scheduler: str | None = None, *, batch: int = BATCH) -> tuple[Callable, Callable[[], None]]:
    """An ordered, streaming ``map(fn, items)`` on Dask, and a function that closes it.

    The shape of ``events.pipeline.local_mapper``: ``fn`` must be importable by the workers (a
    module-level function) and must not raise (``pipeline.first_pass`` and ``process_guarded`` turn
    failures into reasons). A batch lost with its worker raises ``EngineError``, unless
    ``run_dask`` is used, which turns it into one reason per document.
    """
    if not isinstance(batch, int) or batch < 1:
        raise ValueError(f"batch must be 1 or more, not {batch!r}")
    client, cluster = _connect(scheduler)

    def mapper(fn: Callable, items: Iterable) -> Iterator:
        workers = client.scheduler_info().get("workers", {})
        limit = 2 * max(1, sum(w.get("nthreads", 1) for w in workers.values())) + 1
        pending: deque = deque()
        try:
            for chunk in _chunks(items, batch):
                pending.append((chunk, client.submit(run_batch, fn, chunk, pure=False)))
                while len(pending) >= limit:
                    yield from _collect(fn, *pending.popleft())
            while pending:
                yield from _collect(fn, *pending.popleft())
        finally:
            for _, fut in pending:
                fut.cancel()

    def close() -> None:
        client.close()
        if cluster is not None:
            cluster.close()

    return mapper, close


class EngineError(RuntimeError):
    """A batch of work was lost on the cluster (its worker died, or the task could not run)."""


def _connect(scheduler: str | None):
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise EngineError("the dask engine needs dask and distributed: pip install 'event-timeline[dask]'") from exc

    if scheduler:
        return Client(scheduler, set_as_default=False), None
    cluster = LocalCluster(
        n_workers=os.cpu_count() or 1, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    )
    return Client(cluster, set_as_default=False), cluster


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def _collect(fn: Callable, chunk: list, fut) -> list:
    try:
        return fut.result()
    except Exception as exc:
        log.debug(f"{getattr(fn, '__name__', fn)}: a chunk of {len(chunk)} failed on the Dask cluster", exc_info=True)
        reason = f"failed on the Dask cluster ({type(exc).__name__}: {exc})"
        if getattr(fn, "__name__", "") == "process_guarded":  # run_dask: each document says so
            return [(d.doc_id, reason) for d in chunk]
        raise EngineError(f"{reason}; {len(chunk)} item(s) lost") from exc
