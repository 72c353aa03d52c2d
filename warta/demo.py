"""``warta demo``: a news site on loopback -> the ingest flow -> PostgreSQL -> a summary table."""

from __future__ import annotations

import json
import os
from html import escape
from pathlib import Path

from rich.console import Console
from rich.table import Table

from warta.site import LocalSite, Response, routes_from_directory

console = Console(width=None if Console().is_terminal else 150)


def _text_page(path: Path) -> Response:
    """A plain-text article (like the seed) as a minimal HTML page; first sentence as title."""
    text = path.read_text(encoding="utf-8")
    paragraphs = "".join(f"<p>{escape(p)}</p>" for p in text.splitlines() if p.strip())
    title = escape(path.stem.replace("-", " "))
    return Response(
        f"<html><head><meta charset='utf-8'><title>{title}</title></head>"
        f"<body><article><h1>{title}</h1>{paragraphs}</article></body></html>".encode()
    )


def pages_site(directory: Path) -> tuple[dict[str, Response], list[str], dict[str, str]]:
    """Routes for a folder of saved pages, the paths of its articles, and their outlets.

    A ``ground-truth.json`` in the folder (a list of ``{"fixture", "expected"}``) says which
    pages are articles (those with an expected title); without it every page is ingested.
    """
    routes = routes_from_directory(directory)
    for path in directory.rglob("*.txt"):
        routes["/" + path.relative_to(directory).as_posix()] = _text_page(path)
    manifest = directory / "ground-truth.json"
    if manifest.exists():
        entries = json.loads(manifest.read_text(encoding="utf-8"))
        article_paths = ["/" + e["fixture"] for e in entries if "title" in e.get("expected", {})]
    else:
        article_paths = sorted(p for p in routes if p.endswith((".html", ".htm", ".txt")))
    outlets = {
        p: (p.strip("/").split("/")[0] if "/" in p.strip("/") else directory.name)
        for p in article_paths
    }
    return routes, article_paths, outlets


DEMO_PORT = 8765  # fixed, so the same page keeps the same URL (its key) across demo runs


def run_demo(pages: Path | None = None, enrich: bool = True, port: int | None = None) -> int:
    # the demo's site lives on loopback, which warta refuses for real crawls
    os.environ["WARTA_ALLOW_PRIVATE_HOSTS"] = "true"
    # politeness is for other people's servers: our own loopback site may be read quickly
    os.environ.setdefault("WARTA_HOST_RATE", "50")
    from warta.config import reset_settings

    reset_settings()
    from db.engine import database_url, mask_url
    from db.migrate import upgrade
    from flows.ingest import ingest_urls

    url = database_url()
    console.print(f"[bold]database[/bold] {mask_url(url)}")
    upgrade(url=url)
    port = port if port is not None else int(os.environ.get("WARTA_DEMO_PORT", DEMO_PORT))
    try:
        site = LocalSite(port=port)
    except OSError as exc:
        console.print(f"[red]port {port} is busy[/red] ({exc}); set WARTA_DEMO_PORT to another")
        return 2
    if pages is None:
        from warta.demo_site import build_site

        routes, urls = build_site(site.base_url)
        site.routes.update(routes)
        url_sources = {u: "warta-demo" for u in urls}
    else:
        if not pages.is_dir():
            console.print(f"[red]no such folder:[/red] {pages}")
            return 2
        routes, paths, outlets = pages_site(pages)
        site.routes.update(routes)
        urls = [site.url(p) for p in paths]
        url_sources = {site.url(p): outlets[p] for p in paths}
    with site:
        console.print(f"[bold]site[/bold] {site.base_url} ({len(urls)} articles)")
        summary = ingest_urls(urls, run_enrich=enrich, url_sources=url_sources)
    print_summary(urls, summary)
    return 0


def print_summary(urls: list[str], summary: dict) -> None:
    from sqlalchemy import func, select
    from sqlalchemy.orm import Session

    from db.engine import get_engine
    from db.models import Article, ArticleEntity, Quote, Source
    from warta.urls import canonical_url

    canonical = [canonical_url(u) for u in urls]
    with Session(get_engine()) as session:
        entity_counts = (
            select(ArticleEntity.article_id, func.count().label("n"))
            .group_by(ArticleEntity.article_id)
            .subquery()
        )
        quote_counts = (
            select(Quote.article_id, func.count().label("n")).group_by(Quote.article_id).subquery()
        )
        rows = session.execute(
            select(
                Source.name,
                Article.title,
                Article.published_at,
                Article.word_count,
                Article.language,
                func.coalesce(entity_counts.c.n, 0),
                func.coalesce(quote_counts.c.n, 0),
            )
            .outerjoin(Source, Source.id == Article.source_id)
            .outerjoin(entity_counts, entity_counts.c.article_id == Article.id)
            .outerjoin(quote_counts, quote_counts.c.article_id == Article.id)
            .where(Article.url.in_(canonical))
            .order_by(Source.name, Article.published_at)
        ).all()
    table = Table(title=f"warta: {len(rows)} articles in PostgreSQL")
    for column in ("source", "title", "published (WIB)", "words", "lang", "entities", "quotes"):
        table.add_column(column, overflow="fold")
    from zoneinfo import ZoneInfo

    wib = ZoneInfo("Asia/Jakarta")
    for source, title, published, words, language, entities, quotes in rows:
        table.add_row(
            source or "",
            (title or "")[:70],
            published.astimezone(wib).strftime("%Y-%m-%d %H:%M") if published else "-",
            str(words),
            language or "",
            str(entities),
            str(quotes),
        )
    console.print(table)
    counts = ", ".join(
        f"{k} {v}" for k, v in summary.items() if isinstance(v, int) and k != "run_id"
    )
    console.print(f"[bold]run {summary.get('run_id')}[/bold]: {counts}")
    if summary.get("failed"):
        console.print(
            "failed URLs are kept in the `failures` table (the sample site's feed lists an"
            " article it has taken down, on purpose)"
        )
