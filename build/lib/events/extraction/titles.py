"""Short wire-style titles: actor + verb in the present tense + object/place, from a mention's parts.

The sentence's main clause is kept; its dating phrase, attributions ("according to ...", ", the Post
reported"), page furniture at its start (wire credits, datelines, timestamps), appositives after the
subject, hedge adverbs and role words before a person's name are dropped; a leading subordinate clause
that holds the event stands without its conjunction; a named vessel that moves leads a deployment title.
The trigger verb is put in the present tense only where it is the predicate, agreeing with the head of
its subject. A news outlet the attribution names leads the title ("Reuters: ...") when it fits. The result
is cut at a phrase boundary to at most ``max_chars``, else at a word, never ending on a function word.
Vocabulary: events/resources/titles.toml and verbs.toml.
"""

from __future__ import annotations

import re
from functools import lru_cache

from events.extraction import gazetteer, lexicon
from events.extraction.gazetteer import Found
from events.extraction.lexicon import Trigger
from events.resources import load
from events.text.prefilter import Needs, tail_start

OPEN, CLOSE = "\x00", "\x01"  # markers around the trigger while the text is edited
LEADING_PUNCT = re.compile(r"^[\s,;:–—-]+")
DOUBLE_COMMA = re.compile(r"\s*,\s*,")
NEGATED_BEFORE = re.compile(r"(?:\bnot|n't|\bnever)\s+(?:\w+ly\s+)?$", re.IGNORECASE)
SPACE_BEFORE_PUNCT = re.compile(r"\s+([,.;:])")
DATE_PREPOSITION = re.compile(
    r"\b(?:on|in|at|during|since|by|until|from|as of|earlier|later|at about|at around|about|around|through|throughout)\s*$",
    re.IGNORECASE,
)


@lru_cache(maxsize=1)
def _cfg() -> dict:
    data = load("titles")
    attr = [re.compile(p) for p in data["drop_attribution"]]
    lead = re.compile(r"^.*?\b(?:" + "|".join(map(re.escape, data["lead_attribution"])) + r")\b(?:\s+that)?\s+")
    drop = re.compile(
        r"(?<!\ba )(?<!\bthe )\b(?:" + "|".join(map(re.escape, data["drop_words"])) + r")\b,?\s*", re.IGNORECASE
    )
    rewrites = [(re.compile(a), b) for a, b in data["rewrites"]]
    return {
        **data,
        # each pattern with what a text needs before it can match (prefilter.Needs): most titles skip most scans
        "attr": [(rx, Needs.of(rx)) for rx in attr],
        "lead": lead,
        "lead_needs": Needs.of(lead, data["lead_attribution"]),
        "drop": drop,
        "drop_needs": Needs.of(drop, data["drop_words"]),
        "rewrites": [(rx, b, Needs.of(rx)) for rx, b in rewrites],
        "verb_rewrites": [(re.compile(a), b) for a, b in data["verb_rewrites"]],
        "trailing": frozenset(data["trailing_words"]),
        # where any boundary starts (a lookahead, so overlapping boundaries all count)
        "boundary_rx": re.compile("(?=" + "|".join(map(re.escape, data["boundaries"])) + ")"),
        "boundary_len": max(map(len, data["boundaries"])),
        # a space before one of phrase_starts: a cut there splits no phrase ("rises| to 450p")
        "phrase_rx": re.compile(r" (?=(?:" + "|".join(map(re.escape, data["phrase_starts"])) + r")\b)"),
        "plural_words": frozenset(data["plural_words"]),
        "quantity_words": frozenset(data["quantity_words"]),
        "modifier_starts": frozenset(data["modifier_starts"]),
        # a modifier after the subject's head running up to the verb (and its auxiliaries) that ends the text
        # it is searched in: "[ specializing in military affairs] compares", "[ that are located in X] sent"
        "post_modifier": re.compile(
            r"(?<=[a-z])\s+(?:[a-z]{3,}ing|(?:that|which|who)\s+(?:(?:is|are|was|were|has|have|had)\s+)?"
            r"(?:been\s+)?(?:[a-z]+\s+)?)\s*(?:"
            + "|".join(data["modifier_starts"])
            + r")\s+[^,;:()\x22“”]{1,80}?(?=\s+(?:(?:has|have|had|is|are|was|were|will|would)\s+)?(?:been\s+)?"
            r"[a-z]+\Z)"
        ),
        "singular_words": frozenset(data["singular_words"]),
        "finite_words": frozenset(data["finite_words"]),
        "subordinators": re.compile(r"^(?:" + "|".join(data["subordinators"]) + r")\s+(?=\S)", re.IGNORECASE),
        "furniture": [re.compile(p) for p in data["leading_furniture"]],
        # a prefix and capitalized words or initials ("USS Gerald R. Ford"), not running on past a full stop
        "vessel": re.compile(
            r"\b(?:" + "|".join(map(re.escape, data["vessel_prefixes"])) + r")\s+"
            r"(?:(?:[A-Z]\.|[A-Z][\w-]*)\s+)*[A-Z][\w-]*\b"
        ),
        "vessel_needs": Needs.of(re.compile(r"\b(?:" + "|".join(map(re.escape, data["vessel_prefixes"])) + r")\b")),
        # an auxiliary (and "been", and an adverb in -ly) ending the text before the verb: at most three tokens
        "aux": re.compile(
            r"\b("
            + "|".join(data["auxiliaries_have"] + data["auxiliaries_be"])
            + r"|will)\s+(?:been\s+)?(?:\w+ly\s+)?$",
            re.IGNORECASE,
        ),
    }


