"""What a run fetches: the queue decision over discovered URLs, watermarks and due failures.

Pure: the flows read what the database knows (``db.state``) and pass it in; this module
decides.  A nightly run takes new URLs, URLs whose sitemap ``lastmod`` is after our last
fetch (with a conditional GET), and failed URLs whose retry is due; a backfill takes every
discovered URL in its range.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from warta.acquire.discover import Discovery
from warta.text.records import SourceSelectors


@dataclass(frozen=True)
class WorkItem:
    """One article URL to fetch, with what the last fetch and the discovery told us."""

    url: str  # canonical
    source: str | None = None
    etag: str | None = None  # from the last fetch: conditional GET
    last_modified: str | None = None
    published: datetime | None = None  # what the feed or news sitemap said
    whole_article_query: str | None = None  # sources.yaml: the one-page variant of the URL
    selectors: SourceSelectors | None = None  # sources.yaml: where its pages keep the body


@dataclass(frozen=True)
class KnownURL:
    """The last fetch of a URL already stored."""

    url: str
    fetched_at: datetime
    etag: str | None
    last_modified: str | None


@dataclass(frozen=True)
class FailureState:
    """The latest unresolved failure of a URL."""

    url: str
    attempts: int
    last_seen_at: datetime
    given_up: bool


def is_due(failure: FailureState, base_s: float, now: datetime | None = None) -> bool:
    """A failed URL is tried again after ``base_s * 2**(attempts - 1)`` (unless given up)."""
    if failure.given_up:
        return False
    now = now or datetime.now(UTC)
    return now >= failure.last_seen_at + timedelta(seconds=base_s * 2 ** (failure.attempts - 1))


@dataclass
class Queue:
    """The items to fetch, in URL order, and what happened to every discovered URL."""

    items: list[WorkItem] = field(default_factory=list)
    counts: dict[str | None, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))


def select_work(
    discoveries: list[Discovery],
    known: dict[str, KnownURL],
    failures: dict[str, FailureState],
    *,
    watermark: bool,
    retry_failures: bool,
    retry_base_s: float,
    whole: dict[str, str] | None = None,
    selectors: dict[str, SourceSelectors] | None = None,
    refused: dict[str, datetime] | None = None,
    recheck_refused_s: float = 30 * 86400.0,
    now: datetime | None = None,
) -> Queue:
    """New URLs, changed ones (``lastmod`` after our fetch: conditional GET) and due failures.

    ``watermark=False`` (a backfill) takes every discovered URL; ``retry_failures`` adds
    failed URLs that discovery no longer lists.  ``whole`` maps a source to its one-page
    article query, ``selectors`` to its own selectors.  ``refused``: when URLs were last
    refused as not articles (home, section and index pages that feeds and sitemaps keep
    listing); each is left alone until ``recheck_refused_s`` has passed, in every kind of run.
    """
    whole, selectors = whole or {}, selectors or {}
    refused = refused or {}
    moment = now or datetime.now(UTC)
    queue = Queue()
    found = {d.url: d for discovery in discoveries for d in discovery.urls}
    items: dict[str, WorkItem] = {}
    for url, item in found.items():
        counts = queue.counts[item.source]
        counts["discovered"] += 1
        checked = refused.get(url)
        if checked is not None and moment < checked + timedelta(seconds=recheck_refused_s):
            counts["known_not_article"] += 1
            continue
        failure = failures.get(url)
        if failure is not None and not is_due(failure, retry_base_s, now):
            counts["given_up" if failure.given_up else "waiting_retry"] += 1
            continue
        previous = known.get(url) if watermark else None
        if previous is not None and not (item.lastmod and item.lastmod > previous.fetched_at):
            counts["skipped_known"] += 1
            continue
        items[url] = WorkItem(
            url,
            item.source,
            previous.etag if previous else None,
            previous.last_modified if previous else None,
            item.published,
            whole.get(item.source),
            selectors.get(item.source or ""),
        )
    if retry_failures:
        for url, failure in failures.items():
            if url not in items and url not in found and is_due(failure, retry_base_s, now):
                # a URL discovery no longer lists has no source we know of here
                items[url] = WorkItem(url)
                queue.counts[None]["retried_failure"] += 1
    queue.items = sorted(items.values(), key=lambda w: w.url)
    for work in queue.items:
        queue.counts[work.source]["queued"] += 1
    return queue
