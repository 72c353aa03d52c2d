"""Rule-based extraction of direct and indirect quotes with their speakers.

Works on the clean text of one article, its sentences (from the Stanza pipeline or any
splitter) and its entity mentions (canonicalized by ``warta.entities``).  Everything the
rules need to know about a language -- reporting verbs, clitic forms, ``menurut``,
pronouns, speaker-description nouns -- lives in ``warta/data/<lang>/quotes.yaml``;
a language without such a file yields no quotes.

Only surface forms are relied upon: word ``upos``/``lemma`` may be missing (models not
trained yet, other languages), and news text is consistent enough that the surface
patterns carry the signal.

The pipeline per document:

1. *direct quotes*: quotation marks are classified as opening or closing from the
   characters around them (this handles Kompas' print style, where the same ``”`` opens
   and closes), paired, and chained over paragraphs whose opening mark is repeated.
   A pair is a quote when a cue is attached (``"…," kata X`` / ``X mengatakan, "…"``) or
   when it is a whole sentence or paragraph of its own (a cue-less continuation);
   titles, nicknames and scare quotes (short, inside a sentence, no cue) are dropped.
2. *indirect quotes*, sentence by sentence outside direct quotes: ``X mengatakan
   (bahwa) …``, ``Menurut X, …``, ``…, kata X.`` and ``…, X mengatakan.``.
3. *speakers*, in document order so that pronouns can look back: a named speaker maps
   to its entity; ``-nya``/dia/ia/beliau to the previous quote's speaker when nobody new
   was introduced as a subject or source in between, else to the nearest person so
   introduced; a description (``juru bicara Kremlin``, ``politisi Partai Hanura itu``) to
   the last person introduced with those words, and otherwise stays an unnamed speaker
   without an entity.  People named inside quote content are never candidates, and a
   name the tagger calls PER elsewhere in the article counts as a person everywhere.

``Quote.speaker`` is the speaker as written (``"juru bicara Kremlin Dmitry Peskov"``,
``"nya"``), except that a pronoun whose antecedent is an unnamed speaker takes that
description (``Menurutnya`` after ``pejabat AS … mengatakan`` gives ``"pejabat AS"``): no
entity can carry it.  ``confidence`` is a rule score: about 0.9 for a quote with a cue
and a named speaker, lower for pronoun or description speakers, indirect quotes (0.6–0.75),
cue-less continuation paragraphs (about 0.5) and quotes whose closing mark is missing.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from warta.document import EntityMention, Quote, Sentence

__all__ = ["QuoteCues", "extract_quotes", "load_cues", "split_sentences"]


# --------------------------------------------------------------------------- cue lists


@dataclass(frozen=True)
class QuoteCues:
    """The word lists of one language (see ``warta/data/id/quotes.yaml``)."""

    lang: str
    verbs_after: frozenset[str]
    clitic_forms: frozenset[str]
    verbs_before: frozenset[str]
    verbs_before_marked: frozenset[str]
    according_to: frozenset[str]
    complementizers: frozenset[str]
    pronouns: frozenset[str]
    speaker_nouns: tuple[tuple[str, ...], ...]  # longest first
    organization_nouns: tuple[tuple[str, ...], ...]
    anaphoric_determiners: frozenset[str]
    speaker_stops: frozenset[str]
    connectives: tuple[tuple[str, ...], ...]
    negations: frozenset[str]
    subordinators: frozenset[str]
    trailing_attribution: tuple[tuple[str, ...], ...]
    # Added for English; empty/defaults keep the Indonesian rules as they were.
    syntax: str = ""  # "english": the rule set for SVO order with 'that' clauses
    clitic_suffix: str = ""
    according_phrases: tuple[tuple[str, ...], ...] = ()  # multi-word: 'according to'
    verbs_with_object: frozenset[str] = frozenset()
    indefinite_determiners: frozenset[str] = frozenset()
    relatives: frozenset[str] = frozenset({"yang"})
    subject_fillers: frozenset[str] = frozenset()
    auxiliaries: frozenset[str] = frozenset()

    @property
    def all_before(self) -> frozenset[str]:
        return self.verbs_before | self.verbs_before_marked


def _words(values: Any) -> frozenset[str]:
    return frozenset(str(v).strip().lower() for v in values or () if str(v).strip())


def _phrases(values: Any) -> tuple[tuple[str, ...], ...]:
    out = {tuple(str(v).lower().split()) for v in values or () if str(v).strip()}
    return tuple(sorted(out, key=lambda p: (-len(p), p)))


@lru_cache(maxsize=8)
def load_cues(lang: str) -> QuoteCues | None:
    """Read ``warta/data/<lang>/quotes.yaml`` (package data); None if there is none."""
    if not re.fullmatch(r"[a-z]{2,3}", lang or ""):
        return None
    res = resources.files("warta").joinpath("data", lang, "quotes.yaml")
    if not res.is_file():
        return None
    raw: dict[str, Any] = yaml.safe_load(res.read_text(encoding="utf-8")) or {}
    after = _words(raw.get("verbs_after"))
    suffix = str(raw.get("clitic_suffix") or "").lower()
    # The clitic forms are the listed ones plus every post-quote verb with the suffix, so a
    # new verb needs one entry only.
    clitics = _words(raw.get("clitic_forms")) | (
        frozenset(v + suffix for v in after) if suffix else frozenset()
    )
    acc = [str(v).lower().strip() for v in raw.get("according_to") or ()]
    return QuoteCues(
        lang=lang,
        syntax=str(raw.get("syntax") or ""),
        clitic_suffix=suffix,
        according_phrases=_phrases([a for a in acc if " " in a]),
        verbs_with_object=_words(raw.get("verbs_with_object")),
        indefinite_determiners=_words(raw.get("indefinite_determiners")),
        relatives=_words(raw.get("relatives")) or frozenset({"yang"}),
        subject_fillers=_words(raw.get("subject_fillers")),
        auxiliaries=_words(raw.get("auxiliaries")),
        verbs_after=after,
        clitic_forms=clitics,
        verbs_before=_words(raw.get("verbs_before")),
        verbs_before_marked=_words(raw.get("verbs_before_marked")),
        according_to=_words(a for a in acc if " " not in a),
        complementizers=_words(raw.get("complementizers")),
        pronouns=_words(raw.get("pronouns")),
        speaker_nouns=_phrases(raw.get("speaker_nouns")),
        organization_nouns=_phrases(raw.get("organization_nouns")),
        anaphoric_determiners=_words(raw.get("anaphoric_determiners")),
        speaker_stops=_words(raw.get("speaker_stops")),
        connectives=_phrases(raw.get("connectives")),
        negations=_words(raw.get("negations")),
        subordinators=_words(raw.get("subordinators")),
        trailing_attribution=_phrases(raw.get("trailing_attribution")),
    )


# --------------------------------------------------------------------------- text helpers

# A word, with inner hyphens/apostrophes/dots kept ("sekutu-sekutunya", "Ma'ruf", "S.H.").
_TOKEN = re.compile(r"\w+(?:[-'’.]\w+)*|[^\w\s]", re.UNICODE)
_WORD = re.compile(r"\w+(?:[-'’]\w+)*", re.UNICODE)
_DOUBLE_MARKS = '"“”„«»'
_SINGLE_MARKS = "‘’"
_OPENERS = "“„«‘"  # marks that open unless their context says otherwise
_CLOSERS = "”»’"
_TERMINAL = ".?!…"
# Titles abbreviated with a dot that may sit inside a speaker phrase ("kata Prof. Dr. Budi").
_ABBREV = frozenset({"prof", "dr", "drs", "dra", "ir", "h", "hj", "kh", "st", "jl", "mr", "mrs"})


@dataclass(frozen=True)
class _Tok:
    text: str
    start: int
    end: int

    @property
    def low(self) -> str:
        return self.text.lower()

    @property
    def is_word(self) -> bool:
        return self.text[:1].isalnum() or self.text[:1] == "_"


def _tokens(text: str, start: int = 0, end: int | None = None) -> list[_Tok]:
    end = len(text) if end is None else end
    return [_Tok(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text, start, end)]


def _strip_span(text: str, start: int, end: int, chars: str = "") -> tuple[int, int]:
    """Shrink [start, end) past whitespace (and ``chars``) on both sides."""
    while start < end and (text[start].isspace() or text[start] in chars):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in chars):
        end -= 1
    return start, end


def _starts_with_phrase(words: list[str], phrases: tuple[tuple[str, ...], ...]) -> int:
    """Length of the longest phrase ``words`` starts with (0 if none)."""
    for p in phrases:
        if tuple(words[: len(p)]) == p:
            return len(p)
    return 0


def _contains_phrase(words: list[str], phrases: tuple[tuple[str, ...], ...]) -> bool:
    return any(
        tuple(words[i : i + len(p)]) == p for p in phrases for i in range(len(words) - len(p) + 1)
    )


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
        s, e = _strip_span(text, pos, cut)
        if e > s:
            out.append(Sentence(len(out), s, e, text[s:e]))
        pos = m.end()
    s, e = _strip_span(text, pos, len(text))
    if e > s:
        out.append(Sentence(len(out), s, e, text[s:e]))
    return out


# --------------------------------------------------------------------------- candidates


@dataclass
class _Cand:
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


@dataclass
class _Doc:
    text: str
    sentences: list[Sentence]
    entities: list[EntityMention]
    cues: QuoteCues
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
        self.entities = _retag_persons(self.entities)
        self.persons = [e for e in self.entities if _is_person(e)]
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


def _retag_persons(entities: list[EntityMention]) -> list[EntityMention]:
    """Make a name tagged PER elsewhere in the article a person here too.

    A tagger may call the same surface 'Peskov' PER in one sentence and ORG in another;
    the majority (ties to PER) decides, and the person mention lends its canonical name
    and key, so the speaker links to the same entity.
    """
    votes: dict[str, list[int]] = {}
    first_person: dict[str, EntityMention] = {}
    for e in entities:
        v = votes.setdefault(e.text, [0, 0])
        if _is_person(e):
            v[0] += 1
            first_person.setdefault(e.text, e)
        else:
            v[1] += 1
    out: list[EntityMention] = []
    for e in entities:
        per = first_person.get(e.text)
        if per is not None and not _is_person(e) and votes[e.text][0] >= votes[e.text][1]:
            e = EntityMention(
                e.text, per.type, e.start, e.end, e.sentence_index, per.canonical, per.key
            )
        out.append(e)
    return out


# --------------------------------------------------------------------------- direct quotes


def _mark_role(text: str, i: int) -> str:
    """'open', 'close', 'either' or 'none' for the quotation mark at ``text[i]``.

    Flanking as in Markdown: a mark with a word after and space (or an opening bracket)
    before opens, one with a word before and space/punctuation after closes.  This is what
    lets Kompas' ``”…”`` and straight ``"…"`` pair up.
    """
    ch = text[i]
    prev = text[i - 1] if i > 0 else ""
    nxt = text[i + 1] if i + 1 < len(text) else ""
    if ch in _SINGLE_MARKS and prev.isalnum() and nxt.isalnum():
        return "none"  # an apostrophe: Ma’ruf, Jum’at
    openers = "([{—–-/:" + _DOUBLE_MARKS + _SINGLE_MARKS
    closers = ".,;:!?)]}—–-/…" + _DOUBLE_MARKS + _SINGLE_MARKS
    can_open = bool(nxt) and not nxt.isspace() and (not prev or prev.isspace() or prev in openers)
    can_close = bool(prev) and not prev.isspace() and (not nxt or nxt.isspace() or nxt in closers)
    if can_open and not can_close:
        return "open"
    if can_close and not can_open:
        return "close"
    if ch in _OPENERS and not can_close:
        return "open"
    if ch in _CLOSERS and not can_open:
        return "close"
    return "either"


@dataclass
class _Pair:
    open: int  # index of the opening mark
    close: int  # index of the closing mark, or the end of the content when unclosed
    closed: bool
    continued: bool = False  # the next pair continues this one (next paragraph re-opens)


def _pair_marks(text: str, marks: str, skip: list[tuple[int, int]] | None = None) -> list[_Pair]:
    """Pair quotation marks of one family (double or single) into quote spans.

    Nested quotes are kept inside their outer quote.  A quote still open at the end of
    its paragraph is continued when the next paragraph opens with a mark (the convention
    for multi-paragraph quotes); when the next paragraph does not, it is closed at its
    paragraph end and flagged unclosed, so one stray mark cannot swallow the article.
    """
    positions = [i for i, ch in enumerate(text) if ch in marks]
    if skip is not None:  # marks inside these spans are nested quotes, not ours
        positions = [i for i in positions if not any(a <= i < b for a, b in skip)]
    pairs: list[_Pair] = []
    open_at: int | None = None
    depth = 0
    k = 0
    while k < len(positions):
        i = positions[k]
        role = _mark_role(text, i)
        if role == "none":
            k += 1
            continue
        if open_at is not None and "\n" in text[open_at:i]:
            # The quote crossed a paragraph end without closing.
            para_end = text.index("\n", open_at)
            reopens = role in ("open", "either") and text[para_end:i].strip() == ""
            pairs.append(_Pair(open_at, para_end, closed=False, continued=reopens))
            open_at, depth = None, 0
            if not reopens:
                # Re-scan from the paragraph end: marks after it start afresh.
                k = bisect.bisect_left(positions, para_end)
                continue
        if open_at is None:
            if role in ("open", "either"):
                open_at, depth = i, 1
            elif pairs and not pairs[-1].closed and not pairs[-1].continued:
                # A close with no open, in the paragraph right after an unclosed quote: the
                # quote went on without its opening mark repeated.
                para_start = text.rfind("\n", 0, i)
                if para_start >= 0 and text[pairs[-1].close : para_start + 1].strip() == "":
                    pairs[-1].continued = True
                    pairs.append(_Pair(para_start, i, closed=True))
        elif role == "open":
            depth += 1  # a nested quote
        else:  # close or either while open
            depth -= 1
            if depth <= 0:
                pairs.append(_Pair(open_at, i, closed=True))
                open_at, depth = None, 0
        k += 1
    if open_at is not None:
        end = text.find("\n", open_at)
        pairs.append(_Pair(open_at, len(text) if end < 0 else end, closed=False))
    return pairs


_VERBAL_PREFIXES = ("me", "ber", "di", "ter")


def _is_verbal(t: _Tok, cues: QuoteCues) -> bool:
    """A lowercase word with a verb prefix (menutup, berharap, ditemui) that is not a
    speaker noun (menteri, direktur): the speaker phrase has ended."""
    return (
        t.text[:1].islower()
        and len(t.text) >= 6
        and t.low.startswith(_VERBAL_PREFIXES)
        and t.low not in _noun_words(cues)
    )


def _speaker_after(doc: _Doc, pos: int, limit: int) -> tuple[int, int] | None:
    """The speaker phrase starting at ``pos`` (after a cue verb): up to punctuation or a
    stop word ('dalam', 'saat', a weekday...), at most 20 words.

    Parentheses and slashes stay inside ("Direktur Utama PT KCI (KAI Commuter) Wiwik W.",
    "Menteri Riset dan Teknologi/Kepala BRIN Bambang"), and a description followed by a
    comma and a person's name takes the name along ("peneliti LIPI, Dewi Fortuna Anwar").
    """
    cues = doc.cues
    text = doc.text
    toks = _tokens(text, pos, min(limit, pos + 400))
    last: _Tok | None = None
    first: _Tok | None = None
    n = 0
    depth = 0
    j = 0
    while j < len(toks):
        t = toks[j]
        if t.text == "(" and first is not None:
            depth += 1
            j += 1
            continue
        if t.text == ")" and depth:
            depth -= 1
            last = t
            j += 1
            continue
        if depth:
            if t.text in _TERMINAL:
                break
            j += 1
            continue
        if t.text == "." and last is not None and last.low in _ABBREV:
            j += 1
            continue
        if t.text == "/" and last is not None and j + 1 < len(toks) and toks[j + 1].is_word:
            j += 1
            continue
        if t.text == "," and first is not None and last is not None and j + 1 < len(toks):
            # "peneliti LIPI, Dewi Fortuna Anwar": a person right after the comma.
            has_person = any(_is_person(e) for e in doc.entities_in(first.start, last.end))
            # A role with commas in it ('Menteri Koordinator Bidang Politik, Hukum, dan
            # Keamanan Mahfud MD'): capitalized words and 'dan' up to a person.
            k = j + 1
            while k < len(toks) and k - j <= 12:
                per = [x for x in doc.persons if x.start == toks[k].start]
                if per:
                    if not has_person and n <= 12:
                        return first.start, per[0].end
                    break
                w = toks[k]
                if not (w.text == "," or w.low in {"dan", "serta"} or w.text[:1].isupper()):
                    break
                k += 1
            words = [w.lower() for w in _WORD.findall(text[first.start : last.end])]
            if not has_person and _starts_with_phrase(words, cues.speaker_nouns):
                # The same with a name the tagger missed: capitalized words ending the clause.
                k = j + 1
                while (
                    k < len(toks) and k - j <= 4 and toks[k].is_word and toks[k].text[:1].isupper()
                ):
                    k += 1
                ends = k == len(toks) or toks[k].text in {".", ",", ";"}
                if k > j + 1 and k - j <= 4 and ends:
                    return first.start, toks[k - 1].end
            break
        if not t.is_word:
            if t.text in "-’'" and last is not None:
                j += 1
                continue
            break
        if t.text[0].isdigit():
            break
        verbal = _is_verbal_en(t, cues) if _english(cues) else _is_verbal(t, cues)
        if first is not None and (t.low in cues.speaker_stops or verbal):
            break  # 'kata Presiden dalam rapat', 'kata Presiden menutup arahannya'
        if first is None:
            first = t
        last = t
        n += 1
        if n >= 20:
            break
        j += 1
    if first is None or last is None:
        return None
    return first.start, last.end


def _verb_after_speaker(doc: _Doc, pos: int, limit: int) -> tuple[tuple[int, int], _Tok] | None:
    """``"…," X menambahkan.``: a short speaker then a reporting verb ending the clause."""
    toks = _tokens(doc.text, pos, min(limit, pos + 200))
    words: list[_Tok] = []
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


def _cue_after(doc: _Doc, close: int) -> tuple[_Tok, tuple[int, int] | None, int] | None:
    """A cue right after a closing mark: ``," kata X`` / ``," ujarnya`` / ``," X menambahkan``.

    Returns the cue token, the speaker span (None for a clitic) and where the
    attribution ends.
    """
    text = doc.text
    _, para_end = doc.para_bounds(close)
    m = re.compile(r"[ \t]*[,.]?[ \t]*").match(text, close + 1)
    pos = m.end() if m else close + 1
    toks = _tokens(text, pos, min(para_end, pos + 60))
    if not toks or not toks[0].is_word:
        return None
    first = toks[0]
    cues = doc.cues
    if first.low in cues.clitic_forms:
        return first, None, first.end
    if first.low in cues.verbs_after:
        span = _speaker_after(doc, first.end, para_end)
        if span is not None:
            return first, span, span[1]
        return None
    found = _verb_after_speaker(doc, pos, para_end)
    if found is not None:
        span, verb = found
        if _plausible_subject(doc, span):
            return verb, span, verb.end
    return None


def _cue_before(doc: _Doc, open_at: int) -> tuple[_Tok, tuple[int, int] | None, int] | None:
    """A cue right before an opening mark: ``X mengatakan, "`` / ``Menurut X, "`` / ``ujarnya: "``.

    Returns the cue token, the speaker span and where the attribution starts.
    """
    text = doc.text
    para_start, _ = doc.para_bounds(open_at)
    sent = doc.sentence_obj_at(max(open_at - 1, para_start))
    lo = para_start
    if sent is not None and sent.start <= open_at:
        lo = max(lo, sent.start)
    # The tokenizer may have ended the previous sentence just before the mark.
    if text[lo:open_at].strip() == "":
        return None
    toks = _tokens(text, lo, open_at)
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
        if any(t.text in _TERMINAL for t in toks[j + 1 :]):
            return None
        if verb.low in cues.clitic_forms:
            return verb, None, verb.start
        subj = _subject_before(doc, lo, verb.start)
        if subj is None:
            return None
        return verb, subj, subj[0]
    # "Menurut X, "…"" / "Menurutnya, "…""
    for k in range(j, max(j - 12, -1), -1):
        low = toks[k].low
        if low in cues.according_to or _clitic_of(low, cues) in cues.according_to:
            if low in cues.according_to:
                if k + 1 > j:
                    return None
                return toks[k], (toks[k + 1].start, toks[j].end), toks[k].start
            return toks[k], None, toks[k].start
        if not toks[k].is_word:
            break
    return None


def _is_sentence_like(doc: _Doc, pair: _Pair, cstart: int, cend: int) -> bool:
    """A cue-less quote must stand as a sentence: start a paragraph or sentence and end
    with terminal punctuation (so titles and scare quotes inside a sentence are not it)."""
    text = doc.text
    content = text[cstart:cend].rstrip()
    if not content:
        return False
    n_words = len(_WORD.findall(content))
    if n_words < 3:
        return False
    ends_like_sentence = content[-1] in _TERMINAL or not pair.closed
    if not ends_like_sentence:
        return False
    before = text[: pair.open].rstrip(" \t")
    starts_like_sentence = (
        not before or before[-1] in "\n" + _TERMINAL + ":" or before[-1] in _DOUBLE_MARKS
    )
    if not starts_like_sentence:
        return False
    # What follows the closing mark must end the sentence too (or start another one).
    after = text[pair.close + 1 :].lstrip(" \t") if pair.closed else "\n"
    return not after or after[0] in "\n" + _DOUBLE_MARKS or after[0].isupper() or after[0] in "(["


def _direct_quotes(doc: _Doc) -> list[_Cand]:
    text = doc.text
    pairs = _pair_marks(text, _DOUBLE_MARKS)
    outer = [(p.open, p.close + 1) for p in pairs]
    # Single marks count only outside double quotes (inside they are nested quotes).
    pairs += [p for p in _pair_marks(text, _SINGLE_MARKS, outer) if p.closed]
    pairs.sort(key=lambda p: p.open)

    # Chain paragraphs whose quote is continued by a re-opened mark.
    chains: list[list[_Pair]] = []
    for p in pairs:
        if chains and chains[-1][-1].continued and not chains[-1][-1].closed:
            chains[-1].append(p)
        else:
            chains.append([p])

    cands: list[_Cand] = []
    for chain in chains:
        first, last = chain[0], chain[-1]
        cstart = first.open + 1
        cend = last.close if last.closed else last.close
        cstart, cend = _strip_span(text, cstart, cend)
        if cend <= cstart:
            continue
        en = _english(doc.cues)
        after = None
        if last.closed:
            after = _cue_after_en(doc, last.close) if en else _cue_after(doc, last.close)
        before = None
        if after is None:
            before = _cue_before_en(doc, first.open) if en else _cue_before(doc, first.open)
        cand = _Cand(
            "direct", cstart, cend, first.open, (last.close + 1) if last.closed else last.close
        )
        n_words = len(_WORD.findall(text[cstart:cend]))
        if after is not None:
            cue, span, attr_end = after
            cand.cue, cand.speaker_span = cue.text, span
            cand.outer_end = max(cand.outer_end, attr_end)
            cand.confidence = 0.9
        elif before is not None:
            cue, span, attr_start = before
            tail = text[last.close + 1 : last.close + 3].lstrip(" \t")
            # A title after a verb ('menyebut "Omnibus Law" sebagai') is no quote: the quote
            # must end its clause.
            if last.closed and tail and tail[0].isalnum() and text[cend - 1] not in _TERMINAL:
                continue
            cand.cue, cand.speaker_span = cue.text, span
            cand.outer_start = min(cand.outer_start, attr_start)
            cand.confidence = 0.85
        elif _is_sentence_like(doc, first, cstart, cend) or (len(chain) > 1 and n_words >= 3):
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


# --------------------------------------------------------------------------- indirect quotes


def _is_connective_prefix(words: list[str], cues: QuoteCues) -> int:
    """How many leading words are connectives ('Sementara itu', 'Namun', ...)."""
    n = 0
    while True:
        k = _starts_with_phrase(words[n:], cues.connectives)
        if not k:
            return n
        n += k


_DATEISH = re.compile(
    r"^(senin|selasa|rabu|kamis|jumat|jum'at|sabtu|minggu|ahad|kemarin|\(|\d)", re.IGNORECASE
)


def _subject_before(doc: _Doc, lo: int, verb_start: int) -> tuple[int, int] | None:
    """The speaker phrase before a reporting verb, inside [lo, verb_start).

    The clause is split at commas and dashes (not inside parentheses).  When the verb
    follows its subject directly, the last segment is the subject.  When a comma or dash
    comes first (an appositive or inserted clause), the head is the first segment that is
    not a connective ('Sementara itu'), a relative clause ('yang …'), a circumstance
    ('saat dihubungi', a date): ``Sementara itu, pejabat AS, yang …, mengatakan`` and
    ``Budi, Ketua RT 05, mengatakan`` give ``pejabat AS`` and ``Budi``.
    """
    text = doc.text
    cues = doc.cues
    segs: list[tuple[int, int]] = []
    pos = lo
    depth = 0
    for m in re.finditer(r"[,()—–]", text[lo:verb_start]):
        ch = m.group()
        at = lo + m.start()
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(depth - 1, 0)
        elif depth == 0:
            segs.append((pos, at))
            pos = at + 1
    segs.append((pos, verb_start))
    direct_last = text[segs[-1][0] : segs[-1][1]].strip() != ""
    order = segs[-1:] if direct_last else segs[:-1]

    found: list[tuple[int, int, bool]] = []
    for s, e in order:
        s, e = _strip_span(text, s, e)
        if e <= s:
            continue
        words = [w.lower() for w in _WORD.findall(text[s:e])]
        if not words or words[0] in cues.relatives or _DATEISH.match(text[s:e]):
            continue
        skip = _is_connective_prefix(words, cues)
        if skip >= len(words):
            continue
        if skip:
            toks = [t for t in _tokens(text, s, e) if t.is_word]
            s = toks[skip].start
            words = words[skip:]
        if words[0] in cues.speaker_stops or words[0] in cues.subordinators:
            if direct_last:
                return None  # 'Meskipun X menekankan …': a subordinate clause
            continue
        # A trailing negation or relative marker means the verb is not a report by them.
        if words[-1] in cues.negations or words[-1] in _NOT_A_REPORT_END | cues.relatives:
            return None
        # Cut circumstances off the phrase ('Budi yang ditemui di Betun', 'Budi saat
        # dihubungi'), then trailing auxiliaries ("juga", "pun", "telah", "sempat").
        toks = [t for t in _tokens(text, s, e) if t.is_word]
        for k, t in enumerate(toks[1:], start=1):
            if t.low in cues.speaker_stops and t.text[:1].islower():
                toks = toks[:k]
                break
        while toks and toks[-1].low in _AUXILIARIES | cues.auxiliaries:
            toks.pop()
        if not toks or len(toks) > 14:
            continue
        span = (toks[0].start, toks[-1].end)
        has_person = any(_is_person(x) for x in doc.entities_in(*span))
        found.append((span[0], span[1], has_person))
    if not found:
        return None
    # Prefer the first segment that names a person, else the first segment.
    best = next((f for f in found if f[2]), found[0])
    return best[0], best[1]


# A subject ending in these is no speaker of the verb ('X yang mengatakan', 'X wants to say').
_NOT_A_REPORT_END = frozenset(
    {"yang", "untuk", "agar", "akan", "to", "will", "would", "could", "might", "may", "should"}
)


def _clitic_of(word: str, cues: QuoteCues) -> str:
    """The word without the language's clitic pronoun ('menurutnya' -> 'menurut'), or ''."""
    suf = cues.clitic_suffix
    return word[: -len(suf)] if suf and word.endswith(suf) and len(word) > len(suf) else ""


