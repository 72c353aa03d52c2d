"""One type and one spelling per name across the corpus, decided by every article's evidence.

A tagger types each article's names separately: "Polda Metro Jaya" may be ORG in forty
articles and LOC in one, which stores two entities (``ORG:polda metro jaya`` and
``LOC:polda metro jaya``).  :func:`decide` takes the votes of all mentions of one name and
says which type wins and which row survives; :func:`spelling` picks the name's canonical form
from the mentions written exactly as the name.  The database side is ``db.consolidation``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from warta.nlp.entities import match_form, preferred_spelling


@dataclass(frozen=True)
class Vote:
    """The mentions of one entity row that carry one type."""

    entity_id: int
    entity_type: str  # the row's type
    mention_type: str  # the type the mentions' articles gave
    mentions: int
    articles: int


@dataclass(frozen=True)
class Decision:
    survivor: int  # the row kept (the oldest: ids that reports and links hold stay valid)
    type: str
    merged: tuple[int, ...]  # rows merged into it


def name_of(key: str) -> str:
    """``"ORG:polda metro jaya"`` -> ``"polda metro jaya"``."""
    return key.partition(":")[2]


def decide(votes: list[Vote]) -> Decision:
    """The winning type of one name: most mentions, then most articles; a tie keeps the
    oldest row's type, so that running again never flips a decision."""
    ids = sorted({v.entity_id for v in votes})
    survivor = ids[0]
    current = next(v.entity_type for v in votes if v.entity_id == survivor)
    mentions: Counter[str] = Counter()
    articles: Counter[str] = Counter()
    for v in votes:
        mentions[v.mention_type] += v.mentions
        articles[v.mention_type] += v.articles
    candidates = set(mentions) or {current}
    winner = max(
        sorted(candidates),
        key=lambda t: (mentions[t], articles[t], t == current),
    )
    return Decision(survivor=survivor, type=winner, merged=tuple(ids[1:]))


def spelling(name: str, written: Counter[str], current: str) -> str:
    """The canonical form: the most used mention text that is exactly the name (no title,
    no short form), mixed case first; ``current`` when no mention is."""
    exact = Counter({t: n for t, n in written.items() if match_form(t) == name})
    if not exact:
        return current
    best = preferred_spelling(exact)
    if best.isupper() and len(best) > 4 and not current.isupper():
        return current
    return best
