"""Canonical URLs (the articles' natural key), with courlan."""

from __future__ import annotations

from urllib.parse import urlsplit

import courlan


def canonical_url(url: str) -> str:
    """Lower-case host, no default port, no fragment, no tracking parameters (utm_*, fbclid...)."""
    url = url.strip()
    try:
        return courlan.normalize_url(url, strict=True)
    except ValueError:
        return url


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower().removeprefix("www.")
