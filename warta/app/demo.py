"""``warta demo``: a news site on loopback -> the ingest flow -> PostgreSQL -> a summary table."""

from __future__ import annotations

import json
from html import escape
from pathlib import Path

from rich.console import Console
from rich.table import Table

from warta.app.site import LocalSite, Response, routes_from_directory
from warta.config import configure, get_settings, newsroom_zone

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


def run_demo(pages: Path | None = None, enrich: bool = True, port: int | None = None) -> int:
    # the demo's site lives on loopback, which warta refuses for real crawls; politeness is
    # for other people's servers: our own loopback site may be read quickly (unless the
    # environment says otherwise)
    settings = get_settings()
    configure(
        allow_private_hosts=True,
        host_rate=settings.host_rate if "host_rate" in settings.model_fields_set else 50.0,
    )
    from db.engine import database_description, database_url
    from db.migrate import upgrade
    from flows.ingest import ingest_urls

    url = database_url()
    console.print(f"[bold]database[/bold] {database_description()}", highlight=False)
    upgrade(url=url)
    port = port if port is not None else get_settings().demo_port
    try:
        site = LocalSite(port=port, etags=True)  # a second run: 304s
    except OSError as exc:
        console.print(f"[red]port {port} is busy[/red] ({exc}); set WARTA_DEMO_PORT to another")
        return 2
    if pages is None:
        from warta.app.demo_site import build_site

        routes, urls = build_site(site.base_url)
        site.routes.update(routes)
        url_sources = {u: "warta-demo" for u in urls}
        failure_note = SAMPLE_SITE_FAILURE
    else:
        if not pages.is_dir():
            console.print(f"[red]no such folder:[/red] {pages}")
            return 2
        routes, paths, outlets = pages_site(pages)
        site.routes.update(routes)
        urls = [site.url(p) for p in paths]
        url_sources = {site.url(p): outlets[p] for p in paths}
        failure_note = None
    with site:
        console.print(f"[bold]site[/bold] {site.base_url} ({len(urls)} articles)")
        summary = ingest_urls(urls, run_enrich=enrich, url_sources=url_sources)
    print_summary(urls, summary, failure_note)
    return 0


SAMPLE_SITE_FAILURE = (
    "the sample site's feed lists an article it has taken down, on purpose: that is the failed URL"
)


def print_summary(urls: list[str], summary: dict, failure_note: str | None = None) -> None:
    from db.engine import get_engine
    from db.reporting import article_overview
    from warta.acquire.urls import canonical_url
    from warta.app.summary import count, verdict

    rows = article_overview(get_engine(), [canonical_url(u) for u in urls])
    new = count(summary, "inserted") + count(summary, "updated")
    title = f"warta demo: {len(rows)} articles in PostgreSQL"
    title += f", {new} of them new or changed" if new else ", none new or changed by this run"
    table = Table(title=title)
    for column in ("source", "title", "published", "words", "lang", "entities", "quotes"):
        table.add_column(column, overflow="fold")
    zone = newsroom_zone()
    for source, title, published, words, language, entities, quotes in rows:
        table.add_row(
            source or "",
            (title or "")[:70],
            published.astimezone(zone).strftime("%Y-%m-%d %H:%M") if published else "-",
            str(words),
            language or "",
            str(entities),
            str(quotes),
        )
    console.print(table)
    console.print(verdict("demo", summary), highlight=False)
    if summary.get("failed") and failure_note:
        console.print(f"({failure_note})", highlight=False)
    days = sorted(published.astimezone(zone).date() for _, _, published, *_ in rows if published)
    if days:  # the sample articles are dated: the report's default week may not reach them
        console.print(f"next: warta report --since {days[0]} --html report.html", highlight=False)
