"""Which way an expression points ("on Tuesday": the last one after "said", the next after "will meet").

Looks for the cue words of events/resources/temporal/tense.toml in the sentence around the
expression: the nearest cue on its left decides; failing that the first on its right.
"""

from __future__ import annotations

import functools
import re

from events.resources import load
from events.text.prefilter import guarded

PAST, FUTURE, NONE = "past", "future", ""

_SENTENCE_END = guarded(r"(?:[.!?][\"'”’)]*\s+(?=[\"“‘(]?[A-Z])|\n)")


_WEEKDAY = re.compile(r"(?:mon|tues|wednes|thurs|fri|satur|sun)day\b", re.IGNORECASE)


@functools.lru_cache(maxsize=None)
def _forward() -> re.Pattern:
    words = "|".join(re.escape(w) for w in load("temporal/tense")["cues"]["forward_before"])
    return re.compile(rf"(?<![\w'])(?:{words})\s+$", re.IGNORECASE)


@functools.lru_cache(maxsize=None)
def _cues() -> tuple[re.Pattern, frozenset]:
    data = load("temporal/tense")["cues"]
    fut = "|".join(data["future"])
    past = "|".join(data["past"])
    regex = guarded(rf"(?<![\w'])(?:(?P<future>{fut})|(?P<past>{past}))(?![\w'])")
    return regex, frozenset(w.lower() for w in data["not_past"])


def sentence_bounds(text: str, start: int, end: int, reach: int = 400) -> tuple[int, int]:
    """Approximate sentence around [start, end): from the last boundary before to the first after."""
    lo = max(0, start - reach)
    left = lo
    for m in _SENTENCE_END.finditer(text, lo, start):
        left = m.end()
    m = _SENTENCE_END.search(text, end, min(len(text), end + reach))
    right = m.start() + 1 if m else min(len(text), end + reach)
    return left, right


# a determiner or possessive right before an -ed word makes it an adjective
_ADJECTIVE_SLOT = re.compile(r"\b(?:a|an|the|its|their|his|her|our|my|your)\s+$", re.IGNORECASE)


def _kind(m: re.Match, text: str, not_past: frozenset) -> str:
    if m.group("future"):
        return FUTURE
    word = m.group().lower()
    if word in not_past:
        return NONE
    if (
        m.start()
        and text[m.start() - 1] == "-"
        or word.endswith("ed")
        and _ADJECTIVE_SLOT.search(text, max(0, m.start() - 8), m.start())
    ):
        # a participle used as an adjective ("a so-called operation", "the injured workers") has no tense
        return NONE
    if re.search(
        r"\b(?:be|been|being|is|are|was|were|to|will|would)\s+$",
        text[max(0, m.start() - 10) : m.start()],
        re.IGNORECASE,
    ):
        # passive after a modal or auxiliary: "will be held" speaks of the future
        before = text[max(0, m.start() - 20) : m.start()].lower()
        return FUTURE if re.search(r"\b(?:will|would|to|shall)\s+be\s+$", before) else NONE
    return PAST


def direction(text: str, start: int, end: int) -> str:
    """'past', 'future' or '' for the expression text[start:end]."""
    regex, not_past = _cues()
    left, right = sentence_bounds(text, start, end)
    if (
        _WEEKDAY.match(text, start)
        and _forward().search(text, max(0, start - 12), start)
        and not re.match(r"['’]s\b", text[end : end + 3])
    ):
        after = next((k for m in regex.finditer(text, end, right) if (k := _kind(m, text, not_past))), NONE)
        if after != PAST:  # "a service planned for Saturday was canceled": told after the day
            return FUTURE  # "for Tuesday": the day planned
    found = NONE
    for m in regex.finditer(text, left, start):
        k = _kind(m, text, not_past)
        if k:
            found = k
    if found:
        return found
    for m in regex.finditer(text, end, right):
        k = _kind(m, text, not_past)
        if k:
            return k
    return NONE
