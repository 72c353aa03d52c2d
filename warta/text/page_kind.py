"""Is this page an article?  Home, section, index, tag, search and gallery-index pages are not.

A pure decision over the parsed page and the text extraction kept from it, on general
signals only (no per-site rules):

* the page's declared kind: JSON-LD ``@type`` (NewsArticle, Article, ... versus WebSite,
  CollectionPage, ...) and ``og:type`` (``article`` versus ``website``);
* the address: the caller's URL, ``<link rel=canonical>`` and ``og:url``; a site's root
  (``/``) or a listing path (``/indeks``, ``/tag/…``, ``/search``, ``/kanal/…``) is not an
  article's address;
* the kept text: a teaser list (most lines short headlines, or many lines that are the
  text of a link on the page) is not an article's body.

JSON-LD that names the page an article outranks the other signals (the publisher said so).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from warta.text.jsonld import jsonld_objects, malformed_blocks
from warta.text.normalize import flat
from warta.text.quality import is_link_line, link_texts

ARTICLE_TYPES = frozenset(
    {"article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle",
     "opinionnewsarticle", "blogposting", "liveblogposting", "report", "techarticle",
     "scholarlyarticle", "backgroundnewsarticle", "reviewnewsarticle"}
)
LISTING_TYPES = frozenset(
    {"collectionpage", "searchresultspage", "itemlist", "website", "profilepage"}
)
# path segments that name listings, Indonesian and English
LISTING_SEGMENTS = frozenset(
    {"indeks", "index", "index.html", "index.php", "tag", "tags", "topik", "topic", "topics",
     "search", "cari", "pencarian", "kategori", "category", "categories", "kanal", "section",
     "arsip", "archive", "archives", "terpopuler", "terkini", "populer", "author", "penulis"}
)
_SHORT_LINE_WORDS = 12


@dataclass(frozen=True)
class PageKind:
    is_article: bool
    reason: str


def _jsonld_types(tree: HtmlElement) -> set[str]:
    types: set[str] = set()
    for item in jsonld_objects(tree, nested=False):
        kind = item.get("@type")
        names = kind if isinstance(kind, list) else [kind]
        types.update(n.lower() for n in names if isinstance(n, str))
    # malformed JSON-LD is common: read the types from the text instead
    for text in malformed_blocks(tree):
        types.update(t.lower() for t in re.findall(r'"@type"\s*:\s*"(\w+)"', text))
    return types


def _meta(tree: HtmlElement, prop: str) -> str | None:
    values = tree.xpath(f'//meta[@property="{prop}" or @name="{prop}"]/@content')
    return values[0].strip() if values and values[0].strip() else None


def declared_url(tree: HtmlElement) -> str | None:
    """The page's own address: ``<link rel=canonical>``, else ``og:url`` (absolute only)."""
    for value in tree.xpath('//link[@rel="canonical"]/@href') + [_meta(tree, "og:url") or ""]:
        value = value.strip()
        if value.startswith(("http://", "https://")):
            return value
    return None


def listing_path(url: str | None) -> str | None:
    """Why the URL is a listing's (``"site root"``, ``"listing path /tag/x"``), or None."""
    if not url:
        return None
    path = urlsplit(url).path
    segments = [s.lower() for s in path.split("/") if s]
    if not segments:
        return "site root"
    only = segments[0] if len(segments) == 1 else None
    if segments[0] in LISTING_SEGMENTS or only in {"news", "berita"}:
        return f"listing path {path}"
    return None


def _section_front(url: str | None) -> bool:
    """A one-word path such as ``/sport`` or ``/engine`` (no digits, no slug): a section."""
    segments = [s for s in urlsplit(url or "").path.split("/") if s]
    return len(segments) == 1 and segments[0].isalpha()


def teaser_list(text: str, anchors: frozenset[str]) -> str | None:
    """Why the kept text is a list of teasers rather than prose, or None."""
    lines = [flat(line) for line in text.split("\n") if line.strip()]
    words = sum(len(line.split()) for line in lines)
    if len(lines) < 8 or not words:
        return None
    short = sum(1 for line in lines if len(line.split()) < _SHORT_LINE_WORDS)
    linked = sum(len(line.split()) for line in lines if is_link_line(line, anchors))
    if len(lines) >= 30 and short / len(lines) >= 0.9 and words / len(lines) < 5:
        return f"teaser list: {short} of {len(lines)} lines are short"
    if linked / words >= 0.3:
        return f"teaser list: {linked / words:.0%} of the words are link texts"
    return None


def page_kind(
    tree: HtmlElement, text: str, url: str | None = None, anchors: frozenset[str] | None = None
) -> PageKind:
    """Whether the page is an article, and why (the first signal that decided).

    ``anchors``: the page's headline-length link texts when the caller has them already."""
    types = _jsonld_types(tree)
    if types & ARTICLE_TYPES:
        return PageKind(True, "JSON-LD article type")
    for address in (url, declared_url(tree)):
        reason = listing_path(address)
        if reason:
            return PageKind(False, f"{reason} ({address})")
    if anchors is None:
        anchors = link_texts(tree)
    reason = teaser_list(text, anchors)
    if reason:
        return PageKind(False, reason)
    og_type = (_meta(tree, "og:type") or "").lower()
    if types & LISTING_TYPES and og_type in {"", "website"}:
        listing = sorted(types & LISTING_TYPES)[0]
        return PageKind(False, f"JSON-LD {listing}, og:type {og_type or 'absent'}")
    if og_type == "website" and any(_section_front(a) for a in (url, declared_url(tree))):
        return PageKind(False, f"og:type website at a section address ({declared_url(tree)})")
    return PageKind(True, f"og:type {og_type}" if og_type else "no listing signal")
