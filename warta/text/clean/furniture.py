"""Site furniture: whole lines and widgets that are never article prose."""

from __future__ import annotations

import re

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
def is_furniture(line: str) -> bool:
    return any(pattern.match(line) for pattern in FURNITURE_LINES)



TWEET_ATTRIBUTION = re.compile(r"^—\s.*\(@\w+\).*\d{4}$")
# The text of an embedded tweet sits on the line before its attribution.  Its words are a
# quote (often the news itself) and stay; its links (pic.twitter.com, t.co) are widget
# markup and go, and a line left with nothing but handles and hashtags goes too.
_TWEET_LINK = re.compile(r"\s*(?:https?://t\.co/\w+|pic\.twitter\.com/\w+)")
_ONLY_TAGS = re.compile(r"^(?:[@#]\w+[\s.,!?]*)*$")


def strip_tweet_markup(line: str) -> str | None:
    stripped = _TWEET_LINK.sub("", line).strip()
    return None if _ONLY_TAGS.match(stripped) else stripped


