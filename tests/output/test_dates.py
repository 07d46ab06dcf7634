"""Dates typed in the store: Arrow date32 in Parquet (pandas reads datetime.date, DuckDB reads DATE, with no
parsing), ISO text in CSV read back by one parser, and stores written before dates were typed read the same."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from dashboard import access, data, detail, hover
from events.output import dates, export, filters, store, tables
from events.records import Document, Event, Mention

DAY = dt.date(2025, 10, 31)
DOCS = [
    Document(doc_id="a", path="a.txt", text="x", published=dt.date(2025, 11, 3), published_basis="given"),
    Document(doc_id="b", path="b.txt", text="y"),  # no publication date
]
MENTIONS = [
    Mention(
        mention_id="m1",
        event_id="ev-day",
        doc_id="a",
        char_start=0,
        char_end=1,
        quote="x",
        date_text="on Oct. 31",
        date_start=DAY,
        date_end=DAY,
        precision="day",
        basis="explicit",
    ),
    Mention(mention_id="m2", event_id="ev-none", doc_id="b", char_start=0, char_end=1, quote="y", basis="undated"),
]
EVENTS = [
    Event(
        event_id="ev-day",
        date_start=DAY,
        date_end=DAY,
        precision="day",
        basis="explicit",
        is_span=False,
        title="Troops arrived",
        description="x",
        actors=("Russia",),
        category="deployment",
        status="reported",
        location="",
        sources=("a",),
        source_count=1,
        mention_ids=("m1",),
        date_text="on Oct. 31",
    ),
    Event(
        event_id="ev-month",
        date_start=dt.date(2025, 9, 1),
        date_end=dt.date(2025, 9, 30),
        precision="month",
        basis="explicit",
        is_span=False,
        title="Talks",
        description="z",
        actors=(),
        category="meeting",
        status="reported",
        location="",
        sources=("a",),
        source_count=1,
        mention_ids=(),
    ),
    Event(
        event_id="ev-none",
        date_start=None,
        date_end=None,
        precision="",
        basis="undated",
        is_span=False,
        title="Undated",
        description="y",
        actors=(),
        category="statement",
        status="reported",
        location="",
        sources=("b",),
        source_count=1,
        mention_ids=("m2",),
    ),
]
DATED = {"documents": ("published",), "mentions": ("date_start", "date_end"), "events": ("date_start", "date_end")}


def _frames() -> dict[str, pd.DataFrame]:
    return {
        "documents": tables.documents_frame(DOCS),
        "mentions": tables.mentions_frame(MENTIONS),
        "events": tables.events_frame(EVENTS),
    }


def _write(path: Path, **kw) -> Path:
    store.write(path, _frames(), {"input_dir": ""}, **kw)
    return path


def _as_before_typed_dates(path: Path) -> None:
    """Rewrite a store's tables as builds wrote them before dates were typed: ISO text, '' where unknown."""
    real = path.resolve()
    for name, cols in DATED.items():
        table = real / f"{name}.parquet"
        df = pd.read_parquet(table)
        df = df.assign(**{c: dates.as_text(df[c]) for c in cols})
        table.unlink()
        df.to_parquet(table, index=False)
        assert all(pq.read_schema(table).field(c).type == pa.string() for c in cols)


@pytest.mark.parametrize("rows_per_part", [1000, 1], ids=["one file", "a folder of parts"])
def test_pandas_reads_the_stores_dates_as_dates_without_parsing(tmp_path, rows_per_part):
    out = _write(tmp_path / "store", rows_per_part=rows_per_part)
    for name, cols in DATED.items():
        for c in cols:
            assert pq.read_table(out / f"{name}.parquet").schema.field(c).type == pa.date32()
    ev = pd.read_parquet(out / "events.parquet").set_index("event_id")
    assert ev.loc["ev-day", "date_start"] == DAY and type(ev.loc["ev-day", "date_start"]) is dt.date
    assert ev.loc["ev-month", "date_start"] == dt.date(2025, 9, 1) and ev.loc["ev-month", "date_end"] == dt.date(
        2025, 9, 30
    )
    assert ev.loc["ev-none", "date_start"] is None and ev.loc["ev-none", "date_end"] is None
    assert ev["precision"].tolist() == ["day", "month", ""]  # precision stays text beside the dates
    docs = pd.read_parquet(out / "documents.parquet").set_index("doc_id")
    assert docs.loc["a", "published"] == dt.date(2025, 11, 3) and docs.loc["b", "published"] is None
    ms = pd.read_parquet(out / "mentions.parquet").set_index("mention_id")
    assert ms.loc["m1", "date_end"] == DAY and ms.loc["m2", "date_start"] is None


def test_duckdb_reads_the_dates_as_dates(tmp_path):
    out = _write(tmp_path / "store")
    path = (out.resolve() / "events.parquet").as_posix()
    rows = duckdb.sql(
        f"SELECT event_id, typeof(date_start), date_end - date_start FROM read_parquet('{path}') ORDER BY event_id"
    ).fetchall()
    assert rows == [("ev-day", "DATE", 0), ("ev-month", "DATE", 29), ("ev-none", "DATE", None)]


