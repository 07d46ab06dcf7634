"""Titles written from a frame: subject + verb + object (+ place), in the present tense of headlines.

"A transport Il-76 touched down in Caracas on October 26" -> "Transport Il-76 touches down in Caracas";
"Annan said the ceasefire was holding" -> "Annan says ceasefire is holding"; "The U.S. will send two ships"
-> "U.S. to send two ships". Phrases are taken whole from the parse and made shorter by dropping whole
modifiers (relative clauses, appositions, then prepositional phrases), never by cutting words off, so a title
is never a fragment; a negation or a condition ("without a UN mandate") is never dropped. A pronoun subject is
replaced by its named antecedent, or the title is written without its agent ("Sanctions imposed on Iran"), or
there is no title (None). Word lists: resources/headlines.toml.
"""

from __future__ import annotations

from functools import lru_cache

from events.extraction import frames, lexicon
from events.extraction.frames import _words
from events.resources import load

DROP_ALWAYS = {
    "acl:relcl",
    "relcl",
    "appos",
    "parataxis",
    "advcl",
    "punct",
    "dep",
    "discourse",
    "vocative",
    "cc:preconj",
    "reparandum",
    "list",
    "csubj",
    "ccomp",
}
DROP_SHORT = {"nmod", "acl", "obl", "prep", "conj", "cc", "nmod:npmod", "advmod", "nummod:gov"}
KEEP_TINY = {"compound", "flat", "flat:name", "fixed", "nmod:poss", "poss", "case", "amod", "nummod", "goeswith"}
ARTICLES = {"the", "a", "an"}
RELATIVE_TAGS = {"WDT", "WP"}
RELATIVE_DEPS = {"acl:relcl", "relcl"}


@lru_cache(maxsize=1)
def _cfg() -> dict:
    data = load("headlines")
    return {k: frozenset(v) if isinstance(v, list) else v for k, v in data.items() if k != "example"}


def _inflect(lemma: str, tag: str) -> str:
    from lemminflect import getInflection

    words = lemma.split()
    forms = getInflection(words[0], tag=tag)
    return " ".join([forms[0] if forms else words[0], *words[1:]])


# ---- phrases ---------------------------------------------------------------------------------------------


def _collect(tok, level: int, skip: set[int], out: list, top: bool = True) -> None:
    if tok.i in skip:
        return
    out.append(tok)
    for c in tok.children:
        dep = c.dep_
        if dep in DROP_ALWAYS and not (dep == "punct" and c.text in "-–'’"):
            continue
        short = dep in DROP_SHORT or dep.startswith("nmod") and dep != "nmod:poss" or dep.startswith("acl")
        if level == 1 and short and not (dep == "nmod" and top and _case(c) == "of"):
            continue  # "existence of the treaty" keeps its "of": the head alone says nothing
        if level >= 2 and short:
            continue
        if level >= 2 and dep not in KEEP_TINY:
            continue
        if dep == "det" and c.lower_ in ARTICLES:
            continue
        _collect(c, level, skip, out, top=False)


def _case(tok) -> str:
    return next((c.lower_ for c in tok.children if c.dep_ == "case"), "")


def _render(toks: list) -> str:
    toks = sorted({t.i: t for t in toks}.values(), key=lambda t: t.i)
    out = []
    for k, t in enumerate(toks):
        out.append(t.text)
        nxt = toks[k + 1] if k + 1 < len(toks) else None
        if nxt is not None:
            out.append(t.whitespace_ if nxt.i == t.i + 1 else " ")
    text = "".join(out).strip()
    for q in ('"', "“", "”", "‘", "’ ", "(", ")", "[", "]"):
        text = text.replace(q, "" if q != "’ " else " ")
    return " ".join(text.split()).strip(" ,;:-–—")


def phrase(tok, level: int = 0, skip: frozenset[int] = frozenset()) -> str:
    """The phrase a token heads, with modifiers dropped by level (0: clauses and appositions, 1: also
    prepositional phrases, 2: only compounds, adjectives, numbers and possessors) and leading articles gone."""
    out: list = []
    _collect(tok, level, set(skip), out)
    return _render(out)


@lru_cache(maxsize=4096)
def _noun_plural(word: str) -> bool:
    from lemminflect import getAllLemmas

    lemmas = getAllLemmas(word).get("NOUN", ())
    return bool(lemmas) and word not in lemmas


