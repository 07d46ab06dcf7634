"""Vocabularies of the temporal tagger, read from events/resources/temporal/*.toml.

Builds the regex fragments the rule files reference as %NAME, and the normalizers that turn a matched
group ("Oct.", "third", "nineties") into the piece of a TIMEX3 value it stands for ("10", "3", "199").
"""

from __future__ import annotations

import functools
import re

from events.resources import load
from events.text.prefilter import trie


def _alternation(words, case_sensitive: bool = False) -> str:
    """A regex alternation of words, longest first, spaces matching any whitespace.

    Lower-case ASCII words (single spaces between words) are written as a trie, "mid(?:dle|-|)": the same
    matches (words that match at one place are prefixes of one another, and both forms try a longer one
    first; no two letters of a node match one character, with or without IGNORECASE), but a failing
    position costs one test per first letter instead of one per word."""
    parts = sorted(set(words), key=lambda w: (-len(w), w))
    alt = _trie(parts) if parts and all(_plain(w) for w in parts) else _flat(parts)
    return f"(?-i:{alt})" if case_sensitive else f"(?:{alt})"


def _flat(words) -> str:
    """words (longest first) as one flat alternation."""
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)


def _plain(word: str) -> bool:
    return (
        bool(word)
        and word.isascii()
        and word == word.lower()
        and word == word.strip()
        and "  " not in word
        and not any(ch.isspace() and ch != " " for ch in word)
    )


def _trie(words) -> str:
    """words as a trie (``prefilter.trie``), spaces matching any whitespace."""
    return trie(words, space=r"\s+")


def _title_and_upper(names) -> list[str]:
    out = []
    for n in names:
        out += [n, n.upper()]
    return out


@functools.lru_cache(maxsize=None)
def tables() -> dict:
    """Every lookup table, keyed by lower-cased surface form."""
    months = load("temporal/months")
    weekdays = load("temporal/weekdays")
    numbers = load("temporal/numbers")
    units = load("temporal/units")["unit"]
    seasons = load("temporal/seasons")
    mods = load("temporal/mods")["mod"]
    holidays = load("temporal/holidays")["holiday"]
    month = {k.lower(): v for k, v in months["month"].items()}
    month.update({k.lower(): v for k, v in months["abbr"].items()})
    weekday = {k.lower(): v for k, v in weekdays["weekday"].items()}
    weekday.update({k.lower(): v for k, v in weekdays["abbr"].items()})
    unit = {}
    for key, spec in units.items():
        for w in spec["words"]:
            unit[w.lower()] = {"dur": spec["dur"], "cal": spec["cal"], "key": key}
    return {
        "month": month,
        "weekday": weekday,
        "cardinal": {k.lower(): v for k, v in numbers["cardinal"].items()},
        "vague": [w.lower() for w in numbers["vague"]["words"]],
        "ordinal": {k.lower(): v for k, v in numbers["ordinal"].items()},
        "decade_word": {k.lower(): v for k, v in numbers["decade_word"].items()},
        "unit": unit,
        "season": {k.lower(): v for k, v in seasons["season"].items()},
        "season_months": seasons["season_months"],
        "part": {k.lower(): v for k, v in seasons["part_of_day"].items()},
        "mod": {k.lower(): v for k, v in mods.items()},
        "holiday": {k.lower(): v for k, v in holidays.items()},
    }


