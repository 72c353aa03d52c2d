"""Other ways to read a page's body, tried when the first extraction fails the quality check.

Each candidate reads the one parsed tree (trafilatura copies it before changing anything; the
others only read it):

* ``trafilatura``: trafilatura with its fallbacks (readability, jusText compared with its own
  result); the first extraction runs without them (``trafilatura-fast``), which is right on
  most pages and a third cheaper;
* ``trafilatura-precision`` / ``trafilatura-recall``: its stricter and looser settings;
* ``jsonld``: the publisher's own JSON-LD ``articleBody``;
* ``paragraphs``: the densest run of paragraphs in the page (below);
* ``selector``: a source's own CSS/XPath selector from ``sources.yaml`` (tried first).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import trafilatura
from lxml import etree
from lxml.html import HtmlElement

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
_MIN_PARAGRAPH_WORDS = 5


@dataclass(frozen=True)
class Candidate:
    method: str
    text: str


def _flat(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


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
    stack: list[tuple[HtmlElement, HtmlElement | None, bool, bool]] = [
        (body if body is not None else tree, None, False, False)
    ]
    # an explicit stack (pages nest deeper than Python's recursion allows); a tail is pushed
    # as a marker so that it comes after its element's subtree
    while stack:
        element, block, in_link, is_tail = stack.pop()
        if is_tail:
            yield block, len(_WORD.findall(element.tail or "")), in_link
            continue
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in _SKIPPED or not tag:
            continue
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
    lines = (_flat(b.text_content()) for b, _ in sequence[span[0] : span[1] + 1] if b is not None)
    return "\n".join(line for line in lines if line)


# ------------------------------------------------------------------ per-source selectors
_ATTRIBUTE = r"\[([\w-]+)(?:([~*^$]?=)\s*(?:\"([^\"]*)\"|'([^']*)'|([\w-]+)))?\]"
_PART = re.compile(r"([#.])([\w-]+)|" + _ATTRIBUTE)
_COMPOUND = re.compile(r"(?P<tag>[a-zA-Z][\w-]*|\*)?(?P<rest>(?:[#.][\w-]+|" + _ATTRIBUTE + r")*)$")


class SelectorError(ValueError):
    """A selector this module cannot read (the message says which part)."""


def _compound_xpath(compound: str) -> str:
    match = _COMPOUND.match(compound)
    if not match or not compound:
        raise SelectorError(f"unsupported CSS selector part {compound!r}")
    tests = []
    for part in _PART.finditer(match["rest"] or ""):
        mark, name, attribute, operator = part.group(1, 2, 3, 4)
        value = next((v for v in part.group(5, 6, 7) if v is not None), "")
        if mark == "#":
            tests.append(f'@id="{name}"')
        elif mark == ".":
            tests.append(f'contains(concat(" ", normalize-space(@class), " "), " {name} ")')
        elif operator is None:
            tests.append(f"@{attribute}")
        else:
            tests.append(_attribute_test(attribute, operator, value))
    return (match["tag"] or "*") + "".join(f"[{t}]" for t in tests)


def _attribute_test(attribute: str, operator: str, value: str) -> str:
    if operator == "=":
        return f'@{attribute}="{value}"'
    if operator == "~=":
        return f'contains(concat(" ", normalize-space(@{attribute}), " "), " {value} ")'
    if operator == "*=":
        return f'contains(@{attribute}, "{value}")'
    if operator == "^=":
        return f'starts-with(@{attribute}, "{value}")'
    return f'substring(@{attribute}, string-length(@{attribute}) - {len(value) - 1}) = "{value}"'


def css_to_xpath(selector: str) -> str:
    """The XPath of a simple CSS selector: tags, ``#id``, ``.class``, ``[attr]``,
    ``[attr=v]`` (and ``~= *= ^= $=``), descendant and ``>`` combinators, ``,`` lists."""
    alternatives = []
    for alternative in selector.split(","):
        tokens = re.sub(r"\s*>\s*", " > ", alternative.strip()).split()
        if not tokens:
            raise SelectorError(f"empty selector in {selector!r}")
        path, axis = "", "//"
        for token in tokens:
            if token == ">":
                if not path or axis == "/":
                    raise SelectorError(f"misplaced '>' in {selector!r}")
                axis = "/"
                continue
            path += axis + _compound_xpath(token)
            axis = "//"
        if axis == "/":
            raise SelectorError(f"selector ends with '>': {selector!r}")
        alternatives.append(path)
    return " | ".join(alternatives)


def selector_xpath(selector: str) -> str:
    """An XPath (starting with ``/`` or ``(``) as it is; a CSS selector translated."""
    selector = selector.strip()
    if selector.startswith(("/", "(")):
        try:
            etree.XPath(selector)
        except etree.XPathSyntaxError as exc:
            raise SelectorError(f"invalid XPath {selector!r}: {exc}") from exc
        return selector
    return css_to_xpath(selector)


def select(tree: HtmlElement, selector: str) -> list[HtmlElement]:
    """The elements a CSS selector or an XPath picks, in document order."""
    found = tree.xpath(selector_xpath(selector))
    return [e for e in found if isinstance(e, etree._Element)] if isinstance(found, list) else []


def selected_text(tree: HtmlElement, selector: str) -> str:
    """The text of what ``selector`` picks: its paragraphs one per line (scripts left out)."""
    lines: list[str] = []
    for element in select(tree, selector):
        blocks = [b for b in element.iter(*_BLOCKS)]
        inside = set(blocks)
        outer = [b for b in blocks if not any(a in inside for a in b.iterancestors())]
        if outer:
            lines += [_flat(b.text_content()) for b in outer]
        else:
            lines.append(_flat(" ".join(element.xpath(_VISIBLE_TEXT))))
    return "\n".join(line for line in lines if line)


def selected_value(tree: HtmlElement, selector: str) -> str | None:
    """The first picked element's text (or an XPath's string/attribute value), flattened."""
    xpath = selector_xpath(selector)
    found = tree.xpath(xpath)
    if isinstance(found, str):
        return _flat(found) or None
    for item in found if isinstance(found, list) else []:
        value = _flat(item if isinstance(item, str) else item.text_content())
        if value:
            return value
    return None


_VISIBLE_TEXT = ".//text()[not(ancestor::script)][not(ancestor::style)]"


def candidates(
    tree: HtmlElement, url: str | None, signals: PageSignals
) -> Iterator[tuple[str, Callable[[], str]]]:
    """The fallback candidates in order of preference (cheap texts are computed lazily)."""
    for method, settings in TRAFILATURA_VARIANTS.items():
        yield method, lambda settings=settings: trafilatura_text(tree, url, **settings)
    if signals.body:
        yield "jsonld", lambda: jsonld_body(signals)
    yield "paragraphs", lambda: densest_paragraphs(tree)
