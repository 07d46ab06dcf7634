"""Mentions: what a sentence tells happened, said, requested or planned, read from its parse.

The sentences worth parsing are those with a date or a content trigger word (``candidates``); they are
parsed in one batch per document (events/parsing). In each, the event frames (frames.py) give the main event
(the first category trigger on the main clause's chain of verbs and their arguments) and the saying that
reports it ("..., Obama said on Monday"). The main event is dated by the date its own predicate governs;
failing that, a saying is the event, dated by its own date; failing that, the mention is undated. Any other
frame that governs a date of its own (a relative or adverbial clause, an event noun: "since the April 20
explosion") is a mention of its own. Titles are written from the frame (headline.py); actors and place come
from the gazetteers, status from hedges.toml and the frame's negation and modality.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

from events import parsing
from events.extraction import frames as frames_mod
from events.extraction import headline, lexicon
from events.extraction.lexicon import Trigger
from events.records import Document, Mention, Sentence
from events.resources import load
from events.text import gazetteer
from events.text.prefilter import Words, first_words, guarded

DATED_TYPES = ("DATE", "TIME")  # a duration ("for three days") or a set ("every Monday") names no date
WORDS = re.compile(r"[\w'’-]+")
MAX_PARSE_CHARS = 1500  # a longer "sentence" is a run-on page part: its first part is parsed, the rest not


def mention_id(doc_id: str, start: int, end: int, part: int | None = None) -> str:
    key = f"{doc_id}:{start}:{end}" + (f":{part}" if part is not None else "")
    return hashlib.sha1(key.encode()).hexdigest()[:12]


@lru_cache(maxsize=1)
def _cfg() -> dict:
    data = load("mentions")
    return {
        **data,
        "anaphoric": re.compile(
            r"(?:^|,\s*)(?P<phrase>"
            + "|".join(map(re.escape, sorted(data["anaphoric"], key=len, reverse=True)))
            + r")\b(?=\s*,|\s+[a-z])",
            re.IGNORECASE,
        ),
    }


def _usable(t) -> bool:
    return (
        getattr(t, "type", "DATE") in DATED_TYPES
        and getattr(t, "date_start", None) is not None
        and getattr(t, "value", "") not in _cfg()["vague_values"]
    )


@lru_cache(maxsize=1)
def _content_forms() -> frozenset[str]:
    return lexicon.forms("content")


def candidate(text: str, dated: bool) -> bool:
    """Whether a sentence can hold an event worth parsing: it has a date, or a word a content trigger can
    start with. (An undated sentence with only a saying in it is comment.)"""
    if text.rstrip().endswith("?"):
        return False
    if dated:
        return True
    words = {w.lower() for w in WORDS.findall(text)}
    words |= {part for w in words if "-" in w for part in w.split("-")}  # "build-up": "build", "up"
    if not words.isdisjoint(_content_forms()):
        return True
    return any(last in words and not first.isdisjoint(words) for last, first in lexicon.phrases("content"))


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    """text with each span's characters made spaces (overlapping spans too)."""
    out, pos = [], 0
    for a, b in sorted(spans):
        if b <= a or b <= pos:
            continue
        a = max(a, pos)
        out += (text[pos:a], " " * (b - a))
        pos = b
    out.append(text[pos:])
    return "".join(out)


