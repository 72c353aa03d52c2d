"""The English grammar: the subject comes before the verb, and after a quote the verb may come
first ('"…," said X'); content follows 'that' rather than a comma; adverbials sit between
verb and content ('said on Monday that'), a listener follows 'told'; descriptions open with
a determiner and end with their head noun ('the minister', 'a spokesperson for the ministry')."""

from __future__ import annotations

import re
from collections.abc import Callable

from warta.document import EntityMention, Sentence
from warta.nlp.quotes.cues import QuoteCues
from warta.nlp.quotes.grammar import Description, Grammar
from warta.nlp.quotes.indirect import Clause, trim_trailing_attribution
from warta.nlp.quotes.model import Attribution, Cand, Doc
from warta.nlp.quotes.phrases import plausible_subject, speaker_after, subject_before
from warta.nlp.quotes.text import (
    DOUBLE_MARKS,
    SINGLE_MARKS,
    TERMINAL,
    WORD,
    Tok,
    starts_with_phrase,
    tokens,
    words_of,
)

# --------------------------------------------------------------------------- reporting verbs


def _according_at(toks: list[Tok], j: int, cues: QuoteCues) -> int:
    """Length of an 'according to' phrase starting at token ``j`` (0 if none)."""
    words = [t.low for t in toks[j : j + 4]]
    if words and words[0] in cues.according_to:
        return 1
    return starts_with_phrase(words, cues.according_phrases)


def _skip_adverbials(toks: list[Tok], k: int, cues: QuoteCues, limit: int = 10) -> int:
    """Index after 'on Monday', 'in a statement', 'Tuesday', 'to reporters' ... that may
    sit between a reporting verb and its content ('said in a statement that ...').

    Returns ``k`` unchanged unless the adverbials end at 'that', a comma or a colon, so
    'said the plan ...' keeps its content start.
    """
    j = k
    while j < len(toks) and j - k <= limit:
        t = toks[j]
        if t.low in cues.complementizers or t.text in {",", ":"}:
            return j
        if t.text in TERMINAL or t.text in DOUBLE_MARKS + SINGLE_MARKS:
            return k
        if t.low in cues.all_verbs and j > k:
            return k
        j += 1
    return k


def _content_start(toks: list[Tok], k: int, cues: QuoteCues) -> int:
    """Skip punctuation and 'that' before the content."""
    while k < len(toks) and (toks[k].text in {",", ":"} or toks[k].low in cues.complementizers):
        k += 1
    return k


def _past_listener(toks: list[Tok], k: int, cues: QuoteCues) -> int | None:
    """Index after the listener of 'told' at ``toks[k]`` ('told reporters', 'told The
    Washington Post', 'told him'): one noun phrase; None when there is none."""
    m = k
    if m < len(toks) and toks[m].low in cues.articles:
        m += 1
    if m < len(toks) and toks[m].text[:1].isupper():
        while m < len(toks) and toks[m].is_word and toks[m].text[:1].isupper():
            m += 1
        return m
    if m < len(toks) and toks[m].is_word and toks[m].low not in cues.complementizers:
        return m + 1
    return None


def _after_verb(toks: list[Tok], j: int, cues: QuoteCues) -> tuple[int, bool] | None:
    """Where the content starts after the reporting verb ``toks[j]`` and whether it was
    marked ('that', comma, colon); None when no content follows."""
    verb = toks[j]
    k: int | None = j + 1
    if k >= len(toks):
        return None
    with_object = verb.low in cues.verbs_with_object
    if with_object:
        k = _past_listener(toks, k, cues)
        if k is None:
            return None
    nxt = toks[k] if k < len(toks) else None
    if nxt is None or nxt.text in {".", "!", "?"}:
        return None
    if nxt.low in cues.time_words or with_object:
        k2 = _skip_adverbials(toks, k, cues)
        if k2 != k:
            return _content_start(toks, k2, cues), True
        if nxt.low in cues.time_words and nxt.low not in cues.time_words_opening_content:
            return None  # 'said in an interview.': no content
    marked = nxt.text in {",", ":"} or nxt.low in cues.complementizers
    return _content_start(toks, k, cues), marked


# --------------------------------------------------------------------------- direct-quote cues