def test_the_csv_holds_iso_text_and_reads_back_with_the_one_parser(tmp_path):
    out = _write(tmp_path / "store")
    with open(out / "events.csv", encoding="utf-8") as f:
        rows = {r["event_id"]: r for r in csv.DictReader(f)}
    assert (rows["ev-day"]["date_start"], rows["ev-day"]["date_end"]) == ("2025-10-31", "2025-10-31")
    assert (rows["ev-none"]["date_start"], rows["ev-none"]["date_end"]) == ("", "")
    with open(out / "documents.csv", encoding="utf-8") as f:
        assert [r["published"] for r in csv.DictReader(f)] == ["2025-11-03", ""]
    text = pd.read_csv(out / "events.csv", dtype=str, keep_default_na=False)
    parquet = pd.read_parquet(out / "events.parquet")
    assert dates.as_dates(text["date_start"]).tolist() == parquet["date_start"].tolist()
    assert dates.as_dates(text["date_end"]).tolist() == parquet["date_end"].tolist()


@pytest.mark.parametrize(
    "cell, expected",
    [
        (DAY, DAY),
        (dt.datetime(2025, 10, 31, 23, 59), DAY),
        (pd.Timestamp("2025-10-31"), DAY),
        (np.datetime64("2025-10-31"), DAY),
        ("2025-10-31", DAY),
        (" 2025-10-31T12:00:00", DAY),
        ("", None),
        (None, None),
        (float("nan"), None),
        (pd.NaT, None),
        (np.datetime64("NaT"), None),
        ("2025-13-01", None),
        ("Oct. 31", None),
        ("None", None),
    ],
)
def test_one_cell(cell, expected):
    assert dates.to_date(cell) == expected
    assert dates.to_text(cell) == (expected.isoformat() if expected else "")


def test_a_column_of_any_form_reads_the_same():
    want = [DAY, None, None, dt.date(2024, 2, 29)]
    for values in (
        pd.Series([DAY, None, None, dt.date(2024, 2, 29)]),
        pd.Series(["2025-10-31", "", None, "2024-02-29"]),
        pd.Series(["2025-10-31", "", "not a date", "2024-02-29"], dtype="str"),
        pd.Series([DAY, "", np.nan, "2024-02-29"]),  # a mix
        pd.to_datetime(pd.Series(["2025-10-31", None, None, "2024-02-29"])),
    ):
        assert dates.as_dates(values).tolist() == want
        assert dates.as_text(values).tolist() == ["2025-10-31", "", "", "2024-02-29"]
        assert dates.as_timestamps(values).dt.date.tolist()[0] == DAY and dates.as_timestamps(values).isna().sum() == 2
    with pytest.raises(TypeError, match="not dates"):
        dates.as_arrow(pa.array([1, 2]))


# ---- a store written before dates were typed -------------------------------------------------------------


def test_a_store_with_text_dates_reads_as_one_with_typed_dates(tmp_path):
    new, old = _write(tmp_path / "new"), _write(tmp_path / "old")
    _as_before_typed_dates(old)
    a, b = store.read(new), store.read(old)
    for name in DATED:
        pd.testing.assert_frame_equal(getattr(b, name), getattr(a, name))
    assert b.events.set_index("event_id").loc["ev-day", "date_start"] == DAY
    # the comparison a rebuild makes with the store it replaces
    for x, y in zip(
        store.read_columns(old, ["event_id", "date_start"], ["mention_id", "date_end"]), (a.events, a.mentions)
    ):
        assert x.iloc[:, 1].tolist() == y[x.columns[1]].tolist()


def test_the_page_and_the_exports_read_a_store_with_text_dates(tmp_path):
    new, old = _write(tmp_path / "new"), _write(tmp_path / "old")
    _as_before_typed_dates(old)
    for path in (new, old):
        p = access.load(path)
        assert p.start.tolist() == [filters.day_number(DAY), filters.day_number(dt.date(2025, 9, 1)), filters.NO_DAY]
        rows = access.rows(p)
        assert rows["date_start"].tolist() == [DAY, dt.date(2025, 9, 1), None]
        assert data.table(rows)["date"].tolist() == ["2025-09-01 – 2025-09-30 (month)", "2025-10-31", "undated"]
        assert "None" not in "".join(hover.hover_text(rows.assign(kind=["point", "interval", "undated"])))
        ms = access.mentions_for(path, ["ev-day", "ev-none"]).set_index("mention_id")
        assert ms.loc["m1", "date_start"] == DAY and ms.loc["m2", "date_start"] is None
        st = store.read(path)
        view = detail.event_view(st.events, ms.reset_index(), st.documents, "ev-day", None)
        assert view.date == '2025-10-31, "on Oct. 31"' and view.mentions[0].published == "2025-11-03"
        assert detail.event_view(st.events, ms.reset_index(), st.documents, "ev-none", None).date == "undated"
        shown = filters.apply(st.events, filters.Filters(date_from=dt.date(2025, 10, 1), include_undated=False))
        assert shown["event_id"].tolist() == ["ev-day"]
        tl = json.loads(export.render(st.events, "timelinejs"))
        assert [e["start_date"] for e in tl["events"]] == [
            {"year": 2025, "month": 10, "day": 31},
            {"year": 2025, "month": 9, "day": 1},
        ]
        as_json = json.loads(export.render(st.events, "json"))["events"]
        assert [(e["date_start"], e["date_end"]) for e in as_json] == [
            ("2025-10-31", "2025-10-31"),
            ("2025-09-01", "2025-09-30"),
            ("", ""),
        ]
        assert export.render(st.events, "csv") == export.render(store.read(new).events, "csv")


def test_a_table_of_dates_that_are_not_dates_is_named(tmp_path):
    out = _write(tmp_path / "store")
    real = out.resolve()
    df = pd.read_parquet(real / "events.parquet")
    (real / "events.parquet").unlink()
    df.assign(date_start=1.5).to_parquet(real / "events.parquet", index=False)
    with pytest.raises(store.StoreError, match=r"column 'date_start' holds double, expected dates"):
        store.read(out)