_AUXILIARIES = frozenset(
    {
        "juga", "pun", "telah", "sudah", "sempat", "pernah", "kembali", "lantas", "kemudian",
        "lalu", "pula", "bahkan", "sendiri", "sebelumnya", "kerap", "sering", "masih", "tetap",
    }
)  # fmt: skip


def _plausible_subject(doc: _Doc, span: tuple[int, int]) -> bool:
    """A speaker phrase should name someone: an entity, a pronoun, a speaker noun or a
    capitalized word -- not a clause fragment."""
    s, e = span
    text = doc.text[s:e]
    words = [w.lower() for w in _WORD.findall(text)]
    if not words:
        return False
    cues = doc.cues
    if doc.entities_in(s, e):
        return True
    if words[0] in cues.pronouns or (len(words) == 1 and _clitic_of(words[0], cues)):
        return True
    if _contains_phrase(words, cues.speaker_nouns) or _contains_phrase(
        words, cues.organization_nouns
    ):
        return True
    # Otherwise a short capitalized name the tagger missed; a long phrase without any
    # anchor is a clause fragment.
    return len(words) <= 5 and any(w[:1].isupper() for w in _WORD.findall(text))


def _trim_trailing_attribution(
    doc: _Doc, s: int, e: int
) -> tuple[int, int, tuple[int, int] | None]:
    """Cut ``, (demikian) menurut X`` off the end of indirect content; return the cut span."""
    text = doc.text
    for m in re.finditer(r",\s*", text[s:e]):
        at = s + m.end()
        words = [w.lower() for w in _WORD.findall(text[at:e])]
        k = _starts_with_phrase(words, doc.cues.trailing_attribution)
        if k and len(words) - k <= 8:
            toks = [t for t in _tokens(text, at, e) if t.is_word]
            src = (toks[k].start, toks[-1].end) if len(toks) > k else None
            return s, s + m.start(), src
    return s, e, None


