"""Phase 1: find temporal expressions with the rules of events/resources/temporal/rules_*.toml.

Each rule's regex runs over the text; its named groups fill the rule's value template, giving an
underspecified TIMEX3 value ("XXXX-10-31", "XXXX-WXX-2", "UNDEF-this-week-MINUS-1", "P3Y") that
phase 2 (resolve.py) completes against the reference date. Overlaps go to the longest candidate.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field, replace

import ahocorasick

from events.resources import load, names
from events.temporal import vocab
from events.text.prefilter import guarded, is_word_char

FLAGS = re.IGNORECASE
_SPACES = re.compile(r"\s+")
_DECADES = re.compile(r"^P(\d+)([EC])$")
_YEARS_IN = {"E": 10, "C": 100}
_CLOCK_UNIT = re.compile(r"^P([\dX.]+)T([HMS])$")  # clock units of durations take the T: P4TH -> PT4H


@dataclass(frozen=True)
class Rule:
    name: str
    regex: re.Pattern
    type: str
    value: str
    mod: str = ""
    value_end: str = ""
    span: bool = False
    anchor: str = ""
    extent: str = ""
    quant: str = ""
    freq: str = ""
    require: tuple = ()  # the rule runs only near one of these strings
    require_case: bool = False  # ... matched case-sensitively
    head: re.Pattern | None = None  # the require strings as one regex
    head_words: tuple = ()  # ... as literals, in the regex's order (lower case unless require_case)
    on_lower: bool = False  # regex runs on the lower-cased text
    lookup: dict = field(default_factory=dict)  # phrase -> value (reference-word rules)
    guards: dict = field(default_factory=dict)  # phrase -> {not_before, not_after}
    whole: bool = False  # a range that is one period ("fiscal 2010-11"): not split
    left: re.Pattern | None = None  # the rule holds only where this matches within LEFT_REACH before it


@dataclass(frozen=True)
class Candidate:
    start: int
    end: int
    rule: Rule
    value: str  # underspecified
    value_end: str
    mod: str
    freq: str
    valid: bool = True  # false: an impossible date; it still blocks overlapping candidates


_KNOWN_KEYS = {
    "name",
    "pattern",
    "type",
    "value",
    "mod",
    "value_end",
    "span",
    "anchor",
    "extent",
    "quant",
    "freq",
    "require",
    "left",
    "whole",
}
_CASE_LISTS = {"months", "weekdays"}
_CAPITALIZED = {"month", "weekday"}  # groups that must start with a capital letter in the text


def _requirement(spec, source: str) -> tuple[tuple, bool]:
    if spec is None:
        return (), False
    if isinstance(spec, str):
        if not spec.startswith("@"):
            raise ValueError(f"{source}: require must be a list or '@name', not {spec!r}")
        lists = load("temporal/fragments")["literals"]
        name = spec[1:]
        if name not in lists:
            raise ValueError(f"{source}: no literal list {spec!r}. Expected one of {sorted(lists)}")
        return tuple(lists[name]), name in _CASE_LISTS
    return tuple(w.lower() for w in spec), False


def _rule_from(spec: dict, source: str) -> Rule:
    unknown = set(spec) - _KNOWN_KEYS
    if unknown:
        raise ValueError(
            f"{source}: rule {spec.get('name')!r} has unknown keys {sorted(unknown)}; "
            f"expected some of {sorted(_KNOWN_KEYS)}"
        )
    expanded = vocab.expand(spec["pattern"])
    # Rules run on the lower-cased text without IGNORECASE (the same matches at half the cost); the
    # case-sensitive parts (month and weekday names: "May" but not "may") are checked afterwards on
    # the original text by the name of their group. A pattern using \\D-style classes keeps the flag.
    on_lower = not re.search(r"\\[DSWBAZ]", expanded)
    try:
        # guarded: a rule is tried at every position of its windows, and most positions fail at the first character
        if on_lower:
            lowered = expanded.replace("(?-i:", "(?:").lower()
            regex = guarded(lowered.replace("(?p<", "(?P<").replace("(?p=", "(?P="))
        else:
            regex = guarded(expanded, FLAGS)
    except re.error as exc:
        raise ValueError(f"{source}: rule {spec['name']!r} does not compile: {exc}") from exc
    require, case = _requirement(spec.get("require"), source)
    head = None
    if require:
        alts = "|".join(
            (r"\b" if w[:1].isalpha() else "") + re.escape(w) for w in sorted(require, key=len, reverse=True)
        )
        head = re.compile(alts, 0 if case else FLAGS)
    words = tuple(w if case else w.lower() for w in sorted(require, key=len, reverse=True))
    left = re.compile(spec["left"], FLAGS) if spec.get("left") else None
    return Rule(
        left=left,
        whole=spec.get("whole", False),
        name=spec["name"],
        regex=regex,
        type=spec["type"],
        value=spec["value"],
        on_lower=on_lower,
        require=require,
        require_case=case,
        head=head,
        head_words=words,
        mod=spec.get("mod", ""),
        value_end=spec.get("value_end", ""),
        span=spec.get("span", False),
        anchor=spec.get("anchor", ""),
        extent=spec.get("extent", ""),
        quant=spec.get("quant", ""),
        freq=spec.get("freq", ""),
    )


def _ref_rule() -> Rule:
    data = load("temporal/refs")
    lookup = {re.sub(r"\s+", " ", k.lower()): v for k, v in data["ref"].items()}
    alt = vocab._alternation(lookup)
    regex = guarded(rf"(?<![\w-]){alt}(?![\w-])".lower())
    guards = {}
    for phrase, g in data.get("guarded", {}).items():
        guards[phrase.lower()] = {k: re.compile(v, FLAGS) for k, v in g.items()}
    return Rule(
        name="reference_word", regex=regex, type="DATE", value="{ref}", lookup=lookup, guards=guards, on_lower=True
    )


@functools.lru_cache(maxsize=None)
def rules() -> tuple[Rule, ...]:
    """Every rule of every rules_* file, compiled once."""
    out = []
    for name in names():
        if name.startswith("temporal/rules_"):
            for spec in load(name).get("rule", []):
                out.append(_rule_from(spec, name))
    out.append(_ref_rule())
    return tuple(out)


@functools.lru_cache(maxsize=None)
def negatives() -> tuple[re.Pattern, re.Pattern]:
    ctx = load("temporal/negative")["context"]
    after = re.compile("|".join(f"(?:{p})" for p in ctx["after"]), FLAGS)
    before = re.compile("|".join(f"(?:{p})" for p in ctx["before"]), FLAGS)
    return after, before


# ---- template filling ------------------------------------------------------------------------

_SLOT = re.compile(r"\{(\w+)(?::(\w+))?\}")
_SET_VALUES = {
    "daily": "P1D",
    "every day": "P1D",
    "each day": "P1D",
    "per day": "P1D",
    "a day": "P1D",
    "nightly": "P1D",
    "every night": "P1D",
    "every morning": "P1D",
    "every evening": "P1D",
    "weekly": "P1W",
    "every week": "P1W",
    "each week": "P1W",
    "per week": "P1W",
    "a week": "P1W",
    "biweekly": "P2W",
    "monthly": "P1M",
    "every month": "P1M",
    "each month": "P1M",
    "per month": "P1M",
    "a month": "P1M",
    "quarterly": "P3M",
    "every quarter": "P1Q",
    "each quarter": "P1Q",
    "annually": "P1Y",
    "yearly": "P1Y",
    "annual": "P1Y",
    "every year": "P1Y",
    "each year": "P1Y",
    "per year": "P1Y",
    "a year": "P1Y",
    "semiannually": "P6M",
    "hourly": "PT1H",
}
_FREQ = {"once": "1X", "twice": "2X", "three times": "3X", "four times": "4X"}


def _norm(kind: str, text: str, fn: str | None) -> str:
    """Turn one matched group into its value piece. kind is the group name without trailing digits."""
    t = vocab.tables()
    low = _SPACES.sub(" ", text.strip().lower())
    if kind in ("month",):
        if low.isdigit():
            return f"{int(low):02d}"
        m = t["month"].get(low.rstrip("."))
        return f"{m:02d}" if m else "XX"
    if kind == "day":
        d = re.match(r"\d+", low)
        return f"{int(d.group()):02d}" if d else f"{vocab.ordinal(low) or 0:02d}"
    if kind == "year":
        return vocab.year(low)
    if kind == "weekday":
        return str(t["weekday"].get(low.rstrip(".").rstrip("s"), t["weekday"].get(low.rstrip("."), "X")))
    if kind == "num":
        return vocab.fmt_number(vocab.number(low))
    if kind == "ord":
        o = vocab.ordinal(low)
        if fn == "century":
            return f"{(o or 1) - 1:02d}"
        return str(o) if o else "X"
    if kind == "unit":
        u = t["unit"].get(low) or t["unit"].get(low.rstrip("s")) or {"dur": "X", "cal": "day"}
        return u["cal"] if fn == "cal" else u["dur"]
    if kind == "season":
        return t["season"].get(low, "XX")
    if kind == "part":
        return t["part"].get(low, "DT")
    if kind == "decade":
        return vocab.decade(low)
    if kind in ("mod", "qmod"):
        return t["mod"].get(low, "")
    if kind == "holiday":
        return "H:" + t["holiday"].get(low, "")
    if kind == "rel":
        if fn == "shift":  # "March last year": the reference year shifted
            return {"last": "-MINUS-1", "next": "-PLUS-1"}.get(low, "")
        return {"last": "LAST", "next": "NEXT", "this": "THIS"}.get(low, "")
    if kind == "set":
        return _SET_VALUES.get(low, "P1D")
    if kind == "freq":
        return _FREQ.get(low, re.sub(r"\D", "", low) + "X")
    if kind == "q":
        return low.upper()
    if kind == "yearword":
        return vocab.spoken_year(low)
    return text


def _clock(g: dict) -> str:
    """TIMEX3 value for a clock time, with its day part (weekday, month-day, today...)."""
    hour = (g.get("hour") or "").lower()
    if hour in ("noon", "midday"):
        hh, mm = 12, "00"
    elif hour == "midnight":
        hh, mm = 24, "00"
    else:
        hh = int(hour)
        mm = g.get("minute") or "00"
        ampm = (g.get("ampm") or "").lower()
        if ampm.startswith("p") and hh < 12:
            hh += 12
        elif ampm.startswith("a") and hh == 12:
            hh = 0
    if g.get("weekday"):
        day = f"XXXX-WXX-{_norm('weekday', g['weekday'], None)}"
    elif g.get("month") and g.get("day"):
        day = f"XXXX-{_norm('month', g['month'], None)}-{_norm('day', g['day'], None)}"
    elif g.get("rel"):
        day = {"today": "UNDEF-this-day", "yesterday": "UNDEF-this-day-MINUS-1", "tomorrow": "UNDEF-this-day-PLUS-1"}[
            g["rel"].lower()
        ]
    else:
        day = "UNDEF-this-day"
    return f"{day}T{hh:02d}:{mm}"


def fill(template: str, groups: dict) -> str:
    """Fill a value template; '{a}{b}|XXXX-...' puts a year or LAST/NEXT/THIS in front of the rest."""
    if not template:
        return ""

    def sub(m: re.Match) -> str:
        name, fn = m.group(1), m.group(2)
        if name == "clock":
            return _clock(groups)
        text = groups.get(name)
        if not text:
            return ""
        return _norm(name.rstrip("0123456789"), text, fn)

    out = _SLOT.sub(sub, template).rstrip("-")  # an empty last slot leaves a dangling dash
    if "|" in out:
        head, rest = out.split("|", 1)
        if re.fullmatch(r"\d{4}", head):
            out = rest.replace("XXXX", head, 1)
        elif head:
            out = f"{head}:{rest}"
        else:
            out = rest
    # clock units of durations take the T: P4TH -> PT4H
    if out.startswith("P"):
        out = _CLOCK_UNIT.sub(r"PT\1\2", out)
    if out.startswith("P"):  # TimeML counts decades and centuries in years: "two decades" is P20Y
        out = _DECADES.sub(lambda m: f"P{int(m.group(1)) * _YEARS_IN[m.group(2)]}Y", out)
    if out.startswith("P") and "WE" in out:
        out = out.replace("WE", "D").replace("P1D", "P2D")
    return out


# ---- candidate search ------------------------------------------------------------------------


def _rejected(text: str, start: int, end: int) -> bool:
    after, before = negatives()
    if after.match(text, end):
        return True
    return bool(before.search(text[max(0, start - 16) : start]))


def candidates(text: str) -> list[Candidate]:
    out: list[Candidate] = []
    lowered = text.lower()
    windows: dict = {}  # rules with the same required strings share their search windows
    for rule in rules():
        for m in _matches(rule, text, lowered, windows):
            start, end = m.span(rule.extent) if rule.extent else m.span()
            if start >= end:
                continue
            if rule.left is not None and not rule.left.search(text, max(0, start - LEFT_REACH), start):
                continue
            groups = {k: text[m.start(k) : m.end(k)] for k, v in m.groupdict().items() if v}
            if any(k.rstrip("0123456789") in _CAPITALIZED and groups[k][:1].islower() for k in groups):
                continue
            if rule.lookup:
                phrase = re.sub(r"\s+", " ", m.group().lower())
                guard = rule.guards.get(phrase)
                if guard and (
                    ("not_after" in guard and guard["not_after"].match(text, end))
                    or ("not_before" in guard and guard["not_before"].search(text[max(0, start - 30) : start]))
                ):
                    continue
                value = rule.lookup.get(phrase, "")
            else:
                if _numeric_start(text, start, end) and _rejected(text, start, end):
                    continue
                value = fill(rule.value, groups)
            out.append(
                Candidate(
                    start,
                    end,
                    rule,
                    value,
                    fill(rule.value_end, groups),
                    fill(rule.mod, groups),
                    fill(rule.freq, groups),
                )
            )
    return out


_IGNORECASE: dict[str, Rule] = {}


def _ignorecase(rule: Rule) -> Rule:
    """The rule compiled with IGNORECASE, for texts whose lower-cased form changes length."""
    if rule.name not in _IGNORECASE:
        _IGNORECASE[rule.name] = replace(rule, regex=re.compile(rule.regex.pattern, FLAGS), on_lower=False)
    return _IGNORECASE[rule.name]


LEFT_REACH = 250  # characters before a match that a rule's `left` context is looked for in
REACH = 50  # characters a rule's match may extend on either side of its required string


def head_spans(words: tuple[str, ...], hay: str) -> list[tuple[int, int]]:
    """The spans ``re.finditer(alternation of words, hay)`` gives, found with str.find (several times faster).

    The alternation tries the words in order at each position (the first that matches wins, as in
    ``rule.head``) and needs a word boundary before a word that starts with a letter."""
    hits = []
    for i, w in enumerate(words):
        at = hay.find(w)
        bounded = w[:1].isalpha()
        while at >= 0:
            if not bounded or at == 0 or not is_word_char(hay[at - 1]):
                hits.append((at, i, len(w)))
            at = hay.find(w, at + 1)
    return _leftmost(hits)


def _leftmost(hits: list[tuple[int, int, int]]) -> list[tuple[int, int]]:
    """(start, word order, length) of every occurrence -> the leftmost, not overlapping, spans (at one
    position the earliest word), as a regex alternation finds them."""
    hits.sort()
    out: list[tuple[int, int]] = []
    end = -1
    for at, _, n in hits:
        if at >= end:
            out.append((at, at + n))
            end = at + n
    return out


def _single_chars(rule: Rule) -> bool:
    return all(len(w) == 1 and not w.isalpha() for w in rule.head_words)


@functools.lru_cache(maxsize=None)
def _automaton(case: bool):
    """One Aho-Corasick automaton of the head words of every rule (case-sensitive ones or the others):
    word -> (length, needs a word boundary before, ((rule key, word order), ...)), or None if there are none."""
    where: dict[str, list] = {}
    for rule in rules():
        if rule.require and rule.require_case == case and not _single_chars(rule):
            key = (rule.require, rule.require_case)
            for i, w in enumerate(rule.head_words):
                if (key, i) not in where.setdefault(w, []):
                    where[w].append((key, i))
    if not where:
        return None
    automaton = ahocorasick.Automaton()
    for w, at in where.items():
        automaton.add_word(w, (len(w), w[:1].isalpha(), tuple(at)))
    automaton.make_automaton()
    return automaton


def all_head_spans(hay: str, case: bool) -> dict[tuple, list[tuple[int, int]]]:
    """``head_spans(rule.head_words, hay)`` for the rules of that case, by (require, require_case), in one
    pass over hay: every occurrence of every head word at once (multi-word search), then as head_spans."""
    automaton = _automaton(case)
    hits: dict[tuple, list] = {}
    if automaton is None:
        return hits
    for end, (n, bounded, where) in automaton.iter(hay):
        at = end - n + 1
        if bounded and at and is_word_char(hay[at - 1]):
            continue
        for key, i in where:
            hits.setdefault(key, []).append((at, i, n))
    return {key: _leftmost(h) for key, h in hits.items()}


@functools.lru_cache(maxsize=None)
def _char_runs(chars: str) -> re.Pattern:
    return re.compile("[" + re.escape(chars) + "]+")


def _windows(rule: Rule, text: str, lowered: str, heads_of: dict | None = None) -> list[tuple[int, int]]:
    """The merged windows of REACH characters around the rule's required strings.

    heads_of (one per text) keeps all_head_spans by case: every rule's heads found in one pass."""
    heads_of = {} if heads_of is None else heads_of
    key = (rule.require, rule.require_case)
    if _single_chars(rule):
        # single characters (the digits): windows around each merge into windows around each run of them
        heads = [m.span() for m in _char_runs("".join(sorted(rule.head_words))).finditer(text)]
    elif rule.require_case:
        if True not in heads_of:
            heads_of[True] = all_head_spans(text, True)
        heads = heads_of[True].get(key, [])
    elif text.isascii():
        # on ASCII text, IGNORECASE matches exactly what the lower-cased words match in the
        # lower-cased text (the letters IGNORECASE adds, like the Kelvin sign, are not ASCII)
        if False not in heads_of:
            heads_of[False] = all_head_spans(lowered, False)
        heads = heads_of[False].get(key, [])
    elif any(w in lowered for w in rule.require):
        heads = [m.span() for m in rule.head.finditer(text)]
    else:
        return []
    n = len(text)
    out: list[tuple[int, int]] = []
    lo = hi = -1
    for hs, he in heads:
        s, e = max(0, hs - REACH), min(n, he + REACH)
        if s <= hi:
            hi = e
            continue
        if hi >= 0:
            out.append((lo, hi))
        lo, hi = s, e
    if hi >= 0:
        out.append((lo, hi))
    return out


