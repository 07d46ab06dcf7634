"""The app as a user drives it (Streamlit's AppTest): filters, query parameters, detail, undated list, modes."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
import streamlit as st

from dashboard import analyst, brief, images, wire

pytestmark = pytest.mark.slow


def chart_ids(at) -> set[str]:
    """Event ids drawn in the first Plotly chart (the figure JSON Streamlit would send to the browser)."""
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    return {i for t in spec["data"] if wire.meta(t.get("meta")).get("role") == "anchors" for i in t["customdata"]}


def param(at, key: str) -> list[str]:
    """A query parameter of the app's URL, as a list."""
    value = at.query_params[key]
    return list(value) if isinstance(value, (list, tuple)) else [value]


def unescape(text: str) -> str:
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text)


def open_tab(at, label: str):
    """Click a tab below the chart (only the open tab is built)."""
    at.session_state["tab"] = label
    return at.run()


def texts(at) -> str:
    """All Markdown and captions, with Markdown's backslash escapes removed (as a reader sees it)."""
    return unescape(
        "\n".join([m.value for m in at.markdown if "<style>" not in m.value] + [c.value for c in at.caption])
    )


def test_opens_on_the_seed_store_with_every_dated_event(app, seed_store_path):
    at = app(seed_store_path)
    assert not at.exception
    assert {"ev-il76", "ev-wapo", "ev-ford"} <= chart_ids(at)
    assert "Showing 10 of 10 events (9 on the timeline, 1 undated)" in texts(at)
    assert dict(at.query_params) == {}


def test_query_kazan_narrows_to_the_kazan_meeting(app, seed_store_path):
    at = app(seed_store_path, q="Kazan")
    assert not at.exception
    assert chart_ids(at) == {"ev-kazan"}
    assert at.text_input(key="f_q").value == "Kazan"
    assert param(at, "q") == ["Kazan"]


def test_query_parameters_set_every_filter(app, seed_store_path):
    at = app(
        seed_store_path,
        q="Maduro",
        category=["report", "meeting"],
        **{"from": "2025-10-01"},
        to="2025-12-31",
        min_sources="2",
        status="reported",
        undated="0",
        lane="actors",
        color="category",
    )
    assert not at.exception
    assert at.multiselect(key="f_categories").value == ["report", "meeting"]
    assert str(at.date_input(key="f_from").value) == "2025-10-01"
    assert at.number_input(key="f_min_sources").value == 2
    assert at.checkbox(key="f_undated").value is False
    assert at.selectbox(key="v_lane").value == "actors"
    assert chart_ids(at) == {"ev-wapo"}
    assert param(at, "category") == ["report", "meeting"]
    assert param(at, "lane") == ["actors"]


def test_widgets_write_the_url(app, seed_store_path):
    at = app(seed_store_path)
    at.text_input(key="f_q").input("Il-76").run()
    at.multiselect(key="f_statuses").select("reported").run()
    assert chart_ids(at) == {"ev-il76"}
    assert param(at, "q") == ["Il-76"]
    assert param(at, "status") == ["reported"]


def test_typed_dates_set_the_range_and_say_what_was_read(app, seed_store_path):
    at = app(seed_store_path)
    at.text_input(key="f_typed").input("October 2025").run()
    assert str(at.date_input(key="f_from").value) == "2025-10-01"
    assert str(at.date_input(key="f_to").value) == "2025-10-31"
    said = [c.value.replace("\\", "") for c in at.sidebar.caption]  # markdown escapes taken off
    assert any("read as 2025-10-01 to 2025-10-31 (month)" in c for c in said), said
    assert param(at, "from") == ["2025-10-01"] and param(at, "to") == ["2025-10-31"]
    at.text_input(key="f_typed").input("sometime soonish").run()
    assert any("is not a date" in w.value.replace("\\", "") for w in at.sidebar.warning)
    assert str(at.date_input(key="f_from").value) == "2025-10-01"  # a wrong entry changes nothing


def test_reset_clears_filters_and_url(app, seed_store_path):
    at = app(seed_store_path, q="Kazan", min_sources="2")
    at.button(key="reset").click().run()
    assert at.text_input(key="f_q").value == ""
    assert "ev-il76" in chart_ids(at)
    assert "q" not in at.query_params and "min_sources" not in at.query_params


def test_show_all_dates_zooms_out_of_a_date_range(app, seed_store_path):
    at = app(seed_store_path, **{"from": "2025-10-30", "to": "2025-11-01"})
    assert chart_ids(at) and "ev-il76" not in chart_ids(at)
    at.button(key="all_dates").click().run()
    assert at.date_input(key="f_from").value is None and at.date_input(key="f_to").value is None
    assert "ev-il76" in chart_ids(at) and "from" not in at.query_params and "to" not in at.query_params
    assert not [b for b in at.button if b.key == "all_dates"]  # nothing to zoom out of


