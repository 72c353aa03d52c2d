"""The Indonesian grammar: cues after a quote are verb-first with clitics ('"…," kata X',
'"…," ujarnya'), reports are 'X mengatakan (bahwa) …' and 'Menurut X, …', and a description
opens with its head noun ('juru bicara Kremlin', 'politisi Partai Hanura itu')."""

from __future__ import annotations

import re
from collections.abc import Callable

from warta.document import EntityMention, Sentence
from warta.nlp.quotes.cues import QuoteCues
from warta.nlp.quotes.grammar import Description, Grammar
from warta.nlp.quotes.indirect import Clause, trim_trailing_attribution
from warta.nlp.quotes.model import Attribution, Cand, Doc
from warta.nlp.quotes.phrases import plausible_subject, speaker_after, subject_before
from warta.nlp.quotes.text import TERMINAL, WORD, Tok, starts_with_phrase, tokens, words_of

# --------------------------------------------------------------------------- direct-quote cues


def cue_after(doc: Doc, close: int) -> Attribution | None:
    """A cue right after a closing mark: ``," kata X`` / ``," ujarnya`` / ``," X menambahkan``."""
    text = doc.text
    cues = doc.cues
    _, para_end = doc.para_bounds(close)
    m = re.compile(r"[ \t]*[,.]?[ \t]*").match(text, close + 1)
    pos = m.end() if m else close + 1
    toks = tokens(text, pos, min(para_end, pos + 60))
    if not toks or not toks[0].is_word:
        return None
    first = toks[0]
    if first.low in cues.clitic_forms:
        return Attribution(first, None, first.end)
    if first.low in cues.verbs_after:
        span = speaker_after(doc, first.end, para_end)
        return Attribution(first, span, span[1]) if span is not None else None
    found = _verb_after_speaker(doc, pos, para_end)
    if found is not None:
        span, verb = found
        if plausible_subject(doc, span):
            return Attribution(verb, span, verb.end)
    return None


def _verb_after_speaker(doc: Doc, pos: int, limit: int) -> tuple[tuple[int, int], Tok] | None:
    """``"…," X menambahkan.``: a short speaker then a reporting verb ending the clause."""
    toks = tokens(doc.text, pos, min(limit, pos + 200))
    words: list[Tok] = []
    for j, t in enumerate(toks):
        if not t.is_word:
            return None
        if t.low in doc.cues.all_before and words:
            # The verb must end the sentence: '"…," X menambahkan.'
            nxt = toks[j + 1].text if j + 1 < len(toks) else "."
            if nxt in {".", "!", "?"}:
                return (words[0].start, words[-1].end), t
            return None
        words.append(t)
        if len(words) > 10:
            return None
    return None


def cue_before(doc: Doc, open_at: int) -> Attribution | None:
    """A cue right before an opening mark: ``X mengatakan, "`` / ``Menurut X, "`` /
    ``ujarnya: "``."""
    text = doc.text
    para_start, _ = doc.para_bounds(open_at)
    sent = doc.sentence_obj_at(max(open_at - 1, para_start))
    lo = para_start
    if sent is not None and sent.start <= open_at:
        lo = max(lo, sent.start)
    # The tokenizer may have ended the previous sentence just before the mark.
    if text[lo:open_at].strip() == "":
        return None
    toks = tokens(text, lo, open_at)
    # Walk back over the punctuation that joins the cue to the quote.
    j = len(toks) - 1
    while j >= 0 and toks[j].text in {",", ":"}:
        j -= 1
    if j < 0:
        return None
    verb = toks[j]
    cues = doc.cues
    if verb.low in cues.all_before or verb.low in cues.clitic_forms:
        # A sentence boundary between the verb and the quote would make it unrelated.
        if any(t.text in TERMINAL for t in toks[j + 1 :]):
            return None
        if verb.low in cues.clitic_forms:
            return Attribution(verb, None, verb.start)
        subj = subject_before(doc, lo, verb.start)
        return Attribution(verb, subj, subj[0]) if subj is not None else None
    return _according_before(toks, j, cues)


def _according_before(toks: list[Tok], j: int, cues: QuoteCues) -> Attribution | None:
    """'Menurut X, "…"' / 'Menurutnya, "…"', the source ending at ``toks[j]``."""
    for k in range(j, max(j - 12, -1), -1):
        low = toks[k].low
        if low in cues.according_to:
            if k + 1 > j:
                return None
            return Attribution(toks[k], (toks[k + 1].start, toks[j].end), toks[k].start)
        if cues.clitic_base(low) in cues.according_to:
            return Attribution(toks[k], None, toks[k].start)
        if not toks[k].is_word:
            break
    return None


