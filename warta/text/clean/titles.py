"""Titles without the site's name ("… | Republika Online", "… - Kompas.com") or the
section's ("Musik - Bikin Gaduh Kota, …" on a page filed under /musik/ or article:section)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from warta.acquire.urls import registrable_domain
from warta.text.normalize import normalize_text

_TITLE_SEPARATORS = re.compile(r"\s+[|–—-]\s+|\s*\|\s*")


def _site_labels(sitename: str | None, url: str | None) -> set[str]:
    labels: set[str] = set()
    if url:
        # the outlet's name is the first label of its registrable domain (kompas.com,
        # republika.co.id, news.detik.com -> detik)
        name = registrable_domain(url).split(".")[0]
        if len(name) > 2 and not name.isdigit():
            labels.add(name)
    if sitename:
        labels.update(w.lower() for w in re.findall(r"[A-Za-z]{4,}", sitename))
    return labels


def _section_names(url: str | None, categories: list[str] | None) -> set[str]:
    """The page's section names: its categories (article:section, ...) and the words of its
    URL's directory segments ("/showbiz/musik/x.html" -> showbiz, musik)."""
    names = {c.strip().lower() for c in categories or [] if c.strip()}
    if url:
        segments = [s for s in urlsplit(url).path.split("/") if s][:-1]
        names.update(s.replace("-", " ").lower() for s in segments if s.replace("-", "").isalpha())
    return names


def _drop_section(title: str, sections: set[str]) -> str:
    """A leading or trailing "Section - " / " | Section" (one to three words) taken off when
    the rest is still a title of three words or more."""
    def short_section(segment: str) -> bool:
        return len(segment.split()) <= 3 and segment.lower() in sections

    parts = _TITLE_SEPARATORS.split(title, maxsplit=1)
    if len(parts) == 2 and short_section(parts[0]) and len(parts[1].split()) >= 3:
        return parts[1]
    last = _TITLE_SEPARATORS.split(title)[-1]
    rest = title[: title.rfind(last)].rstrip(" |–—-")
    if last != title and short_section(last) and len(rest.split()) >= 3:
        return rest
    return title


def clean_title(
    title: str | None,
    sitename: str | None = None,
    url: str | None = None,
    categories: list[str] | None = None,
) -> str | None:
    """Strip "… | Republika Online", "… - Kompas.com", "KapanLagi.com: …", "Musik - …"."""
    if not title:
        return None
    title = normalize_text(title).replace("\n", " ")
    labels = _site_labels(sitename, url)

    def is_site(segment: str) -> bool:
        lowered = segment.lower()
        return bool(labels) and any(label in lowered for label in labels) and len(segment) < 40

    prefix = re.match(r"^(?P<site>[^:]{3,30}):\s+", title)
    if prefix and is_site(prefix.group("site")) and "." in prefix.group("site"):
        title = title[prefix.end() :]
    segments = _TITLE_SEPARATORS.split(title)
    while len(segments) > 1 and is_site(segments[-1]):
        segments.pop()
    while len(segments) > 1 and is_site(segments[0]):
        segments.pop(0)
    separators = _TITLE_SEPARATORS.findall(title)
    rebuilt = segments[0]
    # re-join kept segments with their original separators (titles may contain " - ")
    if len(segments) > 1:
        start = title.find(segments[0])
        end = title.find(segments[-1]) + len(segments[-1])
        rebuilt = title[start:end]
    del separators
    rebuilt = _drop_section(rebuilt.strip(), _section_names(url, categories))
    return rebuilt.strip() or title


