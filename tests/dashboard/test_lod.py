"""dashboard.lod details not covered by the level-of-detail tests in test_undated_and_scale.py."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pytest

from dashboard import lod


def parts_table() -> pa.Table:
    """A table in several record batches of uneven sizes, as a store read in row groups is."""
    rng = np.random.default_rng(7)
    batches = []
    start = 0
    for size in (5, 1, 17, 0, 9):
        rows = np.arange(start, start + size)
        batches.append(pa.record_batch({
            "event_id": pa.array([f"ev-{i}" for i in rows], pa.large_string()),
            "category": pa.array([["strike", "talks", "visit"][i % 3] for i in rows], pa.string()).dictionary_encode(),
            "actors": pa.array([[f"a{i}"] * int(rng.integers(0, 3)) for i in rows], pa.list_(pa.string())),
            "n": pa.array(rows, pa.int64()),
        }))
        start += size
    return pa.Table.from_batches(batches)


@pytest.mark.parametrize("idx", [
    [], [0], [31], [30, 0, 5, 6], [4, 5, 6, 22, 23], list(range(32)), list(range(31, -1, -1)), [7, 7, 3, 7],
])
def test_take_is_arrows_take_batch_by_batch(idx):
    table = parts_table()
    assert table.num_rows == 32 and len(table.to_batches()) > 2
    got = lod.take(table, np.array(idx, np.int64))
    assert got.schema == table.schema
    assert got.to_pylist() == table.take(pa.array(idx, pa.int64())).to_pylist()  # dictionaries may differ, not values
    assert got.column("n").to_pylist() == idx  # in the order asked for, repeats kept
