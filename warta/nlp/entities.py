"""Entity names: a cross-article key and in-article canonical forms.

``entity_key`` gives the same key to every way a newspaper writes one entity
("Presiden Vladimir Putin", "vladimir putin", "Vladimir  Putin," -> ``PER:vladimir putin``)
so entities can be joined across articles.

``canonicalize`` resolves the forms used inside one article: short forms of a person
("Putin", "Kim") join the full name written elsewhere in the article, a parenthesized
abbreviation joins its expansion ("Korea Utara (Korut)"), titles are dropped from person
names and clitic or punctuation debris is trimmed.  It uses only the article's own mentions,
no gazetteer, so it works for names it has never seen.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import yaml

from warta.document import EntityMention

_DATA = Path(__file__).resolve().parents[1] / "data"


def _word_lists() -> dict[str, frozenset[str]]:
    """The rules' word lists, every language's merged (``warta/data/<lang>/entities.yaml``).

    Names cross languages (an English title in an Indonesian article), so the lists apply
    to every text rather than to one language's.
    """
    merged: dict[str, set[str]] = {}
    for path in sorted(_DATA.glob("*/entities.yaml")):
        for name, words in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).items():
            merged.setdefault(name, set()).update(str(words).split())
    return {name: frozenset(words) for name, words in merged.items()}


_LISTS = _word_lists()
# Titles, ranks and honorifics before a person's name; lowercase, without dots: tokens are
# compared after casefolding and dropping dots.
TITLES: frozenset[str] = _LISTS["titles"]
# Words that continue a title phrase ("Menteri Luar Negeri"); only removed after a title.
TITLE_CONTINUATIONS: frozenset[str] = _LISTS["title_continuations"]
# Degrees written after a name: "Budi Santoso, S.H., M.Si."
DEGREES: frozenset[str] = _LISTS["degrees"]
# Nouns that introduce a role in an apposition: "juru bicara Kremlin Dmitry Peskov".
ROLE_NOUNS: frozenset[str] = _LISTS["role_nouns"]
_ABBREV_SKIPPABLE = _LISTS["abbreviation_skippable"]

CLITICS: tuple[str, ...] = ("nya", "lah", "kah", "pun")

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})
_EDGE_JUNK = "\"'“”‘’«»‹›[]{}<>,;:!?*·•|/\\-–—_®™© \t\n"
_POSSESSIVE = re.compile(r"(?:'s|'|-nya)$", re.IGNORECASE)
_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)
_PAREN = re.compile(r"^(?P<outer>.+?)\s*\(\s*(?P<inner>[^()]+?)\s*\)$")


def _tokens(name: str) -> list[str]:
    """Casefolded word tokens: punctuation and hyphens become separators (Jong-un = Jong Un)."""
    norm = unicodedata.normalize("NFKC", name).translate(_APOSTROPHES).casefold()
    norm = _POSSESSIVE.sub("", norm.strip())
    norm = norm.replace("'", "")  # "Ma'ruf" and "Maruf" are the same person
    norm = re.sub(r"\.(?=\w)", "", norm)  # "S.H." = "SH", "Dr." = "Dr"
    return [t for t in _NON_WORD.sub(" ", norm).split() if t]


def match_form(name: str) -> str:
    """The form names are compared in: casefolded words, punctuation as spaces, dots inside
    words dropped ("Al-Qaeda" = "al qaeda", "VIVA.co.id" = "vivacoid")."""
    return " ".join(_tokens(name))


def _strip_title_tokens(tokens: list[str]) -> list[str]:
    """Drop leading titles (and degrees at the end); never drop everything."""
    i = 0
    while i < len(tokens) - 1 and tokens[i] in TITLES:
        i += 1
        while i < len(tokens) - 1 and tokens[i] in TITLE_CONTINUATIONS:
            i += 1
    j = len(tokens)
    while j - 1 > i and tokens[j - 1] in DEGREES:
        j -= 1
    return tokens[i:j]


def entity_key(name: str, type: str) -> str:  # noqa: A002 - "type" is the field's name
    """Cross-article key: ``"<TYPE>:<casefolded name without titles or punctuation>"``.

    >>> entity_key("Presiden Vladimir Putin", "PER")
    'PER:vladimir putin'
    """
    tokens = _tokens(name)
    if type == "PER":
        tokens = _strip_title_tokens(tokens)
    return f"{type}:{' '.join(tokens)}"


# -- surface clean-up ---------------------------------------------------------------------


def clean_surface(text: str) -> str:
    """Trim quote marks, brackets, stray punctuation and possessives around a mention."""
    s = unicodedata.normalize("NFKC", text)
    s = re.sub(r"\s+", " ", s).strip()
    prev = None
    while prev != s:
        prev = s
        s = s.strip(_EDGE_JUNK)
        # Brackets: an unmatched one at an edge is debris; "Korea Utara (Korut" (span cut
        # before its ")") is closed so the abbreviation in it is still recognised.
        if s.startswith("(") and s.endswith(")") and s.count("(") == 1 == s.count(")"):
            s = s[1:-1]
        if s.startswith("(") and s.count("(") > s.count(")"):
            s = s[1:]
        if s.endswith(")") and s.count(")") > s.count("("):
            s = s[:-1]
        if s.count("(") > s.count(")") and re.search(r"\S\s*\(\s*\w[^()]*$", s):
            s = s + ")"
        if s.count("(") != s.count(")"):
            s = re.sub(r"\s+", " ", s.replace("(", " ").replace(")", " ")).strip()
        s = re.sub(r"(?:['’]s|['’]|-nya)$", "", s)
        # A sentence-final full stop glued to a name ("... kata Peskov.") is not part of it,
        # but initials and abbreviations ("Dr.", "Jr.", "M.") are.
        if s.endswith(".") and re.search(r"[a-z]{3,}\.$", s) and s.count(".") == 1:
            s = s[:-1]
    return s


def _strip_titles_surface(name: str) -> str:
    """Remove leading titles from a person's name, keeping the original spelling."""
    words = name.split()
    kept = _strip_title_tokens([" ".join(_tokens(w)) for w in words])
    if not kept:
        return name
    # _strip_title_tokens keeps a contiguous slice; find where it starts in ``words``.
    normalized = [" ".join(_tokens(w)) for w in words]
    for start in range(len(words)):
        if normalized[start : start + len(kept)] == kept:
            out = " ".join(words[start : start + len(kept)])
            return out.rstrip(",")
    return name