def _plural(tok) -> bool:
    """A plural subject: a plural common noun or pronoun, or names joined by "and" (a name in the plural,
    "United States", "Philippines", is one country)."""
    if tok.lower_ in _cfg()["plural_pronouns"] or tok.lower_ in _cfg()["plural_nouns"]:
        return True
    if any(c.dep_ == "nummod" and c.lower_ not in ("one", "1") for c in tok.children):
        return True  # "Eleven people", "two ships"
    if tok.tag_ in ("NNS", "NN") and tok.lower_.endswith("s") and _noun_plural(tok.lower_):
        return True  # "air strikes" even when tagged singular; not "Il-76" or "news"
    return any(c.dep_ == "conj" for c in tok.children) and any(c.lower_ == "and" for c in tok.subtree)


# ---- the verb --------------------------------------------------------------------------------------------


def _verb_lemma(tok) -> str:
    return lexicon.verb_lemma(tok.lower_)  # also a verb the tagger called a noun ("meets")


def verb_group(tok, modality: str, negated: bool, plural: bool, aux_of=None) -> str:
    """The verb in the present tense of headlines, with its particle, negation and modality (``aux_of``: the
    predicate a copula's auxiliaries hang on)."""
    lemma = "be" if tok.dep_ == "cop" else _verb_lemma(tok)
    particle = " ".join(c.lower_ for c in tok.children if c.dep_ == "compound:prt")
    aux = [c for c in (aux_of or tok).children if c.dep_ in ("aux", "aux:pass")]
    modal = next((a.lower_ for a in aux if a.tag_ == "MD"), "")
    passive = any(c.dep_ in ("aux:pass", "nsubj:pass") for c in tok.children)
    neg = "not " if negated else ""
    if modal in _words()["future"]:
        modal = "will"
    if passive:
        part = _inflect(lemma, "VBN")
        if modal == "will":
            words = f"will {neg}be {part}" if neg else f"to be {part}"
        elif modal:
            words = f"{modal} {neg}be {part}"
        else:
            words = f"{'is' if not plural else 'are'} {neg}{part}" if neg else part
    elif modal == "will":
        words = f"will {neg}{lemma}" if neg else f"to {lemma}"
    elif modal:
        words = f"{modal} {neg}{lemma}"
    elif lemma == "be":
        words = ("are" if plural else "is") + (" not" if neg else "")
    elif neg:
        words = f"{'do' if plural else 'does'} not {lemma}"
    else:
        words = _inflect(lemma, "VBP" if plural else "VBZ")
    return f"{words} {particle}".strip()


# ---- the title -------------------------------------------------------------------------------------------


def _required(tok) -> list:
    """Modifiers a title must keep: a condition ("without a UN mandate", "unless ...")."""
    cfg = _cfg()
    out = []
    for c in tok.children:
        if c.dep_.startswith("obl") and any(k.dep_ == "case" and k.lower_ in cfg["conditions"] for k in c.children):
            out.append(c)
        if c.dep_ == "advcl" and any(k.dep_ == "mark" and k.lower_ in cfg["conditions"] for k in c.children):
            out.append(c)
    return out


def _extra(tok, skip: frozenset[int]) -> list:
    """Optional obliques after the verb, most useful first: a place or a goal ("in Caracas", "to Libya")."""
    cfg = _cfg()
    out = []
    noun_predicate = tok.pos_ in ("NOUN", "PROPN")  # a verb the tagger read as a noun keeps its phrases as nmod
    for c in tok.children:
        oblique = c.dep_.startswith("obl") or noun_predicate and c.dep_ == "nmod"
        if c.i in skip or not oblique or c.i < tok.i:
            continue
        case = next((k.lower_ for k in c.children if k.dep_ == "case"), "")
        if case in cfg["oblique_cases"]:
            out.append(c)
    return out


