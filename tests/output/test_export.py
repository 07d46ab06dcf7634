"""events.output.export: CSV guarded against formulas, JSON always valid, TimelineJS escaped; safe file names."""

from __future__ import annotations

import csv
import io
import json
import math

import pandas as pd
import pytest

from events.output import export


def frame(**overrides):
    row = {
        "event_id": "ev-il76",
        "date_start": "2025-10-26",
        "date_end": "2025-10-26",
        "precision": "day",
        "basis": "explicit",
        "is_span": False,
        "title": "Russian Il-76 cargo aircraft lands in Caracas",
        "description": "A transport Il-76 touched down in Caracas on October 26, 2025.",
        "actors": ["Russia", "Venezuela"],
        "category": "delivery",
        "status": "reported",
        "location": "Caracas",
        "sources": ["004", "002"],
        "source_count": 2,
        "outlets": ["Factually", "Latin Times"],
    }
    rows = [dict(row, **o) for o in (overrides.get("rows") or [{}])]
    return pd.DataFrame(rows)


EVENTS = frame(
    rows=[
        {},
        {
            "event_id": "ev-ford",
            "date_start": "2025-11-03",
            "date_end": "2025-11-09",
            "precision": "week",
            "title": "USS Gerald R. Ford sails for the Caribbean",
            "category": "deployment",
        },
        {
            "event_id": "ev-anadyr",
            "date_start": "1962-01-01",
            "date_end": "1962-12-31",
            "precision": "year",
            "title": "Operation Anadyr",
            "category": "",
        },
        {
            "event_id": "ev-strikes",
            "date_start": "2025-09-01",
            "date_end": "2025-11-05",
            "precision": "month",
            "is_span": True,
            "title": "US strikes on boats since September",
            "category": "strike",
        },
        {
            "event_id": "ev-igla",
            "date_start": "",
            "date_end": "",
            "precision": "",
            "basis": "undated",
            "title": "Maduro says Venezuela has 5,000 Igla-S",
            "category": "statement",
        },
    ]
)


def test_csv_joins_lists_and_reads_back():
    rows = list(csv.DictReader(io.StringIO(export.render(EVENTS, "csv"))))
    assert rows[0]["actors"] == "Russia; Venezuela" and rows[0]["source_count"] == "2"
    assert [r["event_id"] for r in rows] == EVENTS["event_id"].tolist()


@pytest.mark.parametrize(
    "title, cell",
    [
        ('=HYPERLINK("http://evil.example","x")', '\'=HYPERLINK("http://evil.example","x")'),
        ("+1 555", "'+1 555"),
        ("-2 killed", "'-2 killed"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("Il-76 lands", "Il-76 lands"),
    ],
)
def test_csv_cells_cannot_be_formulas(title, cell):
    rows = list(csv.DictReader(io.StringIO(export.render(frame(rows=[{"title": title}]), "csv"))))
    assert rows[0]["title"] == cell


def test_json_is_valid_with_nan_and_arrays():
    df = EVENTS.copy()
    df["score"] = [1.5, math.nan, 2.0, 0.0, math.nan]
    doc = json.loads(export.render(df, "json", meta={"filters": "all events"}))
    assert doc["meta"] == {"filters": "all events"}
    assert doc["events"][1]["score"] is None
    assert doc["events"][0]["actors"] == ["Russia", "Venezuela"]
    assert "NaN" not in export.render(df, "json")


def test_timelinejs_dates_precisions_and_spans():
    doc = json.loads(export.render(EVENTS, "timelinejs", title="Russia and Venezuela", subtitle="all events"))
    assert doc["title"]["text"] == {"headline": "Russia and Venezuela", "text": "all events"}
    by_id = {e["unique_id"]: e for e in doc["events"]}
    assert "ev-igla" not in by_id  # undated: TimelineJS needs a start
    assert by_id["ev-il76"]["start_date"] == {"year": 2025, "month": 10, "day": 26}
    assert "end_date" not in by_id["ev-il76"] and by_id["ev-il76"]["display_date"] == "2025-10-26"
    assert by_id["ev-ford"]["end_date"] == {"year": 2025, "month": 11, "day": 9}
    assert by_id["ev-ford"]["display_date"] == "2025-11-03 – 2025-11-09 (week)"
    assert by_id["ev-anadyr"]["group"] == "other"
    assert by_id["ev-strikes"]["end_date"] == {"year": 2025, "month": 11, "day": 5}


def test_timelinejs_escapes_article_text_and_skips_bad_dates():
    df = frame(
        rows=[
            {
                "event_id": 'x"><script>',
                "title": "<script>alert(1)</script>",
                "description": '<img src=x onerror="alert(1)">',
                "category": "<b>x</b>",
            },
            {"event_id": "bad", "date_start": "2025-13-45"},
            {"event_id": "worse", "date_start": "soon"},
        ]
    )
    doc = json.loads(export.render(df, "timelinejs"))
    assert len(doc["events"]) == 1
    ev = doc["events"][0]
    assert ev["text"]["headline"] == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert "<" not in json.dumps(ev) and ev["unique_id"] == "x-script"


def test_unknown_format_says_which_exist():
    with pytest.raises(
        ValueError,
        match=r"Unknown export format 'xlsx'; expected one of \['csv', 'json', "
        r"'timelinejs'\]",
    ):
        export.render(EVENTS, "xlsx")


@pytest.mark.parametrize(
    "name, safe",
    [
        ("events-2025-11-08", "events-2025-11-08"),
        ('events-2025-11-08-text "Kazan"; categories: meeting', "events-2025-11-08-text_Kazan_categories_meeting"),
        ("../../etc/passwd", "etc_passwd"),
        ("Nicolás Maduro", "Nicolas_Maduro"),
        ("..", "export"),
        ("", "export"),
        ("x" * 300, "x" * 100),
    ],
)
def test_safe_filename(name, safe):
    assert export.safe_filename(name) == safe