@functools.lru_cache(maxsize=None)
def fragments() -> dict[str, str]:
    """%NAME -> regex text, generated fragments first, then fragments.toml (which may use them)."""
    t = tables()
    months = load("temporal/months")
    weekdays = load("temporal/weekdays")
    numbers = load("temporal/numbers")
    date_mods = [m for m, v in t["mod"].items() if v in ("START", "END", "MID")]
    dur_mods = [m for m, v in t["mod"].items() if v not in ("START", "END", "MID", "BEFORE", "AFTER")]
    frag = {
        "MONTH": _alternation(_title_and_upper(months["month"]), case_sensitive=True),
        "MONABBR": _alternation(_title_and_upper(months["abbr"]), case_sensitive=True),
        "WEEKDAY": "(?:"
        + _alternation(_title_and_upper(weekdays["weekday"]), case_sensitive=True)
        + "s?|"
        + _alternation(_title_and_upper(weekdays["abbr"]), case_sensitive=True)
        + r"\.)",
        "NUMWORD": _alternation(w for w in numbers["cardinal"] if w not in ("a", "an")),
        "VAGUE": _alternation(numbers["vague"]["words"]),
        "ORDWORD": _alternation(numbers["ordinal"]),
        "DECADEWORD": r"(?:the\s+)" + _alternation(numbers["decade_word"]),
        "UNIT": _alternation(t["unit"]),
        "SEASON": _alternation(t["season"]),
        "PART": _alternation(t["part"]),
        "HOLIDAY": _alternation(t["holiday"]),
        "DMOD": _alternation(date_mods).replace(r"\-", "-"),
        "QMOD": _alternation(dur_mods),
    }
    for name, text in load("temporal/fragments")["fragment"].items():
        frag[name] = text
    return frag


_REF = re.compile(r"%([A-Z][A-Z0-9_]*)")


def expand(pattern: str) -> str:
    """Replace every %NAME by its fragment (recursively)."""
    frag = fragments()

    def sub(m: re.Match) -> str:
        name = m.group(1)
        if name not in frag:
            raise KeyError(f"Unknown fragment %{name}. Expected one of {sorted(frag)}")
        return expand(frag[name])

    return _REF.sub(sub, pattern)


# ---- normalizers: group text -> value piece -------------------------------------------------


def _clean(s: str) -> str:
    return re.sub(r"\s+", " ", s.strip().lower()).rstrip(".")


def number(s: str) -> float | None:
    """'three' -> 3, 'twenty four' -> 24, '2 1/2' -> 2.5, 'several' -> None (vague), '1,000' -> 1000."""
    t = tables()
    s = _clean(s).replace("-", " ")
    if s in t["vague"] or s.replace(" ", "") in t["vague"]:
        return None
    if s in t["cardinal"]:
        return t["cardinal"][s]
    m = re.fullmatch(r"(\d+(?:\.\d+)?)(?:\s+1/2)?", s.replace(",", ""))
    if m:
        return float(m.group(1)) + (0.5 if "1/2" in s else 0)
    total, current = 0.0, 0.0
    for w in s.split():
        if w == "and":
            continue
        v = t["cardinal"].get(w)
        if v is None:
            return None
        if v in (100, 1000):
            current = (current or 1) * v
            if v == 1000:
                total, current = total + current, 0
        else:
            current += v
    return total + current


def fmt_number(v: float | None) -> str:
    if v is None:
        return "X"
    return str(int(v)) if float(v).is_integer() else f"{v:g}"


def ordinal(s: str) -> int | None:
    s = _clean(s).replace(" ", "-")
    t = tables()["ordinal"]
    if s in t:
        return t[s]
    m = re.match(r"(\d+)", s)
    return int(m.group(1)) if m else None


def year(s: str) -> str:
    s = re.sub(r"\D", "", s)
    if len(s) == 2:
        return ("19" if int(s) >= 30 else "20") + s
    return s


def decade(s: str) -> str:
    s = _clean(s)
    if s.startswith("the "):
        s = s[4:]
    dw = tables()["decade_word"]
    if s in dw:
        return f"19{dw[s]}"
    digits = re.sub(r"\D", "", s)
    if len(digits) == 2:
        return ("19" if int(digits) >= 30 else "20") + digits[0]
    return digits[:3]


def spoken_year(s: str) -> str:
    """'nineteen ninety-six' -> '1996', 'two thousand' -> '2000', 'twenty ten' -> '2010'."""
    words = _clean(s).replace("-", " ").split()
    if words[:2] == ["two", "thousand"]:
        rest = [w for w in words[2:] if w != "and"]
        return str(2000 + int(number(" ".join(rest)) or 0)) if rest else "2000"
    head = number(words[0]) or 0
    if words[1:] == ["hundred"]:
        return str(int(head) * 100)
    return str(int(head) * 100 + int(number(" ".join(words[1:])) or 0))