def _content_span(doc: _Doc, s: int, e: int) -> tuple[int, int]:
    s, e = _strip_span(doc.text, s, e, ",:;")
    while e > s and doc.text[e - 1] in _TERMINAL + ",;:":
        e -= 1
    return _strip_span(doc.text, s, e)


def _indirect_in_sentence(doc: _Doc, sent: Sentence) -> list[_Cand]:
    text = doc.text
    cues = doc.cues
    s0, e0 = _strip_span(text, max(sent.start, 0), min(sent.end, len(text)))
    toks = _tokens(text, s0, e0)
    words = [t for t in toks if t.is_word]
    if len(words) < 4:
        return []
    out: list[_Cand] = []

    def add(cs: int, ce: int, cue: _Tok, spk: tuple[int, int] | None, conf: float) -> None:
        cs, ce = _content_span(doc, cs, ce)
        if len(_WORD.findall(text[cs:ce])) < 3:
            return
        out.append(
            _Cand("indirect", cs, ce, s0, e0, cue=cue.text, speaker_span=spk, confidence=conf)
        )

    # 1. "X mengatakan (bahwa) …" -- the first reporting verb with a plausible subject.
    for j, t in enumerate(toks):
        if not t.is_word or j == 0:
            continue
        free = t.low in cues.verbs_before
        marked = t.low in cues.verbs_before_marked
        if not (free or marked):
            continue
        rest = toks[j + 1 :]
        if not rest:
            break
        nxt = rest[0]
        has_mark = nxt.text in {",", ":"} or nxt.low in cues.complementizers
        if marked and not has_mark:
            continue
        if not free and not has_mark:
            continue
        if nxt.text in {".", "!", "?"}:
            # "…, X mengatakan." -- content before the subject (handled below)
            break
        if not has_mark and nxt.low in {"kepada", "pada", "dengan", "di", "dalam", "hal", "itu"}:
            continue  # "mengatakan hal itu", "mengatakan kepada wartawan": no content yet
        subj = _subject_before(doc, s0, t.start)
        if subj is None or not _plausible_subject(doc, subj):
            continue
        if subj[0] > s0 + 80 and not text[s0 : subj[0]].rstrip().endswith(","):
            continue  # the subject is deep inside the sentence: likely not a report
        k = 0
        while k < len(rest) and (rest[k].text in {",", ":"} or rest[k].low in cues.complementizers):
            k += 1
        if k >= len(rest):
            break
        cs = rest[k].start
        cs, ce, _src = _trim_trailing_attribution(doc, cs, e0)
        add(cs, ce, t, subj, 0.75 if free else 0.7)
        return out

    # 2. "Menurut X, …" / "Menurutnya, …" / "…, menurut X."
    for j, t in enumerate(toks):
        low = t.low
        is_acc = low in cues.according_to
        is_acc_clitic = _clitic_of(low, cues) in cues.according_to
        if not (is_acc or is_acc_clitic):
            continue
        if is_acc_clitic:
            spk: tuple[int, int] | None = (t.end - 3, t.end)  # the clitic "nya"
            k = j + 1
        else:
            k = j + 1
            while k < len(toks) and toks[k].text != "," and toks[k].text not in _TERMINAL:
                k += 1
            if k == j + 1 or k - j > 14:
                continue
            spk = (toks[j + 1].start, toks[k - 1].end)
            if not _plausible_subject(doc, spk):
                continue  # 'Menurut data, …', 'Menurut rencana, …': not a speaker
        if k < len(toks) and toks[k].text == ",":
            # Content after the clause; a long lead before 'menurut' is content too, but a
            # quote needs one contiguous span, so the part after wins.
            add(toks[k].end, e0, t, spk, 0.75)
            return out
        if k >= len(toks) - 1 and j > 3 and toks[j - 1].text == ",":
            # "…, menurut X." at the end: content before it.
            add(s0, toks[j - 1].start, t, spk, 0.65)
            return out

    # 3. "…, kata X." / "…, ujarnya." without quotation marks, and the parenthetical
    # "…, kata X, …" (the longer side is the content: one span per quote).
    for j, t in enumerate(toks):
        if j < 1 or toks[j - 1].text != ",":
            continue
        if t.low in cues.clitic_forms:
            tail = toks[j + 1 :]
            if j >= 4 and all(
                not x.is_word or x.text[:1].isupper() or x.text[:1].isdigit() for x in tail
            ):
                add(s0, toks[j - 1].start, t, None, 0.7)
                return out
        elif t.low in cues.verbs_after:
            span = _speaker_after(doc, t.end, e0)
            if span is None or not _plausible_subject(doc, span):
                continue
            rest = text[span[1] : e0]
            after = rest.lstrip()
            n_after = len(_WORD.findall(after))
            n_before = len(_WORD.findall(text[s0 : toks[j - 1].start]))
            if after.startswith(",") and n_after >= 4 and n_after > n_before:
                add(e0 - len(after) + 1, e0, t, span, 0.65)
                return out
            if j >= 4:
                add(s0, toks[j - 1].start, t, span, 0.7)
                return out

    # 4. "…, X mengatakan." (English word order).
    if len(toks) >= 3 and toks[-1].text in {".", "!"} and toks[-2].low in cues.all_before:
        verb = toks[-2]
        k = len(toks) - 3
        while k >= 0 and toks[k].text != ",":
            k -= 1
        if k >= 3 and len(toks) - 3 - k <= 8:
            subj = (toks[k + 1].start, toks[-3].end)
            if _plausible_subject(doc, subj):
                add(s0, toks[k].start, verb, subj, 0.6)
    return out


