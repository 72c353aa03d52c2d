"""The warta command line: every stage, flow and tool behind one entry point.

Every command ends with one line saying what it did (``db upgrade: 0003 -> 0004``,
``demo: 0 new, 0 updated, 5 unchanged, …``); a value it cannot read ends it with one line
naming the argument and the accepted form; output piped into ``head`` ends quietly.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import sys
from pathlib import Path
from typing import Any, NoReturn

from rich.console import Console

from warta.app.params import PERIOD_FORMS, parse_day, parse_since, parse_since_moment, positive_int

console = Console(
    stderr=True, highlight=False, soft_wrap=True
)  # messages; stdout is for tables and data

DESCRIPTION = """\
warta: Indonesian (and English) news into PostgreSQL -- fetch, extract, clean, find entities
and quotes, load; then report. Without DATABASE_URL, commands use an embedded PostgreSQL
(`warta db status` shows it, `warta db stop` stops it)."""


def _out() -> Console:
    """Tables and verdicts on stdout; 150 columns when piped, so rows are not squeezed."""
    return Console(width=None if sys.stdout.isatty() else 150, highlight=False)


# ---------------------------------------------------------------- helpers
def _ensure_schema() -> None:
    """Migrate the database to the newest revision; say so only when that changed it."""
    from db.migrate import current, upgrade

    before = current()
    upgrade()
    after = current()
    if before != after:
        console.print(f"database schema: {before or '(empty)'} -> {after}")


# ---------------------------------------------------------------- commands
def _cmd_extract(args: argparse.Namespace) -> int:
    from warta.text.extract import ExtractionError, NotAnArticle
    from warta.text.process import article_json, process_html

    html = sys.stdin.buffer.read() if args.file == "-" else Path(args.file).read_bytes()
    try:
        article = process_html(html, args.url)
    except NotAnArticle as exc:  # a home, section or index page: an outcome, with its reason
        console.print(f"extract: skipped: {exc} ({args.file})")
        return 2
    except ExtractionError as exc:
        console.print(f"extract: no article in {args.file}: {exc}")
        return 2
    print(json.dumps(article_json(article), ensure_ascii=False, indent=2))
    words = len(article.text.split())
    console.print(f"extract: {article.title!r} ({article.language}, {words} words)")
    return 0


def _cmd_ingest(args: argparse.Namespace) -> int:
    from flows.ingest import ingest_urls
    from warta.app.summary import print_run_summary

    _ensure_schema()
    summary = ingest_urls(args.urls, source=args.source, run_enrich=not args.no_enrich)
    print_run_summary("ingest", summary, _out())
    return 0 if not summary.get("failed") else 1


def _cmd_nightly(args: argparse.Namespace) -> int:
    from flows.nightly import chosen_sources, nightly
    from warta.app.summary import print_run_summary

    chosen_sources(args.sources or None, args.sources_file)  # a bad file: one line, no traceback
    _ensure_schema()
    summary = nightly(sources=args.sources or None, sources_file=args.sources_file)
    print_run_summary("nightly", summary, _out())
    return 0


def _cmd_backfill(args: argparse.Namespace) -> int:
    from flows.backfill import backfill
    from warta.app.summary import print_run_summary

    if args.start and args.end and args.start > args.end:
        _usage_error(args, f"argument --end: {args.end} is before --start {args.start}")
    _ensure_schema()
    summary = backfill(
        sources=args.sources or None,
        start=args.start,
        end=args.end,
        urls=args.urls or None,
        reprocess=args.reprocess,
        sources_file=args.sources_file,
    )
    print_run_summary("backfill", summary, _out())
    return 0


def _cmd_reprocess(args: argparse.Namespace) -> int:
    from flows.reprocess import reprocess
    from warta.app.summary import print_run_summary

    _ensure_schema()
    summary = reprocess(since=args.since, sources=args.sources or None)
    print_run_summary("reprocess", summary, _out())
    return 0


def _cmd_serve(args: argparse.Namespace) -> int:
    from flows.serve import NIGHTLY_CRON, serve_deployments
    from warta.config import get_settings

    _ensure_schema()
    api = os.environ.get("PREFECT_API_URL") or "a temporary Prefect server (PREFECT_API_URL unset)"
    console.print(
        f"serve: deployments nightly (cron {NIGHTLY_CRON!r}, {get_settings().default_timezone})"
        f" and backfill, on {api}; Ctrl-C stops"
    )
    serve_deployments(args.sources_file)
    return 0


def _cmd_sources(args: argparse.Namespace) -> int:
    from rich.table import Table

    from warta.acquire.sources import SourcesFileError, load_sources
    from warta.config import get_settings

    path = args.sources_file or get_settings().sources_file
    try:
        sources = load_sources(path)
    except SourcesFileError as exc:
        console.print(f"sources: {exc}")
        return 2
    default_rate = get_settings().host_rate
    table = Table(title=f"{len(sources)} sources in {path}", title_justify="left")
    for column in ("name", "language", "domains", "feeds", "sitemaps", "requests/s"):
        table.add_column(column)
    for s in sources:
        table.add_row(
            s.name,
            s.language,
            " ".join(s.all_domains),
            str(len(s.feeds)),
            str(len(s.sitemaps)),
            f"{s.rate:g}" if s.rate else f"{default_rate:g} (default)",
        )
    out = _out()
    out.print(table)
    out.print(f"sources: {len(sources)} valid in {path}")
    return 0


def _cmd_report(args: argparse.Namespace) -> int:
    from db.engine import get_engine
    from db.reporting import collect, refresh_views
    from warta.app.report import empty_period_hint, print_report, render_html

    _ensure_schema()
    engine = get_engine()
    if args.refresh:
        refresh_views(engine)
    data = collect(engine, args.since)
    out = _out()
    print_report(data, out)
    sources = len(data.volume)
    line = (
        f"report: {data.since} – {data.until}, {data.articles} articles"
        f" from {sources} source{'' if sources == 1 else 's'}"
    )
    if args.html:
        Path(args.html).write_text(render_html(data), encoding="utf-8")
        line += f"; HTML written to {args.html}"
    out.print(line)
    if hint := empty_period_hint(data):
        console.print(hint)
    return 0


def _cmd_demo(args: argparse.Namespace) -> int:
    from warta.app.demo import run_demo

    return run_demo(pages=Path(args.pages) if args.pages else None, enrich=not args.no_enrich)


def _cmd_models(args: argparse.Namespace) -> int:
    if args.models_command == "train":
        from warta.tooling.train import train_language

        train_language(args.lang)
        console.print(f"models train: {args.lang} models written to warta/models/{args.lang}/")
    else:
        from warta.tooling.evaluate_models import evaluate_language, print_evaluation

        print_evaluation(evaluate_language(args.lang))
    return 0


def _annotate_inputs(args: argparse.Namespace) -> list[tuple[str, Any, str]]:
    """(file name, document id, text) for every document of every input file."""
    documents = []
    for name in args.files:
        content = sys.stdin.read() if name == "-" else Path(name).read_text(encoding="utf-8")
        if args.jsonl:
            for line in content.splitlines():
                if line.strip():
                    record = json.loads(line)
                    documents.append((name, record.get("id"), record["text"]))
        else:
            documents.append((name, None, content))
    return documents


def _cmd_annotate(args: argparse.Namespace) -> int:
    from warta.nlp.annotate import annotate_texts, annotation_to_json

    documents = _annotate_inputs(args)
    texts = [text for _, _, text in documents]
    if args.html:
        from warta.text.process import process_html

        texts = [process_html(t).text for t in texts]
    results = annotate_texts(texts, lang=args.lang)
    entities = quotes = 0
    for (name, doc_id, _), text, result in zip(documents, texts, results, strict=True):
        payload = annotation_to_json(result, text)
        head = {"file": name, **({"id": doc_id} if args.jsonl else {})}
        print(json.dumps({**head, **payload}, ensure_ascii=False), flush=True)
        entities += len(payload["entities"])
        quotes += len(payload["quotes"])
    files = len(args.files)
    console.print(
        f"annotate: {len(documents)} texts from {files} file{'s' if files != 1 else ''},"
        f" {entities} entity mentions, {quotes} quotes"
    )
    return 0


def _cmd_eval(args: argparse.Namespace) -> int:
    if args.eval_command == "entities":
        return _cmd_eval_entities(args)
    from warta.tooling.quotes_eval import evaluate_quotes, print_quote_evaluation

    print_quote_evaluation(evaluate_quotes(args.lang))
    return 0


def _cmd_eval_entities(args: argparse.Namespace) -> int:
    from warta.tooling.entities_eval import evaluate_entities, print_entity_evaluation

    try:
        results = evaluate_entities(args.benchmark, args.only, idner=not args.no_idner)
    except ValueError as exc:
        _usage_error(args, str(exc))
    if args.json:
        print(json.dumps(results, indent=1, ensure_ascii=False))
        return 0
    print_entity_evaluation(results, list_errors=args.list_errors)
    overall = results["document_level"]["overall"]
    _out().print(
        f"eval entities: {results['articles']} articles, recall {overall['recall']:.3f},"
        f" precision {overall['precision']:.3f}"
    )
    return 0


# ---------------------------------------------------------------- the parser
class Parser(argparse.ArgumentParser):
    """argparse, ending a wrong command line with one readable line instead of usage + error."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message}; see `{self.prog} --help`\n")


