"""Trigger words and verb forms, from categories.toml and verbs.toml.

``triggers(text)`` finds every category trigger in a text with its lemma and form;
``present(lemma, plural=False)`` gives the present-tense form a title uses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from events.resources import load
from events.text.prefilter import Words

DETERMINERS = {
    "a",
    "an",
    "the",
    "this",
    "that",
    "these",
    "those",
    "its",
    "their",
    "his",
    "her",
    "our",
    "my",
    "your",
    "of",
    "any",
    "each",
    "every",
    "no",
    "some",
    "such",
    "whose",
}
BASE_LICENSORS = {
    "to",
    "will",
    "would",
    "could",
    "can",
    "may",
    "might",
    "must",
    "should",
    "shall",
    "did",
    "does",
    "do",
    "not",
    "n't",
    "cannot",
    "please",
    "i",
    "we",
    "they",
    "you",
}


@dataclass(frozen=True)
class Trigger:
    start: int
    end: int
    text: str
    category: str
    lemma: str  # the verb lemma, or "" for a noun trigger
    form: str  # base, s, ed, en, ing, noun
    kind: str  # content or communication
    weak: bool


def _third(word: str) -> str:
    if re.search(r"(s|sh|ch|x|z|o)$", word):
        return word + "es"
    if re.search(r"[^aeiou]y$", word):
        return word[:-1] + "ies"
    return word + "s"


def _past(word: str, double: bool) -> str:
    if word.endswith("e"):
        return word + "d"
    if re.search(r"[^aeiou]y$", word):
        return word[:-1] + "ied"
    return word + (word[-1] if double else "") + "ed"


def _gerund(word: str, double: bool) -> str:
    if word.endswith("ie"):
        return word[:-2] + "ying"
    if word.endswith("e") and not word.endswith(("ee", "ye", "oe")):
        return word[:-1] + "ing"
    return word + (word[-1] if double else "") + "ing"


@lru_cache(maxsize=None)
def forms(lemma: str) -> dict[str, str]:
    """{form name: text} for a (possibly multi-word) verb lemma: base, s, ed, en, ing."""
    data = load("verbs")
    head, _, rest = lemma.partition(" ")
    tail = f" {rest}" if rest else ""
    double = lemma in data["double"] or head in data["double"]
    out = {"base": lemma, "s": _third(head) + tail, "ing": _gerund(head, double) + tail}
    irregular = data["irregular"].get(lemma) or data["irregular"].get(head)
    if irregular and lemma in data["irregular"]:
        out["ed"], out["en"] = irregular
    elif irregular:
        out["ed"], out["en"] = irregular[0] + tail, irregular[1] + tail
    else:
        out["ed"] = out["en"] = _past(head, double) + tail
    return out


def present(lemma: str, plural: bool = False) -> str:
    return lemma if plural else forms(lemma)["s"]


def past_lemma(word: str) -> str:
    """The lemma of a trigger verb whose simple past ``word`` is ("sank" -> "sink"), or ""."""
    for _name, lemma, form, _kind, _weak in _table().lookup.get(word.lower(), ()):
        if form == "ed" and lemma:
            return lemma
    return ""


WORD_RUN = re.compile(r"[\w-]+")  # a maximal run of word characters and hyphens: where a trigger may start
WORD = re.compile(r"\w+")
WORDS_APOS = re.compile(r"[\w']+")
SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class _Table:
    """Trigger forms and excludes, keyed by their first word, so a text is matched by dict lookups.

    ``starts``: first lower-case word run -> [(key, pattern)] longest key first, each pattern matching the
    whole form (any white space between words, case-insensitive) with the same boundaries as a word; ``lookup``: form ->
    readings (category, lemma, form, kind, weak); ``excludes``: lower-case word -> patterns of the exclude
    phrases containing it.
    """

    starts: dict[str, list[tuple[str, re.Pattern]]]
    lookup: dict[str, list[tuple[str, str, str, str, bool]]]
    excludes: dict[str, list[re.Pattern]]
    start_words: Words  # the keys of starts, found whole in one pass


@lru_cache(maxsize=1)
def _table() -> _Table:
    """Every trigger form, and form -> readings (category, lemma, form, kind, weak).

    Verb readings come before noun readings; the first reading the context allows is taken.
    """
    verbs: dict[str, list] = {}
    nouns: dict[str, list] = {}
    excludes: dict[str, list[re.Pattern]] = {}
    for name, spec in load("categories")["category"].items():
        kind, weak = spec.get("kind", "content"), bool(spec.get("weak", False))
        for lemma in spec.get("verbs", []):
            for form, text in forms(lemma).items():
                readings = verbs.setdefault(text.lower(), [])
                if not any(r[1] == lemma and r[2] == form for r in readings):
                    readings.append((name, lemma, form, kind, weak))
        for noun in spec.get("nouns", []):
            nouns.setdefault(noun.lower(), []).append((name, "", "noun", kind, weak))
        for e in spec.get("exclude", []):
            rx = re.compile(r"\b" + re.escape(e) + r"\b", re.IGNORECASE)
            for word in {w.lower() for w in WORD.findall(e)}:
                excludes.setdefault(word, []).append(rx)
    lookup = {w: verbs.get(w, []) + nouns.get(w, []) for w in set(verbs) | set(nouns)}
    starts: dict[str, list] = {}
    for w in sorted(lookup, key=len, reverse=True):
        first = WORD_RUN.match(w)
        if first is None:
            raise ValueError(f"trigger {w!r} in categories.toml must start with a letter or digit")
        rx = re.compile(re.escape(w).replace(r"\ ", r"\s+") + r"(?![\w-])", re.IGNORECASE)
        starts.setdefault(first.group(0), []).append((w, rx))
    return _Table(starts, lookup, excludes, Words(starts, hyphens=True))


ADVERBS = {
    "also",
    "still",
    "just",
    "then",
    "now",
    "soon",
    "even",
    "already",
    "never",
    "not",
    "only",
    "again",
    "further",
    "later",
    "first",
    "once",
}


def _previous_word(text: str, start: int) -> str:
    """The word before start, skipping adverbs ("could also supply" -> "could")."""
    words = WORDS_APOS.findall(text[max(0, start - 60) : start])
    while words and (words[-1].lower() in ADVERBS or words[-1].lower().endswith("ly") and len(words[-1]) > 4):
        if words[-1].lower() in ("not", "never"):
            return words[-1].lower()
        words.pop()
    return words[-1].lower() if words else ""


def triggers(text: str, demonyms: frozenset[str] = frozenset()) -> list[Trigger]:
    """Every trigger in text, in order, with ambiguous readings filtered out.

    A base or -s form counts as a verb only where a verb can stand ("could supply", "Russia warns");
    a participle after a determiner is an adjective ("a sanctioned aircraft"); a word after a hyphen is
    part of a compound ("Russian-supplied"). A trigger inside an exclude phrase ("supply chain") is none.
    """
    return list(_triggers(text, demonyms))


@lru_cache(maxsize=256)  # a sentence is looked at several times (category, main clause, title)
def _triggers(text: str, demonyms: frozenset[str]) -> tuple[Trigger, ...]:
    table = _table()
    out = []
    pos = 0  # matches do not overlap: the next one starts after the last
    blocked: list[tuple[int, int]] = []
    checked: set[str] = set()  # words whose exclude phrases are in blocked
    for start, word in _candidate_runs(text, table):
        if start < pos:
            continue
        options = table.starts[word]
        m = next((m for _, rx in options if (m := rx.match(text, start))), None)
        if m is None:
            continue
        pos = m.end()
        word = WORD.match(text, m.start())
        if word is not None and word.group(0).lower() not in checked:
            checked.add(word.group(0).lower())
            blocked += [
                (x.start(), x.end()) for rx in table.excludes.get(word.group(0).lower(), ()) for x in rx.finditer(text)
            ]
        if any(a <= m.start() < b for a, b in blocked):
            continue
        if text[max(0, m.start() - 1) : m.start()] == "-":
            continue
        key = SPACES.sub(" ", m.group(0).lower())
        prev = _previous_word(text, m.start())
        for category, lemma, form, kind, weak in table.lookup[key]:
            if _allowed(form, prev, demonyms):
                out.append(Trigger(m.start(), m.end(), m.group(0), category, lemma, form, kind, weak))
                break
    return tuple(out)


def _candidate_runs(text: str, table: _Table) -> list[tuple[int, str]]:
    """(start, lower-case word run) of the runs a trigger may start with, in text order."""
    starts = table.starts
    if not text.isascii():  # lower-casing may change offsets: lower each run instead
        runs = ((m.start(), m.group(0).lower()) for m in WORD_RUN.finditer(text))
        return [(a, w) for a, w in runs if w in starts]
    return table.start_words.find(text.lower())


def _allowed(form: str, prev: str, demonyms: frozenset[str]) -> bool:
    if form == "base":
        return prev in BASE_LICENSORS
    if form == "s":
        return not (
            prev in DETERMINERS or prev.isdigit() or prev.endswith("'s") or prev in demonyms or prev.endswith("est")
        )
    if form in ("ed", "en"):  # "a sanctioned aircraft", "Elected officials said": adjectives
        return prev != "" and prev not in DETERMINERS - {"that", "of"}
    return True


def category_of(text: str, demonyms: frozenset[str] = frozenset()) -> tuple[str, Trigger | None]:
    """The category of a text: its first strong content trigger, else first weak one, else communication."""
    found = triggers(text, demonyms)
    for group in (
        [t for t in found if t.kind == "content" and not t.weak],
        [t for t in found if t.kind == "content"],
        found,
    ):
        if group:
            return group[0].category, group[0]
    return "", None
