"""Sentences of a document's body regions, with offsets into the document text.

Splits after . ! ? (and closing quotes/brackets) followed by space and an upper-case letter, digit or
opening quote, except after a known abbreviation ("Gen.", "U.S. Navy"), a month or number word before a
digit ("Oct. 31", "No. 2") or a single initial ("Gerald R. Ford"). After an abbreviation that can end a
sentence ("the U.S. The Kremlin ..."), a usual sentence starter splits. Each region is a boundary too
(headlines, bullets, captions stand alone), and a leading bullet or list number is not part of a sentence.
No sentence is longer than MAX_CHARS: a longer run of words with no full stop (a list, a page that lost its
punctuation, or a hostile one) is cut at the last space before the limit, so a quote, and the work done per
sentence, stay bounded however long the run is. Vocabularies: events/resources/abbreviations.toml.
"""

from __future__ import annotations

import re
from functools import lru_cache

from events.records import Document, Sentence
from events.resources import load

_BOUNDARY = re.compile(r"""[.!?]+["'”’)\]]*\s+(?=["'“‘(\[]?[A-Z0-9])""")
_BULLET = re.compile(r"(?:[-•*–·▪]|\d{1,2}[.)])\s+")
_NOT_IN_TOKEN = set("(\"“'‘[")  # with white space: what ends the token before a period
_WORD = re.compile(r"[\w']+")
MAX_CHARS = 1_000  # a sentence longer than this is cut into pieces (news sentences are mostly under 400)


@lru_cache(maxsize=1)
def _vocab() -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    data = load("abbreviations")
    never = frozenset(a.lower() for a in data["titles"] + data["other"])
    before_digit = frozenset(a.lower() for a in data["months"] + data["before_digit"])
    starters = frozenset(s.lower() for s in data["starters"])
    can_end = frozenset(
        a.lower() for a in data["other"] if "." in a or a in ("inc", "corp", "co", "ltd", "llc", "jr", "sr", "etc")
    )
    return never, before_digit, starters, can_end


def _is_boundary(text: str, dot: int, nxt: int) -> bool:
    """Does the period at text[dot] end a sentence, given that the next word starts at nxt?"""
    stop = dot - 1 if text[dot - 1 : dot] == "\n" else dot  # "word\n." ends in "word", as "$" would have it
    begin = stop  # back over the token before the period (a scan, not a search from the text's start)
    while begin > 0 and not text[begin - 1].isspace() and text[begin - 1] not in _NOT_IN_TOKEN:
        begin -= 1
    token = text[begin:stop].lower()
    if not token:
        return True
    never, before_digit, starters, can_end = _vocab()
    following = _WORD.match(text, nxt)
    next_word = following.group(0).lower() if following else ""
    if len(token) == 1 and token.isalpha():
        return False  # an initial: "R." in "Gerald R. Ford"
    if token in before_digit:
        return not text[nxt : nxt + 1].isdigit()
    if token in never:
        return token in can_end and next_word in starters
    return True


def split_text(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """(start, end) spans of the sentences in text[start:end], trimmed of white space and bullets."""
    end = len(text) if end is None else end
    while start < end and text[start].isspace():
        start += 1
    bullet = _BULLET.match(text, start, end)
    if bullet and bullet.end() < end:
        start = bullet.end()
    spans = []
    cut = start
    for m in _BOUNDARY.finditer(text, start, end):
        dot = m.start()
        if text[dot] == "." and m.group(0).startswith(".") and not _is_boundary(text, dot, m.end()):
            if not re.match(r"\.[\"'”’)\]]", text[dot : dot + 2]):
                continue
        spans.append((cut, m.end()))
        cut = m.end()
    spans.append((cut, end))
    out = []
    for a, b in spans:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            out.extend(_bounded(text, a, b))
    return out


def _bounded(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The span (start, end), or its pieces of at most MAX_CHARS, each cut after the last white space before
    the limit (at the limit when a piece holds none), trimmed of white space."""
    out = []
    while end - start > MAX_CHARS:
        limit = start + MAX_CHARS
        cut = limit
        while cut > start + MAX_CHARS // 2 and not text[cut].isspace():
            cut -= 1
        if not text[cut].isspace():
            cut = limit
        piece_end = cut
        while piece_end > start and text[piece_end - 1].isspace():
            piece_end -= 1
        out.append((start, piece_end))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        out.append((start, end))
    return out


def split(doc: Document) -> list[Sentence]:
    regions = doc.regions or ((0, len(doc.text)),)
    out = []
    for r_start, r_end in regions:
        for a, b in split_text(doc.text, r_start, r_end):
            out.append(Sentence(doc.doc_id, a, b, doc.text[a:b]))
    return out
