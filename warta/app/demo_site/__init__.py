"""The demo's sample news site: articles written for warta, rendered like real outlets.

``build_site(base_url)`` returns routes for ``warta.app.site.LocalSite``: one page per article
(in the page shape of the outlet style it names), a home page, an RSS feed and a sitemap.
"""

from __future__ import annotations

import json
from datetime import datetime
from email.utils import format_datetime
from html import escape
from importlib import resources
from pathlib import Path

import yaml

from warta.app.site import Response

ARTICLES_FILE = Path(str(resources.files("warta.app.demo_site") / "articles.yaml"))
MONTHS_ID = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]
DAYS_ID = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]


def load_articles() -> list[dict]:
    return yaml.safe_load(ARTICLES_FILE.read_text(encoding="utf-8"))


def _indonesian_date(when: datetime) -> str:
    return (
        f"{DAYS_ID[when.weekday()]}, {when.day} {MONTHS_ID[when.month - 1]} {when.year}"
        f" {when:%H:%M} WIB"
    )


def _page(article: dict, url: str) -> str:
    style = article["style"]
    when = datetime.fromisoformat(article["published"])
    title = escape(article["title"])
    site = {
        "republika": "Republika Demo",
        "kompas": "Kompas Demo",
        "antara": "Antara Demo",
        "detik": "detikDemo",
        "tempo-english": "Tempo Demo English",
    }[style]
    paragraphs = [escape(p) for p in article["paragraphs"]]
    paragraphs[0] = f"{escape(article['dateline'])} {paragraphs[0]}"
    # Outlets put "Baca juga" links, ads and share widgets inside the body: so do we.
    related = (
        '<p class="baca-juga"><strong>Baca juga:</strong> <a href="/">Berita lain hari ini</a></p>'
    )
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs[:2])
    body += f"\n{related}\n<div class='ads'>ADVERTISEMENT</div>\n"
    body += "\n".join(f"<p>{p}</p>" for p in paragraphs[2:])
    author, editor = escape(article["author"]), escape(article["editor"])
    initials = f"{author.split()[0][:3].lower()}/{editor.split()[0][:3].lower()}"
    credit = {
        "antara": f"<p>Pewarta: {author}<br>Editor: {editor}</p>",
        "detik": f"<p>({initials})</p>",
    }.get(style, "")
    jsonld = ""
    meta_date = ""
    if style in ("kompas", "tempo-english"):
        jsonld = (
            '<script type="application/ld+json">'
            + json.dumps(
                {
                    "@context": "https://schema.org",
                    "@type": "NewsArticle",
                    "headline": article["title"],
                    "datePublished": when.isoformat(),
                    "author": {"@type": "Person", "name": article["author"]},
                }
            )
            + "</script>"
        )
    elif style == "antara":
        meta_date = f'<meta property="article:published_time" content="{when.isoformat()}">'
    lang = article.get("language", "id")
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8">
<title>{title} | {site}</title>
<meta property="og:type" content="article">
<meta property="og:title" content="{title}">
<meta property="og:site_name" content="{site}">
<meta name="author" content="{escape(article["author"])}">
<link rel="canonical" href="{url}">
{meta_date}{jsonld}
</head><body>
<header><nav><a href="/">Beranda</a> <a href="/">{escape(article["section"])}</a></nav></header>
<main><article>
<h1>{title}</h1>
<div class="date">{_indonesian_date(when)}</div>
<div class="share">Facebook Twitter WhatsApp</div>
<div class="content">
{body}
{credit}
</div>
</article></main>
<aside><h3>Terpopuler</h3><ul><li><a href="/">Berita lain</a></li></ul></aside>
<footer>&copy; 2026 {site}. All rights reserved.</footer>
</body></html>"""


# The feed still lists an article the site has taken down, as real feeds do: the demo shows
# how a failed URL ends up in the `failures` table without stopping the run.
REMOVED_ARTICLE = "/berita/2026/11/22/artikel-yang-sudah-dihapus"


def build_site(base_url: str) -> tuple[dict[str, Response], list[str]]:
    """Routes of the sample site and the article URLs (the feed and sitemap list them too)."""
    articles = load_articles()
    routes: dict[str, Response] = {}
    urls: list[str] = []
    for article in articles:
        path = "/" + article["slug"]
        url = base_url + path
        urls.append(url)
        routes[path] = Response(_page(article, url).encode("utf-8"))
    routes[REMOVED_ARTICLE] = Response(b"<html><body>Halaman tidak ditemukan</body></html>", 404)
    items = "\n".join(
        f"<item><title>{escape(a['title'])}</title><link>{u}</link>"
        f"<pubDate>{format_datetime(datetime.fromisoformat(a['published']))}</pubDate></item>"
        for a, u in zip(articles, urls, strict=True)
    )
    items += f"<item><title>Artikel dihapus</title><link>{base_url}{REMOVED_ARTICLE}</link></item>"
    routes["/rss.xml"] = Response(
        f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>Warta Demo</title><link>{base_url}/</link>{items}</channel></rss>".encode(),
        headers={"Content-Type": "application/rss+xml"},
    )
    entries = "\n".join(
        f"<url><loc>{u}</loc><lastmod>{a['published']}</lastmod></url>"
        for a, u in zip(articles, urls, strict=True)
    )
    routes["/sitemap.xml"] = Response(
        f'<?xml version="1.0" encoding="UTF-8"?>'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>'.encode(),
        headers={"Content-Type": "application/xml"},
    )
    links = "".join(
        f'<li><a href="{u}">{escape(a["title"])}</a></li>'
        for a, u in zip(articles, urls, strict=True)
    )
    routes["/"] = Response(
        f"<html><body><h1>Warta Demo</h1><ul>{links}</ul></body></html>".encode()
    )
    return routes, [*urls, base_url + REMOVED_ARTICLE]