@pytest.mark.parametrize(
    "params, warning",
    [
        ({"from": "yesterday"}, "Ignored ?from='yesterday'"),
        ({"status": "rumoured"}, "Ignored status=['rumoured']"),
        ({"lane": "title"}, "Ignored ?lane='title'"),
        ({"from": "2026-01-01", "to": "2025-01-01"}, "Ignored the date range"),
    ],
)
def test_a_bad_link_still_opens_and_says_what_it_ignored(app, seed_store_path, params, warning):
    at = app(seed_store_path, **params)
    assert not at.exception
    assert any(warning in unescape(w.value) for w in at.warning)  # shown as text: Markdown-escaped
    assert at.get("plotly_chart")


def test_minimum_sources_and_precision_filters(app, seed_store_path):
    at = app(seed_store_path, min_sources="3")
    assert chart_ids(at) == {"ev-wapo", "ev-zhuravlev"}
    at = app(seed_store_path, precision="year")
    assert chart_ids(at) == {"ev-anadyr", "ev-pacts"}


def test_selecting_an_event_shows_its_quotes_in_their_documents(app, seed_store_path):
    at = app(seed_store_path)
    at.selectbox(key="event").select("ev-il76").run()
    assert not at.exception
    body = texts(at)
    assert "### Russian Il-76 cargo aircraft lands in Caracas" in body
    assert "2025-10-26" in body and "basis: explicit" in body
    headers = [unescape(e.label) for e in at.expander]  # one header per article, its mentions under it
    assert [h.split(" · ")[0] for h in headers] == ["Factually", "Latin Times"]
    assert headers[0].startswith("Factually · Russia aiding venezuela") and headers[0].endswith("(1 mention)")
    highlighted = [m.value for m in at.markdown if ":orange-background[**" in m.value]
    assert len(highlighted) == 2  # both mentions, each inside its document's text
    assert any("A transport Il\\-76 touched down in Caracas on October 26\\, 2025" in h for h in highlighted)
    assert any("New Russian air-defence hardware arrived in Caracas" in unescape(h) for h in highlighted)
    assert param(at, "event") == ["ev-il76"]


def test_an_event_in_the_url_opens_its_detail(app, seed_store_path):
    at = app(seed_store_path, event="ev-kazan")
    assert at.selectbox(key="event").value == "ev-kazan"
    assert "meets with Venezuela's President Nicolas Maduro in Kazan" in texts(at)


def test_a_quote_whose_document_is_gone_is_still_shown(app, hostile_store_path):
    at = app(hostile_store_path, event="h1")
    assert not at.exception
    assert "Shown without its document" in texts(at)


def test_undated_list(app, seed_store_path):
    at = app(seed_store_path)
    assert len(at.dataframe) == 1 and not at.get("download_button")  # only the open tab (the table) is built
    assert "ev-igla" in at.dataframe[0].value["event_id"].tolist()  # the main table lists the undated event
    open_tab(at, "Undated")
    assert [d.value["event_id"].tolist() for d in at.dataframe] == [["ev-igla"]]
    assert "1 undated event, most corroborated first." in texts(at)
    at.checkbox(key="f_undated").uncheck().run()
    assert not at.dataframe and "No undated events among those shown." in texts(at)
    assert param(at, "undated") == ["0"]
    open_tab(at, "Table")
    assert "ev-igla" not in at.dataframe[0].value["event_id"].tolist()


def test_table_is_in_time_order_with_dates_and_lists(app, seed_store_path):
    at = app(seed_store_path)
    table = at.dataframe[0].value
    assert table["event_id"].tolist()[:2] == ["ev-anadyr", "ev-pacts"]
    assert table.loc[table["event_id"] == "ev-ford", "date"].item() == "2025-11-03 – 2025-11-09 (week)"
    assert list(table.loc[table["event_id"] == "ev-wapo", "outlets"].item()) == [
        "Oreshnik missiles for Venezuela? Russia…",
        "Latin Times",
        "The Kyiv Independent",
    ]  # a title, not a file name


def test_exports_are_offered(app, seed_store_path):
    at = open_tab(app(seed_store_path, q="Kazan"), "Export")
    labels = [b.proto.label for b in at.get("download_button")]
    assert {"PNG image", "SVG image", "CSV", "JSON", "TimelineJS"} <= set(labels)