def _indirect_quotes(doc: _Doc, direct: list[_Cand]) -> list[_Cand]:
    blocked = sorted((c.outer_start, c.outer_end) for c in direct)
    out: list[_Cand] = []
    for sent in doc.sentences:
        if any(a < sent.end and b > sent.start for a, b in blocked):
            continue
        # Quotation marks left in the sentence belong to titles; the rules still apply.
        if _english(doc.cues):
            out.extend(_indirect_in_sentence_en(doc, sent))
        else:
            out.extend(_indirect_in_sentence(doc, sent))
    return out


# --------------------------------------------------------------------------- speakers


def _entity_name(e: EntityMention) -> tuple[str, str | None]:
    return (e.canonical or e.text), (e.key or None)


def _is_person(e: EntityMention) -> bool:
    return e.type.upper() in {"PER", "PERSON"}


def _mentions_outside(doc: _Doc, cands: list[_Cand], lo: int, hi: int) -> list[EntityMention]:
    """Person mentions in [lo, hi) that are not inside quote content (people talked about
    in a quote are not candidates for who is talking)."""
    spans = [(c.start, c.end) for c in cands]
    return [
        p for p in doc.persons if lo <= p.start < hi and not any(a <= p.start < b for a, b in spans)
    ]


def _fits(doc: _Doc, desc_words: list[str], mention: EntityMention) -> bool:
    """Was ``mention`` introduced with this description: as the role right before the name
    ('politisi Partai Hanura Inas N.') or as an appositive after it ('Inas N., politisi
    Partai Hanura')?  The head must open that role, so 'Presiden' does not fit 'Wakil
    Presiden X', and 'pejabat AS' does not fit 'pejabat di pemerintahan Khasan'."""
    if not desc_words:
        return False
    text = doc.text
    nouns = _noun_words(doc.cues)
    sent = doc.sentence_obj_at(mention.start)
    lo = sent.start if sent and sent.start <= mention.start else 0
    hi = sent.end if sent and sent.end >= mention.end else len(text)
    before = _WORD.findall(text[max(lo, mention.start - 200) : mention.start])
    role: list[str] = []
    for w in reversed(before):
        if not (w[:1].isupper() or w.lower() in nouns):
            break
        role.insert(0, w.lower())
    roles = [role]
    m = re.match(r"\s*[,(]\s*([^,;.)]*)", text[mention.end : hi])
    if m:
        roles.append([w.lower() for w in _WORD.findall(m.group(1))][:10])
    for words in roles:
        if not words or desc_words[0] not in words[:1]:
            continue
        # Every word must be there; a long description may miss one
        # ('Kepala Dinas Kesehatan DKI' for 'Kepala Dinas Kesehatan Provinsi DKI').
        missing = sum(1 for w in desc_words if w not in words)
        if missing == 0 or (missing == 1 and len(desc_words) >= 4):
            return True
    return False


