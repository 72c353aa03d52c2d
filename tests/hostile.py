"""A hostile HTTP server on loopback for the adversarial tests: raw bytes, no HTTP library.

Each route is a function given the socket; it writes whatever it likes (a bad header, a body
one byte at a time, a decompression bomb) or nothing at all.  Port 0: the OS picks one.
"""

from __future__ import annotations

import socket
import socketserver
import threading
import time
from collections.abc import Callable

Route = Callable[[socket.socket], None]


def response(
    body: bytes = b"", status: str = "200 OK", headers: dict[str, str] | None = None
) -> bytes:
    head = {"Content-Type": "text/html; charset=utf-8", "Content-Length": str(len(body))}
    head.update(headers or {})
    lines = [f"HTTP/1.1 {status}", *(f"{k}: {v}" for k, v in head.items()), "Connection: close"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def raw(data: bytes) -> Route:
    """A route that sends ``data`` (a whole response) and closes."""
    return lambda sock: sock.sendall(data)


def trickle(head: bytes, body: bytes, every_s: float) -> Route:
    """Headers at once, then the body one byte every ``every_s`` seconds."""

    def send(sock: socket.socket) -> None:
        sock.sendall(head)
        for byte in body:
            sock.sendall(bytes([byte]))
            time.sleep(every_s)

    return send


def trickle_headers(every_s: float, count: int = 10_000) -> Route:
    """A status line and headers that never end: one byte every ``every_s`` seconds."""

    def send(sock: socket.socket) -> None:
        sock.sendall(b"HTTP/1.1 200 OK\r\nX-Slow: ")
        for _ in range(count):
            sock.sendall(b"a")
            time.sleep(every_s)

    return send


class HostileServer:
    """``with HostileServer({"/path": route}) as server: server.url("/path")``."""

    def __init__(self, routes: dict[str, Route]) -> None:
        self.routes = dict(routes)
        self.requests: list[str] = []
        hostile = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                sock: socket.socket = self.request
                sock.settimeout(10)
                data = b""
                try:
                    while b"\r\n\r\n" not in data and len(data) < 65536:
                        chunk = sock.recv(4096)
                        if not chunk:
                            return
                        data += chunk
                    path = data.split(b" ", 2)[1].decode("latin-1")
                    hostile.requests.append(path)
                    route = hostile.routes.get(path) or hostile.routes.get(path.split("?")[0])
                    if route is None:
                        sock.sendall(response(b"not found", "404 Not Found"))
                    else:
                        route(sock)
                except OSError:  # the client gave up (a deadline, a cap): that is the point
                    pass

        class Server(socketserver.ThreadingTCPServer):
            daemon_threads = True
            allow_reuse_address = True

        self._server = Server(("127.0.0.1", 0), Handler)
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def __enter__(self) -> HostileServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