def cue_after(doc: Doc, close: int) -> Attribution | None:
    """``"…," said X`` / ``"…," X said (in a statement)`` / ``"…," he told reporters``."""
    text = doc.text
    _, para_end = doc.para_bounds(close)
    m = re.compile(r"[ \t]*[,.?!]?[ \t]*").match(text, close + 1)
    pos = m.end() if m else close + 1
    toks = tokens(text, pos, min(para_end, pos + 200))
    if not toks or not toks[0].is_word:
        return None
    first = toks[0]
    if first.low in doc.cues.all_verbs and first.text[:1].islower():
        span = speaker_after(doc, first.end, para_end)
        return Attribution(first, span, span[1]) if span is not None else None
    return _subject_then_verb(doc, toks)


def _subject_then_verb(doc: Doc, toks: list[Tok]) -> Attribution | None:
    """Subject first: up to 10 words, then a cue verb ('"…," Smith also said')."""
    cues = doc.cues
    words: list[Tok] = []
    for t in toks:
        if not t.is_word:
            if t.text in "-’'." and words:
                continue
            return None
        if t.low in cues.all_verbs and words:
            while words and words[-1].low in cues.auxiliaries:
                words.pop()
            if not words:
                return None
            span = (words[0].start, words[-1].end)
            return Attribution(t, span, t.end) if plausible_subject(doc, span) else None
        words.append(t)
        if len(words) > 10:
            return None
    return None


def cue_before(doc: Doc, open_at: int) -> Attribution | None:
    """``X said: "…"`` / ``X told reporters on Monday, "…"`` / ``According to X, "…"``, also
    with the cue closing the previous paragraph ('Caddell continued:' then the quote)."""
    window = _cue_window(doc, open_at)
    if window is None:
        return None
    lo, hi = window
    toks = tokens(doc.text, lo, hi)
    cues = doc.cues
    j = len(toks) - 1
    while j >= 0 and (toks[j].text in {",", ":"} or toks[j].low in cues.complementizers):
        j -= 1
    if j < 0:
        return None
    k = _verb_before_quote(toks, j, cues)
    if k is None:
        return _according_before(toks, j, cues)
    subj = subject_before(doc, lo, toks[k].start)
    if subj is None or not plausible_subject(doc, subj):
        return None
    return Attribution(toks[k], subj, subj[0])


def _cue_window(doc: Doc, open_at: int) -> tuple[int, int] | None:
    """The text a cue before the mark at ``open_at`` sits in: its sentence, or when the
    quote opens its paragraph, the sentence ending the previous one with a colon."""
    text = doc.text
    para_start, _ = doc.para_bounds(open_at)
    lo = para_start
    sent = doc.sentence_obj_at(max(open_at - 1, para_start))
    if sent is not None and para_start <= sent.start <= open_at:
        lo = sent.start
    if text[lo:open_at].strip() != "" or para_start <= 0:
        return lo, open_at
    prev_end = para_start - 1
    while prev_end > 0 and text[prev_end - 1].isspace():
        prev_end -= 1
    if prev_end <= 0 or text[prev_end - 1] != ":":
        return None
    lo = text.rfind("\n", 0, prev_end - 1) + 1
    psent = doc.sentence_obj_at(prev_end - 1)
    if psent is not None and lo <= psent.start < prev_end:
        lo = psent.start
    return lo, prev_end


def _verb_before_quote(toks: list[Tok], j: int, cues: QuoteCues) -> int | None:
    """Index of the reporting verb a few words before the quote ('told reporters on
    Monday:'), or None."""
    for k in range(j, max(j - 8, -1), -1):
        t = toks[k]
        if t.text in TERMINAL:
            return None
        if t.low in cues.all_verbs and t.text[:1].islower():
            if k != j and not _only_listener(t, toks[k + 1 : j + 1], cues):
                return None
            return k
    return None


def _only_listener(verb: Tok, tail: list[Tok], cues: QuoteCues) -> bool:
    """Only a listener and adverbials between verb and quote ('told CNN on Monday:');
    'that the plan was' means the quote is part of the content."""
    if not (verb.low in cues.verbs_with_object or tail[0].low in cues.time_words):
        return False
    if len(tail) > 6 or any(x.low in cues.complementizers for x in tail):
        return False
    return not any(x.low in cues.all_verbs for x in tail)


