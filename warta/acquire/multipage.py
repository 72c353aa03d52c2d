"""Articles split over several pages: find the next page, join the pages' texts once.

Outlets paginate long articles (Republika, Detik, Kompas ...).  Two ways to get them whole:
- a "whole article" URL variant named per source in sources.yaml (``whole_article_query``,
  e.g. ``page=all`` for Kompas, ``single=1`` for Detik): fetched instead of page 1;
- otherwise the next page the page itself announces (``<link rel="next">``, ``<a rel="next">``),
  on the same host, followed up to ``MAX_PAGES`` and ``max_article_bytes`` in all.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from lxml import html as lxml_html

from warta.acquire.fetch import FetchResult
from warta.acquire.polite import PoliteFetcher
from warta.acquire.urls import server_of
from warta.text.clean import CleanArticle

MAX_PAGES = 10


def with_query(url: str, query: str | None) -> str:
    """``url`` with ``query`` ("page=all") added or replacing the same keys."""
    if not query:
        return url
    parts = urlsplit(url)
    params = dict(parse_qsl(parts.query, keep_blank_values=True))
    params.update(parse_qsl(query, keep_blank_values=True))
    return urlunsplit(parts._replace(query=urlencode(params)))


def next_page_url(html: bytes | str, url: str, seen: set[str] | None = None) -> str | None:
    """The next page of a paginated article, when the page names one on its own host."""
    try:
        tree = lxml_html.fromstring(html)
    except (ValueError, lxml_html.etree.ParserError):
        return None
    host = server_of(url)
    seen = seen or set()
    for href in tree.xpath('//link[@rel="next"]/@href | //a[@rel="next"]/@href'):
        candidate = urljoin(url, href.strip())
        parts = urlsplit(candidate)
        same_host = parts.scheme in ("http", "https") and server_of(candidate) == host
        if same_host and candidate != url and candidate not in seen:
            return candidate
    return None


def join_pages(pages: list[CleanArticle]) -> CleanArticle:
    """Page 1's article with the later pages' text appended; lines already seen are skipped
    (pages repeat the lead, captions and furniture).  Its extraction quality is its worst
    page's, with that page's method: one page read wrong makes the article doubtful."""
    first = pages[0]
    if len(pages) == 1:
        return first
    judged = [p for p in pages if p.extraction_quality is not None]
    if judged:
        worst = min(judged, key=lambda p: p.extraction_quality)  # the earliest of equals
        first.extraction_method = worst.extraction_method
        first.extraction_quality = worst.extraction_quality
    seen = set(first.text.split("\n"))
    lines = first.text.split("\n")
    for page in pages[1:]:
        for line in page.text.split("\n"):
            if line not in seen:
                seen.add(line)
                lines.append(line)
        for author in page.authors:
            if author not in first.authors:
                first.authors.append(author)
    first.text = "\n".join(lines)
    return first


def fetch_article(
    fetcher: PoliteFetcher,
    url: str,
    *,
    whole_article_query: str | None = None,
    etag: str | None = None,
    last_modified: str | None = None,
) -> list[FetchResult]:
    """The article's page (its one-page variant when the source has one), then the further
    pages it announces; the first result decides success."""
    first = fetcher.fetch(
        with_query(url, whole_article_query), etag=etag, last_modified=last_modified
    )
    pages = [first]
    seen = {first.url, first.final_url}
    size = len(first.body)
    budget = fetcher.settings.max_article_bytes  # all pages together: a chunk's memory bound
    while pages[-1].ok and not pages[-1].not_modified and len(pages) < MAX_PAGES:
        following = next_page_url(pages[-1].body, pages[-1].final_url, seen)
        if following is None or size >= budget:
            break
        seen.add(following)
        result = fetcher.fetch(following)
        if not result.ok or size + len(result.body) > budget:
            break  # keep the pages we have; the article is still worth loading
        size += len(result.body)
        pages.append(result)
    return pages
