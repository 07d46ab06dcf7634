"""Mentions: sentences that report something happening, said, requested, planned or assessed.

For each sentence with a category trigger (categories.toml): the temporal expression that governs its
main clause dates it (mentions.toml: not one inside a "since"/"by" aside, a quote or an event noun's own
date, unless nothing else dates the sentence); actors and location come from the gazetteers; status from
hedges.toml; the title from events/extraction/titles.py. An event noun with its own date in a sentence dated
otherwise ("... the Soviet operation codenamed Anadyr in 1962") becomes a second, nominal mention.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

from events.extraction import gazetteer, lexicon, titles
from events.extraction.lexicon import Trigger
from events.records import Document, Mention, Sentence
from events.resources import load
from events.text.prefilter import Words, first_words, guarded, tail_start

DATED_TYPES = ("DATE", "TIME")  # a duration ("for three days") or a set ("every Monday") names no date
HE_SHE = re.compile(r"(?:He|She)\b")
IN_ON_OF_BEFORE = re.compile(r"\b(?:in|on|of)\s+$")
QUOTES = '"“”'
PREPOSITION_BEFORE = re.compile(
    r"\b(?:since|by|until|till|through|before|after|from|to|at|for|during|the|a|an|this|that|its|their|his|her)\s+$",
    re.I,
)


@dataclass(frozen=True)
class Dating:
    """The date a mention takes: the timex it came from (or none) and how it was chosen."""

    timex: object | None
    text: str = ""
    why: str = ""  # main, aside, anaphoric


def mention_id(doc_id: str, start: int, end: int, part: int | None = None) -> str:
    key = f"{doc_id}:{start}:{end}" + (f":{part}" if part is not None else "")
    return hashlib.sha1(key.encode()).hexdigest()[:12]


@lru_cache(maxsize=1)
def _cfg() -> dict:
    data = load("mentions")
    asides = sorted(data["aside_prepositions"], key=len, reverse=True)
    nouns = sorted(data["nominal"], key=len, reverse=True)
    return {
        **data,
        "leading": re.compile(
            r"^(?:"
            + "|".join(map(re.escape, sorted(data["leading_asides"], key=len, reverse=True)))
            + r")\b[^,]{0,100},\s*",
            re.IGNORECASE,
        ),
        # the aside regex ends at the text's end; its matches span at most this many tokens
        "aside_tokens": max(len(a.split()) for a in asides) + 4,  # + "the" + "beginning of" (+1 to spare)
        "aside": guarded(
            r"\b(?:"
            + "|".join(map(re.escape, asides))
            + r")\s+(?:the\s+)?(?:(?:beginning|start|end|middle)\s+of\s+)?$",
            re.IGNORECASE,
        ),
        "relative_rx": re.compile(
            r"(?:,\s*(?:" + "|".join(map(re.escape, data["relative_words"])) + r")\b[^,;()]*|\([^()]*\))", re.IGNORECASE
        ),
        "nominal_rx": re.compile(r"\b(?P<noun>" + "|".join(map(re.escape, nouns)) + r")\b", re.IGNORECASE),
        # a subordinating conjunction and the rest of its comma-delimited clause; the clause is subordinate
        # when a finite verb stands in it before the date ("after protesters gathered on Tuesday")
        "subordinate_rx": re.compile(
            r"\b(?:"
            + "|".join(map(re.escape, sorted(data["subordinators"], key=len, reverse=True)))
            + r")\b[^,;:()\"“”]*",
            re.IGNORECASE,
        ),
        "clause_rx": re.compile(
            r"\b(?:"
            + "|".join(map(re.escape, sorted(data["clause_events"], key=len, reverse=True)))
            + r")\s+(?=\S)[^,;:()\"“”]*",
            re.IGNORECASE,
        ),
        "finite_rx": re.compile(
            r"\b(?:" + "|".join(map(re.escape, data["finite_verbs"])) + r"|[a-z]{3,}ed)\b", re.IGNORECASE
        ),
        "anaphoric": re.compile(
            r"(?:^|,\s*)(?P<phrase>"
            + "|".join(map(re.escape, sorted(data["anaphoric"], key=len, reverse=True)))
            + r")\b(?=\s*,|\s+[a-z])",
            re.IGNORECASE,
        ),
    }


# ---- category -------------------------------------------------------------------------------------------


def main_clause_start(text: str) -> int:
    """Where the main clause starts: after a leading aside ("In addition to missile talks, ")."""
    m = _cfg()["leading"].match(text)
    return m.end() if m else 0


def asides(text: str) -> list[tuple[int, int]]:
    """Relative clauses and parentheses: ", which it supplied in 2019", "(SBU)"."""
    rx = _cfg()["relative_rx"]
    return [(m.start(), m.end()) for m in rx.finditer(text)]


def subordinate_clauses(text: str) -> list[tuple[int, int]]:
    """Clauses opened by a subordinating conjunction that hold a finite verb: "after protesters gathered on
    Tuesday", "when the rig exploded". Each span runs from the conjunction to the clause's end (a comma,
    semicolon, colon, bracket or quote mark); only the part after the first finite verb is returned, since a
    date before the verb ("before Tuesday's vote was held") still modifies the main clause's time."""
    return [(verb.start(), m.end()) for m, verb in _with_verb(_cfg()["subordinate_rx"], text)]