def _according_before(toks: list[Tok], j: int, cues: QuoteCues) -> Attribution | None:
    """'According to X, "…"', the source ending at ``toks[j]``."""
    for k in range(j, max(j - 14, -1), -1):
        n = _according_at(toks, k, cues)
        if n:
            if k + n > j:
                return None
            return Attribution(toks[k], (toks[k + n].start, toks[j].end), toks[k].start)
        if not toks[k].is_word and toks[k].text not in "’'.-":
            break
    return None


# --------------------------------------------------------------------------- indirect quotes
#
# Each rule reads a clause and returns None when it found nothing (the next rule tries), else
# the clause's quote; unlike Indonesian, a cue whose content is too short lets the search go on.


def indirect_in_sentence(doc: Doc, sent: Sentence) -> list[Cand]:
    clause = Clause.of(doc, sent)
    if clause.n_words < 4:
        return []
    for rule in _RULES:
        found = rule(clause)
        if found is not None:
            return [found]
    return []


def _according_to(c: Clause) -> Cand | None:
    """'According to X, …' at the start / '…, according to X.' at the end."""
    doc, toks, cues = c.doc, c.toks, c.doc.cues
    for j in range(len(toks)):
        n = _according_at(toks, j, cues)
        if not n:
            continue
        k = j + n
        while k < len(toks) and toks[k].text != "," and toks[k].text not in TERMINAL:
            k += 1
        if k == j + n or k - j > 16:
            continue
        spk = (toks[j + n].start, toks[k - 1].end)
        if not plausible_subject(doc, spk):
            continue
        lead = k < len(toks) and toks[k].text == "," and j <= 3
        cand = c.quote(toks[k].end, c.end, toks[j], spk, 0.75) if lead else None
        if cand is not None:
            return cand
        trailing = j > 3 and toks[j - 1].text == "," and k >= len(toks) - 1
        cand = c.quote(c.start, toks[j - 1].start, toks[j], spk, 0.7) if trailing else None
        if cand is not None:
            return cand
    return None


def _reported_clause(c: Clause) -> Cand | None:
    """'X said (on Monday) (that) …' / 'X told reporters (that) …'."""
    doc, toks = c.doc, c.toks
    for j, t in enumerate(toks):
        content = _content_after_verb(toks, j, doc.cues)
        if content is None:
            continue
        subj = subject_before(doc, c.start, t.start)
        if subj is None or not plausible_subject(doc, subj):
            continue
        if subj[0] > c.start + 100 and not doc.text[c.start : subj[0]].rstrip().endswith(","):
            continue  # the subject is deep inside the sentence: likely not a report
        cs, ce = trim_trailing_attribution(doc, content.start, c.end)
        cand = c.quote(cs, ce, t, subj, 0.75 if t.low in doc.cues.verbs_before else 0.7)
        if cand is not None:
            return cand
    return None


def _content_after_verb(toks: list[Tok], j: int, cues: QuoteCues) -> Tok | None:
    """The first content token when ``toks[j]`` is a lowercase reporting verb with content
    after it ('said it', 'said in …' without content are not)."""
    t = toks[j]
    if j == 0 or not t.is_word or t.text[:1].isupper():
        return None
    free = t.low in cues.verbs_before
    marked = t.low in cues.verbs_before_marked
    obj = t.low in cues.verbs_with_object
    if not (free or marked or obj):
        return None
    after = _after_verb(toks, j, cues)
    if after is None or after[0] >= len(toks):
        return None
    k, has_mark = after
    if marked and not has_mark and not (free or obj):
        return None
    nxt = toks[k]
    if not has_mark and (nxt.low in cues.not_content_start or not nxt.is_word):
        return None
    return nxt


def _trailing_report(c: Clause) -> Cand | None:
    """'…, X said (on Monday).' / '…, said X.' / '…, X told reporters.' and the
    parenthetical '…, X said, …' (the longer side is the content)."""
    toks = c.toks
    commas = [k for k, t in enumerate(toks) if t.text == ","]
    for ci in commas:
        if ci < 3:
            continue
        seg_end = next((k for k in commas if k > ci), len(toks))
        found = _segment_report(c, toks[ci + 1 : seg_end])
        if found is None:
            continue
        verb, spk = found
        rest = toks[seg_end + 1 :] if seg_end < len(toks) else []
        n_after = sum(1 for x in rest if x.is_word)
        n_before = sum(1 for x in toks[:ci] if x.is_word)
        longer_after = seg_end < len(toks) and n_after >= 4 and n_after > n_before
        cand = c.quote(toks[seg_end].end, c.end, verb, spk, 0.65) if longer_after else None
        if cand is not None:
            return cand
        if seg_end < len(toks) - 2 and n_after >= 4:
            continue  # more clause follows: not a trailing attribution
        cand = c.quote(c.start, toks[ci].start, verb, spk, 0.7)
        if cand is not None:
            return cand
    return None


