"""Enrich throughput on the shared Indonesian article pages.

Extracts each ``*singlepage*.html`` under ``$WARTA_SHARED/data/pages/id`` with trafilatura,
loads the Stanza pipeline once (timed separately), then annotates the texts (tokenize, MWT,
POS, lemma, NER, canonical entities, quotes when available) in batches and one by one.

    .venv/bin/python benchmarks/enrich.py [--repeat 3] [--lang id]
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a fresh clone

from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from warta.nlp import loader  # noqa: E402
from warta.nlp.annotate import annotate_texts  # noqa: E402
from warta.nlp.paths import shared_dir  # noqa: E402


def load_texts() -> list[str]:
    import trafilatura

    texts = []
    for page in sorted((shared_dir() / "data" / "pages" / "id").glob("*/*singlepage*.html")):
        text = trafilatura.extract(page.read_text(encoding="utf-8", errors="replace"))
        if text and text.strip():
            texts.append(text)
    return texts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="passes over the articles")
    parser.add_argument("--lang", default=None, help="force a language (default: detect)")
    args = parser.parse_args()

    started = time.monotonic()
    texts = load_texts()
    extract_s = time.monotonic() - started

    started = time.monotonic()
    loader.get_pipeline(args.lang or "id")
    load_s = time.monotonic() - started

    rows = []
    for mode in ("batched", "one by one"):
        n_articles = n_sentences = n_entities = n_quotes = 0
        statuses: dict[str, int] = {}
        started = time.monotonic()
        for _ in range(args.repeat):
            if mode == "batched":
                results = annotate_texts(texts, lang=args.lang)
            else:
                results = [annotate_texts([t], lang=args.lang)[0] for t in texts]
            for r in results:
                statuses[r.status] = statuses.get(r.status, 0) + 1
                if r.status == "ok":
                    n_articles += 1
                    n_sentences += len(r.sentences)
                    n_entities += len(r.entities)
                    n_quotes += len(r.quotes)
        seconds = time.monotonic() - started
        rows.append((mode, n_articles, n_sentences, n_entities, n_quotes, seconds, statuses))

    console = Console(width=max(120, Console().width))
    table = Table(
        title=f"enrich throughput: {len(texts)} articles x {args.repeat} passes "
        f"(model {loader.model_version(args.lang or 'id')})"
    )
    for col in ("mode", "articles", "sentences", "entities", "quotes", "seconds"):
        table.add_column(col, justify="left" if col == "mode" else "right")
    table.add_column("articles/s", justify="right", style="bold")
    table.add_column("sentences/s", justify="right", style="bold")
    for mode, arts, sents, ents, quotes, seconds, _ in rows:
        table.add_row(
            mode,
            str(arts),
            str(sents),
            str(ents),
            str(quotes),
            f"{seconds:.1f}",
            f"{arts / seconds:.1f}",
            f"{sents / seconds:.0f}",
        )
    console.print(table)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    console.print(
        f"text extraction {extract_s:.1f} s; model load {load_s:.1f} s; "
        f"statuses {rows[0][6]}; peak RSS {rss_mb:.0f} MB"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