def _name_tokens(e: EntityMention) -> set[str]:
    return {w.lower() for w in _WORD.findall(e.canonical or e.text)} | {
        w.lower() for w in _WORD.findall(e.text)
    }


_SUBJECT_FILLERS = frozenset({"para", "sang", "dan", "serta", "pun", "juga", "itu", "pula"})


def _noun_words(cues: QuoteCues) -> frozenset[str]:
    return frozenset(w for p in cues.speaker_nouns + cues.organization_nouns for w in p)


def _title_only(doc: _Doc, m: EntityMention) -> bool:
    """A 'person' that is only role words ('Asisten', 'Chief Executive Officer'): a tagging
    slip that must not become a speaker."""
    nouns = _noun_words(doc.cues)
    words = [w.lower() for w in _WORD.findall(m.text)]
    return bool(words) and all(w in nouns or w in {"officer", "executive"} for w in words)


def _is_salient(doc: _Doc, m: EntityMention) -> bool:
    """Is this person mention a likely speaker: the subject opening its clause ('Sementara
    itu, Kepala Dinas X Budi ...'), the agent of a cue ('kata Budi', 'dikatakan Budi') or
    the source of 'menurut Budi'?  People in object position ('meminta Budi') are not."""
    cues = doc.cues
    text = doc.text
    sent = doc.sentence_obj_at(m.start)
    if sent is not None and sent.start <= m.start:
        lo = sent.start
    else:
        lo = text.rfind("\n", 0, m.start) + 1
    prefix = text[lo : m.start]
    before = [w.lower() for w in _WORD.findall(prefix)]
    if before and (before[-1] in cues.verbs_after or before[-1] in cues.according_to):
        return True
    seg = prefix[prefix.rfind(",") + 1 :]
    ws = _WORD.findall(seg)
    low = [w.lower() for w in ws]
    rest = ws[_is_connective_prefix(low, cues) :]
    nouns = _noun_words(cues)
    fillers = _SUBJECT_FILLERS | cues.subject_fillers
    return all(w[:1].isupper() or w.lower() in nouns or w.lower() in fillers for w in rest)