def _with_verb(rx: re.Pattern, text: str):
    """(clause, its first finite verb) for each clause ``rx`` finds in text that holds one."""
    finite = _cfg()["finite_rx"]
    for m in rx.finditer(text):
        verb = finite.search(text, m.start() + 1, m.end())
        if verb is not None:
            yield m, verb


def clause_events(text: str, timexes: list) -> list[tuple[object, int, int]]:
    """(timex, clause start, clause end) for each date that dates a subordinate clause's own event: the date
    stands after the clause's finite verb, in a clause opened by one of ``clause_events`` ("after the rig
    sank on April 22": the clause "the rig sank on April 22"). The clause starts after its conjunction."""
    usable = sorted((t for t in timexes if _usable(t)), key=lambda t: t.start)
    found = _with_verb(_cfg()["clause_rx"], text) if usable else ()
    clauses = [(verb.end(), text.index(" ", m.start()) + 1, m.end()) for m, verb in found]
    if not clauses:
        return []
    quotes = _Quotes(text)
    starts = [t.start for t in usable]
    out = []
    for after, body, end in clauses:
        for t in usable[bisect_left(starts, after) : bisect_left(starts, end)]:
            if t.end <= end and not quotes.inside(t.start):
                out.append((t, body, end))
    return out


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


def category_of(text: str) -> tuple[str, Trigger | None]:
    """The category of a sentence and the trigger that decided it (main clause first)."""
    start = main_clause_start(text)
    main = _blank(text, asides(text))
    category, trig = lexicon.category_of(main[start:], gazetteer.demonyms())
    if trig is None or trig.kind != "content":
        whole, trig_all = lexicon.category_of(text[start:], gazetteer.demonyms())
        if trig_all is not None and (trig is None or trig_all.kind == "content"):
            category, trig = whole, trig_all
    if trig is not None:
        shifted = Trigger(
            trig.start + start, trig.end + start, trig.text, trig.category, trig.lemma, trig.form, trig.kind, trig.weak
        )
        if trig.kind == "content" or start == 0:
            return category, shifted
        whole, trig_all = lexicon.category_of(text, gazetteer.demonyms())
        if trig_all is not None and trig_all.kind == "content":
            return whole, trig_all
        return category, shifted
    return lexicon.category_of(text, gazetteer.demonyms())


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


# ---- dating ---------------------------------------------------------------------------------------------


def _tail(text: str, end: int, tokens: int) -> str:
    """text[:end] cut to its last ``tokens`` whitespace-separated tokens and what precedes them up to a bounded
    window: a search anchored at the end finds in it what it finds in the whole text[:end] (the window grows
    until it holds the tokens), without copying the whole text before each date."""
    size = 256
    while True:
        start = max(0, end - size)
        head = text[start:end]
        if start == 0 or tail_start(head, tokens) > 0:
            return head
        size *= 4


def _signal(text: str, t) -> str:
    sig = getattr(t, "signal", "") or ""
    if sig:
        return sig.lower()
    head = _tail(text, t.start, _cfg()["aside_tokens"])
    m = _cfg()["aside"].search(head, tail_start(head, _cfg()["aside_tokens"]))
    return m.group(0).split()[0].lower() if m else ""


class _Quotes:
    """Where a sentence's quotation marks stand, so that whether a position is inside a quotation is a
    lookup, not a count over everything before it."""

    def __init__(self, text: str):
        self.straight = [i for i, c in enumerate(text) if c == '"']
        self.opening = [i for i, c in enumerate(text) if c == "“"]
        self.closing = [i for i, c in enumerate(text) if c == "”"]

    def inside(self, pos: int) -> bool:
        return bisect_left(self.straight, pos) % 2 == 1 or bisect_left(self.opening, pos) > bisect_left(
            self.closing, pos
        )


def _nominal_head_start(t) -> int:
    return max(0, t.start - _cfg()["nominal_gap"] - 12)


