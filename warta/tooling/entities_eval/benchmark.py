"""The article-level entity benchmark: hand-annotated files under ``tests/data/entities``.

One JSON file per article.  The article text is third-party (news pages, the seed, PFSA-ID
dev, CC BY-NC-SA) and is never stored: a file says where the text comes from and holds the
sha256 of the exact text annotated, then every person, organization and place the article
names, with character offsets into that text::

    {"source": {"kind": "pages", "path": "data/pages/id/ground-truth.json", "key": URL},
     "sha256": "...", "chars": 1745,
     "entities": [{"name": "Polres Lhokseumawe", "type": "ORG",
                   "aliases": ["Polres Lhokseumawe", "Polres"], "mentions": [[10, 28]],
                   "optional": false}],
     "not_entities": [[s, e], ...]}

``kind`` is ``pages`` (the ``content`` of the ground-truth entry whose ``url`` is ``key``),
``seed`` (a whole file) or ``pfsa-id`` (document ``key`` of the dev file as
:func:`warta.tooling.quotes_eval.read_pfsa` rebuilds it).  ``path`` is relative to the
shared folder (``WARTA_SHARED``).

Mentions are flat, as in IDNer: a name inside another entity's name (``Jawa Barat`` in
``Polda Jawa Barat``) is not a mention of its own.  An entity the article names *only*
inside other names is ``optional``: finding it is not required, and reporting it is not an
error (the pipeline adds such places on purpose).  ``not_entities`` lists occurrences of an
alias that do not name the entity (``Jaya`` as a word, a name used as a common noun).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from warta.config import REPO_ROOT, shared_dir

BENCHMARK_DIR = REPO_ROOT / "tests" / "data" / "entities"
TYPES = ("PER", "ORG", "LOC")

Span = tuple[int, int]


@dataclass
class GoldEntity:
    name: str
    type: str
    aliases: list[str]
    mentions: list[Span] = field(default_factory=list)
    # "" (required), "nested" (named only inside other names) or "arguable" (a unit, a
    # facility, a name whose type the guidelines leave open): not required, not an error.
    optional: str = ""

    @property
    def names(self) -> list[str]:
        """The canonical name and every alias."""
        return [self.name, *(a for a in self.aliases if a != self.name)]


@dataclass
class BenchmarkArticle:
    id: str  # the file's stem
    source: dict[str, Any]
    sha256: str
    entities: list[GoldEntity]
    not_entities: list[Span] = field(default_factory=list)
    path: Path | None = None


# ------------------------------------------------------------------------- files


def read_article(path: Path) -> BenchmarkArticle:
    data = json.loads(path.read_text(encoding="utf-8"))
    entities = [
        GoldEntity(
            name=e["name"],
            type=e["type"],
            aliases=list(e.get("aliases", [])),
            mentions=[(s, t) for s, t in e.get("mentions", [])],
            optional=e.get("optional", ""),
        )
        for e in data["entities"]
    ]
    return BenchmarkArticle(
        id=path.stem,
        source=data["source"],
        sha256=data.get("sha256", ""),
        entities=entities,
        not_entities=[(s, t) for s, t in data.get("not_entities", [])],
        path=path,
    )


def load_benchmark(directory: Path | None = None) -> list[BenchmarkArticle]:
    """Every article of the benchmark, in file-name order."""
    folder = directory or BENCHMARK_DIR
    return [read_article(p) for p in sorted(folder.glob("*.json"))]


def write_article(article: BenchmarkArticle, path: Path) -> None:
    """The file as :func:`read_article` reads it: one line per entity, easy to review."""
    entities = [
        {
            "name": e.name,
            "type": e.type,
            "aliases": e.aliases,
            "mentions": [list(m) for m in e.mentions],
            **({"optional": e.optional} if e.optional else {}),
        }
        for e in article.entities
    ]
    lines = [
        "{",
        f' "source": {json.dumps(article.source, ensure_ascii=False)},',
        f' "sha256": "{article.sha256}",',
        ' "entities": [',
        ",\n".join(f"  {json.dumps(e, ensure_ascii=False)}" for e in entities),
        " ],",
        f' "not_entities": {json.dumps([list(s) for s in article.not_entities])}',
        "}",
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


# ------------------------------------------------------------------------- texts


@lru_cache(maxsize=4)
def _ground_truth(path: Path) -> dict[str, str]:
    entries = json.loads(path.read_text(encoding="utf-8"))
    return {
        e["expected"]["url"]: e["expected"]["content"]
        for e in entries
        if "content" in e["expected"]
    }


@lru_cache(maxsize=2)
def _pfsa_texts(path: Path) -> list[str]:
    from warta.tooling.quotes_eval import read_pfsa

    return [doc.text for doc in read_pfsa(path)]


def source_text(source: dict[str, Any], shared: Path | None = None) -> str:
    """The exact text an annotation file was made on, read from the shared folder."""
    path = (shared or shared_dir()) / source["path"]
    kind = source["kind"]
    if kind == "pages":
        return _ground_truth(path)[source["key"]]
    if kind == "seed":
        return path.read_text(encoding="utf-8")
    if kind == "pfsa-id":
        return _pfsa_texts(path)[int(source["key"])]
    raise ValueError(f"unknown benchmark source kind {kind!r}")


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# ------------------------------------------------------------------------- mentions


def alias_occurrences(text: str, alias: str) -> list[Span]:
    """Where ``alias`` occurs in ``text`` as whole words (case-sensitive)."""
    pattern = re.compile(r"(?<!\w)" + re.escape(alias) + r"(?!\w)")
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


def _inside(span: Span, spans: list[Span]) -> bool:
    return any(s <= span[0] and span[1] <= e for s, e in spans)


def _overlaps(span: Span, spans: list[Span]) -> bool:
    return any(span[0] < e and s < span[1] for s, e in spans)


def fill_mentions(article: BenchmarkArticle, text: str) -> list[str]:
    """Set every entity's mentions from its aliases' occurrences; return what needs a look.

    Longest names first, never overlapping (flat, as IDNer); ``not_entities`` are skipped.
    An entity whose occurrences all lie inside other entities' mentions becomes optional
    (``nested``), with those nested occurrences as its mentions.  An ``arguable`` entity
    takes every occurrence of its names and none from the others.
    """
    candidates: list[tuple[Span, int]] = []
    arguable = [i for i, e in enumerate(article.entities) if e.optional == "arguable"]
    for index, entity in enumerate(article.entities):
        if index in arguable:
            entity.mentions = sorted(
                {s for a in entity.names for s in alias_occurrences(text, a)}
                - set(article.not_entities)
            )
            continue
        for alias in set(entity.names):
            for span in alias_occurrences(text, alias):
                if not _inside(span, article.not_entities):
                    candidates.append((span, index))
    candidates.sort(key=lambda c: (-(c[0][1] - c[0][0]), c[0][0]))
    taken: list[Span] = []
    own: dict[int, list[Span]] = {i: [] for i in range(len(article.entities))}
    nested: dict[int, list[Span]] = {i: [] for i in range(len(article.entities))}
    for span, index in candidates:
        if _overlaps(span, taken):
            if _inside(span, taken) and span not in nested[index]:
                nested[index].append(span)
            continue
        taken.append(span)
        own[index].append(span)
    notes: list[str] = []
    for index, entity in enumerate(article.entities):
        if index not in arguable:
            entity.optional = "" if own[index] else "nested"
            entity.mentions = sorted(own[index] or nested[index])
        if not entity.mentions:
            notes.append(f"{entity.name} ({entity.type}): no alias occurs in the text")
    return notes


# ------------------------------------------------------------------------- checks


def validate(article: BenchmarkArticle, text: str) -> list[str]:
    """Problems of an annotation file against its text (an empty list when it is sound).

    The text has the recorded sha256; every mention's text is the entity's name or one of
    its aliases; mentions of non-optional entities never overlap; every whole-word
    occurrence of any alias is a mention, inside a mention, or listed in ``not_entities``.
    """
    problems: list[str] = []
    if text_sha256(text) != article.sha256:
        return [f"{article.id}: the text changed (sha256 differs); offsets cannot be trusted"]
    flat: list[Span] = []
    for entity in article.entities:
        if entity.type not in TYPES:
            problems.append(f"{article.id}: {entity.name}: unknown type {entity.type}")
        if not entity.mentions:
            problems.append(f"{article.id}: {entity.name}: no mention")
        for start, end in entity.mentions:
            if text[start:end] not in entity.names:
                problems.append(
                    f"{article.id}: {entity.name}: [{start}, {end}] is {text[start:end]!r},"
                    " not one of its names"
                )
            if not entity.optional:
                if _overlaps((start, end), flat):
                    problems.append(f"{article.id}: {entity.name}: [{start}, {end}] overlaps")
                flat.append((start, end))
    covered = flat + article.not_entities
    for entity in article.entities:
        for alias in entity.names:
            for span in alias_occurrences(text, alias):
                if _inside(span, covered) or (entity.optional and span in entity.mentions):
                    continue
                problems.append(f"{article.id}: {alias!r} at {list(span)} is not annotated")
    return problems


# A capitalised word: "Polda", "AKP", "Kompas.com", "AK-56" (a sentence's full stop is not part).
_CAPITALISED = re.compile(r"(?<![\w.])[A-Z][\w&'’-]*(?:\.[A-Za-z]\w*)*")


def uncovered_capitalised(article: BenchmarkArticle, text: str) -> list[tuple[Span, str]]:
    """Runs of capitalised words no annotation covers: the second reading pass decides each."""
    covered = [m for e in article.entities for m in e.mentions] + article.not_entities
    runs: list[Span] = []
    for m in _CAPITALISED.finditer(text):
        span = (m.start(), m.end())
        if _inside(span, covered):
            continue
        if runs and not text[runs[-1][1] : span[0]].strip():
            runs[-1] = (runs[-1][0], span[1])
        else:
            runs.append(span)
    return [(span, text[span[0] : span[1]]) for span in runs]
