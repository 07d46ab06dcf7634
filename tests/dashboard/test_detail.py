"""The detail panel's plain functions: quotes found again in their documents, shown as text."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from dashboard import detail


def unescape(text: str) -> str:
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text)


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[click](javascript:alert(1))",
        "**bold** _it_ `code` ~~x~~ :red[colour] $x^2$ <b>b</b>",
        "# heading\n- item\n1. numbered\n> quote\n    indented code",
        "Oct. 31, 2025 | 45–55% | C:\\path\\file & more",
    ],
)
def test_md_reads_exactly_as_the_text(text):
    out = detail.md(text)
    assert not re.search(r"(?<!\\)[<>\[\]()*_`~:$#|!]", out)  # every markup character escaped
    assert unescape(out).replace("  \n", "\n") == "\n".join(line.lstrip() for line in text.split("\n"))
    assert detail.md("  indented") == " indented"


def test_highlight_wraps_the_escaped_quote():
    out = detail.highlight("Before [1] ", 'He said "no *obstacles*".', " After.")
    assert out == ('Before \\[1\\] :orange-background[**He said \\"no \\*obstacles\\*\\"\\.**] After\\.')


@pytest.mark.parametrize(
    "text, quote, start, end, expected",
    [
        ("aa The quote. bb", "The quote.", 3, 13, (3, 13)),  # offsets hold
        ("aa The quote. bb", "The quote.", 0, 10, (3, 13)),  # stale offsets: found by search
        ("aa The\nquote. bb", "The quote.", None, None, (3, 13)),  # whitespace differs
        ("aa bb", "The quote.", 3, 13, None),
        ("aa bb", "", 0, 0, None),
        ("short", "short", -5, 10**9, (0, 5)),
    ],
)
def test_locate(text, quote, start, end, expected):
    assert detail.locate(text, quote, start, end) == expected


def test_event_view_finds_every_quote_in_its_document(seed):
    view = detail.event_view(seed.events, seed.mentions, seed.documents, "ev-wapo", seed.meta["input_dir"])
    assert view.title == "Washington Post reports Maduro asked Russia for military aid"
    assert view.date == '2025-10-31, "on Oct. 31"' and view.basis == "explicit"
    assert [m.outlet or m.doc_id for m in view.mentions] == [
        "The Kyiv Independent",
        "001_111dea4c715d8f3b",
        "Latin Times",
    ]
    assert all(m.found == m.quote and not m.problem for m in view.mentions)
    kyiv = view.mentions[0]
    assert kyiv.date_text == "on Oct. 31" and kyiv.basis == "relative"
    assert "Venezuela reportedly requests missiles" in kyiv.before  # the document's text around the quote
    assert kyiv.after.startswith("\n\nThe request comes amid escalating tensions")


def test_unknown_event_is_none(seed):
    assert detail.event_view(seed.events, seed.mentions, seed.documents, "nope", None) is None


def test_documents_are_read_only_inside_the_input_folder(hostile):
    root = hostile.meta["input_dir"]
    assert detail.document_text(root, "evil.txt").startswith("Intro.")
    assert detail.document_text(root, "../../../etc/passwd") is None
    assert detail.document_text(root, "/etc/passwd") is None
    assert detail.document_text(root, "missing.txt") is None
    assert detail.document_text(None, "evil.txt") is None


def test_hostile_event_view_has_problems_not_errors(hostile):
    for event_id in hostile.events["event_id"]:
        view = detail.event_view(
            hostile.events, hostile.mentions, hostile.documents, event_id, hostile.meta["input_dir"]
        )
        assert view is not None
        for m in view.mentions:
            assert m.found or m.problem


@pytest.mark.parametrize("text", ["see http://evil.example/x", "www.evil.example", "write to a@evil.example"])
def test_md_does_not_link_bare_urls_or_addresses(text):
    out = detail.md(text)
    assert "\u200b" in out and unescape(out).replace("\u200b", "") == text


def test_mentions_are_grouped_under_one_header_per_article():
    def mv(i, doc, outlet, quote):
        return detail.MentionView(
            mention_id=f"m{i}",
            doc_id=doc,
            outlet=outlet,
            doc_title="T " + doc,
            published="2025-11-05",
            quote=quote,
            date_text="",
            date="2025-10-31",
            basis="explicit",
        )

    ms = [
        mv(1, "d1", "Latin Times", "Maduro asked Russia to help overhaul defensive radars."),
        mv(2, "d2", "", "He has just asked for air defense systems, the Washington Post reported last week."),
        mv(3, "d1", "Latin Times", "The request was reported by the Washington Post on Oct. 31."),
    ]
    arts = detail.by_article(ms)
    assert [a.doc_id for a in arts] == ["d1", "d2"]
    assert [len(a.mentions) for a in arts] == [2, 1]
    assert arts[0].header == "Latin Times · T d1 · published 2025-11-05"
    assert arts[1].header == "T d2 · published 2025-11-05"  # no outlet: its title names it
    bare = detail.by_article(
        [
            detail.MentionView(
                mention_id="m9",
                doc_id="d9",
                outlet="",
                doc_title="",
                published="",
                quote="q",
                date_text="",
                date="",
                basis="undated",
            )
        ]
    )
    assert bare[0].header == "d9"  # nothing names it but its id


def test_undated_events_say_what_is_known_of_their_date():
    events = pd.DataFrame({"event_id": ["a", "b", "c"], "date_text": ["", "", "some day"]})
    mentions = pd.DataFrame({"event_id": ["a", "a", "b", "c"], "doc_id": ["d1", "d2", "d2", "d1"]})
    documents = pd.DataFrame(
        {"doc_id": ["d1", "d2"], "published": ["2025-10-26", "2025-11-01"], "published_basis": ["given", "inferred"]}
    )
    assert detail.known_dates(events, mentions, documents) == [
        "none in the text; published 2025-10-26 to ≈ 2025-11-01",
        "none in the text; published ≈ 2025-11-01",
        "“some day” (not placed on a date)",
    ]
