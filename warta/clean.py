"""Clean stage: normalize text, split datelines and credits out, strip site furniture.

Rules are written for the shapes Indonesian outlets share (Antara, Kompas, Detik, Republika,
Tempo, Liputan6, Okezone, Viva, KapanLagi ...), not for single pages.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

import py3langid

from warta.extract import ExtractedPage

# ---------------------------------------------------------------- text normalization
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_ZERO_WIDTH = re.compile(r"[\u200b-\u200d\u2060\ufeff]")


def normalize_text(text: str) -> str:
    """NFC, no zero-width characters, single spaces, stripped lines, no empty lines."""
    text = unicodedata.normalize("NFC", text)
    text = _ZERO_WIDTH.sub("", text).replace("\r\n", "\n").replace("\r", "\n")
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


# ---------------------------------------------------------------- datelines
_MEDIA = (
    r"(?:[A-Za-z0-9][A-Za-z0-9-]*\.(?:co\.id|com|co|id|net|news)(?:/[A-Za-z]+)?"
    r"|ANTARA(?:\s+News)?(?:/[A-Za-z]+)?|Antara(?:\s+News)?(?:/[A-Za-z]+)?)"
)
_PLACE = r"(?:[A-Z][A-Za-z'’.-]+(?:\s+[A-Z][A-Za-z'’.-]+){0,3})"
_PLACE_LIST = rf"{_PLACE}(?:,\s*{_PLACE}){{0,2}}"
_DATE_IN_DATELINE = r"(?:\d{1,2}\s+[A-Z][a-z]+\s+\d{4})"
_SEP = r"\s*(?:-{1,2}|–|—|:)(?:\s+|$)"
DATELINE = re.compile(
    r"^(?:"
    rf"{_MEDIA},\s*{_PLACE_LIST}{_SEP}"  # REPUBLIKA.CO.ID, JAKARTA --  / Liputan6.com, Jakarta:
    rf"|{_PLACE_LIST},\s*{_MEDIA}{_SEP}"  # JAKARTA, KOMPAS.com -
    rf"|{_PLACE_LIST}(?:,\s*{_DATE_IN_DATELINE})?\s*\(\s*{_MEDIA}\s*\){_SEP}"  # Jakarta (ANTARA) -
    rf"|{_MEDIA}{_SEP}"  # VIVA.co.id -
    r"|[A-Z][A-Z .]{1,30}(?:,\s*[A-Z][A-Za-z .]{1,30})?\s*(?:-{1,2}|–|—)\s+"  # JAKARTA -
    r"|[A-Z][a-z]+(?:\s[A-Z][a-z]+)?\s(?:-{1,2}|–|—)\s+(?=[A-Z\"“])"  # Jakarta - (detik)
    r")"
)


def split_dateline(text: str) -> tuple[str | None, str]:
    """("REPUBLIKA.CO.ID, JAKARTA", rest) from "REPUBLIKA.CO.ID, JAKARTA -- rest"."""
    match = DATELINE.match(text[:120])
    if not match:
        return None, text
    dateline = re.sub(r"\s*(?:-{1,2}|–|—|:)\s*$", "", match.group(0)).strip()
    return dateline, text[match.end() :].lstrip()


# ---------------------------------------------------------------- furniture and credits
_DAY = r"(?:Senin|Selasa|Rabu|Kamis|Jumat|Jum'at|Sabtu|Minggu|Ahad)"
FURNITURE_LINES = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"^(?:baca|simak|lihat|tonton|saksikan)\s+(?:juga|pula|video|selengkapnya)\b.*$",
        r"^(?:berita|artikel)\s+(?:terkait|lainnya|populer)\b.*$",
        r"^simak\b.{0,40}\blainnya$",
        r"^advertisement$",
        r"^scroll\s+(?:down\s+)?to\s+(?:continue|resume)\b.*$",
        r"^(?:copyright\s*)?©.*$",
        r"^copyright\b.*$",
        r"^.*\ball rights reserved\.?$",
        r"^disclaimer\s*:.*$",
        r"^load more\b.*$",
        r"^(?:share|bagikan)\s*(?:ke|to)?\s*:?$",
        r"^(?:facebook|twitter|whatsapp|google\+|email|copy link|line|telegram)"
        r"(?:\s+(?:facebook|twitter|whatsapp|google\+|email|copy link|line|telegram))+$",
        r"^\d+\s*shares?$",
        r"^-$",
        r"^\d{1,3}$",  # gallery counters
        r"^(?:foto|video|berita)\s+terkait\s*:?$",
        r"^—\s.*\(@\w+\).*\d{4}$",  # attribution line of an embedded tweet
    )
]
# "- Kamis, 05/11/2015 09:25 WIB Headline": items of related-article lists
RELATED_ITEM = re.compile(
    rf"^-?\s*{_DAY},?\s+\d{{1,2}}(?:/\d{{1,2}}/\d{{2,4}}|\s+[A-Z][a-z]+\s+\d{{4}})\b.*$"
)
# a reporter's name in capitals closing the body ("DINI TEJA", "ANTARA")
CAPS_CREDIT = re.compile(r"^[A-Z][A-Z.'’ ]{2,40}$")
# Editor: X / Pewarta: X / Reporter: X / Penulis: X lines at the edges
CREDIT_LINE = re.compile(
    r"^(?P<role>Editor|Pewarta|Reporter|Penulis|Redaktur|Fotografer|Sumber)\s*:?\s+(?P<name>.{2,80})$",
    re.IGNORECASE,
)
# (ant), (kpl/pur/tch), (Cas/Isk), (fyk/ash) at the end of the body
INITIALS_CREDIT = re.compile(r"\s*\((?P<ids>[A-Za-z]{2,6}(?:/[A-Za-z]{2,6}){0,4})\)\s*$")
AUTHOR_PREFIX = re.compile(r"^(?:Pewarta|Reporter|Penulis|Oleh|By|Editor)\s*:?\s+", re.IGNORECASE)
NOT_A_PERSON = re.compile(
    r"^PT\s|\bMedia\b|\bDesign\b|\bDevelopment\b|\.com\b|\.co\.id\b|\bRedaksi\b|\bNews\b",
    re.IGNORECASE,
)


def _is_furniture(line: str) -> bool:
    return any(pattern.match(line) for pattern in FURNITURE_LINES)


def _clean_author(name: str) -> str | None:
    name = AUTHOR_PREFIX.sub("", name.strip()).strip(" ,;")
    if not name or NOT_A_PERSON.search(name) or len(name) > 80:
        return None
    return name


# ---------------------------------------------------------------- titles
_TITLE_SEPARATORS = re.compile(r"\s+[|–—-]\s+|\s*\|\s*")


def _site_labels(sitename: str | None, url: str | None) -> set[str]:
    labels: set[str] = set()
    if url:
        host = (urlsplit(url).hostname or "").lower().removeprefix("www.")
        parts = [p for p in host.split(".") if p not in {"co", "id", "com", "net", "or", "go"}]
        labels.update(p for p in parts[-1:] if len(p) > 2)
    if sitename:
        labels.update(w.lower() for w in re.findall(r"[A-Za-z]{4,}", sitename))
    return labels


def clean_title(
    title: str | None, sitename: str | None = None, url: str | None = None
) -> str | None:
    """Strip "… | Republika Online", "… - Kompas.com", "KapanLagi.com: …"."""
    if not title:
        return None
    title = normalize_text(title).replace("\n", " ")
    labels = _site_labels(sitename, url)

    def is_site(segment: str) -> bool:
        lowered = segment.lower()
        return bool(labels) and any(label in lowered for label in labels) and len(segment) < 40

    prefix = re.match(r"^(?P<site>[^:]{3,30}):\s+", title)
    if prefix and is_site(prefix.group("site")) and "." in prefix.group("site"):
        title = title[prefix.end() :]
    segments = _TITLE_SEPARATORS.split(title)
    while len(segments) > 1 and is_site(segments[-1]):
        segments.pop()
    while len(segments) > 1 and is_site(segments[0]):
        segments.pop(0)
    separators = _TITLE_SEPARATORS.findall(title)
    rebuilt = segments[0]
    # re-join kept segments with their original separators (titles may contain " - ")
    if len(segments) > 1:
        start = title.find(segments[0])
        end = title.find(segments[-1]) + len(segments[-1])
        rebuilt = title[start:end]
    del separators
    return rebuilt.strip() or title


# ---------------------------------------------------------------- the article
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

    @property
    def word_count(self) -> int:
        return len(self.text.split())

    @property
    def content_hash(self) -> str:
        return content_hash(self.title, self.text)


def content_hash(title: str | None, text: str) -> str:
    """sha256 over the normalized title and text: what decides "changed"."""
    payload = f"{normalize_text(title or '')}\n\n{normalize_text(text)}".casefold()
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def detect_language(text: str) -> str | None:
    if not text.strip():
        return None
    language, _score = py3langid.classify(text[:5000])
    return language


def clean_body(text: str, title: str | None = None) -> tuple[str, str | None, list[str]]:
    """Return (clean text, dateline, credits found in the body)."""
    lines = normalize_text(text).split("\n")
    credits: list[str] = []
    kept: list[str] = []
    normalized_title = (title or "").casefold()
    after_related_item = False
    for line in lines:
        if RELATED_ITEM.match(line):
            after_related_item = True
            continue
        if after_related_item:
            after_related_item = False
            # the headline that follows a related item's date (no closing punctuation)
            if len(line) < 150 and not re.search(r"[.!?\"”:]$", line):
                continue
        if _is_furniture(line):
            continue
        # the title repeated as the first line of the body
        if not kept and normalized_title and line.casefold().endswith(normalized_title):
            continue
        kept.append(line)
    # credit lines sit at the end of the body
    while kept:
        last = kept[-1]
        credit = CREDIT_LINE.match(last)
        if credit:
            if credit.group("role").lower() != "sumber":
                credits.append(credit.group("name").strip())
            kept.pop()
            continue
        if len(kept) > 1 and CAPS_CREDIT.match(last) and len(last.split()) <= 4:
            credits.append(last.title())
            kept.pop()
            continue
        initials = INITIALS_CREDIT.search(last)
        if initials:
            credits.append(initials.group("ids"))
            remainder = last[: initials.start()].rstrip()
            kept.pop()
            if remainder:
                kept.append(remainder)
            continue
        break
    # the dateline opens the first real paragraph (after any leftover date lines)
    dateline = None
    for index, line in enumerate(kept[:3]):
        found, rest = split_dateline(line)
        if found:
            dateline = found
            kept = kept[index + 1 :] if not rest else [rest, *kept[index + 1 :]]
            break
    return "\n".join(kept), dateline, credits


def clean(page: ExtractedPage) -> CleanArticle:
    title = clean_title(page.title, page.sitename, page.url)
    text, dateline, credits = clean_body(page.text, title)
    authors: list[str] = []
    for name in [*page.authors, *credits]:
        cleaned = _clean_author(name)
        if cleaned and cleaned not in authors:
            authors.append(cleaned)
    return CleanArticle(
        url=page.url,
        title=title,
        text=text,
        dateline=dateline,
        authors=authors,
        published=page.published,
        modified=page.modified,
        date_source=page.date_source,
        language=detect_language(text),
        sitename=page.sitename,
        image=page.image,
        categories=page.categories,
        tags=page.tags,
    )
