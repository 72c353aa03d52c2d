"""Enrich stage: NLP over clean texts in batches (entities, quotes), per language.

Stanza models load once per process (warta.nlp.loader); a language without models gets an
explicit ``no_model:<lang>`` status instead of being skipped silently.  With
``WARTA_ENRICH_WORKERS=N`` (``--workers N``) a batch is split over N worker processes, each of
which loads the models once and keeps them for the rest of the run.
"""

from __future__ import annotations

import logging
import os
from concurrent.futures import ProcessPoolExecutor

from warta.config import get_settings
from warta.document import NLPResult

log = logging.getLogger(__name__)

_pool: ProcessPoolExecutor | None = None
_pool_size = 0


def _init_worker(threads: int) -> None:
    import torch

    torch.set_num_threads(threads)  # workers share the cores instead of fighting over them


def _worker_enrich(texts: list[str], languages: list[str | None]) -> list[NLPResult]:
    return _enrich_here(texts, languages)


def _get_pool(workers: int) -> ProcessPoolExecutor:
    global _pool, _pool_size
    if _pool is None or _pool_size != workers:
        if _pool is not None:
            _pool.shutdown()
        threads = max(1, (os.cpu_count() or 1) // workers)
        _pool = ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(threads,))
        _pool_size = workers
    return _pool


TRUNCATED = "ok:truncated"  # the status of a text enriched from its first max_nlp_chars


def nlp_slice(text: str, limit: int) -> str:
    """The first ``limit`` characters of ``text``, cut at a line or word boundary when there
    is one in the last tenth (entity and quote offsets stay valid in the full text)."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    cut = max(head.rfind("\n"), head.rfind(" "))
    return head[:cut] if cut > limit * 0.9 else head


def enrich_texts(
    texts: list[str], languages: list[str | None], workers: int | None = None
) -> list[NLPResult]:
    """NLP results for ``texts``, in order; over ``workers`` processes when more than one.

    A text longer than ``max_nlp_chars`` is enriched from its beginning only (a 1 MB page
    would hold the stage for minutes); its status says so (``ok:truncated``)."""
    limit = get_settings().max_nlp_chars
    sliced = [nlp_slice(t, limit) for t in texts]
    results = _enrich_all(sliced, languages, workers)
    for text, used, result in zip(texts, sliced, results, strict=True):
        if len(used) < len(text) and result.status == "ok":
            result.status = TRUNCATED
    return results


def _enrich_all(
    texts: list[str], languages: list[str | None], workers: int | None = None
) -> list[NLPResult]:
    workers = workers or get_settings().enrich_workers
    if workers <= 1 or len(texts) < 2:
        return _enrich_here(texts, languages)
    size = -(-len(texts) // workers)  # ceil: one slice per worker
    slices = [(texts[i : i + size], languages[i : i + size]) for i in range(0, len(texts), size)]
    pool = _get_pool(workers)
    futures = [pool.submit(_worker_enrich, t, lang) for t, lang in slices]
    return [result for future in futures for result in future.result()]


def _enrich_here(texts: list[str], languages: list[str | None]) -> list[NLPResult]:
    from warta.nlp.annotate import annotate_texts  # deferred: Stanza and torch load slowly

    return annotate_texts(texts, languages)