# ---- status ---------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _hedges() -> dict:
    data = load("hedges")

    def rx(words, flags=re.IGNORECASE):
        return (
            guarded(r"\b(?:" + "|".join(map(re.escape, sorted(words, key=len, reverse=True))) + r")\b", flags)
            if words
            else None
        )

    statuses = {
        name: (rx(spec.get("anywhere", [])), rx(spec.get("before_trigger", [])))
        for name, spec in data["status"].items()
    }
    # the same cues in lower case, matched case-sensitively in a lower-cased ASCII text (faster)
    lower = {name: rx([w.lower() for w in spec.get("anywhere", [])], 0) for name, spec in data["status"].items()}
    # a text without any of a status's first cue words cannot show that status
    needs = {name: first_words(spec.get("anywhere", [])) for name, spec in data["status"].items()}
    cue_words = Words(set().union(*(w for w in needs.values() if w)))  # every status's first cue words, in one pass
    neg = re.compile(r"(?:\b(?:" + "|".join(map(re.escape, data["negators"])) + r")\b|n't)", re.IGNORECASE)
    return {
        "order": data["order"],
        "statuses": statuses,
        "lower": lower,
        "needs": needs,
        "cue_words": cue_words,
        "neg": neg,
        "window": data["window"],
        "neg_window": data["negation_window"],
    }


def _negated(text: str, start: int, words: int) -> bool:
    before = " ".join(text[:start].split()[-words:])
    return bool(_hedges()["neg"].search(before))


def status_of(text: str, trig: Trigger | None) -> str:
    """reported, claimed, confirmed, denied, disputed or planned, from the sentence's hedges."""
    h = _hedges()
    ascii_text = text.isascii()
    low = text.lower() if ascii_text else text
    cues = {w for _, w in h["cue_words"].find(low)} if ascii_text else None
    for name in h["order"]:  # the first status in order with a cue wins
        if name not in h["statuses"]:
            continue
        anywhere, before = h["statuses"][name]
        if ascii_text and anywhere is not None:
            # a text without any of the status's first cue words cannot show it (first_words None: no test)
            need = h["needs"][name]
            anywhere, searched = (h["lower"][name] if need is None or not need.isdisjoint(cues) else None), low
        else:
            searched = text
        if anywhere is not None:
            if any(not _negated(text, m.start(), h["neg_window"]) for m in anywhere.finditer(searched)):
                return name
        if before is not None and trig is not None:
            window = " ".join(text[: trig.start].split()[-h["window"] :])
            if before.search(window):
                return name
    return "reported"


def _basis(t, doc: Document) -> str:
    basis = getattr(t, "basis", "") or "explicit"
    if basis == "relative":
        if doc.published is None or doc.published_basis == "unknown":
            return "undated"
        if doc.published_basis == "inferred":
            return "inferred"
    return basis if basis in ("explicit", "relative", "inferred") else "explicit"


@dataclass
class _Context:
    """What a document's earlier sentences tell the next: people named, the last dates named."""

    people: dict
    last_dates: list
    last_person: str = ""
    last_named: str = ""  # the named subject (a proper noun) of the last parsed sentence


class _View:
    """A timex seen from a sentence (see _relative)."""


def _relative(t, offset: int):
    """A copy-free view of a timex with offsets relative to a sentence."""
    v = _View()
    v.__dict__.update(
        {
            k: getattr(t, k, None)
            for k in (
                "text",
                "type",
                "value",
                "date_start",
                "date_end",
                "precision",
                "basis",
                "mod",
                "is_span",
                "signal",
            )
        }
    )
    v.start, v.end, v.source = t.start - offset, t.end - offset, t
    return v


# ---- mentions -------------------------------------------------------------------------------------------


def mentions(doc: Document, sentences: list[Sentence], timexes: list) -> list[Mention]:
    """The mentions of a document, in text order."""
    timexes = sorted(timexes, key=lambda t: t.start)
    starts = [t.start for t in timexes]
    ctx = _Context(people={}, last_dates=[])
    views, todo = [], []
    for s in sentences:
        first, last = bisect_left(starts, s.start), bisect_left(starts, s.end)
        inside = [_relative(t, s.start) for t in timexes[first:last] if t.end <= s.end]
        views.append(inside)
        if len(s.text.split()) >= _cfg()["min_words"] and candidate(s.text, any(_usable(t) for t in inside)):
            todo.append(len(views) - 1)
    parsed = dict(zip(todo, parsing.parse([sentences[k].text[:MAX_PARSE_CHARS] for k in todo])))
    out: list[Mention] = []
    for k, s in enumerate(sentences):
        found = gazetteer.actors(s.text, ctx.people)
        ctx.people.update(gazetteer.surname_index(found))
        if k in parsed:
            out += _sentence_mentions(doc, s, parsed[k], views[k], found, ctx)
            ctx.last_named = _named_subject(parsed[k]) or ctx.last_named
        dated = [t for t in views[k] if _usable(t)]
        ctx.last_dates = dated  # "At that time" points back one sentence only
        persons = [f.name for f in found if f.kind == "person"]
        ctx.last_person = persons[-1] if persons else ctx.last_person
    return out