@lru_cache(maxsize=1)
def _leading_aside() -> re.Pattern:
    words = sorted(load("mentions")["leading_asides"], key=len, reverse=True)
    return re.compile(r"^(?:" + "|".join(map(re.escape, words)) + r")\b[^,]{0,80},\s*", re.IGNORECASE)


def _safe_sub(rx: re.Pattern, repl: str, text: str) -> str:
    """rx.sub, except where a match would swallow the trigger markers."""

    def one(m: re.Match) -> str:
        return m.group(0) if OPEN in m.group(0) or CLOSE in m.group(0) else m.expand(repl) if repl else ""

    return rx.sub(one, text)


def _remove_span(text: str, a: int, b: int) -> str:
    """Remove text[a:b] with the preposition in front of it ("on Oct. 31", "last week")."""
    head = text[:a]
    m = DATE_PREPOSITION.search(head, tail_start(head, 2))  # "as of": two tokens
    if m:
        head = head[: m.start()] + head[m.end() :]
    return head.rstrip() + " " + text[b:].lstrip()


def _remove_date(text: str, a: int, b: int) -> str:
    """Remove the dating phrase; a possessive date is a determiner ("Tuesday's report" -> "the report")."""
    if text.startswith(("'s", "’s"), b):
        return text[:a] + "the" + text[b + 2 :]
    return _remove_span(text, a, b)


@lru_cache(maxsize=1)
def _role_words() -> str:
    """Role words and modifiers that may stand before a person's name ("Russian Foreign Minister")."""
    data = load("actors")
    roles = sorted(data["roles"] + data["role_modifiers"], key=len, reverse=True)
    return r"(?:(?i:" + "|".join(map(re.escape, roles)) + r")\s+)*"


# whose the role is: a possessive, a demonym ("Venezuelan", "Israeli", "British"), an acronym ("U.S.", "CNN")
OWNER = r"(?:(?:[A-Z][\w.]*(?:'s|’s)|[A-Z][a-z]+(?:an|ese|i|ish|ch)|U\.S\.|[A-Z]{2,6})\s+)?"


@lru_cache(maxsize=1)
def _before_person() -> re.Pattern:
    """What may stand before a person's name, ending where the name starts ("Russia's President ")."""
    return re.compile("(?:" + OWNER + _role_words() + r")\Z")


NAME_END = re.compile(r"[\w-]")


@lru_cache(maxsize=1)
def _role_tokens() -> frozenset[str]:
    """The lower-case words of the role words and modifiers ("foreign", "minister")."""
    data = load("actors")
    return frozenset(w.lower() for r in data["roles"] + data["role_modifiers"] for w in r.split())


