"""Extract stage: trafilatura's article body and metadata, plus dates with provenance."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from lxml.html import HtmlElement
from trafilatura.utils import load_html

from warta.text.candidates import Candidate, candidates, densest_paragraphs, trafilatura_text
from warta.text.clean import clean_body, clean_title
from warta.text.clean.datelines import split_dateline
from warta.text.dates import find_dates, parse_page_date
from warta.text.metadata import page_metadata
from warta.text.normalize import flat, normalize_text
from warta.text.page_kind import declared_url, page_kind
from warta.text.quality import (
    PageSignals,
    Quality,
    assess,
    page_links,
    page_signals,
    without_link_runs,
    without_tag_row,
    words_of,
)
from warta.text.records import ExtractedPage, SourceSelectors
from warta.text.selectors import selected_text, selected_value


class ExtractionError(ValueError):
    """The page has no extractable article (empty, binary, not HTML, or no main text)."""


class NotAnArticle(ExtractionError):  # noqa: N818 - an outcome, named for what the page is
    """A home, section, index, tag, search or gallery-index page; the message is the reason."""


def _split_list(value: str | None, separator: str) -> list[str]:
    if not value:
        return []
    return [part.strip() for part in value.split(separator) if part.strip()]


_LEAD_MAX = 2000


def _recover_lead(tree: HtmlElement, text: str) -> str | None:
    """The opening paragraph trafilatura skipped, when it is loose text before the first one.

    Some CMSs (KapanLagi, VIVA) write the lead, dateline included, as bare text in the body
    container and only the following paragraphs in <p>/<div>: trafilatura keeps the
    paragraphs and drops the lead.  The text just before the first extracted paragraph in
    the same container is taken back only when it opens with a dateline ("VIVA.co.id -"),
    which marks the article's real start; otherwise nothing is added.
    """
    lines = normalize_text(text).split("\n")
    if any(split_dateline(line)[0] for line in lines[:3]):
        return None  # the article's opening (dateline) is already there
    probe = flat(lines[0])[:40]
    if len(probe) < 20:
        return None
    head = probe.split(" ", 1)[0]  # in the raw text as it is: a cheap test before flat()
    for element in tree.iter():
        if not isinstance(element.tag, str) or element.tag in {"script", "style"}:
            continue
        if head not in (element.text or "") or not flat(element.text).startswith(probe):
            continue
        container = element.getparent()
        if container is None:
            return None
        parts = [container.text or ""]
        for sibling in container:
            if sibling is element:
                break
            if isinstance(sibling.tag, str) and sibling.tag not in {"script", "style"}:
                parts.append(sibling.text_content())
            parts.append(sibling.tail or "")
        lead = flat(" ".join(parts))
        found, rest = split_dateline(lead)
        if found and 40 <= len(rest) <= _LEAD_MAX and re.search(r"[.!?\"”]$", rest):
            return lead
        return None
    return None


_UTF16_BOMS = ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
               (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
_CHAR_REF = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));?")


def _wide_encoding(html: bytes) -> str | None:
    """UTF-16/32 by their byte-order mark, or UTF-16 without one (``<\x00`` / ``\x00<``)."""
    for bom, encoding in _UTF16_BOMS:
        if html.startswith(bom):
            return encoding
    head = html[:200].lstrip(b"\x00 \t\r\n")
    if html[:2] == b"<\x00" or head[:2] == b"<\x00":
        return "utf-16-le"
    if html[:2] == b"\x00<":
        return "utf-16-be"
    return None


def _valid_reference(match: re.Match[str]) -> str:
    """A numeric character reference kept only when it names a character XML allows
    (``&#0;`` and other control characters made lxml, and trafilatura, drop the whole text)."""
    hex_digits, digits = match.groups()
    code = int(hex_digits, 16) if hex_digits else int(digits)
    allowed = code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0x10FFFF
    return match.group(0) if allowed and code not in (0xFFFE, 0xFFFF) else ""


def readable_html(html: str | bytes) -> str | bytes:
    """The page as the parser can read it: UTF-16/32 decoded (BOM or its telltale zero bytes),
    character references to forbidden characters dropped."""
    if isinstance(html, bytes):
        encoding = _wide_encoding(html)
        if encoding is None:
            if b"&#" not in html:
                return html
            text = html.decode("latin-1")  # byte-transparent: references are ASCII
            return _CHAR_REF.sub(_valid_reference, text).encode("latin-1")
        html = html.decode(encoding, "replace").lstrip("\ufeff")
    return _CHAR_REF.sub(_valid_reference, html) if "&#" in html else html


# the margin by which a fallback candidate must beat the first extraction to replace it
_BETTER_BY = 0.05


@dataclass(frozen=True)
class Judged:
    """A candidate body, its text as the clean stage's line rules leave it, its quality."""

    candidate: Candidate
    cleaned: str
    quality: Quality


def _judged(candidate: Candidate, signals: PageSignals) -> Judged:
    # judged as the reader gets it: after the clean stage's line rules (furniture, related
    # lists, credits), which the first extraction leaves more of than trafilatura's fallbacks
    text = without_tag_row(candidate.text, signals.short_links | signals.anchors)
    candidate = Candidate(candidate.method, without_link_runs(text, signals.anchors))
    cleaned = clean_body(candidate.text, signals.title or None)[0]
    return Judged(candidate, cleaned, assess(cleaned, signals))


def choose_body(
    tree: HtmlElement,
    url: str | None,
    first: Candidate,
    signals: PageSignals,
    selectors: SourceSelectors | None = None,
) -> Judged:
    """The body to keep: the source's selector when what it picks passes the quality check,
    else the first extraction when it passes, else the first candidate that beats it clearly
    and passes, else the best scoring one (a failing selector's text among them: a selector
    that picks the wrong block after a site's redesign must not keep it)."""
    by_selector = _by_selector(tree, selectors, signals)
    if by_selector is not None and by_selector.quality.passing:
        return by_selector
    best = _best_generic(tree, url, first, signals)
    if by_selector is not None and by_selector.quality.score > best.quality.score:
        return by_selector
    return best


def _by_selector(
    tree: HtmlElement, selectors: SourceSelectors | None, signals: PageSignals
) -> Judged | None:
    if not (selectors and selectors.body):
        return None
    text = selected_text(tree, selectors.body)
    return _judged(Candidate("selector", text), signals) if text.strip() else None


def _best_generic(
    tree: HtmlElement, url: str | None, first: Candidate, signals: PageSignals
) -> Judged:
    best = _judged(first, signals)
    if best.quality.passing:
        return _completed(tree, best, signals)
    for method, read in candidates(tree, url, signals):
        text = read()
        if not text.strip():
            continue
        judged = _judged(Candidate(method, text), signals)
        if judged.quality.score > best.quality.score + _BETTER_BY:
            best = judged
            if best.quality.passing:
                break  # the rest cost a trafilatura run each; this one is good enough
    return best


# a passing body with less than this share of the page's paragraph words may be one block of
# an article split over several containers (trafilatura keeps the first)
_SHARE_OF_PARAGRAPHS = 0.45
_PARAGRAPH_WORDS_MIN = 400
_ADDED_AGREEMENT = 0.5


def _completed(tree: HtmlElement, judged: Judged, signals: PageSignals) -> Judged:
    """``judged``, or the densest run of paragraphs when that run holds all of it and much
    more prose that agrees with the page as well (an article split over containers)."""
    words = words_of(judged.cleaned)
    if (
        signals.paragraph_words < _PARAGRAPH_WORDS_MIN
        or len(words) >= _SHARE_OF_PARAGRAPHS * signals.paragraph_words
    ):
        return judged
    fuller = _judged(Candidate("paragraphs", densest_paragraphs(tree)), signals)
    more = words_of(fuller.cleaned)
    if len(more) < 1.5 * len(words) or fuller.quality.prose < 0.95:
        return judged
    held = sum((Counter(words) & Counter(more)).values()) / max(1, len(words))
    kept = set(judged.cleaned.split("\n"))
    added = "\n".join(line for line in fuller.cleaned.split("\n") if line not in kept)
    # what the run adds must be about the page too (not a cookie notice or a newsletter)
    relevant = assess(added, signals).agreement >= _ADDED_AGREEMENT
    if held >= 0.9 and relevant and fuller.quality.score >= judged.quality.score - 0.02:
        return fuller
    return judged


def _first_extraction(tree: HtmlElement, url: str | None) -> tuple[str, str]:
    """trafilatura fast (no fallbacks) first, with them when it finds nothing."""
    for method, fast in (("trafilatura-fast", True), ("trafilatura", False)):
        text = trafilatura_text(tree, url, fast=fast)
        if text.strip():
            return text, method
    raise ExtractionError("no article text found")


def extract(
    html: str | bytes,
    url: str | None = None,
    *,
    timezone: str | None = None,
    feed_published: datetime | None = None,
    selectors: SourceSelectors | None = None,
) -> ExtractedPage:
    html = readable_html(html)
    if not html or not html.strip():
        raise ExtractionError("empty page")
    if isinstance(html, bytes) and b"\x00" in html[:4096]:
        raise ExtractionError("binary content, not HTML")
    # one parse: the same tree goes to every trafilatura run (it copies the tree before
    # changing it), the quality check, the page-kind check, the lead and the dates
    tree = load_html(html)
    if tree is None:
        raise ExtractionError("no article text found")
    body, method = _first_extraction(tree, url)
    document = page_metadata(tree, url)
    title = _selected(tree, selectors.title if selectors else None) or document.title
    page_url = url or declared_url(tree) or document.url
    categories = _split_list(",".join(document.categories or []), ",")
    anchors, short_links = page_links(tree)
    # the title as the clean stage will give it (no outlet name, no category prefix): the
    # body is judged with the same title the clean stage then cleans it with
    signals = page_signals(
        tree, clean_title(title, document.sitename, page_url, categories),
        document.description, anchors, short_links,
    )
    first = Candidate(method, body)
    judged = choose_body(tree, url, first, signals, selectors)
    kind = page_kind(tree, judged.cleaned, url, anchors)
    if not kind.is_article:
        raise NotAnArticle(f"not an article: {kind.reason}")
    text = judged.candidate.text
    lead = _recover_lead(tree, text)
    if lead:
        text = f"{lead}\n{text}"
    dates = find_dates(tree, url, timezone_name=timezone, feed_published=feed_published)
    published, date_source = dates.published, dates.source
    own_date = _selected(tree, selectors.date if selectors else None)
    if own_date:
        parsed = parse_page_date(own_date, timezone)
        if parsed:
            published, date_source = parsed, "selector"
    return ExtractedPage(
        url=page_url,
        title=title,
        text=text,
        authors=_split_list(document.author, ";"),
        published=published,
        modified=dates.modified,
        date_source=date_source,
        sitename=document.sitename,
        hostname=document.hostname,
        description=document.description,
        image=document.image,
        categories=categories,
        tags=_split_list(",".join(document.tags or []), ","),
        extraction_method=judged.candidate.method,
        extraction_quality=judged.quality.score,
    )


def _selected(tree: HtmlElement, selector: str | None) -> str | None:
    return selected_value(tree, selector) if selector else None