@dataclass(frozen=True)
class _Main:
    """A parsed sentence's main event: the token its title is written from, its trigger frame (None for a
    dated happening no trigger names), the saying that reports it, and the dates its predicate governs."""

    token: int
    frame: frames_mod.Frame | None
    saying: frames_mod.Frame | None
    dates: tuple


MAIN_ARGS = {"obj", "dobj", "nsubj", "nsubj:pass", "iobj"}
RELATIVE = {"acl:relcl", "relcl", "acl"}
UNCLASSIFIED = "unclassified"  # categories.toml: a dated happening no trigger names


def _chain(root) -> list:
    """The main clause's verbs (the root, and verbs it is conjoined with or completed by) and the event nouns
    that are their arguments, in order."""
    out, todo = [], [root]
    while todo:
        t = todo.pop()
        out.append(t)
        for c in t.children:
            if (
                c.dep_ in ("xcomp", "conj")
                and c.pos_ in ("VERB", "AUX")
                or c.dep_ in MAIN_ARGS
                or _by_doing(c)
                or frames_mod.to_after_verb_reading(c)
            ):
                todo.append(c)
    return sorted(out, key=lambda t: t.i)


def _misplaced_complement(tok, dates) -> bool:
    if tok.dep_ not in RELATIVE | {"advcl", "ccomp"} or not _has_own_subject(tok):
        return False
    that = any(c.dep_ == "mark" and c.lower_ == "that" for c in tok.children)
    return tok.head.i in dates or that


def _has_own_subject(tok) -> bool:
    return any(c.dep_ in ("nsubj", "nsubj:pass", "csubj") for c in tok.children) and tok.dep_ != "nsubj"


def _bare_saying(root, by_head: dict):
    """A root that only says who said it ("Energy Secretary Chris Huhne said in June", split by the parser
    from the clause before it): its frame, else None."""
    f = by_head.get(root.i)
    if f is None or f.kind != "communication" or f.trigger.dated_only or frames_mod._subject(root) is None:
        return None
    if any(c.dep_ in ("ccomp", "parataxis", "obj", "xcomp") for c in root.children):
        return None
    return f


def _by_doing(tok) -> bool:
    """ "responded by blockading the island": how the verb was done, an event of the main clause."""
    return (
        tok.dep_ == "advcl" and tok.tag_ == "VBG" and any(c.dep_ == "mark" and c.lower_ == "by" for c in tok.children)
    )