def _subject_variants(doc, tok, antecedent: str, skip, keep_pronoun: bool = False) -> tuple[list[str], bool] | None:
    """A clause's subject phrases from longest to shortest, and whether it is plural; None when it is a
    pronoun with no named antecedent."""
    from events.extraction.frames import _subject

    if lexicon.verb_reading(tok):  # "Vladimir Putin meets with Maduro": the words before it are the subject
        left = [t for t in doc[tok.left_edge.i : tok.i] if t.i not in skip]
        return ([_render(left)] if left else []), False
    s = _subject(tok)
    if s is not None and s.tag_ in RELATIVE_TAGS and tok.dep_ in RELATIVE_DEPS:
        s = tok.head  # "the rig, which exploded": the rig
    if s is None:
        return [], False
    if any(c.dep_ == "case" for c in s.children) or s.dep_ == "expl":
        return None  # "Beyond isolated shipments ...": a prepositional phrase read as the subject
    if s.pos_ == "PRON" or s.lower_ in _cfg()["pronouns"]:
        if s.lower_ in ("he", "she") and antecedent:
            return [antecedent], False
        if keep_pronoun and s.lower_ in _cfg()["speaker_pronouns"]:
            return [s.lower_], _plural(s)  # after "Company says": "it will resume drilling"
        return None
    named = next((c for c in s.children if c.dep_ == "appos" and c.pos_ == "PROPN"), None)
    if s.pos_ == "NOUN" and named is not None:  # "the head of the service, Vasyl Maluk": the name says who
        return [phrase(named, 2, skip)], False
    out = []
    for lvl in (0, 1, 2):
        text = phrase(s, lvl, skip)
        if text and text not in out:
            out.append(text)
    return out, _plural(s)


def _has_subject(tok) -> bool:
    return any(c.dep_ in ("nsubj", "nsubj:pass") for c in tok.children)


def _has_cop(tok) -> bool:
    return any(c.dep_ == "cop" for c in tok.children)


def clause(doc, tok, skip=frozenset(), antecedent: str = "", keep_pronoun: bool = False) -> list[str]:
    """Headlines for the clause (or event noun) a token heads, fullest first; [] when none can be written."""
    from events.extraction.frames import _modality

    if tok.pos_ in ("NOUN", "PROPN") and not _has_cop(tok) and not _has_subject(tok) and not lexicon.verb_reading(tok):
        skip = skip | _subtree_ids(tok, {"conj", "cc", "case"})  # one noun's phrase: not "after", "and Maduro's"
        after = frames.participle_after(tok)  # "operation codenamed Anadyr", hung elsewhere by the parser
        tail = f" {phrase(after, 0, skip | {tok.i})}" if after is not None and after.head.i != tok.i else ""
        found = dict.fromkeys(phrase(tok, lvl, skip) + (tail if lvl == 0 else "") for lvl in (0, 1, 2))
        return [t.strip() for t in found if len(t.split()) >= 2]
    modality, negated = _modality(tok)
    subj = _subject_variants(doc, tok, antecedent, skip, keep_pronoun)
    if subj is None:
        return _agentless(doc, tok, skip, modality, negated)
    subjects, plural = subj
    if not subjects:
        return []  # a verb with no subject makes no headline ("Reports citing documents")
    control = tok.head if tok.dep_ == "xcomp" and tok.head.pos_ == "VERB" else None
    if frames.to_after_verb_reading(tok):  # "Russia plans to send", "plans" read as a noun
        control = tok.head
    be_to = tok.pos_ == "VERB" and _has_cop(tok) and any(c.dep_ == "mark" and c.lower_ == "to" for c in tok.children)
    if be_to or tok.dep_ == "xcomp" and lexicon.lemma(tok.head) == "be":  # "Cameron is to meet Obama": "to meet"
        vg = f"{'not ' if negated else ''}to {_verb_lemma(tok)}"
    elif control is not None:  # "plans to send": the controlling verb leads
        c_mod, c_neg = _modality(control)
        vg = verb_group(control, c_mod, c_neg, plural) + f" {'not ' if negated else ''}to {_verb_lemma(tok)}"
    elif _has_cop(tok):  # "could be a crime", "is in place"
        cop = next(c for c in tok.children if c.dep_ == "cop")
        vg = verb_group(cop, modality, negated, plural, aux_of=tok)
    else:
        vg = verb_group(tok, modality, negated, plural)
    if _has_cop(tok) and not be_to:
        own = skip | _subtree_ids(tok, PREDICATE_ONLY)
        objs = list(dict.fromkeys(phrase(tok, lvl, own) for lvl in (0, 1, 2)))
    else:
        objs = _object_variants(doc, tok, skip)
    required = [phrase(c, 1, skip) for c in _required(tok)]
    extras = [phrase(c, 1, skip) for c in _extra(tok, skip)]
    if _saying(tok) and not _said(tok):
        return []  # "Trump says in interview", "Mullen tells CNN": a saying with nothing said
    if objs == [""] and any(c.dep_ in NEEDED for c in tok.children):
        return []  # what completes the verb could not be written: "Engineers are", "Earthquake leaves"
    light = _verb_lemma(tok) in _cfg()["light_verbs"]
    if light and objs == [""] and not extras and not required and subjects and _bare_noun(subjects[0], doc):
        return []  # "Request comes", "Delivery presented": a bare noun and a light verb tell nothing
    if objs == [""] and control is None and not _has_cop(tok):
        if _saying(tok):
            return []
        if extras:  # with no object, the first oblique completes the verb: "heads to the Caribbean"
            required, extras = [extras[0], *required], []
        elif _verb_lemma(tok) in _cfg()["needs_object"]:
            return []  # "Xi Jinping asks", "Documents include": the verb needs what it was about
    # in order of preference: the optional phrase goes first, then the subject shortens, then the object
    combos = [
        (i + j, j, k, sub, obj, extra)
        for i, sub in enumerate(subjects or [""])
        for j, obj in enumerate(objs)
        for k, extra in enumerate(extras[:1] + [""])
    ]
    out = []
    for *_, sub, obj, extra in sorted(combos, key=lambda c: c[:3]):
        text = " ".join(p for p in (sub, vg, obj, extra, *required) if p)
        if text and text not in out:
            out.append(text)
    return out


