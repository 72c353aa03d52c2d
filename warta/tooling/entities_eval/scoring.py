"""Document-level entity scores: what a reader of one article's entity list sees.

Gold: the article's hand-annotated entities (:mod:`.benchmark`).  Predicted: the distinct
``(canonical name, type)`` pairs enrichment gives the article.  Names compare casefolded,
with whitespace collapsed.

* a gold entity is **found** when one of its names (canonical or an alias) is among the
  predicted canonical names with the same type;
* a predicted entity is **correct** when its name is a name of a gold entity of the same
  type, **spurious** when it is no gold entity's name with that type.

Optional gold entities (named only inside other names, or arguable) count neither way:
missing one is no miss, and predicting one is neither correct nor spurious.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from warta.tooling.entities_eval.benchmark import TYPES, GoldEntity

Predicted = tuple[str, str]  # (canonical name, type)


def normalize_name(name: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


@dataclass
class ArticleScore:
    found: list[GoldEntity] = field(default_factory=list)
    missed: list[GoldEntity] = field(default_factory=list)
    correct: list[Predicted] = field(default_factory=list)
    # (name, predicted type, the gold type when the name is gold under another type, or "")
    spurious: list[tuple[str, str, str]] = field(default_factory=list)


def score_article(gold: list[GoldEntity], predicted: Iterable[Predicted]) -> ArticleScore:
    names: dict[tuple[str, str], GoldEntity] = {}
    for entity in gold:
        for name in entity.names:
            names.setdefault((normalize_name(name), entity.type), entity)
    distinct: dict[tuple[str, str], Predicted] = {}
    for name, typ in predicted:
        distinct.setdefault((normalize_name(name), typ), (name, typ))
    score = ArticleScore()
    for entity in gold:
        if entity.optional:
            continue
        hit = any((normalize_name(n), entity.type) in distinct for n in entity.names)
        (score.found if hit else score.missed).append(entity)
    for key, pair in distinct.items():
        match = names.get(key)
        if match is not None:
            if not match.optional:
                score.correct.append(pair)
            continue
        other = [t for t in TYPES if (key[0], t) in names]
        score.spurious.append((pair[0], pair[1], other[0] if other else ""))
    return score


@dataclass
class Tally:
    gold: int = 0
    found: int = 0
    predicted: int = 0  # correct + spurious
    correct: int = 0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 0.0

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "gold": self.gold,
            "found": self.found,
            "predicted": self.predicted,
            "correct": self.correct,
            "recall": round(self.recall, 4),
            "precision": round(self.precision, 4),
            "f1": round(self.f1, 4),
        }


def tally(scores: Iterable[ArticleScore]) -> dict[str, Tally]:
    """Micro-averaged counts per type (``PER``, ``ORG``, ``LOC``) and ``overall``."""
    out = {t: Tally() for t in (*TYPES, "overall")}
    for s in scores:
        for entity in s.found:
            out[entity.type].found += 1
        for entity in [*s.found, *s.missed]:
            out[entity.type].gold += 1
        for _, typ in s.correct:
            out.setdefault(typ, Tally()).correct += 1
            out[typ].predicted += 1
        for _, typ, _ in s.spurious:
            out.setdefault(typ, Tally()).predicted += 1
    total = out["overall"]
    for typ, t in out.items():
        if typ != "overall":
            total.gold += t.gold
            total.found += t.found
            total.predicted += t.predicted
            total.correct += t.correct
    return out
