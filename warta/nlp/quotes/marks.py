"""Quotation marks told apart as opening or closing, and paired into quote spans."""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from warta.nlp.quotes.text import CLOSERS, DOUBLE_MARKS, OPENERS, SINGLE_MARKS


def mark_role(text: str, i: int) -> str:
    """'open', 'close', 'either' or 'none' for the quotation mark at ``text[i]``.

    Flanking as in Markdown: a mark with a word after and space (or an opening bracket)
    before opens, one with a word before and space/punctuation after closes.  This is what
    lets Kompas' ``”…”`` and straight ``"…"`` pair up.
    """
    ch = text[i]
    prev = text[i - 1] if i > 0 else ""
    nxt = text[i + 1] if i + 1 < len(text) else ""
    if ch in SINGLE_MARKS and prev.isalnum() and nxt.isalnum():
        return "none"  # an apostrophe: Ma’ruf, Jum’at
    openers = "([{—–-/:" + DOUBLE_MARKS + SINGLE_MARKS
    closers = ".,;:!?)]}—–-/…" + DOUBLE_MARKS + SINGLE_MARKS
    can_open = bool(nxt) and not nxt.isspace() and (not prev or prev.isspace() or prev in openers)
    can_close = bool(prev) and not prev.isspace() and (not nxt or nxt.isspace() or nxt in closers)
    if can_open and not can_close:
        return "open"
    if can_close and not can_open:
        return "close"
    if ch in OPENERS and not can_close:
        return "open"
    if ch in CLOSERS and not can_open:
        return "close"
    return "either"


@dataclass
class Pair:
    open: int  # index of the opening mark
    close: int  # index of the closing mark, or the end of the content when unclosed
    closed: bool
    continued: bool = False  # the next pair continues this one (next paragraph re-opens)


def pair_marks(text: str, marks: str, skip: list[tuple[int, int]] | None = None) -> list[Pair]:
    """Pair quotation marks of one family (double or single) into quote spans.

    Nested quotes are kept inside their outer quote.  A quote still open at the end of
    its paragraph is continued when the next paragraph opens with a mark (the convention
    for multi-paragraph quotes); when the next paragraph does not, it is closed at its
    paragraph end and flagged unclosed, so one stray mark cannot swallow the article.
    """
    positions = [i for i, ch in enumerate(text) if ch in marks]
    if skip is not None:  # marks inside these spans are nested quotes, not ours
        positions = [i for i in positions if not any(a <= i < b for a, b in skip)]
    pairs: list[Pair] = []
    open_at: int | None = None
    depth = 0
    k = 0
    while k < len(positions):
        i = positions[k]
        role = mark_role(text, i)
        if role == "none":
            k += 1
            continue
        if open_at is not None and "\n" in text[open_at:i]:
            # The quote crossed a paragraph end without closing.
            para_end = text.index("\n", open_at)
            reopens = role in ("open", "either") and text[para_end:i].strip() == ""
            pairs.append(Pair(open_at, para_end, closed=False, continued=reopens))
            open_at, depth = None, 0
            if not reopens:
                # Re-scan from the paragraph end: marks after it start afresh.
                k = bisect.bisect_left(positions, para_end)
                continue
        if open_at is None:
            if role in ("open", "either"):
                open_at, depth = i, 1
            else:
                _close_without_open(text, i, pairs)
        elif role == "open":
            depth += 1  # a nested quote
        else:  # close or either while open
            depth -= 1
            if depth <= 0:
                pairs.append(Pair(open_at, i, closed=True))
                open_at, depth = None, 0
        k += 1
    if open_at is not None:
        end = text.find("\n", open_at)
        pairs.append(Pair(open_at, len(text) if end < 0 else end, closed=False))
    return pairs


def _close_without_open(text: str, i: int, pairs: list[Pair]) -> None:
    """A close with no open, in the paragraph right after an unclosed quote: the quote went
    on without its opening mark repeated."""
    if not pairs or pairs[-1].closed or pairs[-1].continued:
        return
    para_start = text.rfind("\n", 0, i)
    if para_start >= 0 and text[pairs[-1].close : para_start + 1].strip() == "":
        pairs[-1].continued = True
        pairs.append(Pair(para_start, i, closed=True))