def main_event(sent, by_head: dict, governed: dict, next_saying=None, dates=frozenset()) -> _Main | None:
    """The main event of one of the parse's sentences: the first content trigger on the main clause's chain
    (else the clause's own verb, when a date of its own makes it a happening), and the saying reporting it
    (``next_saying``: a bare saying the parser split off after it)."""
    root = _effective_root(sent, dates)
    hidden = frames_mod.misparsed_root(root)
    root = hidden if hidden is not None else root
    saying = clause_root = None
    rf = by_head.get(root.i)
    if (
        rf is not None
        and rf.kind == "communication"
        and not rf.trigger.dated_only
        and not any(_by_doing(c) for c in root.children)
    ):
        saying = rf
        clause_root = next(
            (c for c in root.children if c.dep_ == "ccomp" or c.dep_ == "parataxis" and _has_own_subject(c)), None
        )
        if clause_root is None:  # "Attacks ... could be a crime, the prosecutor said": a clause hung otherwise
            clause_root = next(
                (
                    c
                    for c in root.children
                    if c.i < root.i and (frames_mod.fronted_complement(c) or _has_own_subject(c))
                ),
                None,
            )
        if clause_root is None:  # "said on Tuesday the ceasefire was holding": read as a clause on "Tuesday";
            # "said in an interview that ...": a "that" clause hung on the noun before it
            clause_root = next((t for t in root.subtree if _misplaced_complement(t, dates)), None)
    else:
        clause_root = root
        saying = frames_mod.saying_after(root, by_head) or next_saying
    chain = _chain(clause_root) if clause_root is not None else []
    if saying is not None and clause_root is None:  # "announced the mobilization of 15,000 soldiers"
        chain = [c for c in root.children if c.dep_ in ("obj", "dobj")]
    content = [by_head[t.i] for t in chain if t.i in by_head and by_head[t.i].kind == "content"]
    content = [f for f in content if not f.trigger.dated_only]
    # the first strong trigger, else the first weak one ("continue to rise as Russia hints at sending ...")
    event = next((f for f in content if not f.trigger.weak), content[0] if content else None)
    if saying is not None and clause_root is None and event is not None:
        return _Main(saying.head, event, saying, tuple(event.dates) or tuple(saying.dates))
    if event is not None:
        verb = sent.doc[event.head]
        token = event.head if verb.pos_ == "VERB" or clause_root is None else clause_root.i
        # the clause's own date; an event noun's date of its own ("Wednesday's attacks") is its own mention
        dates = tuple(event.dates) if token == event.head else tuple(governed.get(token, ()))
        if not dates and clause_root is not None:
            dates = tuple(governed.get(clause_root.i, ()))
        return _Main(token, event, saying, dates)
    if clause_root is not None and clause_root.pos_ in ("VERB", "AUX", "NOUN", "PROPN", "ADJ"):
        dates = tuple(
            d for t in chain if t.pos_ in ("VERB", "AUX") or t.i == clause_root.i for d in governed.get(t.i, ())
        )
        if dates or saying is not None:
            return _Main(clause_root.i, None, saying, dates)
    if saying is not None:
        return _Main(saying.head, None, saying, ())
    return None


def _named_subject(sdoc) -> str:
    """The proper-noun subject of a parsed sentence's first clause ("Mubarak"), for a "he" or "she" after it."""
    for sent in sdoc.sents:
        subj = next((c for c in sent.root.children if c.dep_ in ("nsubj", "nsubj:pass")), None)
        if subj is not None and subj.pos_ == "PROPN":
            return headline.phrase(subj, 2)
        return ""
    return ""


def _skip(doc, timexes) -> frozenset[int]:
    return frozenset(t.i for t in doc for x in timexes if x.start <= t.idx < x.end)


def _conditional(tok) -> bool:
    """A predicate inside a condition ("if ...", "unless ...")."""
    conditions = frames_mod._words()["conditions"]
    t, seen = tok, set()
    while t.i not in seen:
        seen.add(t.i)
        if any(c.dep_ == "mark" and c.lower_ in conditions for c in t.children):
            return True
        if t.head.i == t.i:
            return False
        t = t.head
    return False


def _effective_root(sent, dates=frozenset()):
    """The sentence's root; when a date is the root ("3 March 2011 - The trial is delayed ..." parsed as the
    date with a clause hung on it), the clause after it."""
    root = sent.root
    if root.i in dates:
        clause = next((c for c in root.children if c.i > root.i and _has_own_subject(c)), None)
        if clause is not None:
            return clause
    return root


def _clausal(root) -> bool:
    return (
        root.pos_ in ("VERB", "AUX")
        or lexicon.verb_reading(root)
        or any(c.dep_ in ("cop", "nsubj", "nsubj:pass") for c in root.children)
        or frames_mod.misparsed_root(root) is not None
    )


