"""Credit lines ("Editor: ...", "(ant)", a reporter in capitals) moved to ``authors``."""

from __future__ import annotations

import re

# a reporter's name in capitals closing the body ("DINI TEJA", "ANTARA")
CAPS_CREDIT = re.compile(r"^[A-Z][A-Z.'’ ]{2,40}$")
_ROLE = (
    r"Editor|Pewarta|Reporter|Penulis|Redaktur|Fotografer|Sumber|Penyunting|Kontributor"
    r"|Editing|Writer|Reported by|Written by|Edited by|Translator|Penerjemah"
)
# Editor: X / Pewarta: X / Reporter: X / Penulis: X lines at the edges
CREDIT_LINE = re.compile(rf"^(?P<role>{_ROLE})\s*:?\s+(?P<name>.{{2,80}})$", re.IGNORECASE)
# (ant), (kpl/pur/tch), (Cas/Isk), (fyk/ash) at the end of the body
INITIALS_CREDIT = re.compile(r"\s*\((?P<ids>[A-Za-z]{2,6}(?:/[A-Za-z]{2,6}){0,4})\)\s*$")
# "| Penulis | : Kontributor Lhokseumawe, Masriadi |": a credit laid out as a table row
TABLE_ROW = re.compile(r"^\|(?P<cells>.*)\|$")
AUTHOR_PREFIX = re.compile(
    r"^(?:Pewarta|Reporter|Penulis|Oleh|By|Editor|Kontributor(?:\s+[A-Z][\w.-]*){0,3},)\s*:?\s*",
    re.IGNORECASE,
)
NOT_A_PERSON = re.compile(
    r"^PT\s|\bMedia\b|\bDesign\b|\bDevelopment\b|\.com\b|\.co\.id\b|\bRedaksi\b|\bNews\b",
    re.IGNORECASE,
)


def table_row_as_line(line: str) -> str:
    """ "| Editor | : Ervan Hardoko |" -> "Editor: Ervan Hardoko" (other lines unchanged)."""
    row = TABLE_ROW.match(line)
    if not row:
        return line
    cells = [c.strip() for c in row.group("cells").split("|")]
    cells = [c.lstrip(": ").strip() for c in cells if c.strip(" :")]
    if len(cells) == 2 and re.fullmatch(rf"(?:{_ROLE})", cells[0], re.IGNORECASE):
        return f"{cells[0]}: {cells[1]}"
    return line


def clean_author(name: str) -> str | None:
    name = AUTHOR_PREFIX.sub("", name.strip()).strip(" ,;")
    if not name or NOT_A_PERSON.search(name) or len(name) > 80:
        return None
    return name


def split_names(credit: str) -> list[str]:
    """ "Budisantoso Budiman dan Agus S" -> two people ("dan"/"and"/"&" join names)."""
    return [part for part in re.split(r"\s+(?:dan|and|&)\s+|\s*;\s*", credit) if part.strip()]


def pop_credits(kept: list[str]) -> list[str]:
    """Remove credit lines from the end of ``kept`` (in place); return the names found."""
    credits: list[str] = []
    while kept:
        last = kept[-1]
        credit = CREDIT_LINE.match(last)
        if credit:
            if credit.group("role").lower() != "sumber":
                credits.append(credit.group("name").strip())
            kept.pop()
            continue
        if len(kept) > 1 and CAPS_CREDIT.match(last) and len(last.split()) <= 4:
            credits.append(last.title())
            kept.pop()
            continue
        initials = INITIALS_CREDIT.search(last)
        if initials:
            credits.append(initials.group("ids"))
            remainder = last[: initials.start()].rstrip()
            kept.pop()
            if remainder:
                kept.append(remainder)
            continue
        break
    return credits




# photo and video pages close with a rating widget and a credit block run into the last
# caption: "... Rate artikel ini Like (0) Dislike (0) Editor X Photographer Y Credits (2)"
MEDIA_TAIL = re.compile(
    r"\s*(?:(?:Rate|Nilai|Beri nilai) artikel ini\s*)?"
    r"\bLike\s*\(\d+\)\s*Dislike\s*\(\d+\)(?P<tail>.*)$",
    re.IGNORECASE,
)
_MEDIA_ROLE = re.compile(
    r"\b(?:Editor|Photographer|Fotografer|Foto|Kameramen|Kamerawan|Videografer|Video Editor"
    r"|Produser|Producer|Penulis|Reporter|Pewarta)\b\s*:?\s*",
    re.IGNORECASE,
)


def split_media_tail(line: str) -> tuple[str, list[str]]:
    """The line without a media page's rating widget and credit block, and the credited names."""
    match = MEDIA_TAIL.search(line)
    if not match:
        return line, []
    tail = re.sub(r"\bCredits?\s*\(\d+\)", " ", match.group("tail"))
    names = [n.strip(" :,") for n in _MEDIA_ROLE.split(tail)[1:]]
    return line[: match.start()].rstrip(), [n for n in names if 2 < len(n) <= 60]
