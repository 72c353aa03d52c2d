"""The load stage alone: milliseconds and database round trips per article.

    .venv/bin/python benchmarks/loading.py [--copies 20] [--profile]

The shared Indonesian article pages are extracted, cleaned and enriched once (cached under
``work/bench-loading.pickle``), then loaded ``--copies`` times under new URLs into a scratch
PostgreSQL database, one ``load_article`` call (one transaction) each, as the flow does.
Prints per-article time and statements, split into the first load of a URL and a re-run
(unchanged content), and, with ``--profile``, where the time goes.
"""

from __future__ import annotations

import argparse
import cProfile
import pickle
import pstats
import sys
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pipeline import article_pages  # noqa: E402
from scratch import scratch_database  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "work" / "bench-loading.pickle"
console = Console()


def prepared_articles() -> list:
    """(CleanArticle, FetchResult, NLPResult) for each shared article page, cached."""
    if CACHE.exists():
        return pickle.loads(CACHE.read_bytes())
    from warta.acquire.fetch import FetchResult
    from warta.nlp.enrich import enrich_texts
    from warta.text.process import process_html

    items = []
    for fixture, html in article_pages():
        url = f"https://bench.example/{fixture}"
        article = process_html(html, url)
        fetched = FetchResult(url=url, final_url=url, status=200, headers={}, body=html)
        items.append((article, fetched))
    results = enrich_texts([a.text for a, _ in items], [a.language for a, _ in items])
    data = [(a, f, n) for (a, f), n in zip(items, results, strict=True)]
    CACHE.parent.mkdir(parents=True, exist_ok=True)
    CACHE.write_bytes(pickle.dumps(data))
    return data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=20)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    from dataclasses import replace

    from sqlalchemy import create_engine, event

    from db.articles import load_article

    data = prepared_articles()
    jobs = []
    for copy in range(args.copies):
        for article, fetched, nlp in data:
            url = article.url.replace("bench.example/", f"bench.example/c{copy}/")
            jobs.append((replace(article, url=url), fetched, nlp))

    with scratch_database("warta_loading") as url:
        engine = create_engine(url)
        statements = 0

        @event.listens_for(engine, "before_cursor_execute")
        def count(*_args) -> None:  # noqa: ANN002
            nonlocal statements
            statements += 1

        rows = []
        profiler = cProfile.Profile() if args.profile else None
        for label in ("first load", "re-run (unchanged)"):
            statements = 0
            if profiler and label == "first load":
                profiler.enable()
            started = time.perf_counter()
            for article, fetched, nlp in jobs:
                load_article(engine, article, fetched=fetched, nlp=nlp, source_name="bench")
            seconds = time.perf_counter() - started
            if profiler and label == "first load":
                profiler.disable()
            rows.append((label, seconds, statements))
        engine.dispose()

    mentions = sum(len(n.entities) for _, _, n in jobs) / len(jobs)
    quotes = sum(len(n.quotes) for _, _, n in jobs) / len(jobs)
    table = Table(
        title=f"load_article: {len(jobs)} articles ({len(data)} pages x {args.copies} URLs; "
        f"{mentions:.0f} mentions, {quotes:.1f} quotes per article)"
    )
    for column in ("pass", "ms per article", "statements per article", "articles/s"):
        table.add_column(column)
    for label, seconds, count_ in rows:
        table.add_row(
            label,
            f"{1000 * seconds / len(jobs):.2f}",
            f"{count_ / len(jobs):.1f}",
            f"{len(jobs) / seconds:.0f}",
        )
    console.print(table)
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    main()
