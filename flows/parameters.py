"""The flows' parameters, typed and described: the Prefect UI builds its run form from them.

Prefect turns each parameter's annotation into the deployment's ``parameter_openapi_schema``
(it titles each field with the parameter's name).  The annotations here carry the JSON
schema the form shows: a type (a parameter that may be left out still shows as its own type,
a date or a list of URLs, never as "type None": an empty field means "not given"), a
description and examples.  Defaults stay plain values, so calling a flow from Python is
unchanged.  When the deployments are made, ``for_the_form`` gives the fields readable titles
and makes the source names a choice, from the sources file the server was started with.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from pydantic import WithJsonSchema


def _form(schema: dict[str, Any], description: str, *examples: Any) -> WithJsonSchema:
    extra: dict[str, Any] = {"description": description}
    if examples:
        extra["examples"] = list(examples)
    return WithJsonSchema({**schema, **extra})


SourceList = Annotated[
    list[str] | None,
    _form(
        {"type": "array", "items": {"type": "string"}, "uniqueItems": True},
        "Outlets to run, by their name in sources.yaml; leave empty for every source.",
        ["antara", "detik"],
    ),
]
StartDay = Annotated[
    date | None,
    _form(
        {"type": "string", "format": "date"},
        "First publication day (in each source's time zone) to take, inclusive;"
        " empty: no lower bound.",
        "2024-01-01",
    ),
]
EndDay = Annotated[
    date | None,
    _form(
        {"type": "string", "format": "date"},
        "Last publication day to take, inclusive; empty: up to today.",
        "2024-01-31",
    ),
]
UrlList = Annotated[
    list[str] | None,
    _form(
        {"type": "array", "items": {"type": "string", "format": "uri"}},
        "Fetch and process exactly these article URLs (no dates, no watermark);"
        " empty: discover articles from the sources' sitemaps and feeds.",
        ["https://www.antaranews.com/berita/1234567/contoh-berita"],
    ),
]
Reprocess = Annotated[
    bool,
    _form(
        {"type": "boolean"},
        "Re-run clean, NLP and load on the HTML already stored (no fetching) for the chosen"
        " sources and start..end publication days: after new rules or models.",
    ),
]
SourcesFile = Annotated[
    str | None,
    _form(
        {"type": "string"},
        "Path of the sources.yaml to read on the machine that runs the flow;"
        " empty: WARTA_SOURCES_FILE (the repository's sources.yaml).",
        "sources.yaml",
    ),
]


TITLES = {
    "sources": "Sources",
    "start": "Start day",
    "end": "End day",
    "urls": "Article URLs",
    "reprocess": "Reprocess stored HTML",
    "sources_file": "Sources file",
}


def for_the_form(properties: dict[str, Any], names: list[str]) -> dict[str, Any]:
    """A parameter schema's ``properties`` titled for people, ``sources`` a choice of ``names``."""
    for name, title in TITLES.items():
        if name in properties:
            properties[name]["title"] = title
    sources = properties.get("sources")
    if sources is not None and names:
        sources["items"] = {"type": "string", "enum": sorted(names)}
        known = ", ".join(sorted(names))
        sources["description"] = f"{sources.get('description', '')} Known: {known}.".strip()
    return properties
