"""Event frames from the parse: who did what, and the date of that verb.

A frame is a predicate (a verb, or an event noun: "the April 20 explosion") with its subject, object,
negation, modality and the clause it stands in. ``frames(doc, timexes)`` gives a parsed sentence's frames for
its category triggers (lexicon) and attaches each date to the predicate that governs it through the tree
(``date_governor``): a date in a relative or adverbial clause dates that clause's verb, a date inside a noun
phrase dates the event noun ("despite a ceasefire in place since 12 April" dates the ceasefire, not the
sentence), and a date that is part of a name ("the Sunday Times") dates nothing.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from functools import lru_cache

from events.extraction import lexicon
from events.extraction.lexicon import Trigger
from events.resources import load

SUBJECT_DEPS = ("nsubj", "nsubj:pass", "csubj")
OBJECT_DEPS = ("obj", "dobj")
SUBORDINATE = {"acl", "acl:relcl", "advcl", "csubj", "relcl"}  # clauses that tell an event of their own
COMPLEMENT = {"ccomp", "parataxis"}  # what a saying says
NOMINAL_DEPS = {"nmod", "compound", "amod", "nsubj", "nsubj:pass", "obj", "dobj", "iobj", "appos", "nmod:poss"}
BARE_DATE_DEPS = {"obl:tmod", "obl:unmarked", "npadvmod", "nmod:tmod", "obl:npmod", "obj", "nsubj", "dep", "appos"}


@dataclass(frozen=True)
class Frame:
    head: int  # the predicate's token
    trigger: Trigger
    clause: str  # main, complement, subordinate, noun
    subject: int | None = None  # the subject's head token (of the predicate, or of the verb it completes)
    obj: int | None = None
    passive: bool = False
    negated: bool = False
    modality: str = ""  # "", future, planned, possible, conditional
    reporter: int | None = None  # the saying verb that reports this frame ("officials said ...")
    control: int | None = None  # the verb this one completes ("plans to send": plans)
    dates: tuple = field(default=(), compare=False)  # the timexes this predicate governs, best first

    @property
    def category(self) -> str:
        return self.trigger.category

    @property
    def kind(self) -> str:
        return self.trigger.kind


@lru_cache(maxsize=1)
def _words() -> dict:
    data = load("frames")
    return {k: frozenset(w.lower() for w in v) if isinstance(v, list) else v for k, v in data.items() if k != "example"}


# ---- dates -----------------------------------------------------------------------------------------------


def _span_tokens(doc, start: int, end: int) -> list:
    return [t for t in doc if t.idx < end and t.idx + len(t) > start]


def _is_predicate(tok, nouns: frozenset[str]) -> bool:
    if any(c.dep_ in ("nsubj", "nsubj:pass") for c in tok.children) or lexicon.verb_reading(tok):
        return True
    if tok.pos_ == "VERB":
        return tok.dep_ not in NOMINAL_DEPS  # "the oil rig" tagged a verb but used as a noun is none
    if tok.pos_ in ("NOUN", "PROPN") and (tok.lower_ in nouns):
        return True
    return any(c.dep_ == "cop" for c in tok.children) or tok.dep_ == "ROOT"


def _saying_verb(tok) -> bool:
    return tok.pos_ == "VERB" and lexicon.lemma(tok) in _saying_lemmas()


def is_name_part(doc, toks: list) -> bool:
    """A date word that is part of a name ("the Sunday Times", "the October Revolution Square"): the
    tagger calls it a proper noun inside a compound whose head is a proper noun outside the date."""
    inside = {t.i for t in toks}
    root = next((t for t in toks if t.head.i not in inside or t.head.i == t.i), toks[-1])
    return root.dep_ == "compound" and root.head.pos_ == "PROPN" and root.head.i not in inside


def date_governor(doc, toks: list, nouns: frozenset[str]) -> int | None:
    """The predicate a date's tokens attach to: the first verb or event noun above the date in the tree.

    The parser is least sure of dates ("said Monday" scores lowest of its relations), so the tagger's reading
    decides first: a date right after a verb (with only its preposition and "last", "this", "next" between)
    belongs to that verb, whatever the tree says; a gerund only when it is a saying ("the drilling rig on 20
    April" is no verb). Else the first predicate above the date in the tree takes it."""
    if not toks:
        return None
    inside = {t.i for t in toks}
    root = next((t for t in toks if t.head.i not in inside or t.head.i == t.i), toks[-1])
    label = _label_clause(doc, toks)
    if label is not None:
        return label
    cases = [c for t in toks for c in t.children if c.dep_ == "case" and c.i < toks[0].i]
    prev = (min(c.i for c in cases) if cases else toks[0].i) - 1
    while prev >= 0 and doc[prev].lower_ in _words()["date_lead"]:
        prev -= 1
    before = doc[prev] if prev >= 0 else None
    if before is not None and before.dep_ not in NOMINAL_DEPS:
        if before.pos_ == "VERB" and before.tag_ != "VBG" or _saying_verb(before):
            return prev  # right after its verb: "said on Tuesday the ceasefire ...", "said Monday"
    bound = {c.lower_ for c in cases} & set(_words()["bound_cases"])
    nominal = before is not None and (before.pos_ in ("NOUN", "PROPN") or before.dep_ in NOMINAL_DEPS)
    if (bound or not cases) and nominal:
        # right after a noun: a bound on the state its phrase names ("a ceasefire in place since 12 April"),
        # or news style without "on" ("the explosion of the rig April 20"): the date goes with the noun phrase
        t = before
        if _is_predicate(t, nouns) and t.dep_ != "ROOT":
            return _object_date(root, t).i
        seen = {t.i}
        while t.head.i != t.i and t.head.i not in seen:
            t = t.head
            seen.add(t.i)
            if _is_predicate(t, nouns):
                return _object_date(root, t, bare=not cases).i
    t = root
    seen = set()
    while t.head.i != t.i and t.i not in seen:
        seen.add(t.i)
        t = t.head
        if t.i not in inside and _is_predicate(t, nouns):
            return _participle_noun(_object_date(root, t), nouns).i
    return None


def _participle_noun(verb, nouns: frozenset[str]):
    """A participle right after an event noun, with no subject of its own, modifies that noun whatever the tree
    says ("the Soviet Union's operation codenamed Anadyr in 1962"): the date is the noun's."""
    if verb.pos_ != "VERB" or verb.i == 0:
        return verb
    noun = verb.doc[verb.i - 1]
    after = participle_after(noun)
    return noun if noun.lower_ in nouns and after is not None and after.i == verb.i else verb


def participle_after(noun):
    """The participle right after a noun with no subject of its own ("operation codenamed Anadyr"), or None."""
    doc = noun.doc
    if noun.pos_ != "NOUN" or noun.i + 1 >= len(doc):
        return None
    verb = doc[noun.i + 1]
    if verb.pos_ != "VERB" or verb.tag_ not in ("VBN", "VBD") or _children(verb, SUBJECT_DEPS):
        return None
    return verb


LABEL_MARKS = {":", "-", "–", "—"}


def _label_clause(doc, toks: list) -> int | None:
    """A date that labels the sentence ("11 January 2011: Dr Murray is ordered to stand trial", a chronology's
    line) dates the clause after it: its predicate nearest the root. None for any other date."""
    start = toks[0].sent.start
    before = [t for t in doc[start : toks[0].i] if not t.is_punct and t.lower_ not in ("on", "in", "by")]
    after = toks[-1].i + 1
    if before or after + 1 >= len(doc) or doc[after].text not in LABEL_MARKS:
        return None
    end = doc[after + 1].sent.end  # the parser may end a sentence at the colon
    verbal = ("VERB", "AUX")
    rest = [t for t in doc[after + 1 : end] if t.pos_ in verbal or any(c.dep_.startswith("nsubj") for c in t.children)]
    if not rest:
        return None

    def depth(t):
        n = 0
        while t.head.i != t.i and n < 50:
            t, n = t.head, n + 1
        return n

    return min(rest, key=lambda t: (depth(t), t.i)).i


def _object_date(date, noun, bare: bool = False):
    """A time phrase after a verb's object belongs to the verb ("signed agreements in 2024", "launched strikes
    on Monday"): which of the two a prepositional phrase modifies is what parsers guess worst, and for a time
    it is the verb. A date inside the noun phrase ("the April 20 explosion", "a ceasefire in place since
    12 April") stays the noun's."""
    if noun.pos_ not in ("NOUN", "PROPN") or noun.dep_ not in ("obj", "dobj") or noun.head.pos_ != "VERB":
        return noun
    cases = {c.lower_ for c in date.children if c.dep_ == "case"}
    if date.i > noun.i and (bare or date.head.i == noun.i and cases & set(_words()["verb_time_cases"])):
        return noun.head
    return noun


# ---- frames ----------------------------------------------------------------------------------------------


def _clause(tok) -> tuple[str, int | None]:
    """(main | complement | subordinate | noun, the saying verb reporting it) for a predicate token."""
    reporter = None
    if tok.dep_ == "acl" and misparsed_root(tok.head) is not None and misparsed_root(tok.head).i == tok.i:
        return "main", None
    t = tok
    kind = "noun" if tok.pos_ in ("NOUN", "PROPN") else "main"
    seen = set()
    while t.head.i != t.i and t.i not in seen:
        seen.add(t.i)
        dep = t.dep_
        if dep.startswith("advcl") and fronted_complement(t):
            dep = "ccomp"  # "The U.S. will not send troops, Obama said": what the saying after it says
        if dep in SUBORDINATE or dep.startswith("acl") or dep.startswith("advcl"):
            return ("subordinate" if kind != "noun" else "noun"), reporter
        if dep in COMPLEMENT and reporter is None:
            reporter = t.head.i
            kind = "complement" if kind == "main" else kind
        t = t.head
    return kind, reporter


def _name_before(tok):
    """The name right before a verb, past a parenthesis ("the Washington Post (WP) reported"): its head."""
    i, depth = tok.i - 1, 0
    doc = tok.doc
    while i >= 0:
        t = doc[i]
        if t.text == ")":
            depth += 1
        elif t.text == "(":
            depth -= 1
        elif depth == 0:
            break
        i -= 1
    if i < 0 or doc[i].pos_ != "PROPN":
        return None
    t = doc[i]
    while t.dep_ in ("compound", "flat", "flat:name") and t.head.i > t.i:
        t = t.head
    return t


def fronted_complement(tok) -> bool:
    """A clause before a saying that the parser hung on it as an adverbial ("The United States will not send
    troops to Libya, Obama said"): it has its own subject, no conjunction, and the saying has no complement."""
    head = tok.head
    if tok.i > head.i or head.pos_ != "VERB" or lexicon.lemma(head) not in _saying_lemmas():
        return False
    if any(c.dep_ == "mark" for c in tok.children) or not _children(tok, SUBJECT_DEPS):
        return False
    return not any(c.dep_ in ("ccomp", "parataxis") for c in head.children)


def _children(tok, deps) -> list:
    return [c for c in tok.children if c.dep_ in deps]


def _subject(tok):
    """The subject of a predicate, or of the verb it completes or is conjoined to; for a saying the parser
    hung on its speaker ("the Washington Post reported ..." read as a noun with a reduced relative), that
    noun."""
    if tok.dep_ == "acl" and tok.i > tok.head.i and not _children(tok, SUBJECT_DEPS):
        if lexicon.verb_lemma(tok.lower_) in _saying_lemmas() and tok.tag_ in ("VBD", "VBZ"):
            speaker = _name_before(tok)
            if speaker is not None:
                return speaker
        if misparsed_root(tok.head) is not None and misparsed_root(tok.head).i == tok.i:
            return tok.head
    if to_after_verb_reading(tok):
        return _subject(tok.head)
    t, seen = tok, set()
    while t.i not in seen:
        seen.add(t.i)
        subj = _children(t, SUBJECT_DEPS)
        if subj:  # two subjects are a noun and the name beside it ("the head of the service, Vasyl Maluk")
            return next((x for x in subj if x.pos_ == "PROPN"), subj[0])
        if (t.dep_ in ("xcomp", "conj") or t.dep_ == "advcl" and t.tag_ == "VBG") and t.head.i != t.i:
            t = t.head  # "plans to send", "responded by blockading": the subject of the verb it completes
            continue
        if t.dep_ in ("acl:relcl", "relcl") and t.head.i != t.i:
            return t.head  # "the rig that sank": the rig
        return None
    return None


def misparsed_root(root):
    """The verb a noun-rooted tree hides: "The Deepwater Horizon rig exploded on 20 April" parsed as the noun
    "rig" with "exploded" hanging on it. A noun at the root with no copula, whose first clausal modifier is a
    finite or past verb, reads as that verb's subject; None when the tree has no such shape."""
    if root.pos_ not in ("NOUN", "PROPN") or root.dep_ != "ROOT" or any(c.dep_ == "cop" for c in root.children):
        return None
    acl = next((c for c in root.children if c.dep_ == "acl" and c.i > root.i), None)
    if acl is None or acl.tag_ not in ("VBD", "VBN", "VBZ", "VBP") or _children(acl, SUBJECT_DEPS):
        return None
    if any(k.dep_ in ("mark", "obl:agent") for k in acl.children):
        return None  # "documents reviewed by the outlet": a participle modifying the noun
    return acl


def to_after_verb_reading(tok) -> bool:
    """ "Russia plans to send": "send" hangs as a noun's modifier on "plans", read as the verb it is."""
    return (
        tok.dep_ == "acl"
        and lexicon.verb_reading(tok.head)
        and any(c.dep_ == "mark" and c.lower_ == "to" for c in tok.children)
    )


def _modality(tok) -> tuple[str, bool]:
    w = _words()
    aux = [c.lower_ for c in tok.children if c.dep_ in ("aux", "aux:pass")]
    negated = any(c.lower_ in w["negators"] for c in tok.children if c.dep_ in ("advmod", "neg", "det", "aux"))
    control = tok.head if tok.dep_ == "xcomp" or to_after_verb_reading(tok) else None
    if any(
        c.dep_ in ("advcl",) and any(m.lower_ in w["conditions"] for m in c.children if m.dep_ == "mark")
        for c in tok.children
    ):
        return "conditional", negated
    if any(a in w["future"] for a in aux):
        return "future", negated
    if any(a in w["possible"] for a in aux):
        return "possible", negated
    if control is not None and (lexicon.lemma(control) in w["plans"] or lexicon.lemma(control) == "be"):
        return "planned", negated  # "plans to send", "is to meet"
    if any(c.dep_ == "cop" for c in tok.children) and any(c.dep_ == "mark" and c.lower_ == "to" for c in tok.children):
        return "planned", negated
    return "", negated


def frames(doc, timexes: list) -> list[Frame]:
    """The frames of a parsed sentence for its category triggers, in text order, each with its dates.

    ``timexes`` carry character offsets relative to the sentence (start, end) and the tagger's fields; only
    dated ones should be passed."""
    return frames_and_dates(doc, timexes)[0]


def governed(doc, timexes: list) -> dict[int, list]:
    """Predicate token -> the dates it governs (``date_governor``), for every predicate of the sentence."""
    nouns = _event_nouns()
    out: dict[int, list] = {}
    for t in timexes:
        toks = _span_tokens(doc, t.start, t.end)
        if not toks or is_name_part(doc, toks):
            continue
        g = date_governor(doc, toks, nouns)
        if g is not None and not (doc[g].pos_ == "VERB" and _ordering(t, toks)):
            out.setdefault(g, []).append(t)
    return out


def _ordering(t, toks: list) -> bool:
    """A date that only orders an event ("since 20 April", "after Tuesday's quake", "ahead of the vote on
    Friday"): the verb's event is not on that day, so it dates no verb (an event noun or a state may keep it:
    "a ceasefire in place since 12 April")."""
    words = _words()["ordering_cases"]
    return bool(date_signals(t, toks) & words) or t.text.lower().split()[0] in words


def date_signals(t, toks: list) -> set[str]:
    """The prepositions a date stands after ("since", "on"): its tokens' case words and the tagger's signal."""
    cases = {c.lower_ for x in toks for c in x.children if c.dep_ == "case"}
    signal = (getattr(t, "signal", "") or "").lower()
    return cases | {signal} if signal else cases


def frames_and_dates(doc, timexes: list) -> tuple[list[Frame], dict[int, list]]:
    """``frames`` and ``governed`` in one pass."""
    dates = governed(doc, timexes)
    return _frames(doc, lexicon.triggers(doc), dates), dates


SAYING_LINKS = {"parataxis", "conj", "advcl", "ccomp", "dep"}


def saying_after(root, by_head: dict):
    """The saying that reports a main clause from after it: "..., Obama said on Monday", "..., the Washington
    Post reported" (also when the parser hung "reported" on "Post"); a passive one ("BP is expected to") names
    no speaker. Its frame, or None."""
    reported = [t for t in root.subtree if t.i > root.i and t.dep_ == "acl" and t.tag_ in ("VBD", "VBZ")]
    for c in [*(c for c in root.children if c.i > root.i and c.dep_ in SAYING_LINKS | {"appos"}), *reported]:
        for cand in [c, *(k for k in c.children if k.dep_ == "acl")]:
            f = by_head.get(cand.i)
            if f is None or f.kind != "communication" or f.trigger.dated_only or f.passive:
                continue
            if _subject(cand) is not None:
                return f
    return None


def _frames(doc, trigs: list, governed: dict[int, list]) -> list[Frame]:
    out = _frames_of(doc, trigs, governed)
    by_head = {f.head: f for f in out}
    for k, f in enumerate(out):  # the frame of a sentence's root, reported by a saying after it
        tok = doc[f.head]
        if f.reporter is None and tok.dep_ == "ROOT" and f.kind == "content":
            said = saying_after(tok, by_head)
            if said is not None:
                out[k] = dataclasses.replace(f, reporter=said.head)
    return out


def _frames_of(doc, trigs: list, governed: dict[int, list]) -> list[Frame]:
    out = []
    for trig in trigs:
        tok = doc[trig.token]
        clause, reporter = _clause(tok)
        subj = _subject(tok)
        obj = next(iter(_children(tok, OBJECT_DEPS)), None)
        passive = any(c.dep_ in ("aux:pass", "nsubj:pass") for c in tok.children)
        modality, negated = _modality(tok)
        control = tok.head.i if tok.dep_ == "xcomp" or to_after_verb_reading(tok) else None
        dates = governed.get(tok.i, [])
        if not dates and control is not None:  # "plans to send troops on Monday" / "agreed on Monday to send"
            dates = governed.get(control, [])
        out.append(
            Frame(
                head=tok.i,
                trigger=trig,
                clause=clause,
                subject=subj.i if subj is not None else None,
                obj=obj.i if obj is not None else None,
                passive=passive,
                negated=negated,
                modality=modality,
                reporter=reporter,
                control=control,
                dates=tuple(dates),
            )
        )
    return out


@lru_cache(maxsize=1)
def _saying_lemmas() -> frozenset[str]:
    cats = load("categories")["category"]
    return frozenset(v for spec in cats.values() if spec.get("kind") == "communication" for v in spec.get("verbs", []))


@lru_cache(maxsize=1)
def _event_nouns() -> frozenset[str]:
    cats = load("categories")["category"]
    words = {n.lower().split()[-1] for spec in cats.values() for n in spec.get("nouns", [])}
    return frozenset(words | {n.lower().split()[-1] for n in load("mentions")["nominal"]})
