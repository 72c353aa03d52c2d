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

import html
import re
from functools import lru_cache

from warta.text.clean.credits import (
    clean_author,
    pop_credits,
    split_media_tail,
    split_names,
    table_row_as_line,
)
from warta.text.clean.datelines import split_dateline, split_leading_dateline
from warta.text.clean.furniture import (
    RELATED_ITEM,
    RELATED_RUN_ENDS_ARTICLE,
    SHARE_WIDGET,
    TWEET_ATTRIBUTION,
    is_furniture,
    strip_tweet_markup,
)
from warta.text.clean.titles import clean_title
from warta.text.language import detect_language
from warta.text.normalize import content_hash, normalize_text
from warta.text.records import CleanArticle, ExtractedPage

__all__ = [
    "CleanArticle",
    "clean",
    "clean_body",
    "clean_title",
    "content_hash",
    "normalize_text",
    "split_dateline",
    "strip_credits_and_dateline",
]

# An HTML character reference left in extracted text ("Relation &amp; CSR", escaped twice in
# the page): only whole references with their semicolon, so "R&D" and "AT&T" stay as written.
_CHARACTER_REFERENCE = re.compile(
    r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"
)


def unescape_entities(text: str) -> str:
    """``&amp;`` -> ``&``, repeated until none is left (idempotent: text escaped twice too)."""
    while True:  # ends: every replacement shortens the text
        unescaped = _CHARACTER_REFERENCE.sub(lambda m: html.unescape(m.group()), text)
        if unescaped == text:
            return text
        text = unescaped


def clean_body(text: str, title: str | None = None) -> tuple[str, str | None, list[str]]:
    """Return (clean text, dateline, credits found in the body).

    Idempotent: cleaning the clean text again changes nothing.  The extract stage cleans the
    body it keeps to judge it; the clean stage then gets the same result from a small cache.
    """
    text, dateline, credits = _clean_body(text, title)
    return text, dateline, list(credits)


@lru_cache(maxsize=16)
def _clean_body(text: str, title: str | None) -> tuple[str, str | None, tuple[str, ...]]:
    text = SHARE_WIDGET.sub("\n", normalize_text(unescape_entities(text)))
    lines: list[str] = []
    media_credits: list[str] = []
    for line in normalize_text(text).split("\n"):
        line, names = split_media_tail(table_row_as_line(line))
        media_credits += names
        if line or not names:
            lines.append(line)
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
        if TWEET_ATTRIBUTION.match(line):
            # an embedded tweet's attribution line; its text (the line before) loses its links
            if kept:
                tweet = strip_tweet_markup(kept.pop())
                if tweet:
                    kept.append(tweet)
            continue
        if is_furniture(line):
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
    credits = pop_credits(kept) + media_credits
    dateline, kept = split_leading_dateline(kept)
    return "\n".join(kept), dateline, tuple(credits)


def strip_credits_and_dateline(text: str) -> str:
    """``text`` without its leading dateline and trailing credit lines (nothing else removed).

    The benchmark applies this to the Indonesian ground truth, whose bodies keep both.
    """
    lines = normalize_text(text).split("\n")
    pop_credits(lines)
    _, lines = split_leading_dateline(lines)
    return "\n".join(lines)


def clean(page: ExtractedPage) -> CleanArticle:
    title = clean_title(page.title, page.sitename, page.url, page.categories)
    text, dateline, credits = clean_body(page.text, title)
    authors: list[str] = []
    for name in (n for credit in [*page.authors, *credits] for n in split_names(credit)):
        cleaned = clean_author(name)
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
        extraction_method=page.extraction_method,
        extraction_quality=page.extraction_quality,
    )
