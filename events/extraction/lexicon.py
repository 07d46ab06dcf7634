"""Category triggers (categories.toml) found on parsed tokens.

A verb trigger is a lemma the parse gives a verb ("touched down" is ``touch down``: the lemma and the particle
after it); a noun trigger is a noun as written ("air strikes"). An exclude phrase ("supply chain", "asked why")
that covers a trigger cancels it. ``forms()`` is every written form of the triggers (inflections from
lemminflect), which ``extract`` uses to choose the sentences worth parsing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from events.resources import load

VERB_POS = {"VERB"}
NOUN_POS = {"NOUN", "PROPN"}


@dataclass(frozen=True)
class Trigger:
    start: int  # character offsets in the sentence
    end: int
    text: str
    category: str
    lemma: str  # the verb lemma, or the noun as listed
    form: str  # the tagger's fine tag (VBD, NN ...)
    kind: str  # content or communication
    weak: bool
    token: int = -1  # index of the trigger's head token in the parsed sentence
    dated_only: bool = False  # an event noun that makes a mention only with a date of its own (mentions.toml)


@dataclass(frozen=True)
class _Entry:
    words: tuple[str, ...]  # the trigger's words after the first
    category: str
    lemma: str
    kind: str
    weak: bool
    dated_only: bool = False


def _words(phrase: str) -> list[str]:
    """A trigger's words as the tokenizer splits them: "build-up" is "build", "-", "up"."""
    return [w for w in re.split(r"\s+|(-)", phrase.lower()) if w]


@dataclass(frozen=True)
class _Table:
    verbs: dict[str, list[_Entry]]  # first word's lemma -> entries, longest first
    nouns: dict[str, list[_Entry]]  # first word as written, lower case -> entries, longest first
    excludes: dict[str, list[re.Pattern]]  # lower-case word -> the exclude phrases holding it
    kinds: dict[str, str]  # category -> content or communication


@lru_cache(maxsize=1)
def _table() -> _Table:
    verbs: dict[str, list[_Entry]] = {}
    nouns: dict[str, list[_Entry]] = {}
    excludes: dict[str, list[re.Pattern]] = {}
    kinds = {}
    for name, spec in load("categories")["category"].items():
        kind, weak = spec.get("kind", "content"), bool(spec.get("weak", False))
        kinds[name] = kind
        for lemma in spec.get("verbs", []):
            first, *rest = lemma.lower().split()
            verbs.setdefault(first, []).append(_Entry(tuple(rest), name, lemma, kind, weak))
        for noun in spec.get("nouns", []):
            first, *rest = _words(noun)
            nouns.setdefault(first, []).append(_Entry(tuple(rest), name, noun, kind, weak))
        for phrase in spec.get("exclude", []):
            rx = re.compile(r"\b" + re.escape(phrase) + r"\b", re.IGNORECASE)
            for word in re.findall(r"\w+", phrase.lower()):
                excludes.setdefault(word, []).append(rx)
    for noun, name in load("mentions")["nominal"].items():
        first, *rest = noun.lower().split()
        if not any(e.words == tuple(rest) for e in nouns.get(first, ())):
            kind = "communication" if kinds.get(name) == "communication" else "content"
            nouns.setdefault(first, []).append(_Entry(tuple(rest), name, noun, kind, False, dated_only=True))
    for table in (verbs, nouns):
        for entries in table.values():
            entries.sort(key=lambda e: -len(e.words))
    return _Table(verbs, nouns, excludes, kinds)


def kind_of(category: str) -> str:
    return _table().kinds.get(category, "content")


@lru_cache(maxsize=4)
def forms(kind: str | None = None) -> frozenset[str]:
    """Every lower-case word a trigger (of ``kind``, content or communication, or any) can start with as
    written: each verb's inflections and each noun."""
    from lemminflect import getAllInflections

    table = _table()
    out = {
        w
        for w, entries in table.nouns.items()
        if any(kind in (None, e.kind) and not e.dated_only and not e.words for e in entries)
    }
    for first, entries in table.verbs.items():
        if not any(kind in (None, e.kind) and not e.words for e in entries):
            continue  # "hold talks", "move troops": "held" alone is no trigger
        out.add(first)
        for words in getAllInflections(first, upos="VERB").values():
            out.update(w.lower() for w in words)
    return frozenset(out)


@lru_cache(maxsize=4)
def phrases(kind: str | None = None) -> tuple[tuple[str, frozenset[str]], ...]:
    """The triggers of several words ("hold talks", "oil spill"): (their last word, every written form of
    their first word), so a text is worth parsing for one only when both stand in it."""
    from lemminflect import getAllInflections

    table = _table()
    out = []
    for first, entries in table.verbs.items():
        for e in entries:
            if e.words and kind in (None, e.kind):
                written = {first} | {w.lower() for ws in getAllInflections(first, upos="VERB").values() for w in ws}
                out.append((e.words[-1], frozenset(written)))
    for first, entries in table.nouns.items():
        for e in entries:
            if e.words and kind in (None, e.kind) and not e.dated_only:
                out.append((e.words[-1], frozenset({first})))
    return tuple(out)


