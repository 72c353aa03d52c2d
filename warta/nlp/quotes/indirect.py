"""Indirect quotes: the sentences outside direct quotes, handed to the grammar's rules, and
the clause record those rules build candidates from."""

from __future__ import annotations

import re
from dataclasses import dataclass

from warta.document import Sentence
from warta.nlp.quotes.model import Cand, Doc
from warta.nlp.quotes.text import TERMINAL, WORD, Tok, starts_with_phrase, strip_span, tokens


@dataclass(frozen=True)
class Clause:
    """One sentence read for an indirect quote: its stripped span and tokens."""

    doc: Doc
    start: int
    end: int
    toks: list[Tok]

    @classmethod
    def of(cls, doc: Doc, sent: Sentence) -> Clause:
        s0, e0 = strip_span(doc.text, max(sent.start, 0), min(sent.end, len(doc.text)))
        return cls(doc, s0, e0, tokens(doc.text, s0, e0))

    @property
    def n_words(self) -> int:
        return sum(1 for t in self.toks if t.is_word)

    def quote(
        self, cs: int, ce: int, cue: Tok, speaker: tuple[int, int] | None, confidence: float
    ) -> Cand | None:
        """The candidate with content [cs, ce) (trimmed), or None when under three words."""
        cs, ce = content_span(self.doc, cs, ce)
        if len(WORD.findall(self.doc.text[cs:ce])) < 3:
            return None
        return Cand(
            "indirect",
            cs,
            ce,
            self.start,
            self.end,
            cue=cue.text,
            speaker_span=speaker,
            confidence=confidence,
        )


def content_span(doc: Doc, s: int, e: int) -> tuple[int, int]:
    s, e = strip_span(doc.text, s, e, ",:;")
    while e > s and doc.text[e - 1] in TERMINAL + ",;:":
        e -= 1
    return strip_span(doc.text, s, e)


def trim_trailing_attribution(doc: Doc, s: int, e: int) -> tuple[int, int]:
    """Cut ``, (demikian) menurut X`` / ``, according to X`` off the end of content."""
    text = doc.text
    for m in re.finditer(r",\s*", text[s:e]):
        at = s + m.end()
        words = [w.lower() for w in WORD.findall(text[at:e])]
        k = starts_with_phrase(words, doc.cues.trailing_attribution)
        if k and len(words) - k <= 8:
            return s, s + m.start()
    return s, e


def indirect_quotes(doc: Doc, direct: list[Cand]) -> list[Cand]:
    """Indirect quotes of the sentences that hold no direct quote or its attribution."""
    blocked = sorted((c.outer_start, c.outer_end) for c in direct)
    out: list[Cand] = []
    for sent in doc.sentences:
        if any(a < sent.end and b > sent.start for a, b in blocked):
            continue
        # Quotation marks left in the sentence belong to titles; the rules still apply.
        out.extend(doc.grammar.indirect_in_sentence(doc, sent))
    return out
