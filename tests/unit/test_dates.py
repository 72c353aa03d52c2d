"""Publication dates: every rule of warta.text.dates on real pages and made-up strings."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from tests.conftest import PAGES, ground_truth_articles
from warta.text.dates import find_dates, find_text_dates, parse_iso

WIB = timezone(timedelta(hours=7))
WITA = timezone(timedelta(hours=8))
WIT = timezone(timedelta(hours=9))
JAKARTA = ZoneInfo("Asia/Jakarta")
ARTICLES = ground_truth_articles()
BODY = "<p>" + "Kalimat berita yang cukup panjang untuk diekstrak. " * 10 + "</p>"


def _page(head: str = "", body: str = "") -> str:
    return f"<html><head>{head}</head><body><article>{body}{BODY}</article></body></html>"


def _expected(entry: dict) -> datetime:
    return datetime.fromtimestamp(entry["expected"]["date"] / 1000, UTC).astimezone(WIB)


def _right(published: datetime | None, expected: datetime) -> bool:
    """Right day in Jakarta, right zone offset, and the same instant within the hour."""
    return (
        published is not None
        and published.astimezone(JAKARTA).date() == expected.date()
        and published.utcoffset() == expected.utcoffset()
        and abs((published - expected).total_seconds()) < 3600
    )


# ---------------------------------------------------------------- real pages
@pytest.mark.parametrize("loopback", [False, True], ids=["real-url", "loopback-url"])
def test_ground_truth_pages_get_the_right_day_and_zone(loopback):
    right = []
    for entry in ARTICLES:
        url = f"http://127.0.0.1:8765/{entry['fixture']}" if loopback else entry["expected"]["url"]
        info = find_dates((PAGES / entry["fixture"]).read_bytes(), url)
        assert info.published is None or info.published.tzinfo is not None
        if _right(info.published, _expected(entry)):
            right.append(entry["fixture"])
    assert len(right) / len(ARTICLES) >= 0.95, sorted({e["fixture"] for e in ARTICLES} - set(right))


@pytest.mark.parametrize(
    ("fixture", "source", "expected"),
    [
        # meta "2015-11-05 T10:08:58Z" is a WIB wall clock: the page says "10:08 WIB"
        ("detik/detik-singlepage.html", "meta", datetime(2015, 11, 5, 10, 8, 58, tzinfo=WIB)),
        # JSON-LD in UTC, shown in Jakarta time (same instant)
        (
            "liputan6/liputan6-singlepage.html",
            "jsonld",
            datetime(2016, 2, 16, 9, 10, 56, tzinfo=WIB),
        ),
        ("tempo/tempo-singlepage.html", "jsonld", datetime(2015, 11, 5, 11, 13, tzinfo=WIB)),
        ("antara/antara-singlepage.html", "meta", datetime(2015, 11, 5, 14, 56, 43, tzinfo=WIB)),
        # "Wednesday, 04 November, 2015 | 07:28 WIB" outranks the sidebar's zone-less times
        ("tempo-english/tempoen-singlepage.html", "text", datetime(2015, 11, 4, 7, 28, tzinfo=WIB)),
        ("kompas/kompas-singlepage.html", "text", datetime(2015, 11, 4, 21, 4, tzinfo=WIB)),
    ],
)
def test_real_page_rules(fixture, source, expected):
    info = find_dates((PAGES / fixture).read_bytes(), f"http://127.0.0.1:8765/{fixture}")
    assert info.source == source
    assert info.published == expected
    assert info.published.utcoffset() == expected.utcoffset()


# ---------------------------------------------------------------- made-up strings
@pytest.mark.parametrize(
    ("text", "expected", "has_time"),
    [
        ("Jakarta, Selasa (12/9/2023) - Hujan.", datetime(2023, 9, 12, tzinfo=JAKARTA), False),
        ("16 Februari 2016 14:38 WIB", datetime(2016, 2, 16, 14, 38, tzinfo=WIB), True),
        ("Rabu, 4 Nov 2015 | 21:04 WITA", datetime(2015, 11, 4, 21, 4, tzinfo=WITA), True),
        ("Kamis, 05/11/2015 10:08 WIT", datetime(2015, 11, 5, 10, 8, tzinfo=WIT), True),
        ("Senin, 1 Januari 2024 pukul 08.15 WIB", datetime(2024, 1, 1, 8, 15, tzinfo=WIB), True),
        (
            "Wednesday, 04 November, 2015 | 07:28 WIB",
            datetime(2015, 11, 4, 7, 28, tzinfo=WIB),
            True,
        ),
        ("3 Agustus 2022", datetime(2022, 8, 3, tzinfo=JAKARTA), False),
    ],
)
def test_indonesian_text_dates(text, expected, has_time):
    found = find_text_dates(text, JAKARTA)
    assert found[0] == (expected, has_time)
    assert found[0][0].utcoffset() == expected.utcoffset()


def test_invalid_text_dates_are_skipped():
    assert find_text_dates("31 Februari 2016 dan 45/13/2016", JAKARTA) == []


def test_parse_iso_reads_site_shapes():
    assert parse_iso("2015-11-05 T10:08:58Z", JAKARTA) == datetime(
        2015, 11, 5, 10, 8, 58, tzinfo=UTC
    )
    assert parse_iso("2016-02-16T09:10:56+0700", JAKARTA) == datetime(
        2016, 2, 16, 9, 10, 56, tzinfo=WIB
    )
    naive = parse_iso("2016-02-16 09:10:56", JAKARTA)
    assert naive == datetime(2016, 2, 16, 9, 10, 56, tzinfo=JAKARTA)
    assert parse_iso("kemarin", JAKARTA) is None


def test_jsonld_date_published_and_modified():
    ld = (
        '<script type="application/ld+json">{"@type": "NewsArticle", '
        '"datePublished": "2023-09-12T14:38:00+08:00", "dateModified": "2023-09-12T16:00:00+08:00"}'
        "</script>"
    )
    info = find_dates(_page(ld), "http://127.0.0.1:8765/a")
    assert info.source == "jsonld"
    assert info.published == datetime(2023, 9, 12, 14, 38, tzinfo=WITA)
    assert info.published.utcoffset() == timedelta(hours=8)  # the site's own zone is kept
    assert info.modified == datetime(2023, 9, 12, 16, 0, tzinfo=WITA)


def test_meta_published_time():
    meta = '<meta property="article:published_time" content="2023-09-12T07:38:00Z">'
    info = find_dates(_page(meta), "http://127.0.0.1:8765/a")
    assert info.source == "meta"
    assert info.published == datetime(2023, 9, 12, 14, 38, tzinfo=WIB)
    assert info.published.utcoffset() == timedelta(hours=7)


def test_a_z_time_that_matches_a_wib_stamp_is_read_as_wib():
    meta = '<meta name="pubdate" content="2023-09-12 T14:38:00Z">'
    info = find_dates(_page(meta, "<p>Selasa, 12/09/2023 14:38 WIB</p>"), None)
    assert info.published == datetime(2023, 9, 12, 14, 38, tzinfo=WIB)


def test_a_z_time_consistent_with_the_wib_stamp_is_kept():
    # 07:38Z is 14:38 WIB: the two agree on the instant, nothing is mislabelled
    meta = '<meta name="pubdate" content="2023-09-12T07:38:00Z">'
    info = find_dates(_page(meta, "<p>Selasa, 12/09/2023 14:38 WIB</p>"), None)
    assert info.published == datetime(2023, 9, 12, 14, 38, tzinfo=WIB)


def test_a_z_time_far_from_any_stamp_stays_utc_instant():
    meta = '<meta name="pubdate" content="2023-09-12T03:00:00Z">'
    info = find_dates(_page(meta, "<p>Selasa, 12/09/2023 14:38 WIB</p>"), None)
    assert info.published == datetime(2023, 9, 12, 3, 0, tzinfo=UTC)


def test_feed_date_when_the_page_has_no_structured_date():
    feed = datetime(2023, 9, 12, 7, 0, tzinfo=UTC)
    info = find_dates(_page(), "http://127.0.0.1:8765/a", feed_published=feed)
    assert info.source == "feed"
    assert info.published == feed
    assert info.published.utcoffset() == timedelta(hours=7)


def test_text_stamp_with_zone_wins_over_earlier_zoneless_times():
    body = "<div>Rabu, 4 November 2015 | 19:14</div><div>Rabu, 4 November 2015 | 07:28 WIB</div>"
    info = find_dates(_page(body=body), "http://127.0.0.1:8765/a")
    assert (info.source, info.published) == ("text", datetime(2015, 11, 4, 7, 28, tzinfo=WIB))


def test_url_date_picks_the_text_stamp_of_that_day():
    body = "<p>Senin, 11/09/2023 09:00 WIB</p><p>Selasa, 12/09/2023 14:38 WIB</p>"
    info = find_dates(_page(body=body), "https://berita.example.id/2023/09/12/judul")
    assert (info.source, info.published) == ("text", datetime(2023, 9, 12, 14, 38, tzinfo=WIB))


def test_url_date_alone():
    info = find_dates(_page(), "https://berita.example.id/2023/09/12/judul")
    assert (info.source, info.published) == ("url", datetime(2023, 9, 12, tzinfo=JAKARTA))


def test_htmldate_as_the_last_resort():
    body = '<p class="date">2023-09-12</p>'
    info = find_dates(_page(body=body), "http://127.0.0.1:8765/a")
    assert info.source == "htmldate"
    assert info.published == datetime(2023, 9, 12, tzinfo=JAKARTA)


def test_future_and_ancient_dates_are_implausible():
    meta = '<meta property="article:published_time" content="2999-01-01T00:00:00Z">'
    now = datetime(2024, 1, 1, tzinfo=UTC)
    info = find_dates(_page(meta, "<p>Senin, 1 Januari 1990 10:00 WIB</p>"), None, now=now)
    assert info.published is None or info.published.year not in (2999, 1990)
