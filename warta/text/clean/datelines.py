"""Datelines ("REPUBLIKA.CO.ID, JAKARTA --", "Jakarta (ANTARA) -") out of the body."""

from __future__ import annotations

import re

_MEDIA = (
    r"(?:[A-Za-z0-9][A-Za-z0-9-]*\.(?:co\.id|com|co|id|net|news)(?:/[A-Za-z]+)?"
    r"|ANTARA(?:\s+News)?(?:/[A-Za-z]+)?|Antara(?:\s+News)?(?:/[A-Za-z]+)?)"
)
_PLACE = r"(?:[A-Z][A-Za-z'’.-]+(?:\s+[A-Z][A-Za-z'’.-]+){0,3})"
_PLACE_LIST = rf"{_PLACE}(?:,\s*{_PLACE}){{0,2}}"
_DATE_IN_DATELINE = r"(?:\d{1,2}\s+[A-Z][a-z]+\s+\d{4})"
_SEP = r"\s*(?:-{1,2}|–|—|:)(?:\s+|$)"
DATELINE = re.compile(
    r"^(?:"
    rf"{_MEDIA},\s*{_PLACE_LIST}{_SEP}"  # REPUBLIKA.CO.ID, JAKARTA --  / Liputan6.com, Jakarta:
    rf"|{_PLACE_LIST},\s*{_MEDIA}{_SEP}"  # JAKARTA, KOMPAS.com -
    rf"|{_PLACE_LIST}(?:,\s*{_DATE_IN_DATELINE})?\s*\(\s*{_MEDIA}\s*\){_SEP}"  # Jakarta (ANTARA) -
    rf"|{_MEDIA}{_SEP}"  # VIVA.co.id -
    r"|[A-Z][A-Z .]{1,30}(?:,\s*[A-Z][A-Za-z .]{1,30})?\s*(?:-{1,2}|–|—)\s+"  # JAKARTA -
    r"|[A-Z][a-z]+(?:\s[A-Z][a-z]+)?\s(?:-{1,2}|–|—)\s+(?=[A-Z\"“])"  # Jakarta - (detik)
    r")"
)


def split_dateline(text: str) -> tuple[str | None, str]:
    """("REPUBLIKA.CO.ID, JAKARTA", rest) from "REPUBLIKA.CO.ID, JAKARTA -- rest"."""
    match = DATELINE.match(text[:120])
    if not match:
        return None, text
    dateline = re.sub(r"\s*(?:-{1,2}|–|—|:)\s*$", "", match.group(0)).strip()
    return dateline, text[match.end() :].lstrip()


_DATE_ONLY_LINE = re.compile(r"^[^.!?]{0,80}$")


def split_leading_dateline(kept: list[str]) -> tuple[str | None, list[str]]:
    """The dateline opens the first real paragraph.

    Lines before it are dropped only when they are short, sentence-less leftovers (a date,
    a location); a dateline-looking line after a real sentence is left alone, so no
    sentence is ever lost and cleaning twice changes nothing.
    """
    for index, line in enumerate(kept[:3]):
        found, rest = split_dateline(line)
        if found:
            return found, (kept[index + 1 :] if not rest else [rest, *kept[index + 1 :]])
        if not _DATE_ONLY_LINE.match(line) or split_dateline(line)[0]:
            break
    return None, kept