def _matches(rule: Rule, text: str, lowered: str, cache: dict | None = None):
    """The rule's matches, searched only in windows around its required strings.

    cache (one per text) keeps the windows by required strings: many rules share them (the unit
    words, the month names), and scanning the text for them is most of the cost."""
    target = text
    if rule.on_lower:
        if len(lowered) == len(text):
            target = lowered
        else:  # lower() changed the length (rare letters): offsets would shift, so match as is
            rule = _ignorecase(rule)
    if not rule.require:
        yield from rule.regex.finditer(target)
        return
    key = (rule.require, rule.require_case)  # the head regex is made from these alone
    wins = cache.get(key) if cache is not None else None
    if wins is None:
        wins = _windows(rule, text, lowered, cache.setdefault("heads", {}) if cache is not None else None)
        if cache is not None:
            cache[key] = wins
    finditer = rule.regex.finditer
    for lo, hi in wins:
        yield from finditer(target, lo, hi)


def _numeric_start(text: str, start: int, end: int | None = None) -> bool:
    """Negative contexts only concern candidates that contain digits."""
    return any(ch.isdigit() for ch in text[start : end if end is not None else start + 1])


def select(cands: list[Candidate]) -> list[Candidate]:
    """Keep the longest of overlapping candidates (earlier rule wins ties); sort by start."""
    order = {r.name: i for i, r in enumerate(rules())}
    ranked = sorted(cands, key=lambda c: (-(c.end - c.start), c.start, order[c.rule.name]))
    taken: list[Candidate] = []
    occupied = bytearray()
    for c in ranked:
        if len(occupied) < c.end:
            occupied.extend(b"\0" * (c.end - len(occupied)))
        if any(occupied[c.start : c.end]):
            continue
        occupied[c.start : c.end] = b"\1" * (c.end - c.start)
        taken.append(c)
    return sorted(taken, key=lambda c: c.start)


def find(text: str) -> list[Candidate]:
    """Phase 1: non-overlapping candidates with underspecified values."""
    return select(candidates(text))