def _rank(doc, dates: tuple) -> list:
    """A predicate's dates, best first: one bound by "since", "by", "until" ... only after the others."""
    aside = set(_cfg()["aside_prepositions"])

    def key(t):
        signals = frames_mod.date_signals(t, frames_mod._span_tokens(doc, t.start, t.end))
        return (1 if signals & aside else 0, t.start)

    return sorted(dates, key=key)


def glue_point(sdoc) -> int | None:
    """Where a headline glued to the text ends ("Libya's civil war and U.N. intervention The U.N. Security
    Council voted ..."): a capitalized article after a noun, opening a subject. Character offset, or None."""
    for t in sdoc[1:]:
        prev = sdoc[t.i - 1]
        if (
            t.text in GLUE_ARTICLES
            and prev.pos_ in ("NOUN", "PROPN", "NUM")
            and prev.is_alpha
            and not prev.whitespace_ == ""
        ):
            if t.head.dep_ in ("nsubj", "nsubj:pass"):
                return t.idx
    return None


GLUE_ARTICLES = {"The", "A", "An"}


def _unglued(s: Sentence, sdoc, inside: list):
    """The sentence without the headline glued before it, parsed again, and its dates moved with it."""
    at = glue_point(sdoc)
    if at is None:
        return s, sdoc, inside
    tail = Sentence(s.doc_id, s.start + at, s.end, s.text[at:])
    moved = [_relative(t, at) for t in inside if t.start >= at]
    return tail, parsing.parse([tail.text[:MAX_PARSE_CHARS]])[0], moved


def _sentence_mentions(doc: Document, s: Sentence, sdoc, inside: list, found: list, ctx: _Context) -> list[Mention]:
    s, sdoc, inside = _unglued(s, sdoc, inside)
    dated = [t for t in inside if _usable(t) and t.end <= len(sdoc.text)]
    all_frames, governed = frames_mod.frames_and_dates(sdoc, dated)
    if not all_frames and not governed:
        return []
    text = s.text
    names = sorted({f.name for f in found})
    he_she = any(t.lower_ in ("he", "she") and t.dep_.startswith("nsubj") for t in sdoc)
    antecedent = gazetteer.short_name(ctx.last_person) if ctx.last_person else ctx.last_named
    if he_she and ctx.last_person and ctx.last_person not in names:
        names = sorted({*names, ctx.last_person})
    roles = sorted({f"{f.name}: {f.role}" for f in found if f.kind == "person" and f.role})
    skip = _skip(sdoc, dated)
    by_head = {f.head: f for f in all_frames}
    out: list[Mention] = []
    used: set[int] = set()
    common = (doc, s, names, roles, found, skip, antecedent)
    sents = list(sdoc.sents)
    for k, sent in enumerate(sents):
        if not _clausal(_effective_root(sent, skip)):
            continue  # a caption, a teaser, a stamp or a headline glued to the text: no predicate, no event
        if k and _bare_saying(sent.root, by_head) is not None and sents[k - 1].root.i in used:
            continue  # told as the saying of the clause before it
        after = _bare_saying(sents[k + 1].root, by_head) if k + 1 < len(sents) else None
        main = main_event(sent, by_head, governed, after, skip)
        if main is not None:
            strong = next(
                (
                    f
                    for f in all_frames
                    if f.kind == "content"
                    and not f.trigger.weak
                    and not f.trigger.dated_only
                    and not _conditional(sdoc[f.head])
                ),
                None,
            )
            # the parse may find two sentences in one: the second one's main mention needs an id of its own
            m = _main_mention(sdoc, main, ctx, common, strong, part=None if k == 0 else -1 - sent.start_char)
            if m is not None:
                out.append(m)
                used.add(main.token)
                used.update(f.head for f in (main.frame, main.saying) if f is not None)
                taken = {id(t) for t in main.dates}  # the verbs whose dates the main event took ("try to stop")
                used.update(h for h, ds in governed.items() if any(id(t) in taken for t in ds))
        for head in sorted(governed):
            if not sent.start <= head < sent.end or head in used:
                continue
            tok, f = sdoc[head], by_head.get(head)
            if f is None and tok.pos_ != "VERB" or f is not None and f.kind == "communication":
                continue  # a copular aside or a saying of its own: no happening
            if _conditional(tok):
                continue  # "if the rebels attacked the town on Tuesday": no happening either
            used.add(head)
            best = _rank(sdoc, governed[head])[0]
            title = headline.title(sdoc, tok, skip, antecedent)
            if title:
                trig, category = (f.trigger, f.category) if f is not None else (None, UNCLASSIFIED)
                frame = _frame_terms(sdoc, f, tok)
                out.append(
                    _mention(doc, s, text, category, trig, best, names, roles, found, title, frame, f, part=best.start)
                )
    return out


