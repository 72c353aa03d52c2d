"""Speaker phrases around a cue: the speaker after a cue verb, the subject before one, and
whether a phrase can name a speaker at all."""

from __future__ import annotations

import re

from warta.nlp.quotes.model import Doc, is_person
from warta.nlp.quotes.text import (
    TERMINAL,
    WORD,
    Tok,
    connective_prefix,
    contains_phrase,
    starts_with_phrase,
    strip_span,
    tokens,
    words_of,
)


def speaker_after(doc: Doc, pos: int, limit: int) -> tuple[int, int] | None:
    """The speaker phrase starting at ``pos`` (after a cue verb): up to punctuation or a
    stop word ('dalam', 'saat', a weekday...), at most 20 words.

    Parentheses and slashes stay inside ("Direktur Utama PT KCI (KAI Commuter) Wiwik W.",
    "Menteri Riset dan Teknologi/Kepala BRIN Bambang"), and a description followed by a
    comma and a person's name takes the name along ("peneliti LIPI, Dewi Fortuna Anwar").
    """
    cues = doc.cues
    toks = tokens(doc.text, pos, min(limit, pos + 400))
    last: Tok | None = None
    first: Tok | None = None
    n = 0
    depth = 0
    for j, t in enumerate(toks):
        if t.text == "(" and first is not None:
            depth += 1
            continue
        if depth:
            if t.text == ")":
                depth -= 1
                last = t
            elif t.text in TERMINAL:
                break
            continue
        if _joins_phrase(toks, j, last, cues.abbreviations):
            continue
        if t.text == "," and first is not None and last is not None and j + 1 < len(toks):
            return _through_comma(doc, toks, j, (first, last), n)
        if not t.is_word or t.text[0].isdigit():
            break
        if first is not None and (t.low in cues.speaker_stops or doc.grammar.ends_speaker(t, cues)):
            break  # 'kata Presiden dalam rapat', 'kata Presiden menutup arahannya'
        if first is None:
            first = t
        last = t
        n += 1
        if n >= 20:
            break
    if first is None or last is None:
        return None
    return first.start, last.end


def _joins_phrase(toks: list[Tok], j: int, last: Tok | None, abbreviations: frozenset[str]) -> bool:
    """Punctuation inside a speaker phrase: the dot of 'Prof.', a slash between roles, a
    hyphen or apostrophe."""
    t = toks[j]
    if last is None:
        return False
    if t.text == ".":
        return last.low in abbreviations
    if t.text == "/":
        return j + 1 < len(toks) and toks[j + 1].is_word
    return t.text in "-’'" and not t.is_word


def _through_comma(
    doc: Doc, toks: list[Tok], j: int, phrase: tuple[Tok, Tok], n: int
) -> tuple[int, int]:
    """The speaker phrase ``phrase`` (``n`` words) met a comma at ``toks[j]``: a person
    named right after it belongs to the phrase ("peneliti LIPI, Dewi Fortuna Anwar")."""
    first, last = phrase
    has_person = any(is_person(e) for e in doc.entities_in(first.start, last.end))
    # A role with commas in it ('Menteri Koordinator Bidang Politik, Hukum, dan
    # Keamanan Mahfud MD'): capitalized words and conjunctions up to a person.
    for k in range(j + 1, min(len(toks), j + 13)):
        per = [x for x in doc.persons if x.start == toks[k].start]
        if per:
            if not has_person and n <= 12:
                return first.start, per[0].end
            break
        w = toks[k]
        if not (w.text == "," or w.low in doc.cues.conjunctions or w.text[:1].isupper()):
            break
    words = words_of(doc.text[first.start : last.end])
    if not has_person and starts_with_phrase(words, doc.cues.speaker_nouns):
        # The same with a name the tagger missed: capitalized words ending the clause.
        k = j + 1
        while k < len(toks) and k - j <= 4 and toks[k].is_word and toks[k].text[:1].isupper():
            k += 1
        ends = k == len(toks) or toks[k].text in {".", ",", ";"}
        if k > j + 1 and k - j <= 4 and ends:
            return first.start, toks[k - 1].end
    return first.start, last.end


