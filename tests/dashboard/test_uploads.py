"""Adding articles: checks, safe names, the manifest, progress."""

from __future__ import annotations

import csv
import datetime as dt

import pytest

from dashboard import uploads


@pytest.mark.parametrize("name, data, message", [
    ("report.pdf", b"%PDF-1.7", r"\.pdf files are not accepted; expected one of \['.txt', '.md', '.html'\]"),
    ("noext", b"text", r"no extension files are not accepted"),
    ("big.txt", b"x" * (uploads.MAX_UPLOAD_BYTES + 1), r"over the limit of"),
    ("empty.md", b"  \n", r"the file is empty"),
    ("bin.txt", b"abc\x00def", r"binary content"),
])
def test_rejected_uploads_say_why(name, data, message):
    with pytest.raises(uploads.UploadError, match=message):
        uploads.check(name, data)


@pytest.mark.parametrize("name, saved", [
    ("../../etc/passwd.txt", "passwd.txt"),
    ("Putin meets Maduro – Kazan.HTML", "Putin_meets_Maduro_Kazan.html"),
    (".hidden.md", "hidden.md"),
    ("=cmd|' /C calc'!A0.txt", "C_calc_A0.txt"),
])
def test_saved_names_are_safe_and_inside_the_folder(tmp_path, name, saved):
    path = uploads.save_upload(tmp_path, name, b"Russia and Venezuela signed agreements in 2024.")
    assert path.parent == tmp_path and path.name == saved


def test_a_file_never_overwrites_another(tmp_path):
    a = uploads.save_upload(tmp_path, "a.txt", b"first")
    b = uploads.save_upload(tmp_path, "a.txt", b"second")
    assert (a.name, b.name) == ("a.txt", "a-2.txt") and a.read_bytes() == b"first"


def test_pasted_text_and_its_date_go_into_the_manifest(tmp_path):
    (tmp_path / "manifest.csv").write_text("doc_id,title,outlet,url,published,notes\nold,Old,,,2025-01-01,keep\n")
    path = uploads.save_pasted(tmp_path, "A transport Il-76 touched down in Caracas on October 26, 2025.",
                               title="Il-76 lands in Caracas", outlet="Factually", published=dt.date(2025, 11, 7))
    assert path.name == "Il-76_lands_in_Caracas.txt"
    rows = list(csv.DictReader((tmp_path / "manifest.csv").open()))
    assert rows == [
        {"doc_id": "old", "title": "Old", "outlet": "", "url": "", "published": "2025-01-01", "notes": "keep"},
        {"doc_id": "Il-76_lands_in_Caracas", "title": "Il-76 lands in Caracas", "outlet": "Factually", "url": "",
         "published": "2025-11-07", "notes": ""},
    ]
    assert not list(tmp_path.glob(".*.tmp"))


def test_progress_adapter_reports_each_item():
    seen = []
    progress = uploads.progress_adapter(lambda done, total, what: seen.append((done, total, what)))
    assert list(progress(["a", "b"], desc="documents", unit="doc")) == ["a", "b"]
    assert seen == [(0, 2, "documents"), (1, 2, "documents"), (2, 2, "documents")]
