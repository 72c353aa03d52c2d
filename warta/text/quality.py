"""Is an extracted text the page's article?  A check against the page's own signals.

Two questions, both on general signals (no per-site rules, no word lists):

* **agreement**: does the text say what the page says it is about?  The words of the title,
  of the summary (``og:description`` / ``description`` / JSON-LD ``description``) and of
  JSON-LD ``articleBody`` (when the page has one) should be found in it;
* **prose**: does it read like prose rather than a teaser list or a menu?  Lines that are the
  text of a link on the page (headline teasers, and headline-plus-summary pairs that start
  with one), short lines without a sentence's end (menus, dates, counters, URLs) and a text
  much shorter than the page's own paragraphs are not an article's body.

``assess`` gives a score in 0..1 (1: agrees and reads as prose); ``extract`` keeps the first
extraction when it passes and otherwise tries other candidates and keeps the best scoring one.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from lxml.html import HtmlElement

from warta.text.jsonld import jsonld_objects
from warta.text.normalize import flat

# a score below this sends the page to the other candidates
PASSING = 0.8
_WORD = re.compile(r"\w+")
_SENTENCE_END = re.compile(r"[.!?:;\"'”’)\]…]\s*$")
_SHORT_LINE_WORDS = 6
_ANCHOR_MIN_CHARS = 16  # shorter link texts ("Home", "Foto", a name) are not headlines
_BODY_MIN_WORDS = 40  # a JSON-LD articleBody shorter than this is a teaser of its own


def words_of(text: str | None) -> list[str]:
    return _WORD.findall((text or "").lower())


@dataclass(frozen=True)
class PageSignals:
    """What the page says about itself, read once per page."""

    title: str
    summary: str
    body: str  # JSON-LD articleBody ("" when absent or too short to judge by)
    anchors: frozenset[str]  # link texts long enough to be headlines
    short_links: frozenset[str]  # the shorter ones (tags, sections, menus)
    paragraph_words: int  # words in the page's <p> elements (a ceiling for a body's length)


def page_links(tree: HtmlElement) -> tuple[frozenset[str], frozenset[str]]:
    """The page's link texts, whitespace flattened: (those long enough to be headlines, the
    shorter ones: tags, section names, menu entries)."""
    texts = {flat(a.text_content()) for a in tree.iter("a")}
    texts.discard("")
    headlines = frozenset(t for t in texts if len(t) >= _ANCHOR_MIN_CHARS)
    return headlines, frozenset(texts - headlines)


def link_texts(tree: HtmlElement) -> frozenset[str]:
    """The page's link texts long enough to be headlines, whitespace flattened."""
    return page_links(tree)[0]


def _jsonld_text(tree: HtmlElement) -> tuple[str, str]:
    """The longest JSON-LD ``articleBody`` and ``description`` of the page."""
    body = description = ""
    for item in jsonld_objects(tree):
        value = item.get("articleBody")
        if isinstance(value, str) and len(value) > len(body):
            body = value
        value = item.get("description")
        if isinstance(value, str) and len(value) > len(description):
            description = value
    return body, description


def page_signals(
    tree: HtmlElement,
    title: str | None,
    description: str | None,
    anchors: frozenset[str],
    short_links: frozenset[str] = frozenset(),
) -> PageSignals:
    body, ld_description = _jsonld_text(tree)
    if len(body.split()) < _BODY_MIN_WORDS:
        body = ""
    paragraph_words = sum(len(p.text_content().split()) for p in tree.iter("p"))
    return PageSignals(
        title=flat(title),
        summary=flat(" ".join(dict.fromkeys(s for s in (description, ld_description) if s))),
        body=flat(body),
        anchors=anchors,
        short_links=short_links,
        paragraph_words=paragraph_words,
    )


@dataclass(frozen=True)
class Quality:
    score: float  # 0..1
    agreement: float  # share of the page's signals found in the text
    prose: float  # share of the text's words in prose lines
    reason: str  # what lowered the score most ("" when nothing did)

    @property
    def passing(self) -> bool:
        return self.score >= PASSING


def _cover(reference: list[str], found: set[str]) -> float | None:
    """Share of ``reference``'s distinct words (of 3+ characters) found in ``found``."""
    wanted = {w for w in reference if len(w) >= 3}
    return len(wanted & found) / len(wanted) if len(wanted) >= 3 else None


def _overlap(reference: list[str], text: list[str]) -> tuple[float, float]:
    """(share of ``reference`` found in ``text``, share of ``text`` found in ``reference``),
    counting repeated words as often as they occur."""
    common = sum((Counter(reference) & Counter(text)).values())
    return common / max(1, len(reference)), common / max(1, len(text))


