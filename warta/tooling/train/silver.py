"""Silver NER data: corpus sentences labelled by the longest match with name lists.

Distant supervision for the NER model, filtered for precision rather than recall:

* names: the Indonesian DBpedia lists (person / place / organization; Latin-1 text with CRLF
  line ends and expansion noise) and the Indonesian administrative regions (provinces,
  regencies and cities, districts);
* a DBpedia name is used only with two or more tokens, capitalised first and last tokens,
  no stray characters and no function word at its edges; region names may be single words;
* a name in more than one list (``Soekarno`` the person and the airport) is dropped, and so is
  one that the corpus mostly writes in lower case (``Batu`` the city, ``batu`` a stone);
* a sentence is kept only if every capitalised word but the first lies inside a matched name
  or is a known capitalised non-entity (days, months, titles: ``warta/data/<lang>/``), the
  first word is covered or a common lower-case word, and at least one name was found.

Sentences from the NER gold data (all splits) and any sentence sharing eight tokens in a row
with the NER dev or test split are never used.
"""

from __future__ import annotations

import functools
import json
import random
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from warta.tooling.train.corpora import Sentence
from warta.tooling.train.recipes import LanguageRecipe

_DATA = Path(__file__).resolve().parents[2] / "data"

# Words after which a capitalised word may just start a sentence or a quotation.
_OPENERS = frozenset({'"', "“", "”", "'", ":", ".", "!", "?", "-", "--"})
_NAME_TOKENS = re.compile(r"\w+(?:[-'.&]\w+)*\.?|[^\w\s]")
_NOISE = re.compile(r"[?\x00-\x1f\x7f-\x9f\ufffd]")
OVERLAP_N = 8  # a corpus sentence sharing this many tokens in a row with dev/test is dropped


def capitalised(token: str) -> bool:
    return token[:1].isupper()


def name_tokens(name: str) -> tuple[str, ...]:
    """A name split the way the corpus is tokenized (``Jl. Sudirman`` -> ``Jl.``, ``Sudirman``)."""
    return tuple(_NAME_TOKENS.findall(name))


def read_name_list(path: Path) -> list[str]:
    """One name a line; the DBpedia lists are Windows-1252 with CRLF line ends."""
    text = path.read_bytes().decode("cp1252", errors="replace")
    return [line.strip() for line in text.splitlines() if line.strip()]


def region_names(folder: Path) -> tuple[list[str], list[str]]:
    """Province and regency/city names (``Kabupaten Bantul`` also as ``Bantul``), and district
    names: many districts share a one-word name with a person or a month (``Juli``)."""
    regions: list[str] = [str(r["nama_provinsi"]) for r in _json(folder / "provinsi.json")]
    for row in _json(folder / "kabupaten.json"):
        name = str(row["nama_kabupaten"]).strip()
        regions.append(name)
        head, _, rest = name.partition(" ")
        if head in ("Kabupaten", "Kota") and rest:
            regions.append(rest)
    districts = [str(r["nama_kecamatan"]).strip() for r in _json(folder / "kecamatan.json")]
    return regions, districts


def _json(path: Path) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = json.loads(path.read_text(encoding="utf-8"))
    return rows


def name_lists(specs: Iterable[str], data: Path) -> dict[str, list[str]]:
    """``TYPE:path`` entries (relative to ``data``) as :meth:`Gazetteer.build` takes them: a
    file is a DBpedia list (multi-token names only); a folder holds the region lists, whose
    provinces, regencies and cities may be one word (key ``TYPE:regions``)."""
    lists: dict[str, list[str]] = {}
    for spec in specs:
        typ, _, rel = spec.partition(":")
        path = data / rel
        if path.is_dir():
            regions, districts = region_names(path)
            lists.setdefault(f"{typ}:regions", []).extend(regions)
            lists.setdefault(f"{typ}:names", []).extend(districts)
        else:
            lists.setdefault(f"{typ}:names", []).extend(read_name_list(path))
    return lists