def _usage_error(args: argparse.Namespace, message: str) -> NoReturn:
    args.parser.error(message)


def _command(sub: Any, name: str, summary: str, examples: str, description: str = "") -> Parser:
    """A subcommand with its one-line summary, a longer description and examples."""
    parser = sub.add_parser(
        name,
        help=summary,
        description=f"{summary[0].upper()}{summary[1:]}."
        + (f"\n\n{description}" if description else ""),
        epilog="example:\n" + "\n".join(f"  {line}" for line in examples.strip().splitlines()),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.set_defaults(parser=parser)
    return parser


def _workers(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--workers",
        type=positive_int,
        metavar="N",
        help="processes for the NLP stage (default 1, or WARTA_ENRICH_WORKERS)",
    )


def _sources_file(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--sources-file",
        metavar="FILE",
        help="another sources.yaml (default: WARTA_SOURCES_FILE, else the repository's)",
    )


def _source_names(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--sources",
        nargs="+",
        metavar="NAME",
        help="only these sources, by name in sources.yaml (default: all; see `warta sources`)",
    )


def _add_pipeline_commands(sub: Any) -> None:
    demo = _command(
        sub,
        "demo",
        "serve a sample news site on loopback and ingest it into PostgreSQL",
        "warta demo\nwarta demo --pages ../shared/data/pages/id --no-enrich",
        "The site runs on 127.0.0.1:8765 (WARTA_DEMO_PORT), so its pages keep their URLs and a"
        "\nsecond run adds nothing. Ends with the articles as a table and a line such as"
        "\n`demo: 0 new, 0 updated, 5 unchanged, 1 failed`.",
    )
    demo.add_argument(
        "--pages",
        metavar="DIR",
        help="serve this folder of saved pages (.html, .txt) instead of the sample site",
    )
    demo.add_argument(
        "--no-enrich", action="store_true", help="skip the NLP stage (entities and quotes)"
    )
    _workers(demo)
    demo.set_defaults(func=_cmd_demo)

    ingest = _command(
        sub,
        "ingest",
        "fetch, extract, clean, enrich and load these article URLs",
        "warta ingest https://www.antaranews.com/berita/4212345/judul --source antara",
        "Exit status: 0 when every URL was loaded (or was unchanged), 1 when any failed;"
        "\nfailed URLs are kept in the `failures` table with their reason.",
    )
    ingest.add_argument("urls", nargs="+", metavar="URL", help="article URLs (http or https)")
    ingest.add_argument(
        "--source", metavar="NAME", help="the outlet of all these URLs (default: each URL's host)"
    )
    ingest.add_argument(
        "--no-enrich", action="store_true", help="skip the NLP stage (entities and quotes)"
    )
    _workers(ingest)
    ingest.set_defaults(func=_cmd_ingest)

    nightly = _command(
        sub,
        "nightly",
        "discover and load the new and changed articles of the sources in sources.yaml",
        "warta nightly\nwarta nightly --sources antara kompas",
        "Reads each source's feeds and sitemaps, skips what is known and unchanged, retries"
        "\nfailures that are due. `warta serve` runs it every night at 02:00.",
    )
    _source_names(nightly)
    _sources_file(nightly)
    _workers(nightly)
    nightly.set_defaults(func=_cmd_nightly)

    backfill = _command(
        sub,
        "backfill",
        "one-off runs: a date range, a URL list, or stored HTML again",
        "warta backfill --sources antara --start 2026-11-01 --end 2026-11-07\n"
        "warta backfill --urls https://www.antaranews.com/berita/4212345/judul\n"
        "warta backfill --reprocess --sources kompas --start 2026-11-01",
        "Three kinds: sitemap and feed entries dated --start..--end (days in each source's"
        "\ntime zone); exactly the --urls given; or --reprocess: clean, enrich and load again"
        "\nfrom stored HTML, without fetching (limited by --sources, --start and --end).",
    )
    _source_names(backfill)
    backfill.add_argument(
        "--start", type=parse_day, metavar="DAY", help="first day, YYYY-MM-DD (default: open)"
    )
    backfill.add_argument(
        "--end", type=parse_day, metavar="DAY", help="last day, YYYY-MM-DD (default: today)"
    )
    backfill.add_argument("--urls", nargs="+", metavar="URL", help="exactly these article URLs")
    backfill.add_argument(
        "--reprocess", action="store_true", help="stored HTML again instead of fetching"
    )
    _sources_file(backfill)
    _workers(backfill)
    backfill.set_defaults(func=_cmd_backfill)

    reprocess = _command(
        sub,
        "reprocess",
        "clean, enrich and load again from stored HTML (no fetching)",
        "warta reprocess --since 2w\nwarta reprocess --since 2026-11-01 --sources kompas",
        "After new cleaning rules or new models: every stored page again, or those of the"
        "\narticles updated since a moment.",
    )
    reprocess.add_argument(
        "--since",
        type=parse_since_moment,
        metavar="WHEN",
        help=f"only articles updated since then: {PERIOD_FORMS}, or 2026-11-01T06:00",
    )
    _source_names(reprocess)
    _workers(reprocess)
    reprocess.set_defaults(func=_cmd_reprocess)

    serve = _command(
        sub,
        "serve",
        "run nightly and backfill as Prefect deployments until stopped",
        "PREFECT_API_URL=http://127.0.0.1:4200/api warta serve",
        "nightly runs at 02:00 in WARTA_DEFAULT_TIMEZONE (Asia/Jakarta); backfill runs when"
        "\nstarted from the Prefect UI or API with its parameters. Set PREFECT_API_URL to your"
        "\nPrefect server (`prefect server start` serves one at http://127.0.0.1:4200/api);"
        "\nunset, Prefect starts a temporary server that ends with this command, and with it"
        "\nthe schedule.",
    )
    _sources_file(serve)
    serve.set_defaults(func=_cmd_serve)


def _add_tool_commands(sub: Any) -> None:
    report = _command(
        sub,
        "report",
        "top entities, speakers, volume and data quality; offline HTML with charts",
        "warta report\nwarta report --since 2w --html report.html",
        "Every section counts the same articles: those published in the period (days in"
        "\nWARTA_DEFAULT_TIMEZONE). Failures count URLs by the day of their last attempt.",
    )
    report.add_argument(
        "--since",
        type=parse_since,
        default="7d",
        metavar="WHEN",
        help=f"the period's first day: {PERIOD_FORMS} (default 7d: today and 6 days before)",
    )
    report.add_argument(
        "--html", metavar="FILE", help="also write an offline HTML page with charts here"
    )
    report.add_argument(
        "--refresh", action="store_true", help="refresh the report views first (runs do it too)"
    )
    report.set_defaults(func=_cmd_report)

    sources = _command(
        sub,
        "sources",
        "validate and list the outlets in sources.yaml",
        "warta sources\nwarta sources --sources-file my-sources.yaml",
    )
    _sources_file(sources)
    sources.set_defaults(func=_cmd_sources)

    extract = _command(
        sub,
        "extract",
        "print a saved page's clean article as JSON",
        "warta extract page.html --url https://www.antaranews.com/berita/4212345/judul\n"
        "curl -s https://example.org/artikel | warta extract -",
        "Fields: url, title, published, authors, dateline, language, sitename, text."
        "\nNo database is needed.",
    )
    extract.add_argument("file", metavar="FILE", help="an HTML file, or - for standard input")
    extract.add_argument("--url", help="the page's URL (helps dates, site names and links)")
    extract.set_defaults(func=_cmd_extract)

    annotate = _command(
        sub,
        "annotate",
        "entities and quotes of texts as JSON lines",
        "warta annotate ../shared/data/seed/*.txt\n"
        "echo 'Presiden Joko Widodo tiba di Surabaya.' | warta annotate",
        'One JSON line per text: {"file", "language", "entities", "quotes", ...}'
        ' (with --jsonl,\nalso the input\'s "id"). No database is needed.',
    )
    annotate.add_argument(
        "files",
        nargs="*",
        default=["-"],
        metavar="FILE",
        help="text files, or - for standard input (default: standard input)",
    )
    annotate.add_argument(
        "--lang", choices=["id", "en"], help="the texts' language (default: detected per text)"
    )
    annotate.add_argument(
        "--html", action="store_true", help="the inputs are HTML pages: extract the article first"
    )
    annotate.add_argument(
        "--jsonl", action="store_true", help='each input line is a {"id", "text"} JSON object'
    )
    annotate.set_defaults(func=_cmd_annotate)

    models = _command(
        sub,
        "models",
        "train or evaluate the shipped Stanza models",
        "warta models eval id\nwarta models train en",
    )
    models_sub = models.add_subparsers(dest="models_command", required=True, metavar="ACTION")
    for name, summary in (
        ("train", "train the models of a language from ../shared/data/nlp"),
        ("eval", "score the models of a language on held-out data"),
    ):
        action = _command(models_sub, name, summary, f"warta models {name} id")
        action.add_argument("lang", choices=["id", "en"], help="the language")
    models.set_defaults(func=_cmd_models)

    evaluate = _command(sub, "eval", "evaluations on annotated data", "warta eval quotes --lang id")
    eval_sub = evaluate.add_subparsers(dest="eval_command", required=True, metavar="WHAT")
    quotes = _command(
        eval_sub,
        "quotes",
        "quote extraction scores: PFSA-ID dev (id) or PolNeAR dev (en)",
        "warta eval quotes --lang en",
    )
    quotes.add_argument(
        "--lang", choices=["id", "en"], default="id", help="the language (default id)"
    )
    _add_entities_eval(eval_sub)
    evaluate.set_defaults(func=_cmd_eval)


def _add_entities_eval(eval_sub: Any) -> None:
    entities = _command(
        eval_sub,
        "entities",
        "entities per article on the hand-annotated benchmark (document-level recall and"
        " precision) and IDNer test mention F1",
        "warta eval entities --list-errors\nwarta eval entities --only pages-kompas-1 --json",
    )
    entities.add_argument(
        "--list-errors", action="store_true", help="print missed and spurious entities per article"
    )
    entities.add_argument("--json", action="store_true", help="print the results as JSON")
    entities.add_argument(
        "--only", nargs="+", metavar="ID", help="only these benchmark articles (file stems)"
    )
    entities.add_argument(
        "--no-idner", action="store_true", help="skip the IDNer test split (about a minute)"
    )
    entities.add_argument(
        "--benchmark", type=Path, metavar="DIR", help="another folder of annotation files"
    )


def build_parser() -> Parser:
    from warta.app.database import add_db_command

    parser = Parser(
        prog="warta",
        description=DESCRIPTION,
        epilog="example:\n  warta demo\n  warta report --since 2w --html report.html\n"
        "\n`warta COMMAND --help` explains a command.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="log each stage's progress, and show the full traceback of an error",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _add_pipeline_commands(sub)
    _add_tool_commands(sub)
    add_db_command(sub, _command)
    return parser


# ---------------------------------------------------------------- the README's table
def _synopsis(parser: argparse.ArgumentParser) -> str:
    usage = parser.format_usage().removeprefix("usage: ").replace(" [-h]", "")
    return re.sub(r"(\S+) \[\1 \.\.\.\]", r"\1...", " ".join(usage.split()))  # URL...


def _leaf_commands(parser: argparse.ArgumentParser, summary: str = ""):
    """(parser, summary) of every command that runs something (``db upgrade``, not ``db``)."""
    subparsers = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subparsers:
        yield parser, summary
        return
    summaries = {choice.dest: choice.help for choice in subparsers[0]._choices_actions}
    for name, child in subparsers[0].choices.items():
        yield from _leaf_commands(child, summaries[name])


def command_table(parser: argparse.ArgumentParser | None = None) -> str:
    """The README's "Command line" table, from the parser (tests/test_cli.py compares them)."""
    rows = ["| command | what it does |", "|---|---|"]
    for command, summary in _leaf_commands(parser or build_parser()):
        synopsis = _synopsis(command).replace("|", "\\|")  # a | would end the table cell
        rows.append(f"| `{synopsis}` | {summary} |")
    return "\n".join(rows)


# ---------------------------------------------------------------- main
def _quiet_after_broken_pipe() -> int:
    """The reader of stdout went away (``warta extract … | head``): stop quietly.

    stdout is pointed at /dev/null so that Python's final flush cannot fail again; 141 is
    what a shell reports for a writer ended by SIGPIPE.
    """
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return 141


def _announce_embedded_start(pgdata: Path) -> None:
    console.print(
        f"started the embedded PostgreSQL (data in {pgdata}); it keeps running for the"
        " next commands: `warta db stop` stops it"
    )


def _configure(args: argparse.Namespace) -> None:
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    # the demo's one failed URL is on purpose and its summary says so; a warning line for it
    # would read like something went wrong
    quiet = "ERROR" if args.command == "demo" else "WARNING"
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "INFO" if args.verbose else quiet)
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")  # no phoning home
    # Without PREFECT_API_URL, Prefect starts a temporary server; its first start on a machine
    # migrates Prefect's own database, which took over Prefect's default 20 s on 2 busy cores
    # (a fresh clone's first `make demo` failed so once): give it two minutes.
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
    if getattr(args, "workers", None):
        from warta.config import configure

        configure(enrich_workers=args.workers)
    if args.command != "db" or args.db_command not in {"status", "stop"}:
        from db.engine import on_embedded_start

        on_embedded_start(_announce_embedded_start)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    _configure(args)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return _quiet_after_broken_pipe()
    except Exception as exc:
        from warta.masking import mask_secrets

        first_line = (str(exc).strip().splitlines() or [""])[0]
        console.print(
            f"error: {type(exc).__name__}: {mask_secrets(first_line)}",
            soft_wrap=True,
        )
        if args.verbose:
            raise
        return 1


if __name__ == "__main__":
    sys.exit(main())