def nominal_noun(text: str, t) -> re.Match | None:
    """The event noun a date belongs to ("operation codenamed Anadyr in 1962"), if any.
    Offsets of the match are relative to text[_nominal_head_start(t):]."""
    cfg = _cfg()
    head = text[_nominal_head_start(t) : t.start]
    prepositional = IN_ON_OF_BEFORE.search(head) is not None
    if not prepositional and (head[-1:] != " " or re.search(r"\w\s*$", head) is None):
        return None
    found = list(cfg["nominal_rx"].finditer(head))
    if not found or re.search(r"[,;]", head[found[-1].end() :]):
        return None
    if not prepositional and (  # news style drops "on": "the explosion of the rig April 20", not "... sank April 20"
        cfg["finite_rx"].search(head, found[-1].end()) or PREPOSITION_BEFORE.search(head)
    ):
        return None
    return found[-1]


def _usable(t) -> bool:
    return (
        getattr(t, "type", "DATE") in DATED_TYPES
        and getattr(t, "date_start", None) is not None
        and getattr(t, "value", "") not in _cfg()["vague_values"]
    )


def govern(text: str, timexes: list, trig: Trigger | None) -> tuple[Dating, list]:
    """(the dating of the main clause, the timexes that belong to event nouns); offsets relative to text.

    A date in a subordinate part of the sentence (a relative clause or parenthesis, a quotation, a clause
    opened by "after", "when", "because" ... with its own verb) belongs to that part's event, not the
    sentence's: it never dates the mention. A date bound by a preposition ("since September", "by 2018")
    dates it only when no other date governs the main clause."""
    cfg = _cfg()
    usable = [t for t in timexes if _usable(t)]
    main, aside, nominal = [], [], []
    if not usable:
        return Dating(None), nominal
    subordinate = asides(text) + subordinate_clauses(text)  # once per sentence: linear in its length
    quotes = _Quotes(text)
    for t in usable:
        if nominal_noun(text, t) is not None:
            nominal.append(t)
        elif quotes.inside(t.start) or any(a <= t.start < b for a, b in subordinate):
            continue
        elif _signal(text, t) in cfg["aside_prepositions"]:
            aside.append(t)
        else:
            main.append(t)
    anchor = trig.start if trig is not None else 0
    for group, why in ((main, "main"), (aside, "aside")):
        if group:
            best = min(group, key=lambda t: (0 if t.start <= main_clause_start(text) + 2 else 1, abs(t.start - anchor)))
            return Dating(best, best.text, why), nominal
    return Dating(None), nominal


def _basis(t, doc: Document) -> str:
    basis = getattr(t, "basis", "") or "explicit"
    if basis == "relative":
        if doc.published is None or doc.published_basis == "unknown":
            return "undated"
        if doc.published_basis == "inferred":
            return "inferred"
    return basis if basis in ("explicit", "relative", "inferred") else "explicit"


# ---- mentions -------------------------------------------------------------------------------------------


@dataclass
class _Context:
    """What a document's earlier sentences tell the next: people named, the last dates named."""

    people: dict
    last_dates: list
    last_person: str = ""


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


def mentions(doc: Document, sentences: list[Sentence], timexes: list) -> list[Mention]:
    """The mentions of a document, in text order."""
    timexes = sorted(timexes, key=lambda t: t.start)
    starts = [t.start for t in timexes]
    ctx = _Context(people={}, last_dates=[])
    out: list[Mention] = []
    for s in sentences:
        first, last = bisect_left(starts, s.start), bisect_left(starts, s.end)
        inside = [_relative(t, s.start) for t in timexes[first:last] if t.end <= s.end]
        found = gazetteer.actors(s.text, ctx.people)
        ctx.people.update(gazetteer.surname_index(found))
        out += _sentence_mentions(doc, s, inside, found, ctx)
        dated = [t for t in inside if _usable(t)]
        ctx.last_dates = dated  # "At that time" points back one sentence only
        persons = [f.name for f in found if f.kind == "person"]
        ctx.last_person = persons[-1] if persons else ctx.last_person
    return out


def _sentence_mentions(doc: Document, s: Sentence, inside: list, found: list, ctx: _Context) -> list[Mention]:
    cfg = _cfg()
    text = s.text
    if text.rstrip().endswith("?") or len(text.split()) < cfg["min_words"] and not any(_usable(t) for t in inside):
        return []
    category, trig = category_of(text)
    if not category:
        return []
    dating, nominal = govern(text, inside, trig)
    if dating.timex is None:
        m = cfg["anaphoric"].search(text[: main_clause_start(text) + 40])
        if m and ctx.last_dates:
            ref = ctx.last_dates[-1]
            dating = Dating(ref, f"{m.group('phrase')} ({ref.text})", "anaphoric")
    if dating.timex is None and trig is not None and trig.kind == "communication" and commentary(text, found):
        return []
    names = sorted({f.name for f in found})
    he_she = HE_SHE.match(text) is not None
    if he_she and ctx.last_person and ctx.last_person not in names:
        names = sorted({*names, ctx.last_person})
    roles = sorted({f"{f.name}: {f.role}" for f in found if f.kind == "person" and f.role})
    pronoun = gazetteer.short_name(ctx.last_person) if ctx.last_person and he_she else ""
    out = [_mention(doc, s, text, category, trig, dating, names, roles, found, pronoun=pronoun)]
    for t in nominal:
        noun = nominal_noun(text, t)
        start = _phrase_start(text, noun.start() + _nominal_head_start(t))
        phrase = text[start : t.end]
        ncat = cfg["nominal"][noun.group("noun").lower()]
        m = _mention(doc, s, text, ncat, None, Dating(t, t.text, "nominal"), names, roles, found, part=t.start)
        out.append(
            _replace(m, title=titles.nominal(phrase, t.text, out[0].title), trigger=noun.group(0), status="reported")
        )
    taken = {t.start for t in nominal} | ({dating.timex.start} if dating.timex is not None else set())
    for t, a, b in clause_events(text, inside):
        if t.start not in taken:
            taken.add(t.start)
            out += _clause_mention(doc, s, text, t, a, b, found, roles)
    return out


