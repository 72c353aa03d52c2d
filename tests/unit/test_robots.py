"""robots.txt rules, as RFC 9309 reads them, without a network."""

from __future__ import annotations

from warta.acquire.polite import robots_rules

AGENT = "warta/0.1 (news ETL for research)"
ROBOTS = b"""User-agent: *
Disallow: /search
Disallow: /admin/
Crawl-delay: 4

User-agent: BadBot
Disallow: /
"""


def test_disallowed_paths_and_crawl_delay_of_a_robots_txt() -> None:
    rules = robots_rules("https://kompas.com/robots.txt", 200, ROBOTS)
    assert rules is not None
    assert rules.can_fetch(AGENT, "https://kompas.com/read/2026/12/01/berita")
    assert not rules.can_fetch(AGENT, "https://kompas.com/search?q=banjir")
    assert not rules.can_fetch(AGENT, "https://kompas.com/admin/login")
    assert not rules.can_fetch("BadBot", "https://kompas.com/read/1")
    assert rules.crawl_delay(AGENT) == 4


def test_an_unreachable_robots_txt_disallows_everything_for_now() -> None:
    rules = robots_rules("https://kompas.com/robots.txt", 503, b"")
    assert rules is not None and not rules.can_fetch(AGENT, "https://kompas.com/read/1")


def test_no_robots_txt_or_no_answer_allows_everything() -> None:
    assert robots_rules("https://kompas.com/robots.txt", 404, b"") is None
    assert robots_rules("https://kompas.com/robots.txt", None, b"") is None
