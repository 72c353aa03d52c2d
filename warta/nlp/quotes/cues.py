"""The word lists of one language, read from ``warta/data/<lang>/quotes.yaml``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from typing import Any

from warta.wordlists import load_word_data

Phrases = tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class QuoteCues:
    """The word lists of one language (see ``warta/data/id/quotes.yaml`` for each list).

    Every list is lowercase; multi-word entries are tuples of words, longest first.
    """

    lang: str
    verbs_after: frozenset[str]
    clitic_forms: frozenset[str]
    verbs_before: frozenset[str]
    verbs_before_marked: frozenset[str]
    according_to: frozenset[str]
    complementizers: frozenset[str]
    pronouns: frozenset[str]
    speaker_nouns: Phrases  # longest first
    organization_nouns: Phrases
    anaphoric_determiners: frozenset[str]
    speaker_stops: frozenset[str]
    connectives: Phrases
    negations: frozenset[str]
    subordinators: frozenset[str]
    trailing_attribution: Phrases
    syntax: str = ""  # the grammar that reads this language: "indonesian", "english"
    clitic_suffix: str = ""
    according_phrases: Phrases = ()  # multi-word: 'according to'
    verbs_with_object: frozenset[str] = frozenset()
    indefinite_determiners: frozenset[str] = frozenset()
    relatives: frozenset[str] = frozenset()
    subject_fillers: frozenset[str] = frozenset()
    auxiliaries: frozenset[str] = frozenset()
    abbreviations: frozenset[str] = frozenset()
    verbal_prefixes: tuple[str, ...] = ()
    verbal_suffixes: tuple[str, ...] = ()
    conjunctions: frozenset[str] = frozenset()
    party_joiners: frozenset[str] = frozenset()
    not_a_report_end: frozenset[str] = frozenset()
    date_openers: tuple[str, ...] = ()
    not_content_start: frozenset[str] = frozenset()
    title_words: frozenset[str] = frozenset()
    articles: frozenset[str] = frozenset()
    time_words: frozenset[str] = frozenset()
    time_words_opening_content: frozenset[str] = frozenset()

    @property
    def all_before(self) -> frozenset[str]:
        return self.verbs_before | self.verbs_before_marked

    @cached_property
    def noun_words(self) -> frozenset[str]:
        """Every word of the speaker and organisation nouns ('juru', 'bicara', 'menteri')."""
        return frozenset(w for p in self.speaker_nouns + self.organization_nouns for w in p)

    @cached_property
    def speaker_noun_words(self) -> frozenset[str]:
        """Every word of the speaker nouns ('juru', 'bicara', 'minister')."""
        return frozenset(w for p in self.speaker_nouns for w in p)

    @cached_property
    def all_verbs(self) -> frozenset[str]:
        """Every reporting verb, before or after a quote, with or without a listener."""
        return self.verbs_after | self.all_before | self.verbs_with_object

    @cached_property
    def date_opening(self) -> re.Pattern[str]:
        """Matches a clause that opens with a time ('Senin (12/3)'), a bracket or a digit."""
        words = "".join(re.escape(w) + "|" for w in self.date_openers)
        return re.compile(rf"^({words}\(|\d)", re.IGNORECASE)

    def clitic_base(self, word: str) -> str:
        """The word without the clitic pronoun ('menurutnya' -> 'menurut'), or ''."""
        suf = self.clitic_suffix
        return word[: -len(suf)] if suf and word.endswith(suf) and len(word) > len(suf) else ""


def _words(values: Any) -> frozenset[str]:
    return frozenset(str(v).strip().lower() for v in values or () if str(v).strip())


def _phrases(values: Any) -> Phrases:
    out = {tuple(str(v).lower().split()) for v in values or () if str(v).strip()}
    return tuple(sorted(out, key=lambda p: (-len(p), p)))


# The plain word lists: a key of the data file per QuoteCues field of the same name.
_WORD_LISTS = (
    "verbs_before",
    "verbs_before_marked",
    "complementizers",
    "pronouns",
    "anaphoric_determiners",
    "speaker_stops",
    "negations",
    "subordinators",
    "verbs_with_object",
    "indefinite_determiners",
    "relatives",
    "subject_fillers",
    "auxiliaries",
    "abbreviations",
    "conjunctions",
    "party_joiners",
    "not_a_report_end",
    "not_content_start",
    "title_words",
    "articles",
    "time_words",
    "time_words_opening_content",
)
_PHRASE_LISTS = ("speaker_nouns", "organization_nouns", "connectives", "trailing_attribution")
_AFFIX_LISTS = ("verbal_prefixes", "verbal_suffixes", "date_openers")


@lru_cache(maxsize=8)
def load_cues(lang: str) -> QuoteCues | None:
    """Read ``warta/data/<lang>/quotes.yaml`` (package data); None if there is none."""
    if not re.fullmatch(r"[a-z]{2,3}", lang or ""):
        return None
    res = resources.files("warta").joinpath("data", lang, "quotes.yaml")
    if not res.is_file():
        return None
    raw: dict[str, Any] = load_word_data(res.read_text(encoding="utf-8")) or {}
    after = _words(raw.get("verbs_after"))
    suffix = str(raw.get("clitic_suffix") or "").lower()
    # The clitic forms are the listed ones plus every post-quote verb with the suffix, so a
    # new verb needs one entry only.
    clitics = _words(raw.get("clitic_forms")) | (
        frozenset(v + suffix for v in after) if suffix else frozenset()
    )
    # 'menurut' is one word, 'according to' a phrase: they are matched differently.
    acc = [str(v).lower().strip() for v in raw.get("according_to") or ()]
    return QuoteCues(
        lang=lang,
        syntax=str(raw.get("syntax") or ""),
        clitic_suffix=suffix,
        verbs_after=after,
        clitic_forms=clitics,
        according_to=_words(a for a in acc if " " not in a),
        according_phrases=_phrases([a for a in acc if " " in a]),
        **{key: _words(raw.get(key)) for key in _WORD_LISTS},
        **{key: _phrases(raw.get(key)) for key in _PHRASE_LISTS},
        **{key: tuple(sorted(_words(raw.get(key)))) for key in _AFFIX_LISTS},
    )
