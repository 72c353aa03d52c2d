"""Text normalization and the content hash: what every stage agrees a text is."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_ZERO_WIDTH = re.compile(r"[\u200b-\u200d\u2060\ufeff]")
_WHITESPACE = re.compile(r"\s+")


def normalize_text(text: str) -> str:
    """NFC, no zero-width characters, single spaces, stripped lines, no empty lines."""
    text = unicodedata.normalize("NFC", text)
    text = _ZERO_WIDTH.sub("", text).replace("\r\n", "\n").replace("\r", "\n")
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def flat(text: str | None) -> str:
    """``text`` on one line: every run of whitespace one space, stripped (``None``: "")."""
    return _WHITESPACE.sub(" ", text or "").strip() if text else ""


def content_hash(title: str | None, text: str) -> str:
    """sha256 over the normalized title and text: what decides "changed"."""
    payload = f"{normalize_text(title or '')}\n\n{normalize_text(text)}".casefold()
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