def _lead_start(before: str) -> int:
    """No "[owner] [role words]" ending ``before`` starts earlier than this: every whole token in one is a
    role word but its first (the owner, or a role word's end), so the search starts at the last other token."""
    rest = before
    while True:
        parts = rest.rsplit(None, 1)
        if len(parts) < 2:
            return 0
        head, last = parts
        if not last.isascii():  # case-insensitive matching beyond ASCII: no bound
            return 0
        if last.lower() not in _role_tokens():
            return len(head)
        rest = head


def _shorten_person(text: str, name: str, short: str) -> str:
    """Each "[owner] [role words] name" in text -> short, leftmost first (one pattern for every name,
    compiled once, instead of one per name)."""
    out, done = [], 0
    at = text.find(name)
    while at >= 0:
        end = at + len(name)
        if NAME_END.match(text, end):  # part of a longer word: not the name
            at = text.find(name, at + 1)
            continue
        lead = _before_person().search(text, done + _lead_start(text[done:at]), at)
        out += [text[done : lead.start()], short]
        done = end
        at = text.find(name, end)
    return "".join(out) + text[done:]


def _shorten_people(text: str, people: list[Found]) -> str:
    for p in sorted({p.name: p for p in people if p.kind == "person"}.values(), key=lambda p: -len(p.text)):
        if len(p.text.split()) < 2:
            continue
        text = _shorten_person(text, p.text, p.short or p.text.split()[-1])
    return text


POSSESSIVE = re.compile(r"^(?:its|their)\s+", re.IGNORECASE)
PRONOUN = re.compile(
    r"^(?:it|they|he|she)\b(?:\s+(?:is|are|was|were|has|have|had)\b|['’](?:s|re)\b)?\s*", re.IGNORECASE
)


def _drop_lead_attribution(text: str, trig: Trigger, sources: list[str]) -> str:
    """ "Documents show Maduro sought radars" -> "Maduro sought radars"; "Russia confirms it's supplying
    missiles" -> "Russia supplying missiles" (a pronoun subject takes the speaker's place)."""
    m = _cfg()["lead"].match(text) if _cfg()["lead_needs"].may_match(text) else None
    if not m or OPEN in m.group(0) or trig.form not in ("ed", "s", "en", "ing", "base"):
        return text
    rest = text[m.end() :]
    before_trigger = rest[: rest.find(OPEN)] if OPEN in rest else ""
    if trig.form in ("ing", "en", "base") and not re.search(
        r"\b(?:is|are|was|were|has|have|had|will|could|would|may|might|can|to|it['’]s|they['’]re)\s+$", before_trigger
    ):
        return text  # "wrote a letter ... requesting repairs": the trigger is not a finite verb
    if re.match(r"(?:there|this|that|these|those)\b", rest, re.IGNORECASE) or _noun_use(
        before_trigger, rest[rest.find(CLOSE) + 1 :], trig
    ):
        return text
    pronoun = PRONOUN.match(rest)
    possessive = POSSESSIVE.match(rest)
    if pronoun or possessive:
        speaker = re.sub(r"\s*\b\w+\s*$", "", text[: m.end()].rstrip()).rstrip(" ,")
        speaker = re.sub(r"\b(?:that)$", "", speaker).strip()
        speaker = re.sub(r"\s+\w+(?:\s+that)?$", "", m.group(0).strip()) if not speaker else speaker
        if not speaker or len(speaker.split()) > 4:
            return text
        if possessive:  # "The World Bank said its offices were destroyed" -> "World Bank's offices ..."
            return speaker + "'s " + rest[possessive.end() :]
        aux = pronoun.group(0).strip().split("'")[-1].split("’")[-1].split()[-1].lower()
        aux = {"s": "is", "re": "are"}.get(aux, aux)
        keep = f" {aux} " if aux in ("is", "are", "was", "were", "has", "have", "had") else " "
        return speaker + keep + rest[pronoun.end() :]
    sources.append(m.group(0))  # "Reuters reported that ...": an outlet may lead the title
    return rest