def test_without_chromium_the_app_says_how_to_get_it_and_other_exports_work(app, seed_store_path, monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    st.cache_resource.clear()
    try:
        at = open_tab(app(seed_store_path), "Export")
        assert not at.exception
        assert any("apt-get install -y chromium" in w.value for w in at.warning)
        labels = [b.proto.label for b in at.get("download_button")]
        assert "PNG image" not in labels and {"CSV", "JSON", "TimelineJS"} <= set(labels)
    finally:
        st.cache_resource.clear()
    assert images.chrome_path() is None


def test_brief_mode_has_no_sidebar_large_type_and_the_most_corroborated(app, seed_store_path):
    at = app(seed_store_path, mode="brief")
    assert not at.exception
    assert len(at.sidebar.children) == 0 if hasattr(at.sidebar, "children") else not list(at.sidebar)
    assert not at.text_input  # no filter widgets at all
    body = texts(at)
    # the newest event two or more documents report, on or before the newest article (2025-11-07)
    assert body.startswith("# Latest: Russian lawmaker says nothing stops supplying Oreshnik missiles")
    assert "## Most corroborated" in body  # this store keeps no date references: no key dates
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert spec["layout"]["font"]["size"] >= 20
    titles = [a for a in spec["layout"]["annotations"] if a.get("name") == "label"]
    assert titles and all(a["font"]["size"] >= 24 for a in titles)


def test_brief_mode_lists_the_key_dates_of_a_built_store_with_their_main_event(app, seeds_store):
    at = app(seeds_store, mode="brief")
    assert not at.exception
    body = texts(at)
    assert body.startswith("# Latest: ") and "(2025-10-31)" in body.splitlines()[0]
    assert brief.KEY_NOTE in body and brief.REPORTED_NOTE in body
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    ticks = spec["layout"]["yaxis"]["ticktext"]
    rows = {a["y"]: a["text"] for a in spec["layout"]["annotations"] if a.get("name") == "label"}
    key = [(i, t[3:13]) for i, t in enumerate(ticks) if t.startswith("<b>")]  # the key dates, in bold
    assert [d for _, d in key] == sorted(d for _, d in key)  # in date order
    on = {d: rows[i] for i, d in key}
    assert "Il-76" in on["2025-10-26"] and "Washington Post" in on["2025-10-31"]  # each with its main event
    assert any(t.startswith("reported by 2025-10-2") for t in ticks)  # the Ford, by its report date


def test_brief_shows_the_summary_by_default_and_every_event_one_click_away(app, seeds_store):
    from events.output import store as store_mod

    s = store_mod.read(seeds_store)
    n, dated = len(s.events), int(s.events["date_start"].notna().sum())
    at = app(seeds_store, mode="brief")
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    meta = wire.meta(spec["layout"]["meta"])
    assert meta["layout"] == "rows" and 0 < meta["n_events"] < n
    body = texts(at)
    assert f"Summary: {meta['n_events']} key happenings of {n} events" in body
    link = [c.value for c in at.caption if "Show all" in c.value][0]
    assert f"[Show all {n} events](?mode=analyst)" in link  # the analyst view, with every event
    everything = app(seeds_store, mode="brief", show="all")
    meta = wire.meta(json.loads(everything.get("plotly_chart")[0].proto.spec)["layout"]["meta"])
    assert meta.get("layout") != "rows" and meta["n_events"] == dated and meta["n_undated_drawn"] == 0
    assert param(everything, "show") == ["all"]
    strip = app(seeds_store, mode="brief", strip="undated")
    spec = json.loads(strip.get("plotly_chart")[0].proto.spec)
    assert any(wire.meta(t.get("meta")).get("role") == "undated" for t in spec["data"])


def test_brief_mode_keeps_the_url_filters(app, seed_store_path):
    at = app(seed_store_path, mode="brief", q="Kazan")
    assert chart_ids(at) == {"ev-kazan"}
    assert param(at, "mode") == ["brief"]


def test_a_hostile_store_raises_no_error_and_shows_markup_as_text(app, hostile_store_path):
    at = app(hostile_store_path)
    assert not at.exception
    for event_id in ("h0", "h1", "h3", "h4"):
        at.selectbox(key="event").select(event_id).run()
        assert not at.exception
    for m in at.markdown:
        if m.value in (analyst.ANALYST_CSS, brief.BRIEF_CSS):  # the page's own style: constants, no text in them
            continue
        value = m.value.removeprefix("> ")  # the app's own block quote
        assert not re.search(r"(?<!\\)[<>]", value), value[:200]  # every angle bracket escaped: shown as text
        assert "\\<script\\>" in value or "<script" not in unescape(value)
    at = app(hostile_store_path, mode="brief")
    assert not at.exception


def test_no_store_says_how_to_build_one(app, tmp_path):
    at = app(tmp_path / "nothing")
    assert not at.exception
    assert "python -m events build" in at.error[0].value


def test_pasting_an_article_adds_it_and_rebuilds_the_store(app, tmp_path, monkeypatch):
    from events.output import store as store_mod
    from tests.dashboard import dash_stores

    monkeypatch.setenv("EVENTS_DATA_DIR", str(tmp_path / "data"))  # added articles go to the user's inbox

    path = dash_stores.seed_store(tmp_path)
    before = store_mod.version_of(path)
    at = open_tab(app(path), "Add articles")
    at.text_area(key="add_text").input(
        "Russia's President Vladimir Putin met Venezuela's President Nicolas Maduro in Kazan "
        "on Oct. 23, 2024, the Kremlin said."
    )
    at.text_input(key="add_title").input("Putin and Maduro meet in Kazan")
    at.text_input(key="add_outlet").input("Kremlin")
    at.date_input(key="add_date").set_value(dt.date(2024, 10, 24))
    next(b for b in at.button if b.proto.label == "Add and rebuild").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert (tmp_path / "data" / "inbox" / "Putin_and_Maduro_meet_in_Kazan.txt").exists()
    assert (
        "Putin_and_Maduro_meet_in_Kazan,Putin and Maduro meet in Kazan,Kremlin,,2024-10-24"
        in (tmp_path / "data" / "inbox" / "manifest.csv").read_text()
    )
    assert not (tmp_path / "input" / "Putin_and_Maduro_meet_in_Kazan.txt").exists()
    assert store_mod.version_of(path) != before
    assert any("Added Putin_and_Maduro_meet_in_Kazan.txt" in unescape(s.value) for s in at.success)


_ACTIVE = re.compile(r"(?<!\\)[\[\]()!$:*_`<>]")  # Markdown, KaTeX, colour directives and HTML need these bare


@pytest.mark.parametrize(
    "key, value",
    [
        ("lane", "[x](http://host.test/evil)"),  # a live link
        ("lane", "![x](http://host.test/x.png)"),  # an image the browser would fetch
        ("color", ":red[**Store compromised**]"),  # fake red text
        ("precision", "$\\frac{1}{0}$"),  # KaTeX
        ("status", "<img src=x onerror=alert(1)>"),
    ],
)
def test_url_parameters_in_warnings_are_shown_as_text(app, seed_store_path, key, value):
    at = app(seed_store_path, **{key: value})
    assert not at.exception
    (warning,) = [w.value for w in at.warning if f"{key}=" in unescape(w.value)]
    assert _ACTIVE.search(warning) is None, warning  # every character Markdown reads is escaped
    shown = unescape(warning).replace("\u200b", "")  # as the reader sees it (a zero-width space stops autolinks)
    assert shown.startswith("Ignored ") and value.replace("\\", "") in shown.replace("\\", "")


def _store_copy(seed_store_path, tmp_path, change) -> "Path":
    """A copy of the seed store's version folder with one table changed, as another tool might leave it."""
    import shutil

    from events.output import store as store_mod

    out = tmp_path / "store"
    shutil.copytree(seed_store_path.resolve(), out)
    change(out)
    assert (out / store_mod.META).exists()
    return out


def _list_as_text(out):
    import pandas as pd

    path = out / "events.parquet"
    df = pd.read_parquet(path)
    df["actors"] = df["actors"].map("; ".join)
    path.unlink()
    df.to_parquet(path, index=False)


def _cut_short(out):
    path = out / "mentions.parquet"
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def test_a_store_with_a_list_column_written_as_text_says_so_on_the_page(app, seed_store_path, tmp_path):
    at = app(_store_copy(seed_store_path, tmp_path, _list_as_text))
    assert not at.exception
    (error,) = [unescape(e.value) for e in at.error]
    assert "events.parquet column 'actors' holds text, expected a list of text" in error
    assert "rebuild the store" in error


def test_a_truncated_mentions_table_is_an_error_on_the_page_not_a_traceback(app, seed_store_path, tmp_path):
    at = app(_store_copy(seed_store_path, tmp_path, _cut_short), event="ev-kazan")
    assert not at.exception
    assert chart_ids(at)  # the chart is still drawn
    (error,) = [unescape(e.value) for e in at.error]
    assert "mentions.parquet cannot be read (" in error and "rebuild the store" in error
    assert "SELECT" not in error