# what a copular predicate's phrase leaves to the rest of the title
PREDICATE_ONLY = {
    "nsubj",
    "nsubj:pass",
    "csubj",
    "cop",
    "aux",
    "aux:pass",
    "advmod",
    "mark",
    "punct",
    "cc",
    "conj",
    "advcl",
    "parataxis",
    "obl",
    "ccomp",
}


def _subtree_ids(tok, deps) -> frozenset[int]:
    return frozenset(t.i for c in tok.children if c.dep_ in deps for t in c.subtree) | {
        c.i for c in tok.children if c.dep_ in deps
    }


def _demonym(word: str) -> bool:
    from events.text.gazetteer import demonyms

    return word in demonyms() or word.lower() in demonyms()


NEEDED = {"obj", "dobj", "xcomp", "ccomp", "attr", "oprd"}


def _said(tok) -> bool:
    """Whether a saying says something in its clause: a complement, or an object that is not its addressee
    ("denies the accusations", not "told CNN")."""
    objects = ("obj", "dobj", "nmod") if lexicon.verb_reading(tok) else ("obj", "dobj")
    for c in tok.children:
        if c.dep_ in ("ccomp", "xcomp", "parataxis"):
            return True
        if c.dep_ in objects and c.i > tok.i and c.pos_ not in ("PROPN", "PRON") and not _case(c):
            return True
    return False


def _bare_noun(text: str, doc) -> bool:
    """A subject of one common noun ("request"), not a name ("Mubarak") or a pronoun kept after a speaker."""
    if len(text.split()) != 1:
        return False
    tok = next((t for t in doc if t.text == text), None)
    return tok is not None and tok.pos_ == "NOUN"


def _saying(tok) -> bool:
    from events.extraction.frames import _saying_lemmas

    return _verb_lemma(tok) in _saying_lemmas()


def fit(candidates: list[str], limit: int | None = None) -> str | None:
    """The first candidate (they come in order of preference) that fits the limit, else the shortest when it
    fits the hard limit."""
    limit = limit or _cfg()["max_chars"]
    candidates = [c for c in candidates if not _dangling(c)]
    for text in candidates:
        if len(text) <= limit:
            return _finish(text)
    shortest = min(candidates, key=len, default="")
    return _finish(shortest) if shortest and len(shortest) <= _cfg()["hard_max_chars"] else None


def title(doc, tok, skip=frozenset(), antecedent: str = "", saying=None, keep_speaker: bool = True) -> str | None:
    """A headline for the event a token heads. With ``saying`` (the verb reporting it) the speaker leads
    ("Annan says ceasefire holds"); when that does not fit, an event may stand alone only if ``keep_speaker``
    is False (a content event with its own date), never a saying."""
    if saying is None:
        return fit(clause(doc, tok, skip, antecedent))
    if saying.i > tok.i:  # "..., the Post reported on Oct. 31": the saying's own words are not the clause's
        skip = skip | ({t.i for t in saying.subtree} - {t.i for t in tok.subtree})
    speaker = speaker_of(doc, saying, skip, antecedent)
    if speaker:
        said = clause(doc, tok, skip, antecedent, keep_pronoun=True)
        found = fit([f"{speaker} {_lower_first(doc, b)}" for b in said])
        if found:
            return found
    if not keep_speaker or not speaker:  # no room for the speaker, or no name for it ("the latter said")
        return fit(clause(doc, tok, skip, antecedent))  # written only when needed: the title stands alone
    return None