CLAUSE_BREAK = re.compile(r"[,;:\"“”(]|\b(?:that|which|who|where|when|while|because|if|whether)\b")
COORDINATED = re.compile(r"(?:,|\band|\bor|\bbut)\s*$", re.IGNORECASE)
QUANTITY = re.compile(
    r"^(?:(?:up to|at least|more than|fewer than|less than|about|some|nearly|almost|over|around|"
    r"an estimated)\s+)?(?:\d[\d,.]*|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"dozens|hundreds|thousands|millions)(?:\s+(?:million|billion|thousand|hundred))?(?:\s+[a-z]+)?$",
    re.IGNORECASE,
)
CONTRACTED = re.compile(r"\w['’](?:re|s|m|ve|d)\s+(?:\w+ly\s+)?$")  # "we're told", "it's been"


def _subject(before: str) -> str:
    """The words before the verb back to the last clause break: its subject, when it is the main verb."""
    parts = CLAUSE_BREAK.split(before)
    return parts[-1].strip()


def _plural_subject(subject: str, names: frozenset[str] = frozenset()) -> bool:
    """Whether a subject takes a plural verb: coordinated nouns, a plural common noun or number as its last
    word, a plural word of titles.toml ("people", "they"); never a person named in the sentence ("Gibbs")."""
    words = re.findall(r"[\w'’-]+", subject)
    if not words:
        return False
    if words[-1] in names and not re.search(r"\w\s+and\s+\w", subject):
        return False
    lower = [w.lower() for w in words]
    of = lower.index("of", 1) if "of" in lower[1:] else 0
    if of and lower[of - 1] not in _cfg()["quantity_words"]:
        words = words[:of]  # "The team of scientists": the head is "team"
    post = next(
        (i for i, w in enumerate(words) if i and (w in _cfg()["modifier_starts"] or w.endswith("ing") and len(w) > 4)),
        None,
    )
    words = words[:post] if post else words  # "website specializing in military affairs": "website"
    last = words[-1]
    if re.search(r"\w\s+and\s+\w", subject):
        return True
    if last.lower() in _cfg()["plural_words"]:
        return True
    if re.fullmatch(r"\d[\d,.]*", last):
        return last not in ("1", "one")
    if last.lower() in _cfg()["singular_words"] or last.endswith(("ss", "us", "is", "ics", "'s", "’s")):
        return False
    if last[0].isupper() and len(words) == 1 and last[1:].islower():  # "Workers", "Americans"; not "Reuters"
        return last.endswith("s") and not gazetteer.actors(last)
    if last[0].isupper():
        return last.endswith("ans")  # "Many Americans", not "Halliburton Co." or "BP"
    return last.endswith("s")


def _finite_before(subject: str) -> bool:
    """Whether the words before the trigger already hold a finite verb ("have thousands of volunteers signed
    up", "saw robot submarines cut away"): the trigger then is a participle or infinitive, not the predicate."""
    if any(w.lower() in _cfg()["finite_words"] for w in re.findall(r"[\w'’]+", subject)):
        return True
    return any(t.lemma and t.form in ("s", "ed") for t in lexicon.triggers(subject))


NOUN_BEFORE = re.compile(r"\b(?:a|an|the|its|their|his|her|this|that)\s+(?:[\w-]+\s+){0,2}$", re.IGNORECASE)


NOUN_AFTER = re.compile(r"\s*(?:$|[,.;:]|(?:in|of|on|to|for|from|at|by|and|or)\b)", re.IGNORECASE)


def _noun_use(before: str, after: str, trig: Trigger) -> bool:
    """A past form spelled as its base ("cut", "hit", "spread") after an article and at most two words, and
    before a preposition or the end, is a noun ("a full-percentage-point cut in its interest rate"), not a
    verb ("The company cut its dividend")."""
    return (
        trig.form == "ed"
        and trig.text.lower() == trig.lemma
        and NOUN_BEFORE.search(before) is not None
        and NOUN_AFTER.match(after) is not None
    )


RELATIVE_BEFORE = re.compile(r"\b(?:who|which|that)\s*$", re.IGNORECASE)


