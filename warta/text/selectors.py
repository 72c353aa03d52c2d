"""A source's own selectors (``sources.yaml``: ``selectors: {body, title, date}``).

CSS selectors (a simple subset, translated to XPath here: no dependency) or XPath; each picks
what the generic extraction would otherwise guess.  Used as data: no per-site code.
"""

from __future__ import annotations

import re

from lxml import etree
from lxml.html import HtmlElement

from warta.text.normalize import flat

_BLOCKS = ("p", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "li", "dd")


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
