"""A page's metadata (title, author, sitename, categories, ...): trafilatura's own rules, run
without the parts warta never reads and without copying the page's tree."""

from __future__ import annotations

import re
from contextlib import suppress

from courlan import extract_domain
from lxml.etree import XPath
from lxml.html import HtmlElement
from trafilatura.json_metadata import normalize_authors
from trafilatura.metadata import (
    META_URL,
    examine_meta,
    extract_catstags,
    extract_meta_json,
    extract_sitename,
    extract_title,
    extract_url,
)
from trafilatura.settings import Document
from trafilatura.utils import trim
from trafilatura.xpaths import AUTHOR_DISCARD_XPATHS, AUTHOR_XPATHS

_AUTHOR_MAX_CHARS = 120
_REGEXP_NS = "http://exslt.org/regular-expressions"


def _rooted(xpath: XPath, axis: str) -> XPath:
    """trafilatura's discard expression (``.//*[...]``, ``//time|//figure``) with each of its
    paths started on ``axis`` instead of the document (``ancestor-or-self::``, ``.//``)."""
    path = re.sub(r"(^|\|)\s*\.?//", lambda m: m[1] + axis, xpath.path.strip())
    return XPath(path, namespaces={"re": _REGEXP_NS})


def _guarded(xpath: XPath) -> XPath:
    """trafilatura's expression with each ``re:test(@a, …)`` asked only of elements that have
    ``@a`` (the same elements: a regular expression call per element is what costs)."""
    path = re.sub(r"(re:test\((@[\w-]+), '[^']*'\))", r"(\2 and \1)", xpath.path)
    return XPath(path, namespaces={"re": _REGEXP_NS})


_AUTHOR_XPATHS = [_guarded(x) for x in AUTHOR_XPATHS]
# where trafilatura deletes the discarded elements from a copy of the page before looking for
# the author, these ask of one candidate whether it or an ancestor is discarded, and which of
# its descendants are
_DISCARDED_AROUND = [_rooted(x, "ancestor-or-self::") for x in AUTHOR_DISCARD_XPATHS]
_DISCARDED_BELOW = [_rooted(x, ".//") for x in AUTHOR_DISCARD_XPATHS]


def page_author(tree: HtmlElement) -> str | None:
    """trafilatura's ``extract_author`` without its deep copy of the whole tree (a third of
    its metadata pass): the elements it would prune are skipped instead of deleted, and only
    around the few candidates its author expressions find."""
    for xpath in _AUTHOR_XPATHS:
        for element in xpath(tree):
            if any(around(element) for around in _DISCARDED_AROUND):
                continue
            discarded = {found for below in _DISCARDED_BELOW for found in below(element)}
            content = trim(" ".join(_text_outside(element, discarded)))
            if content and 2 < len(content) < _AUTHOR_MAX_CHARS:
                return normalize_authors(None, content)
    return None


def _text_outside(element: HtmlElement, discarded: set[HtmlElement]) -> list[str]:
    """``element.itertext()`` without the text inside ``discarded`` subtrees (their tails
    stay, as trafilatura's pruning keeps them)."""
    parts = [element.text or ""]
    for child in element:
        if child not in discarded and isinstance(child.tag, str):
            parts += _text_outside(child, discarded)
        parts.append(child.tail or "")
    return [part for part in parts if part]


def page_metadata(tree: HtmlElement, url: str | None) -> Document:
    """trafilatura's metadata pass without the two parts warta never reads: its date
    (htmldate; ``warta.text.dates`` finds the dates with provenance) and the license.
    The same steps in the same order as ``trafilatura.metadata.extract_metadata``."""
    metadata = examine_meta(tree)
    if metadata.author and " " not in metadata.author:
        metadata.author = None
    with suppress(Exception):  # trafilatura's JSON-LD reader has bugs of its own
        metadata = extract_meta_json(tree, metadata)
    metadata.title = metadata.title or extract_title(tree)
    metadata.author = metadata.author or page_author(tree)
    metadata.url = metadata.url or extract_url(tree, url)
    if metadata.url:
        metadata.hostname = extract_domain(metadata.url, fast=True)
    metadata.sitename = metadata.sitename or extract_sitename(tree)
    if metadata.sitename:
        name = metadata.sitename.lstrip("@")
        capitalize = name and "." not in name and not name[0].isupper()
        metadata.sitename = name.title() if capitalize else name
    elif metadata.url and (match := META_URL.match(metadata.url)):
        metadata.sitename = match[1]
    metadata.categories = metadata.categories or extract_catstags("category", tree)
    metadata.tags = metadata.tags or extract_catstags("tag", tree)
    metadata.clean_and_trim()
    return metadata