def _verb(text: str, trig: Trigger, names: frozenset[str] = frozenset()) -> str:
    """Put the marked trigger verb (and its auxiliaries) in the present tense, where it is the predicate
    (``names``: the words that name the sentence's people, who are one person each)."""
    cfg = _cfg()
    a, b = text.index(OPEN), text.index(CLOSE)
    before, verb, after = text[:a], text[a + 1 : b], text[b + 1 :]
    unchanged = before + verb + CLOSE + after
    if not trig.lemma:
        return unchanged
    m = cfg["aux"].search(before, tail_start(before, 3))
    aux = m.group(1).lower() if m else ""
    if NEGATED_BEFORE.search(before, tail_start(before, 2)) or aux in ("be", "being") or CONTRACTED.search(before):
        return unchanged  # "has not confirmed", "to be deployed", "are being sent" stay as written
    if m and RELATIVE_BEFORE.search(before, 0, m.start()):
        return unchanged  # "the executive who was seized": a relative clause's verb, not the predicate
    if m and "been" in m.group(0).lower() or aux in cfg["auxiliaries_be"] and trig.form in ("ed", "en"):
        return before[: m.start()] + verb + CLOSE + after  # passive: "Carrier sent to the Caribbean"
    if aux == "will":
        return before[: m.start()] + "to " + trig.lemma + CLOSE + after
    if not aux and trig.form != "ed" or not aux and _noun_use(before, after, trig):
        return unchanged
    subject = _subject(before[: m.start()] if m else before)
    if not aux and (
        COORDINATED.search(before)
        or not subject
        or _finite_before(subject)
        or QUANTITY.match(subject)
        or re.match(r"\s*by\b", after)
    ):
        return unchanged  # a second predicate, a participle ("figures supplied by"), "15,000 killed in"
    plural = aux in ("have", "are", "were") or aux in ("", "had") and _plural_subject(subject, names)
    second = SECOND_PAST.match(after) if not aux else None
    lemma = lexicon.past_lemma(second.group(2)) if second else ""
    if lemma:  # "rig exploded and sank" -> "explodes and sinks"
        after = second.group(1) + lexicon.present(lemma, plural) + after[second.end() :]
    return (before[: m.start()] if m else before) + lexicon.present(trig.lemma, plural) + CLOSE + after


SECOND_PAST = re.compile(r"(\s+and\s+)([a-z]+)\b")


def _boundary_cut(text: str, limit: int, lo: int) -> int:
    """The last phrase boundary at or after lo that leaves at most limit characters, or -1. A comma after
    one or two words that follow another comma or a dash ends a list item ("domains—military, economic,"),
    not a phrase."""
    best = -1
    for m in _cfg()["boundary_rx"].finditer(text, lo, limit + _cfg()["boundary_len"]):
        if m.start() > limit:
            break
        if text.startswith(", ", m.start()):
            before = text[: m.start()]
            sep = max(before.rfind(","), before.rfind("—"), before.rfind("–"))
            if sep >= 0 and len(before[sep + 1 :].split()) <= 2:
                continue
        best = m.start()
    return best


def _phrase_cut(text: str, limit: int, lo: int) -> int:
    """The last space at or after lo before a word that starts a phrase (phrase_starts), keeping at most
    limit characters, or -1."""
    best = -1
    for m in _cfg()["phrase_rx"].finditer(text, lo):
        if m.start() > limit:
            break
        if text.startswith(" of ", m.start()) and _last_word(text, m.start()) in _cfg()["quantity_words"]:
            continue  # "tens| of thousands": the quantity's head is what follows
        best = m.start()
    return best


def _last_word(text: str, end: int) -> str:
    words = text[max(0, end - 30) : end].split()
    return words[-1].lower().strip(",;:") if words else ""


def _trim(text: str, min_pos: int) -> str:
    """Cut at the last phrase boundary that keeps a useful title; else at the longer of the last boundary
    and the last space before a phrase start ("rises| to 450p") after the event's verb; else at the last
    word that fits."""
    cfg = _cfg()
    limit = cfg["max_chars"]
    if len(text) > limit:
        lo = max(cfg["min_chars"], min_pos if min_pos < limit else 0)  # a verb past the limit cannot be kept
        cut = _boundary_cut(text, limit, lo)
        if cut < cfg["good_chars"]:
            cut = max(cut, _phrase_cut(text, limit, lo))
        if cut >= lo:
            text = text[:cut]
        else:
            space = text.rfind(" ", 0, limit + 1)
            text = text[: space if space > 0 else limit]
            text = DANGLING_INFINITIVE.sub("", _strip_trailing(text))  # "batteries to complement [an ...]"
    return _strip_trailing(text)