def _resolve_speaker(doc: _Doc, cand: _Cand, prev: list[_Cand]) -> None:
    text = doc.text
    cues = doc.cues
    prior = prev[-1] if prev else None

    def inherit(conf_scale: float = 1.0) -> bool:
        """Take the previous quote's speaker if nobody new was named since."""
        if prior is None or prior.speaker is None:
            return False
        if (
            prior.speaker_ref is None
            and prior.canonical is None
            and prior.speaker in (cues.pronouns)
        ):
            return False
        gap_lo = prior.outer_end
        if cand.start - gap_lo > 600:
            return False
        between = _mentions_outside(doc, prev + [cand], gap_lo, cand.outer_start)
        if cand.speaker_span is not None:
            between = [
                p for p in between if not cand.speaker_span[0] <= p.start < cand.speaker_span[1]
            ]
        # Only someone newly introduced as a subject or source takes the pronoun over;
        # people mentioned in passing ('meminta Gubernur X') do not.
        if any(_is_salient(doc, p) and not _title_only(doc, p) for p in between):
            return False
        cand.canonical, cand.key, cand.speaker_ref = prior.canonical, prior.key, prior.speaker_ref
        if cand.speaker is None or (
            prior.canonical is None
            and isinstance(prior.speaker_ref, tuple)
            and prior.speaker_ref[0] == "unnamed"
        ):
            # No entity can carry an unnamed antecedent ('pejabat AS'), so the pronoun's
            # speaker becomes that description.
            cand.speaker = prior.speaker
        cand.confidence *= conf_scale
        return True

    def last_person(before: int) -> EntityMention | None:
        """The nearest earlier person introduced as subject or source, else the nearest."""
        ms = [
            m for m in _mentions_outside(doc, prev + [cand], 0, before) if not _title_only(doc, m)
        ]
        for m in reversed(ms):
            if before - m.start > 1500:
                break
            if _is_salient(doc, m):
                return m
        return ms[-1] if ms else None

    def use_entity(e: EntityMention) -> None:
        cand.canonical, cand.key = _entity_name(e)
        cand.speaker_ref = ("entity", cand.key or cand.canonical)

    # Cue-less continuation paragraphs and clitics ("ujarnya") point back.
    if cand.speaker_span is None:
        if cand.continuation:
            if not inherit(1.0):
                cand.confidence *= 0.8
            return
        cand.speaker = "nya"
        if not inherit():
            p = last_person(cand.outer_start)
            if p is not None:
                use_entity(p)
            else:
                cand.confidence *= 0.8
        return

    s, e = cand.speaker_span
    cand.speaker = text[s:e]
    words = [w.lower() for w in _WORD.findall(cand.speaker)]
    if not words:
        return
    ents = doc.entities_in(s, e)
    pers = [x for x in ents if _is_person(x)]
    named = [x for x in pers if not _title_only(doc, x)]
    if named or pers:
        # Names follow the role ('Asisten Pidana Khusus ... Saiful B.'): the last one.
        use_entity((named or pers)[-1])
        return
    if len(words) == 1 and (words[0] in cues.pronouns or _clitic_of(words[0], cues)):
        if not inherit():
            p = last_person(cand.outer_start if cand.kind == "direct" else s)
            if p is not None:
                use_entity(p)
        return
    en = _english(cues)
    en_desc, definite, has_noun = _description_words(words, cues)
    head = _starts_with_phrase(words, cues.speaker_nouns)
    if en:
        # English descriptions open with a determiner and end with their head noun.
        head = 1 if has_noun else 0
    org_head = _starts_with_phrase(words, cues.organization_nouns)
    # Capitalized words at the end of the phrase that no entity covers: a name the NER
    # missed here ("kata Peskov"), matched against people named elsewhere in the text.
    caps: list[str] = []
    for t in reversed([t for t in _tokens(text, s, e) if t.is_word]):
        if not t.text[:1].isupper() or t.low in cues.pronouns or doc.entities_in(t.start, t.end):
            break
        caps.append(t.low)
    if head:
        caps = [w for w in caps if w not in words[:head]]
    if caps:
        # People named before the quote first, then anyone named in the article.
        for p in [*reversed([p for p in doc.persons if p.start < e]), *doc.persons]:
            if set(caps) & _name_tokens(p):
                use_entity(p)
                return
    if head:
        plain = re.sub(r"\([^)]*\)?", " ", cand.speaker)
        desc = [w.lower() for w in _WORD.findall(plain)]
        desc = [w for w in desc if w not in cues.anaphoric_determiners]
        anaphoric = definite if en else words[-1] in cues.anaphoric_determiners
        fits = _fits_en if en else _fits
        for p in reversed(_mentions_outside(doc, prev + [cand], 0, s)):
            if fits(doc, en_desc if en else desc, p):
                use_entity(p)
                return
        if anaphoric:
            if inherit():
                return
            p = last_person(s)
            if p is not None:
                use_entity(p)
                cand.confidence *= 0.9
                return
        # An unnamed speaker ('pejabat AS'): kept as written, no entity.
        cand.speaker_ref = ("unnamed", cand.speaker.lower(), s)
        cand.confidence *= 0.95
        return
    # A named organisation ('kantor berita Rusia TASS', 'Kementerian Kesehatan').
    others = [x for x in ents if x.type.upper() in {"ORG", "ORGANIZATION", "LOC", "GPE", "NORP"}]
    if others and " dan " not in f" {cand.speaker.lower()} ":
        ending = [x for x in others if x.end >= e - 1] or (others if org_head else [])
        if ending:
            use_entity(ending[-1])
            return
    cand.speaker_ref = ("unnamed", cand.speaker.lower(), s)


# --------------------------------------------------------------------------- English rules
#
# English puts the subject before the verb and may put the verb before the speaker after a
# quote ('"…," said X'), separates content with 'that' rather than a comma, lets adverbials sit
# between verb and content ('said on Monday that'), puts a listener after 'told', and opens
# descriptions with a determiner ('the minister', 'a spokesperson for the ministry').


