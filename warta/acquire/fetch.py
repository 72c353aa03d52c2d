"""Fetch stage: one polite HTTP GET.  A failure is a value (``FetchResult.error``), not a raise."""

from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import httpx

from warta.config import Settings, get_settings

RETRYABLE_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})


@dataclass(frozen=True)
class FetchError:
    error_class: str  # e.g. HTTPStatus, ReadTimeout, ConnectError, TooLarge, Blocked
    message: str
    http_status: int | None = None
    retryable: bool = False
    retry_after: float | None = None  # seconds, from a Retry-After header


@dataclass
class FetchResult:
    url: str  # as requested
    final_url: str
    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    redirects: list[str] = field(default_factory=list)  # every URL we were sent to
    elapsed_s: float = 0.0
    error: FetchError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class BlockedURL(ValueError):
    """The URL's scheme or address is not allowed (only http(s); no private hosts by default)."""


def check_url_allowed(url: str, settings: Settings | None = None) -> None:
    settings = settings or get_settings()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise BlockedURL(f"only http and https URLs are fetched, not {parts.scheme!r}")
    if not parts.hostname:
        raise BlockedURL("URL has no host")
    if settings.allow_private_hosts:
        return
    if settings.http_proxy:  # the proxy resolves names: it is the address we connect to
        parts = urlsplit(settings.http_proxy)
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 80, proto=socket.IPPROTO_TCP)
    except socket.gaierror as exc:
        raise BlockedURL(f"cannot resolve {parts.hostname}: {exc}") from exc
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if (
            address.is_private
            or address.is_loopback
            or address.is_link_local
            or address.is_reserved
            or address.is_multicast
            or address.is_unspecified
        ):
            raise BlockedURL(
                f"{parts.hostname} resolves to a non-public address ({address}); "
                "set WARTA_ALLOW_PRIVATE_HOSTS=true to allow it"
            )


def _retry_after_seconds(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        from email.utils import parsedate_to_datetime

        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        return max(0.0, when.timestamp() - time.time())


def fetch_url(
    url: str,
    *,
    settings: Settings | None = None,
    etag: str | None = None,
    last_modified: str | None = None,
    client: httpx.Client | None = None,
) -> FetchResult:
    """GET ``url`` once, following redirects by hand so each hop is checked and recorded."""
    settings = settings or get_settings()
    result = FetchResult(url=url, final_url=url)
    headers = {
        "User-Agent": settings.user_agent,
        "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5",
        "Accept-Language": "id,en;q=0.7",
    }
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    timeout = httpx.Timeout(settings.read_timeout, connect=settings.connect_timeout)
    own_client = client is None
    client = client or httpx.Client(
        timeout=timeout, follow_redirects=False, proxy=settings.http_proxy, trust_env=False
    )
    started = time.monotonic()
    try:
        current = url
        for _hop in range(settings.max_redirects + 1):
            check_url_allowed(current, settings)
            with client.stream("GET", current, headers=headers, timeout=timeout) as response:
                if response.is_redirect and "location" in response.headers:
                    current = urljoin(current, response.headers["location"])
                    result.redirects.append(current)
                    continue
                result.final_url = current
                result.status = response.status_code
                result.headers = {k.lower(): v for k, v in response.headers.items()}
                declared = int(response.headers.get("content-length") or 0)
                if declared > settings.max_body_bytes:
                    result.error = FetchError(
                        "TooLarge",
                        f"declared body of {declared} bytes is over the cap",
                        response.status_code,
                    )
                    return result
                chunks: list[bytes] = []
                size = 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > settings.max_body_bytes:
                        result.error = FetchError(
                            "TooLarge",
                            f"body over the cap of {settings.max_body_bytes} bytes",
                            response.status_code,
                        )
                        return result
                    chunks.append(chunk)
                result.body = b"".join(chunks)
                if response.status_code == 304 or response.is_success:
                    return result
                result.error = FetchError(
                    "HTTPStatus",
                    f"HTTP {response.status_code} {response.reason_phrase}",
                    response.status_code,
                    retryable=response.status_code in RETRYABLE_STATUS,
                    retry_after=_retry_after_seconds(response.headers.get("retry-after")),
                )
                return result
        result.error = FetchError(
            "TooManyRedirects", f"more than {settings.max_redirects} redirects"
        )
        return result
    except BlockedURL as exc:
        result.error = FetchError("BlockedURL", str(exc))
        return result
    except httpx.TimeoutException as exc:
        result.error = FetchError(type(exc).__name__, str(exc) or "timed out", retryable=True)
        return result
    except (httpx.TransportError, httpx.DecodingError) as exc:
        result.error = FetchError(type(exc).__name__, str(exc) or repr(exc), retryable=True)
        return result
    except httpx.HTTPError as exc:  # invalid URL and the like
        result.error = FetchError(type(exc).__name__, str(exc))
        return result
    finally:
        result.elapsed_s = time.monotonic() - started
        if own_client:
            client.close()