def _main_mention(sdoc, main: _Main, ctx: _Context, common, strong=None, part=None) -> Mention | None:
    """The main event's mention (``strong``: the sentence's first strong content trigger, whose category a
    weak main event takes)."""
    doc, s, names, roles, found, skip, antecedent = common
    text = s.text
    event, saying = main.frame, main.saying
    tok = sdoc[main.token]
    said_by = sdoc[saying.head] if saying is not None and saying.head != main.token else None
    if main.dates:  # the event's own date
        best = _rank(sdoc, main.dates)[0]
        title = headline.title(sdoc, tok, skip, antecedent, saying=said_by, keep_speaker=False)
        frame, category = event, event.category if event is not None else UNCLASSIFIED
    else:
        # dated by the saying that reports it ("..., the Post reported on Oct. 31"): what happened keeps its
        # category (the request), the title says who reported it, the date is the report's
        said = _rank(sdoc, saying.dates) if saying is not None and saying.dates else []
        best = said[0] if said else None
        frame = event if event is not None else saying
        category = frame.category
        title = headline.title(sdoc, tok, skip, antecedent, saying=said_by)
        if best is None:
            m = _cfg()["anaphoric"].search(text[:60])
            if m and ctx.last_dates:
                best = _Anaphoric(ctx.last_dates[-1], f"{m.group('phrase')} ({ctx.last_dates[-1].text})")
    if not title and saying is not None and saying.head != main.token:  # the clause cannot be written: the saying
        title = headline.title(sdoc, sdoc[saying.head], skip, antecedent)
        said = _rank(sdoc, saying.dates)
        frame, category, best = saying, saying.category, (said[0] if said else None)
    if not title:
        return None
    if best is None and (frame is None or frame.kind == "communication") and commentary(text, found):
        return None
    if best is None and frame is None:
        return None
    if frame is not None and frame.trigger.weak and strong is not None:
        frame, category = strong, strong.category  # "Tensions continue to rise as Russia hints at sending ..."
    trig = frame.trigger if frame is not None else None
    terms = _frame_terms(sdoc, frame, tok)
    return _mention(doc, s, text, category, trig, best, names, roles, found, title, terms, frame, part=part)


class _Anaphoric:
    """A date taken from the sentence before ("At that time"): its values, without offsets in this one."""

    def __init__(self, t, text: str):
        self.__dict__.update({k: v for k, v in t.__dict__.items() if k not in ("start", "end")})
        self.text, self.anaphoric, self.is_span = text, True, False


def _status(text: str, trig: Trigger | None, frame) -> str:
    status = status_of(text, trig)
    if status != "reported" or frame is None:
        return status
    if frame.negated and frame.kind == "content":
        return "denied"
    if frame.modality in ("future", "planned", "conditional"):
        return "planned"
    return status


