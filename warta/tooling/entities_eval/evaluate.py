"""``warta eval entities``: the shipped pipeline on the entity benchmark, plus IDNer test.

Each benchmark text goes through :func:`warta.nlp.enrich.enrich_texts`, the path the
pipeline's enrich stage takes; the article's entities are the distinct canonical
``(name, type)`` pairs of its mentions, what a report counts.  Scores per
:mod:`.scoring`.  Mention-level F1 on the IDNer test split comes from
:func:`warta.tooling.evaluate_models.evaluate_ner` (gold tokens).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from warta.tooling.entities_eval.benchmark import (
    BenchmarkArticle,
    load_benchmark,
    source_text,
    text_sha256,
)
from warta.tooling.entities_eval.scoring import ArticleScore, score_article, tally

LANGUAGE = "id"  # every benchmark article is Indonesian news


Readable = list[tuple[BenchmarkArticle, str]]


def _readable(articles: list[BenchmarkArticle]) -> tuple[Readable, list[str]]:
    """Articles whose text is there and unchanged, and a line for each one that is not."""
    ready: Readable = []
    skipped: list[str] = []
    for article in articles:
        try:
            text = source_text(article.source)
        except (OSError, KeyError, IndexError) as exc:
            skipped.append(f"{article.id}: text not found ({type(exc).__name__}: {exc})")
            continue
        if text_sha256(text) != article.sha256:
            skipped.append(f"{article.id}: the text changed since it was annotated")
            continue
        ready.append((article, text))
    return ready, skipped


def _article_errors(article: BenchmarkArticle, score: ArticleScore) -> dict[str, Any]:
    return {
        "id": article.id,
        "gold": len(score.found) + len(score.missed),
        "found": len(score.found),
        "missed": [{"name": e.name, "type": e.type} for e in score.missed],
        "spurious": [
            {"name": name, "type": typ, **({"gold_type": gold} if gold else {})}
            for name, typ, gold in score.spurious
        ],
    }


def evaluate_entities(
    directory: Path | None = None, only: list[str] | None = None, idner: bool = True
) -> dict[str, Any]:
    """Document-level scores on the benchmark (``only``: these article ids) and IDNer F1."""
    from warta.nlp import loader
    from warta.nlp.enrich import enrich_texts

    articles = load_benchmark(directory)
    if only:
        unknown = sorted(set(only) - {a.id for a in articles})
        if unknown:
            raise ValueError(f"no benchmark article {', '.join(unknown)}")
        articles = [a for a in articles if a.id in only]
    ready, skipped = _readable(articles)
    started = time.monotonic()
    results = enrich_texts([text for _, text in ready], [LANGUAGE] * len(ready))
    seconds = time.monotonic() - started
    scores: list[ArticleScore] = []
    per_article: list[dict[str, Any]] = []
    for (article, _), result in zip(ready, results, strict=True):
        predicted = {(m.canonical or m.text, m.type) for m in result.entities}
        score = score_article(article.entities, predicted)
        scores.append(score)
        per_article.append({**_article_errors(article, score), "status": result.status})
    totals = tally(scores)
    out: dict[str, Any] = {
        "model_version": loader.model_version(LANGUAGE),
        "articles": len(ready),
        "skipped": skipped,
        "seconds": round(seconds, 1),
        "document_level": {typ: t.as_dict() for typ, t in totals.items()},
        "per_article": per_article,
    }
    if idner:
        from warta.tooling.evaluate_models import evaluate_ner

        out["idner_test"] = evaluate_ner(LANGUAGE)
    return out


def _document_table(results: dict[str, Any]) -> Any:
    from rich.table import Table

    table = Table(
        title=f"entities per article ({results['articles']} articles, "
        f"{results['model_version']}): document level"
    )
    for col in ("type", "gold", "found", "recall", "predicted", "correct", "precision", "F1"):
        table.add_column(col, justify="left" if col == "type" else "right")
    for typ, m in results["document_level"].items():
        table.add_row(
            typ,
            str(m["gold"]),
            str(m["found"]),
            f"{m['recall']:.3f}",
            str(m["predicted"]),
            str(m["correct"]),
            f"{m['precision']:.3f}",
            f"{m['f1']:.3f}",
            style="bold" if typ == "overall" else None,
        )
    return table


def print_entity_errors(results: dict[str, Any]) -> None:
    """Missed and spurious entities, article by article (what to fix next)."""
    from rich.console import Console
    from rich.markup import escape

    console = Console()
    for art in results["per_article"]:
        console.print(f"[bold]{art['id']}[/bold]: found {art['found']} of {art['gold']}")
        for e in art["missed"]:
            console.print(f"  missed   {e['type']} {escape(e['name'])}")
        for e in art["spurious"]:
            typed = f" (gold: {e['gold_type']})" if "gold_type" in e else ""
            console.print(f"  spurious {e['type']} {escape(e['name'])}{typed}")


def print_entity_evaluation(results: dict[str, Any], list_errors: bool = False) -> None:
    from rich.console import Console

    from warta.tooling.evaluate_models import ner_table

    console = Console()
    if list_errors:
        print_entity_errors(results)
    for line in results["skipped"]:
        console.print(f"[yellow]skipped[/yellow] {line}")
    console.print(_document_table(results))
    if "idner_test" in results:
        console.print(ner_table({"language": LANGUAGE}, results["idner_test"]))
