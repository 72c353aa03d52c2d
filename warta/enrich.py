"""Enrich stage: NLP over clean texts in batches (entities, quotes), per language.

Stanza models load once per process (warta.nlp.loader); a language without models gets an
explicit ``no_model:<lang>`` status instead of being skipped silently.
"""

from __future__ import annotations

import logging

from warta.document import NLPResult

log = logging.getLogger(__name__)


def enrich_texts(texts: list[str], languages: list[str | None]) -> list[NLPResult]:
    results: list[NLPResult | None] = [None] * len(texts)
    by_language: dict[str, list[int]] = {}
    for index, (text, language) in enumerate(zip(texts, languages, strict=True)):
        if not text.strip():
            results[index] = NLPResult(language=language or "und", status="empty")
            continue
        by_language.setdefault(language or "und", []).append(index)
    for language, indexes in by_language.items():
        try:
            from warta.nlp.annotate import annotate_texts
        except ImportError:  # NLP extras not installed: say so per article
            for index in indexes:
                results[index] = NLPResult(language=language, status=f"no_model:{language}")
            continue
        annotated = annotate_texts([texts[i] for i in indexes], lang=language)
        for index, result in zip(indexes, annotated, strict=True):
            results[index] = result
    return [r for r in results if r is not None]