def _english(cues: QuoteCues) -> bool:
    return cues.syntax == "english"


def _all_verbs_en(cues: QuoteCues) -> frozenset[str]:
    return cues.verbs_after | cues.all_before | cues.verbs_with_object


def _is_verbal_en(t: _Tok, cues: QuoteCues) -> bool:
    """A lowercase -ing word ('speaking', 'referring') or a cue verb ends a speaker phrase."""
    return t.text[:1].islower() and (
        (t.low.endswith("ing") and len(t.low) > 5 and t.low not in _noun_words(cues))
        or t.low in _all_verbs_en(cues)
    )


def _according_at(toks: list[_Tok], j: int, cues: QuoteCues) -> int:
    """Length of an 'according to' phrase starting at token ``j`` (0 if none)."""
    words = [t.low for t in toks[j : j + 4]]
    if words and words[0] in cues.according_to:
        return 1
    return _starts_with_phrase(words, cues.according_phrases)


def _skip_adverbials(toks: list[_Tok], k: int, cues: QuoteCues, limit: int = 10) -> int:
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
        if t.text in _TERMINAL or t.text in _DOUBLE_MARKS + _SINGLE_MARKS:
            return k
        if t.low in _all_verbs_en(cues) and j > k:
            return k
        j += 1
    return k


def _content_start_en(toks: list[_Tok], k: int, cues: QuoteCues) -> int:
    """Skip punctuation and 'that' before the content."""
    while k < len(toks) and (toks[k].text in {",", ":"} or toks[k].low in cues.complementizers):
        k += 1
    return k


_TIME_WORDS = frozenset(
    {
        "on", "in", "at", "during", "after", "before", "monday", "tuesday", "wednesday",
        "thursday", "friday", "saturday", "sunday", "yesterday", "today", "tonight",
        "earlier", "later", "last", "this",
    }
)  # fmt: skip


def _after_verb_en(toks: list[_Tok], j: int, cues: QuoteCues) -> tuple[int, bool] | None:
    """Where the content starts after the reporting verb ``toks[j]`` and whether it was
    marked ('that', comma, colon); None when no content follows."""
    verb = toks[j]
    k = j + 1
    if k >= len(toks):
        return None
    if verb.low in cues.verbs_with_object:
        # 'told reporters', 'told The Washington Post', 'told him': one noun phrase.
        m = k
        if m < len(toks) and toks[m].low in {"the", "a", "an"}:
            m += 1
        if m < len(toks) and toks[m].text[:1].isupper():
            while m < len(toks) and toks[m].is_word and toks[m].text[:1].isupper():
                m += 1
        elif m < len(toks) and toks[m].is_word and toks[m].low not in cues.complementizers:
            m += 1
        else:
            return None
        k = m
    nxt = toks[k] if k < len(toks) else None
    if nxt is None or nxt.text in {".", "!", "?"}:
        return None
    if nxt.low in _TIME_WORDS or verb.low in cues.verbs_with_object:
        k2 = _skip_adverbials(toks, k, cues)
        if k2 != k:
            return _content_start_en(toks, k2, cues), True
        if nxt.low in _TIME_WORDS and nxt.low not in {"this", "last"}:
            return None  # 'said in an interview.': no content
    marked = nxt.text in {",", ":"} or nxt.low in cues.complementizers
    return _content_start_en(toks, k, cues), marked


def _cue_after_en(doc: _Doc, close: int) -> tuple[_Tok, tuple[int, int] | None, int] | None:
    """``"…," said X`` / ``"…," X said (in a statement)`` / ``"…," he told reporters``."""
    text = doc.text
    cues = doc.cues
    _, para_end = doc.para_bounds(close)
    m = re.compile(r"[ \t]*[,.?!]?[ \t]*").match(text, close + 1)
    pos = m.end() if m else close + 1
    toks = _tokens(text, pos, min(para_end, pos + 200))
    if not toks or not toks[0].is_word:
        return None
    first = toks[0]
    verbs = _all_verbs_en(cues)
    if first.low in verbs and first.text[:1].islower():
        span = _speaker_after(doc, first.end, para_end)
        if span is not None:
            return first, span, span[1]
        return None
    # Subject first: up to 10 words, then a cue verb.
    words: list[_Tok] = []
    for t in toks:
        if not t.is_word:
            if t.text in "-’'." and words:
                continue
            return None
        if t.low in verbs and words:
            span = (words[0].start, words[-1].end)
            while words and words[-1].low in cues.auxiliaries:
                words.pop()
            if not words:
                return None
            span = (words[0].start, words[-1].end)
            if _plausible_subject(doc, span):
                return t, span, t.end
            return None
        words.append(t)
        if len(words) > 10:
            return None
    return None


def _cue_before_en(doc: _Doc, open_at: int) -> tuple[_Tok, tuple[int, int] | None, int] | None:
    """``X said: "…"`` / ``X told reporters on Monday, "…"`` / ``According to X, "…"``, also
    with the cue closing the previous paragraph ('Caddell continued:' then the quote)."""
    text = doc.text
    cues = doc.cues
    para_start, _ = doc.para_bounds(open_at)
    lo = para_start
    sent = doc.sentence_obj_at(max(open_at - 1, para_start))
    if sent is not None and sent.start <= open_at and sent.start >= para_start:
        lo = sent.start
    if text[lo:open_at].strip() == "" and para_start > 0:
        # The quote opens its paragraph: a cue ending the previous one with a colon.
        prev_end = para_start - 1
        while prev_end > 0 and text[prev_end - 1].isspace():
            prev_end -= 1
        if prev_end <= 0 or text[prev_end - 1] != ":":
            return None
        lo = text.rfind("\n", 0, prev_end - 1) + 1
        psent = doc.sentence_obj_at(prev_end - 1)
        if psent is not None and lo <= psent.start < prev_end:
            lo = psent.start
        open_at = prev_end
    toks = _tokens(text, lo, open_at)
    j = len(toks) - 1
    while j >= 0 and (toks[j].text in {",", ":"} or toks[j].low in cues.complementizers):
        j -= 1
    if j < 0:
        return None
    # The verb may be a few words back: 'told reporters on Monday:'.
    verbs = _all_verbs_en(cues)
    for k in range(j, max(j - 8, -1), -1):
        t = toks[k]
        if t.text in _TERMINAL:
            break
        if t.low in verbs and t.text[:1].islower():
            if k != j:
                # Only a listener and adverbials between verb and quote ('told CNN on
                # Monday:'); 'that the plan was' means the quote is part of the content.
                tail = toks[k + 1 : j + 1]
                if not (t.low in cues.verbs_with_object or tail[0].low in _TIME_WORDS):
                    break
                if len(tail) > 6 or any(x.low in cues.complementizers for x in tail):
                    break
                if any(x.low in verbs for x in tail):
                    break
            subj = _subject_before(doc, lo, t.start)
            if subj is None or not _plausible_subject(doc, subj):
                return None
            return t, subj, subj[0]
    # 'According to X, "…"'
    for k in range(j, max(j - 14, -1), -1):
        n = _according_at(toks, k, cues)
        if n:
            if k + n > j:
                return None
            return toks[k], (toks[k + n].start, toks[j].end), toks[k].start
        if not toks[k].is_word and toks[k].text not in "’'.-":
            break
    return None


