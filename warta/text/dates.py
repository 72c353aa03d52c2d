"""Publication dates with provenance: JSON-LD, meta tags, Indonesian text dates, htmldate, URL.

Every date is timezone-aware.  Naive dates are read in the source's zone (Asia/Jakarta by
default); WIB, WITA and WIT in the text select UTC+7, +8 and +9.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

import htmldate
from lxml import html as lxml_html

from warta.config import newsroom_zone
from warta.text.jsonld import jsonld_objects

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
    rf"\b(?P<d>\d{{1,2}})\s+(?P<mon>{_MONTH_RE})\.?,?\s+(?P<y>(?:19|20)\d{{2}})"
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


@dataclass(frozen=True)
class TextDate:
    """A date written in the page text, in reading order."""

    when: datetime
    has_time: bool
    zoned: bool  # WIB / WITA / WIT written next to the time: the site's own stamp format


def find_text_stamps(text: str, default_tz: tzinfo, limit: int = 50) -> list[TextDate]:
    """Indonesian (and English month-name) dates in ``text``, in reading order."""
    matches = [
        m for pattern in (TEXT_DATE_NAMED, TEXT_DATE_NUMERIC) for m in pattern.finditer(text)
    ]
    found: list[TextDate] = []
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
        when = datetime.combine(day, clock, _zone(groups.get("tz"), default_tz))
        found.append(TextDate(when, bool(groups["hh"]), bool(groups.get("tz"))))
    return found


def find_text_dates(text: str, default_tz: tzinfo, limit: int = 50) -> list[tuple[datetime, bool]]:
    """Indonesian dates in ``text`` in reading order; the flag says whether one carried a time."""
    return [(stamp.when, stamp.has_time) for stamp in find_text_stamps(text, default_tz, limit)]


def parse_page_date(value: str, timezone_name: str | None = None) -> datetime | None:
    """A date a source's selector picked: ISO 8601, else the first text date in it
    ("Selasa, 16 Februari 2016 14:38 WIB"); naive times are in the newsroom's zone."""
    default_tz = ZoneInfo(timezone_name) if timezone_name else newsroom_zone()
    parsed = parse_iso(value.strip(), default_tz)
    if parsed is not None:
        return parsed
    stamps = find_text_stamps(value, default_tz, limit=1)
    return stamps[0].when if stamps else None


def _jsonld_dates(tree: lxml_html.HtmlElement) -> tuple[str | None, str | None]:
    published = modified = None
    for item in jsonld_objects(tree):
        published = published or item.get("datePublished")
        modified = modified or item.get("dateModified")
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


_PAGE_TEXT = "//body//text()[not(ancestor::script)][not(ancestor::style)]"


def _is_utc(raw: str) -> bool:
    return bool(re.search(r"(?:Z|[+-]00:?00)\s*$", raw.strip()))


def _mislabelled_utc(parsed: datetime, raw: str, stamps: list[TextDate]) -> datetime | None:
    """The local reading of a structured time that says UTC but is really local.

    Some CMSs (detik's ``pubdate`` "2015-11-05 T10:08:58Z") append "Z" to a local WIB wall
    clock.  When a zoned text stamp on the page (``10:08 WIB``) shows the same wall-clock
    minute on the same day, the two only disagree by the zone offset: the text, written for
    readers, is right, so the structured time is re-read in the text's zone.
    """
    if not _is_utc(raw):
        return None
    wall = parsed.replace(tzinfo=None)
    for stamp in stamps:
        if not (stamp.zoned and stamp.has_time) or stamp.when.utcoffset() == timedelta(0):
            continue
        local = stamp.when.replace(tzinfo=None)
        if local.date() == wall.date() and (local.hour, local.minute) == (wall.hour, wall.minute):
            return parsed.replace(tzinfo=stamp.when.tzinfo)
    return None


def find_dates(
    html: str | bytes | lxml_html.HtmlElement,
    url: str | None = None,
    *,
    timezone_name: str | None = None,
    now: datetime | None = None,
    feed_published: datetime | None = None,
) -> DateInfo:
    """Published and modified dates of a page, with where the published date came from.

    Order of trust: JSON-LD, meta tags (both corrected for a mislabelled "Z", see
    ``_mislabelled_utc``), the feed's date, a zoned or timed stamp in the text (checked
    against a date in the URL), the URL's day, htmldate, any text date.
    """
    default_tz = ZoneInfo(timezone_name) if timezone_name else newsroom_zone()
    now = now or datetime.now(UTC)
    latest_plausible = now + timedelta(days=1)
    if isinstance(html, lxml_html.HtmlElement):
        tree = html  # the caller's parse (warta.text.extract parses each page once)
    else:
        try:
            tree = lxml_html.fromstring(html)
        except (ValueError, lxml_html.etree.ParserError):
            return DateInfo(None, None, None)

    def plausible(value: datetime | None) -> datetime | None:
        if value is None or value.year < 1995 or value > latest_plausible:
            return None
        # UTC instants are shown in the source's zone (same instant, local day and clock)
        return value.astimezone(default_tz) if value.utcoffset() == timedelta(0) else value

    found_stamps: list[list[TextDate]] = []

    def stamps() -> list[TextDate]:
        # the page's text dates, read only when a rule needs them (most pages have a
        # structured date that is not labelled UTC: no text scan at all)
        if not found_stamps:
            page_text = " ".join(tree.xpath(_PAGE_TEXT))
            found = find_text_stamps(page_text, default_tz)
            found_stamps.append([stamp for stamp in found if plausible(stamp.when)])
        return found_stamps[0]

    def structured(raw: str | None) -> datetime | None:
        parsed = parse_iso(raw, default_tz) if raw else None
        if parsed is None or raw is None:
            return None
        corrected = _mislabelled_utc(parsed, raw, stamps()) if _is_utc(raw) else None
        return plausible(corrected or parsed)

    ld_published, ld_modified = _jsonld_dates(tree)
    meta_published, meta_modified = _meta_dates(tree)
    modified = structured(ld_modified) or structured(meta_modified)
    for raw, source in ((ld_published, "jsonld"), (meta_published, "meta")):
        parsed = structured(raw)
        if parsed:
            return DateInfo(parsed, modified, source)
    if feed_published is not None and plausible(feed_published):
        return DateInfo(plausible(feed_published), modified, "feed")

    return _unstructured_date(tree, url, stamps(), modified, default_tz, plausible)


def _url_day(url: str | None) -> date | None:
    match = URL_DATE.search(url or "")
    if not match:
        return None
    try:
        return date(int(match["y"]), int(match["m"]), int(match["d"]))
    except ValueError:
        return None


def _unstructured_date(
    html: lxml_html.HtmlElement,
    url: str | None,
    stamps: list[TextDate],
    modified: datetime | None,
    default_tz: tzinfo,
    plausible: Callable[[datetime | None], datetime | None],
) -> DateInfo:
    """A page without a structured date: its text stamps, the URL's day, htmldate.

    The page's first stamp written with its zone ("07:28 WIB"), else the first with a clock
    time ("4 November 2015 | 21:04"), is nearly always the article's own; sidebars list
    their items' times without the zone more often than not.  A date in the URL outranks
    both and picks among them.
    """
    with_time = [s.when for s in stamps if s.has_time and s.zoned]
    with_time += [s.when for s in stamps if s.has_time and not s.zoned]
    url_day = _url_day(url)
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
    if stamps:
        return DateInfo(stamps[0].when, modified, "text")
    return DateInfo(None, modified, None)
