"""Article-level entity evaluation: what users see, per article, on hand-annotated news.

:mod:`.benchmark` reads the annotation files (``tests/data/entities``, offsets only, the
texts stay in the shared folder) and validates them, :mod:`.scoring` scores one article's
entities against its gold, :mod:`.evaluate` runs the shipped pipeline
(``warta eval entities``).  ``python -m warta.tooling.entities_eval`` helps annotate.
"""

from warta.tooling.entities_eval.benchmark import (
    BENCHMARK_DIR,
    BenchmarkArticle,
    GoldEntity,
    load_benchmark,
    source_text,
    validate,
)
from warta.tooling.entities_eval.evaluate import evaluate_entities, print_entity_evaluation
from warta.tooling.entities_eval.scoring import normalize_name, score_article, tally

__all__ = [
    "BENCHMARK_DIR",
    "BenchmarkArticle",
    "GoldEntity",
    "evaluate_entities",
    "load_benchmark",
    "normalize_name",
    "print_entity_evaluation",
    "score_article",
    "source_text",
    "tally",
    "validate",
]
