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
  few key terms with the article;
- a subheading: a short headline-like line between two paragraphs of the body.

Pages that came as one run of text (no line breaks) carry the same furniture inside a line, found by the
shape and position of sentences:
- a reader-comment thread, from its first comment header or comment-policy sentence to the end;
- furniture opening a sentence, cut off so the rest stays: a wire dateline, the page's time stamp,
  a byline, a subheading in capitals;
- a whole furniture sentence: credits, newsletter appeals, reader call-outs, media-player notices;
- a photo caption: the sentence before a photo credit, or a page that opens with the photo's date, unless
  it dates its own fact with a full date.

Across a collection (site_repeats, on the mentions of every document): a sentence printed word for word on a
large share of one outlet's pages is that site's furniture.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from events.reading.sentences import split_text
from events.records import Document, Mention
from events.resources import load
from events.text.prefilter import guarded

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
    from events.text.gazetteer import key_terms

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


def _mark_subheadings(lines: list[Line]) -> None:
    """A short headline-like line between two body paragraphs ("Air Defense Deliveries Already Underway",
    "5. The big picture: ..."). A bulleted list item, or a line next to another short line, is not one."""
    most = load("boilerplate")["subheading"]["max_words"]

    def paragraph(line: Line) -> bool:
        n = len(line.text.split())
        return n > most or (n > most // 2 and bool(SENTENCE_END.search(line.text)))

    kept = [line for line in lines if not line.reason]
    for prev, line, nxt in zip(kept, kept[1:], kept[2:]):
        words = line.text.split()
        if (
            prev.reason
            or len(words) > most
            or len(words) < 2
            or SENTENCE_END.search(line.text)
            or line.text[:1] in "-•*–·▪"
        ):
            continue
        if paragraph(prev) and paragraph(nxt):
            line.reason = "subheading"


@dataclass(frozen=True)
class _Marker:
    find: tuple[str, ...]
    regex: re.Pattern | None
    cut: str  # "match" or "sentence"


@dataclass(frozen=True)
class _Rules:
    thread: tuple[_Marker, ...]
    prefixes: tuple[tuple[str, re.Pattern], ...]
    suffixes: tuple[tuple[str, re.Pattern, tuple[str, ...]], ...]
    sentences: tuple[tuple[str, re.Pattern, re.Pattern | None], ...]  # name, rule, what every match holds
    sentence_hint: re.Pattern | None  # any rule's strings (None: some rule has none, try them all)
    credit: re.Pattern
    date_opening: re.Pattern
    full_date: re.Pattern
    agency: re.Pattern
    caption_max: int


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    b = load("boilerplate")

    def flags(p: dict) -> int:
        return 0 if p.get("case_sensitive") else re.IGNORECASE

    cap = b["caption"]
    return _Rules(
        thread=tuple(
            _Marker(tuple(m["find"]), re.compile(m["regex"]) if "regex" in m else None, m["cut"])
            for m in b["thread"]["marker"]
        ),
        prefixes=tuple((p["name"], re.compile(p["regex"], flags(p))) for p in b["prefix"]),
        suffixes=tuple((p["name"], re.compile(p["regex"], flags(p)), tuple(p["require"])) for p in b["suffix"]),
        sentences=tuple(
            (
                p["name"],
                re.compile(p["regex"], flags(p)),
                re.compile("|".join(map(re.escape, p["require"]))) if p.get("require") else None,
            )
            for p in b["sentence"]
        ),
        sentence_hint=None
        if any(not p.get("require") for p in b["sentence"])
        else re.compile("|".join(re.escape(w) for p in b["sentence"] for w in p["require"])),
        credit=re.compile(cap["credit"]),
        date_opening=re.compile(cap["date_opening"]),
        full_date=re.compile(cap["full_date"]),
        agency=re.compile(cap["agency"]),
        caption_max=cap["max_chars"],
    )


_NAMED_CREDIT = re.compile(r"\s*\((?:photo\b|[A-Z])")  # "(AP Photo/...)", "(Melina Mara/Post)", not "(if you ...)"
_SENTENCE_START = re.compile(r"""[.!?]["'”’)\]]*\s+(?=\S)""")
_CLOCK = re.compile(r"\d[:.]\d\d")
ONE_RUN = 1000  # a line this long holds more than a paragraph: its sentences are tried as lines too


def thread_start(text: str, start: int = 0) -> int | None:
    """Where a reader-comment thread begins in text[start:], or None: at a comment header, or at the
    sentence holding a comment-policy line ("We welcome comments ...")."""
    best: int | None = None
    for marker in _rules().thread:
        for lit in marker.find:
            i = text.find(lit, start)
            while i != -1 and (best is None or i < best):
                at = i
                if marker.regex is not None:
                    m = marker.regex.search(text, max(start, i - 150), i + len(lit))
                    at = m.start() if m else -1
                if at >= 0:
                    if marker.cut == "sentence":
                        line_start = text.rfind("\n", start, at) + 1
                        ends = list(_SENTENCE_START.finditer(text, max(start, line_start, at - 400), at + 1))
                        at = ends[-1].end() if ends else max(start, line_start)
                    best = at if best is None else min(best, at)
                    break
                i = text.find(lit, i + 1)
    return best


def _cut_prefixes(text: str, a: int, b: int, dropped: list[Dropped]) -> int:
    """Cut furniture opening the sentence text[a:b]; the new start."""
    again = True
    while again and a < b:
        again = False
        for name, rx in _rules().prefixes:
            m = rx.match(text, a, b)
            if m and m.end() > a:
                dropped.append(Dropped(a, m.end(), name))
                a, again = m.end(), True
                while a < b and text[a].isspace():
                    a += 1
    return a


HEAD_SENTENCES = 3  # sentences of a page head (headline, standfirst, caption) that may stand before its dateline


def _dateline_at(text: str, spans: list[tuple[int, int]]) -> int | None:
    """The index of the first of ``spans`` that opens with a wire dateline, or None."""
    for i, (s, e) in enumerate(spans):
        if any(name == "dateline" and rx.match(text, s, e) for name, rx in _rules().prefixes):
            return i
    return None


def _is_caption(text: str, a: int, b: int) -> bool:
    """A caption dates its own fact only with a full date inside it (not the photo's date opening it)."""
    opening = _rules().date_opening.match(text, a, b)
    return not _rules().full_date.search(text, opening.end() if opening else a, b)


def _sentence_furniture(
    text: str, a: int, b: int, credit_after: bool, head: bool, dropped: list[Dropped]
) -> list[tuple[int, int]]:
    """The kept parts of a kept piece text[a:b], sentence by sentence."""
    rules = _rules()
    before = len(dropped)
    if head:  # a page that opens with a photo's date: "July 6: Barges ... are seen from the air ... AP"
        opening = rules.date_opening.match(text, a, b)
        if opening:
            agency = rules.agency.search(text, opening.end(), min(b, a + rules.caption_max))
            end = agency.end() if agency else next(iter(split_text(text, a, b)), (a, b))[1]
            dropped.append(Dropped(a, end, "caption"))
            a = end
    spans = split_text(text, a, b)
    if head:  # a page head before the wire's dateline: "Technician X looks at samples ..., April 29, 2009.
        # BRUSSELS | Wed Apr 29, 2009 5:41 pm BST BRUSSELS (Reuters) - ..." (the photo's caption, a headline)
        j = _dateline_at(text, spans[1 : HEAD_SENTENCES + 1])
        if j is not None and spans[j + 1][0] - a <= 2 * rules.caption_max:
            dropped.append(Dropped(a, spans[j][1], "caption"))
            spans = spans[j + 1 :]
    out: list[tuple[int, int]] = []
    stamp = next(rx for name, rx in rules.prefixes if name == "timestamp")
    for i, (s, e) in enumerate(spans):
        s = _cut_prefixes(text, s, e, dropped)
        # a time stamp after the headline: "... Tuesday 7 September 2010 18.13 BST"
        inside = stamp.search(text, s + 1, e) if _CLOCK.search(text, s, e) else None
        if inside and inside.end() < e:
            out.append((s, inside.start()))
            dropped.append(Dropped(inside.start(), inside.end(), "timestamp"))
            s = inside.end()
        credit = rules.credit.search(text, s, e) if "Photograph:" in text[s:e] else None
        if credit and credit.start() <= s + 1:  # "Photograph: Lee Celano/Reuters Out on the water, ..."
            dropped.append(Dropped(s, credit.end(), "photo_credit"))
            if out and out[-1][1] == spans[i - 1][1] and _is_caption(text, *out[-1]):
                dropped.append(Dropped(*out.pop(), "caption"))
            s = _cut_prefixes(text, credit.end(), e, dropped)
        elif credit:  # the caption runs into its credit: "... exploded in April 2010 Photograph: HO/AFP ..."
            if _is_caption(text, s, credit.start()):
                dropped.append(Dropped(s, credit.start(), "caption"))
            else:
                out.append((s, credit.start()))
            dropped.append(Dropped(credit.start(), credit.end(), "photo_credit"))
            s = _cut_prefixes(text, credit.end(), e, dropped)
        for name, rx, require in rules.suffixes:
            tail = rx.search(text, s, e) if any(w in text[s:e] for w in require) else None
            if tail:
                dropped.append(Dropped(tail.start(), e, name))
                e = len(text[: tail.start()].rstrip())
        while s < e and text[s].isspace():
            s += 1
        if s >= e:
            continue
        low = text[s:e].lower()
        reason = ""
        if rules.sentence_hint is None or rules.sentence_hint.search(low):
            reason = next(
                (
                    name
                    for name, rx, require in rules.sentences
                    if (require is None or require.search(low)) and rx.fullmatch(text, s, e)
                ),
                "",
            )
        if not reason and len(spans) > 1 and e - s <= 400 and b - a >= ONE_RUN:
            reason = furniture_reason(text[s:e])
        if not reason and credit_after and i == len(spans) - 1 and _is_caption(text, s, e):
            reason = "caption"
        if reason:
            dropped.append(Dropped(s, e, reason))
        else:
            out.append((s, e))
    if len(dropped) == before:
        return [(a, b)]
    merged: list[tuple[int, int]] = []
    for s, e in out:  # adjacent kept sentences make one region again
        if merged and not any(merged[-1][1] <= d.start < s for d in dropped):
            merged[-1] = (merged[-1][0], e)
        else:
            merged.append((s, e))
    return merged


def regions(text: str) -> tuple[list[tuple[int, int]], list[Dropped]]:
    """Kept (start, end) regions and dropped parts of a text."""
    lines = _lines(text)
    for line in lines:
        line.reason = furniture_reason(line.text)
    _mark_questions(lines)
    _mark_bios(lines)
    _mark_duplicates(lines)
    _mark_teasers(lines)
    _mark_subheadings(lines)
    kept: list[tuple[int, int]] = []
    dropped: list[Dropped] = []
    previous: Line | None = None
    thread = thread_start(text)
    for line in lines:
        if thread is not None and line.end > thread and not line.reason:
            if line.start < thread:
                dropped.append(Dropped(thread, line.end, "comments"))
                line = replace(line, end=len(text[:thread].rstrip()), text=text[line.start : thread].strip())
            else:
                line.reason = "comments"
        if line.reason or line.start >= line.end:
            if line.reason:
                dropped.append(Dropped(line.start, line.end, line.reason))
            previous = None
            continue
        pieces, cut = _split_inline(text, line)
        dropped += cut
        credit_ends = {d.start for d in cut if _NAMED_CREDIT.match(text, d.start, d.end)}
        pieces = [
            part
            for a, b in pieces
            for part in _sentence_furniture(text, a, b, b in credit_ends or b + 1 in credit_ends, not kept, dropped)
        ]
        if (
            previous is not None
            and kept
            and pieces
            and not line.after_blank
            and line.text[:1].islower()
            and not SENTENCE_END.search(previous.text)
            and not previous.text.endswith(":")
        ):
            kept[-1] = (kept[-1][0], pieces[0][1])  # a hard-wrapped line continues the one above
            pieces = pieces[1:]
        kept += pieces
        previous = line
    return kept, dropped


def describe(dropped: list[Dropped]) -> str:
    """One line of what cleaning dropped: "dropped 14 parts, 2310 characters (comments 1, dateline 1, ...)"."""
    counts: dict[str, int] = {}
    for d in dropped:
        counts[d.reason] = counts.get(d.reason, 0) + 1
    by_class = ", ".join(f"{k} {v}" for k, v in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    chars = sum(d.end - d.start for d in dropped)
    return f"dropped {len(dropped)} parts, {chars} characters" + (f" ({by_class})" if by_class else "")


DATED = ("dateline", "timestamp", "byline")  # furniture that states when the page was published


def with_dated_furniture(doc: Document, dropped: list[Dropped]) -> Document:
    """The document with its dateline, time stamp and byline kept again: evidence of its publication date."""
    extra = [(d.start, d.end) for d in dropped if d.reason in DATED]
    return replace(doc, regions=tuple(sorted([*doc.regions, *extra]))) if extra else doc


def clean(doc: Document) -> tuple[Document, list[Dropped]]:
    kept, dropped = regions(doc.text)
    return replace(doc, regions=tuple(kept)), dropped


_SPACE = re.compile(r"\s+")


def site_repeats(mentions: list[Mention], outlet_of: dict[str, str]) -> tuple[list[Mention], dict[str, str]]:
    """The mentions without those whose sentence recurs word for word in at least ``share`` of one outlet's
    documents (and ``min_docs`` of them), and {doc_id: first dropped quote} for the log. Memory: one counter
    per distinct sentence of the mentions already held."""
    cfg = load("boilerplate")["site_repeat"]
    docs: dict[str, int] = {}
    for outlet in outlet_of.values():
        docs[outlet] = docs.get(outlet, 0) + 1
    seen: set[tuple[str, int]] = set()
    count: dict[tuple[str, int], int] = {}
    keys = []
    for m in mentions:
        key = (outlet_of.get(m.doc_id, ""), hash(_SPACE.sub(" ", m.quote.strip().lower())))
        keys.append(key)
        if (m.doc_id, key[1]) not in seen:
            seen.add((m.doc_id, key[1]))
            count[key] = count.get(key, 0) + 1
    kept, dropped = [], {}
    for m, key in zip(mentions, keys):
        if count[key] >= max(cfg["min_docs"], cfg["share"] * docs.get(key[0], 0)):
            dropped.setdefault(m.doc_id, m.quote)
        else:
            kept.append(m)
    return kept, dropped
