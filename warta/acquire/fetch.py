"""Fetch stage: one polite HTTP GET.  A failure is a value (``FetchResult.error``), not a raise."""

from __future__ import annotations

import ipaddress
import math
import re
import socket
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx
import idna

from warta.acquire.decoding import DecodedTooLarge, DecodingFailed, decode_stream, encodings_of
from warta.acquire.urls import strip_credentials
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


class InvalidURL(ValueError):
    """The URL cannot be requested: unparseable, a bad port or host name, too long."""


def is_public_address(address: str) -> bool:
    """Is ``address`` globally routable?  Private, loopback, link-local, carrier-grade NAT
    (100.64.0.0/10), documentation, reserved and multicast ranges are not; an IPv4 address
    mapped into IPv6 (``::ffff:127.0.0.1``) is judged as the IPv4 address it is."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        mapped = ip.ipv4_mapped or ip.sixtofour
        if mapped is not None:
            ip = mapped
    return ip.is_global and not ip.is_multicast


def _refuse_non_public(host: str, address: str) -> None:
    if not is_public_address(address):
        raise BlockedURL(
            f"{host} resolves to a non-public address ({address}); "
            "set WARTA_ALLOW_PRIVATE_HOSTS=true to allow it"
        )


_CONTROL = re.compile(r"[\x00-\x20\x7f]")


def check_url_syntax(url: str, settings: Settings | None = None) -> None:
    """Raise ``InvalidURL`` for anything the HTTP client would choke on: an unparseable URL,
    a bad port, a host name IDNA cannot encode (a 64-character label, a bad ``xn--`` label),
    control characters, or more than ``max_url_bytes``."""
    settings = settings or get_settings()
    size = len(url.encode("utf-8", "surrogatepass"))
    if size > settings.max_url_bytes:
        raise InvalidURL(f"URL of {size} bytes is over the limit of {settings.max_url_bytes}")
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (raises ValueError for port 99999 or "abc")
        if _CONTROL.search(url):
            raise InvalidURL("control characters or spaces in the URL")
        httpx.URL(url)  # host IDNA encoding, the client's own checks
        if parts.hostname:
            parts.hostname.encode("idna")  # a label over 63 characters
            for label in parts.hostname.split("."):
                if label.startswith("xn--"):
                    idna.decode(label)  # a punycode label that decodes to nothing valid
    except (ValueError, UnicodeError, httpx.InvalidURL) as exc:
        raise InvalidURL(f"{type(exc).__name__}: {exc}") from exc


def check_url_allowed(url: str, settings: Settings | None = None) -> None:
    """Scheme and address guard, before a request (the connection is checked again once made,
    so a name that resolves differently the second time -- DNS rebinding -- is caught there).

    With a proxy the proxy resolves names and connects: warta checks literal addresses and
    names it can resolve itself; the proxy must enforce its own egress rules for the rest.
    """
    settings = settings or get_settings()
    check_url_syntax(url, settings)
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise BlockedURL(f"only http and https URLs are fetched, not {parts.scheme!r}")
    if not parts.hostname:
        raise BlockedURL("URL has no host")
    if settings.allow_private_hosts:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 80, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as exc:
        if settings.http_proxy:
            return  # the proxy resolves the name (and enforces its egress rules)
        raise BlockedURL(f"cannot resolve {parts.hostname}: {exc}") from exc
    for info in infos:
        _refuse_non_public(parts.hostname, str(info[4][0]))


# The end of the fetch running in this thread (monotonic seconds), for the guarded streams.
_deadline = threading.local()


def _remaining(timeout: float | None) -> float | None:
    """``timeout`` shortened to what is left of this fetch's total deadline."""
    at = getattr(_deadline, "at", None)
    if at is None:
        return timeout
    left = at - time.monotonic()
    if left <= 0:
        raise httpcore.ReadTimeout("the fetch's total deadline has passed")
    return left if timeout is None else min(timeout, left)


