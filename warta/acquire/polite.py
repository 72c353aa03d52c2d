"""Polite fetching: robots.txt, per-host spacing and concurrency, retries with backoff.

One ``PoliteFetcher`` serves a whole run and is shared by its worker threads:
- robots.txt is fetched once per host and honored (our user agent's rules);
- requests to one host are spaced by ``1 / rate`` seconds (default 1 per second, per-source
  overrides) and never overlap; all hosts together stay under a global concurrency limit;
- 429, 5xx and timeouts are retried with exponential backoff and jitter, honoring Retry-After;
  a wait longer than ``retry_max_s`` is left to the next run;
- a host that asks for a pause longer than ``max_host_wait_s`` (Retry-After, Crawl-delay) is
  left to the next run: its URLs fail at once (``HostDeferred``) instead of stalling the run;
- every wait ends early when the fetcher is stopped (the run is ending: SIGTERM, an error).

Spacing and "one request at a time" hold within one process.  When several processes or
machines fetch at once (Dask workers), a ``HostGate`` shares them: before each request the
fetcher claims the server from the gate (``db.host_leases`` keeps the claims in PostgreSQL).
"""

from __future__ import annotations

import logging
import math
import random
import threading
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Protocol
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from warta.acquire.fetch import (
    FetchError,
    FetchResult,
    InvalidURL,
    check_url_syntax,
    fetch_url,
    make_client,
)
from warta.acquire.urls import for_host, server_of
from warta.config import Settings, get_settings
from warta.masking import mask_url

log = logging.getLogger(__name__)


@dataclass
class HostStats:
    requests: int = 0
    seconds: float = 0.0
    waited_s: float = 0.0
    statuses: dict[int, int] = field(default_factory=lambda: defaultdict(int))


class HostGate(Protocol):
    """Per-server spacing shared with other processes: one request in flight per server, the
    next one not before the pause the last one set."""

    def claim(self, server: str, holder: str, interval: float) -> float:
        """Claim ``server`` for one request: 0 when claimed, else seconds to wait first."""
        ...

    def release(self, server: str, holder: str, pause_s: float) -> None:
        """The request is done; the server's next request waits ``pause_s`` seconds."""
        ...

    def defer(self, server: str, pause_s: float) -> None:
        """The server asked for a pause (Retry-After): no request before ``pause_s`` from now."""
        ...


def robots_rules(robots_url: str, status: int | None, body: bytes) -> RobotFileParser | None:
    """The rules a robots.txt response sets; ``None``: everything is allowed.

    RFC 9309: a 5xx (an unreachable robots.txt) means "assume complete disallow" for now;
    a 4xx (no robots.txt) and a network error (``status=None``) allow everything.
    """
    if status == 200:
        lines = body.decode("utf-8", "replace").splitlines()
    elif status is not None and 500 <= status < 600:
        lines = ["User-agent: *", "Disallow: /"]
    else:
        return None
    parser = RobotFileParser(robots_url)
    parser.parse(lines)
    return parser


