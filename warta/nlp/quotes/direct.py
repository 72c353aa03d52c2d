"""Direct quotes: paired quotation marks, chained over paragraphs, kept when a cue is
attached or when they stand as a sentence of their own."""

from __future__ import annotations

from warta.nlp.quotes.marks import Pair, pair_marks
from warta.nlp.quotes.model import Attribution, Cand, Doc
from warta.nlp.quotes.text import DOUBLE_MARKS, SINGLE_MARKS, TERMINAL, WORD, strip_span


def direct_quotes(doc: Doc) -> list[Cand]:
    text = doc.text
    cands: list[Cand] = []
    for chain in _chains(text):
        first, last = chain[0], chain[-1]
        cstart, cend = strip_span(text, first.open + 1, last.close)
        if cend <= cstart:
            continue
        cand = Cand(
            "direct", cstart, cend, first.open, (last.close + 1) if last.closed else last.close
        )
        after = doc.grammar.cue_after(doc, last.close) if last.closed else None
        before = doc.grammar.cue_before(doc, first.open) if after is None else None
        n_words = len(WORD.findall(text[cstart:cend]))
        if after is not None:
            _attach_after(cand, after)
        elif before is not None:
            if _is_title(text, last, cend):
                continue
            _attach_before(cand, before)
        elif _is_sentence_like(text, first, cstart, cend) or (len(chain) > 1 and n_words >= 3):
            cand.continuation = True
            cand.confidence = 0.55
        else:
            continue  # title, nickname or scare quote
        if not last.closed:
            cand.confidence -= 0.15
        if n_words < 2 and cand.cue is None:
            continue
        cands.append(cand)
    return cands


def _chains(text: str) -> list[list[Pair]]:
    """Quote spans of both mark families, those continued over paragraphs chained."""
    pairs = pair_marks(text, DOUBLE_MARKS)
    outer = [(p.open, p.close + 1) for p in pairs]
    # Single marks count only outside double quotes (inside they are nested quotes).
    pairs += [p for p in pair_marks(text, SINGLE_MARKS, outer) if p.closed]
    pairs.sort(key=lambda p: p.open)
    chains: list[list[Pair]] = []
    for p in pairs:
        if chains and chains[-1][-1].continued and not chains[-1][-1].closed:
            chains[-1].append(p)
        else:
            chains.append([p])
    return chains


def _attach_after(cand: Cand, found: Attribution) -> None:
    cand.cue, cand.speaker_span = found.cue.text, found.speaker
    cand.outer_end = max(cand.outer_end, found.edge)
    cand.confidence = 0.9


def _attach_before(cand: Cand, found: Attribution) -> None:
    cand.cue, cand.speaker_span = found.cue.text, found.speaker
    cand.outer_start = min(cand.outer_start, found.edge)
    cand.confidence = 0.85


def _is_title(text: str, last: Pair, cend: int) -> bool:
    """A title after a verb ('menyebut "Omnibus Law" sebagai') is no quote: a quote after
    its cue must end its clause."""
    tail = text[last.close + 1 : last.close + 3].lstrip(" \t")
    return last.closed and bool(tail) and tail[0].isalnum() and text[cend - 1] not in TERMINAL


def _is_sentence_like(text: str, pair: Pair, cstart: int, cend: int) -> bool:
    """A cue-less quote must stand as a sentence: start a paragraph or sentence and end
    with terminal punctuation (so titles and scare quotes inside a sentence are not it)."""
    content = text[cstart:cend].rstrip()
    if not content:
        return False
    n_words = len(WORD.findall(content))
    if n_words < 3:
        return False
    ends_like_sentence = content[-1] in TERMINAL or not pair.closed
    if not ends_like_sentence:
        return False
    before = text[: pair.open].rstrip(" \t")
    starts_like_sentence = (
        not before or before[-1] in "\n" + TERMINAL + ":" or before[-1] in DOUBLE_MARKS
    )
    if not starts_like_sentence:
        return False
    # What follows the closing mark must end the sentence too (or start another one).
    after = text[pair.close + 1 :].lstrip(" \t") if pair.closed else "\n"
    return not after or after[0] in "\n" + DOUBLE_MARKS or after[0].isupper() or after[0] in "(["
