"""Who speaks: a quote's speaker phrase resolved to an entity, a previous speaker or an
unnamed description, in document order so that pronouns can look back."""

from __future__ import annotations

from warta.document import EntityMention
from warta.nlp.quotes.grammar import Description
from warta.nlp.quotes.model import ORGANIZATION_TYPES, Cand, Doc, is_person
from warta.nlp.quotes.text import WORD, connective_prefix, starts_with_phrase, tokens, words_of

# In characters: a pronoun takes the previous quote's speaker only that close to it, and a
# person introduced as a subject only that far back.
_INHERIT_GAP = 600
_PERSON_LOOKBACK = 1500


def resolve_speaker(doc: Doc, cand: Cand, prev: list[Cand]) -> None:
    """Fill the speaker fields of ``cand``; ``prev`` are the quotes before it, resolved."""
    if cand.speaker_span is None:
        _resolve_unwritten(doc, cand, prev)
        return
    span = cand.speaker_span
    cand.speaker = speaker = doc.text[span[0] : span[1]]
    words = words_of(speaker)
    if not words:
        return
    if _by_person_mention(doc, cand, span):
        return
    if len(words) == 1 and (words[0] in doc.cues.pronouns or doc.cues.clitic_base(words[0])):
        _by_pronoun(doc, cand, prev, span)
        return
    desc = doc.grammar.describe(words, speaker, doc.cues)
    if _by_missed_name(doc, cand, span, words[: desc.head]):
        return
    if desc.head:
        _by_description(doc, cand, prev, span, desc)
        return
    _by_organisation(doc, cand, span, words)


def _use_entity(cand: Cand, e: EntityMention) -> None:
    cand.canonical, cand.key = (e.canonical or e.text), (e.key or None)
    cand.speaker_ref = ("entity", cand.key or cand.canonical)


def _unnamed(cand: Cand, span: tuple[int, int]) -> None:
    """An unnamed speaker ('pejabat AS'): kept as written, no entity."""
    cand.speaker_ref = ("unnamed", (cand.speaker or "").lower(), span[0])


def _resolve_unwritten(doc: Doc, cand: Cand, prev: list[Cand]) -> None:
    """Cue-less continuation paragraphs and clitics ('ujarnya') point back."""
    if cand.continuation:
        if not _inherit(doc, cand, prev):
            cand.confidence *= 0.8
        return
    cand.speaker = doc.cues.clitic_suffix  # the clitic pronoun as written: 'nya'
    if _inherit(doc, cand, prev):
        return
    p = _last_person(doc, cand, prev, cand.outer_start)
    if p is not None:
        _use_entity(cand, p)
    else:
        cand.confidence *= 0.8


def _by_person_mention(doc: Doc, cand: Cand, span: tuple[int, int]) -> bool:
    """A person named in the phrase; names follow the role ('Asisten Pidana Khusus ...
    Saiful B.'), so the last one, and a bare title only when nothing else is there."""
    pers = [x for x in doc.entities_in(*span) if is_person(x)]
    if not pers:
        return False
    named = [x for x in pers if not _title_only(doc, x)]
    _use_entity(cand, (named or pers)[-1])
    return True


def _by_pronoun(doc: Doc, cand: Cand, prev: list[Cand], span: tuple[int, int]) -> None:
    if _inherit(doc, cand, prev):
        return
    before = cand.outer_start if cand.kind == "direct" else span[0]
    p = _last_person(doc, cand, prev, before)
    if p is not None:
        _use_entity(cand, p)


def _by_missed_name(doc: Doc, cand: Cand, span: tuple[int, int], head: list[str]) -> bool:
    """Capitalized words at the end of the phrase that no entity covers: a name the NER
    missed here ("kata Peskov"), matched against people named elsewhere in the text --
    those named before the quote first.  The head noun of a description is no name."""
    s, e = span
    caps: list[str] = []
    for t in reversed([t for t in tokens(doc.text, s, e) if t.is_word]):
        if (
            not t.text[:1].isupper()
            or t.low in doc.cues.pronouns
            or doc.entities_in(t.start, t.end)
        ):
            break
        caps.append(t.low)
    caps = [w for w in caps if w not in head]
    if not caps:
        return False
    for p in [*reversed([p for p in doc.persons if p.start < e]), *doc.persons]:
        if set(caps) & _name_tokens(p):
            _use_entity(cand, p)
            return True
    return False


