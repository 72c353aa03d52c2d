"""A local "news site" for the flow tests: saved real pages under their real URLs (served
through warta's proxy setting), sitemaps and a feed built from them, robots.txt, fault modes."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from email.utils import format_datetime
from urllib.parse import urlsplit

import yaml

from tests.conftest import PAGES, ground_truth_articles
from warta.app.site import LocalSite, Response

OUTLETS = {  # source name -> registered domain of the saved pages
    "antara": "antaranews.com",
    "kompas": "kompas.com",
    "detik": "detik.com",
    "republika": "republika.co.id",
    "tempo": "tempo.co",
    "liputan6": "liputan6.com",
    "okezone": "okezone.com",
    "kapanlagi": "kapanlagi.com",
    "viva": "viva.co.id",
}
FAULT_HOST = "http://www.faults-news.id"


def _source_of(url: str) -> str | None:
    host = urlsplit(url).hostname or ""
    if host == "en.tempo.co":
        return None  # the English page is not part of these sources
    return next((name for name, domain in OUTLETS.items() if host.endswith(domain)), None)


class NewsSite:
    """Pages of ../shared/data/pages/id at their ground-truth URLs, plus fault pages."""

    def __init__(self, tmp_path) -> None:
        self.articles: dict[str, dict] = {}  # url -> ground-truth entry
        routes: dict[str, object] = {}
        by_source: dict[str, list[tuple[str, datetime]]] = {}
        for entry in ground_truth_articles():
            url = entry["expected"]["url"]
            source = _source_of(url)
            if source is None:
                continue
            self.articles[url] = entry
            routes[url] = Response((PAGES / entry["fixture"]).read_bytes())
            when = datetime.fromtimestamp(entry["expected"]["date"] / 1000, UTC)
            by_source.setdefault(source, []).append((url, when))
        self.sources = []
        for source, pages in sorted(by_source.items()):
            home = f"http://www.{OUTLETS[source]}"
            entries = "".join(
                f"<url><loc>{u}</loc><lastmod>{w.isoformat()}</lastmod></url>" for u, w in pages
            )
            routes[f"{home}/sitemap.xml"] = Response(
                f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/'
                f'sitemap/0.9">{entries}</urlset>'.encode(),
                headers={"Content-Type": "application/xml"},
            )
            self.sources.append(
                {"name": source, "home": home + "/", "sitemaps": [f"{home}/sitemap.xml"]}
            )
        # Kompas: a sitemap index, and robots.txt that keeps us out of /private/
        kompas = "http://www.kompas.com"
        routes[f"{kompas}/sitemap.xml"], routes[f"{kompas}/sitemap-articles.xml"] = (
            Response(
                f'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/'
                f'sitemap/0.9"><sitemap><loc>{kompas}/sitemap-articles.xml</loc>'
                f"<lastmod>2016-02-23T10:00:00+07:00</lastmod></sitemap></sitemapindex>".encode(),
                headers={"Content-Type": "application/xml"},
            ),
            Response(
                routes[f"{kompas}/sitemap.xml"].body.replace(  # type: ignore[union-attr]
                    b"</urlset>",
                    f"<url><loc>{kompas}/private/2016/02/23/draft</loc>"
                    f"<lastmod>2016-02-23T10:00:00+07:00</lastmod></url></urlset>".encode(),
                ),
                headers={"Content-Type": "application/xml"},
            ),
        )
        routes[f"{kompas}/robots.txt"] = Response(
            b"User-agent: *\nDisallow: /private/\n", headers={"Content-Type": "text/plain"}
        )
        # Antara: a feed too (RSS built from its pages)
        antara = [(u, w) for u, w in by_source["antara"]]
        items = "".join(
            f"<item><title>t</title><link>{u}</link><pubDate>{format_datetime(w)}</pubDate></item>"
            for u, w in antara
        )
        routes["http://www.antaranews.com/rss/terkini.xml"] = Response(
            f'<?xml version="1.0"?><rss version="2.0"><channel><title>Antara</title>'
            f"<link>http://www.antaranews.com/</link>{items}</channel></rss>".encode(),
            headers={"Content-Type": "application/rss+xml"},
        )
        for source in self.sources:
            if source["name"] == "antara":
                source["feeds"] = ["http://www.antaranews.com/rss/terkini.xml"]
        self._add_faults(routes)
        self.site = LocalSite(routes)  # type: ignore[arg-type]
        self.sources_file = tmp_path / "sources.yaml"
        self.sources_file.write_text(yaml.safe_dump({"sources": self.sources}), encoding="utf-8")

    def _add_faults(self, routes: dict[str, object]) -> None:
        good = (PAGES / "tempo/tempo-singlepage.html").read_bytes()
        calls: dict[str, int] = {}
        lock = threading.Lock()

        def nth_call(name: str) -> int:
            with lock:
                calls[name] = calls.get(name, 0) + 1
                return calls[name]

        def flaky(_handler) -> Response:  # 503 once, then the page
            if nth_call("flaky") == 1:
                return Response(b"busy", 503)
            return Response(good)

        def throttled(_handler) -> Response:  # 429 with Retry-After once, then the page
            if nth_call("throttled") == 1:
                return Response(b"slow down", 429, {"Retry-After": "1"})
            return Response(good.replace(b"Organisasi Kesehatan", b"Badan Kesehatan"))

        charset_page = (
            "<html><head><title>Harga “cabai” naik</title></head><body><article><h1>Harga “cabai”"
            " naik</h1>" + "<p>Pedagang di pasar “Senen” mengeluh karena harga cabai naik tajam"
            " sejak pekan lalu, kata seorang pedagang.</p>" * 8 + "</article></body></html>"
        ).encode()
        pages = {
            "/2016/02/20/flaky-503": flaky,
            "/2016/02/20/throttled-429": throttled,
            "/2016/02/20/slow": Response(good, delay_s=3),
            "/2016/02/20/truncated": Response(good[:2000], headers={"Content-Length": "90000"}),
            "/2016/02/20/wrong-charset": Response(
                charset_page, headers={"Content-Type": "text/html; charset=iso-8859-1"}
            ),
            "/2016/02/20/loop": Response(b"", 302, {"Location": "/2016/02/20/loop"}),
        }
        entries = ""
        for path, route in pages.items():
            routes[FAULT_HOST + path] = route
            entries += f"<url><loc>{FAULT_HOST}{path}</loc><lastmod>2016-02-20</lastmod></url>"
        routes[FAULT_HOST + "/sitemap.xml"] = Response(
            f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"{entries}</urlset>".encode(),
            headers={"Content-Type": "application/xml"},
        )
        self.fault_urls = [FAULT_HOST + p for p in pages]

    def add_fault_source(self) -> None:
        self.sources.append(
            {"name": "faults", "home": FAULT_HOST + "/", "sitemaps": [FAULT_HOST + "/sitemap.xml"]}
        )
        self.sources_file.write_text(yaml.safe_dump({"sources": self.sources}), encoding="utf-8")

    def requests_to(self, prefix: str) -> list[tuple[float, str]]:
        return [(t, path) for t, path, _ in self.site.requests if path.startswith(prefix)]

    def article_requests(self) -> list[str]:
        return [path for _, path, _ in self.site.requests if path in self.articles]
