"""Command-line values people type -- periods, days, timestamps -- read once, with errors
that name the accepted forms (argparse prints them as ``argument --since: …``)."""

from __future__ import annotations

import re
from argparse import ArgumentTypeError
from datetime import date, datetime, timedelta

from warta.config import newsroom_zone

PERIOD_FORMS = "a period such as 7d, 2w or 24h, or a day such as 2026-11-01"
DAY_FORM = "a day such as 2026-11-01 (YYYY-MM-DD)"
_PERIOD = re.compile(r"(\d+)\s*([dwh])")


def _reason(exc: ValueError) -> str:
    # Python's own words ("month must be in 1..12") say what is wrong with an almost-right day
    message = str(exc)
    return "" if message.startswith("Invalid isoformat string") else f" ({message})"


def parse_since(value: str, today: date | None = None) -> date:
    """``7d``, ``2w``, ``24h`` or a day -> the first day of the period (the newsroom's days).

    ``7d`` is the last seven days, today included; ``24h`` rounds to whole days.
    """
    today = today or datetime.now(newsroom_zone()).date()
    text = value.strip().lower()
    if match := _PERIOD.fullmatch(text):
        amount, unit = int(match.group(1)), match.group(2)
        if amount == 0:
            raise ArgumentTypeError(f"expected {PERIOD_FORMS}; a period of 0 is empty")
        days = {"d": amount, "w": 7 * amount, "h": -(-amount // 24)}[unit]
        return today - timedelta(days=days - 1)
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise ArgumentTypeError(f"expected {PERIOD_FORMS}; got {value!r}{_reason(exc)}") from None


def parse_since_moment(value: str, today: date | None = None) -> datetime:
    """Like :func:`parse_since`, and ISO timestamps too (``2026-11-01T06:00``; without a zone
    they are read in the newsroom's zone): the first moment of a period."""
    zone = newsroom_zone()
    try:
        day = parse_since(value, today)
    except ArgumentTypeError:
        try:
            moment = datetime.fromisoformat(value.strip())
        except ValueError:
            raise ArgumentTypeError(
                f"expected {PERIOD_FORMS}, or a time such as 2026-11-01T06:00; got {value!r}"
            ) from None
        return moment if moment.tzinfo else moment.replace(tzinfo=zone)
    return datetime.combine(day, datetime.min.time(), tzinfo=zone)


def parse_day(value: str) -> date:
    """``YYYY-MM-DD`` -> a date; anything else names the form."""
    try:
        return date.fromisoformat(value.strip())
    except ValueError as exc:
        raise ArgumentTypeError(f"expected {DAY_FORM}; got {value!r}{_reason(exc)}") from None


def positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise ArgumentTypeError(f"expected a whole number of 1 or more; got {value!r}")
    return number
