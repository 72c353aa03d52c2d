"""A small news site served on loopback: the demo's sample site, saved pages, and test faults.

It also answers as an HTTP proxy (``WARTA_HTTP_PROXY``), so saved pages can be served under
their real URLs (``http://www.antaranews.com/berita/...``) with no DNS and no network.

``LocalSite`` serves a table of routes from a thread; a route is a static page or a function
(for fault modes: slow answers, 503 then success, 429 with Retry-After, redirect loops ...).
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


@dataclass
class Response:
    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0


Route = Response | Callable[[BaseHTTPRequestHandler], Response]


class LocalSite:
    """``with LocalSite(routes) as site: site.url("/path")``; ``site.requests`` logs each GET."""

    def __init__(
        self,
        routes: dict[str, Route] | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        etags: bool = False,
    ) -> None:
        """``etags``: every 200 answer without one gets an ETag (its body's hash), so repeat
        visits with ``If-None-Match`` get 304 Not Modified (the demo's second run)."""
        self.routes: dict[str, Route] = dict(routes or {})
        self.requests: list[tuple[float, str, dict[str, str]]] = []
        self.etags = etags
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:  # quiet
                return

            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                # As a proxy we get absolute URLs ("GET http://host/path"): routes may be keyed
                # by full URL (virtual hosts) or by path.
                site.requests.append((time.monotonic(), self.path, dict(self.headers)))
                route = site.routes.get(self.path) or site.routes.get(self.path.split("?")[0])
                if route is None and "://" in self.path:
                    path = "/" + self.path.split("://", 1)[1].partition("/")[2]
                    route = site.routes.get(path)
                if route is None:
                    response = Response(b"<html><body>not found</body></html>", 404)
                elif callable(route):
                    response = route(self)
                else:
                    response = route
                if response.delay_s:
                    time.sleep(response.delay_s)
                if site.etags and response.status == 200 and "ETag" not in response.headers:
                    digest = hashlib.sha256(response.body).hexdigest()[:20]
                    response = Response(
                        response.body, 200, {**response.headers, "ETag": f'"{digest}"'}
                    )
                etag = response.headers.get("ETag")
                if etag and self.headers.get("If-None-Match") == etag:
                    response = Response(b"", 304, {"ETag": etag})
                try:
                    self.send_response(response.status)
                    headers = {"Content-Type": "text/html; charset=utf-8", **response.headers}
                    for name, value in headers.items():
                        self.send_header(name, value)
                    if "Content-Length" not in headers:
                        self.send_header("Content-Length", str(len(response.body)))
                    self.send_header("Date", formatdate(usegmt=True))
                    self.end_headers()
                    self.wfile.write(response.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self._server = ThreadingHTTPServer((host, port), Handler)
        self._server.daemon_threads = True
        self.host, self.port = self._server.server_address[:2]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def start(self) -> LocalSite:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> LocalSite:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def routes_from_directory(directory: Path) -> dict[str, Response]:
    """Every file under ``directory`` at its relative path (pages, feeds, sitemaps)."""
    routes: dict[str, Response] = {}
    for path in sorted(directory.rglob("*")):
        if path.is_file():
            content_type = {
                ".html": "text/html; charset=utf-8",
                ".htm": "text/html; charset=utf-8",
                ".xml": "application/xml",
                ".rss": "application/rss+xml",
                ".json": "application/json",
            }.get(path.suffix, "application/octet-stream")
            routes["/" + path.relative_to(directory).as_posix()] = Response(
                path.read_bytes(), headers={"Content-Type": content_type}
            )
    return routes
