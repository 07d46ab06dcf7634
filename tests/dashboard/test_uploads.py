"""Adding articles: checks, safe names, the manifest, progress."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from dashboard import uploads


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("report.pdf", b"%PDF-1.7", r"\.pdf files are not accepted; expected one of \['.txt', '.md', '.html'\]"),
        ("noext", b"text", r"no extension files are not accepted"),
        ("big.txt", b"x" * (uploads.MAX_UPLOAD_BYTES + 1), r"over the limit of"),
        ("empty.md", b"  \n", r"the file is empty"),
        ("bin.txt", b"ab\x00c\x00d\x00ef", r"binary content"),
    ],
)
def test_rejected_uploads_say_why(name, data, message):
    with pytest.raises(uploads.UploadError, match=message):
        uploads.check(name, data)


@pytest.mark.parametrize(
    "name, saved",
    [
        ("../../etc/passwd.txt", "passwd.txt"),
        ("Putin meets Maduro – Kazan.HTML", "Putin_meets_Maduro_Kazan.html"),
        (".hidden.md", "hidden.md"),
        ("=cmd|' /C calc'!A0.txt", "C_calc_A0.txt"),
    ],
)
def test_saved_names_are_safe_and_inside_the_folder(tmp_path, name, saved):
    path = uploads.save_upload(tmp_path, name, b"Russia and Venezuela signed agreements in 2024.")
    assert path.parent == tmp_path and path.name == saved


def test_a_file_never_overwrites_another(tmp_path):
    a = uploads.save_upload(tmp_path, "a.txt", b"first")
    b = uploads.save_upload(tmp_path, "a.txt", b"second")
    assert (a.name, b.name) == ("a.txt", "a-2.txt") and a.read_bytes() == b"first"


def test_pasted_text_and_its_date_go_into_the_manifest(tmp_path):
    (tmp_path / "manifest.csv").write_text("doc_id,title,outlet,url,published,notes\nold,Old,,,2025-01-01,keep\n")
    path = uploads.save_pasted(
        tmp_path,
        "A transport Il-76 touched down in Caracas on October 26, 2025.",
        title="Il-76 lands in Caracas",
        outlet="Factually",
        published=dt.date(2025, 11, 7),
    )
    assert path.name == "Il-76_lands_in_Caracas.txt"
    rows = list(csv.DictReader((tmp_path / "manifest.csv").open()))
    assert rows == [
        {"doc_id": "old", "title": "Old", "outlet": "", "url": "", "published": "2025-01-01", "notes": "keep"},
        {
            "doc_id": "Il-76_lands_in_Caracas",
            "title": "Il-76 lands in Caracas",
            "outlet": "Factually",
            "url": "",
            "published": "2025-11-07",
            "notes": "",
        },
    ]
    assert not list(tmp_path.glob(".*.tmp"))


def test_progress_adapter_reports_each_item():
    seen = []
    progress = uploads.progress_adapter(lambda done, total, what: seen.append((done, total, what)))
    assert list(progress(["a", "b"], desc="documents", unit="doc")) == ["a", "b"]
    assert seen == [(0, 2, "documents"), (1, 2, "documents"), (2, 2, "documents")]


def _at_once(n, fn):
    """Run fn(i) in n threads released together; the exceptions raised, if any."""
    import threading

    barrier, errors = threading.Barrier(n), []

    def run(i):
        barrier.wait()
        try:
            fn(i)
        except Exception as exc:  # noqa: BLE001 -- collected: the test shows what went wrong in any thread
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


ARTICLE = "Russia's President Vladimir Putin met Venezuela's President Nicolas Maduro in Kazan on Oct. 23, 2024. {i}\n"


def test_forty_uploads_of_the_same_name_at_once_keep_every_file(tmp_path):
    errors = _at_once(40, lambda i: uploads.save_upload(tmp_path, "kazan.txt", ARTICLE.format(i=i).encode()))
    assert errors == []
    texts = sorted(p.read_text() for p in tmp_path.glob("kazan*.txt"))
    assert texts == sorted(ARTICLE.format(i=i) for i in range(40))
    assert not list(tmp_path.glob("*.tmp")) and not list(tmp_path.glob(".*.tmp"))


def test_forty_pastes_at_once_leave_forty_manifest_rows(tmp_path):
    errors = _at_once(
        40,
        lambda i: uploads.save_pasted(tmp_path, ARTICLE.format(i=i), title="Putin meets Maduro", outlet=f"Outlet {i}"),
    )
    assert errors == []
    rows = list(csv.DictReader((tmp_path / "manifest.csv").open(encoding="utf-8")))
    assert sorted(r["outlet"] for r in rows) == sorted(f"Outlet {i}" for i in range(40))
    assert len({r["doc_id"] for r in rows}) == 40
    assert {r["doc_id"] for r in rows} == {p.stem for p in tmp_path.glob("*.txt")}


def test_a_paste_titled_as_an_existing_document_gets_a_new_id(tmp_path):
    (tmp_path / "kazan.html").write_text("<p>Putin met Maduro in Kazan on Oct. 23, 2024.</p>")
    (tmp_path / "manifest.csv").write_text("doc_id,title,outlet,url,published\nkazan,Kazan summit,TASS,,2024-10-23\n")
    path = uploads.save_pasted(
        tmp_path, "Maduro asked Russia for radars on Oct. 31, 2025.", title="kazan", published=dt.date(2025, 11, 1)
    )
    assert path.name == "kazan-2.txt"
    rows = list(csv.DictReader((tmp_path / "manifest.csv").open()))
    assert [(r["doc_id"], r["title"], r["published"]) for r in rows] == [
        ("kazan", "Kazan summit", "2024-10-23"),
        ("kazan-2", "kazan", "2025-11-01"),
    ]
    with pytest.raises(ValueError, match="already has a row for 'kazan'"):
        uploads.add_manifest_row(tmp_path, {"doc_id": "kazan", "title": "other"})


@pytest.mark.parametrize(
    "name, saved",
    [
        ("README.md", "README-2.md"),
        ("manifest.csv.md", "manifest.csv.md"),
        ("overrides.toml.txt", "overrides.toml.txt"),
    ],
)
def test_an_upload_named_as_a_file_the_build_reserves_is_renamed_and_read(tmp_path, name, saved):
    from events import pipeline

    path = uploads.save_upload(tmp_path, name, ARTICLE.format(i=0).encode())
    assert path.name == saved
    result = pipeline.run(tmp_path)
    assert [d.path for d in result.documents] == [saved]


def test_the_build_names_the_added_files_it_did_not_read(tmp_path):
    inp, inbox = tmp_path / "input", tmp_path / "inbox"
    inp.mkdir()
    (inp / "kazan.txt").write_text(ARTICLE.format(i=0))
    a = uploads.save_upload(inbox, "copy.txt", ARTICLE.format(i=0).encode())  # the same text: read once
    b = uploads.save_upload(inbox, "new.txt", ARTICLE.format(i=1).encode())
    result = uploads.rebuild(inp, tmp_path / "store", inbox=inbox)
    assert uploads.not_read(result, [a.name, b.name]) == {"copy.txt": "same text as kazan.txt; read once"}
    assert not (inp / "copy.txt").exists() and not (inp / "new.txt").exists()


def test_the_inbox_is_in_the_user_data_folder(monkeypatch, tmp_path):
    from events.settings import default_inbox

    monkeypatch.setenv("EVENTS_DATA_DIR", str(tmp_path / "data"))
    assert uploads.inbox_dir() == tmp_path / "data" / "inbox"
    assert default_inbox({"XDG_DATA_HOME": "/x"}) == Path("/x/events-timeline/inbox")
    assert default_inbox({}, home=Path("/home/u")) == Path("/home/u/.local/share/events-timeline/inbox")


LATER = (
    "A Russian Il-76 transport plane landed in Caracas last week, officials said on Monday. "
    "The Kremlin said on Tuesday that it would keep supplying Venezuela with air-defence systems."
)


def test_the_page_lists_what_changed_after_add_articles_and_shows_no_server_path(app, tmp_path, monkeypatch):
    import re
    import shutil

    from events import pipeline
    from tests.conftest import SEEDS

    monkeypatch.setenv("EVENTS_DATA_DIR", str(tmp_path / "data"))
    inp, out = tmp_path / "input", tmp_path / "store"
    shutil.copytree(SEEDS, inp)
    pipeline.build(inp, out)
    at = app(out)
    at.session_state["tab"] = "Add articles"
    at.run()
    shown = "\n".join(m.value for m in at.markdown)
    assert "Last rebuild" not in shown  # the first build had nothing to compare with
    at.text_area(key="add_text").input(LATER)
    at.text_input(key="add_title").input("Russia keeps arming Venezuela")
    at.date_input(key="add_date").set_value(dt.date(2025, 11, 3))
    next(b for b in at.button if b.proto.label == "Add and rebuild").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    flash = [re.sub(r"\\(.)", r"\1", s.value) for s in at.success]  # Markdown escapes removed, as a reader sees it
    assert any("Added Russia_keeps_arming_Venezuela.txt" in f and "0 events removed" in f for f in flash), flash
    assert "**Last rebuild**, since the previous build: 1 event added" in "\n".join(
        re.sub(r"\\([^*])", r"\1", m.value) for m in at.markdown
    )
    table = next(d.value for d in at.dataframe if "change" in d.value.columns)
    assert set(table["change"]) <= {"added", "removed", "re-dated", "re-merged"} and "added" in set(table["change"])
    # only an undated event the new article tells with a date of its own is re-dated
    assert all("undated" in " ".join(map(str, row)) for row in table[table["change"] == "re-dated"].values)
    added = table[table["change"] == "added"]
    assert any("Kremlin" in t for t in added["title"])
    everything = "\n".join(
        [m.value for m in at.markdown] + [c.value for c in at.caption] + flash + [i.value for i in at.info]
    )
    assert not re.search(re.escape(str(tmp_path)), everything)  # neither the input folder nor the data folder
    assert (tmp_path / "data" / "inbox" / "Russia_keeps_arming_Venezuela.txt").exists()
    at.session_state["event"] = added["event"].iloc[0]
    at.run()
    assert not at.exception and any("Kremlin said" in m.value for m in at.markdown)
    assert not any("Shown without its document" in c.value for c in at.caption)  # read again from the inbox
    assert sorted(p.name for p in inp.iterdir()) == sorted(p.name for p in SEEDS.iterdir())


# ---- a batch with bad files: every file gets its line, what the build reads is accepted --------------------------


def test_an_upload_in_utf16_with_its_mark_is_accepted_and_read(tmp_path):
    inp, inbox = tmp_path / "input", tmp_path / "inbox"
    inp.mkdir()
    (inp / "kazan.txt").write_text(ARTICLE.format(i=0))
    data = "\ufeff".encode("utf-16-le").join([b"", ARTICLE.format(i=1).encode("utf-16-le")])
    assert data.startswith(b"\xff\xfe")
    saved = uploads.save_upload(inbox, "wide.txt", data)
    result = uploads.rebuild(inp, tmp_path / "store", inbox=inbox)
    assert uploads.not_read(result, [saved.name]) == {}
    assert "inbox-wide" in {d.doc_id for d in result.documents}


def test_an_executable_named_txt_is_refused_as_binary():
    with pytest.raises(uploads.UploadError, match=r"elf\.txt: binary content \(executable\), not text"):
        uploads.check("elf.txt", b"\x7fELF\x02\x01\x01" + bytes(range(256)) * 4)


def test_every_file_of_a_batch_gets_its_line_after_the_rebuild(tmp_path):
    inp, inbox = tmp_path / "input", tmp_path / "inbox"
    inp.mkdir()
    (inp / "kazan.txt").write_text(ARTICLE.format(i=0))
    errors, saved = [], []
    for name, data in (
        ("page.html", f"<html><body><article><p>{ARTICLE.format(i=2)}</p></article></body></html>".encode()),
        ("elf.txt", b"\x7fELF\x02\x01\x01" + bytes(range(256)) * 4),
        ("wide.txt", b"\xff\xfe" + ARTICLE.format(i=3).encode("utf-16-le")),
        ("copy.txt", ARTICLE.format(i=0).encode()),
    ):
        try:
            saved.append(uploads.save_upload(inbox, name, data).name)
        except uploads.UploadError as exc:
            errors.append(str(exc))
    result = uploads.rebuild(inp, tmp_path / "store", inbox=inbox)
    added, problems = uploads.batch_lines(saved, errors, result)
    assert added == ["Added page.html, wide.txt."]
    assert problems == [
        "elf.txt: binary content (executable), not text",
        "Not read: copy.txt (same text as kazan.txt; read once).",
    ]


def test_a_pasted_title_with_a_line_break_makes_a_row_the_manifest_reader_takes(tmp_path):
    from events.reading import ingest

    path = uploads.save_pasted(
        tmp_path, ARTICLE.format(i=4), title="Russia keeps\narming\r\nVenezuela", outlet="Wire\nService"
    )
    rows, problems = ingest.read_manifest(tmp_path)
    assert problems == []
    assert rows[path.stem].title == "Russia keeps arming Venezuela" and rows[path.stem].outlet == "Wire Service"


def test_a_store_with_no_events_shows_a_plain_no_events_page(app, tmp_path):
    from events.output import store, tables

    frames = {
        "documents": tables.documents_frame([]),
        "mentions": tables.mentions_frame([]),
        "events": tables.events_frame([], {}),
    }
    store.write(tmp_path / "store", frames, {"summary": "0 documents read, 2 skipped, 0 mentions, 0 events"})
    at = app(tmp_path / "store")
    assert not at.exception, [e.value for e in at.exception]
    assert any(i.value.startswith("No events in this store") for i in at.info), [i.value for i in at.info]
    assert not at.get("plotly_chart")
    assert "The last build: 0 documents read, 2 skipped." in at.info[0].value.replace("\\", "")