PRONOUN_SUBJECT = re.compile(r"(?:he|she|it|they|we|i|you|this|that|these|those)\b", re.IGNORECASE)


def _clause_mention(doc, s, text: str, t, a: int, b: int, found: list, roles) -> list[Mention]:
    """The event a subordinate clause tells, dated by its own date ("the rig sank on April 22"); none when the
    clause names no event of a category."""
    clause = text[a:b].rstrip(" .!")
    if PRONOUN_SUBJECT.match(clause):
        return []  # "after it exploded on April 20": who or what is told by the main clause, not here
    category, trig = category_of(clause)
    if not category:
        return []
    v = _View()
    v.__dict__.update(t.__dict__)
    v.start, v.end = t.start - a, t.end - a
    inside = [dataclasses.replace(f, start=f.start - a, end=f.end - a) for f in found if a <= f.start and f.end <= b]
    names = sorted({f.name for f in inside})
    m = _mention(doc, s, clause, category, trig, Dating(v, v.text, "clause"), names, roles, inside, part=t.start)
    return [_replace(m, quote=s.text, location=gazetteer.location(clause))]


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


def _phrase_start(text: str, noun_start: int) -> int:
    """Start of the noun phrase ending in the event noun: back over "the Soviet Union's" and capitals."""
    m = re.search(r"(?:\b(?:the|a|an)\s+)?(?:[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*(?:'s|’s)?\s+)?$", text[:noun_start])
    return m.start() if m else noun_start


def _replace(m: Mention, **kw) -> Mention:
    import dataclasses

    return dataclasses.replace(m, **kw)


def _date_text(text: str, t) -> str:
    """The dating expression with its preposition, as the contract shows it ("on Oct. 31", "by 2018")."""
    sig = getattr(t, "signal", "") or ""
    head = text[: t.start]
    if sig and re.search(rf"\b{re.escape(sig)}\s+$", head, re.IGNORECASE) and not t.text.lower().startswith(sig):
        start = re.search(rf"\b{re.escape(sig)}\s+$", head, re.IGNORECASE).start()
        return text[start : t.end]
    return t.text


def _mention(doc, s, text, category, trig, dating: Dating, names, roles, found, part=None, pronoun="") -> Mention:
    t = dating.timex
    basis = _basis(t, doc) if t is not None else "undated"
    dated = t is not None and basis != "undated"
    span = None
    if t is not None and dating.why != "anaphoric":
        span = (t.start, t.end)
        dating = Dating(t, _date_text(text, t), dating.why)
    elif t is not None:
        m = _cfg()["anaphoric"].search(text)
        span = (m.start("phrase"), m.end("phrase")) if m else None
    people = [f for f in found if f.kind == "person"]
    blank = [f for f in found] + ([trig] if trig is not None else [])
    terms = gazetteer.key_terms(_blank(text, [(x.start, x.end) for x in blank] + ([span] if span else [])))
    return Mention(
        mention_id=mention_id(doc.doc_id, s.start, s.end, part),
        doc_id=doc.doc_id,
        char_start=s.start,
        char_end=s.end,
        quote=s.text,
        date_text=dating.text if dated else "",
        date_start=t.date_start if dated else None,
        date_end=t.date_end if dated else None,
        precision=(t.precision or "") if dated else "",
        basis=basis,
        is_span=bool(getattr(t, "is_span", False)) if dated and dating.why != "anaphoric" else False,
        date_value=(t.value or "") if dated else "",
        actors=tuple(names),
        category=category,
        status=status_of(text, trig),
        location=gazetteer.location(text) if part is None else "",
        title=titles.title(text, trig, span, people, lexicon.triggers(text, gazetteer.demonyms()), pronoun),
        trigger=trig.text if trig is not None else "",
        key_terms=tuple(sorted(set(terms) | {gazetteer.fold(n, lower=False) for n in names})),
        roles=tuple(roles),
    )