def _indirect_in_sentence_en(doc: _Doc, sent: Sentence) -> list[_Cand]:
    text = doc.text
    cues = doc.cues
    s0, e0 = _strip_span(text, max(sent.start, 0), min(sent.end, len(text)))
    toks = _tokens(text, s0, e0)
    if sum(1 for t in toks if t.is_word) < 4:
        return []
    out: list[_Cand] = []

    def add(cs: int, ce: int, cue: _Tok, spk: tuple[int, int] | None, conf: float) -> bool:
        cs, ce = _content_span(doc, cs, ce)
        if len(_WORD.findall(text[cs:ce])) < 3:
            return False
        out.append(
            _Cand("indirect", cs, ce, s0, e0, cue=cue.text, speaker_span=spk, confidence=conf)
        )
        return True

    # 1. "According to X, …" at the start / "…, according to X." at the end.
    for j in range(len(toks)):
        n = _according_at(toks, j, cues)
        if not n:
            continue
        k = j + n
        while k < len(toks) and toks[k].text != "," and toks[k].text not in _TERMINAL:
            k += 1
        if k == j + n or k - j > 16:
            continue
        spk = (toks[j + n].start, toks[k - 1].end)
        if not _plausible_subject(doc, spk):
            continue
        lead = k < len(toks) and toks[k].text == "," and j <= 3
        if lead and add(toks[k].end, e0, toks[j], spk, 0.75):
            return out
        trailing = j > 3 and toks[j - 1].text == "," and k >= len(toks) - 1
        if trailing and add(s0, toks[j - 1].start, toks[j], spk, 0.7):
            return out

    # 2. "X said (on Monday) (that) …" / "X told reporters (that) …".
    for j, t in enumerate(toks):
        if j == 0 or not t.is_word or t.text[:1].isupper():
            continue
        free = t.low in cues.verbs_before
        marked = t.low in cues.verbs_before_marked
        obj = t.low in cues.verbs_with_object
        if not (free or marked or obj):
            continue
        after = _after_verb_en(toks, j, cues)
        if after is None:
            continue
        k, has_mark = after
        if k >= len(toks):
            continue
        if marked and not has_mark and not (free or obj):
            continue
        nxt = toks[k]
        if not has_mark and (nxt.low in _NOT_CONTENT_START or not nxt.is_word):
            continue  # 'said it', 'said in …' without content
        subj = _subject_before(doc, s0, t.start)
        if subj is None or not _plausible_subject(doc, subj):
            continue
        if subj[0] > s0 + 100 and not text[s0 : subj[0]].rstrip().endswith(","):
            continue  # the subject is deep inside the sentence: likely not a report
        cs, ce, _src = _trim_trailing_attribution(doc, nxt.start, e0)
        if add(cs, ce, t, subj, 0.75 if free else 0.7):
            return out

    # 3. "…, X said (on Monday)." / "…, said X." / "…, X told reporters." and the
    # parenthetical "…, X said, …" (the longer side is the content).
    commas = [k for k, t in enumerate(toks) if t.text == ","]
    verbs = _all_verbs_en(cues)
    for c in commas:
        if c < 3:
            continue
        seg_end = next((k for k in commas if k > c), len(toks))
        seg = toks[c + 1 : seg_end]
        words = [x for x in seg if x.is_word]
        if not words or len(words) > 14:
            continue
        vi = next(
            (i for i, x in enumerate(seg) if x.low in verbs and x.text[:1].islower() and i <= 8),
            None,
        )
        if vi is None:
            continue
        verb = seg[vi]
        spk: tuple[int, int] | None
        if vi == 0:
            spk = _speaker_after(doc, verb.end, e0)
        else:
            subj = [x for x in seg[:vi] if x.is_word and x.low not in cues.auxiliaries]
            spk = (subj[0].start, subj[-1].end) if subj else None
        if spk is None or not _plausible_subject(doc, spk):
            continue
        rest = toks[seg_end + 1 :] if seg_end < len(toks) else []
        n_after = sum(1 for x in rest if x.is_word)
        n_before = sum(1 for x in toks[:c] if x.is_word)
        longer_after = seg_end < len(toks) and n_after >= 4 and n_after > n_before
        if longer_after and add(toks[seg_end].end, e0, verb, spk, 0.65):
            return out
        if seg_end < len(toks) and seg_end < len(toks) - 2 and n_after >= 4:
            continue  # more clause follows: not a trailing attribution
        if add(s0, toks[c].start, verb, spk, 0.7):
            return out
    return out


_NOT_CONTENT_START = frozenset(
    {
        "it", "so", "this", "that", "nothing", "something", "anything", "much", "little",
        "more", "no", "yes", "goodbye", "hello", "thanks", "sorry", "in", "on", "at", "to",
        "for", "with", "about", "of",
    }
)  # fmt: skip


def _description_words(words: list[str], cues: QuoteCues) -> tuple[list[str], bool, bool]:
    """Content words of an English description, whether it is definite ('the minister')
    and whether it names a speaker noun at all."""
    plain = list(words)
    definite = bool(plain) and plain[0] in cues.anaphoric_determiners
    indefinite = bool(plain) and plain[0] in cues.indefinite_determiners
    if definite or indefinite:
        plain = plain[1:]
    nouns = {w for p in cues.speaker_nouns for w in p}
    has_noun = any(w in nouns for w in plain)
    stop = cues.subject_fillers | cues.anaphoric_determiners | cues.indefinite_determiners
    return [w for w in plain if w not in stop], definite, has_noun


def _fits_en(doc: _Doc, desc: list[str], mention: EntityMention) -> bool:
    """Was ``mention`` introduced with this description: as a title right before the name
    ('Foreign Minister Retno Marsudi') or as an appositive after it ('Retno Marsudi, the
    foreign minister,' / 'Marsudi, Indonesia's top diplomat')?  The head noun (the last
    speaker noun of the description) must be there, and all its other words but one."""
    nouns = {w for p in doc.cues.speaker_nouns for w in p}
    heads = [w for w in desc if w in nouns]
    if not heads:
        return False
    head = heads[-1]
    text = doc.text
    before = _WORD.findall(text[max(0, mention.start - 120) : mention.start])
    role: list[str] = []
    for w in reversed(before):
        if not (w[:1].isupper() or w.lower() in nouns):
            break
        role.insert(0, w.lower())
    roles = [role]
    m = re.match(r"\s*[,(]\s*([^,;.)]*)", text[mention.end : mention.end + 200])
    if m:
        roles.append([w.lower() for w in _WORD.findall(m.group(1))][:12])
    for words in roles:
        if head not in words:
            continue
        missing = sum(1 for w in desc if w not in words)
        if missing == 0 or (missing == 1 and len(desc) >= 3):
            return True
    return False


# --------------------------------------------------------------------------- entry point


def extract_quotes(
    text: str,
    sentences: list[Sentence],
    entities: list[EntityMention],
    lang: str = "id",
) -> list[Quote]:
    """Direct and indirect quotes of one document, in text order, with their speakers.

    ``sentences`` and ``entities`` carry character offsets into ``text``; when
    ``sentences`` is empty a regex splitter stands in.  ``Quote.text`` is always
    ``text[start:end]`` (the content without its quotation marks).
    """
    cues = load_cues(lang)
    if cues is None or not text or not text.strip():
        return []
    sents = [s for s in sentences if 0 <= s.start < s.end <= len(text)]
    if not sents:
        sents = split_sentences(text)
    doc = _Doc(text, sents, list(entities), cues)
    direct = _direct_quotes(doc)
    indirect = _indirect_quotes(doc, direct)
    cands = sorted(direct + indirect, key=lambda c: c.start)
    done: list[_Cand] = []
    for c in cands:
        _resolve_speaker(doc, c, done)
        done.append(c)
    quotes: list[Quote] = []
    for c in done:
        quotes.append(
            Quote(
                text=text[c.start : c.end],
                kind=c.kind,
                start=c.start,
                end=c.end,
                sentence_index=doc.sentence_at(c.start),
                speaker=c.speaker,
                speaker_canonical=c.canonical,
                speaker_key=c.key,
                cue=c.cue,
                confidence=round(max(0.0, min(1.0, c.confidence)), 3),
            )
        )
    return quotes
