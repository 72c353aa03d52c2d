"""The text stages' records: a page as extracted, an article as cleaned."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from warta.text.normalize import content_hash


@dataclass(frozen=True)
class SourceSelectors:
    """A source's own selectors (``sources.yaml``), CSS or XPath; each is tried first."""

    body: str | None = None
    title: str | None = None
    date: str | None = None


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
    # which reader gave the body (trafilatura-fast, trafilatura, trafilatura-precision,
    # trafilatura-recall, jsonld, paragraphs, selector) and how well it agreed with the page
    # (warta.text.quality: 0..1)
    extraction_method: str | None = None
    extraction_quality: float | None = None


@dataclass
class CleanArticle:
    url: str | None
    title: str | None
    text: str
    dateline: str | None
    authors: list[str]
    published: datetime | None
    modified: datetime | None
    date_source: str | None
    language: str | None
    sitename: str | None
    image: str | None = None
    categories: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    extraction_method: str | None = None
    extraction_quality: float | None = None

    @property
    def word_count(self) -> int:
        return len(self.text.split())

    @property
    def content_hash(self) -> str:
        return content_hash(self.title, self.text)
