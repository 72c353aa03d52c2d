"""Secrets out of anything printed or stored: every URL shown to people goes through here."""

from __future__ import annotations

import re

# scheme://user:password@ -> scheme://user:***@
_PASSWORD_IN_URL = re.compile(r"(?P<head>[a-z][a-z0-9+.-]*://[^:/@\s]*:)(?P<pw>[^@\s]*)(?P<at>@)")
# ?password=... or &password=... (libpq accepts a password as a query parameter too)
_PASSWORD_PARAM = re.compile(r"(?P<head>[?&](?:password|passwd|pwd)=)(?P<pw>[^&\s]*)", re.I)


def mask_secrets(text: str) -> str:
    """Mask every password inside a free text (URLs, exception messages, log lines)."""
    text = _PASSWORD_IN_URL.sub(r"\g<head>***\g<at>", text)
    return _PASSWORD_PARAM.sub(r"\g<head>***", text)


def mask_url(url: str) -> str:
    """A URL as it may be shown: its password (user-info or query parameter) replaced by ***."""
    return mask_secrets(url)
