"""Cheap necessary conditions for regular expressions, so a text that cannot match is never scanned.

    need = Needs.of(rx)          # once, when the pattern is compiled
    if need.may_match(text):     # a substring test or a set test: microseconds
        text = rx.sub("", text)  # the same result as without the test, only faster

Two kinds of condition, both exact (a text they reject has no match):
- ``required_text``: a run of literal characters every match contains, read from the pattern's own
  parse tree (top-level literals only; groups, repeats and branches are not looked into).
- ``Needs.words``: for a pattern made from a word list as ``\\b(?:w1|w2|...)\\b``, the words a text must
  contain (first words of multi-word entries), looked for as whole words (``Words``).

``Words`` finds where any of a fixed set of words stands whole in a text, in one Aho-Corasick pass
(pyahocorasick): a few times faster than listing the text's words and looking each up.
"""

from __future__ import annotations

import re
import re._constants as C  # noqa: N812  (the parser's op codes)
import re._parser as P  # noqa: N812
from dataclasses import dataclass

import ahocorasick

WORD = re.compile(r"\w+")


def is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"  # what \\w is on str


def _is_run_char(ch: str) -> bool:
    return ch.isalnum() or ch in "_-"  # [\\w-]


class Words:
    """Where any of a fixed set of words stands whole in a (lower-cased) text: each occurrence the
    automaton finds, kept where the characters on both sides are not word characters (``hyphens``: nor
    hyphens). The same as looking up each ``\\w+`` run (``[\\w-]+`` run) of the text in the set."""

    def __init__(self, words, hyphens: bool = False):
        self.words = frozenset(words)
        self._inner = _is_run_char if hyphens else is_word_char
        bad = [w for w in self.words if not w or not all(map(self._inner, w))]
        if bad:
            raise ValueError(f"Words: {bad[:3]} are not single words")
        self._automaton = None
        if self.words:
            automaton = ahocorasick.Automaton()
            for w in self.words:
                automaton.add_word(w, (len(w), w))
            automaton.make_automaton()
            self._automaton = automaton

    def find(self, low: str) -> list[tuple[int, str]]:
        """(start, word) of every whole occurrence, in text order."""
        if self._automaton is None:
            return []
        inner, n, out = self._inner, len(low), []
        for end, (k, w) in self._automaton.iter(low):
            at = end - k + 1
            if (at == 0 or not inner(low[at - 1])) and (end + 1 == n or not inner(low[end + 1])):
                out.append((at, w))
        return out  # whole words do not overlap: in the order of their ends is in the order of their starts

    def any(self, low: str) -> bool:
        if self._automaton is None:
            return False
        inner, n = self._inner, len(low)
        for end, (k, _) in self._automaton.iter(low):
            at = end - k + 1
            if (at == 0 or not inner(low[at - 1])) and (end + 1 == n or not inner(low[end + 1])):
                return True
        return False


def required_text(rx: re.Pattern) -> str:
    """The longest run of literal characters that every match of ``rx`` contains ('' if none is known).

    Lower case when the pattern ignores case."""
    try:
        tree = P.parse(rx.pattern, rx.flags)
    except Exception:  # an internal API: never let it break a caller
        return ""
    best, run = "", []
    for op, av in list(tree) + [(None, None)]:
        if op is C.LITERAL:
            run.append(chr(av))
            continue
        if len(run) > len(best):
            best = "".join(run)
        run = []
    return best.lower() if rx.flags & re.IGNORECASE else best


def first_words(entries) -> frozenset[str] | None:
    """Lower-case first words of word-list entries, or None when an entry does not start with a word
    character (then no word test is exact)."""
    out = set()
    for e in entries:
        m = WORD.match(e.lower())
        if m is None:
            return None
        out.add(m.group(0))
    return frozenset(out)


@dataclass(frozen=True)
class Needs:
    """What a text needs before ``rx`` can match it."""

    text: str = ""  # a substring (lower case when ignore_case)
    ignore_case: bool = False
    words: frozenset[str] | None = None  # at least one of these words (lower case)

    @classmethod
    def of(cls, rx: re.Pattern, words=None) -> Needs:
        """``words``: the word list the pattern was built from as ``\\b(?:...)\\b``, if it was."""
        return cls(required_text(rx), bool(rx.flags & re.IGNORECASE), first_words(words) if words else None)

    def __post_init__(self) -> None:
        object.__setattr__(self, "may_match", self._test())  # called per sentence: the shortest test that holds

    def may_match(self, text: str) -> bool:  # replaced per instance by _test()'s function
        raise NotImplementedError

    def _test(self):
        need, words = self.text, self.words
        if words is None:
            if not need:
                return lambda text: True
            if not self.ignore_case:
                return lambda text: need in text
            return lambda text: not text.isascii() or need in text.lower()
        has = Words(words).any
        if not need:
            return lambda text: not text.isascii() or has(text.lower())
        plain = Needs(need, self.ignore_case).may_match
        return lambda text: plain(text) and (not text.isascii() or has(text.lower()))


def tail_start(text: str, tokens: int) -> int:
    """Where the search for a pattern anchored at the end of text, whose matches span at most ``tokens``
    whitespace-separated tokens, may start: at the end of what comes before them (no match starts earlier;
    a search from there finds what a search of the whole text finds, in a few tokens instead of the text)."""
    parts = text.rsplit(None, tokens)
    return len(parts[0]) if len(parts) > tokens else 0


def finditer_at(rx: re.Pattern, text: str, starts):
    """rx.finditer(text) for a pattern that can only match at the given (increasing) positions."""
    pos = 0
    for start in starts:
        if start < pos:
            continue
        m = rx.match(text, start)
        if m is not None:
            yield m
            pos = max(m.end(), start + 1)
