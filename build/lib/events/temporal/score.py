"""TempEval-3 Task A scoring of temporal expressions (UzZaman et al. 2013).

strict span: system and gold extents identical. relaxed span: extents overlap, matched one to one.
value F1 and type F1: the attribute's accuracy over the relaxed matches times the relaxed F1, which
equals the F1 of (correct attribute count / system count, correct attribute count / gold count).
Counts add up over documents (micro average).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Protocol


class Span(Protocol):
    start: int
    end: int
    type: str
    value: str


@dataclass
class Counts:
    n_gold: int = 0
    n_system: int = 0
    strict: int = 0
    relaxed: int = 0
    value: int = 0
    type: int = 0
    errors: list = field(default_factory=list)  # (kind, gold or None, system or None)

    def add(self, other: "Counts") -> "Counts":
        for k in ("n_gold", "n_system", "strict", "relaxed", "value", "type"):
            setattr(self, k, getattr(self, k) + getattr(other, k))
        self.errors.extend(other.errors)
        return self

    def f1(self, correct: int) -> float:
        if not self.n_gold or not self.n_system or not correct:
            return 0.0
        p, r = correct / self.n_system, correct / self.n_gold
        return 2 * p * r / (p + r)

    def precision(self, correct: int) -> float:
        return correct / self.n_system if self.n_system else 0.0

    def recall(self, correct: int) -> float:
        return correct / self.n_gold if self.n_gold else 0.0

    def table(self) -> dict[str, float]:
        """Percentages: strict, relaxed, value and type F1 and the span precision and recall."""
        return {
            "strict_f1": 100 * self.f1(self.strict),
            "relaxed_f1": 100 * self.f1(self.relaxed),
            "value_f1": 100 * self.f1(self.value),
            "type_f1": 100 * self.f1(self.type),
            "relaxed_p": 100 * self.precision(self.relaxed),
            "relaxed_r": 100 * self.recall(self.relaxed),
            "strict_p": 100 * self.precision(self.strict),
            "strict_r": 100 * self.recall(self.strict),
        }


def _overlap(a: Span, b: Span) -> int:
    return min(a.end, b.end) - max(a.start, b.start)


def match(gold: list[Span], system: list[Span]) -> list[tuple[Span, Span]]:
    """One-to-one relaxed matching: pairs of overlapping spans, largest overlaps first."""
    pairs = []
    for gi, g in enumerate(gold):
        for si, s in enumerate(system):
            ov = _overlap(g, s)
            if ov > 0:
                exact = (g.start, g.end) == (s.start, s.end)
                pairs.append((not exact, -ov, gi, si))
    pairs.sort()
    used_g, used_s, out = set(), set(), []
    for _, _, gi, si in pairs:
        if gi in used_g or si in used_s:
            continue
        used_g.add(gi)
        used_s.add(si)
        out.append((gold[gi], system[si]))
    return sorted(out, key=lambda p: p[0].start)


def score_document(gold: Iterable[Span], system: Iterable[Span]) -> Counts:
    gold, system = list(gold), list(system)
    c = Counts(n_gold=len(gold), n_system=len(system))
    pairs = match(gold, system)
    matched_g = {id(g) for g, _ in pairs}
    matched_s = {id(s) for _, s in pairs}
    for g, s in pairs:
        c.relaxed += 1
        c.strict += (g.start, g.end) == (s.start, s.end)
        c.value += g.value == s.value
        c.type += g.type == s.type
        if g.value != s.value or g.type != s.type:
            c.errors.append(("wrong", g, s))
    c.errors += [("missed", g, None) for g in gold if id(g) not in matched_g]
    c.errors += [("spurious", None, s) for s in system if id(s) not in matched_s]
    return c


def score(pairs: Iterable[tuple[Iterable[Span], Iterable[Span]]]) -> Counts:
    """Micro-averaged counts over (gold, system) pairs of documents."""
    total = Counts()
    for gold, system in pairs:
        total.add(score_document(gold, system))
    return total
