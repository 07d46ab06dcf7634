"""events.reading.ingest: every kind of file a user drops in the input folder, and the manifest."""

from __future__ import annotations

import datetime as dt
import logging
import os
import random
from pathlib import Path

import pytest

from events.reading import ingest
from events.reading.ingest import Skipped, decode, read_folder, read_manifest
from events.records import Document
from events.settings import Settings

SPANISH = "El señor Pérez llegó a Bogotá el lunes 3 de noviembre. Según la policía, la situación es crítica."
ENGLISH_ACCENTS = "CARACAS (Reuters) - The señor said on Monday that Bogotá would respond to Nicolás Maduro."
CURLY = "Maduro said \u201cthe talks\u201d were \u2018over\u2019 \u2014 and that\u2026 aid cost \u20ac5m."
RUSSIAN = "Москва заявила в понедельник, что поставки ракет в Венесуэлу продолжатся."

PAGE = """<!DOCTYPE html><html><head><title>Russia sends air defences - Example News</title>
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2025-10-31T10:00:00Z">
<style>body { color: red } .x:after { content: "STYLE-LEAK" }</style>
<script>alert("SCRIPT-LEAK"); document.write("SCRIPT-LEAK2")</script>
</head><body>
<nav>Home | World | Politics</nav>
<article><h1>Russia sends air defences</h1>
<p>CARACAS — Russia delivered air-defence systems to Venezuela on Oct. 31, 2025, officials said on Friday.</p>
<p>The shipment arrived at the port of La Guaira, according to the defence ministry, which called it routine.</p>
<img src="x.png" onerror="alert('ONERROR-LEAK')">
<p onclick="alert('ONCLICK-LEAK')">Venezuelan President Nicolás Maduro thanked Moscow in a televised address.</p>
<noscript>NOSCRIPT-LEAK enable javascript</noscript>
</article>
<script type="text/javascript">var x = "SCRIPT-LEAK3";</script>
</body></html>"""
LEAKS = ("LEAK", "alert(", "<script", "onerror", "onclick", "color: red")


def noise(n: int, seed: int) -> bytes:
    return random.Random(seed).randbytes(n)


def items(folder, settings=Settings()):
    out = list(read_folder(folder, settings))
    docs = {d.path: d for d in out if isinstance(d, Document)}
    skipped = {s.path: s.reason for s in out if isinstance(s, Skipped)}
    return docs, skipped


# ------------------------------------------------------------------------------------------- decoding


@pytest.mark.parametrize(
    "data, expected",
    [
        pytest.param(SPANISH.encode("latin-1"), SPANISH, id="latin-1 Spanish"),
        pytest.param(ENGLISH_ACCENTS.encode("latin-1"), ENGLISH_ACCENTS, id="latin-1 English with names"),
        pytest.param("Bogotá".encode("latin-1"), "Bogotá", id="latin-1 one word"),
        pytest.param(CURLY.encode("cp1252"), CURLY, id="windows-1252 curly quotes"),
        pytest.param(SPANISH.encode("utf-16"), SPANISH, id="utf-16 with BOM"),
        pytest.param(CURLY.encode("utf-16-be"), CURLY, id="utf-16-be without BOM"),
        pytest.param(ENGLISH_ACCENTS.encode("utf-16-le"), ENGLISH_ACCENTS, id="utf-16-le without BOM"),
        pytest.param(SPANISH.encode("utf-32"), SPANISH, id="utf-32 with BOM"),
        pytest.param(("\ufeff" + CURLY).encode("utf-8"), CURLY, id="utf-8 with BOM"),
        pytest.param(CURLY.encode("utf-8"), CURLY, id="utf-8"),
        pytest.param(RUSSIAN.encode("cp1251"), RUSSIAN, id="windows-1251 Russian"),
        pytest.param(
            "Maduro said “no” to the café".encode() + b" and \x93more\x94 caf\xe9",
            "Maduro said “no” to the café and “more” café",
            id="utf-8 with stray windows-1252 bytes",
        ),
    ],
)
def test_decode_reads_the_text_right(data, expected):
    assert decode(data) == expected


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(noise(2000, seed=7), id="random bytes"),
        pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", id="png"),
        pytest.param(b"abc\x00\x01\x02\x03def" * 50, id="NUL bytes"),
        pytest.param(bytes(range(1, 32)) * 40, id="control characters"),
    ],
)
def test_decode_says_none_for_binary(data):
    assert decode(data) is None


