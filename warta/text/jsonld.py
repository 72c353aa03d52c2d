"""JSON-LD blocks of a page, read one way for every rule that needs them (dates, page kind)."""

from __future__ import annotations

import json
from collections.abc import Iterator

from lxml.html import HtmlElement


def jsonld_objects(tree: HtmlElement, *, nested: bool = True) -> Iterator[dict]:
    """Every JSON object of the page's ``application/ld+json`` blocks.

    ``nested=True`` walks into every value (a ``datePublished`` may sit in a nested article);
    ``nested=False`` yields only the blocks' own items and their ``@graph`` members (what the
    page says it *is*, not the ``WebPage`` or ``Person`` it mentions).  Malformed blocks are
    skipped; :func:`malformed_blocks` gives their text.
    """
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                yield item
                if nested:
                    stack.extend(v for v in item.values() if isinstance(v, dict | list))
                elif isinstance(item.get("@graph"), list):
                    stack.extend(item["@graph"])


def malformed_blocks(tree: HtmlElement) -> Iterator[str]:
    """The text of the ``application/ld+json`` blocks that are not valid JSON (common)."""
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            json.loads(script.text or "")
        except ValueError:
            yield script.text or ""
