"""Plain data passed between the NLP stages (enrich, entities, quotes) and the loader.

These are built from a Stanza document by ``warta.nlp`` so that the entity and quote
logic can be tested and reused without holding Stanza objects.  All offsets are
character offsets into the article's clean text.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Word:
    """A syntactic word (after multi-word-token expansion: ``ujarnya`` -> ``ujar`` + ``nya``)."""

    text: str
    start: int  # offsets of the token the word belongs to
    end: int
    upos: str | None = None
    lemma: str | None = None
    token_index: int = 0  # index of its token within the sentence


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str
    words: tuple[Word, ...] = ()


@dataclass
class EntityMention:
    text: str  # surface form as in the text
    type: str  # PER, ORG, LOC (MISC/EVENT where a model has them)
    start: int
    end: int
    sentence_index: int
    canonical: str = ""  # in-article canonical form ("Putin" -> "Vladimir Putin")
    key: str = ""  # cross-article normalized key (see warta.nlp.entities.entity_key)


@dataclass
class Quote:
    text: str
    kind: str  # "direct" | "indirect"
    start: int
    end: int
    sentence_index: int
    speaker: str | None = None  # speaker as written ("juru bicara Kremlin Dmitry Peskov", "nya")
    speaker_canonical: str | None = None  # canonical entity name when resolved
    speaker_key: str | None = None  # entity key when resolved
    cue: str | None = None
    confidence: float = 0.0


@dataclass
class NLPResult:
    """What enrichment produced for one text."""

    language: str
    status: str  # "ok", "no_model:<lang>", "empty", "error:<Class>"
    model_version: str | None = None
    sentences: list[Sentence] = field(default_factory=list)
    entities: list[EntityMention] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