def _segment_report(c: Clause, seg: list[Tok]) -> tuple[Tok, tuple[int, int]] | None:
    """The verb and speaker of a comma segment that reports ('X said', 'said X')."""
    doc, cues = c.doc, c.doc.cues
    words = [x for x in seg if x.is_word]
    if not words or len(words) > 14:
        return None
    vi = next(
        (
            i
            for i, x in enumerate(seg)
            if x.low in cues.all_verbs and x.text[:1].islower() and i <= 8
        ),
        None,
    )
    if vi is None:
        return None
    verb = seg[vi]
    spk: tuple[int, int] | None
    if vi == 0:
        spk = speaker_after(doc, verb.end, c.end)
    else:
        subj = [x for x in seg[:vi] if x.is_word and x.low not in cues.auxiliaries]
        spk = (subj[0].start, subj[-1].end) if subj else None
    if spk is None or not plausible_subject(doc, spk):
        return None
    return verb, spk


_RULES: tuple[Callable[[Clause], Cand | None], ...] = (
    _according_to,
    _reported_clause,
    _trailing_report,
)


# --------------------------------------------------------------------------- speakers


def is_verbal(t: Tok, cues: QuoteCues) -> bool:
    """A lowercase -ing word ('speaking', 'referring') or a cue verb ends a speaker phrase."""
    return t.text[:1].islower() and (
        (t.low.endswith(cues.verbal_suffixes) and len(t.low) > 5 and t.low not in cues.noun_words)
        or t.low in cues.all_verbs
    )


def describe(words: list[str], speaker: str, cues: QuoteCues) -> Description:
    """Content words of a description, whether it is definite ('the minister') and whether
    it names a speaker noun at all (its head comes last: 'the State Department spokesman')."""
    plain = list(words)
    definite = bool(plain) and plain[0] in cues.anaphoric_determiners
    indefinite = bool(plain) and plain[0] in cues.indefinite_determiners
    if definite or indefinite:
        plain = plain[1:]
    has_noun = any(w in cues.speaker_noun_words for w in plain)
    stop = cues.subject_fillers | cues.anaphoric_determiners | cues.indefinite_determiners
    return Description(
        head=1 if has_noun else 0,
        words=[w for w in plain if w not in stop],
        anaphoric=definite,
    )


def fits(doc: Doc, desc: list[str], mention: EntityMention) -> bool:
    """Was ``mention`` introduced with this description: as a title right before the name
    ('Foreign Minister Retno Marsudi') or as an appositive after it ('Retno Marsudi, the
    foreign minister,' / 'Marsudi, Indonesia's top diplomat')?  The head noun (the last
    speaker noun of the description) must be there, and all its other words but one."""
    nouns = doc.cues.speaker_noun_words
    heads = [w for w in desc if w in nouns]
    if not heads:
        return False
    head = heads[-1]
    text = doc.text
    before = WORD.findall(text[max(0, mention.start - 120) : mention.start])
    role: list[str] = []
    for w in reversed(before):
        if not (w[:1].isupper() or w.lower() in nouns):
            break
        role.insert(0, w.lower())
    roles = [role]
    m = re.match(r"\s*[,(]\s*([^,;.)]*)", text[mention.end : mention.end + 200])
    if m:
        roles.append(words_of(m.group(1))[:12])
    for words in roles:
        if head not in words:
            continue
        missing = sum(1 for w in desc if w not in words)
        if missing == 0 or (missing == 1 and len(desc) >= 3):
            return True
    return False


GRAMMAR = Grammar(
    name="english",
    cue_after=cue_after,
    cue_before=cue_before,
    indirect_in_sentence=indirect_in_sentence,
    ends_speaker=is_verbal,
    describe=describe,
    fits=fits,
)