@dataclass(frozen=True)
class WordLists:
    """The language's words for the filters, from ``warta/data/<lang>/``."""

    allowed_capitalised: frozenset[str]  # lowercased, dots removed
    edge_stopwords: frozenset[str]

    @classmethod
    def load(cls, lang: str) -> WordLists:
        folder = _DATA / lang
        silver = yaml.safe_load((folder / "silver.yaml").read_text(encoding="utf-8"))
        entities_file = folder / "entities.yaml"
        entities = (
            yaml.safe_load(entities_file.read_text(encoding="utf-8"))
            if entities_file.is_file()
            else {}
        )
        allowed = set(str(silver["capitalised_non_entities"]).split())
        for key in ("titles", "title_continuations", "role_nouns"):
            allowed.update(str(entities.get(key, "")).split())
        return cls(frozenset(allowed), frozenset(str(silver["name_edge_stopwords"]).split()))


class CorpusCounts:
    """How often the corpus writes each word, and each listed name, in lower case."""

    def __init__(self, sentences: Sequence[Sequence[str]]) -> None:
        self.sentences = sentences
        self.lower: Counter[str] = Counter()
        self.upper: Counter[str] = Counter()
        for tokens in sentences:
            for i, tok in enumerate(tokens):
                if tok.islower():
                    self.lower[tok] += 1
                elif i > 0 and capitalised(tok):
                    self.upper[tok] += 1

    def lower_ngrams(self, wanted: set[tuple[str, ...]]) -> Counter[tuple[str, ...]]:
        """How often each of ``wanted`` (lowercase token tuples) occurs written in lower case."""
        lengths: dict[str, set[int]] = {}
        for gram in wanted:
            lengths.setdefault(gram[0], set()).add(len(gram))
        counts: Counter[tuple[str, ...]] = Counter()
        for tokens in self.sentences:
            for i, tok in enumerate(tokens):
                for n in lengths.get(tok, ()):
                    gram = tuple(tokens[i : i + n])
                    if gram in wanted:
                        counts[gram] += 1  # tok is lowercase, so the gram was written so
        return counts


def _clean_name(tokens: tuple[str, ...], words: WordLists, multi_token: bool) -> bool:
    if not tokens or (multi_token and len(tokens) < 2):
        return False
    if not (capitalised(tokens[0]) and capitalised(tokens[-1])):
        return False
    if {tokens[0].lower(), tokens[-1].lower()} & words.edge_stopwords:
        return False
    if len(tokens) == 1 and tokens[0].lower() in words.allowed_capitalised:
        return False  # "Natal" the district is Christmas far more often
    # no stray characters, no punctuation token ("Nashville , Tennessee" is two names)
    return not any(_NOISE.search(t) or not t[0].isalnum() for t in tokens)


@dataclass(frozen=True)
class Gazetteer:
    """Names (token tuples, case as written) and their type."""

    names: Mapping[tuple[str, ...], str]

    @functools.cached_property
    def lengths(self) -> dict[str, list[int]]:
        """First token -> the lengths of the names it starts, longest first."""
        by_first: dict[str, set[int]] = {}
        for name in self.names:
            by_first.setdefault(name[0], set()).add(len(name))
        return {first: sorted(n, reverse=True) for first, n in by_first.items()}

    @classmethod
    def build(
        cls,
        lists: Mapping[str, Iterable[str]],
        counts: CorpusCounts,
        words: WordLists,
    ) -> Gazetteer:
        """``lists``: ``TYPE:source`` -> names (see :func:`name_lists`).  Only multi-token names
        are kept, except from the ``regions`` source."""
        seen: dict[tuple[str, ...], set[str]] = {}
        for key, names in lists.items():
            typ, _, source = key.partition(":")
            multi = source != "regions"
            for name in names:
                tokens = name_tokens(name)
                if _clean_name(tokens, words, multi):
                    seen.setdefault(tokens, set()).add(typ)
        unambiguous = {n: next(iter(t)) for n, t in seen.items() if len(t) == 1}
        common = cls._common(unambiguous, counts)
        return cls({n: t for n, t in unambiguous.items() if n not in common})

    @staticmethod
    def _common(names: Mapping[tuple[str, ...], str], counts: CorpusCounts) -> set[tuple[str, ...]]:
        """Names the corpus writes in lower case at least a fifth as often as capitalised."""
        lowered = {tuple(t.lower() for t in n): n for n in names if len(n) > 1}
        multi = counts.lower_ngrams(set(lowered))
        common = {lowered[g] for g, c in multi.items() if c >= 2}
        for name in names:
            if len(name) == 1:
                low = counts.lower[name[0].lower()]
                if low >= 2 and low * 5 >= counts.upper[name[0]]:
                    common.add(name)
        return common

    def match(self, tokens: Sequence[str]) -> list[tuple[int, int, str]]:
        """Longest matches, left to right: ``(start, end, type)``, end exclusive."""
        spans: list[tuple[int, int, str]] = []
        i = 0
        while i < len(tokens):
            for n in self.lengths.get(tokens[i], ()):
                typ = self.names.get(tuple(tokens[i : i + n])) if i + n <= len(tokens) else None
                if typ is not None:
                    spans.append((i, i + n, typ))
                    i += n
                    break
            else:
                i += 1
        return spans


