"""The queue decision of nightly runs and backfills, as a pure function."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from warta.acquire.discover import DiscoveredURL, Discovery
from warta.acquire.queue import FailureState, KnownURL, is_due, select_work

NOW = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)
FETCHED = NOW - timedelta(days=1)
HOUR = 3600.0


def _discovery(*entries: DiscoveredURL) -> list[Discovery]:
    return [Discovery("kompas", list(entries))]


def _url(path: str, lastmod: datetime | None = None) -> DiscoveredURL:
    return DiscoveredURL(f"https://kompas.com/{path}", "kompas", "sitemap", lastmod=lastmod)


def test_nightly_takes_new_and_changed_urls_and_skips_unchanged_ones() -> None:
    known = {
        "https://kompas.com/old": KnownURL("https://kompas.com/old", FETCHED, None, None),
        "https://kompas.com/edited": KnownURL(
            "https://kompas.com/edited", FETCHED, '"v1"', "Mon, 30 Nov 2026 01:00:00 GMT"
        ),
    }
    discoveries = _discovery(
        _url("new"),
        _url("old", lastmod=FETCHED - timedelta(hours=2)),
        _url("edited", lastmod=FETCHED + timedelta(hours=2)),
    )
    queue = select_work(
        discoveries,
        known,
        {},
        watermark=True,
        retry_failures=True,
        retry_base_s=HOUR,
        whole={"kompas": "page=all"},
        now=NOW,
    )
    assert [item.url for item in queue.items] == [
        "https://kompas.com/edited",
        "https://kompas.com/new",
    ]
    edited = queue.items[0]
    assert (edited.etag, edited.last_modified) == ('"v1"', "Mon, 30 Nov 2026 01:00:00 GMT")
    assert edited.whole_article_query == "page=all"
    assert queue.items[1].etag is None
    assert dict(queue.counts["kompas"]) == {"discovered": 3, "skipped_known": 1, "queued": 2}


def test_failures_wait_their_turn_give_up_and_come_back_when_due() -> None:
    failures = {
        # 3 attempts: due after 1 h x 2^2 = 4 h; last seen 1 h ago -> waiting
        "https://kompas.com/waiting": FailureState(
            "https://kompas.com/waiting", 3, NOW - timedelta(hours=1), False
        ),
        "https://kompas.com/gone": FailureState(
            "https://kompas.com/gone", 5, NOW - timedelta(days=30), True
        ),
        # no longer discovered, but due: retried without a source
        "https://kompas.com/due": FailureState(
            "https://kompas.com/due", 1, NOW - timedelta(hours=2), False
        ),
    }
    discoveries = _discovery(_url("waiting"), _url("gone"))
    queue = select_work(
        discoveries, {}, failures, watermark=True, retry_failures=True, retry_base_s=HOUR, now=NOW
    )
    assert [(item.url, item.source) for item in queue.items] == [("https://kompas.com/due", None)]
    assert queue.counts["kompas"]["waiting_retry"] == 1
    assert queue.counts["kompas"]["given_up"] == 1
    assert queue.counts[None]["retried_failure"] == 1


def test_a_backfill_takes_every_discovered_url_even_known_ones() -> None:
    known = {"https://kompas.com/old": KnownURL("https://kompas.com/old", FETCHED, '"v1"', None)}
    queue = select_work(
        _discovery(_url("old"), _url("new")),
        known,
        {},
        watermark=False,
        retry_failures=False,
        retry_base_s=HOUR,
        now=NOW,
    )
    assert [item.url for item in queue.items] == ["https://kompas.com/new", "https://kompas.com/old"]
    assert all(item.etag is None for item in queue.items)  # a backfill fetches whole pages


def test_retry_is_due_after_exponential_backoff() -> None:
    failure = FailureState("u", attempts=2, last_seen_at=NOW - timedelta(hours=2), given_up=False)
    assert is_due(failure, HOUR, now=NOW)  # 1 h x 2^1 = 2 h
    assert not is_due(failure, HOUR, now=NOW - timedelta(minutes=1))


def test_pages_refused_as_not_articles_wait_for_their_recheck() -> None:
    refused = {
        # refused 2 days ago: left alone for 30 days
        "https://kompas.com/indeks": NOW - timedelta(days=2),
        # refused 31 days ago: checked again
        "https://kompas.com/kanal/bola": NOW - timedelta(days=31),
    }
    discoveries = _discovery(_url("indeks"), _url("kanal/bola"), _url("read/1"))
    for watermark in (True, False):  # nightly and backfill alike
        queue = select_work(
            discoveries,
            {},
            {},
            watermark=watermark,
            retry_failures=False,
            retry_base_s=HOUR,
            refused=refused,
            recheck_refused_s=30 * 86400,
            now=NOW,
        )
        assert [item.url for item in queue.items] == [
            "https://kompas.com/kanal/bola",
            "https://kompas.com/read/1",
        ]
        assert queue.counts["kompas"]["known_not_article"] == 1
