"""Tokens, spans and sentences of clean text: the surface the quote rules work on."""

from __future__ import annotations

import re
from dataclasses import dataclass

from warta.document import Sentence
from warta.nlp.quotes.cues import Phrases

# A word, with inner hyphens/apostrophes/dots kept ("sekutu-sekutunya", "Ma'ruf", "S.H.").
_TOKEN = re.compile(r"\w+(?:[-'’.]\w+)*|[^\w\s]", re.UNICODE)
WORD = re.compile(r"\w+(?:[-'’]\w+)*", re.UNICODE)
DOUBLE_MARKS = '"“”„«»'
SINGLE_MARKS = "‘’"
OPENERS = "“„«‘"  # marks that open unless their context says otherwise
CLOSERS = "”»’"
TERMINAL = ".?!…"


@dataclass(frozen=True)
class Tok:
    text: str
    start: int
    end: int

    @property
    def low(self) -> str:
        return self.text.lower()

    @property
    def is_word(self) -> bool:
        return self.text[:1].isalnum() or self.text[:1] == "_"


def tokens(text: str, start: int = 0, end: int | None = None) -> list[Tok]:
    end = len(text) if end is None else end
    return [Tok(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text, start, end)]


def words_of(text: str) -> list[str]:
    """The words of ``text``, lowercased."""
    return [w.lower() for w in WORD.findall(text)]


def strip_span(text: str, start: int, end: int, chars: str = "") -> tuple[int, int]:
    """Shrink [start, end) past whitespace (and ``chars``) on both sides."""
    while start < end and (text[start].isspace() or text[start] in chars):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in chars):
        end -= 1
    return start, end


def starts_with_phrase(words: list[str], phrases: Phrases) -> int:
    """Length of the longest phrase ``words`` starts with (0 if none)."""
    for p in phrases:
        if tuple(words[: len(p)]) == p:
            return len(p)
    return 0


def contains_phrase(words: list[str], phrases: Phrases) -> bool:
    return any(
        tuple(words[i : i + len(p)]) == p for p in phrases for i in range(len(words) - len(p) + 1)
    )


def connective_prefix(words: list[str], connectives: Phrases) -> int:
    """How many leading words are connectives ('Sementara itu', 'Namun', ...)."""
    n = 0
    while True:
        k = starts_with_phrase(words[n:], connectives)
        if not k:
            return n
        n += k


_SENT_END = re.compile(r"(?<=[.!?…])[\"”’»]?\s+(?=[\"“”‘«(]?[A-Z0-9])|\n+")


def split_sentences(text: str) -> list[Sentence]:
    """A plain regex splitter, used when no sentences are given (and by the eval fallback).

    Splits after terminal punctuation followed by a capital and at line breaks; good
    enough to give indirect-quote rules a sentence scope.
    """
    out: list[Sentence] = []
    pos = 0
    for m in _SENT_END.finditer(text):
        cut = m.start() if m.group().startswith("\n") else m.start() + len(m.group().rstrip())
        if m.group()[:1] in '"”’»':
            cut = m.start() + 1
        s, e = strip_span(text, pos, cut)
        if e > s:
            out.append(Sentence(len(out), s, e, text[s:e]))
        pos = m.end()
    s, e = strip_span(text, pos, len(text))
    if e > s:
        out.append(Sentence(len(out), s, e, text[s:e]))
    return out