DANGLING_INFINITIVE = re.compile(r"\s+to\s+[a-z]+$")


def _strip_trailing(text: str) -> str:
    trailing = _cfg()["trailing"]
    words = text.rstrip(" ,;:–—-").split()
    while len(words) > 2 and words[-1].lower().strip(",;:") in trailing:
        words.pop()
    return " ".join(words).rstrip(" ,;:–—-")


def _drop(rx: re.Pattern, text: str, sources: list[str], speech: bool) -> str:
    """Remove rx's matches, noting each match's ``source`` group. A match holding the trigger stays, unless
    the trigger is a verb of speech wholly inside it (", said Jay Holcomb": what was said is the title)."""

    def one(m: re.Match) -> str:
        marked = (OPEN in m.group(0)) + (CLOSE in m.group(0))
        if marked and not (speech and marked == 2):
            return m.group(0)
        if "source" in m.re.groupindex and m.group("source"):
            sources.append(m.group("source"))
        return ""

    return rx.sub(one, text)


def _outlet(sources: list[str]) -> str:
    """The first news outlet (actors.toml, kind media) named in the attributions, without "The"."""
    for src in sources:
        for f in gazetteer.actors(src):
            if f.kind == "media":
                return f.name.removeprefix("The ")
    return ""


def _subordinate(text: str) -> str:
    """A leading subordinate clause that holds the trigger ("While the Kremlin has not confirmed shipment
    dates, the tone suggests ...") is the event: its conjunction and the clause after it go."""
    m = _cfg()["subordinators"].match(text)
    if m is None or OPEN not in text:
        return text
    comma = text.find(", ", text.find(CLOSE))
    return text[m.end() : comma if comma > 0 else len(text)]


@lru_cache(maxsize=1)
def _appositive() -> re.Pattern:
    """A leading subject, then a phrase between commas that describes it (an article, a relative word, a
    participle, a possessive or a role word first), then the trigger's clause or a finite verb."""
    data = load("actors")
    roles = "|".join(map(re.escape, sorted(data["roles"] + data["role_modifiers"], key=len, reverse=True)))
    return re.compile(
        r"^(?P<subject>(?:[Tt]he\s+)?[A-Z][\w.'’&-]*(?:\s+[\w.'’&-]+){0,5}?),\s+"
        r"(?:an?|the|who|which|whose|under|despite|after|amid|with|[a-z]+ing|[A-Z][\w.-]*['’]s|"
        + roles
        + r")\s[^\x00\x01]{0,160}?,\s+"
        r"(?=(?:[a-z]+\s+){0,2}\x00|(?:said|says|told|added|is|are|was|were|has|have|had|will|would|[a-z]+ed)\b)"
    )


def _drop_appositive(text: str) -> str:
    """ "Nelson, a Wisconsin Democrat who had long championed the environment, laid out the idea" ->
    "Nelson laid out the idea": the words between a leading subject and the trigger's clause go."""
    m = _appositive().match(text) if ", " in text[:60] else None
    return text if m is None else m.group("subject") + " " + text[m.end() :]


def nominal(phrase: str, date_text: str, sentence_title: str) -> str:
    """The title of an event noun with its own date ("the Soviet operation codenamed Anadyr in 1962"): the
    noun phrase, unless it is only a noun and its date ("the war on Sunday"), which says nothing of what
    happened; then the sentence's own title."""
    words = re.findall(r"[\w'’-]+", phrase.replace(date_text, " ") if date_text else phrase)
    content = [w for w in words if w.lower() not in _cfg()["trailing"] and w.lower() not in DATE_WORDS]
    if len(content) < 2:
        return sentence_title
    phrase = phrase.removeprefix("the ").removeprefix("The ")
    return phrase[:1].upper() + phrase[1:]


DATE_WORDS = {"on", "in", "at", "during", "since", "last", "this", "next", "early", "late", "mid"}


