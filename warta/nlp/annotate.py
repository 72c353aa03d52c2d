"""Run Stanza over article texts and turn its documents into our plain dataclasses.

``annotate_texts`` never raises for a text: a language without models gives
``status="no_model:<lang>"``, an empty text ``"empty"`` and a failure ``"error:<Class>"``.
All offsets are character offsets into the text as given.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from warta.document import EntityMention, NLPResult, Quote, Sentence, Word
from warta.nlp import loader
from warta.nlp.entities import (
    canonicalize,
    harmonize_types,
    nested_places,
    propagate_mentions,
    split_role_appositions,
)
from warta.nlp.knowledge import apply_knowledge, entity_names_only
from warta.nlp.quotes import extract_quotes
from warta.text.language import group_by_language

if TYPE_CHECKING:
    import stanza

log = logging.getLogger("warta.nlp.annotate")

BATCH_SIZE = 16  # documents per Stanza call: enough to fill its batches, bounded memory

# Clitics that UD Indonesian splits off as their own word (ujarnya -> ujar + nya).  A name
# token like "Putinnya" is one token; the entity must end before its clitic word.
CLITIC_WORDS = frozenset({"nya", "lah", "kah", "pun", "ku", "mu", "tah"})

# Quote extraction is one function of the text, sentences and entities; tests and the
# evaluation may pass another.
QuoteExtractor = Callable[..., list[Quote]]


# -- Stanza document -> dataclasses ---------------------------------------------------------


def _sentences(doc: Any) -> list[Sentence]:
    text: str = doc.text
    out: list[Sentence] = []
    for si, sent in enumerate(doc.sentences):
        words: list[Word] = []
        for ti, token in enumerate(sent.tokens):
            for word in token.words:
                words.append(
                    Word(
                        text=word.text,
                        # MWT parts have no offsets of their own: they carry their token's.
                        start=token.start_char,
                        end=token.end_char,
                        upos=word.upos,
                        lemma=word.lemma,
                        token_index=ti,
                    )
                )
        start, end = sent.tokens[0].start_char, sent.tokens[-1].end_char
        out.append(Sentence(si, start, end, text[start:end], tuple(words)))
    return out


def _entity_span(ent: Any) -> tuple[int, int]:
    """Character span of an entity, without clitic words glued to its first/last token."""
    start, end = ent.start_char, ent.end_char
    words = {id(w) for w in ent.words}  # Stanza words compare by identity
    last_token = ent.tokens[-1]
    token_words = list(last_token.words)
    if len(token_words) > 1:
        inside = [w for w in token_words if id(w) in words]
        # Drop trailing clitic words even when the tagger put them inside the entity.
        while len(inside) > 1 and inside[-1].text.casefold() in CLITIC_WORDS:
            inside.pop()
        if inside and len(inside) < len(token_words):
            prefix = "".join(w.text for w in inside)
            if last_token.text.casefold().startswith(prefix.casefold()):
                end = last_token.start_char + len(prefix)
    first_token = ent.tokens[0]
    token_words = list(first_token.words)
    if len(token_words) > 1 and id(token_words[0]) not in words:
        inside = [w for w in token_words if id(w) in words]
        suffix = "".join(w.text for w in inside)
        if suffix and first_token.text.casefold().endswith(suffix.casefold()):
            start = first_token.end_char - len(suffix)
    return start, end


def _entities(doc: Any) -> list[EntityMention]:
    text: str = doc.text
    out: list[EntityMention] = []
    for si, sent in enumerate(doc.sentences):
        for ent in sent.ents:
            start, end = _entity_span(ent)
            if end <= start:
                continue
            out.append(EntityMention(text[start:end], ent.type, start, end, si))
    return out


def _convert(doc: Any, text: str, lang: str, version: str, quotes: QuoteExtractor) -> NLPResult:
    sentences = _sentences(doc)
    # The tagger sees one sentence at a time; make its output consistent over the article
    # (one type per name, repeats of a found name found too) before canonicalizing.
    spans = [(s.start, s.end) for s in sentences]
    # what the lists know about names comes first: the steps below spread each name's type
    # and spelling over the article
    entities = apply_knowledge(_entities(doc), text, spans)
    entities = split_role_appositions(harmonize_types(entities), text, spans)
    entities = propagate_mentions(
        entities,
        text,
        token_bounds={(w.start, w.end) for s in sentences for w in s.words},
        sentence_spans=spans,
    )
    entities = nested_places(harmonize_types(entities), text)  # repeats can break type ties
    entities = entity_names_only(entities)  # what the steps above added is checked too
    entities = canonicalize(entities, text)
    found: list[Quote] = []
    try:
        found = quotes(text, sentences, entities, lang=lang)
    except Exception:  # a quote bug must not lose the article's entities
        log.exception("quote extraction failed")
    return NLPResult(
        language=lang,
        status="ok",
        model_version=version,
        sentences=sentences,
        entities=entities,
        quotes=found,
    )


def _process(pipeline: stanza.Pipeline, texts: Sequence[str]) -> list[Any]:
    import stanza

    docs = [stanza.Document([], text=t) for t in texts]
    return list(pipeline.bulk_process(docs))


def _process_batch(pipeline: stanza.Pipeline, texts: list[str]) -> list[Any]:
    """Stanza documents for ``texts``; one bad text never costs the batch (retried singly)."""
    try:
        return _process(pipeline, texts)
    except Exception:
        log.exception("Stanza failed on a batch of %d; retrying singly", len(texts))
    docs: list[Any] = []
    for index, text in enumerate(texts):
        try:
            docs.extend(_process(pipeline, [text]))
        except Exception as exc:
            log.exception("Stanza failed on text %d of the batch", index)
            docs.append(exc)
    return docs


def _annotate_language(
    texts: list[str], language: str, quotes: QuoteExtractor
) -> list[NLPResult]:
    try:
        pipeline = loader.get_pipeline(language)
        version = loader.model_version(language)
    except loader.ModelNotAvailable:
        return [NLPResult(language=language, status=f"no_model:{language}") for _ in texts]
    results: list[NLPResult] = []
    for b in range(0, len(texts), BATCH_SIZE):
        batch = texts[b : b + BATCH_SIZE]
        for text, doc in zip(batch, _process_batch(pipeline, batch), strict=True):
            if isinstance(doc, Exception):
                results.append(NLPResult(language, f"error:{type(doc).__name__}", version))
                continue
            try:
                results.append(_convert(doc, text, language, version, quotes))
            except Exception as exc:
                log.exception("converting Stanza output failed")
                results.append(NLPResult(language, f"error:{type(exc).__name__}", version))
    return results


def annotate_texts(
    texts: Sequence[str],
    lang: Sequence[str | None] | str | None = None,
    quotes: QuoteExtractor = extract_quotes,
) -> list[NLPResult]:
    """Sentences, words, entities (canonicalized) and quotes for each text, in order.

    ``lang``: one language for all texts, one per text (``None`` entries detected), or
    ``None`` to detect each text's language (``warta.text.language``).
    """
    results: list[NLPResult | None] = [None] * len(texts)
    groups, empty = group_by_language(texts, lang)
    for i in empty:
        language = lang if isinstance(lang, str) else (lang[i] if lang else None)
        results[i] = NLPResult(language=language or "und", status="empty")
    for language, indexes in groups.items():
        annotated = _annotate_language([texts[i] for i in indexes], language, quotes)
        for i, result in zip(indexes, annotated, strict=True):
            results[i] = result
    return [r for r in results if r is not None]


def annotation_to_json(result: NLPResult, text: str) -> dict[str, Any]:
    """A JSON-ready view of one result: every entity mention and quote, with offsets."""
    return {
        "language": result.language,
        "status": result.status,
        "model_version": result.model_version,
        "sentences": [{"start": s.start, "end": s.end} for s in result.sentences],
        "entities": [
            {
                "text": text[e.start : e.end] if text else e.text,
                "type": e.type,
                "start": e.start,
                "end": e.end,
                "canonical": e.canonical,
            }
            for e in result.entities
        ],
        "quotes": [
            {
                "text": q.text,
                "kind": q.kind,
                "speaker": q.speaker,
                "speaker_canonical": q.speaker_canonical,
                "cue": q.cue,
                "start": q.start,
                "end": q.end,
            }
            for q in result.quotes
        ],
    }