class PoliteFetcher:
    def __init__(
        self,
        settings: Settings | None = None,
        host_rates: dict[str, float] | None = None,
        sleep=time.sleep,  # noqa: ANN001 (injectable clock for callers that simulate time)
        gate: HostGate | None = None,
    ) -> None:
        self.settings = settings or get_settings()
        self.gate = gate  # spacing shared with other processes; None: this process only
        # per domain, subdomains included (sources.yaml's ``rate``): ``kompas.com`` covers
        # ``regional.kompas.com``
        self.host_rates = {k.lower().removeprefix("www."): v for k, v in (host_rates or {}).items()}
        self._crawl_delay_rates: dict[str, float] = {}  # per server, from robots.txt
        self._sleep = sleep
        self._global = threading.BoundedSemaphore(self.settings.global_concurrency)
        self._host_locks: dict[str, threading.Lock] = defaultdict(threading.Lock)
        self._next_slot: dict[str, float] = defaultdict(float)
        self._robots: dict[str, RobotFileParser | None] = {}
        self._robots_lock = threading.Lock()
        self._registry_lock = threading.Lock()
        self.stats: dict[str, HostStats] = defaultdict(HostStats)
        self._stopped = threading.Event()
        self._client = make_client(
            self.settings, max_connections=self.settings.global_concurrency * 2
        )

    def stop(self) -> None:
        """The run is ending: every wait ends now and no new request starts."""
        self._stopped.set()

    @property
    def stopped(self) -> bool:
        return self._stopped.is_set()

    def _pause(self, seconds: float) -> None:
        if self._sleep is time.sleep:
            self._stopped.wait(seconds)
        else:
            self._sleep(seconds)

    def close(self) -> None:
        self.stop()
        self._client.close()

    def __enter__(self) -> PoliteFetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ spacing
    def rate_for(self, server: str) -> float:
        """Requests per second for a server: its domain's rate, slowed by robots' Crawl-delay."""
        rate = for_host(server, self.host_rates) or self.settings.host_rate
        crawl_delay_rate = self._crawl_delay_rates.get(server)
        return min(rate, crawl_delay_rate) if crawl_delay_rate else rate

    def _interval(self, host: str) -> float:
        rate = self.rate_for(host)
        return 1.0 / rate if rate > 0 else 0.0

    def _host_lock(self, host: str) -> threading.Lock:
        with self._registry_lock:
            return self._host_locks[host]

    def _deferred(self, url: str, wait: float) -> FetchResult:
        return FetchResult(
            url,
            url,
            error=FetchError(
                "HostDeferred",
                f"the host asks for a pause of {wait:.0f} s (Retry-After or Crawl-delay), over "
                f"the limit of {self.settings.max_host_wait_s:.0f} s: left to the next run",
            ),
        )

    def _get(self, url: str, **conditional: str | None) -> FetchResult:
        """One request: waits for the host's slot; one request per host at a time."""
        host = server_of(url)
        with self._host_lock(host):
            wait = self._next_slot[host] - time.monotonic()
            if wait > self.settings.max_host_wait_s:
                return self._deferred(url, wait)
            if wait > 0:
                self._pause(wait)
                self.stats[host].waited_s += wait
            if self.stopped:
                return FetchResult(url, url, error=FetchError("Stopped", "the run is ending"))
            if self.gate is None:
                with self._global:
                    result = fetch_url(
                        url, settings=self.settings, client=self._client, **conditional
                    )
            else:
                result = self._get_through_gate(host, url, conditional)
            self._next_slot[host] = time.monotonic() + self._interval(host)
        stats = self.stats[host]
        stats.requests += 1
        stats.seconds += result.elapsed_s
        if result.status:
            stats.statuses[result.status] += 1
        return result

    def _get_through_gate(
        self, host: str, url: str, conditional: dict[str, str | None]
    ) -> FetchResult:
        """One request once the gate grants the server (the other processes' requests to it
        spaced too); the claim ends with the request, whatever happened."""
        assert self.gate is not None
        holder = uuid.uuid4().hex
        interval = self._interval(host)
        while (wait := self.gate.claim(host, holder, interval)) > 0:
            if wait > self.settings.max_host_wait_s:
                return self._deferred(url, wait)
            if self.stopped:
                return FetchResult(url, url, error=FetchError("Stopped", "the run is ending"))
            self._pause(wait)
            self.stats[host].waited_s += wait
        try:
            with self._global:
                return fetch_url(url, settings=self.settings, client=self._client, **conditional)
        finally:
            self.gate.release(host, holder, interval)

    # ------------------------------------------------------------------ robots.txt
    def robots_for(self, url: str) -> RobotFileParser | None:
        parts = urlsplit(url)
        host = server_of(url)
        with self._robots_lock:
            if host in self._robots:
                return self._robots[host]
        robots_url = f"{parts.scheme}://{parts.netloc}/robots.txt"
        result = self._get(robots_url)
        parser = robots_rules(robots_url, result.status, result.body if result.ok else b"")
        with self._robots_lock:
            self._robots[host] = parser
        if parser is not None:
            self._apply_crawl_delay(host, parser.crawl_delay(self.settings.user_agent))
        return parser

    def _apply_crawl_delay(self, host: str, delay: object) -> None:
        """Slow the host to robots.txt's Crawl-delay.  An absurd one (100000, 10**400) never
        stalls the run: the wait it implies is over ``max_host_wait_s``, so after one page
        the host's remaining URLs are left to the next run (``HostDeferred``)."""
        try:
            seconds = float(delay) if delay else 0.0  # type: ignore[arg-type]
        except (TypeError, ValueError, OverflowError):
            seconds = math.inf
        if seconds > 0:  # 0, negative or NaN: no delay asked
            self._crawl_delay_rates[host] = 1.0 / min(seconds, 1e9)

    def allowed(self, url: str) -> bool:
        robots = self.robots_for(url)
        return robots is None or robots.can_fetch(self.settings.user_agent, url)

    # ------------------------------------------------------------------ the fetch
    def fetch(
        self, url: str, *, etag: str | None = None, last_modified: str | None = None
    ) -> FetchResult:
        """The URL fetched politely, retried when that helps; never raises (an error is a value,
        whatever went wrong: a bad URL, robots.txt, the network, the host's pauses)."""
        try:
            return self._fetch(url, etag, last_modified)
        except Exception as exc:  # noqa: BLE001 (one bad URL never costs the run)
            log.warning("fetch of %s failed unexpectedly: %r", mask_url(url), exc)
            return FetchResult(url, url, error=FetchError(type(exc).__name__, str(exc)))

    def _fetch(self, url: str, etag: str | None, last_modified: str | None) -> FetchResult:
        try:
            check_url_syntax(url, self.settings)
        except InvalidURL as exc:
            return FetchResult(url, url, error=FetchError("InvalidURL", str(exc)))
        if urlsplit(url).scheme not in ("http", "https"):
            return FetchResult(url, url, error=FetchError("BlockedURL", "only http and https"))
        if not self.allowed(url):
            return FetchResult(
                url, url, error=FetchError("RobotsDisallowed", "robots.txt disallows this URL")
            )
        attempts = self.settings.fetch_retries + 1
        result = FetchResult(url, url)
        for attempt in range(attempts):
            result = self._get(url, etag=etag, last_modified=last_modified)
            if result.ok or not (result.error and result.error.retryable):
                return result
            if result.error.retry_after:  # the whole host asked for a pause, not just this URL
                host = server_of(url)
                with self._registry_lock:
                    self._next_slot[host] = max(
                        self._next_slot[host], time.monotonic() + result.error.retry_after
                    )
                if self.gate is not None:
                    self.gate.defer(host, result.error.retry_after)
            if attempt + 1 == attempts:
                break
            backoff = self.settings.retry_base_s * 2**attempt * random.uniform(0.5, 1.5)
            wait = max(backoff, result.error.retry_after or 0.0)
            if wait > self.settings.retry_max_s or self.stopped:
                log.info("%s asks to wait %.0fs: leaving it to the next run", mask_url(url), wait)
                break
            log.info("retrying %s in %.1fs (%s)", mask_url(url), wait, result.error.message)
            self._pause(wait)
        return result
