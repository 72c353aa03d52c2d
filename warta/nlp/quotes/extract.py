"""Rule-based extraction of direct and indirect quotes with their speakers.

Works on the clean text of one article, its sentences (from the Stanza pipeline or any
splitter) and its entity mentions (canonicalized by ``warta.entities``).  Everything the
rules need to know about a language's words -- reporting verbs, clitic forms, ``menurut``,
pronouns, speaker-description nouns, titles, auxiliaries -- lives in
``warta/data/<lang>/quotes.yaml``; how its word order places cues and speakers lives in its
grammar (``indonesian.py``, ``english.py``, named by the data file's ``syntax``).  A language
without a data file or grammar yields no quotes.

Only surface forms are relied upon: word ``upos``/``lemma`` may be missing (models not
trained yet, other languages), and news text is consistent enough that the surface
patterns carry the signal.

The pipeline per document:

1. *direct quotes* (``direct.py``): quotation marks are classified as opening or closing
   from the characters around them (this handles Kompas' print style, where the same ``”``
   opens and closes), paired, and chained over paragraphs whose opening mark is repeated.
   A pair is a quote when a cue is attached (``"…," kata X`` / ``X mengatakan, "…"``) or
   when it is a whole sentence or paragraph of its own (a cue-less continuation);
   titles, nicknames and scare quotes (short, inside a sentence, no cue) are dropped.
2. *indirect quotes* (``indirect.py`` and the grammar), sentence by sentence outside direct
   quotes: ``X mengatakan (bahwa) …``, ``Menurut X, …``, ``…, kata X.`` and ``…, X
   mengatakan.``.
3. *speakers* (``speakers.py``), in document order so that pronouns can look back: a named
   speaker maps to its entity; ``-nya``/dia/ia/beliau to the previous quote's speaker when
   nobody new was introduced as a subject or source in between, else to the nearest person
   so introduced; a description (``juru bicara Kremlin``, ``politisi Partai Hanura itu``)
   to the last person introduced with those words, and otherwise stays an unnamed speaker
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

from warta.document import EntityMention, Quote, Sentence
from warta.nlp.quotes import english, indonesian
from warta.nlp.quotes.cues import load_cues
from warta.nlp.quotes.direct import direct_quotes
from warta.nlp.quotes.grammar import Grammar
from warta.nlp.quotes.indirect import indirect_quotes
from warta.nlp.quotes.model import Cand, Doc
from warta.nlp.quotes.speakers import resolve_speaker
from warta.nlp.quotes.text import split_sentences

# The grammars, by the name a language's data file gives as its ``syntax``.
GRAMMARS: dict[str, Grammar] = {g.name: g for g in (indonesian.GRAMMAR, english.GRAMMAR)}


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
    grammar = GRAMMARS.get(cues.syntax) if cues is not None else None
    if cues is None or grammar is None or not text or not text.strip():
        return []
    sents = [s for s in sentences if 0 <= s.start < s.end <= len(text)]
    if not sents:
        sents = split_sentences(text)
    doc = Doc(text, sents, list(entities), cues, grammar)
    direct = direct_quotes(doc)
    cands = sorted(direct + indirect_quotes(doc, direct), key=lambda c: c.start)
    done: list[Cand] = []
    for c in cands:
        resolve_speaker(doc, c, done)
        done.append(c)
    return [_quote(doc, c) for c in done]


def _quote(doc: Doc, c: Cand) -> Quote:
    return Quote(
        text=doc.text[c.start : c.end],
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
