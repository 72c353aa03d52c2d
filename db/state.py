"""What the database knows about URLs: watermarks for nightly runs, due failures, stored HTML."""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, case, func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from db.models import Article, Failure, Fetch, RefusedPage, Source
from warta.acquire.queue import FailureState, KnownURL
from warta.acquire.sources import SourceConfig
from warta.config import newsroom_zone


def sync_sources(engine: Engine, sources: list[SourceConfig]) -> None:
    """Insert or update the ``sources`` rows from sources.yaml."""
    if not sources:
        return
    with Session(engine) as session, session.begin():
        for source in sources:
            statement = insert(Source).values(
                name=source.name,
                home_url=str(source.home),
                language=source.language,
                timezone=source.timezone,
            )
            session.execute(
                statement.on_conflict_do_update(
                    index_elements=[Source.name],
                    set_={
                        "home_url": statement.excluded.home_url,
                        "language": statement.excluded.language,
                        "timezone": statement.excluded.timezone,
                    },
                )
            )


def _batches(urls: list[str], size: int = 1000) -> Iterator[list[str]]:
    """URLs in batches, so that an ``IN (...)`` list stays a reasonable size."""
    for start in range(0, len(urls), size):
        yield urls[start : start + size]


def known_urls(engine: Engine, urls: list[str]) -> dict[str, KnownURL]:
    """The last fetch of each URL already stored (for watermarks and conditional GET)."""
    found: dict[str, KnownURL] = {}
    with Session(engine) as session:
        for chunk in _batches(urls):
            rows = session.execute(
                select(Fetch.url, Fetch.fetched_at, Fetch.etag, Fetch.last_modified).where(
                    Fetch.url.in_(chunk)
                )
            )
            for url, fetched_at, etag, last_modified in rows:
                found[url] = KnownURL(url, fetched_at, etag, last_modified)
    return found


def stored_hashes(engine: Engine, urls: list[str]) -> dict[str, str]:
    """The stored ``content_hash`` of each article URL already loaded (to skip unchanged ones)."""
    found: dict[str, str] = {}
    with Session(engine) as session:
        for chunk in _batches(urls):
            rows = session.execute(
                select(Article.url, Article.content_hash).where(Article.url.in_(chunk))
            )
            found.update({url: content_hash for url, content_hash in rows})
    return found


def url_hash(value: str) -> str:
    """The md5 PostgreSQL's generated ``url_hash``/``key_hash`` columns hold for ``value``."""
    return hashlib.md5(value.encode("utf-8"), usedforsecurity=False).hexdigest()


def failure_states(engine: Engine, urls: list[str] | None = None) -> dict[str, FailureState]:
    """Unresolved failures (one per URL: the latest stage), optionally for some URLs only."""
    query = select(
        Failure.url, Failure.attempts, Failure.last_seen_at, Failure.given_up
    ).where(Failure.resolved_at.is_(None))
    if urls is not None:
        query = query.where(Failure.url_hash.in_([url_hash(u) for u in urls]))
    with Session(engine) as session:
        rows = session.execute(query.order_by(Failure.last_seen_at))
        return {row.url: FailureState(*row) for row in rows}


def refused_pages(engine: Engine, urls: list[str]) -> dict[str, datetime]:
    """When each of these URLs was last refused as not an article (``refused_pages``)."""
    found: dict[str, datetime] = {}
    with Session(engine) as session:
        for chunk in _batches(urls):
            rows = session.execute(
                select(RefusedPage.url, RefusedPage.last_checked_at).where(
                    RefusedPage.url_hash.in_([url_hash(u) for u in chunk])
                )
            )
            found.update({url: checked for url, checked in rows})
    return found


def record_refusal(engine: Engine, url: str, reason: str) -> None:
    """Remember that ``url`` is not an article (a home, section or index page), or that it
    still is not one: the queue leaves it alone until its re-check is due."""
    url = url.replace("\x00", "%00")
    with Session(engine) as session, session.begin():
        statement = insert(RefusedPage).values(url=url, reason=reason[:2000].replace("\x00", ""))
        session.execute(
            statement.on_conflict_do_update(
                index_elements=[RefusedPage.url_hash],
                set_={
                    "reason": statement.excluded.reason,
                    "checks": RefusedPage.checks + 1,
                    "last_checked_at": func.now(),
                },
            )
        )


@dataclass(frozen=True)
class StoredPage:
    url: str
    html: bytes
    source: str | None
    final_url: str
    timezone: str | None = None  # its source's time zone (``sources.timezone``)
    feed_published: datetime | None = None  # the date its feed or news sitemap gave


def stored_pages(
    engine: Engine,
    *,
    sources: list[str] | None = None,
    start: date | None = None,
    end: date | None = None,
    since: datetime | None = None,
    timezone: str | None = None,
) -> Iterator[StoredPage]:
    """Raw HTML kept for loaded articles, to re-run clean/enrich/load without refetching,
    with what the extract stage was given the first time: the source's time zone and the
    feed's date when the article's date came from its feed."""
    zone = ZoneInfo(timezone) if timezone else newsroom_zone()
    feed_date = case((Article.date_source == "feed", Article.published_at), else_=None)
    query = (
        select(
            Fetch.url, Fetch.html_zlib, Source.name, Fetch.final_url, Source.timezone, feed_date
        )
        .join(Article, Article.id == Fetch.article_id)
        .outerjoin(Source, Source.id == Article.source_id)
        .order_by(Fetch.url)
    )
    if sources:
        query = query.where(Source.name.in_(sources))
    if start:
        query = query.where(Article.published_at >= datetime.combine(start, time.min, zone))
    if end:
        query = query.where(Article.published_at <= datetime.combine(end, time.max, zone))
    if since:
        query = query.where(Article.updated_at >= since)
    with Session(engine) as session:
        for url, html_zlib, source, final_url, source_zone, feed_published in session.execute(
            query
        ).yield_per(100):
            yield StoredPage(
                url, zlib.decompress(html_zlib), source, final_url, source_zone, feed_published
            )
