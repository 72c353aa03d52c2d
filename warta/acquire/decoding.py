"""Content-Encoding decoded while streaming, with the cap applied to the decoded bytes.

httpx decodes each network chunk whole, and layered encodings (``gzip, gzip``) multiply:
1,831 bytes on the wire became 2 GiB in memory before a body cap could look at them.  Here
every layer hands on at most ``STEP`` bytes at a time, so memory stays at a few hundred KiB
whatever the ratio, and the decoded total is checked as it grows.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator

STEP = 64 * 1024  # most bytes one layer produces per call
_WBITS = {"gzip": 16 + zlib.MAX_WBITS, "x-gzip": 16 + zlib.MAX_WBITS, "deflate": zlib.MAX_WBITS}


class DecodedTooLarge(ValueError):
    """The decoded body grew past the cap (a decompression bomb or just a huge page)."""


class DecodingFailed(ValueError):
    """The body is not what its Content-Encoding says."""


def encodings_of(header: str | None) -> list[str]:
    """The encodings a ``Content-Encoding`` header lists, in the order they were applied;
    ``identity`` and unknown names are left out (decoded as is, like httpx does)."""
    names = [part.strip().lower() for part in (header or "").split(",")]
    return [name for name in names if name in _WBITS]


class _Layer:
    """One zlib layer; ``deflate`` falls back to raw deflate (servers send both kinds)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.wbits = _WBITS[name]
        self.inflater = zlib.decompressobj(self.wbits)
        self.started = False

    def _step(self, data: bytes) -> bytes:
        try:
            return self.inflater.decompress(data, STEP)
        except zlib.error as exc:
            if self.name == "deflate" and not self.started:  # raw deflate, no zlib header
                self.started = True
                self.wbits = -zlib.MAX_WBITS
                self.inflater = zlib.decompressobj(self.wbits)
                return self._step(data)
            raise DecodingFailed(f"{self.name}: {exc}") from exc

    def feed(self, data: bytes) -> Iterator[bytes]:
        pending = data
        while True:
            out = self._step(pending)
            self.started = True
            pending = self.inflater.unconsumed_tail
            rest = self.inflater.unused_data
            if self.inflater.eof and rest[:2] == b"\x1f\x8b" and self.name != "deflate":
                # concatenated gzip members: the next one starts here (other trailing bytes
                # after the end of the stream are ignored, as browsers do)
                pending = rest
                self.inflater = zlib.decompressobj(self.wbits)
            if out:
                yield out
            elif not pending:
                return


def _through(layers: list[_Layer], data: bytes) -> Iterator[bytes]:
    if not layers:
        yield data
        return
    for out in layers[0].feed(data):
        yield from _through(layers[1:], out)


def decode_stream(chunks: Iterable[bytes], encodings: list[str], limit: int) -> Iterator[bytes]:
    """The decoded body of ``chunks`` (as sent, ``encodings`` applied in that order), piece by
    piece; raises ``DecodedTooLarge`` as soon as more than ``limit`` bytes come out."""
    layers = [_Layer(name) for name in reversed(encodings)]
    total = 0
    for chunk in chunks:
        for out in _through(layers, chunk):
            total += len(out)
            if total > limit:
                raise DecodedTooLarge(f"decoded body over the cap of {limit} bytes")
            yield out


def decode_bytes(body: bytes, encodings: list[str], limit: int) -> bytes:
    """``decode_stream`` over one bytes value (a gzipped sitemap)."""
    return b"".join(decode_stream([body], encodings, limit))
