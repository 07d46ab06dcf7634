"""events.output.tables: records -> contract tables, and CSV cells a spreadsheet cannot run."""

from __future__ import annotations

import csv
import datetime as dt
import io

import numpy as np
import pandas as pd
import pytest

from events.output import tables
from events.output.tables import for_csv, neutralize_formula
from events.records import Document, Event, Mention


@pytest.mark.parametrize(
    "cell, expected",
    [
        ('=HYPERLINK("http://evil.test","click")', '\'=HYPERLINK("http://evil.test","click")'),
        ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(1+1)*cmd|' /C calc'!A0", "'@SUM(1+1)*cmd|' /C calc'!A0"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("\n=1+1", "'\n=1+1"),
        ("  =1+1", "'  =1+1"),
        ("-5", "'-5"),  # text that looks like a number is still text in a text column
        ("Russia delivered missiles on Oct. 31.", "Russia delivered missiles on Oct. 31."),
        ("a = b", "a = b"),
        ("Nicolás Maduro", "Nicolás Maduro"),
        ("", ""),
        ("   ", "   "),
        (-5, -5),
        (3.5, 3.5),
        (None, None),
        (True, True),
    ],
)
def test_neutralize_formula(cell, expected):
    assert neutralize_formula(cell) == expected


def test_for_csv_guards_text_and_keeps_numbers_numbers():
    df = pd.DataFrame(
        {
            "title": ['=HYPERLINK("http://evil.test")', "Troops arrived", "-1 dead"],
            "actors": [["=cmd", "Russia"], ["Venezuela"], []],
            "sources": [np.array(["@a", "b"]), np.array(["c"]), np.array([], dtype=object)],
            "source_count": [-3, 2, 0],  # a negative number in a numeric column is a number, not a formula
            "score": [-0.5, 1.0, 2.0],
            "is_span": [True, False, False],
        }
    )
    out = for_csv(df)
    assert out["title"].tolist() == ['\'=HYPERLINK("http://evil.test")', "Troops arrived", "'-1 dead"]
    assert out["actors"].tolist() == ["'=cmd; Russia", "Venezuela", ""]
    assert out["sources"].tolist() == ["'@a; b", "c", ""]
    assert out["source_count"].tolist() == [-3, 2, 0] and out["source_count"].dtype == "int64"
    assert out["score"].tolist() == [-0.5, 1.0, 2.0]
    assert out["is_span"].tolist() == [True, False, False]
    assert df["title"].iloc[0].startswith("=")  # the input frame is left alone
    text = out.to_csv(index=False)
    assert ",-3,-0.5," in text  # written as numbers, not as text


def test_for_csv_on_an_empty_frame():
    df = pd.DataFrame({"title": pd.Series([], dtype=str), "actors": pd.Series([], dtype=object)})
    assert for_csv(df).empty


DOC = Document(
    doc_id="a",
    path="a.txt",
    text='=HYPERLINK("x") Troops arrived on Oct. 31, 2025.',
    published=dt.date(2025, 11, 3),
    published_basis="given",
    n_chars=48,
    sha256="0" * 64,
)
MENTION = Mention(
    mention_id="m1",
    doc_id="a",
    char_start=0,
    char_end=48,
    quote=DOC.text,
    date_text="Oct. 31, 2025",
    date_start=dt.date(2025, 10, 31),
    date_end=dt.date(2025, 10, 31),
    precision="day",
    basis="explicit",
    actors=("=evil", "Russia"),
    category="deployment",
    event_id="ev-1",
)
EVENT = Event(
    event_id="ev-1",
    date_start=dt.date(2025, 10, 31),
    date_end=dt.date(2025, 10, 31),
    precision="day",
    basis="explicit",
    is_span=False,
    title='=HYPERLINK("x") Troops arrived',
    description=DOC.text,
    actors=("=evil", "Russia"),
    category="deployment",
    status="reported",
    location="",
    sources=("a",),
    source_count=1,
    mention_ids=("m1",),
)


def test_frames_follow_the_contract_columns_and_types():
    docs = tables.documents_frame([DOC])
    mentions = tables.mentions_frame([MENTION])
    events = tables.events_frame(
        [EVENT, Event(**{**EVENT.__dict__, "event_id": "ev-2", "hidden": True})], {"a": "Reuters"}
    )
    assert list(docs.columns) == tables.DOCUMENT_COLUMNS
    assert list(mentions.columns) == tables.MENTION_COLUMNS
    assert list(events.columns) == tables.EVENT_COLUMNS
    assert docs.loc[0, "published"] == dt.date(2025, 11, 3)
    assert mentions.loc[0, "date_start"] == dt.date(2025, 10, 31) and mentions.loc[0, "char_end"] == 48
    assert events["event_id"].tolist() == ["ev-1"]  # hidden events stay out
    assert events.loc[0, "outlets"] == ["Reuters"] and events.loc[0, "actors"] == ["=evil", "Russia"]


@pytest.mark.parametrize("make", [tables.documents_frame, tables.mentions_frame, tables.events_frame])
def test_empty_frames_have_their_columns(make):
    df = make([])
    assert df.empty and len(df.columns) > 5


def test_no_formula_like_cell_in_any_csv_of_the_tables():
    frames = [tables.documents_frame([DOC]), tables.mentions_frame([MENTION]), tables.events_frame([EVENT])]
    for df in frames:
        text = for_csv(df).to_csv(index=False)
        for row in list(csv.reader(io.StringIO(text)))[1:]:
            for cell in row:
                assert not cell.lstrip(" ").startswith(("=", "+", "-", "@", "\t", "\r")), cell