# --------------------------------------------------------------------------- indirect quotes
#
# Each rule reads a clause and returns None when it does not apply (the next rule tries),
# else the clause's quotes: a rule that found its cue decides the clause even when the
# content turned out too short.


def indirect_in_sentence(doc: Doc, sent: Sentence) -> list[Cand]:
    clause = Clause.of(doc, sent)
    if clause.n_words < 4:
        return []
    for rule in _RULES:
        found = rule(clause)
        if found is not None:
            return found
    return []


def _found(cand: Cand | None) -> list[Cand]:
    return [cand] if cand is not None else []


def _reported_clause(c: Clause) -> list[Cand] | None:
    """'X mengatakan (bahwa) …': the first reporting verb with a plausible subject."""
    doc, toks, cues = c.doc, c.toks, c.doc.cues
    for j, t in enumerate(toks):
        if not t.is_word or j == 0:
            continue
        free = t.low in cues.verbs_before
        marked = t.low in cues.verbs_before_marked
        if not (free or marked):
            continue
        if j + 1 >= len(toks):
            return None
        nxt = toks[j + 1]
        has_mark = nxt.text in {",", ":"} or nxt.low in cues.complementizers
        if marked and not has_mark:
            continue  # 'menyampaikan belasungkawa': an object, not content
        if nxt.text in {".", "!", "?"}:
            return None  # '…, X mengatakan.': content before the subject (rule 4)
        if not has_mark and nxt.low in cues.not_content_start:
            continue  # 'mengatakan hal itu', 'mengatakan kepada wartawan': no content yet
        subj = subject_before(doc, c.start, t.start)
        if subj is None or not plausible_subject(doc, subj):
            continue
        if subj[0] > c.start + 80 and not doc.text[c.start : subj[0]].rstrip().endswith(","):
            continue  # the subject is deep inside the sentence: likely not a report
        k = j + 1
        while k < len(toks) and (toks[k].text in {",", ":"} or toks[k].low in cues.complementizers):
            k += 1
        if k >= len(toks):
            return None
        cs, ce = trim_trailing_attribution(doc, toks[k].start, c.end)
        return _found(c.quote(cs, ce, t, subj, 0.75 if free else 0.7))
    return None


def _according_to(c: Clause) -> list[Cand] | None:
    """'Menurut X, …' / 'Menurutnya, …' / '…, menurut X.'"""
    doc, toks, cues = c.doc, c.toks, c.doc.cues
    for j, t in enumerate(toks):
        if cues.clitic_base(t.low) in cues.according_to:
            spk, k = (t.end - len(cues.clitic_suffix), t.end), j + 1  # the clitic 'nya'
        elif t.low in cues.according_to:
            k = j + 1
            while k < len(toks) and toks[k].text != "," and toks[k].text not in TERMINAL:
                k += 1
            if k == j + 1 or k - j > 14:
                continue
            spk = (toks[j + 1].start, toks[k - 1].end)
            if not plausible_subject(doc, spk):
                continue  # 'Menurut data, …', 'Menurut rencana, …': not a speaker
        else:
            continue
        if k < len(toks) and toks[k].text == ",":
            # Content after the clause; a long lead before 'menurut' is content too, but a
            # quote needs one contiguous span, so the part after wins.
            return _found(c.quote(toks[k].end, c.end, t, spk, 0.75))
        if k >= len(toks) - 1 and j > 3 and toks[j - 1].text == ",":
            # '…, menurut X.' at the end: content before it.
            return _found(c.quote(c.start, toks[j - 1].start, t, spk, 0.65))
    return None


