"""Publication dates with provenance: JSON-LD, meta tags, Indonesian text dates, htmldate, URL.

Every date is timezone-aware.  Naive dates are read in the source's zone (Asia/Jakarta by
default); WIB, WITA and WIT in the text select UTC+7, +8 and +9.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

import htmldate
from lxml import html as lxml_html

INDONESIAN_ZONES: dict[str, tzinfo] = {
    "WIB": timezone(timedelta(hours=7), "WIB"),
    "WITA": timezone(timedelta(hours=8), "WITA"),
    "WIT": timezone(timedelta(hours=9), "WIT"),
}
MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("januari", "jan", "january"),
            ("februari", "feb", "pebruari", "february"),
            ("maret", "mar", "march"),
            ("april", "apr"),
            ("mei", "may"),
            ("juni", "jun", "june"),
            ("juli", "jul", "july"),
            ("agustus", "agu", "agt", "aug", "august"),
            ("september", "sep", "sept"),
            ("oktober", "okt", "oct", "october"),
            ("november", "nov", "nopember"),
            ("desember", "des", "dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
_TIME_RE = r"(?P<hh>\d{1,2})[:.](?P<mi>\d{2})(?::(?P<ss>\d{2}))?\s*(?P<tz>WIB|WITA|WIT)?\b"
# "16 Februari 2016 14:38 WIB", "15 Februari 2016, 16:15 WIB", "4 November 2015 | 21:04 WIB"
TEXT_DATE_NAMED = re.compile(
    rf"\b(?P<d>\d{{1,2}})\s+(?P<mon>{_MONTH_RE})\.?\s+(?P<y>(?:19|20)\d{{2}})"
    rf"(?:\s*(?:[,|\-–]|pukul|jam|at)?\s*{_TIME_RE})?",
    re.IGNORECASE,
)
# "Kamis, 05/11/2015 10:08 WIB", "Selasa (12/9/2023)"
TEXT_DATE_NUMERIC = re.compile(
    rf"\b(?P<d>\d{{1,2}})/(?P<m>\d{{1,2}})/(?P<y>(?:19|20)\d{{2}}|\d{{2}})\b\)?"
    rf"(?:\s*[,|\-–]?\s*{_TIME_RE})?"
)
URL_DATE = re.compile(r"/(?P<y>(?:19|20)\d{2})/(?P<m>\d{1,2})/(?P<d>\d{1,2})/")
META_PUBLISHED = (
    "article:published_time",
    "og:published_time",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "datepublished",
    "content_publisheddate",
    "dc.date.issued",
    "dc.date",
    "date",
    "sailthru.date",
    "parsely-pub-date",
)
META_MODIFIED = ("article:modified_time", "og:updated_time", "datemodified", "lastmod")


@dataclass(frozen=True)
class DateInfo:
    published: datetime | None
    modified: datetime | None
    source: str | None  # jsonld, meta, text, htmldate, url, feed


def _zone(name: str | None, default: tzinfo) -> tzinfo:
    if name and name.upper() in INDONESIAN_ZONES:
        return INDONESIAN_ZONES[name.upper()]
    return default


def parse_iso(value: str, default_tz: tzinfo) -> datetime | None:
    """Parse ISO-like timestamps as sites write them ("2015-11-05 T10:08:58Z" included)."""
    value = value.strip().replace(" T", "T")
    if not value:
        return None
    if value.endswith("Z"):
        value = value[:-1] + "+00:00"
    value = re.sub(r"([+-]\d{2})(\d{2})$", r"\1:\2", value)
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        try:
            parsed = datetime.fromisoformat(value.replace(" ", "T", 1))
        except ValueError:
            return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=default_tz)
    return parsed


def find_text_dates(text: str, default_tz: tzinfo, limit: int = 50) -> list[tuple[datetime, bool]]:
    """Indonesian dates in ``text`` in reading order; the flag says whether one carried a time."""
    matches = [
        m for pattern in (TEXT_DATE_NAMED, TEXT_DATE_NUMERIC) for m in pattern.finditer(text)
    ]
    found: list[tuple[datetime, bool]] = []
    for match in sorted(matches, key=lambda m: m.start())[:limit]:
        groups = match.groupdict()
        year = int(groups["y"])
        year = year + 2000 if year < 100 else year
        month = MONTHS[groups["mon"].lower()] if groups.get("mon") else int(groups["m"])
        try:
            day = date(year, month, int(groups["d"]))
            clock = (
                time(int(groups["hh"]), int(groups["mi"]), int(groups["ss"] or 0))
                if groups.get("hh")
                else time(0, 0)
            )
        except ValueError:
            continue
        found.append(
            (datetime.combine(day, clock, _zone(groups.get("tz"), default_tz)), bool(groups["hh"]))
        )
    return found


def find_text_date(text: str, default_tz: tzinfo) -> tuple[datetime, bool] | None:
    dates = find_text_dates(text, default_tz, limit=5)
    return dates[0] if dates else None


def _jsonld_dates(tree: lxml_html.HtmlElement) -> tuple[str | None, str | None]:
    published = modified = None
    for script in tree.xpath('//script[@type="application/ld+json"]/text()'):
        try:
            data = json.loads(script)
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                published = published or item.get("datePublished")
                modified = modified or item.get("dateModified")
                stack.extend(v for v in item.values() if isinstance(v, dict | list))
    return (
        published if isinstance(published, str) else None,
        modified if isinstance(modified, str) else None,
    )


def _meta_dates(tree: lxml_html.HtmlElement) -> tuple[str | None, str | None]:
    found: dict[str, str] = {}
    for meta in tree.xpath("//meta[@content]"):
        for attr in ("property", "name", "itemprop"):
            key = (meta.get(attr) or "").strip().lower()
            if key and key not in found:
                found[key] = meta.get("content")
    for element in tree.xpath('//time[@datetime][@itemprop="datePublished"]'):
        found.setdefault("datepublished", element.get("datetime"))
    published = next((found[k] for k in META_PUBLISHED if found.get(k)), None)
    modified = next((found[k] for k in META_MODIFIED if found.get(k)), None)
    return published, modified


def find_dates(
    html: str | bytes,
    url: str | None = None,
    *,
    timezone_name: str = "Asia/Jakarta",
    now: datetime | None = None,
) -> DateInfo:
    default_tz = ZoneInfo(timezone_name)
    now = now or datetime.now(UTC)
    latest_plausible = now + timedelta(days=1)
    try:
        tree = lxml_html.fromstring(html)
    except (ValueError, lxml_html.etree.ParserError):
        return DateInfo(None, None, None)

    def plausible(value: datetime | None) -> datetime | None:
        if value is None or value.year < 1995 or value > latest_plausible:
            return None
        return value

    ld_published, ld_modified = _jsonld_dates(tree)
    meta_published, meta_modified = _meta_dates(tree)
    modified = plausible(parse_iso(ld_modified, default_tz) if ld_modified else None) or plausible(
        parse_iso(meta_modified, default_tz) if meta_modified else None
    )
    for raw, source in ((ld_published, "jsonld"), (meta_published, "meta")):
        parsed = plausible(parse_iso(raw, default_tz)) if raw else None
        if parsed:
            return DateInfo(parsed, modified, source)

    # No structured date: the page's first date with a clock time ("4 November 2015 | 21:04
    # WIB") is nearly always the article's own stamp; a date in the URL outranks it.
    page_text = " ".join(tree.xpath("//body//text()[not(ancestor::script)][not(ancestor::style)]"))
    text_dates = [found for found in find_text_dates(page_text, default_tz) if plausible(found[0])]
    with_time = [when for when, has_time in text_dates if has_time]
    url_match = URL_DATE.search(url or "")
    if url_match:
        try:
            url_day = date(int(url_match["y"]), int(url_match["m"]), int(url_match["d"]))
        except ValueError:
            url_day = None
        if url_day:
            same_day = [when for when in with_time if when.date() == url_day]
            if same_day:
                return DateInfo(same_day[0], modified, "text")
            return DateInfo(datetime.combine(url_day, time(0, 0), default_tz), modified, "url")
    if with_time:
        return DateInfo(with_time[0], modified, "text")
    day_text = htmldate.find_date(
        html, url=url, original_date=True, outputformat="%Y-%m-%d", extensive_search=True
    )
    if day_text:
        day_start = plausible(
            datetime.combine(date.fromisoformat(day_text), time(0, 0), default_tz)
        )
        if day_start:
            return DateInfo(day_start, modified, "htmldate")
    if text_dates:
        return DateInfo(text_dates[0][0], modified, "text")
    return DateInfo(None, modified, None)