@pytest.mark.parametrize(
    "data, kind",
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF document"),
        (b"\x89PNG\r\n\x1a\n", "PNG image"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG image"),
        (b"PK\x03\x04\x14\x00", "ZIP archive or Office document"),
        (b"plain text", ""),
    ],
)
def test_binary_kind(data, kind):
    assert ingest.binary_kind(data) == kind


def test_normalize_text_keeps_no_control_characters_and_composes_accents():
    text = ingest.normalize_text("Bogota\u0301\r\nline\x0btwo\x00\ufeff\u00a0end\r")
    assert text == "Bogotá\nline two end\n"


# ------------------------------------------------------------------------------------------ the folder


def test_each_bad_file_gets_one_skip_line_and_good_files_are_read(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "good.txt").write_text("Russia delivered missiles to Venezuela on Oct. 31, 2025.\n", encoding="utf-8")
    (d / "empty.txt").write_bytes(b"")
    (d / "blank.md").write_bytes(b"  \n\t\n")
    (d / "noise.txt").write_bytes(noise(4000, seed=1))
    (d / "picture.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    (d / "report.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    (d / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (d / "notes").write_text("no extension", encoding="utf-8")
    (d / "latin.txt").write_bytes(SPANISH.encode("latin-1"))
    (d / "page.html").write_text(PAGE, encoding="utf-8")
    (d / "zz_copy.txt").write_text("Russia delivered missiles to Venezuela on Oct. 31, 2025.\n", encoding="utf-8")
    (d / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    docs, skipped = items(d)

    assert sorted(docs) == ["good.txt", "latin.txt", "page.html"]
    assert skipped == {
        "blank.md": "empty file (white space only)",
        "zz_copy.txt": "same text as good.txt; read once",
        "empty.txt": "empty file",
        "noise.txt": "binary content, not text",
        "notes": "unsupported file type (no extension); expected one of ['.txt', '.md', '.html', '.htm']",
        "photo.png": "unsupported file type .png; expected one of ['.txt', '.md', '.html', '.htm']",
        "picture.txt": "binary content (PNG image), not text",
        "report.pdf": "unsupported file type .pdf; expected one of ['.txt', '.md', '.html', '.htm']",
    }
    assert docs["latin.txt"].text == SPANISH
    assert "Bogotá" in docs["latin.txt"].text and "señor" in docs["latin.txt"].text
    assert docs["good.txt"].doc_id == "good" and docs["good.txt"].n_chars == len(docs["good.txt"].text)


def test_skip_line_names_the_file_and_the_reason():
    assert Skipped("sub/a.pdf", "unsupported file type .pdf").line() == "skipped sub/a.pdf: unsupported file type .pdf"


def test_html_page_keeps_the_article_text_and_drops_scripts_styles_and_handlers(tmp_path):
    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    (doc,) = read_folder(tmp_path)
    assert "Russia delivered air-defence systems to Venezuela on Oct. 31, 2025" in doc.text
    assert "Nicolás Maduro thanked Moscow" in doc.text
    for leak in LEAKS:
        assert leak not in doc.text
    assert doc.outlet == "Example News"
    assert doc.published == dt.date(2025, 10, 31) and doc.published_basis == "text"


def test_html_fallback_when_trafilatura_finds_no_main_text(tmp_path, monkeypatch):
    import trafilatura

    monkeypatch.setattr(trafilatura, "extract", lambda *a, **k: None)
    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    (doc,) = read_folder(tmp_path)
    assert "Russia delivered air-defence systems" in doc.text
    assert "Nicolás Maduro thanked Moscow" in doc.text.splitlines()[-1]  # one block per line
    for leak in LEAKS:
        assert leak not in doc.text


def test_html_fallback_when_trafilatura_raises(tmp_path, monkeypatch):
    import trafilatura

    def boom(*a, **k):
        raise ValueError("parser trouble")

    monkeypatch.setattr(trafilatura, "extract", boom)
    (tmp_path / "page.htm").write_text(PAGE, encoding="utf-8")
    (doc,) = read_folder(tmp_path)
    assert "La Guaira" in doc.text and "SCRIPT-LEAK" not in doc.text


def test_html_with_only_scripts_is_skipped(tmp_path):
    (tmp_path / "empty.html").write_text("<html><head><script>alert(1)</script></head><body></body></html>")
    (item,) = read_folder(tmp_path)
    assert isinstance(item, Skipped) and item.reason.startswith("no readable text")


def test_a_txt_file_holding_a_web_page_is_read_as_html(tmp_path):
    (tmp_path / "saved.txt").write_text(PAGE, encoding="utf-8")
    (doc,) = read_folder(tmp_path)
    assert "La Guaira" in doc.text and "SCRIPT-LEAK" not in doc.text and "<p" not in doc.text


def test_latin1_html_page(tmp_path):
    page = PAGE.replace("televised address", "discurso en Bogotá, señor").encode("cp1252", errors="replace")
    (tmp_path / "page.html").write_bytes(page)
    (doc,) = read_folder(tmp_path)
    assert "discurso en Bogotá, señor" in doc.text


def test_file_over_the_size_limit_is_skipped_naming_size_and_limit(tmp_path):
    (tmp_path / "big.txt").write_text("Troops arrived on Monday. " * 100, encoding="utf-8")
    (tmp_path / "small.txt").write_text("Troops arrived on Monday.", encoding="utf-8")
    docs, skipped = items(tmp_path, Settings(max_file_bytes=1000))
    assert list(docs) == ["small.txt"]
    assert skipped == {
        "big.txt": "too large: 2,600 bytes, over the limit of 1,000 bytes (raise it with --max-file-bytes)"
    }


def test_a_file_that_grows_after_its_size_was_taken_is_read_whole_up_to_the_limit(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text("Troops arrived on Monday. " * 10, encoding="utf-8")  # 260 bytes
    (tmp_path / "big.txt").write_text("Troops arrived on Monday. " * 100, encoding="utf-8")  # 2,600
    real = Path.stat

    def stale(self, **kw):  # the size each had a moment before it was written to again
        st = real(self, **kw)
        return os.stat_result((*st[:6], 20, *st[7:])) if self.suffix == ".txt" else st

    monkeypatch.setattr(Path, "stat", stale)
    docs, skipped = items(tmp_path, Settings(max_file_bytes=1000))
    assert docs["a.txt"].text == "Troops arrived on Monday. " * 10
    assert skipped == {"big.txt": "too large: over the limit of 1,000 bytes (raise it with --max-file-bytes)"}


def test_links_outside_the_folder_are_skipped_and_links_inside_read_once(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("Not for the build: troops left on Monday.", encoding="utf-8")
    d = tmp_path / "in"
    (d / "sub").mkdir(parents=True)
    (d / "sub" / "a.txt").write_text("Troops arrived in Caracas on Monday.", encoding="utf-8")
    os.symlink(outside / "secret.txt", d / "escape.txt")
    os.symlink(outside, d / "escape_dir")
    os.symlink(d / "sub" / "a.txt", d / "alias.txt")
    os.symlink(d / "sub", d / "sub_alias")
    os.symlink(d / "missing.txt", d / "dangling.txt")
    docs, skipped = items(d)
    assert list(docs) == ["sub/a.txt"]
    assert skipped["escape.txt"].startswith("a link pointing outside the input folder")
    assert skipped["escape_dir"].startswith("a link pointing outside the input folder")
    assert skipped["alias.txt"] == "a link to sub/a.txt; read once, there"
    assert skipped["sub_alias"].startswith("a link to the folder sub inside the input folder")
    assert skipped["dangling.txt"].startswith("a link to nothing")
    assert all("Not for the build" not in doc.text for doc in docs.values())


def test_fifo_is_skipped_not_waited_on(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    (item,) = read_folder(tmp_path)
    assert item == Skipped("pipe.txt", "not a regular file")


def test_unreadable_file_is_skipped_with_the_reason(tmp_path, monkeypatch):
    (tmp_path / "locked.txt").write_text("text", encoding="utf-8")
    real_open = open

    def fake_open(path, *args, **kwargs):
        if str(path).endswith("locked.txt"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr("builtins.open", fake_open)
    (item,) = read_folder(tmp_path)
    assert item == Skipped("locked.txt", "cannot read it (Permission denied)")


def test_same_stem_in_two_places_gets_two_ids(tmp_path, caplog):
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text("Troops arrived on Monday.", encoding="utf-8")
    (tmp_path / "a.html").write_text("<p>Ships docked on Tuesday.</p>", encoding="utf-8")
    (tmp_path / "sub" / "a.txt").write_text("Planes landed on Friday.", encoding="utf-8")
    docs, _ = items(tmp_path)
    ids = [d.doc_id for d in docs.values()]
    assert len(set(ids)) == 3 and "a" in ids
    assert "another file already has the doc_id 'a'" in caplog.text


def test_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(NotADirectoryError, match="does not exist or is not a folder"):
        list(read_folder(tmp_path / "nope"))


def test_stable_order(tmp_path):
    for name in ("b.txt", "a.txt", "c.md"):
        (tmp_path / name).write_text(f"Text of {name}: troops arrived.", encoding="utf-8")
    assert [d.path for d in read_folder(tmp_path)] == ["a.txt", "b.txt", "c.md"]


# -------------------------------------------------------------------------------------------- manifest


def write_manifest(folder, text, encoding="utf-8"):
    (folder / "manifest.csv").write_bytes(text.encode(encoding))


def test_manifest_fills_document_fields(tmp_path):
    (tmp_path / "a.txt").write_text("Troops arrived on Monday.", encoding="utf-8")
    write_manifest(tmp_path, "doc_id,title,outlet,url,published\na,Troops arrive,Reuters,https://x.test/a,2025-11-03\n")
    (doc,) = read_folder(tmp_path)
    assert (doc.title, doc.outlet, doc.url, doc.published, doc.published_basis) == (
        "Troops arrive",
        "Reuters",
        "https://x.test/a",
        dt.date(2025, 11, 3),
        "given",
    )


def test_manifest_row_may_name_the_file(tmp_path):
    (tmp_path / "a.txt").write_text("Troops arrived on Monday.", encoding="utf-8")
    write_manifest(tmp_path, "doc_id,published\na.txt,2025-11-03\n")
    (doc,) = read_folder(tmp_path)
    assert doc.published == dt.date(2025, 11, 3)


@pytest.mark.parametrize(
    "manifest, problem",
    [
        pytest.param("id,title\na,T\n", "manifest.csv:1: the manifest has no doc_id column", id="no doc_id column"),
        pytest.param(
            "doc_id,title\na,T\n", "manifest.csv:1: no column(s) ['outlet', 'url', 'published']", id="missing columns"
        ),
        pytest.param(
            "doc_id,published,colour\na,2025-11-03,red\n",
            "manifest.csv:1: unknown column(s) ['colour']",
            id="unknown column",
        ),
        pytest.param(
            "doc_id,published\na,2025-02-30\n",
            "manifest.csv:2: published '2025-02-30' is not a real date (day is out of range for month)",
            id="February 30",
        ),
        pytest.param(
            "doc_id,published\na,2025-13-01\n",
            "manifest.csv:2: published '2025-13-01' is not a real date",
            id="month 13",
        ),
        pytest.param(
            "doc_id,published\na,the day before yesterday-ish\n",
            "manifest.csv:2: published 'the day before yesterday-ish' cannot be read",
            id="no date",
        ),
        pytest.param(
            "doc_id,published\na,March 2011\n",
            "manifest.csv:2: published 'March 2011' names a month (2011-03-01 to 2011-03-31 (month)), not the day",
            id="a month",
        ),
        pytest.param(
            "doc_id,published\na,2025-11-03\na,2025-11-04\n",
            "manifest.csv:3: doc_id 'a' appears again (first on line 2); the first row is kept",
            id="duplicate row",
        ),
        pytest.param("doc_id,published\n,2025-11-03\n", "manifest.csv:2: empty doc_id; row ignored", id="empty id"),
        pytest.param(
            "doc_id,title,published\na,Troops, arrive,2025-11-03\n",
            "manifest.csv:2: 4 fields but the header has 3",
            id="unquoted comma",
        ),
        pytest.param("", "manifest.csv: the manifest is empty", id="empty"),
    ],
)
def test_manifest_problems_name_file_line_and_what(tmp_path, manifest, problem):
    write_manifest(tmp_path, manifest)
    _, problems = read_manifest(tmp_path)
    assert any(problem in p for p in problems), problems
    assert all(str(tmp_path / "manifest.csv") in p for p in problems)


def test_manifest_bad_rows_keep_the_good_ones(tmp_path):
    write_manifest(tmp_path, "doc_id,title,published\na,A,2025-02-30\nb,B,2025-11-03\nb,B2,2025-11-04\n")
    rows, problems = read_manifest(tmp_path)
    assert rows["a"].published is None and rows["a"].title == "A"
    assert rows["b"].published == dt.date(2025, 11, 3) and rows["b"].title == "B" and rows["b"].line == 3
    assert len(problems) == 3  # missing columns, bad date, duplicate


def test_manifest_in_latin1_and_with_windows_line_endings(tmp_path):
    write_manifest(tmp_path, "doc_id,title,published\r\na,Maduro en Bogotá,2025-11-03\r\n", encoding="latin-1")
    rows, _ = read_manifest(tmp_path)
    assert rows["a"].title == "Maduro en Bogotá"


def test_manifest_header_with_bom_spaces_and_capitals(tmp_path):
    write_manifest(tmp_path, "\ufeff Doc_ID , Published \na,2025-11-03\n")
    rows, _ = read_manifest(tmp_path)
    assert rows["a"].published == dt.date(2025, 11, 3)


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100)), id="binary"),
        pytest.param(lambda p: p.mkdir(), id="a folder"),
        pytest.param(lambda p: p.write_bytes(b'doc_id,title\n"a,unterminated\x00\n'), id="NUL in CSV"),
    ],
)
def test_broken_manifest_never_raises(tmp_path, make):
    make(tmp_path / "manifest.csv")
    (tmp_path / "a.txt").write_text("Troops arrived on Monday.", encoding="utf-8")
    rows, problems = read_manifest(tmp_path)
    assert problems and all("manifest.csv" in p for p in problems)
    assert [d.doc_id for d in read_folder(tmp_path)] == ["a"]


def test_manifest_rows_naming_no_file_are_warned_with_their_line(tmp_path, caplog):
    (tmp_path / "a.txt").write_text("Troops arrived on Monday.", encoding="utf-8")
    write_manifest(tmp_path, "doc_id,published\na,2025-11-03\nghost,2025-11-04\n")
    with caplog.at_level(logging.WARNING, logger="events.reading.ingest"):
        list(read_folder(tmp_path))
    assert f"{tmp_path / 'manifest.csv'}:3: doc_id 'ghost' names no file in {tmp_path}" in caplog.text


def test_manifest_is_not_read_as_a_document(tmp_path):
    write_manifest(tmp_path, "doc_id,published\n")
    assert list(read_folder(tmp_path)) == []


def test_odd_file_names_are_kept_as_text_and_skip_lines_stay_one_line(tmp_path):
    name = "Bogot\xe1 noticia.txt".encode("latin-1")  # a Latin-1 file name: not valid UTF-8
    with open(os.path.join(os.fsencode(tmp_path), name), "wb") as fh:
        fh.write("Troops arrived in Bogotá on Monday.".encode())
    (tmp_path / "two\nlines.pdf").write_bytes(b"%PDF-1.4")
    docs, skipped = items(tmp_path)
    assert [d.path for d in docs.values()] == ["Bogotá noticia.txt"]
    assert [d.doc_id for d in docs.values()] == ["Bogotá noticia"]
    (line,) = [Skipped(p, r).line() for p, r in skipped.items()]
    assert "\n" not in line and line.startswith("skipped two\\nlines.pdf: unsupported file type .pdf")


UNCLOSED = (  # a stray quote before a title: a CSV reader lets it run on, swallowing every later row into it
    "doc_id,title,outlet,url,published\n"
    'a,"Troops arrive in Caracas,Reuters,https://x.test/a,2025-11-03\n'
    "b,Ships sail,Reuters,https://x.test/b,2025-11-04\n"
    "c,Aid lands,AP,https://x.test/c,2025-11-05\n"
    'd,"Talks, again",AP,https://x.test/d,2025-11-06\n'
)


def test_an_unclosed_quote_is_named_and_swallows_no_later_row(tmp_path):
    write_manifest(tmp_path, UNCLOSED)
    rows, problems = read_manifest(tmp_path)
    assert {k: (r.title, r.published) for k, r in rows.items()} == {
        "b": ("Ships sail", dt.date(2025, 11, 4)),
        "c": ("Aid lands", dt.date(2025, 11, 5)),
        "d": ("Talks, again", dt.date(2025, 11, 6)),  # a quoted comma on one line is still fine
    }
    (problem,) = problems
    assert problem.startswith(f"{tmp_path / 'manifest.csv'}:2: a quote opened on this line is not closed on it")
    assert "row ignored" in problem


def test_an_unclosed_quote_on_the_last_row_is_named(tmp_path):
    write_manifest(tmp_path, 'doc_id,title,outlet,url,published\na,A,,,2025-11-03\nb,"B,,,2025-11-04\n')
    rows, problems = read_manifest(tmp_path)
    assert list(rows) == ["a"]
    assert problems == [
        f"{tmp_path / 'manifest.csv'}:3: a quote opened on this line is not closed on it (a row is one "
        'line; a quote inside a field is written twice, ""); row ignored, the next line read as the '
        "next row"
    ]


def test_a_quoted_line_break_is_not_taken_for_two_rows_silently(tmp_path):
    write_manifest(tmp_path, 'doc_id,title,published\na,"Two\nlines",2025-11-03\nb,B,2025-11-04\n')
    rows, problems = read_manifest(tmp_path)
    assert rows["b"].published == dt.date(2025, 11, 4)
    assert any(
        p.startswith(f"{tmp_path / 'manifest.csv'}:2: a quote opened on this line is not closed on it")
        for p in problems
    )


@pytest.mark.parametrize(
    "line, problem",
    [
        ("a,Troops arrive", "2: 2 fields but the header has 5; the missing fields (url, outlet, published) stay empty"),
        ("a", "2: 1 field but the header has 5; the missing fields (title, url, outlet, published) stay empty"),
        ('a,"Ti"tle",X,,2025-11-03', "2: not valid CSV (',' expected after '\"'); row ignored"),
    ],
)
def test_rows_with_the_wrong_number_of_fields_are_named(tmp_path, line, problem):
    write_manifest(tmp_path, f"doc_id,title,url,outlet,published\n{line}\n")
    _, problems = read_manifest(tmp_path)
    assert problems == [f"{tmp_path / 'manifest.csv'}:{problem}"]


RLO, LRI, PDI = "\u202e", "\u2066", "\u2069"


def test_bidirectional_overrides_are_removed_from_titles_and_text(tmp_path):
    (tmp_path / "a.txt").write_text(f"Russia delivered fuel to {RLO}aleuzeneV{PDI} on Oct. 30, 2025.", encoding="utf-8")
    (tmp_path / "b.html").write_text(
        f"<html><head><title>Fuel {RLO}gnivirra{PDI}</title></head><body><article><p>"
        f"Russia shipped radar systems to {LRI}Venezuela{PDI} on Nov. 2, 2025, officials "
        "said in a statement.</p></article></body></html>",
        encoding="utf-8",
    )
    write_manifest(tmp_path, f"doc_id,title,outlet\na,Fuel {RLO}devirra{PDI} today,Wire\x07 Service\n")
    docs = {d.doc_id: d for d in read_folder(tmp_path)}
    assert docs["a"].title == "Fuel devirra today" and docs["a"].outlet == "Wire Service"
    assert docs["a"].text == "Russia delivered fuel to aleuzeneV on Oct. 30, 2025."
    assert docs["b"].title == "Fuel gnivirra"
    assert "Venezuela on Nov. 2" in docs["b"].text and LRI not in docs["b"].text


def test_a_page_nested_too_deeply_says_so(tmp_path):
    depth = 100_000
    (tmp_path / "deep.html").write_text(
        "<!DOCTYPE html><html><body>" + "<div>" * depth + "Russia delivered fuel to "
        "Venezuela on Oct. 30, 2025, officials said." + "</div>" * depth + "</body></html>",
        encoding="utf-8",
    )
    (tmp_path / "empty.html").write_text(
        "<!DOCTYPE html><html><body><div><div></div></div></body></html>", encoding="utf-8"
    )
    _, skipped = items(tmp_path)
    assert skipped["deep.html"].startswith("HTML nested too deeply to read (elements more than 256 levels deep)")
    assert skipped["empty.html"] == "no readable text (a web page with no text in it)"


# ---- the manifest gets the checks an article gets -------------------------------------------------------------

ARTICLE = "Russia delivered fuel to Venezuela on Oct. 30, 2025, officials said.\n"


def _read_manifest_unblocked(folder: Path, pipe: Path):
    """read_manifest(folder), run in a thread; should it wait on the named pipe, the pipe is given an end so
    the test fails instead of hanging."""
    import threading

    out: dict = {}
    worker = threading.Thread(target=lambda: out.setdefault("result", read_manifest(folder)), daemon=True)
    worker.start()
    worker.join(30)
    if worker.is_alive():
        with open(pipe, "wb"):
            pass
        worker.join()
        pytest.fail("read_manifest waited on a named pipe")
    return out["result"]


def test_a_manifest_that_is_a_named_pipe_is_named_and_skipped(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    os.mkfifo(tmp_path / "manifest.csv")
    rows, problems = _read_manifest_unblocked(tmp_path, tmp_path / "manifest.csv")
    assert rows == {}
    assert problems == [
        f"{tmp_path / 'manifest.csv'}: not a regular file (a named pipe); going on without the manifest"
    ]


@pytest.mark.parametrize("target", ["/dev/zero", "/etc/passwd"])
def test_a_manifest_linked_out_of_the_folder_is_not_followed(tmp_path, target):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    os.symlink(target, tmp_path / "manifest.csv")
    rows, problems = read_manifest(tmp_path)
    assert rows == {}
    (problem,) = problems
    assert problem.startswith(f"{tmp_path / 'manifest.csv'}: a link pointing outside the input folder (to {target})")
    assert "root:" not in problem


def test_a_manifest_over_the_size_limit_is_named_and_skipped(tmp_path):
    (tmp_path / "manifest.csv").write_text("doc_id,title\n" + "a,Title\n" * 200, encoding="utf-8")
    rows, problems = read_manifest(tmp_path, 1_000)
    assert rows == {}
    assert problems == [
        f"{tmp_path / 'manifest.csv'}: too large: 1,613 bytes, over the limit of 1,000 bytes; going on without the manifest"
    ]
    docs = list(read_folder(tmp_path, Settings(max_file_bytes=1_000)))
    assert docs == []  # the folder holds no article; the manifest was not read as one


def test_a_manifest_linked_inside_the_folder_is_read(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "meta").mkdir()
    (tmp_path / "meta" / "rows.csv").write_text("doc_id,title\na,The fuel\n", encoding="utf-8")
    os.symlink(tmp_path / "meta" / "rows.csv", tmp_path / "manifest.csv")
    rows, _ = read_manifest(tmp_path)
    assert rows["a"].title == "The fuel"


@pytest.mark.parametrize("published", ["9999-12-31", "0001-01-01"])
def test_a_publication_date_at_the_calendars_end_is_named_and_left_empty(tmp_path, published):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    write_manifest(tmp_path, f"doc_id,title,outlet,url,published\na,Fuel,Wire,,{published}\n")
    rows, problems = read_manifest(tmp_path)
    assert rows["a"].published is None and rows["a"].title == "Fuel"
    assert problems == [
        f"{tmp_path / 'manifest.csv'}:2: published '{published}' is outside the dates a publication date can "
        "have (1000-01-01 to 8999-12-31); left empty"
    ]


# ---- folders nested deeper than any reader goes ---------------------------------------------------------------


def _nest(folder: Path, depth: int, name: str, data: bytes) -> None:
    """``depth`` folders, each inside the one before, and a file at the bottom (made with folder handles, as a
    path that long is made no other way)."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        for _ in range(depth):
            os.mkdir("d", dir_fd=fd)
            inner = os.open("d", os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = inner
        out = os.open(name, os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
        os.write(out, data)
        os.close(out)
    finally:
        os.close(fd)


def _unnest(folder: Path) -> None:
    """Remove what _nest made, from the bottom up, without recursion."""
    chain = [folder / "d"]
    while (chain[-1] / "d").is_dir():
        chain.append(chain[-1] / "d")
    for here in reversed(chain):
        for f in here.iterdir():
            if not f.is_dir():
                f.unlink()
        here.rmdir()


def test_a_folder_nested_a_thousand_deep_is_named_not_a_crash(tmp_path):
    (tmp_path / "top.txt").write_text(ARTICLE, encoding="utf-8")
    _nest(tmp_path, 1_000, "deep.txt", b"Russia shipped radar systems to Venezuela on Nov. 2, 2025.\n")
    try:
        docs, skipped = items(tmp_path)
    finally:
        _unnest(tmp_path)
    assert list(docs) == ["top.txt"]
    ((path, reason),) = skipped.items()
    assert path == "/".join(["d"] * ingest.MAX_DEPTH)
    assert reason == f"a folder more than {ingest.MAX_DEPTH} levels below the input folder; its files are not read"


def test_files_are_listed_each_folders_own_files_first(tmp_path):
    for rel in ("b.txt", "a/x.txt", "a/b/y.txt", "a/z.txt", "c/w.txt"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(rel, encoding="utf-8")
    names = [p.relative_to(tmp_path).as_posix() for p in ingest.candidate_files(tmp_path)]
    assert names == ["b.txt", "a/x.txt", "a/z.txt", "a/b/y.txt", "c/w.txt"]


# ---- characters that are there and not seen ---------------------------------------------------------------------


def test_a_stray_nul_byte_does_not_cost_the_article(tmp_path):
    (tmp_path / "a.txt").write_bytes(ARTICLE.encode("utf-8").replace(b"fuel", b"fu\x00el"))
    docs, skipped = items(tmp_path)
    assert skipped == {}
    assert "Russia delivered fuel to Venezuela" in docs["a.txt"].text and "\x00" not in docs["a.txt"].text


def test_zero_width_characters_are_removed_so_words_are_found(tmp_path):
    (tmp_path / "a.txt").write_text(
        "The ministers met in Gen\u200beva on Oct. 3, 2025, and in Vi\u2060en\u200dna a week later.\n",
        encoding="utf-8",
    )
    write_manifest(tmp_path, "doc_id,title,outlet\na,Talks in Gen\u200beva,Wi\u200cre\n")
    (doc,) = read_folder(tmp_path)
    assert "Geneva" in doc.text and "Vienna" in doc.text
    assert doc.title == "Talks in Geneva" and doc.outlet == "Wire"


@pytest.mark.parametrize("name", ["fuel\nFORGED.txt", "fuel\u202etxt.exe.txt", "\u200b\u202e.txt"])
def test_a_file_names_line_breaks_and_reordering_marks_stay_out_of_its_id(tmp_path, name):
    (tmp_path / name).write_text(ARTICLE, encoding="utf-8")
    (doc,) = read_folder(tmp_path)
    assert doc.path == name  # the file is found again by its real name
    assert not set(doc.doc_id) & {"\n", "\u202e", "\u200b"} and doc.doc_id


@pytest.mark.parametrize("cell", ["Oct 31, 2025 5:00 PM EST", "31.10.2025", "31/10/2025", "October 31st, 2025"])
def test_a_publication_date_typed_as_people_and_feeds_write_it_is_read(tmp_path, cell, caplog):
    (tmp_path / "manifest.csv").write_text(f'doc_id,title,outlet,url,published\na,,,,"{cell}"\n', encoding="utf-8")
    with caplog.at_level("INFO"):
        rows, problems = ingest.read_manifest(tmp_path)
    assert problems == [] and rows["a"].published == dt.date(2025, 10, 31)
    assert f"published {cell!r} read as 2025-10-31" in caplog.text  # what was read, said back
