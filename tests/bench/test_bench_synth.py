"""bench.synth: a synthetic store in the contract's columns, with the shapes the benchmarks rely on."""

from __future__ import annotations

import numpy as np

from bench import synth
from events.output import store, tables


def test_tables_have_the_contract_columns_and_types():
    f = synth.generate(3000, seed=1)
    assert list(f["events"].columns) == tables.EVENT_COLUMNS
    assert list(f["mentions"].columns) == tables.MENTION_COLUMNS
    assert list(f["documents"].columns) == tables.DOCUMENT_COLUMNS
    ev = f["events"]
    assert ev["event_id"].is_unique and f["mentions"]["mention_id"].is_unique
    for table in f.values():
        assert all(isinstance(v, list) for col in tables.LIST_COLUMNS & set(table) for v in table[col].head(50))
    assert (ev["source_count"] == ev["sources"].map(len)).all()
    assert set(ev["mention_ids"].map(len)) == {1}
    assert set(f["mentions"]["event_id"]) == set(ev["event_id"])
    assert set(f["mentions"]["doc_id"]) <= set(f["documents"]["doc_id"])


def test_shapes_dates_precisions_undated():
    ev = synth.generate(20000, seed=2)["events"]
    dated = ev["date_start"] != ""
    assert 0.04 < (~dated).mean() < 0.06
    assert 0.66 < (ev["precision"] == "day").mean() < 0.74
    assert (ev.loc[dated, "date_end"] >= ev.loc[dated, "date_start"]).all()
    assert (ev.loc[~dated, ["date_end", "precision"]] == "").all().all()
    assert set(ev["basis"][~dated]) == {"undated"}
    month = ev[ev["precision"] == "month"].head(20)
    assert (month["date_start"].str.endswith("-01")).all()
    assert ev["source_count"].median() == 1 and ev["source_count"].max() > 5
    assert 0.05 < ev["is_span"].mean() < 0.1


def test_same_seed_same_store():
    a, b = synth.generate(500, seed=4)["events"], synth.generate(500, seed=4)["events"]
    assert a.equals(b)


def test_written_with_the_store_writer_and_read_back(tmp_path):
    assert synth.main([str(tmp_path / "s"), "--events", "400"]) == 0
    st = store.read(tmp_path / "s")
    assert len(st.events) == 400 and (tmp_path / "s" / "events.csv").exists()
    assert synth.main([str(tmp_path / "p"), "--events", "300", "--no-csv"]) == 0
    st = store.read(tmp_path / "p")
    assert len(st.events) == 300 and not (tmp_path / "p" / "events.csv").exists()
    assert np.array_equal(st.events["source_count"].to_numpy(), st.events["sources"].map(len).to_numpy())
