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

``first_chars(rx)`` is a condition on a position rather than a text: a class of every character a match
can start with; ``guarded(rx)`` puts it in front of the pattern as a lookahead, so a search that tries
every position (``re`` has no fast skip for patterns that start with ``\\b``, a lookbehind or an optional
group) rejects most positions with one class test instead of trying each alternative. ``trie(words)``
writes a word list as an alternation whose words share their prefixes, for the same reason.

``required_text``, ``first_chars`` and ``guarded`` read a pattern's parse tree from CPython's private
``re._parser`` (with ``re._constants`` and ``re._compiler``); pyproject bounds the Python versions this
is tested on. Should those modules be missing, or not have the shape read here (checked once on patterns
whose answers are known: ``INTERNALS``), the three make no quick test (``''``, None, the plain pattern),
and every search runs as plain ``re``: the same results, only slower. The word-list tests (``Words``,
``Needs.words``) use no internals and stay.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

import ahocorasick

try:  # CPython's private parser modules: without them (or in another shape) no quick test is made, see above
    import re._compiler as Cm  # noqa: N812  (its prefix search, to leave patterns it already skips well)
    import re._constants as C  # noqa: N812  (the parser's op codes)
    import re._parser as P  # noqa: N812
except ImportError:
    Cm = C = P = None

log = logging.getLogger(__name__)

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
    if not INTERNALS:
        return ""
    try:
        tree = P.parse(rx.pattern, rx.flags)
    except Exception:  # an internal API: never let it break a caller
        log.debug(f"re's parser failed on {rx.pattern[:80]!r}; no required text", exc_info=True)
        return ""
    best = _required_run(tree)
    return best.lower() if rx.flags & re.IGNORECASE else best


def _required_run(tree) -> str:
    """The longest run of top-level literal characters of a parse tree."""
    best, run = "", []
    for op, av in list(tree) + [(None, None)]:
        if op is C.LITERAL:
            run.append(chr(av))
            continue
        if len(run) > len(best):
            best = "".join(run)
        run = []
    return best


_NEEDED = {  # what this module reads of re's internals
    "re._constants": (
        "LITERAL",
        "IN",
        "RANGE",
        "CATEGORY",
        "CATEGORY_DIGIT",
        "CATEGORY_SPACE",
        "CATEGORY_WORD",
        "AT",
        "ASSERT",
        "ASSERT_NOT",
        "SUBPATTERN",
        "ATOMIC_GROUP",
        "BRANCH",
        "MAX_REPEAT",
        "MIN_REPEAT",
        "POSSESSIVE_REPEAT",
    ),
    "re._parser": ("parse",),
    "re._compiler": ("_get_literal_prefix", "_get_charset_prefix"),
}
_CATEGORIES = {}
_ORDER = {}  # how a class lists its items (each kind sorted)


def _internals_usable() -> bool:
    """Whether re's internals are there, with every name read here, and give the known answers on a few
    patterns (a literal run, a first-character class, a prefix search); False (and a debug line) if not."""
    global _CATEGORIES, _ORDER
    if P is None:
        log.debug("re's parser internals cannot be imported; the prefilter makes no quick tests")
        return False
    missing = [
        f"{mod}.{name}"
        for mod, names in _NEEDED.items()
        for name in names
        if not hasattr({"re._constants": C, "re._parser": P, "re._compiler": Cm}[mod], name)
    ]
    if missing:
        log.debug(f"re's internals lack {', '.join(missing)}; the prefilter makes no quick tests")
        return False
    try:
        _CATEGORIES = {C.CATEGORY_DIGIT: r"\d", C.CATEGORY_SPACE: r"\s", C.CATEGORY_WORD: r"\w"}
        _ORDER = {C.LITERAL: 0, C.RANGE: 1, C.CATEGORY: 2}
        tree = P.parse(r"\b(?:foo|bar)x+", 0)
        known = (
            _required_run(P.parse("ab+cd", 0)) == "cd"
            and _first_class(tree, 0) == "[\\x62\\x66]"
            and not Cm._get_literal_prefix(tree, 0)[0]
            and Cm._get_literal_prefix(P.parse("abc", 0), 0)[0] == [97, 98, 99]
        )
    except Exception:  # another shape than the one read here
        log.debug("re's internals are not in the shape the prefilter reads; it makes no quick tests", exc_info=True)
        return False
    if not known:
        log.debug("re's internals give other answers than the prefilter expects; it makes no quick tests")
    return known


def _first_of_sequence(items, flags: int):
    """(the class items a match of the sequence can start with, or None if any character may; whether the
    sequence can match the empty string). A class item is (op, value, ignore case)."""
    out: set = set()
    for op, av in items:
        first, empty = _first_of_item(op, av, flags)
        if first is None:
            return None, False
        out |= first
        if not empty:
            return out, False
    return out, True


