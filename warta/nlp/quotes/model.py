"""Working records of one extraction: the document with its lookups, and quote candidates."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from warta.document import EntityMention, Sentence
from warta.nlp.quotes.cues import QuoteCues
from warta.nlp.quotes.text import Tok

if TYPE_CHECKING:
    from warta.nlp.quotes.grammar import Grammar

PERSON_TYPES = frozenset({"PER", "PERSON"})
ORGANIZATION_TYPES = frozenset({"ORG", "ORGANIZATION", "LOC", "GPE", "NORP"})


class Attribution(NamedTuple):
    """A cue found next to a quote: the cue word, the speaker phrase (None for a clitic
    such as 'ujarnya') and where the attribution ends (after a quote) or starts (before)."""

    cue: Tok
    speaker: tuple[int, int] | None
    edge: int


@dataclass
class Cand:
    """A quote candidate; its speaker fields are filled in by ``speakers.resolve_speaker``."""

    kind: str  # direct | indirect
    start: int
    end: int
    outer_start: int  # span incl. quotation marks and attribution, to keep rules apart
    outer_end: int
    cue: str | None = None
    speaker_span: tuple[int, int] | None = None
    continuation: bool = False
    confidence: float = 0.0
    speaker: str | None = None
    canonical: str | None = None
    key: str | None = None
    speaker_ref: Any = None  # identity of the resolved speaker, to chain pronouns


def is_person(e: EntityMention) -> bool:
    return e.type.upper() in PERSON_TYPES


@dataclass
class Doc:
    """One article as the rules see it: text, sentences, entities, its language's word
    lists and grammar, and position lookups."""

    text: str
    sentences: list[Sentence]
    entities: list[EntityMention]
    cues: QuoteCues
    grammar: Grammar
    sent_starts: list[int] = field(default_factory=list)
    persons: list[EntityMention] = field(default_factory=list)
    para_breaks: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.sentences = sorted(self.sentences, key=lambda s: s.start)
        self.sent_starts = [s.start for s in self.sentences]
        self.entities = sorted(
            (e for e in self.entities if 0 <= e.start < e.end <= len(self.text)),
            key=lambda e: (e.start, -e.end),
        )
        self.entities = retag_persons(self.entities)
        self.persons = [e for e in self.entities if is_person(e)]
        self.para_breaks = [m.start() for m in re.finditer(r"\n", self.text)]

    def sentence_at(self, pos: int) -> int:
        """Index of the sentence holding ``pos`` (the one before it when in a gap)."""
        if not self.sentences:
            return 0
        i = bisect.bisect_right(self.sent_starts, pos) - 1
        return self.sentences[max(i, 0)].index

    def sentence_obj_at(self, pos: int) -> Sentence | None:
        if not self.sentences:
            return None
        i = max(bisect.bisect_right(self.sent_starts, pos) - 1, 0)
        return self.sentences[i]

    def para_bounds(self, pos: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.para_breaks, pos - 1)
        start = self.para_breaks[i - 1] + 1 if i > 0 else 0
        j = bisect.bisect_left(self.para_breaks, pos)
        end = self.para_breaks[j] if j < len(self.para_breaks) else len(self.text)
        return start, end

    def entities_in(self, start: int, end: int) -> list[EntityMention]:
        return [e for e in self.entities if e.start < end and e.end > start]


def retag_persons(entities: list[EntityMention]) -> list[EntityMention]:
    """Make a name tagged PER elsewhere in the article a person here too.

    A tagger may call the same surface 'Peskov' PER in one sentence and ORG in another;
    the majority (ties to PER) decides, and the person mention lends its canonical name
    and key, so the speaker links to the same entity.
    """
    votes: dict[str, list[int]] = {}
    first_person: dict[str, EntityMention] = {}
    for e in entities:
        v = votes.setdefault(e.text, [0, 0])
        if is_person(e):
            v[0] += 1
            first_person.setdefault(e.text, e)
        else:
            v[1] += 1
    out: list[EntityMention] = []
    for e in entities:
        per = first_person.get(e.text)
        if per is not None and not is_person(e) and votes[e.text][0] >= votes[e.text][1]:
            e = EntityMention(
                e.text, per.type, e.start, e.end, e.sentence_index, per.canonical, per.key
            )
        out.append(e)
    return out