def _cue_after_comma(c: Clause) -> list[Cand] | None:
    """'…, kata X.' / '…, ujarnya.' without quotation marks, and the parenthetical
    '…, kata X, …' (the longer side is the content: one span per quote)."""
    doc, toks, cues = c.doc, c.toks, c.doc.cues
    for j, t in enumerate(toks):
        if j < 1 or toks[j - 1].text != ",":
            continue
        if t.low in cues.clitic_forms:
            tail = toks[j + 1 :]
            if j >= 4 and all(
                not x.is_word or x.text[:1].isupper() or x.text[:1].isdigit() for x in tail
            ):
                return _found(c.quote(c.start, toks[j - 1].start, t, None, 0.7))
        elif t.low in cues.verbs_after:
            span = speaker_after(doc, t.end, c.end)
            if span is None or not plausible_subject(doc, span):
                continue
            after = doc.text[span[1] : c.end].lstrip()
            n_after = len(WORD.findall(after))
            n_before = len(WORD.findall(doc.text[c.start : toks[j - 1].start]))
            if after.startswith(",") and n_after >= 4 and n_after > n_before:
                return _found(c.quote(c.end - len(after) + 1, c.end, t, span, 0.65))
            if j >= 4:
                return _found(c.quote(c.start, toks[j - 1].start, t, span, 0.7))
    return None


def _verb_at_end(c: Clause) -> list[Cand] | None:
    """'…, X mengatakan.' (English word order)."""
    toks = c.toks
    if (
        len(toks) < 3
        or toks[-1].text not in {".", "!"}
        or toks[-2].low not in c.doc.cues.all_before
    ):
        return None
    k = len(toks) - 3
    while k >= 0 and toks[k].text != ",":
        k -= 1
    if k >= 3 and len(toks) - 3 - k <= 8:
        subj = (toks[k + 1].start, toks[-3].end)
        if plausible_subject(c.doc, subj):
            return _found(c.quote(c.start, toks[k].start, toks[-2], subj, 0.6))
    return None


_RULES: tuple[Callable[[Clause], list[Cand] | None], ...] = (
    _reported_clause,
    _according_to,
    _cue_after_comma,
    _verb_at_end,
)


# --------------------------------------------------------------------------- speakers


def is_verbal(t: Tok, cues: QuoteCues) -> bool:
    """A lowercase word with a verb prefix (menutup, berharap, ditemui) that is not a
    speaker noun (menteri, direktur): the speaker phrase has ended."""
    return (
        t.text[:1].islower()
        and len(t.text) >= 6
        and t.low.startswith(cues.verbal_prefixes)
        and t.low not in cues.noun_words
    )


def describe(words: list[str], speaker: str, cues: QuoteCues) -> Description:
    """A description opens with its head noun and points back with a closing 'itu'."""
    plain = re.sub(r"\([^)]*\)?", " ", speaker)
    return Description(
        head=starts_with_phrase(words, cues.speaker_nouns),
        words=[w for w in words_of(plain) if w not in cues.anaphoric_determiners],
        anaphoric=words[-1] in cues.anaphoric_determiners,
    )


def fits(doc: Doc, desc_words: list[str], mention: EntityMention) -> bool:
    """Was ``mention`` introduced with this description: as the role right before the name
    ('politisi Partai Hanura Inas N.') or as an appositive after it ('Inas N., politisi
    Partai Hanura')?  The head must open that role, so 'Presiden' does not fit 'Wakil
    Presiden X', and 'pejabat AS' does not fit 'pejabat di pemerintahan Khasan'."""
    if not desc_words:
        return False
    text = doc.text
    nouns = doc.cues.noun_words
    sent = doc.sentence_obj_at(mention.start)
    lo = sent.start if sent and sent.start <= mention.start else 0
    hi = sent.end if sent and sent.end >= mention.end else len(text)
    before = WORD.findall(text[max(lo, mention.start - 200) : mention.start])
    role: list[str] = []
    for w in reversed(before):
        if not (w[:1].isupper() or w.lower() in nouns):
            break
        role.insert(0, w.lower())
    roles = [role]
    m = re.match(r"\s*[,(]\s*([^,;.)]*)", text[mention.end : hi])
    if m:
        roles.append(words_of(m.group(1))[:10])
    for words in roles:
        if not words or desc_words[0] not in words[:1]:
            continue
        # Every word must be there; a long description may miss one
        # ('Kepala Dinas Kesehatan DKI' for 'Kepala Dinas Kesehatan Provinsi DKI').
        missing = sum(1 for w in desc_words if w not in words)
        if missing == 0 or (missing == 1 and len(desc_words) >= 4):
            return True
    return False


GRAMMAR = Grammar(
    name="indonesian",
    cue_after=cue_after,
    cue_before=cue_before,
    indirect_in_sentence=indirect_in_sentence,
    ends_speaker=is_verbal,
    describe=describe,
    fits=fits,
)
