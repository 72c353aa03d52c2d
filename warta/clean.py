"""Clean stage: normalize text, split datelines and credits out, strip site furniture.

Rules are written for the shapes Indonesian outlets share (Antara, Detik, Kompas, Republika,
Tempo, Okezone, Liputan6, Viva, KapanLagi, CNN Indonesia, Tribunnews, Kumparan ...), not for
single pages:

* datelines ("REPUBLIKA.CO.ID, JAKARTA --", "JAKARTA, KOMPAS.com -", "Jakarta (ANTARA) -",
  "VIVA.co.id -") open the first paragraph and move to ``dateline``;
* whole furniture lines go: "Baca juga"/"Simak juga" inserts, ADVERTISEMENT, "Scroll to
  continue", share-button rows and inline share widgets ("17Shares / Facebook Twitter ..."),
  gallery counters, photo-credit lines, embedded Instagram/tweet attributions and tweet links,
  "Simak ... Lainnya" teasers, copyright lines; a run of related-article items
  ("02Kamis, 05/11/2015 09:32 WIB Judul") ends the article;
* credit lines at the end ("Editor: ...", "Pewarta: ...", "| Penulis | : ... |", "(ant)",
  "(kpl/pur/tch)", a reporter's name in capitals) move to ``authors``.

Every rule matches a whole line (or a bounded widget inside one) so that a real sentence of
the article is never dropped; ``tests/test_clean_properties.py`` checks that and that
cleaning is idempotent.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import py3langid

if TYPE_CHECKING:  # extract imports split_dateline from here: no import cycle at run time
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
_SOCIAL = (
    r"(?:facebook|twitter|x|whatsapp|google\+|email|e-mail|copy link|salin tautan|line"
    r"|telegram|pinterest|linkedin)"
)
# Whole lines that are page furniture, never article prose.  Each pattern is anchored on
# both ends (or a short bounded line) so that a real sentence that merely mentions "baca
# juga" or "Facebook" is never matched.
FURNITURE_LINES = [
    re.compile(p, re.IGNORECASE)
    for p in (
        # "Baca juga: …", "Simak juga video …", "Lihat Juga: …", "BACA JUGA:" (link inserts)
        r"^(?:baca|simak|lihat|tonton|saksikan)\s+(?:juga|pula|video|selengkapnya)\b.*$",
        r"^(?:berita|artikel)\s+(?:terkait|lainnya|populer|pilihan)\b.{0,80}$",
        # "Simak Lifestyle Populer Lainnya", "Lihat Berita Lainnya"
        r"^(?:simak|lihat|baca)\b.{0,40}\b(?:lainnya|selanjutnya)\s*:?$",
        r"^advertisement\s*$",
        r"^(?:iklan|sponsored|konten sponsor)\s*$",
        r"^scroll\s+(?:down\s+)?to\s+(?:continue|resume)\b.{0,40}$",
        r"^(?:copyright\s*)?©.*$",
        r"^copyright\b.{0,200}$",
        r"^.{0,200}\ball rights reserved\.?$",
        r"^disclaimer\s*:.*$",
        r"^load more\b.{0,10}$",
        r"^(?:share|bagikan|bagikan artikel ini)\s*(?:ke|to|via)?\s*:?$",
        rf"^{_SOCIAL}(?:\s*[/|,]?\s*{_SOCIAL})+$",  # share-button rows
        r"^\d+\s*(?:shares?|komentar|comments?)$",
        r"^-$",
        r"^\d{1,3}$",  # gallery counters
        r"^\d{1,3}\s*(?:/|dari|of)\s*\d{1,3}$",  # "3 / 12", "3 dari 12"
        r"^(?:foto|video|berita)\s+terkait\s*:?$",
        r"^—\s.*\(@\w+\).*\d{4}$",  # attribution line of an embedded tweet
        r"^(?:pic\.twitter\.com/\w+|https?://t\.co/\w+)$",
        # embedded Instagram posts (English and Indonesian widget texts)
        r"^(?:a\s+)?(?:post|photo|video)\s+shared\s+by\b.{0,120}$",
        r"^(?:sebuah\s+)?(?:kiriman|postingan)\s+(?:dibagikan|yang dibagikan)\s+oleh\b.{0,120}$",
        r"^(?:view|lihat)\s+(?:this\s+post\s+on\s+instagram|postingan\s+ini\s+di\s+instagram)$",
        # a photo credit or caption on its own line: "Foto: Antara/Joko", "(Foto: Dok. Istimewa)"
        r"^\(?(?:foto|ilustrasi|photo|sumber foto|gambar)\s*:\s*[^.!?]{1,80}\)?$",
        # "Liputan6.com, Jakarta By Reporter on 16 Feb 2016 at 09:09 WIB 17Shares / Facebook …"
        r"^.{0,200}\bby\s+[A-Z][\w .'-]{2,60}\s+on\s+\d{1,2}\s+\w+\s+\d{4}"
        r"(?:\s+at\s+\d{1,2}[:.]\d{2}\s*(?:WIB|WITA|WIT)?)?$",
        r"^(?:jangan sampai ketinggalan|dapatkan|daftar|subscribe|berlangganan)\b.{0,100}"
        r"\bnewsletter\b.*$",
        r"^(?:klik|click)\s+(?:di\s+)?(?:sini|here)\b.{0,80}$",
        r"^(?:ikuti|follow)\s+(?:kami|berita|us)\b.{0,80}"
        r"\b(?:google news|whatsapp|telegram|instagram)\b.{0,40}$",
    )
]
# "17Shares / Facebook Twitter Google+ Email Copy Link" inside a line: a share widget
SHARE_WIDGET = re.compile(
    rf"\b\d+\s*shares?\s*/?\s*{_SOCIAL}(?:\s*[/|,]?\s*{_SOCIAL})*\b", re.IGNORECASE
)
# "- Kamis, 05/11/2015 09:25 WIB Headline", "02Kamis, 05/11/2015 09:32 WIB Headline",
# "Selasa, 23 Februari 2016 Headline": items of related/popular-article lists (an optional
# rank number glued to the day name).  A headline has no closing full stop or comma, so a
# sentence that opens with "Senin, 12 Februari 2024, ..." and ends with "." is never an item.
RELATED_ITEM = re.compile(
    rf"^-?\s*\d{{0,2}}\s*{_DAY},?\s+\d{{1,2}}(?:/\d{{1,2}}/\d{{2,4}}|\s+[A-Z][a-z]+\s+\d{{4}})"
    r"(?:\s*[|-]?\s*\d{1,2}[:.]\d{2}\b(?:\s*(?:WIB|WITA|WIT))*)?(?:\s[^,].{0,150})?(?<![.,;])$"
)
# this many related items in a row is a related/popular list: the article is over
RELATED_RUN_ENDS_ARTICLE = 3
# a reporter's name in capitals closing the body ("DINI TEJA", "ANTARA")
CAPS_CREDIT = re.compile(r"^[A-Z][A-Z.'’ ]{2,40}$")
_ROLE = (
    r"Editor|Pewarta|Reporter|Penulis|Redaktur|Fotografer|Sumber|Penyunting|Kontributor"
    r"|Editing|Writer|Reported by|Written by|Edited by|Translator|Penerjemah"
)
# Editor: X / Pewarta: X / Reporter: X / Penulis: X lines at the edges
CREDIT_LINE = re.compile(rf"^(?P<role>{_ROLE})\s*:?\s+(?P<name>.{{2,80}})$", re.IGNORECASE)
# (ant), (kpl/pur/tch), (Cas/Isk), (fyk/ash) at the end of the body
INITIALS_CREDIT = re.compile(r"\s*\((?P<ids>[A-Za-z]{2,6}(?:/[A-Za-z]{2,6}){0,4})\)\s*$")
# "| Penulis | : Kontributor Lhokseumawe, Masriadi |": a credit laid out as a table row
TABLE_ROW = re.compile(r"^\|(?P<cells>.*)\|$")
AUTHOR_PREFIX = re.compile(
    r"^(?:Pewarta|Reporter|Penulis|Oleh|By|Editor|Kontributor(?:\s+[A-Z][\w.-]*){0,3},)\s*:?\s*",
    re.IGNORECASE,
)
NOT_A_PERSON = re.compile(
    r"^PT\s|\bMedia\b|\bDesign\b|\bDevelopment\b|\.com\b|\.co\.id\b|\bRedaksi\b|\bNews\b",
    re.IGNORECASE,
)


def _table_row_as_line(line: str) -> str:
    """ "| Editor | : Ervan Hardoko |" -> "Editor: Ervan Hardoko" (other lines unchanged)."""
    row = TABLE_ROW.match(line)
    if not row:
        return line
    cells = [c.strip() for c in row.group("cells").split("|")]
    cells = [c.lstrip(": ").strip() for c in cells if c.strip(" :")]
    if len(cells) == 2 and re.fullmatch(rf"(?:{_ROLE})", cells[0], re.IGNORECASE):
        return f"{cells[0]}: {cells[1]}"
    return line


def _is_furniture(line: str) -> bool:
    return any(pattern.match(line) for pattern in FURNITURE_LINES)


def _clean_author(name: str) -> str | None:
    name = AUTHOR_PREFIX.sub("", name.strip()).strip(" ,;")
    if not name or NOT_A_PERSON.search(name) or len(name) > 80:
        return None
    return name


def _split_names(credit: str) -> list[str]:
    """ "Budisantoso Budiman dan Agus S" -> two people ("dan"/"and"/"&" join names)."""
    return [part for part in re.split(r"\s+(?:dan|and|&)\s+|\s*;\s*", credit) if part.strip()]


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


_TWEET_ATTRIBUTION = re.compile(r"^—\s.*\(@\w+\).*\d{4}$")
# The text of an embedded tweet sits on the line before its attribution.  Its words are a
# quote (often the news itself) and stay; its links (pic.twitter.com, t.co) are widget
# markup and go, and a line left with nothing but handles and hashtags goes too.
_TWEET_LINK = re.compile(r"\s*(?:https?://t\.co/\w+|pic\.twitter\.com/\w+)")
_ONLY_TAGS = re.compile(r"^(?:[@#]\w+[\s.,!?]*)*$")


def _strip_tweet_markup(line: str) -> str | None:
    stripped = _TWEET_LINK.sub("", line).strip()
    return None if _ONLY_TAGS.match(stripped) else stripped


def clean_body(text: str, title: str | None = None) -> tuple[str, str | None, list[str]]:
    """Return (clean text, dateline, credits found in the body).

    Idempotent: cleaning the clean text again changes nothing.
    """
    text = SHARE_WIDGET.sub("\n", normalize_text(text))
    lines = [_table_row_as_line(line) for line in normalize_text(text).split("\n")]
    kept: list[str] = []
    normalized_title = (title or "").casefold()
    after_related_item = False
    related_run = 0
    for line in lines:
        if RELATED_ITEM.match(line):
            after_related_item = True
            related_run += 1
            # a list of related/popular articles after the body: what follows is more of the
            # page's furniture (teasers, more lists), not the article
            if related_run >= RELATED_RUN_ENDS_ARTICLE and kept:
                break
            continue
        if _TWEET_ATTRIBUTION.match(line):
            # an embedded tweet's attribution line; its text (the line before) loses its links
            if kept:
                tweet = _strip_tweet_markup(kept.pop())
                if tweet:
                    kept.append(tweet)
            continue
        if _is_furniture(line):
            continue  # rank numbers and counters between list items keep the run going
        related_run = 0
        if after_related_item:
            after_related_item = False
            # the headline that follows a related item's date (no closing punctuation)
            if len(line) < 150 and not re.search(r"[.!?\"”:]$", line):
                continue
        # the title repeated as the first line of the body
        if not kept and normalized_title and line.casefold().endswith(normalized_title):
            continue
        kept.append(line)
    credits = _pop_credits(kept)
    dateline, kept = _split_leading_dateline(kept)
    return "\n".join(kept), dateline, credits


def _pop_credits(kept: list[str]) -> list[str]:
    """Remove credit lines from the end of ``kept`` (in place); return the names found."""
    credits: list[str] = []
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
    return credits


_DATE_ONLY_LINE = re.compile(r"^[^.!?]{0,80}$")


def _split_leading_dateline(kept: list[str]) -> tuple[str | None, list[str]]:
    """The dateline opens the first real paragraph.

    Lines before it are dropped only when they are short, sentence-less leftovers (a date,
    a location); a dateline-looking line after a real sentence is left alone, so no
    sentence is ever lost and cleaning twice changes nothing.
    """
    for index, line in enumerate(kept[:3]):
        found, rest = split_dateline(line)
        if found:
            return found, (kept[index + 1 :] if not rest else [rest, *kept[index + 1 :]])
        if not _DATE_ONLY_LINE.match(line) or split_dateline(line)[0]:
            break
    return None, kept


def strip_credits_and_dateline(text: str) -> str:
    """``text`` without its leading dateline and trailing credit lines (nothing else removed).

    The benchmark applies this to the Indonesian ground truth, whose bodies keep both.
    """
    lines = normalize_text(text).split("\n")
    _pop_credits(lines)
    _, lines = _split_leading_dateline(lines)
    return "\n".join(lines)


def clean(page: ExtractedPage) -> CleanArticle:
    title = clean_title(page.title, page.sitename, page.url)
    text, dateline, credits = clean_body(page.text, title)
    authors: list[str] = []
    for name in (n for credit in [*page.authors, *credits] for n in _split_names(credit)):
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
