"""``sources.yaml``: the outlets warta follows, validated with pydantic on load."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import BaseModel, ConfigDict, Field, HttpUrl, ValidationError, field_validator

from warta.acquire.urls import host_of, in_domains
from warta.config import get_settings
from warta.text.records import SourceSelectors
from warta.text.selectors import SelectorError, selector_xpath


class SelectorsConfig(BaseModel):
    """Where a source's pages keep their body, title and date: CSS (tags, ``#id``,
    ``.class``, ``[attr=value]``, descendant and ``>``) or XPath (starting with ``/``).
    Tried before the generic extraction; a selector that picks nothing is ignored."""

    model_config = ConfigDict(extra="forbid")

    body: str | None = None
    title: str | None = None
    date: str | None = None

    @field_validator("body", "title", "date")
    @classmethod
    def _readable(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if not value.strip():
            raise ValueError("empty selector")
        try:
            selector_xpath(value)
        except SelectorError as exc:
            raise ValueError(str(exc)) from exc
        return value.strip()


class SourceConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    home: HttpUrl
    domains: list[str] = Field(default_factory=list)
    feeds: list[HttpUrl] = Field(default_factory=list)
    sitemaps: list[HttpUrl] = Field(default_factory=list)
    language: str = Field(default="id", pattern=r"^[a-z]{2,3}$")
    timezone: str = Field(default_factory=lambda: get_settings().default_timezone)
    rate: float | None = Field(default=None, gt=0, le=20)  # None: WARTA_HOST_RATE (1/s)
    # query that turns an article URL into its one-page version ("page=all" on Kompas)
    whole_article_query: str | None = Field(default=None, pattern=r"^[\w.-]+=[\w.-]*$")
    selectors: SelectorsConfig | None = None

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    @property
    def all_domains(self) -> list[str]:
        domains = {d.lower().removeprefix("www.") for d in self.domains if d.strip()}
        return sorted(domains | {host_of(str(self.home))})

    @property
    def extraction_selectors(self) -> SourceSelectors | None:
        if self.selectors is None:
            return None
        return SourceSelectors(self.selectors.body, self.selectors.title, self.selectors.date)

    def owns(self, url: str) -> bool:
        return in_domains(host_of(url), self.all_domains)


class SourcesFileError(ValueError):
    """sources.yaml is invalid; the message names the file, the source and the field."""


def load_sources(path: Path | str | None = None) -> list[SourceConfig]:
    path = Path(path or get_settings().sources_file)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise SourcesFileError(f"{path}: cannot read: {exc}") from exc
    entries = data.get("sources") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise SourcesFileError(f"{path}: expected a top-level 'sources:' list")
    sources: list[SourceConfig] = []
    problems: list[str] = []
    for index, entry in enumerate(entries):
        label = entry.get("name") if isinstance(entry, dict) else None
        label = f"source {label!r}" if label else f"source #{index + 1}"
        try:
            sources.append(SourceConfig.model_validate(entry))
        except ValidationError as exc:
            for error in exc.errors():
                field = ".".join(str(part) for part in error["loc"]) or "(entry)"
                problems.append(f"{path}: {label}: field '{field}': {error['msg']}")
    names = [s.name for s in sources]
    for name in {n for n in names if names.count(n) > 1}:
        problems.append(f"{path}: source {name!r}: field 'name': duplicated")
    if problems:
        raise SourcesFileError("\n".join(problems))
    return sources


def select_sources(sources: list[SourceConfig], names: list[str] | None) -> list[SourceConfig]:
    if not names:
        return sources
    known = {s.name: s for s in sources}
    missing = [n for n in names if n not in known]
    if missing:
        raise SourcesFileError(f"unknown source(s): {', '.join(missing)}; known: {sorted(known)}")
    return [known[n] for n in names]