def _date_text(text: str, t) -> str:
    """The dating expression with its preposition, as the contract shows it ("on Oct. 31", "by 2018")."""
    if getattr(t, "anaphoric", False):
        return t.text
    m = re.search(
        r"\b(on|in|at|since|by|until|till|through|before|after|from|during|as of)\s+$", text[: t.start], re.IGNORECASE
    )
    if m and not t.text.lower().startswith(m.group(1).lower()):
        return text[m.start() : t.end]
    return t.text


def _argument(sdoc, i: int | None) -> str:
    """An argument's key terms, its name or noun with the words that make it one ("Nicolas Maduro", "cargo
    plane"); '' for none or a pronoun."""
    if i is None:
        return ""
    tok = sdoc[i]
    if tok.pos_ == "PRON":
        return ""
    words = [t for t in tok.children if t.dep_ in ("compound", "flat", "flat:name") and t.i < tok.i] + [tok]
    words += [t for t in tok.children if t.dep_ in ("flat", "flat:name") and t.i > tok.i]
    return " ".join(gazetteer.phrase_terms(" ".join(t.text for t in sorted(words, key=lambda t: t.i))))


def _frame_terms(sdoc, frame, tok) -> tuple[str, str, str]:
    """(predicate lemma, agent, patient) of the mention's frame, or of its verb when no trigger names it."""
    if frame is None:
        return lexicon.lemma(tok), "", ""
    subject = frame.subject
    agent, patient = _argument(sdoc, subject), _argument(sdoc, frame.obj)
    if frame.passive:  # "the plane was shot down by X": the object is the subject
        agent, patient = "", agent
    return frame.trigger.lemma.lower(), agent, patient


def _mention(doc, s, text, category, trig, t, names, roles, found, title, args, frame, part=None) -> Mention:
    basis = _basis(t, doc) if t is not None else "undated"
    dated = t is not None and basis != "undated"
    blank = [(f.start, f.end) for f in found] + ([(trig.start, trig.end)] if trig is not None else [])
    if t is not None and not getattr(t, "anaphoric", False):
        blank.append((t.start, t.end))
    terms = gazetteer.key_terms(_blank(text, blank))
    return Mention(
        mention_id=mention_id(doc.doc_id, s.start, s.end, part),
        doc_id=doc.doc_id,
        char_start=s.start,
        char_end=s.end,
        quote=s.text,
        date_text=_date_text(text, t) if dated else "",
        date_start=t.date_start if dated else None,
        date_end=t.date_end if dated else None,
        precision=(t.precision or "") if dated else "",
        basis=basis,
        is_span=bool(getattr(t, "is_span", False)) if dated else False,
        date_value=(getattr(t, "value", "") or "") if dated else "",
        actors=tuple(names),
        category=category,
        status=_status(text, trig, frame),
        location=gazetteer.location(text) if part is None or part < 0 else "",
        title=title,
        trigger=trig.text if trig is not None else "",
        key_terms=tuple(sorted(set(terms) | {gazetteer.fold(n, lower=False) for n in names})),
        roles=tuple(roles),
        predicate=args[0],
        agent=args[1],
        patient=args[2],
    )


def quoted_share(text: str) -> float:
    """The share of a sentence's characters inside quotation marks (straight or curly)."""
    inside, opened, total = 0, None, len(text.strip()) or 1
    for i, ch in enumerate(text):
        if ch in '“"' and opened is None:
            opened = i
        elif ch in '”"' and opened is not None:
            inside += i - opened + 1
            opened = None
    if opened is not None:
        inside += len(text) - opened
    return inside / total


def commentary(text: str, found: list) -> bool:
    """An undated sentence that only says something, and whose saying is no event of its own: a quotation
    that fills most of it ('"So the disease may not be as severe as people thought," says Booy'), or a
    saying with nobody named ('But he added this is a "fast-moving situation"')."""
    return quoted_share(text) >= _cfg()["commentary_quote_share"] or not found
