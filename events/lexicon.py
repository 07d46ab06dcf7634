"""Trigger words and verb forms, from categories.toml and verbs.toml.

``triggers(text)`` finds every category trigger in a text with its lemma and form;
``present(lemma, plural=False)`` gives the present-tense form a title uses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from events.resources import load

DETERMINERS = {"a", "an", "the", "this", "that", "these", "those", "its", "their", "his", "her", "our", "my",
               "your", "of", "any", "each", "every", "no", "some", "such", "whose"}
BASE_LICENSORS = {"to", "will", "would", "could", "can", "may", "might", "must", "should", "shall", "did",
                  "does", "do", "not", "n't", "cannot", "please", "i", "we", "they", "you"}


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


@lru_cache(maxsize=1)
def _table() -> tuple[re.Pattern, dict[str, list[tuple[str, str, str, str, bool]]], list[re.Pattern]]:
    """One regex over every trigger form, and form -> readings (category, lemma, form, kind, weak).

    Verb readings come before noun readings; the first reading the context allows is taken.
    """
    verbs: dict[str, list] = {}
    nouns: dict[str, list] = {}
    excludes = []
    for name, spec in load("categories")["category"].items():
        kind, weak = spec.get("kind", "content"), bool(spec.get("weak", False))
        for lemma in spec.get("verbs", []):
            for form, text in forms(lemma).items():
                readings = verbs.setdefault(text.lower(), [])
                if not any(r[1] == lemma and r[2] == form for r in readings):
                    readings.append((name, lemma, form, kind, weak))
        for noun in spec.get("nouns", []):
            nouns.setdefault(noun.lower(), []).append((name, "", "noun", kind, weak))
        excludes += [re.compile(r"\b" + re.escape(e) + r"\b", re.IGNORECASE) for e in spec.get("exclude", [])]
    lookup = {w: verbs.get(w, []) + nouns.get(w, []) for w in set(verbs) | set(nouns)}
    words = sorted(lookup, key=len, reverse=True)
    rx = re.compile(r"(?<![\w-])(" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words) + r")(?![\w-])",
                    re.IGNORECASE)
    return rx, lookup, excludes


ADVERBS = {"also", "still", "just", "then", "now", "soon", "even", "already", "never", "not", "only", "again",
           "further", "later", "first", "once"}


def _previous_word(text: str, start: int) -> str:
    """The word before start, skipping adverbs ("could also supply" -> "could")."""
    words = re.findall(r"[\w']+", text[max(0, start - 60):start])
    while words and (words[-1].lower() in ADVERBS or words[-1].lower().endswith("ly") and len(words[-1]) > 4):
        if words[-1].lower() in ("not", "never"):
            return words[-1].lower()
        words.pop()
    if not words or not re.search(r"[\w']\W*$", text[:start]) and words is None:
        return ""
    return words[-1].lower() if words else ""


def triggers(text: str, demonyms: frozenset[str] = frozenset()) -> list[Trigger]:
    """Every trigger in text, in order, with ambiguous readings filtered out.

    A base or -s form counts as a verb only where a verb can stand ("could supply", "Russia warns");
    a participle after a determiner is an adjective ("a sanctioned aircraft"); a word after a hyphen is
    part of a compound ("Russian-supplied").
    """
    rx, lookup, excludes = _table()
    blocked = [(m.start(), m.end()) for ex in excludes for m in ex.finditer(text)]
    out = []
    for m in rx.finditer(text):
        if any(a <= m.start() < b for a, b in blocked):
            continue
        if text[max(0, m.start() - 1):m.start()] == "-":
            continue
        key = re.sub(r"\s+", " ", m.group(0).lower())
        prev = _previous_word(text, m.start())
        for category, lemma, form, kind, weak in lookup[key]:
            if _allowed(form, prev, demonyms):
                out.append(Trigger(m.start(), m.end(), m.group(0), category, lemma, form, kind, weak))
                break
    return out


def _allowed(form: str, prev: str, demonyms: frozenset[str]) -> bool:
    if form == "base":
        return prev in BASE_LICENSORS
    if form == "s":
        return not (prev in DETERMINERS or prev.isdigit() or prev.endswith("'s") or prev in demonyms
                    or prev.endswith("est"))
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
