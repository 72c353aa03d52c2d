"""What both quote evaluations share: the overlap a content match needs, and how a speaker's
name is compared with the gold one (name tokens, titles and pronouns left out)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from warta.document import NLPResult

# A prediction matches a gold content when they share at least this share of the tokens of
# the longer of the two.
MIN_OVERLAP = 0.5

# Texts -> their sentences and canonicalized entities, as warta.nlp.annotate gives them.
Annotator = Callable[[list[str]], list[NLPResult]]


def title_words() -> frozenset[str]:
    """Titles (``Presiden``, ``Menteri`` ...) that are no part of a person's name."""
    try:
        from warta.nlp.entities import TITLES
    except ImportError:  # pragma: no cover - entities module is part of the package
        return frozenset()
    return frozenset(TITLES)


def name_tokens(words: Sequence[str], stop: frozenset[str]) -> frozenset[str]:
    """Lowercased word parts of ``words``, less ``stop`` words and numbers."""
    out = set()
    for w in words:
        for part in re.findall(r"\w+", w.lower()):
            if part not in stop and not part.isdigit():
                out.add(part)
    return frozenset(out)


def same_name(a: frozenset[str], b: frozenset[str]) -> bool:
    """Share a name token; a short form counts ('Risma' for 'Rismaharini')."""
    return bool(a & b) or any(
        len(x) >= 4 and len(y) >= 4 and (x.startswith(y) or y.startswith(x)) for x in a for y in b
    )
