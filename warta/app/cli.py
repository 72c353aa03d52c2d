"""The ``warta`` command line: every stage, flow and tool behind one entry point."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from pathlib import Path

from rich.console import Console

console = Console(stderr=True)


def _cmd_extract(args: argparse.Namespace) -> int:
    from warta.text.extract import ExtractionError
    from warta.text.process import article_json, process_html

    html = sys.stdin.buffer.read() if args.file == "-" else Path(args.file).read_bytes()
    try:
        article = process_html(html, args.url)
    except ExtractionError as exc:
        console.print(f"[red]no article:[/red] {exc}")
        return 2
    print(json.dumps(article_json(article), ensure_ascii=False, indent=2))
    return 0


def _cmd_ingest(args: argparse.Namespace) -> int:
    from db.migrate import upgrade
    from flows.ingest import ingest_urls

    upgrade()
    summary = ingest_urls(args.urls, source=args.source, run_enrich=not args.no_enrich)
    console.print(summary)
    return 0 if not summary.get("failed") else 1


def _cmd_nightly(args: argparse.Namespace) -> int:
    from db.migrate import upgrade
    from flows.nightly import chosen_sources, nightly

    chosen_sources(args.sources or None, args.sources_file)  # a bad file: one line, no traceback
    upgrade()
    summary = nightly(sources=args.sources or None, sources_file=args.sources_file)
    console.print(summary)
    return 0


def _cmd_backfill(args: argparse.Namespace) -> int:
    from db.migrate import upgrade
    from flows.backfill import backfill

    upgrade()
    summary = backfill(
        sources=args.sources or None,
        start=args.start,
        end=args.end,
        urls=args.urls or None,
        reprocess=args.reprocess,
        sources_file=args.sources_file,
    )
    console.print(summary)
    return 0


def _cmd_reprocess(args: argparse.Namespace) -> int:
    from datetime import datetime

    from db.migrate import upgrade
    from flows.reprocess import reprocess

    upgrade()
    from warta.config import newsroom_zone

    since = datetime.fromisoformat(args.since) if args.since else None
    if since is not None and since.tzinfo is None:
        since = since.replace(tzinfo=newsroom_zone())
    console.print(reprocess(since=since, sources=args.sources or None))
    return 0


def _cmd_serve(args: argparse.Namespace) -> int:
    from db.migrate import upgrade
    from flows.serve import serve_deployments

    upgrade()
    serve_deployments(args.sources_file)
    return 0


def _cmd_sources(args: argparse.Namespace) -> int:
    from rich.table import Table

    from warta.acquire.sources import SourcesFileError, load_sources

    try:
        sources = load_sources(args.sources_file)
    except SourcesFileError as exc:
        console.print(f"[red]{exc}[/red]")
        return 2
    table = Table(title=f"{len(sources)} sources")
    for column in ("name", "language", "domains", "feeds", "sitemaps", "rate/s"):
        table.add_column(column)
    for s in sources:
        table.add_row(
            s.name,
            s.language,
            " ".join(s.all_domains),
            str(len(s.feeds)),
            str(len(s.sitemaps)),
            str(s.rate),
        )
    Console().print(table)
    return 0


def _cmd_report(args: argparse.Namespace) -> int:
    from db.engine import get_engine
    from db.migrate import upgrade
    from db.reporting import collect, refresh_views
    from warta.app.report import parse_since, print_report, render_html

    upgrade()
    engine = get_engine()
    if args.refresh:
        refresh_views(engine)
    data = collect(engine, parse_since(args.since))
    print_report(data, Console())
    if args.html:
        Path(args.html).write_text(render_html(data), encoding="utf-8")
        console.print(f"HTML report written to {args.html}")
    return 0


def _cmd_demo(args: argparse.Namespace) -> int:
    from warta.app.demo import run_demo

    return run_demo(pages=Path(args.pages) if args.pages else None, enrich=not args.no_enrich)


def _cmd_db(args: argparse.Namespace) -> int:
    from db import migrate

    if args.db_command == "upgrade":
        migrate.upgrade(args.revision)
    elif args.db_command == "downgrade":
        migrate.downgrade(args.revision)
    elif args.db_command == "current":
        print(migrate.current() or "(empty database)")
    elif args.db_command == "check":
        migrate.check()
        print("models and migrations agree")
    return 0


def _cmd_models(args: argparse.Namespace) -> int:
    if args.models_command == "train":
        from warta.tooling.train import train_language

        train_language(args.lang)
    else:
        from warta.tooling.evaluate_models import evaluate_language, print_evaluation

        print_evaluation(evaluate_language(args.lang))
    return 0


def _cmd_annotate(args: argparse.Namespace) -> int:
    from warta.nlp.annotate import annotate_texts, annotation_to_json

    stream = sys.stdin if args.file == "-" else open(args.file, encoding="utf-8")  # noqa: SIM115
    with stream:
        if args.jsonl:
            documents = [json.loads(line) for line in stream if line.strip()]
            ids = [d.get("id") for d in documents]
            texts = [d["text"] for d in documents]
        else:
            ids, texts = [None], [stream.read()]
    if args.html:
        from warta.text.process import process_html

        texts = [process_html(t).text for t in texts]
    results = annotate_texts(texts, lang=args.lang)
    for doc_id, text, result in zip(ids, texts, results, strict=True):
        payload = annotation_to_json(result, text)
        if args.jsonl:
            print(json.dumps({"id": doc_id, **payload}, ensure_ascii=False))
        else:
            print(json.dumps(payload, ensure_ascii=False, indent=2))
    return 0


def _cmd_eval(args: argparse.Namespace) -> int:
    from warta.tooling.quotes_eval import evaluate_quotes, print_quote_evaluation

    print_quote_evaluation(evaluate_quotes(args.lang))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="warta", description=__doc__)
    parser.add_argument("-v", "--verbose", action="store_true")
    sub = parser.add_subparsers(dest="command", required=True)

    demo = sub.add_parser("demo", help="serve a sample news site on loopback and ingest it")
    demo.add_argument("--pages", help="serve this folder of saved pages instead")
    demo.add_argument("--no-enrich", action="store_true", help="skip the NLP stage")
    demo.add_argument("--workers", type=int, help="processes for the NLP stage")
    demo.set_defaults(func=_cmd_demo)

    ingest = sub.add_parser("ingest", help="run the ingest flow over article URLs")
    ingest.add_argument("urls", nargs="+")
    ingest.add_argument("--source")
    ingest.add_argument("--no-enrich", action="store_true")
    ingest.add_argument("--workers", type=int, help="processes for the NLP stage")
    ingest.set_defaults(func=_cmd_ingest)

    nightly = sub.add_parser("nightly", help="discover and load new and changed articles")
    nightly.add_argument("--sources", nargs="*", help="source names (default: all)")
    nightly.add_argument("--sources-file", help="another sources.yaml")
    nightly.add_argument("--workers", type=int, help="processes for the NLP stage")
    nightly.set_defaults(func=_cmd_nightly)

    backfill = sub.add_parser("backfill", help="load a date range, a URL list, or reprocess")
    backfill.add_argument("--sources", nargs="*")
    backfill.add_argument("--start", help="first day, YYYY-MM-DD (source time zone)")
    backfill.add_argument("--end", help="last day, YYYY-MM-DD")
    backfill.add_argument("--urls", nargs="*")
    backfill.add_argument("--reprocess", action="store_true", help="stored HTML, no fetching")
    backfill.add_argument("--sources-file")
    backfill.add_argument("--workers", type=int, help="processes for the NLP stage")
    backfill.set_defaults(func=_cmd_backfill)

    reprocess = sub.add_parser("reprocess", help="re-run clean/enrich/load on stored HTML")
    reprocess.add_argument("--since", help="articles updated since (ISO date or datetime)")
    reprocess.add_argument("--sources", nargs="*")
    reprocess.set_defaults(func=_cmd_reprocess)

    serve = sub.add_parser("serve", help="serve nightly and backfill as Prefect deployments")
    serve.add_argument("--sources-file")
    serve.set_defaults(func=_cmd_serve)

    report = sub.add_parser("report", help="top entities, speakers, volume, data quality")
    report.add_argument("--since", default="7d", help="7d, 4w, 24h or a date (default 7d)")
    report.add_argument("--html", help="also write an offline HTML report with charts here")
    report.add_argument("--refresh", action="store_true", help="refresh the views first")
    report.set_defaults(func=_cmd_report)

    sources = sub.add_parser("sources", help="validate and list sources.yaml")
    sources.add_argument("--sources-file")
    sources.set_defaults(func=_cmd_sources)

    extract = sub.add_parser("extract", help="print a saved page's clean article as JSON")
    extract.add_argument("file", help="HTML file, or - for stdin")
    extract.add_argument("--url")
    extract.set_defaults(func=_cmd_extract)

    db = sub.add_parser("db", help="database migrations (Alembic)")
    db_sub = db.add_subparsers(dest="db_command", required=True)
    up = db_sub.add_parser("upgrade")
    up.add_argument("revision", nargs="?", default="head")
    down = db_sub.add_parser("downgrade")
    down.add_argument("revision")
    db_sub.add_parser("current")
    db_sub.add_parser("check")
    db.set_defaults(func=_cmd_db)

    models = sub.add_parser("models", help="train or evaluate the shipped Stanza models")
    models_sub = models.add_subparsers(dest="models_command", required=True)
    for name in ("train", "eval"):
        p = models_sub.add_parser(name)
        p.add_argument("lang", choices=["id", "en"])
    models.set_defaults(func=_cmd_models)

    annotate = sub.add_parser("annotate", help="entities and quotes of a text as JSON")
    annotate.add_argument("file", nargs="?", default="-")
    annotate.add_argument("--lang")
    annotate.add_argument("--html", action="store_true", help="input is an HTML page")
    annotate.add_argument("--jsonl", action="store_true", help='one {"id","text"} per line')
    annotate.set_defaults(func=_cmd_annotate)

    evaluate = sub.add_parser("eval", help="evaluations on annotated data")
    eval_sub = evaluate.add_subparsers(dest="eval_command", required=True)
    quotes = eval_sub.add_parser("quotes")
    quotes.add_argument("--lang", default="id")
    evaluate.set_defaults(func=_cmd_eval)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "INFO" if args.verbose else "WARNING")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")  # no phoning home
    if getattr(args, "workers", None):
        from warta.config import configure

        configure(enrich_workers=args.workers)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        from warta.masking import mask_secrets

        first_line = (str(exc).strip().splitlines() or [""])[0]
        console.print(
            f"[red]error:[/red] {type(exc).__name__}: {mask_secrets(first_line)}",
            soft_wrap=True,
            highlight=False,
        )
        if args.verbose:
            raise
        return 1


if __name__ == "__main__":
    sys.exit(main())