def is_link_line(line: str, anchors: frozenset[str]) -> bool:
    """A line that is a headline link's text, or opens or ends with one (a teaser's headline
    with its summary, date or section name around it), rather than a sentence of prose."""
    if line in anchors:
        return True
    words = line.split()
    if len(words) > 60 or len(words) < 4:
        return False  # a paragraph, whatever link it holds
    smallest = max(3, len(words) // 5)
    for size in range(smallest, min(len(words), 16)):
        if " ".join(words[:size]) in anchors or " ".join(words[-size:]) in anchors:
            return True
    return False


def without_link_runs(text: str, anchors: frozenset[str]) -> str:
    """``text`` without its runs of two or more headline-link lines (related-article lists
    inside the body: "DON'T MISS", "You may also like", "Baca juga" lists), and the short
    heading line just before such a run.  A single link line stays (it may be a sentence
    that is all link); so do URLs and one- or two-word lines (product names, addresses)."""
    lines = text.split("\n")
    flags = [len(line.split()) >= 3 and is_link_line(flat(line), anchors) for line in lines]
    drop = [
        flag and ((i > 0 and flags[i - 1]) or (i + 1 < len(flags) and flags[i + 1]))
        for i, flag in enumerate(flags)
    ]
    if not any(drop):
        return text
    for i in range(1, len(lines)):
        if drop[i] and not drop[i - 1] and 0 < len(lines[i - 1].split()) <= 5:
            drop[i - 1] = True
    return "\n".join(line for line, dropped in zip(lines, drop, strict=True) if not dropped)


_FINISHED = re.compile(r"[.!?)\"”’]\s+")
_TAG_ROW_MIN_LINKS = 3
_LINK_MAX_WORDS = 6


def _link_row(words: list[str], links: frozenset[str]) -> tuple[int, int]:
    """(words, links): the longest opening of ``words`` that is the page's link texts one
    after another, and how many links make it; (0, 0) when it does not open with one."""
    fewest = {0: 0}  # words covered -> fewest links that cover them
    for start in range(len(words)):
        if start not in fewest:
            continue
        for end in range(start + 1, min(len(words), start + _LINK_MAX_WORDS) + 1):
            if " ".join(words[start:end]) in links:
                count = fewest[start] + 1
                fewest[end] = min(fewest.get(end, count), count)
    covered = max(fewest)
    return covered, fewest[covered]


def without_tag_row(text: str, links: frozenset[str]) -> str:
    """``text`` without the rows of three or more of the page's link texts that follow a
    finished sentence in the same line (a tag row that the reader wrote into one block with
    a gallery's captions or a paragraph: "… (REUTERS / X) Grammy Awards 2016 Taylor Swift
    Selena Gomez …"); prose does not run three link texts together."""
    if not links:
        return text
    lines = text.split("\n")
    for index, line in enumerate(lines):
        for end in reversed([m.end() for m in _FINISHED.finditer(line)]):
            words = line[end:].split()
            covered, count = _link_row(words, links)
            if count >= _TAG_ROW_MIN_LINKS:
                line = " ".join([line[:end].rstrip(), *words[covered:]])
        lines[index] = line
    return "\n".join(lines)


def _noise_words(lines: list[str], anchors: frozenset[str]) -> tuple[int, int, int]:
    """(words in link-text lines, words in short unfinished lines, all words)."""
    linked = short = total = 0
    for line in lines:
        count = len(line.split())
        total += count
        if is_link_line(line, anchors):
            linked += count
        elif count < _SHORT_LINE_WORDS and not _SENTENCE_END.search(line):
            short += count
    return linked, short, total


def assess(text: str, signals: PageSignals) -> Quality:
    """How far ``text`` agrees with the page and reads as prose (see the module's docstring)."""
    lines = [flat(line) for line in text.split("\n") if line.strip()]
    tokens = words_of(text)
    if not tokens:
        return Quality(0.0, 0.0, 0.0, "no text")
    found = set(tokens)
    linked, short, total = _noise_words(lines, signals.anchors)
    prose = max(0.0, 1 - (linked + short) / max(1, total))
    parts: list[tuple[str, float]] = []
    for name, reference in (("title", signals.title), ("summary", signals.summary)):
        covered = _cover(words_of(reference), found)
        if covered is not None:
            parts.append((name, covered))
    agreement = sum(v for _, v in parts) / len(parts) if parts else 1.0
    body = 1.0
    if signals.body:
        # the share of the publisher's own body found in the text (a body shorter than the
        # text is often a teaser of it: only what it has counts)
        body, _ = _overlap(words_of(signals.body), tokens)
    score = prose * (0.75 + 0.25 * agreement) * (0.5 + 0.5 * body)
    reasons = [(1 - prose, f"{linked + short} of {total} words in link or short lines")]
    reasons += [((1 - v) / 4, f"{name} {v:.0%} found") for name, v in parts]
    reasons.append(((1 - body) / 2, f"articleBody {body:.0%} found"))
    worst = max(reasons)
    return Quality(round(score, 3), agreement, prose, worst[1] if worst[0] > 0.1 else "")
