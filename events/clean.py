"""Page furniture out, news in: which regions of a document's text are article body.

The text itself is never rewritten, so every offset still points into the text as read;
cleaning returns the kept regions (start, end) and the dropped ones with a reason.

Rules (all vocabularies in events/resources/boilerplate.toml):
- a line matching a furniture pattern (pingback, "Read more", copyright, donation appeal ...);
- a photo credit in parentheses is cut out of its line, the caption stays;
- a line repeating an earlier line (a headline printed twice);
- a run of reader questions (lines ending in "?");
- a reporter's bio ("X is a reporter at ...") and the byline lines just above it;
- a related-article teaser after the body: a headline-like line and a short paragraph that share
  few key terms with the article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from events.prefilter import guarded
from events.records import Document
from events.resources import load

SENTENCE_END = re.compile(r"""[.!?]["'”’)\]]*$""")


@dataclass(frozen=True)
class Dropped:
    start: int
    end: int
    reason: str


@dataclass
class Line:
    start: int
    end: int
    text: str  # stripped
    reason: str = ""
    after_blank: bool = False


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[str, re.Pattern, tuple[str, ...]]]:
    """(name, regex, the strings every match holds, lower case: () when none are declared)."""
    out = []
    for p in load("boilerplate")["pattern"]:
        flags = 0 if p.get("case_sensitive") else re.IGNORECASE
        out.append((p["name"], re.compile(p["regex"], flags), tuple(w.lower() for w in p.get("require", ()))))
    return out


@lru_cache(maxsize=1)
def _inline() -> list[tuple[str, re.Pattern]]:
    return [(p["name"], guarded(p["regex"], re.IGNORECASE)) for p in load("boilerplate")["inline"]]


@lru_cache(maxsize=1)
def _bio() -> re.Pattern:
    return re.compile(load("boilerplate")["bio"]["regex"])


def furniture_reason(line: str) -> str:
    """The name of the boilerplate pattern a line matches, or ''."""
    s = line.strip()
    low = None
    for name, rx, require in _patterns():
        if require and s.isascii():  # (IGNORECASE folds a few other letters onto ASCII ones)
            low = s.lower() if low is None else low
            if not any(w in low for w in require):
                continue  # none of the strings every match holds: the pattern cannot match
        if rx.fullmatch(s):
            return name
    return ""


def _lines(text: str) -> list[Line]:
    out = []
    pos = 0
    blank = True
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        start = pos
        pos += len(raw)
        if not body.strip():
            blank = True
            continue
        lead = len(body) - len(body.lstrip())
        trail = len(body.rstrip())
        out.append(Line(start + lead, start + trail, body.strip(), after_blank=blank))
        blank = False
    return out


def _mark_questions(lines: list[Line]) -> None:
    cfg = load("boilerplate")["questions"]
    run: list[Line] = []
    for line in [*lines, None]:
        if line is not None and not line.reason and line.text.endswith("?") and len(line.text) <= cfg["max_chars"]:
            run.append(line)
            continue
        if len(run) >= cfg["min_run"]:
            for q in run:
                q.reason = "reader_questions"
        run = []


def _is_byline(line: Line) -> bool:
    cfg = load("boilerplate")["bio"]
    return len(line.text.split()) <= cfg["byline_max_words"] and not SENTENCE_END.search(line.text)


def _mark_bios(lines: list[Line]) -> None:
    cfg = load("boilerplate")["bio"]
    for i, line in enumerate(lines):
        if line.reason or not _bio().match(line.text):
            continue
        line.reason = "reporter_bio"
        for j in range(i - 1, max(-1, i - 1 - cfg["byline_max_lines"]), -1):
            if lines[j].reason or not _is_byline(lines[j]):
                if not lines[j].reason:
                    break
                continue
            lines[j].reason = "byline"


def _mark_duplicates(lines: list[Line]) -> None:
    seen = set()
    for line in lines:
        if line.reason:
            continue
        key = line.text.lower()
        if key in seen and len(key.split()) >= 3:
            line.reason = "duplicate"
        seen.add(key)


BULLET = re.compile(r"^(?:[-•*–]|\d{1,2}[.)])\s")


def _headline_like(text: str, max_words: int) -> bool:
    words = text.split()
    return 2 <= len(words) <= max_words and not SENTENCE_END.search(text) and not BULLET.match(text)


def overlap(teaser: str, body: str) -> float:
    """Share of the teaser's key terms that the body also uses."""
    from events.gazetteer import key_terms

    terms = set(key_terms(teaser))
    if not terms:
        return 1.0
    return len(terms & set(key_terms(body))) / len(terms)


def _mark_teasers(lines: list[Line]) -> None:
    cfg = load("boilerplate")["teaser"]
    kept = [i for i, line in enumerate(lines) if not line.reason]
    if len(kept) < 5:
        return
    # the teaser sits at the end of the kept text: a headline and at most max_sentences short lines
    for size in range(1, cfg["max_sentences"] + 1):
        if len(kept) < size + 4:
            break
        head = kept[-size - 1]
        paragraph = kept[-size:]
        if not _headline_like(lines[head].text, cfg["max_headline_words"]):
            continue
        if any(_headline_like(lines[i].text, cfg["max_headline_words"]) for i in paragraph):
            continue
        if sum(len(re.findall(r"[.!?](?:\s|$)", lines[i].text)) for i in paragraph) > cfg["max_sentences"]:
            continue
        teaser = " ".join(lines[i].text for i in [head, *paragraph])
        body = " ".join(lines[i].text for i in kept[: -size - 1])
        if overlap(teaser, body) <= cfg["max_overlap"]:
            for i in [head, *paragraph]:
                lines[i].reason = "related_teaser"
            return


def _split_inline(text: str, line: Line) -> tuple[list[tuple[int, int]], list[Dropped]]:
    """A kept line's region(s), with inline furniture (photo credits) cut out."""
    pieces, dropped = [(line.start, line.end)], []
    for name, rx in _inline():
        nxt = []
        for a, b in pieces:
            cut = a
            for m in rx.finditer(text, a, b):
                nxt.append((cut, m.start()))
                dropped.append(Dropped(m.start(), m.end(), name))
                cut = m.end()
            nxt.append((cut, b))
        pieces = nxt
    out = []
    for a, b in pieces:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            out.append((a, b))
    return out, dropped


def regions(text: str) -> tuple[list[tuple[int, int]], list[Dropped]]:
    """Kept (start, end) regions and dropped parts of a text."""
    lines = _lines(text)
    for line in lines:
        line.reason = furniture_reason(line.text)
    _mark_questions(lines)
    _mark_bios(lines)
    _mark_duplicates(lines)
    _mark_teasers(lines)
    kept: list[tuple[int, int]] = []
    dropped: list[Dropped] = []
    previous: Line | None = None
    for line in lines:
        if line.reason:
            dropped.append(Dropped(line.start, line.end, line.reason))
            previous = None
            continue
        pieces, cut = _split_inline(text, line)
        dropped += cut
        if (previous is not None and kept and pieces and not line.after_blank and line.text[:1].islower()
                and not SENTENCE_END.search(previous.text) and not previous.text.endswith(":")):
            kept[-1] = (kept[-1][0], pieces[0][1])  # a hard-wrapped line continues the one above
            pieces = pieces[1:]
        kept += pieces
        previous = line
    return kept, dropped


def clean(doc: Document) -> tuple[Document, list[Dropped]]:
    kept, dropped = regions(doc.text)
    return replace(doc, regions=tuple(kept)), dropped