class _GuardedStream(httpcore.NetworkStream):
    """A connection whose reads and writes respect the fetch's total deadline."""

    def __init__(self, stream: httpcore.NetworkStream) -> None:
        self._stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, _remaining(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, _remaining(timeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(self, ssl_context, server_hostname=None, timeout=None):  # noqa: ANN001, ANN201
        return _GuardedStream(
            self._stream.start_tls(ssl_context, server_hostname, _remaining(timeout))
        )

    def get_extra_info(self, info: str):  # noqa: ANN201
        return self._stream.get_extra_info(info)


class _GuardedBackend(httpcore.SyncBackend):
    """Connections checked once made: the address actually reached must be public (unless
    private hosts are allowed, or a proxy -- the operator's choice -- is the peer)."""

    def __init__(self, check_peer: bool) -> None:
        self.check_peer = check_peer

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):  # noqa: ANN001, ANN201
        stream = super().connect_tcp(host, port, _remaining(timeout), local_address, socket_options)
        if self.check_peer:
            sock = stream.get_extra_info("socket")
            try:
                _refuse_non_public(str(host), str(sock.getpeername()[0]))
            except BaseException:
                stream.close()
                raise
        return _GuardedStream(stream)


def make_client(settings: Settings | None = None, max_connections: int = 100) -> httpx.Client:
    """The HTTP client every fetch uses: no redirects followed by httpx, no environment
    proxies, a total deadline per fetch and the address guard on every connection."""
    settings = settings or get_settings()
    transport = httpx.HTTPTransport(
        proxy=settings.http_proxy, limits=httpx.Limits(max_connections=max_connections)
    )
    pool = transport._pool  # httpcore's pool: the one place a network backend can be set
    if not hasattr(pool, "_network_backend"):  # pragma: no cover (an httpcore we do not know)
        raise RuntimeError("httpcore without a network backend: cannot guard connections")
    pool._network_backend = _GuardedBackend(
        check_peer=not settings.allow_private_hosts and not settings.http_proxy
    )
    return httpx.Client(
        transport=transport,
        timeout=httpx.Timeout(settings.read_timeout, connect=settings.connect_timeout),
        follow_redirects=False,
        trust_env=False,
    )


# Retry-After beyond this is "not in this run" anyway; keeps the arithmetic finite.
_RETRY_AFTER_CEILING = 1e9


def _retry_after_seconds(value: str | None) -> float | None:
    """Seconds a ``Retry-After`` header asks for (delta or HTTP date), finite and >= 0;
    ``None`` when absent or unreadable.  ``inf``, ``1e300`` and year-9999 dates are read as
    "a very long time" (the ceiling), never as an overflow."""
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        from email.utils import parsedate_to_datetime

        try:
            seconds = parsedate_to_datetime(value).timestamp() - time.time()
        except (TypeError, ValueError, OverflowError, IndexError):
            return None
    if math.isnan(seconds):
        return None
    return min(max(0.0, seconds), _RETRY_AFTER_CEILING)


def _request_headers(settings: Settings, etag: str | None, last_modified: str | None) -> dict:
    headers = {
        "User-Agent": settings.user_agent,
        "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5",
        "Accept-Language": "id,en;q=0.7",
        "Accept-Encoding": "gzip, deflate",  # the ones decoded here, under the cap
    }
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    return headers


def _read_body(response: httpx.Response, result: FetchResult, settings: Settings) -> None:
    """The decoded body into ``result``, or ``result.error`` when it is over the cap."""
    cap = settings.max_body_bytes
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > cap:
        result.error = FetchError(
            "TooLarge", f"declared body of {declared} bytes is over the cap", response.status_code
        )
        return
    encodings = encodings_of(response.headers.get("content-encoding"))
    chunks: list[bytes] = []
    try:
        for chunk in decode_stream(response.iter_raw(), encodings, cap):
            chunks.append(chunk)
    except DecodedTooLarge as exc:
        result.error = FetchError("TooLarge", str(exc), response.status_code)
        return
    result.body = b"".join(chunks)


def _one_response(
    response: httpx.Response, result: FetchResult, settings: Settings
) -> FetchResult:
    result.status = response.status_code
    result.headers = {k.lower(): v for k, v in response.headers.items()}
    _read_body(response, result, settings)
    if result.error or response.status_code == 304 or response.is_success:
        return result
    result.error = FetchError(
        "HTTPStatus",
        f"HTTP {response.status_code} {response.reason_phrase}",
        response.status_code,
        retryable=response.status_code in RETRYABLE_STATUS,
        retry_after=_retry_after_seconds(response.headers.get("retry-after")),
    )
    return result


def _error_of(exc: Exception, deadline_passed: bool) -> FetchError:
    """Every exception a fetch can meet, as a failure value (nothing escapes ``fetch_url``)."""
    name = type(exc).__name__
    if isinstance(exc, BlockedURL):
        return FetchError("BlockedURL", str(exc))
    location = isinstance(exc, httpx.RemoteProtocolError) and "location header" in str(exc)
    if location or isinstance(exc, InvalidURL | httpx.InvalidURL | UnicodeError):
        # (httpx reads a redirect's Location itself, even when it does not follow it)
        return FetchError("InvalidURL", str(exc) or name)
    if isinstance(exc, httpx.TimeoutException):
        if deadline_passed:
            return FetchError("DeadlineExceeded", "the fetch took longer than its total deadline")
        return FetchError(name, str(exc) or "timed out", retryable=True)
    if isinstance(exc, httpx.TransportError | httpx.DecodingError | DecodingFailed):
        return FetchError(name, str(exc) or repr(exc), retryable=True)
    return FetchError(name, str(exc) or repr(exc))  # invalid URLs (ValueError) and the like


def fetch_url(
    url: str,
    *,
    settings: Settings | None = None,
    etag: str | None = None,
    last_modified: str | None = None,
    client: httpx.Client | None = None,
) -> FetchResult:
    """GET ``url`` once, following redirects by hand so each hop is checked and recorded.

    Never raises: malformed URLs and redirect targets, refused addresses, network errors,
    bodies over the cap (decoded bytes, layered encodings included) and a fetch that runs
    past its total deadline are ``FetchResult.error`` values."""
    settings = settings or get_settings()
    result = FetchResult(url=url, final_url=url)
    headers = _request_headers(settings, etag, last_modified)
    own_client = client is None
    started = time.monotonic()
    _deadline.at = started + settings.fetch_deadline_s
    try:
        client = client or make_client(settings)
        current = url
        for _hop in range(settings.max_redirects + 1):
            check_url_allowed(current, settings)
            with client.stream("GET", current, headers=headers) as response:
                if response.is_redirect and "location" in response.headers:
                    location = response.headers["location"].strip()
                    check_url_syntax(location, settings)  # before urljoin quietly drops tabs
                    # credentials in a Location are neither sent, logged nor stored
                    current = strip_credentials(urljoin(current, location))
                    result.redirects.append(current)
                    continue
                result.final_url = current
                return _one_response(response, result, settings)
        result.error = FetchError(
            "TooManyRedirects", f"more than {settings.max_redirects} redirects"
        )
        return result
    except Exception as exc:  # noqa: BLE001 (one bad URL is a failure row, never an abort)
        deadline_passed = time.monotonic() >= _deadline.at
        result.error = _error_of(exc, deadline_passed)
        return result
    finally:
        _deadline.at = None
        result.elapsed_s = time.monotonic() - started
        if own_client and client is not None:
            client.close()
