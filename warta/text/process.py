"""The per-page journey without orchestration: extract -> clean (used by flows and the CLI)."""

from __future__ import annotations

from datetime import datetime

from warta.acquire.urls import canonical_url
from warta.text.clean import CleanArticle, clean
from warta.text.extract import extract
from warta.text.records import SourceSelectors


def process_html(
    html: str | bytes,
    url: str | None = None,
    *,
    timezone: str | None = None,
    feed_published: datetime | None = None,
    selectors: SourceSelectors | None = None,
) -> CleanArticle:
    """Extract and clean one page; raises ``ExtractionError`` when there is no article
    (``NotAnArticle``, a subclass, for home, section and index pages, with the reason).

    ``feed_published``: the date a feed or news sitemap gave, used when the page has no
    structured date of its own.  ``selectors``: the source's own body/title/date selectors
    (``sources.yaml``), tried first.
    """
    canonical = canonical_url(url) if url else None
    page = extract(
        html, canonical, timezone=timezone, feed_published=feed_published, selectors=selectors
    )
    article = clean(page)
    # the caller's URL, else the page's own (<link rel=canonical>, og:url)
    article.url = canonical or (canonical_url(article.url) if article.url else None)
    return article


def article_json(article: CleanArticle) -> dict:
    """The JSON shape of ``warta extract``."""
    return {
        "url": article.url,
        "title": article.title,
        "published": article.published.isoformat() if article.published else None,
        "date_source": article.date_source,
        "authors": article.authors,
        "dateline": article.dateline,
        "language": article.language,
        "sitename": article.sitename,
        "word_count": article.word_count,
        "extraction_method": article.extraction_method,
        "extraction_quality": article.extraction_quality,
        "text": article.text,
    }
