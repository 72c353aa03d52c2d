"""``warta eval quotes LANG``: the quote evaluation of a language, and its table."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from warta.tooling.quotes_eval.matching import Annotator
from warta.tooling.quotes_eval.pfsa_scoring import evaluate_pfsa, print_pfsa_evaluation
from warta.tooling.quotes_eval.polnear_scoring import evaluate_polnear, print_polnear_evaluation


def evaluate_quotes(
    lang: str = "id",
    data_dir: Path | None = None,
    *,
    annotate: Annotator | None = None,
    limit: int | None = None,
    keep_errors: int = 0,
) -> dict[str, Any]:
    """Precision/recall/F1 of quote content and speaker accuracy: PFSA-ID dev for ``id``,
    PolNeAR dev for ``en``.

    ``annotate`` maps texts to ``NLPResult``s (sentences and canonicalized entities);
    by default the real Stanza pipeline (``warta.nlp.annotate.annotate_texts``), falling
    back to a regex stand-in (:mod:`.annotators`) -- the result's ``pipeline`` says which
    ran.  ``limit`` takes the first documents only; ``keep_errors`` returns that many error
    examples (built from the data at run time, never stored).
    """
    if lang == "en":
        return evaluate_polnear(data_dir, annotate=annotate, limit=limit, keep_errors=keep_errors)
    if lang != "id":
        raise ValueError(f"no quote evaluation data for language {lang!r}")
    return evaluate_pfsa(data_dir, annotate=annotate, limit=limit, keep_errors=keep_errors)


def print_quote_evaluation(results: dict[str, Any]) -> None:
    """A rich table of :func:`evaluate_quotes` results."""
    if results.get("lang") == "en":
        print_polnear_evaluation(results)
    else:
        print_pfsa_evaluation(results)
