"""Other ways to read a page's body, tried when the first extraction fails the quality check.

Each candidate reads the one parsed tree (trafilatura copies it before changing anything; the
others only read it):

* ``trafilatura``: trafilatura with its fallbacks (readability, jusText compared with its own
  result); the first extraction runs without them (``trafilatura-fast``), which is right on
  most pages and a third cheaper;
* ``trafilatura-precision`` / ``trafilatura-recall``: its stricter and looser settings;
* ``jsonld``: the publisher's own JSON-LD ``articleBody``;
* ``paragraphs``: the densest run of paragraphs in the page (below);
* ``selector``: a source's own CSS/XPath selector from ``sources.yaml`` (tried first,
  ``warta.text.selectors``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import trafilatura
from lxml.html import HtmlElement

from warta.text.normalize import flat
from warta.text.quality import PageSignals

# the settings of every trafilatura run (the metadata pass runs once, on the first)
BODY_OPTIONS: dict[str, object] = {
    "include_comments": False,
    "include_tables": True,
    # trafilatura's deduplication remembers text across calls (a process-wide cache):
    # the same page would lose paragraphs the second time, so re-runs would differ.
    "deduplicate": False,
}
TRAFILATURA_VARIANTS: dict[str, dict[str, bool]] = {
    "trafilatura": {},
    "trafilatura-precision": {"favor_precision": True},
    "trafilatura-recall": {"favor_recall": True},
}

_SKIPPED = frozenset(
    {"script", "style", "noscript", "template", "svg", "iframe", "button", "select", "option",
     "textarea", "head", "form", "nav", "footer", "aside"}
)
_BLOCKS = frozenset({"p", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "li", "dd"})
_WORD = re.compile(r"\w+")
# readers' comments are prose too, but not the article's (class or id names, which pages
# write in English, or in Indonesian: "komentar")
_COMMENTS = re.compile(r"comment|komentar|disqus", re.IGNORECASE)
_MIN_PARAGRAPH_WORDS = 5


@dataclass(frozen=True)
class Candidate:
    method: str
    text: str


def trafilatura_text(tree: HtmlElement, url: str | None, **settings: bool) -> str:
    document = trafilatura.bare_extraction(tree, url=url, **BODY_OPTIONS, **settings)
    return (document.text or "") if document is not None else ""


def jsonld_body(signals: PageSignals) -> str:
    return signals.body


# ------------------------------------------------------------------ the densest run of paragraphs
def _text_runs(tree: HtmlElement) -> Iterator[tuple[HtmlElement | None, int, bool]]:
    """(enclosing paragraph-like block or None, words, inside a link) for every text node of
    the body in document order; scripts, menus and footers are skipped."""
    body = tree.find("body")
    root = body if body is not None else tree
    stack: list[tuple[HtmlElement, HtmlElement | None, bool, bool]] = [(root, None, False, False)]
    # an explicit stack (pages nest deeper than Python's recursion allows); a tail is pushed
    # as a marker so that it comes after its element's subtree
    while stack:
        element, block, in_link, is_tail = stack.pop()
        if is_tail:
            yield block, len(_WORD.findall(element.tail or "")), in_link
            continue
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in _SKIPPED or not tag or _COMMENTS.search(
            f"{element.get('class', '')} {element.get('id', '')}"
        ):
            continue
        if tag == "article" and any(a.tag == "article" for a in element.iterancestors()):
            continue  # an article inside an article: related posts or comments (HTML spec)
        inner = element if block is None and tag in _BLOCKS else block
        linked = in_link or tag == "a"
        if element.text:
            yield inner, len(_WORD.findall(element.text)), linked
        for child in reversed(element):
            if child.tail:
                stack.append((child, inner, in_link, True))
            stack.append((child, inner, linked, False))


def densest_paragraphs(tree: HtmlElement) -> str:
    """The run of the page's paragraphs that holds the most prose for the least other text.

    Every paragraph-like block (``p``, ``h2``-``h6``, ``blockquote``, ``li``, ...) weighs its
    words, less twice its linked words (a block mostly of links weighs minus its words); text
    outside such blocks (menus, link lists, bylines) weighs minus its words.  The contiguous
    run with the largest sum (Kadane) is the body: a run of ``<p>`` after ad scripts, where
    trafilatura keeps a related-articles list, is found this way.
    """
    sequence: list[tuple[HtmlElement | None, int]] = []
    counts: dict[HtmlElement, list[int]] = {}
    for block, words, linked in _text_runs(tree):
        if not words:
            continue
        if block is None:
            sequence.append((None, -words))
            continue
        if block not in counts:
            counts[block] = [0, 0]
            sequence.append((block, 0))
        counts[block][0] += words
        counts[block][1] += words if linked else 0
    weights = []
    for block, weight in sequence:
        if block is None:
            weights.append(weight)
            continue
        words, linked = counts[block]
        if 2 * linked > words:
            weights.append(-words)
        else:
            weights.append(words - 2 * linked if words >= _MIN_PARAGRAPH_WORDS else 0)
    best, span, running, start = 0, (0, -1), 0, 0
    for index, weight in enumerate(weights):
        running, start = (weight, index) if running <= 0 else (running + weight, start)
        if running > best:
            best, span = running, (start, index)
    lines = (flat(b.text_content()) for b, _ in sequence[span[0] : span[1] + 1] if b is not None)
    return "\n".join(line for line in lines if line)


def candidates(
    tree: HtmlElement, url: str | None, signals: PageSignals
) -> Iterator[tuple[str, Callable[[], str]]]:
    """The fallback candidates in order of preference (cheap texts are computed lazily)."""
    for method, settings in TRAFILATURA_VARIANTS.items():
        yield method, lambda settings=settings: trafilatura_text(tree, url, **settings)
    if signals.body:
        yield "jsonld", lambda: jsonld_body(signals)
    yield "paragraphs", lambda: densest_paragraphs(tree)