def _by_description(
    doc: Doc, cand: Cand, prev: list[Cand], span: tuple[int, int], desc: Description
) -> None:
    """The last person introduced with these words; for an anaphoric description ('the
    minister') else the previous speaker or nearest person; else an unnamed speaker."""
    s = span[0]
    for p in reversed(_mentions_outside(doc, [*prev, cand], 0, s)):
        if doc.grammar.fits(doc, desc.words, p):
            _use_entity(cand, p)
            return
    if desc.anaphoric:
        if _inherit(doc, cand, prev):
            return
        p = _last_person(doc, cand, prev, s)
        if p is not None:
            _use_entity(cand, p)
            cand.confidence *= 0.9
            return
    _unnamed(cand, span)
    cand.confidence *= 0.95


def _by_organisation(doc: Doc, cand: Cand, span: tuple[int, int], words: list[str]) -> None:
    """A named organisation ('kantor berita Rusia TASS', 'Kementerian Kesehatan') ending the
    phrase, or any one when the phrase opens with an organisation noun; not for a phrase
    joining two parties ('X dan Y')."""
    s, e = span
    cues = doc.cues
    others = [x for x in doc.entities_in(s, e) if x.type.upper() in ORGANIZATION_TYPES]
    spaced = f" {(cand.speaker or '').lower()} "
    if others and not any(f" {w} " in spaced for w in cues.party_joiners):
        org_head = starts_with_phrase(words, cues.organization_nouns)
        ending = [x for x in others if x.end >= e - 1] or (others if org_head else [])
        if ending:
            _use_entity(cand, ending[-1])
            return
    _unnamed(cand, span)


def _inherit(doc: Doc, cand: Cand, prev: list[Cand]) -> bool:
    """Take the previous quote's speaker if nobody new was named since."""
    prior = prev[-1] if prev else None
    if prior is None or prior.speaker is None:
        return False
    if prior.speaker_ref is None and prior.canonical is None and prior.speaker in doc.cues.pronouns:
        return False
    gap_lo = prior.outer_end
    if cand.start - gap_lo > _INHERIT_GAP:
        return False
    between = _mentions_outside(doc, [*prev, cand], gap_lo, cand.outer_start)
    if cand.speaker_span is not None:
        a, b = cand.speaker_span
        between = [p for p in between if not a <= p.start < b]
    # Only someone newly introduced as a subject or source takes the pronoun over;
    # people mentioned in passing ('meminta Gubernur X') do not.
    if any(_is_salient(doc, p) and not _title_only(doc, p) for p in between):
        return False
    cand.canonical, cand.key, cand.speaker_ref = prior.canonical, prior.key, prior.speaker_ref
    unnamed_prior = (
        prior.canonical is None
        and isinstance(prior.speaker_ref, tuple)
        and prior.speaker_ref[0] == "unnamed"
    )
    if cand.speaker is None or unnamed_prior:
        # No entity can carry an unnamed antecedent ('pejabat AS'), so the pronoun's
        # speaker becomes that description.
        cand.speaker = prior.speaker
    return True


def _last_person(doc: Doc, cand: Cand, prev: list[Cand], before: int) -> EntityMention | None:
    """The nearest earlier person introduced as subject or source, else the nearest."""
    ms = [m for m in _mentions_outside(doc, [*prev, cand], 0, before) if not _title_only(doc, m)]
    for m in reversed(ms):
        if before - m.start > _PERSON_LOOKBACK:
            break
        if _is_salient(doc, m):
            return m
    return ms[-1] if ms else None


def _mentions_outside(doc: Doc, cands: list[Cand], lo: int, hi: int) -> list[EntityMention]:
    """Person mentions in [lo, hi) that are not inside quote content (people talked about
    in a quote are not candidates for who is talking)."""
    spans = [(c.start, c.end) for c in cands]
    return [
        p for p in doc.persons if lo <= p.start < hi and not any(a <= p.start < b for a, b in spans)
    ]


def _name_tokens(e: EntityMention) -> set[str]:
    return set(words_of(e.canonical or e.text)) | set(words_of(e.text))


def _title_only(doc: Doc, m: EntityMention) -> bool:
    """A 'person' that is only role words ('Asisten', 'Chief Executive Officer'): a tagging
    slip that must not become a speaker."""
    cues = doc.cues
    words = words_of(m.text)
    return bool(words) and all(w in cues.noun_words or w in cues.title_words for w in words)


def _is_salient(doc: Doc, m: EntityMention) -> bool:
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
    before = words_of(prefix)
    if before and (before[-1] in cues.verbs_after or before[-1] in cues.according_to):
        return True
    ws = WORD.findall(prefix[prefix.rfind(",") + 1 :])
    rest = ws[connective_prefix([w.lower() for w in ws], cues.connectives) :]
    return all(
        w[:1].isupper() or w.lower() in cues.noun_words or w.lower() in cues.subject_fillers
        for w in rest
    )