def label_sentence(
    tokens: Sequence[str], gazetteer: Gazetteer, counts: CorpusCounts, words: WordLists
) -> Sentence | None:
    """IOB2 tags from the longest matches, or None when the precision filter rejects it."""
    spans = gazetteer.match(tokens)
    if not spans:
        return None
    tags = ["O"] * len(tokens)
    for start, end, typ in spans:
        tags[start] = f"B-{typ}"
        for k in range(start + 1, end):
            tags[k] = f"I-{typ}"
    for i, tok in enumerate(tokens):
        if tags[i] != "O" or not capitalised(tok):
            continue
        if tok.lower().replace(".", "") in words.allowed_capitalised:
            continue
        opener = i == 0 or tokens[i - 1] in _OPENERS
        if opener and counts.lower[tok.lower()] >= 5:
            continue  # a common word that starts the sentence or a quotation
        return None
    return list(zip(tokens, tags, strict=True))


def _ngrams(tokens: Sequence[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)}


def silver_sentences(
    corpus: Sequence[Sequence[str]],
    gazetteer: Gazetteer,
    counts: CorpusCounts,
    words: WordLists,
    *,
    exclude: Iterable[Sequence[str]],
    held_out: Iterable[Sequence[str]],
    limit: int,
    per_name: int = 20,
    seed: int = 1234,
) -> list[Sentence]:
    """Up to ``limit`` labelled sentences, in a seeded random order of the corpus.

    ``exclude``: sentences never used (the gold NER data); ``held_out``: the dev and test
    sentences, which nothing may share ``OVERLAP_N`` tokens in a row with.  ``per_name``
    caps how many sentences one name may be found in (``Jakarta`` would otherwise fill them).
    """
    excluded = {" ".join(s).lower() for s in exclude}
    held: set[tuple[str, ...]] = set()
    for s in held_out:
        held |= _ngrams([t.lower() for t in s], OVERLAP_N)
    order = list(range(len(corpus)))
    random.Random(seed).shuffle(order)
    used: Counter[tuple[str, ...]] = Counter()
    out: list[Sentence] = []
    for idx in order:
        tokens = corpus[idx]
        if len(out) >= limit:
            break
        if not 3 <= len(tokens) <= 80 or " ".join(tokens).lower() in excluded:
            continue
        if _ngrams([t.lower() for t in tokens], OVERLAP_N) & held:
            continue
        labelled = label_sentence(tokens, gazetteer, counts, words)
        if labelled is None:
            continue
        found = [tuple(tokens[a:b]) for a, b, _ in gazetteer.match(tokens)]
        if all(used[n] >= per_name for n in found):
            continue
        used.update(found)
        out.append(labelled)
    return out


def recipe_silver(
    recipe: LanguageRecipe,
    data: Path,
    exclude: Iterable[Sequence[str]],
    held_out: Iterable[Sequence[str]],
) -> list[Sentence]:
    """The recipe's silver sentences (none when it names no corpus or lists)."""
    if not (recipe.ner_silver_corpus and recipe.ner_silver_names and recipe.ner_silver_limit):
        return []
    text = (data / recipe.ner_silver_corpus).read_text(encoding="utf-8")
    corpus = [line.split() for line in text.splitlines() if line.strip()]
    counts = CorpusCounts(corpus)
    words = WordLists.load(recipe.lang)
    gazetteer = Gazetteer.build(name_lists(recipe.ner_silver_names, data), counts, words)
    return silver_sentences(
        corpus,
        gazetteer,
        counts,
        words,
        exclude=exclude,
        held_out=held_out,
        limit=recipe.ner_silver_limit,
        seed=recipe.seed,
    )