def _first_of_item(op, av, flags: int):
    ci = bool(flags & re.IGNORECASE)
    if op is C.LITERAL:
        return {(op, av, ci)}, False
    if op is C.IN:
        if not all(o is C.LITERAL or o is C.RANGE or o is C.CATEGORY and a in _CATEGORIES for o, a in av):
            return None, False  # a negated class or category: (almost) any character
        return {(o, a, ci) for o, a in av}, False
    if op in (C.AT, C.ASSERT, C.ASSERT_NOT):  # zero width: the match starts with what follows
        return set(), True
    if op is C.SUBPATTERN:
        _, add, remove, sub = av
        return _first_of_sequence(sub.data, (flags | add) & ~remove)
    if op is C.ATOMIC_GROUP:
        return _first_of_sequence(av.data, flags)
    if op is C.BRANCH:
        out, empty = set(), False
        for alt in av[1]:
            first, e = _first_of_sequence(alt.data, flags)
            if first is None:
                return None, False
            out, empty = out | first, empty or e
        return out, empty
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
        low, high, sub = av
        if high == 0:
            return set(), True
        first, empty = _first_of_sequence(sub.data, flags)
        return first, empty or low == 0
    return None, False  # group references and the rest: no bound


def _class_char(code: int) -> str:
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


_GLOBAL_FLAGS = re.compile(r"\(\?[aiLmsux]+\)")


def _parse(pattern: str, flags: int):
    if not INTERNALS or flags & (re.LOCALE | re.VERBOSE) or _GLOBAL_FLAGS.match(pattern):
        return None
    try:
        return P.parse(pattern, flags)
    except Exception:  # an internal API (and a bad pattern is re.compile's to report)
        log.debug(f"re's parser failed on {pattern[:80]!r}; no first-character test", exc_info=True)
        return None


def _first_class(tree, flags: int) -> str | None:
    first, empty = _first_of_sequence(tree.data, flags)
    if not first or empty:
        return None
    parts = []
    for op, av, _ in sorted(first, key=lambda item: (_ORDER[item[0]], item[1])):
        if op is C.LITERAL:
            parts.append(_class_char(av))
        elif op is C.RANGE:
            parts.append(_class_char(av[0]) + "-" + _class_char(av[1]))
        else:
            parts.append(_CATEGORIES[av])
    cls = "[" + "".join(parts) + "]"
    # a character matched ignoring case inside a case-sensitive pattern: the class ignores case too
    return f"(?i:{cls})" if any(ci for _, _, ci in first) and not flags & re.IGNORECASE else cls


INTERNALS = _internals_usable()  # re's internals as read here: the quick tests are made


def first_chars(pattern: str, flags: int = 0) -> str | None:
    """A character class (regex text) holding every character a match of the pattern can start with, or
    None when no such bound is known (a match may be empty or start with any character). Read from the
    pattern's parse tree; lookarounds are skipped (a superset, never a miss)."""
    tree = _parse(pattern, flags)
    return None if tree is None else _first_class(tree, flags)


def guarded(pattern: str, flags: int = 0, head: str | None = None) -> re.Pattern:
    """re.compile(pattern, flags) with a lookahead for its first characters in front (``(?=[...])(?:...)``): the
    same matches, found faster where most positions cannot start one. Without it when no bound is known,
    or when ``re`` skips to candidate positions itself (a pattern starting with a literal or a class).

    head: for a long pattern, its start that every match starts with (pattern is head followed by more
    items, and head cannot match the empty string): only head is parsed for the bound."""
    if head is not None and not pattern.startswith(head):
        raise ValueError("guarded: head must be the start of the pattern")
    tree = _parse(pattern if head is None else head, flags)
    cls = None
    if tree is not None and not (Cm._get_literal_prefix(tree, flags)[0] or Cm._get_charset_prefix(tree, flags)):
        cls = _first_class(tree, flags)
    return re.compile(pattern if cls is None else f"(?={cls})(?:{pattern})", flags)


def trie(words, end: str = "", space: str = re.escape(" ")) -> str:
    """An alternation of words as a trie (nested alternations sharing their prefixes), each word followed by
    ``end`` and each space written as ``space``: the same matches as a flat alternation, longest first (words
    matching at one place are prefixes of one another, and at each node a longer word is tried before a
    shorter one), but a failing position costs one test per first letter instead of one per word."""
    root: dict = {}
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        alts = [(space if ch == " " else re.escape(ch)) + build(child) for ch, child in sorted(node.items()) if ch]
        if "" in node:
            alts.append(end)
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    return build(root)


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