def _vessel(text: str, trig: Trigger | None, category: str) -> tuple[str, Trigger | None]:
    """A named vessel that is the subject of a deployment or delivery verb leads the title ("..., where the
    carrier USS Gerald R. Ford is sailing" -> "USS Gerald R. Ford sails in the Caribbean")."""
    cfg = _cfg()
    if category not in cfg["vessel_categories"] or not cfg["vessel_needs"].may_match(text):
        return text, trig
    for m in cfg["vessel"].finditer(text):
        v = _vessel_verbs()[0].match(text, m.end())
        if v is None:
            continue
        lemma, form = _vessel_verbs()[1][v.group("verb").lower()]
        after = text[v.end() :]
        end = CLAUSE_END.search(after)
        after = after[: end.start()] if end else after
        head = text[: m.start()]
        where = head.rfind(", where ")
        place = PLACE_END.search(head, 0, where) if where > 0 and not after.strip() else None
        rest = (" " + place.group(0).strip()) if place else after

        def plain(t: str) -> str:
            return t.replace(OPEN, "").replace(CLOSE, "")

        new = (
            plain(m.group(0)) + " " + plain(v.group("aux") or "") + OPEN + plain(v.group("verb")) + CLOSE + plain(rest)
        )
        return new, Trigger(0, 0, plain(v.group("verb")), category, lemma, form, "content", False)
    return text, trig


CLAUSE_END = re.compile(r"\s*(?:[.;–—]|,\s|\s-\s|\s+(?:and|but|as|while|after)\s)")
PLACE_END = re.compile(
    r"\b(?:in|into|to|off|near|across|at|toward|towards)\s+(?:the\s+)?[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)*\s*$"
)


@lru_cache(maxsize=1)
def _vessel_verbs() -> tuple[re.Pattern, dict[str, tuple[str, str]]]:
    """The forms of the deployment and delivery verbs after a vessel's name (with an auxiliary and an
    appositive comma), and form -> (lemma, form name)."""
    cats = load("categories")["category"]
    forms = {}
    for name in _cfg()["vessel_categories"]:
        for lemma in cats[name].get("verbs", []):
            for form, text in lexicon.forms(lemma).items():
                forms.setdefault(text.lower(), (lemma, form))
    alt = "|".join(map(re.escape, sorted(forms, key=len, reverse=True)))
    aux = "|".join(_cfg()["auxiliaries_have"] + _cfg()["auxiliaries_be"] + ["will"])
    rx = re.compile(
        r"(?:\s+[a-z]+){0,2}?\s*,?\s*(?P<aux>(?:" + aux + r")\s+(?:\w+ly\s+)?)?\x00?(?P<verb>" + alt + r")\b",
        re.IGNORECASE,
    )
    return rx, forms


def _balance_quotes(text: str) -> str:
    """A title holds no unpaired quotation mark: one left at its start or end by a cut goes; one opened
    inside the title and cut off is closed after the words it holds ("remains "in contact with our
    friends""), or the title ends before it when it holds fewer than two."""
    for left, right in (('"', '"'), ("“", "”")):
        if _unpaired(text, left, right):
            text = text.strip(left + right + " ")
        if _unpaired(text, left, right) > 0:
            at = text.rfind(left)
            if len(text[at + 1 :].split()) >= 2:
                text = text.rstrip(" ,;:") + right
            else:
                text = _strip_trailing(text[:at])
    return text


def _unpaired(text: str, left: str, right: str) -> int:
    """Opening marks without their closing mark (straight quotes, alike on both sides: 1 when odd)."""
    return text.count(left) % 2 if left == right else text.count(left) - text.count(right)


def _short_subject(text: str, verb_end: int) -> tuple[str, int]:
    """A title too long keeps its subject's head and drops what modifies it after the head, up to the verb:
    a participle or relative clause with a preposition ("website specializing in military affairs
    compares" -> "website compares", "systems that are located in Venezuela destroyed" -> "systems
    destroyed"). Returns the text and the verb's new end."""
    head = text[:verb_end]
    m = _cfg()["post_modifier"].search(head)
    if m is None or m.start() == 0:
        return text, verb_end
    return text[: m.start()] + text[m.end() :], verb_end - (m.end() - m.start())


