"""Short analyst-style titles: actor + verb in the present tense + object/place, from a mention's parts.

The sentence's main clause is kept; its dating phrase, attributions ("according to ...", ", the Post
reported"), hedge adverbs and role words before a person's name are dropped; the main verb is put in the
present tense; the result is cut at a phrase boundary to at most ``max_chars``. Vocabulary:
events/resources/titles.toml and verbs.toml.
"""

from __future__ import annotations

import re
from functools import lru_cache

from events import lexicon
from events.gazetteer import Found
from events.lexicon import Trigger
from events.prefilter import Needs, tail_start
from events.resources import load

OPEN, CLOSE = "\x00", "\x01"  # markers around the trigger while the text is edited
LEADING_PUNCT = re.compile(r"^[\s,;:–—-]+")
DOUBLE_COMMA = re.compile(r"\s*,\s*,")
NEGATED_BEFORE = re.compile(r"(?:\bnot|n't|\bnever)\s+$", re.IGNORECASE)
SPACE_BEFORE_PUNCT = re.compile(r"\s+([,.;:])")
DATE_PREPOSITION = re.compile(r"\b(?:on|in|at|during|since|by|until|from|as of|earlier|later)\s*$", re.IGNORECASE)


@lru_cache(maxsize=1)
def _cfg() -> dict:
    data = load("titles")
    attr = [re.compile(p) for p in data["drop_attribution"]]
    lead = re.compile(r"^.*?\b(?:" + "|".join(map(re.escape, data["lead_attribution"])) + r")\b(?:\s+that)?\s+")
    drop = re.compile(r"\b(?:" + "|".join(map(re.escape, data["drop_words"])) + r")\b,?\s*", re.IGNORECASE)
    rewrites = [(re.compile(a), b) for a, b in data["rewrites"]]
    return {
        **data,
        # each pattern with what a text needs before it can match (prefilter.Needs): most titles skip most scans
        "attr": [(rx, Needs.of(rx)) for rx in attr],
        "lead": lead, "lead_needs": Needs.of(lead, data["lead_attribution"]),
        "drop": drop, "drop_needs": Needs.of(drop, data["drop_words"]),
        "rewrites": [(rx, b, Needs.of(rx)) for rx, b in rewrites],
        "trailing": frozenset(data["trailing_words"]),
        # an auxiliary (and "been") ending the text before the verb; a match spans at most two tokens
        "aux": re.compile(r"\b(" + "|".join(data["auxiliaries_have"] + data["auxiliaries_be"]) + r"|will)\s+(?:been\s+)?$",
                          re.IGNORECASE),
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
        head = head[: m.start()] + head[m.end():]
    return head.rstrip() + " " + text[b:].lstrip()


@lru_cache(maxsize=1)
def _role_words() -> str:
    """Role words and modifiers that may stand before a person's name ("Russian Foreign Minister")."""
    data = load("actors")
    roles = sorted(data["roles"] + data["role_modifiers"], key=len, reverse=True)
    return r"(?:(?i:" + "|".join(map(re.escape, roles)) + r")\s+)*"


OWNER = r"(?:(?:[A-Z][\w.]*(?:'s|’s)|[A-Z][a-z]+an|[A-Z][a-z]+ese|U\.S\.|US|UN|EU)\s+)?"


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
        out += [text[done:lead.start()], short]
        done = end
        at = text.find(name, end)
    return "".join(out) + text[done:]


def _shorten_people(text: str, people: list[Found]) -> str:
    for p in sorted({p.name: p for p in people if p.kind == "person"}.values(), key=lambda p: -len(p.text)):
        if len(p.text.split()) < 2:
            continue
        text = _shorten_person(text, p.text, p.short or p.text.split()[-1])
    return text


PRONOUN = re.compile(r"^(?:it|they|he|she)(?:\s+(?:is|are|was|were|has|have|had)\b|['’](?:s|re)\b)?\s*", re.IGNORECASE)


def _drop_lead_attribution(text: str, trig: Trigger) -> str:
    """ "Documents show Maduro sought radars" -> "Maduro sought radars"; "Russia confirms it's supplying
    missiles" -> "Russia supplying missiles" (a pronoun subject takes the speaker's place)."""
    m = _cfg()["lead"].match(text) if _cfg()["lead_needs"].may_match(text) else None
    if not m or OPEN in m.group(0) or trig.form not in ("ed", "s", "en", "ing", "base"):
        return text
    rest = text[m.end():]
    before_trigger = rest[: rest.find(OPEN)] if OPEN in rest else ""
    if trig.form in ("ing", "en", "base") and not re.search(r"\b(?:is|are|was|were|has|have|had|will|could|would|may|might|can|to|it['’]s|they['’]re)\s+$", before_trigger):
        return text  # "wrote a letter ... requesting repairs": the trigger is not a finite verb
    if re.match(r"(?:there|this|that|these|those)\b", rest, re.IGNORECASE):
        return text
    pronoun = PRONOUN.match(rest)
    if pronoun:
        speaker = re.sub(r"\s*\b\w+\s*$", "", text[: m.end()].rstrip()).rstrip(" ,")
        speaker = re.sub(r"\b(?:that)$", "", speaker).strip()
        speaker = re.sub(r"\s+\w+(?:\s+that)?$", "", m.group(0).strip()) if not speaker else speaker
        if not speaker or len(speaker.split()) > 4:
            return text
        aux = pronoun.group(0).strip().split("'")[-1].split("’")[-1].split()[-1].lower()
        aux = {"s": "is", "re": "are"}.get(aux, aux)
        keep = f" {aux} " if aux in ("is", "are", "was", "were", "has", "have", "had") else " "
        return speaker + keep + rest[pronoun.end():]
    return rest


def _plural_subject(subject: str) -> bool:
    subject = subject.rsplit(",", 1)[-1]
    words = re.findall(r"[\w'-]+", subject)
    if not words:
        return False
    last = words[-1]
    if " and " in subject:
        return True
    return (len(words) <= 3 and (last[0].islower() or len(words) == 1) and last.endswith("s")
            and not last.endswith(("ss", "us", "is")))


def _verb(text: str, trig: Trigger) -> str:
    """Put the marked trigger verb (and its auxiliaries) in the present tense."""
    cfg = _cfg()
    a, b = text.index(OPEN), text.index(CLOSE)
    before, verb, after = text[:a], text[a + 1:b], text[b + 1:]
    if not trig.lemma:
        return before + verb + CLOSE + after
    m = cfg["aux"].search(before, tail_start(before, 2))
    aux = m.group(1).lower() if m else ""
    if m and "been" in m.group(0).lower() or aux in cfg["auxiliaries_be"] and trig.form in ("ed", "en"):
        return before[: m.start()] + verb + CLOSE + after  # passive: "Carrier sent to the Caribbean"
    if aux == "will":
        return before[: m.start()] + "to " + trig.lemma + CLOSE + after
    if NEGATED_BEFORE.search(before, tail_start(before, 1)):
        return before + verb + CLOSE + after  # "has not confirmed" stays as written
    if aux or trig.form == "ed":
        plural = aux in ("have", "are", "were") or (not aux and _plural_subject(before))
        subject = before[: m.start()] if m else before
        return subject + lexicon.present(trig.lemma, plural) + CLOSE + after
    return before + verb + CLOSE + after


def _trim(text: str, min_pos: int) -> str:
    """Cut at the last phrase boundary that keeps a useful title, else at the last word that fits."""
    cfg = _cfg()
    limit = cfg["max_chars"]
    if len(text) > limit:
        lo = max(cfg["min_chars"], min_pos)
        cuts = []
        for bnd in cfg["boundaries"]:  # each boundary's occurrences, not overlapping (as a regex finds them)
            at = text.find(bnd, 0, limit + len(bnd))  # only cuts up to the limit count
            while 0 <= at <= limit:
                if at >= lo:
                    cuts.append(at)
                at = text.find(bnd, at + len(bnd))
        space = text.rfind(" ", 0, limit + 1)
        if cuts and max(cuts) >= cfg["good_chars"]:
            text = text[: max(cuts)]
        else:
            text = text[: space if space > 0 else limit]
    trailing = cfg["trailing"]
    words = text.rstrip(" ,;:–—-").split()
    while len(words) > 2 and words[-1].lower().strip(",;:") in trailing:
        words.pop()
    return " ".join(words).rstrip(" ,;:–—-")


def title(sentence: str, trig: Trigger | None, date_span: tuple[int, int] | None = None,
          people: list[Found] = (), verbs: list[Trigger] = (), pronoun: str = "") -> str:
    """A short title for a sentence. Offsets of the trigger, date and people are relative to the sentence.

    verbs: the sentence's verb triggers; when the event's trigger is a noun ("announced the mobilization"),
    the verb before it is the one put in the present tense. pronoun: who a leading "He"/"She" is.
    """
    cfg = _cfg()
    text = sentence
    if trig is not None and not trig.lemma:
        before = [v for v in verbs if v.lemma and v.end <= trig.start]
        trig = before[-1] if before else trig
    if trig is not None:
        text = text[: trig.start] + OPEN + text[trig.start: trig.end] + CLOSE + text[trig.end:]
    if date_span is not None:
        a, b = date_span

        def shift(i):
            return i + (2 if trig is not None and i >= trig.end else 1 if trig is not None and i > trig.start else 0)

        a, b = shift(a), shift(b)
        if OPEN not in text[a:b] and CLOSE not in text[a:b]:
            text = _remove_span(text, a, b)
            text = SPACE_BEFORE_PUNCT.sub(r"\1", text)
    text = _shorten_people(text, list(people))
    for rx, needs in cfg["attr"]:
        if needs.may_match(text):
            text = _safe_sub(rx, "", text)
    for _ in range(3):  # "Also now, undeterred by Russia's threats, the United States ..."
        m = _leading_aside().match(text)
        if not m or OPEN in m.group(0):
            break
        text = text[m.end():]
    if trig is not None and trig.kind == "content":
        text = _drop_lead_attribution(text, trig)
    if cfg["drop_needs"].may_match(text):
        text = _safe_sub(cfg["drop"], "", text)
    text = LEADING_PUNCT.sub("", text).strip()
    if trig is not None and OPEN in text:
        text = _verb(text, trig)
    text = text.replace(OPEN, "")
    pos = text.find(CLOSE)
    text = text.replace(CLOSE, "")
    for rx, repl, needs in cfg["rewrites"]:
        if needs.may_match(text):
            text = rx.sub(repl, text)
    text = DOUBLE_COMMA.sub(",", text).strip().rstrip(".")
    if pronoun:
        text = re.sub(r"^(?:He|She)\b", pronoun, text)
    first = text.split(" ", 1)
    if len(first) == 2 and first[0].capitalize() in cfg["leading_articles"]:
        text = first[1]
        pos -= len(first[0]) + 1
    text = text[:1].upper() + text[1:]
    return _trim(text, max(pos, 0))