def _near(a: str, b: str) -> bool:
    """Equal, or one edit apart for words of five letters or more (typos: Rusua/Rusia)."""
    if a == b:
        return True
    if min(len(a), len(b)) < 5 or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long = sorted((a, b), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def _strip_leading_places(name: str, places: set[str]) -> str:
    """ "(Presiden) Rusia Vladimir Putin" tagged as one person: the country is not the name.

    Drops leading words that are (or are a typo away from) a one-word place tagged in the
    same article, keeping at least two words.
    """
    words = name.split()
    while len(words) > 2 and any(_near(" ".join(_tokens(words[0])), p) for p in places):
        words = words[1:]
    return " ".join(words)


def _looks_like_abbreviation(short: str, long: str) -> bool:
    """``short`` abbreviates ``long``: same first letter, letters in order (Korut, TNI)."""
    s = [c for c in short.casefold() if c.isalnum()]
    long_tokens = _tokens(long)
    lf = "".join(long_tokens)
    if not s or not lf or len(s) >= len(lf) or s[0] != lf[0] or len(long_tokens) < 2:
        return False
    if len(short.split()) > 1:
        return False
    pos = 0
    for c in s:
        pos = lf.find(c, pos)
        if pos < 0:
            return False
        pos += 1
    return True


# Function words an abbreviation may skip ("Tentara Nasional Indonesia" = TNI, but
# "Bank of America" = BoA).


def _is_prefix_abbreviation(short: str, long: str) -> bool:
    """Strict test: ``short`` is made of leading letters of each word of ``long`` in order.

    Covers acronyms (TNI), syllable blends (Korut = KORea UTara, Kemenkeu, Jabar) and
    AS = Amerika Serikat, without a list of known abbreviations.  Used where no brackets
    tie the two together, so it is stricter than :func:`_looks_like_abbreviation`.
    """
    abbr = "".join(c for c in short.casefold() if c.isalnum())
    words = _tokens(long)
    if len(words) < 2 or not 2 <= len(abbr) <= 10 or len(short.split()) > 1:
        return False

    def match(i: int, t: int) -> bool:
        if t == len(words):
            return i == len(abbr)
        word = words[t]
        if word in _ABBREV_SKIPPABLE and match(i, t + 1):
            return True
        k = 1
        while k <= len(word) and i + k <= len(abbr) and abbr[i : i + k] == word[:k]:
            if match(i + k, t + 1):
                return True
            k += 1
        return False

    return match(0, 0)


# -- in-article canonicalization ------------------------------------------------------------


_PAREN_INSIDE = re.compile(r"^(?P<outer>.+?)\s*\(\s*(?P<inner>[^()]+?)\s*\)\s+\w")
_AFTER_PAREN = re.compile(r"\s*\(\s*(?P<inner>[^()\n]{2,80}?)\s*\)")


def _abbreviations(
    mentions: list[EntityMention], base: list[str], text: str
) -> dict[str, tuple[str, str | None]]:
    """Abbreviation (casefolded) -> (expansion, its type when the expansion is a mention).

    Reads ``EXPANSION (ABBR)`` and ``ABBR (EXPANSION)`` right after each mention, whether or
    not the model tagged the bracketed part, and spans tagged as a whole ("Korea Utara
    (Korut)").
    """
    found: dict[str, tuple[str, str | None]] = {}
    by_start = {m.start: i for i, m in enumerate(mentions)}
    for i, m in enumerate(mentions):
        whole = _PAREN.match(clean_surface(m.text))
        if whole and _looks_like_abbreviation(whole.group("inner"), whole.group("outer")):
            found.setdefault(whole.group("inner").casefold(), (base[i], m.type))
            continue
        # "Badan Narkotika Nasional (BNN) Lampung": the abbreviation, alone later in the
        # article, names the branch
        branch = _PAREN_INSIDE.match(clean_surface(m.text))
        if branch and _looks_like_abbreviation(branch.group("inner"), branch.group("outer")):
            found.setdefault(branch.group("inner").casefold(), (base[i], m.type))
            continue
        after = _AFTER_PAREN.match(text, m.end)
        if after is None:
            continue
        inner = clean_surface(after.group("inner"))
        j = by_start.get(after.start("inner"))
        inner_type = mentions[j].type if j is not None else None
        if _looks_like_abbreviation(inner, base[i]):
            found.setdefault(inner.casefold(), (base[i], m.type))
        elif _looks_like_abbreviation(base[i], inner) and inner != inner.lower():
            # "ASDP (angkutan sungai, danau, dan penyeberangan)": a lower-case expansion
            # explains the words; the name stays the abbreviation
            expansion = base[j] if j is not None else inner
            found.setdefault(base[i].casefold(), (expansion, inner_type))
    return found


def _base_forms(mentions: list[EntityMention]) -> list[str]:
    """Each mention's name without debris, brackets, titles and leading places."""
    places = {
        t
        for m in mentions
        if m.type in ("LOC", "GPE")
        for t in [" ".join(_tokens(clean_surface(m.text)))]
        if t and " " not in t
    }
    base: list[str] = []
    for m in mentions:
        surface = clean_surface(m.text)
        # "Korea Utara (Korut)" tagged as one span: the part outside the brackets is the name.
        inside = _PAREN.match(surface)
        if inside and _looks_like_abbreviation(inside.group("inner"), inside.group("outer")):
            surface = clean_surface(inside.group("outer"))
        if m.type == "PER":
            surface = _strip_leading_places(_strip_titles_surface(surface), places)
        base.append(surface or m.text.strip())
    return base


def _join_abbreviations(
    mentions: list[EntityMention], base: list[str], canon: list[str], types: list[str], text: str
) -> None:
    """Abbreviations take their expansion (and its type), in place in ``canon``/``types``."""
    # Parenthesized abbreviations: every mention of the abbreviation, anywhere in the
    # article, takes the expansion (and the expansion's type when it was tagged).
    abbrevs = _abbreviations(mentions, base, text)
    for k in range(len(mentions)):
        hit = abbrevs.get(base[k].casefold())
        if hit is not None and len(base[k].split()) == 1:
            canon[k] = hit[0]
            types[k] = hit[1] or types[k]
    # Unbracketed abbreviations of a name the article spells out elsewhere ("Korut" with
    # "Korea Utara"), only when exactly one spelled-out name fits.
    for k in range(len(mentions)):
        if types[k] == "PER" or canon[k] != base[k] or len(base[k].split()) != 1:
            continue
        fits = {
            canon[o]: types[o]
            for o in range(len(mentions))
            if o != k and types[o] != "PER" and _is_prefix_abbreviation(base[k], canon[o])
        }
        if len(fits) == 1:
            canon[k], types[k] = next(iter(fits.items()))


def _join_person_short_forms(
    mentions: list[EntityMention], canon: list[str], types: list[str]
) -> None:
    """Person short forms -> the full name: a token prefix or suffix of a longer PER name."""
    per = [k for k, t in enumerate(types) if t == "PER"]
    toks = {k: _tokens(canon[k]) for k in per}
    # Longest first, so "Putin" can reach "Vladimir Vladimirovich Putin" via a middle form.
    for k in sorted(per, key=lambda k: len(toks[k]), reverse=True):
        short = toks[k]
        if not short:
            continue
        candidates = [
            other
            for other in per
            if len(toks[other]) > len(short)
            and (toks[other][: len(short)] == short or toks[other][-len(short) :] == short)
        ]
        if not candidates:
            continue
        # Several full names fit ("Kim" with "Kim Jong Un" and "Kim Yo Jong"): the nearest
        # earlier mention is the one a reader would resolve to, else the nearest later one.
        earlier = [c for c in candidates if mentions[c].start < mentions[k].start]
        if earlier:
            best = max(earlier, key=lambda c: mentions[c].start)
        else:
            best = min(candidates, key=lambda c: mentions[c].start)
        canon[k] = canon[best]
        toks[k] = toks[best]


def canonicalize(mentions: list[EntityMention], text: str) -> list[EntityMention]:
    """Fill ``canonical`` and ``key`` of every mention (in place; also returned).

    Mentions keep their surface ``text``, offsets and order; only an abbreviation joined to
    its expansion may take the expansion's type (they name the same thing).
    """
    if not mentions:
        return mentions
    base = _base_forms(mentions)
    canon = list(base)
    types = [m.type for m in mentions]
    _join_abbreviations(mentions, base, canon, types, text)
    _join_person_short_forms(mentions, canon, types)
    # One spelling per key within the article: the most frequent, then the earliest.
    keys = [entity_key(c, t) for c, t in zip(canon, types, strict=True)]
    counts: dict[str, Counter[str]] = {}
    for c, key in zip(canon, keys, strict=True):
        counts.setdefault(key, Counter())[c] += 1
    spelling = {key: preferred_spelling(counter) for key, counter in counts.items()}
    for k, m in enumerate(mentions):
        m.type = types[k]
        m.key = keys[k]
        m.canonical = spelling[keys[k]]
    return mentions


def preferred_spelling(counter: Counter[str]) -> str:
    """The most used spelling of a name; mixed case over capitals, then the first seen."""

    # Prefer mixed case ("Kremlin") over all caps ("KREMLIN") from headlines and datelines.
    def score(item: tuple[str, int]) -> tuple[int, int]:
        form, n = item
        return (0 if form.isupper() and len(form) > 4 else 1, n)

    best = max(counter.items(), key=score)  # max keeps the first among equals: insertion order
    return best[0]


def distinct_entities(mentions: Iterable[EntityMention]) -> dict[str, set[str]]:
    """Type -> set of canonical names (handy for reports and tests)."""
    out: dict[str, set[str]] = {}
    for m in mentions:
        out.setdefault(m.type, set()).add(m.canonical or m.text)
    return out


# -- document-level consistency ---------------------------------------------------------------


def harmonize_types(mentions: list[EntityMention]) -> list[EntityMention]:
    """Give every mention of one surface form the article's majority type (in place).

    A tagger labels each sentence separately and can call the same name PER in one sentence
    and ORG in the next; within one article a name almost always means one thing.  Ties
    are left alone unless the form is part of a longer PER name in the article.
    """
    by_form: dict[str, list[EntityMention]] = {}
    for m in mentions:
        by_form.setdefault(" ".join(_tokens(clean_surface(m.text))), []).append(m)
    per_names = [_tokens(clean_surface(m.text)) for m in mentions if m.type == "PER"]
    for form, group in by_form.items():
        counts = Counter(m.type for m in group)
        if len(counts) < 2:
            continue
        ranked = counts.most_common()
        if ranked[0][1] > ranked[1][1]:
            winner = ranked[0][0]
        else:
            short = form.split()
            part_of_person = any(
                len(full) > len(short)
                and (full[: len(short)] == short or full[-len(short) :] == short)
                for full in per_names
            )
            # a Title-case single word called both a person and something else in a tie:
            # people are named by surname alone far more often than organizations are
            surface = clean_surface(group[0].text)
            single_name = len(short) == 1 and surface[:1].isupper() and not surface.isupper()
            if not ((part_of_person or single_name) and "PER" in counts):
                continue
            winner = "PER"
        for m in group:
            m.type = winner
    return mentions


def propagate_mentions(
    mentions: list[EntityMention],
    text: str,
    token_bounds: set[tuple[int, int]] | None = None,
    sentence_spans: list[tuple[int, int]] | None = None,
) -> list[EntityMention]:
    """Add the untagged repeats of names the tagger found elsewhere in the same article.

    "Rusia" tagged LOC in one sentence but missed in another is still Rusia.  Only whole
    tokens are matched (``token_bounds``: the (start, end) of each token), longer names
    first, never inside or next to another mention, and never when the match runs on into
    another capitalized word (it would be part of a longer, different name).  Returns a new
    list sorted by offset.
    """
    if not mentions:
        return mentions
    starts = {s for s, _ in token_bounds} if token_bounds else None
    ends = {e for _, e in token_bounds} if token_bounds else None
    taken = [(m.start, m.end) for m in mentions]
    forms: dict[str, Counter[str]] = {}
    for m in mentions:
        surface = text[m.start : m.end]
        if len(surface) >= 3 and surface[:1].isupper():
            forms.setdefault(surface, Counter())[m.type] += 1
    added: list[EntityMention] = []
    for surface in sorted(forms, key=len, reverse=True):
        typ = forms[surface].most_common(1)[0][0]
        for match in re.finditer(rf"(?<!\w){re.escape(surface)}(?!\w)", text):
            s, e = match.span()
            if any(s < te and ts < e for ts, te in taken):
                continue
            if starts is not None and ends is not None and (s not in starts or e not in ends):
                continue
            sentence_index, sentence_start = 0, 0
            for k, (ss, se) in enumerate(sentence_spans or []):
                if ss <= s < se:
                    sentence_index, sentence_start = k, ss
                    break
            after = text[e : e + 40].split()
            # "Korea" inside an untagged "Korea Selatan" is another name: leave it.
            if after and after[0][:1].isupper():
                continue
            prev = re.search(r"(\S+)\s+$", text[max(sentence_start, s - 40) : s])
            if (
                prev is not None
                and prev.group(1)[:1].isupper()
                and prev.group(1)[-1:].isalpha()
                and prev.group(1).casefold() not in TITLES
                and max(sentence_start, s - 40) + prev.start(1) != sentence_start
            ):
                continue
            added.append(EntityMention(surface, typ, s, e, sentence_index))
            taken.append((s, e))
    return sorted([*mentions, *added], key=lambda m: (m.start, m.end))


# -- appositions and nested places -------------------------------------------------------------

_PLACES_FILE = _DATA / "id" / "places.txt"


def _load_places() -> frozenset[str]:
    lines = _PLACES_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


PLACES = _load_places()
_TITLE_CASE_WORD = re.compile(r"[A-Z][a-z'’.-]+")


def split_role_appositions(
    mentions: list[EntityMention], text: str, sentence_spans: list[tuple[int, int]]
) -> list[EntityMention]:
    """Complete "juru bicara Kremlin Dmitry Peskov" where the tagger found only "Peskov".

    Title-case words left untagged right before a person's name, after a role noun, are
    the person's first name (the word next to the name) and the role's organization (the
    words before it).  Only untagged words are touched; returns a new sorted list.
    """
    taken = sorted((m.start, m.end) for m in mentions)
    result = list(mentions)
    for m in mentions:
        if m.type != "PER":
            continue
        sentence_start = next((s for s, e in sentence_spans if s <= m.start < e), 0)
        words = list(re.finditer(r"\S+", text[sentence_start : m.start]))
        run: list[re.Match[str]] = []
        for word in reversed(words):
            absolute = (sentence_start + word.start(), sentence_start + word.end())
            overlaps = any(s < absolute[1] and absolute[0] < e for s, e in taken)
            if overlaps or not _TITLE_CASE_WORD.fullmatch(word.group()) or len(run) == 3:
                break
            if word.group().casefold() in ROLE_NOUNS:
                run = []  # "Ketua Tim Pemenangan Paslon Wahdi": a role right before the name
                break
            run.insert(0, word)
        if not run:
            continue
        before = (
            words[len(words) - len(run) - 1].group().casefold() if len(words) > len(run) else ""
        )
        if before.strip(",") not in ROLE_NOUNS:
            continue
        first = run[-1]
        start = sentence_start + first.start()
        m.start, m.text = start, text[start : m.end]
        if len(run) > 1:
            org_start, org_end = sentence_start + run[0].start(), sentence_start + run[-2].end()
            if text[org_start:org_end].casefold() not in TITLES:
                result.append(
                    EntityMention(
                        text[org_start:org_end], "ORG", org_start, org_end, m.sentence_index
                    )
                )
    return sorted(result, key=lambda x: (x.start, x.end))


def nested_places(mentions: list[EntityMention], text: str) -> list[EntityMention]:
    """A country or province ending an organization's name is a place mention too:
    "Kementerian Pertahanan Korea Selatan" -> LOC "Korea Selatan"."""
    added: list[EntityMention] = []
    existing = {(m.start, m.end) for m in mentions}
    for m in mentions:
        if m.type != "ORG":
            continue
        words = list(re.finditer(r"\S+", text[m.start : m.end]))
        for size in (3, 2, 1):
            if len(words) <= size:
                continue
            tail = words[-size:]
            start, end = m.start + tail[0].start(), m.start + tail[-1].end()
            if text[start:end] in PLACES and (start, end) not in existing:
                added.append(EntityMention(text[start:end], "LOC", start, end, m.sentence_index))
                break
    return sorted([*mentions, *added], key=lambda x: (x.start, x.end))