def _finish(text: str, min_pos: int, sources: list[str]) -> str:
    """Cut to length; the outlet an attributed report came from in front ("Reuters: ...") when the title
    fits beside it whole or cut at a phrase boundary after the event's verb."""
    cfg = _cfg()
    if len(text) > cfg["max_chars"] and 0 < min_pos <= len(text):
        text, min_pos = _short_subject(text, min_pos)
    outlet = _outlet(sources) if sources else ""
    if outlet and outlet.lower() not in text.lower():
        room = cfg["max_chars"] - len(outlet) - 2
        if len(text) <= room:
            return f"{outlet}: {_strip_trailing(text)}"
        cut = _boundary_cut(text, room, max(cfg["min_chars"], min_pos))
        if cut > 0:
            return f"{outlet}: {_strip_trailing(text[:cut])}"
    return _trim(text, min_pos)


def title(
    sentence: str,
    trig: Trigger | None,
    date_span: tuple[int, int] | None = None,
    people: list[Found] = (),
    verbs: list[Trigger] = (),
    pronoun: str = "",
) -> str:
    """A short title for a sentence. Offsets of the trigger, date and people are relative to the sentence.

    verbs: the sentence's verb triggers; when the event's trigger is a noun ("announced the mobilization"),
    the verb before it is the one put in the present tense. pronoun: who a leading "He"/"She" is.
    """
    cfg = _cfg()
    text = sentence
    category = trig.category if trig is not None else ""
    if trig is not None and not trig.lemma:  # a capitalized "verb" is part of a name ("United States")
        before = [v for v in verbs if v.lemma and v.end <= trig.start and v.text[:1].islower()]
        trig = before[-1] if before else trig
    if trig is not None:
        text = text[: trig.start] + OPEN + text[trig.start : trig.end] + CLOSE + text[trig.end :]
    if date_span is not None:
        a, b = date_span

        def shift(i):
            return i + (2 if trig is not None and i >= trig.end else 1 if trig is not None and i > trig.start else 0)

        a, b = shift(a), shift(b)
        if OPEN not in text[a:b] and CLOSE not in text[a:b]:
            text = _remove_date(text, a, b)
            text = SPACE_BEFORE_PUNCT.sub(r"\1", text)
    text = _shorten_people(text, list(people))
    sources: list[str] = []
    for rx, needs in cfg["attr"]:
        if needs.may_match(text):
            text = _drop(rx, text, sources, trig is not None and trig.kind == "communication")
    text, trig = _vessel(text, trig, category)
    text = LEADING_PUNCT.sub("", text)  # what a leading date left: ", when the rig exploded, ..."
    for rx in cfg["furniture"]:  # each anchored at the start
        m = rx.match(text)
        if m and OPEN not in m.group(0) and CLOSE not in m.group(0):
            text = text[m.end() :]
    for _ in range(3):  # "Also now, undeterred by Russia's threats, the United States ..."
        m = _leading_aside().match(text)
        if not m or OPEN in m.group(0):
            break
        text = text[m.end() :]
    text = _subordinate(text)
    text = _drop_appositive(text)
    if trig is not None and trig.kind == "content":
        text = _drop_lead_attribution(text, trig, sources)
    if cfg["drop_needs"].may_match(text):
        text = _safe_sub(cfg["drop"], "", text)
    text = LEADING_PUNCT.sub("", text).strip()
    if trig is not None and OPEN in text:
        names = frozenset(w for p in people if p.kind == "person" for w in (p.short or p.text).split())
        text = _verb(text, trig, names)
    for rx, repl in cfg["verb_rewrites"]:
        if CLOSE in text:
            text = rx.sub(repl, text)
    text = text.replace(OPEN, "")
    pos = text.find(CLOSE)
    text = text.replace(CLOSE, "")
    for rx, repl, needs in cfg["rewrites"]:
        if needs.may_match(text):
            text = rx.sub(repl, text)
    text = LEADING_PUNCT.sub("", DOUBLE_COMMA.sub(",", text)).strip().rstrip(".")
    if pronoun:
        text = re.sub(r"^(?:He|She)\b", pronoun, text)
    first = text.split(" ", 1)
    if len(first) == 2 and first[0].capitalize() in cfg["leading_articles"]:
        text = first[1]
        pos -= len(first[0]) + 1
    text = text[:1].upper() + text[1:]
    text = _balance_quotes(_finish(text, max(pos, 0), sources))
    return text[:1].upper() + text[1:]