def _lower_first(doc, text: str) -> str:
    """A clause after "says": its first word in lower case unless it is a name ("Attacks" -> "attacks")."""
    first = text.split()[0] if text.split() else ""
    tok = next((t for t in doc if t.text == first), None)
    if tok is None or tok.tag_ in ("NNP", "NNPS") or first.isupper() or not first[:1].isupper():
        return text
    if tok.i != tok.sent.start and tok.lower_ not in ARTICLES or _demonym(first):
        return text  # capitalized where it stands, or a demonym ("Venezuelan")
    return first.lower() + text[len(first) :]


def speaker_of(doc, saying, skip, antecedent: str) -> str:
    """ "Annan says", "ICC prosecutor warns": the saying's subject, short, and its verb in the present."""
    from events.extraction.frames import _modality

    subj = _subject_variants(doc, saying, antecedent, frozenset(skip) - {t.i for t in saying.subtree})
    if not subj or not subj[0]:
        return ""
    subjects, plural = subj
    modality, negated = _modality(saying)
    return f"{subjects[-1]} {verb_group(saying, modality, negated, plural)}"


def _agentless(doc, verb, skip, modality: str, negated: bool) -> list[str]:
    """A pronoun did it: "They imposed sanctions on Iran" -> "Sanctions imposed on Iran"."""
    obj = next((c for c in verb.children if c.dep_ in ("obj", "dobj")), None)
    if obj is None or negated or modality or obj.pos_ == "PRON" or verb.pos_ != "VERB":
        return []
    part = _inflect(_verb_lemma(verb), "VBN")
    extras = [phrase(c, 1, skip) for c in _extra(verb, skip)]
    out = []
    for extra in extras[:1] + [""]:
        for lvl in (0, 1, 2):
            what = phrase(obj, lvl, skip)
            if not extra and len(what.split()) < 2:
                continue  # "Delivery presented" tells nothing
            text = " ".join(p for p in (what, part, extra) if p)
            if text not in out:
                out.append(text)
    return sorted(out, key=len, reverse=True)


def _object_variants(doc, verb, skip) -> list[str]:
    """The verb's object (and what completes it: "asked Russia for help") from fullest to shortest."""
    parts = [
        c
        for c in verb.children
        if c.dep_ in ("obj", "dobj", "iobj", "attr", "acomp", "oprd")
        or c.dep_ == "xcomp"
        and (c.pos_ != "VERB" or c.tag_ == "VBG" or any(k.lower_ == "to" and k.dep_ == "mark" for k in c.children))
    ]
    if lexicon.verb_reading(verb):  # read as a noun, its object hangs as a modifier without a preposition
        parts += [c for c in verb.children if c.i > verb.i and c.dep_ == "nmod" and not _case(c)][:1]
    if not any(c.dep_ in ("obj", "dobj") for c in parts):  # "voted to impose a no-fly zone"
        parts += [
            c
            for c in verb.children
            if c.dep_ == "advcl"
            and c.i > verb.i
            and c.pos_ == "VERB"
            and any(k.lower_ == "to" and k.dep_ == "mark" for k in c.children)
        ][:1]
    if not parts:
        return [""]
    if verb.dep_ in RELATIVE_DEPS:  # "the commission, which Obama convened": the commission
        parts = [verb.head if c.tag_ in RELATIVE_TAGS else c for c in parts]
    out = []
    for lvl in (0, 1, 2):
        text = " ".join(
            _xcomp(doc, c, lvl, skip) if c.dep_ in ("xcomp", "advcl") else phrase(c, lvl, skip) for c in parts
        )
        if text not in out:
            out.append(text)
    return out


def _xcomp(doc, tok, level, skip) -> str:
    """An open complement: "to send troops", "to allow both sides more time"."""
    if tok.pos_ != "VERB":
        return phrase(tok, level, skip)
    objs = [c for c in tok.children if c.dep_ in ("iobj", "obj", "dobj")]
    verb = tok.text.lower() if tok.tag_ == "VBG" else f"to {_verb_lemma(tok)}"  # "resume drilling", "to send"
    words = [verb] + [phrase(o, level, skip) for o in objs]
    return " ".join(w for w in words if w)


def _dangling(text: str) -> bool:
    """A title that stops where a headline cannot ("Engineers are", "Some surgeons estimate that")."""
    words = text.split()
    return not words or words[-1].lower().strip(",;:") in _cfg()["dangling"]


def _finish(text: str) -> str:
    text = " ".join(text.split())
    return text[:1].upper() + text[1:]
