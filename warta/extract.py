"""Extract stage: trafilatura's article body and metadata, plus dates with provenance."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import trafilatura

from warta.dates import find_dates


class ExtractionError(ValueError):
    """The page has no extractable article (empty, binary, not HTML, or no main text)."""


@dataclass
class ExtractedPage:
    url: str | None
    title: str | None
    text: str
    authors: list[str] = field(default_factory=list)
    published: datetime | None = None
    modified: datetime | None = None
    date_source: str | None = None
    sitename: str | None = None
    hostname: str | None = None
    description: str | None = None
    image: str | None = None
    categories: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)


def _split_list(value: str | None, separator: str) -> list[str]:
    if not value:
        return []
    return [part.strip() for part in value.split(separator) if part.strip()]


def extract(
    html: str | bytes, url: str | None = None, *, timezone: str = "Asia/Jakarta"
) -> ExtractedPage:
    if not html or not html.strip():
        raise ExtractionError("empty page")
    if isinstance(html, bytes) and b"\x00" in html[:4096]:
        raise ExtractionError("binary content, not HTML")
    document = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        # trafilatura's deduplication remembers text across calls (a process-wide cache):
        # the same page would lose paragraphs the second time, so re-runs would differ.
        deduplicate=False,
    )
    if document is None or not (document.text or "").strip():
        raise ExtractionError("no article text found")
    dates = find_dates(html, url, timezone_name=timezone)
    return ExtractedPage(
        url=url or document.url,
        title=document.title,
        text=document.text,
        authors=_split_list(document.author, ";"),
        published=dates.published,
        modified=dates.modified,
        date_source=dates.source,
        sitename=document.sitename,
        hostname=document.hostname,
        description=document.description,
        image=document.image,
        categories=_split_list(",".join(document.categories or []), ","),
        tags=_split_list(",".join(document.tags or []), ","),
    )