def _rest_matches(doc, i: int, words: tuple[str, ...]) -> int | None:
    """The index after the trigger's last word when ``words`` follow token i (a verb's particle may also be
    its child anywhere after it: "shot the drone down"); None when they do not."""
    if not words:
        return i + 1
    following = [t.lower_ for t in doc[i + 1 : i + 1 + len(words)]]
    if tuple(following) == words:
        return i + 1 + len(words)
    if len(words) == 1:
        for child in doc[i].children:
            if child.dep_ == "compound:prt" and child.lower_ == words[0]:
                return i + 1
    return None


def triggers(doc) -> list[Trigger]:
    """Every trigger in a parsed sentence, in order."""
    table = _table()
    text = doc.text
    out: list[Trigger] = []
    for tok in doc:
        as_verb = tok.pos_ in VERB_POS
        if as_verb:
            entries = table.verbs.get(lemma(tok), ())
        elif tok.pos_ in NOUN_POS and (_has_subject(tok) or verb_reading(tok)) and tok.lower_ in forms():
            # the parser gives it a subject, the tagger calls it a noun ("Putin meets with Maduro"): the
            # tree's reading wins for a word that can be a trigger verb
            entries = table.verbs.get(verb_lemma(tok.lower_), ())
            as_verb = bool(entries)
            entries = entries or table.nouns.get(tok.lower_, ())
        elif tok.pos_ in NOUN_POS or tok.i + 1 < len(doc) and doc[tok.i + 1].text == "-":
            entries = table.nouns.get(tok.lower_, ())  # "build-up" whatever its first part was tagged
        else:  # "military presence": a noun of several words whose first is an adjective
            entries = [e for e in table.nouns.get(tok.lower_, ()) if e.words]
            if not entries:
                continue
        for e in entries:
            end = _rest_matches(doc, tok.i, e.words)
            if end is None or not as_verb and doc[end - 1].pos_ not in NOUN_POS:
                continue  # a noun trigger ends in a noun ("military presence")
            a, b = tok.idx, doc[end - 1].idx + len(doc[end - 1])
            if _excluded(text, a, b, table):
                break
            head = _span_head(doc, tok.i, end)
            out.append(Trigger(a, b, text[a:b], e.category, e.lemma, tok.tag_, e.kind, e.weak, head, e.dated_only))
            break
    return out


@lru_cache(maxsize=8192)
def _third_person(word: str) -> bool:
    """Whether a word can be a verb's third-person present ("meets", "plans", "warns")."""
    from lemminflect import getAllLemmas, getInflection

    lemmas = getAllLemmas(word).get("VERB", ())
    return any(word in getInflection(lemma, tag="VBZ") for lemma in lemmas)


def verb_reading(tok) -> bool:
    """A root the tagger called a plural noun that reads as a headline's verb: "Vladimir Putin meets with
    Maduro", "Russia plans to send": no determiner, a name before it, and a word that can be a verb's
    third-person present."""
    if tok.dep_ != "ROOT" or tok.tag_ not in ("NNS", "NNPS") or tok.i == 0:
        return False
    if any(c.dep_ == "cop" for c in tok.children):
        return False
    if tok.doc[tok.i - 1].dep_ == "det" or tok.doc[tok.i - 1].pos_ in ("DET", "ADJ", "NUM"):
        return False  # "the plans", "new talks": a noun after all
    nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    if nxt is None or nxt.tag_ not in OBJECT_STARTS:
        return False
    left = [c for c in tok.children if c.i < tok.i]
    return any(c.pos_ in ("PROPN", "NOUN") for c in left) and _third_person(tok.lower_)


OBJECT_STARTS = {"DT", "PRP$", "PRP", "NNP", "NNPS", "TO", "IN", "CD", "JJ", "NNS", "NN", "WDT", "RB"}


def _span_head(doc, start: int, end: int) -> int:
    """The token of doc[start:end] the rest hangs on ("build-up": "up"); a verb's own token for a verb."""
    if doc[start].pos_ == "VERB":
        return start
    for t in doc[start:end]:
        if not start <= t.head.i < end or t.head.i == t.i:
            return t.i
    return start


def _has_subject(tok) -> bool:
    return any(c.dep_ in ("nsubj", "nsubj:pass") for c in tok.children) and not any(
        c.dep_ == "cop" for c in tok.children
    )


@lru_cache(maxsize=8192)
def verb_lemma(word: str) -> str:
    """A word's lemma read as a verb ("meets" -> "meet", "'s" -> "be"), by lemminflect."""
    from lemminflect import getLemma

    word = word.lower().replace("’", "'")
    if word in CONTRACTED:
        return CONTRACTED[word]
    found = getLemma(word, upos="VERB")
    return found[0].lower() if found else word


CONTRACTED = {
    "'s": "be",
    "'re": "be",
    "'m": "be",
    "'ve": "have",
    "'d": "would",
    "'ll": "will",
    "ca": "can",
    "wo": "will",
}


def lemma(tok) -> str:
    """A token's lemma as the extraction needs it: a verb's from lemminflect (cached by word: the parse's own
    lemmatizer is left out of the pipeline, it cost a sixth of the parse), any other word in lower case."""
    if tok.pos_ in ("VERB", "AUX") or tok.pos_ in NOUN_POS and verb_reading(tok):
        return verb_lemma(tok.lower_)
    return tok.lower_


def _excluded(text: str, a: int, b: int, table: _Table) -> bool:
    first = re.match(r"\w+", text[a:b])
    for rx in table.excludes.get(first.group(0).lower() if first else "", ()):
        if any(m.start() <= a < m.end() for m in rx.finditer(text)):
            return True
    return False