def subject_before(doc: Doc, lo: int, verb_start: int) -> tuple[int, int] | None:
    """The speaker phrase before a reporting verb, inside [lo, verb_start).

    The clause is split at commas and dashes (not inside parentheses).  When the verb
    follows its subject directly, the last segment is the subject.  When a comma or dash
    comes first (an appositive or inserted clause), the head is the first segment that is
    not a connective ('Sementara itu'), a relative clause ('yang …'), a circumstance
    ('saat dihubungi', a date): ``Sementara itu, pejabat AS, yang …, mengatakan`` and
    ``Budi, Ketua RT 05, mengatakan`` give ``pejabat AS`` and ``Budi``.
    """
    cues = doc.cues
    segs = _clause_segments(doc.text, lo, verb_start)
    direct_last = doc.text[segs[-1][0] : segs[-1][1]].strip() != ""
    found: list[tuple[int, int, bool]] = []
    for seg in segs[-1:] if direct_last else segs[:-1]:
        head = _segment_head(doc, *seg)
        if head is None:
            continue
        s, e, words = head
        if words[0] in cues.speaker_stops or words[0] in cues.subordinators:
            if direct_last:
                return None  # 'Meskipun X menekankan …': a subordinate clause
            continue
        # A trailing negation or relative marker means the verb is not a report by them.
        if words[-1] in cues.negations or words[-1] in cues.not_a_report_end | cues.relatives:
            return None
        span = _subject_phrase(doc, s, e)
        if span is not None:
            found.append((*span, any(is_person(x) for x in doc.entities_in(*span))))
    if not found:
        return None
    # Prefer the first segment that names a person, else the first segment.
    best = next((f for f in found if f[2]), found[0])
    return best[0], best[1]


def _clause_segments(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """[lo, hi) split at commas and dashes outside parentheses."""
    segs: list[tuple[int, int]] = []
    pos = lo
    depth = 0
    for m in re.finditer(r"[,()—–]", text[lo:hi]):
        ch = m.group()
        at = lo + m.start()
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(depth - 1, 0)
        elif depth == 0:
            segs.append((pos, at))
            pos = at + 1
    segs.append((pos, hi))
    return segs


def _segment_head(doc: Doc, s: int, e: int) -> tuple[int, int, list[str]] | None:
    """The segment [s, e) past its leading connectives, with its words; None when it is
    empty, a relative clause or a date."""
    text = doc.text
    cues = doc.cues
    s, e = strip_span(text, s, e)
    if e <= s:
        return None
    words = words_of(text[s:e])
    if not words or words[0] in cues.relatives or cues.date_opening.match(text[s:e]):
        return None
    skip = connective_prefix(words, cues.connectives)
    if skip >= len(words):
        return None
    if skip:
        s = [t for t in tokens(text, s, e) if t.is_word][skip].start
        words = words[skip:]
    return s, e, words


def _subject_phrase(doc: Doc, s: int, e: int) -> tuple[int, int] | None:
    """The segment [s, e) without circumstances ('Budi yang ditemui di Betun', 'Budi saat
    dihubungi') and trailing auxiliaries ('juga', 'pun', 'telah'); None if too long."""
    cues = doc.cues
    toks = [t for t in tokens(doc.text, s, e) if t.is_word]
    for k, t in enumerate(toks[1:], start=1):
        if t.low in cues.speaker_stops and t.text[:1].islower():
            toks = toks[:k]
            break
    while toks and toks[-1].low in cues.auxiliaries:
        toks.pop()
    if not toks or len(toks) > 14:
        return None
    return toks[0].start, toks[-1].end


def plausible_subject(doc: Doc, span: tuple[int, int]) -> bool:
    """A speaker phrase should name someone: an entity, a pronoun, a speaker noun or a
    capitalized word -- not a clause fragment."""
    s, e = span
    text = doc.text[s:e]
    words = words_of(text)
    if not words:
        return False
    cues = doc.cues
    if doc.entities_in(s, e):
        return True
    if words[0] in cues.pronouns or (len(words) == 1 and cues.clitic_base(words[0])):
        return True
    if contains_phrase(words, cues.speaker_nouns) or contains_phrase(
        words, cues.organization_nouns
    ):
        return True
    # Otherwise a short capitalized name the tagger missed; a long phrase without any
    # anchor is a clause fragment.
    return len(words) <= 5 and any(w[:1].isupper() for w in WORD.findall(text))
