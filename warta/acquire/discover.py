"""Discover stage: article URLs of a source from its feeds, sitemaps, or (last resort) home page.

Feeds go through trafilatura's ``feeds`` module; sitemaps (indexes, news sitemaps) are read
with their ``lastmod`` and ``news:publication_date`` so nightly runs can skip what has not
changed and backfills can take a date range.  Every URL is canonicalized with courlan and kept
only when it belongs to the source's own domains.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import courlan
from lxml import etree
from trafilatura.feeds import FeedParameters, extract_links
from trafilatura.sitemaps import is_plausible_sitemap

from warta.acquire.decoding import decode_bytes
from warta.acquire.fetch import FetchResult
from warta.acquire.polite import PoliteFetcher
from warta.acquire.sources import SourceConfig
from warta.acquire.urls import canonical_url, host_of
from warta.config import get_settings, newsroom_zone
from warta.masking import mask_url
from warta.text.dates import parse_iso

log = logging.getLogger(__name__)

MAX_SITEMAPS = 200
# Article URLs carry an id, a date or a long slug; section pages do not.
ARTICLE_PATH = re.compile(r"\d{4,}|/\d{4}/\d{1,2}/|[a-z0-9]+(?:-[a-z0-9]+){3,}", re.IGNORECASE)


@dataclass(frozen=True)
class DiscoveredURL:
    url: str
    source: str
    via: str  # feed, sitemap, home
    lastmod: datetime | None = None
    published: datetime | None = None

    @property
    def when(self) -> datetime | None:
        return self.published or self.lastmod


@dataclass
class Discovery:
    source: str
    urls: list[DiscoveredURL] = field(default_factory=list)
    # "<kind> <ErrorClass>: <url>: <message>" (kind: feed, sitemap, home)
    errors: list[str] = field(default_factory=list)

    def reasons(self) -> list[str]:
        """Each error's kind and class (``feed:RobotsDisallowed``): the summary's keys."""
        return [":".join(error.split(": ", 1)[0].split(" ", 1)) for error in self.errors]


def _xml_root(body: bytes) -> etree._Element | None:
    if body[:2] == b"\x1f\x8b":  # a .xml.gz sitemap: decompressed under the cap, as it streams
        try:
            body = decode_bytes(body, ["gzip"], get_settings().max_sitemap_bytes)
        except ValueError as exc:  # over the cap, or not gzip after all
            log.warning("sitemap not read: %s", exc)
            return None
    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=False)
    try:
        return etree.fromstring(body, parser)
    except etree.XMLSyntaxError:
        return None


def _local(tag: object) -> str:
    return tag.split("}", 1)[-1] if isinstance(tag, str) else ""


def parse_sitemap(
    body: bytes, timezone: str | None = None
) -> tuple[list[tuple[str, datetime | None]], list[tuple[str, datetime | None, datetime | None]]]:
    """(child sitemaps with lastmod, pages with lastmod and news publication date)."""
    root = _xml_root(body)
    if root is None:
        return [], []
    zone = ZoneInfo(timezone) if timezone else newsroom_zone()
    children: list[tuple[str, datetime | None]] = []
    pages: list[tuple[str, datetime | None, datetime | None]] = []
    for element in root:
        kind = _local(element.tag)
        if kind not in ("sitemap", "url"):
            continue
        fields: dict[str, str] = {}
        for child in element.iter():
            name = _local(child.tag)
            if name in ("loc", "lastmod", "publication_date") and child.text:
                fields.setdefault(name, child.text.strip())
        loc = fields.get("loc")
        if not loc or not loc.startswith("http"):
            continue
        lastmod = parse_iso(fields["lastmod"], zone) if "lastmod" in fields else None
        if kind == "sitemap":
            children.append((loc, lastmod))
        else:
            published = (
                parse_iso(fields["publication_date"], zone)
                if "publication_date" in fields
                else None
            )
            pages.append((loc, lastmod, published))
    return children, pages


def parse_feed(body: bytes, feed_url: str, source: SourceConfig) -> list[DiscoveredURL]:
    """Article links of an RSS/Atom/JSON feed (trafilatura), with their dates when given."""
    text = body.decode("utf-8", "replace")
    parts = urlsplit(feed_url)
    params = FeedParameters(
        f"{parts.scheme}://{parts.netloc}", host_of(feed_url), feed_url, external=True
    )
    dates: dict[str, datetime] = {}
    root = _xml_root(body)
    if root is not None:
        zone = ZoneInfo(source.timezone)
        for item in root.iter("{*}item", "item", "{*}entry", "entry"):
            link = date_text = None
            for child in item:
                name = _local(child.tag)
                if name == "link":
                    link = (child.text or child.get("href") or "").strip() or link
                elif name in ("pubDate", "published", "updated", "date") and child.text:
                    date_text = date_text or child.text.strip()
            if link and date_text:
                parsed = _parse_feed_date(date_text, zone)
                if parsed:
                    dates[canonical_url(link)] = parsed
    found = []
    for link in extract_links(text, params):
        url = canonical_url(link)
        found.append(DiscoveredURL(url, source.name, "feed", published=dates.get(url)))
    return found


def _parse_feed_date(value: str, zone: ZoneInfo) -> datetime | None:
    from email.utils import parsedate_to_datetime

    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return parse_iso(value, zone)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=zone)


def _in_range(when: datetime | None, start: date | None, end: date | None, zone: ZoneInfo) -> bool:
    if start is None and end is None:
        return True
    if when is None:
        return False  # a date-bounded backfill takes only entries that say when they are from
    day = when.astimezone(zone).date()
    return (start is None or day >= start) and (end is None or day <= end)


def _home_links(body: bytes, home: str) -> list[str]:
    links = courlan.extract_links(body.decode("utf-8", "replace"), url=home, external_bool=False)
    return sorted(link for link in links if ARTICLE_PATH.search(urlsplit(link).path))


@dataclass
class _Collector:
    """The URLs a source owns, within the days asked for; a dated entry beats an undated one."""

    source: SourceConfig
    start: date | None
    end: date | None
    seen: dict[str, DiscoveredURL] = field(default_factory=dict)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.source.timezone)

    @property
    def bounded(self) -> bool:
        return self.start is not None or self.end is not None

    def keep(self, item: DiscoveredURL) -> None:
        if not self.source.owns(item.url):
            return
        if not _in_range(item.when, self.start, self.end, self.zone):
            return
        previous = self.seen.get(item.url)
        if previous is None or (item.lastmod and not previous.lastmod):
            self.seen[item.url] = item


def _error(kind: str, url: str, fetched: FetchResult) -> str:
    error = fetched.error
    assert error is not None
    status = f":{error.http_status}" if error.http_status else ""
    return f"{kind} {error.error_class}{status}: {mask_url(url)}: {error.message}"


def _from_feeds(found: _Collector, fetcher: PoliteFetcher, errors: list[str]) -> None:
    for feed in found.source.feeds:
        fetched = fetcher.fetch(str(feed))
        if not fetched.ok:
            errors.append(_error("feed", str(feed), fetched))
            continue
        for item in parse_feed(fetched.body, fetched.final_url, found.source):
            found.keep(item)


def _from_sitemaps(found: _Collector, fetcher: PoliteFetcher, errors: list[str]) -> None:
    """Sitemaps and sitemap indexes, breadth first, at most ``MAX_SITEMAPS`` of them."""
    source, zone = found.source, found.zone
    queue = [str(s) for s in source.sitemaps]
    visited: set[str] = set()
    while queue and len(visited) < MAX_SITEMAPS:
        sitemap_url = queue.pop(0)
        if sitemap_url in visited:
            continue
        visited.add(sitemap_url)
        fetched = fetcher.fetch(sitemap_url)
        if not fetched.ok:
            errors.append(_error("sitemap", sitemap_url, fetched))
            continue
        text = fetched.body[:4096].decode("utf-8", "replace")
        if fetched.body[:2] != b"\x1f\x8b" and not is_plausible_sitemap(sitemap_url, text):
            errors.append(f"sitemap NotASitemap: {mask_url(sitemap_url)}: not a sitemap")
            continue
        children, pages = parse_sitemap(fetched.body, source.timezone)
        for child, lastmod in children:
            # an index entry last modified before the range cannot hold entries in it
            if not (found.start and lastmod and lastmod.astimezone(zone).date() < found.start):
                queue.append(child)
        for loc, lastmod, published in pages:
            url = canonical_url(loc)
            found.keep(DiscoveredURL(url, source.name, "sitemap", lastmod, published))


def _from_home(found: _Collector, fetcher: PoliteFetcher, errors: list[str]) -> None:
    source = found.source
    fetched = fetcher.fetch(str(source.home))
    if not fetched.ok:
        errors.append(_error("home", str(source.home), fetched))
        return
    for link in _home_links(fetched.body, fetched.final_url):
        found.keep(DiscoveredURL(canonical_url(link), source.name, "home"))


def discover(
    source: SourceConfig,
    fetcher: PoliteFetcher,
    *,
    start: date | None = None,
    end: date | None = None,
    use_feeds: bool = True,
) -> Discovery:
    """URLs of ``source``'s articles; with ``start``/``end`` only sitemap/feed entries dated
    within those days (in the source's time zone).  Home-page links only when nothing else
    yields any."""
    result = Discovery(source.name)
    found = _Collector(source, start, end)
    if use_feeds and not found.bounded:
        _from_feeds(found, fetcher, result.errors)
    _from_sitemaps(found, fetcher, result.errors)
    if not found.seen and not found.bounded:
        _from_home(found, fetcher, result.errors)
    result.urls = sorted(found.seen.values(), key=lambda d: d.url)
    return result
