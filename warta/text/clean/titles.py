"""Titles without the site's name ("… | Republika Online", "… - Kompas.com")."""

from __future__ import annotations

import re

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


def clean_title(
    title: str | None, sitename: str | None = None, url: str | None = None
) -> str | None:
    """Strip "… | Republika Online", "… - Kompas.com", "KapanLagi.com: …"."""
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
    return rebuilt.strip() or title


