"""URLs and host names, parsed one way: canonical URLs (the articles' key), hosts, domains."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import TypeVar
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import courlan

T = TypeVar("T")


# Query parameters that only say how a reader arrived (analytics, ads, sessions): dropped.
# Every other parameter is kept, since it may be what identifies the article
# (``/detail?newsid=3``).
_TRACKING_PARAM = re.compile(
    r"^(?:utm_.*|fbclid|gclid|dclid|gbraid|wbraid|msclkid|yclid|twclid|igshid|igsh|mc_cid|mc_eid"
    r"|_ga|_gl|_hsenc|_hsmi|mkt_tok|ref|ref_src|ref_url|referrer|cmpid|xtor|spm"
    r"|phpsessid|jsessionid|sessionid|sid|s_cid|share|from|src)$",
    re.IGNORECASE,
)


def strip_credentials(url: str) -> str:
    """``url`` without ``user:password@``: credentials are never requested, logged or stored."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return re.sub(r"(://)[^/@?#]*@", r"\1", url, count=1)
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[-1]))


def _kept_query(query: str) -> str:
    pairs = parse_qsl(query, keep_blank_values=True)
    return urlencode(sorted((k, v) for k, v in pairs if not _TRACKING_PARAM.match(k)))


def canonical_url(url: str) -> str:
    """The article's key: lower-case host, no credentials, no default port, no fragment, no
    tracking parameters (utm_*, fbclid...); other query parameters kept, sorted."""
    url = strip_credentials(url.strip())
    try:
        parts = urlsplit(url)
        query = _kept_query(parts.query)
        normalized = urlsplit(courlan.normalize_url(parts._replace(query=""), strict=True))
        path = normalized.path or ("/" if query else "")
        return urlunsplit(normalized._replace(query=query, path=path))
    except ValueError:  # UnicodeError included: the fetch stage reports it as InvalidURL
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
    try:
        netloc = urlsplit(url).netloc
    except ValueError:  # "http://[::1": what lies between "//" and the path, as written
        netloc = url.partition("//")[2].split("/", 1)[0]
    return netloc.lower().rsplit("@", 1)[-1]


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
