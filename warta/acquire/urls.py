"""URLs and host names, parsed one way: canonical URLs (the articles' key), hosts, domains."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TypeVar
from urllib.parse import urlsplit

import courlan

T = TypeVar("T")


def canonical_url(url: str) -> str:
    """Lower-case host, no default port, no fragment, no tracking parameters (utm_*, fbclid...)."""
    url = url.strip()
    try:
        return courlan.normalize_url(url, strict=True)
    except ValueError:
        return url


def _bare(host: str) -> str:
    return host.lower().rstrip(".").removeprefix("www.")


def host_of(url: str) -> str:
    """The host a person would name: lower case, without ``www.`` and without the port."""
    try:
        return _bare(urlsplit(url).hostname or "")
    except ValueError:  # an unparseable netloc has no host
        return ""


def server_of(url: str) -> str:
    """``host[:port]`` as written: one web server, the unit of politeness and robots.txt."""
    return urlsplit(url).netloc.lower().rsplit("@", 1)[-1]


def registrable_domain(host_or_url: str) -> str:
    """``regional.kompas.com`` -> ``kompas.com`` (public suffix list); IPs and bare names as is."""
    host = host_of(host_or_url) if "://" in host_or_url else _bare(host_or_url.split(":")[0])
    return courlan.extract_domain(f"http://{host}/", fast=True) or host


def in_domains(host: str, domains: Iterable[str]) -> bool:
    """Is ``host`` one of ``domains`` or a subdomain of one (``regional.kompas.com``)?"""
    host = _bare(host.split(":")[0])
    return any(d and (host == d or host.endswith("." + d)) for d in map(_bare, domains))


def for_host(host: str, table: Mapping[str, T]) -> T | None:
    """The value ``table`` gives ``host`` or its nearest parent domain (subdomains included)."""
    labels = _bare(host.split(":")[0]).split(".")
    for start in range(len(labels)):
        value = table.get(".".join(labels[start:]))
        if value is not None:
            return value
    return None
