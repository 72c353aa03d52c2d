"""The interface of a language's grammar: the hooks where word order makes the rules differ.

Shared code (quotation marks, candidates, speaker phrases and resolution) calls these hooks
and never asks which language it reads; ``extract.GRAMMARS`` maps the ``syntax`` named in a
language's data file to its grammar.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from warta.document import EntityMention, Sentence
from warta.nlp.quotes.cues import QuoteCues
from warta.nlp.quotes.model import Attribution, Cand, Doc
from warta.nlp.quotes.text import Tok


@dataclass(frozen=True)
class Description:
    """How a speaker phrase without a name describes someone ('juru bicara Kremlin',
    'the foreign minister')."""

    head: int  # how many leading words are the head noun; 0: not a description
    words: list[str]  # the words matched against how people were introduced
    anaphoric: bool  # it points back ('politisi itu', 'the minister')


@dataclass(frozen=True)
class Grammar:
    """The language-specific hooks of quote extraction.

    - ``cue_after(doc, close)``: the attribution right after the closing mark at ``close``
      ('"…," kata X', '"…," said X'), its ``edge`` where it ends.
    - ``cue_before(doc, open_at)``: the attribution right before the opening mark
      ('X mengatakan, "…"', 'X said: "…"'), its ``edge`` where it starts.
    - ``indirect_in_sentence(doc, sentence)``: the indirect quote of a sentence outside
      quotation marks, as at most one candidate.
    - ``ends_speaker(token, cues)``: a word that cannot continue a speaker phrase after a
      cue ('kata Presiden menutup …', 'said Smith, speaking …').
    - ``describe(words, speaker, cues)``: the description in a speaker phrase.
    - ``fits(doc, words, mention)``: was this person introduced with the description?
    """

    name: str
    cue_after: Callable[[Doc, int], Attribution | None]
    cue_before: Callable[[Doc, int], Attribution | None]
    indirect_in_sentence: Callable[[Doc, Sentence], list[Cand]]
    ends_speaker: Callable[[Tok, QuoteCues], bool]
    describe: Callable[[list[str], str, QuoteCues], Description]
    fits: Callable[[Doc, list[str], EntityMention], bool]
