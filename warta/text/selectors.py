"""A source's own selectors (``sources.yaml``: ``selectors: {body, title, date}``).

CSS selectors (translated to XPath by cssselect) or XPath; each picks what the generic
extraction would otherwise guess.  Used as data: no per-site code.
"""

from __future__ import annotations

from cssselect import GenericTranslator
from cssselect import SelectorError as CssSelectorError
from cssselect.xpath import ExpressionError
from lxml import etree
from lxml.html import HtmlElement

from warta.text.normalize import flat

_BLOCKS = ("p", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "li", "dd")


_CSS = GenericTranslator()


class SelectorError(ValueError):
    """A selector that cannot be read (the message says what is wrong)."""


def css_to_xpath(selector: str) -> str:
    """The XPath of a CSS selector (cssselect, what lxml's own ``cssselect()`` uses)."""
    try:
        return _CSS.css_to_xpath(selector)
    except (CssSelectorError, ExpressionError) as exc:
        raise SelectorError(f"unreadable CSS selector {selector!r}: {exc}") from exc


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
        blocks = list(element.iter(*_BLOCKS))
        inside = set(blocks)
        outer = [b for b in blocks if not any(a in inside for a in b.iterancestors())]
        if outer:
            lines += [flat(b.text_content()) for b in outer]
        else:
            lines.append(flat(" ".join(element.xpath(_VISIBLE_TEXT))))
    return "\n".join(line for line in lines if line)


def selected_value(tree: HtmlElement, selector: str) -> str | None:
    """The first picked element's text (or an XPath's string/attribute value), flattened."""
    xpath = selector_xpath(selector)
    found = tree.xpath(xpath)
    if isinstance(found, str):
        return flat(found) or None
    for item in found if isinstance(found, list) else []:
        value = flat(item if isinstance(item, str) else item.text_content())
        if value:
            return value
    return None


_VISIBLE_TEXT = ".//text()[not(ancestor::script)][not(ancestor::style)]"
