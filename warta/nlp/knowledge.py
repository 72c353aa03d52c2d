"""Knowledge after the model: what a tagger reading one sentence cannot know about names.

The rules run on the tagger's mentions of one article, before the in-article consistency
steps (``warta.nlp.entities``), and read their words from data files, every language's
merged (``warta/data/<lang>/entity_knowledge.yaml`` and the generated name lists next to it):

* a person's age or other bracketed text is never inside a name ("Supri (35" -> "Supri"), nor
  are leading lower-case words ("Piknik bareng Mulyadi" -> "Mulyadi") or, before an
  organization or place, ranks and role nouns ("Petugas Polda Lampung" -> "Polda Lampung");
* an institution's head word and the capitalized words after it are one organization, whatever
  part of it the tagger found ("Metro Jaya" LOC in "Polda Metro Jaya" -> ORG "Polda Metro
  Jaya"); an organization's name before a region is one organization ("Organda DKI Jakarta");
* a name the lists know takes their type: outlets and known organizations are ORG
  (Kompas.com, Taliban), Indonesian regions and countries are LOC (Lhokseumawe);
* ranks, titles, role nouns, units and common nouns are never an entity on their own (AKBP,
  sidang, Gardu Induk, a capitalized common word such as "Sahabat").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import yaml

from warta.document import EntityMention
from warta.nlp.entities import ROLE_NOUNS, TITLE_CONTINUATIONS, TITLES, clean_surface, match_form

_DATA = Path(__file__).resolve().parents[1] / "data"
PLACE_TYPES = frozenset({"LOC", "GPE"})
# A word as these rules see it: "Kompas.com", "Al-Qaeda" and "Ma'ruf" are one word.
_WORD = re.compile(r"\w+(?:[.'’&-]\w+)*|[^\w\s]")
_MAX_NAME_WORDS = 8  # an institution's name after its head word, at most


def _read_list(name: str) -> set[str]:
    """Lines of every language's ``<name>.txt`` (``#`` lines are the file's credits)."""
    lines: set[str] = set()
    for path in sorted(_DATA.glob(f"*/{name}.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                lines.add(line.strip())
    return lines


def _read_yaml() -> dict[str, list[str]]:
    merged: dict[str, list[str]] = {}
    for path in sorted(_DATA.glob("*/entity_knowledge.yaml")):
        for key, value in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).items():
            items = value.split() if isinstance(value, str) else [str(v) for v in value]
            merged.setdefault(key, []).extend(items)
    return merged


@dataclass(frozen=True)
class Knowledge:
    # words that open a name, with the name's type: ("Polda",) ORG, ("Desa",) LOC
    name_heads: tuple[tuple[tuple[str, ...], str], ...]
    place_heads: frozenset[str]  # casefolded words
    outlets: frozenset[str]  # match forms (warta.nlp.entities.match_form)
    untagged_outlets: tuple[str, ...]  # spellings found even untagged (Kompas.com, ANTARA)
    untagged_places: tuple[str, ...]  # world cities found even untagged (Pyongyang), as written
    organizations: frozenset[str]  # match forms
    places: frozenset[str]  # match forms
    not_entities: frozenset[str]  # match forms of words and phrases
    common_words: frozenset[str]  # casefolded
    particles: frozenset[str]  # lower-case words a person's name may hold
    given_names: frozenset[str]  # as written: "Eka", "Neil"
    eponym_titles: frozenset[str]  # casefolded: "dr" in "RSUD dr Chasbullah Abdulmajid"
    initials_cues: frozenset[str]  # casefolded: "berinisial" before a person's initials
    not_entity_heads: frozenset[str]  # as written: "KRI" (a ship), "Pilkada" (an election)
    name_breaks: frozenset[str]  # casefolded: "nomor" ends an institution's name
    product_cues: frozenset[str]  # casefolded: "tipe" before the names of products

    @property
    def head_forms(self) -> frozenset[str]:
        """Match forms of the name heads: "Pondok Pesantren" alone names nothing."""
        return frozenset(match_form(" ".join(head)) for head, _ in self.name_heads)

    @property
    def role_words(self) -> frozenset[str]:
        """Words that name a role, rank or thing, never an entity: a name made only of them
        ("Jaksa Agung", "Kepala Dinas", "AKBP") is none."""
        singles = {f for f in self.not_entities if " " not in f}
        return TITLES | TITLE_CONTINUATIONS | ROLE_NOUNS | singles


@lru_cache(maxsize=1)
def knowledge() -> Knowledge:
    lists = _read_yaml()
    outlets = lists.get("outlets", [])
    heads = {(tuple(h.split()), "ORG") for h in lists.get("institution_heads", [])}
    heads |= {(tuple(h.split()), "LOC") for h in lists.get("place_name_heads", [])}
    return Knowledge(
        name_heads=tuple(sorted(heads, key=lambda head: len(head[0]), reverse=True)),
        place_heads=frozenset(
            w.casefold()
            for w in [*lists.get("place_heads", []), *lists.get("place_name_heads", [])]
        ),
        outlets=frozenset(match_form(o) for o in outlets),
        untagged_outlets=tuple(
            sorted({o for o in outlets if "." in o or (o.isupper() and len(o) > 3)}, key=len)[::-1]
        ),
        untagged_places=tuple(sorted(_read_list("world_cities"), key=len, reverse=True)),
        organizations=frozenset(
            match_form(o) for o in [*lists.get("organizations", []), *_read_list("organizations")]
        ),
        places=frozenset(
            match_form(p)
            for p in _read_list("regions")
            | _read_list("countries")
            | _read_list("places")
            | _read_list("world_cities")
            | set(lists.get("places", []))
        ),
        not_entities=frozenset(match_form(w) for w in lists.get("not_entities", [])),
        common_words=frozenset(w.casefold() for w in _read_list("common_words")),
        particles=frozenset(w.casefold() for w in lists.get("name_particles", [])),
        given_names=frozenset(_read_list("given_names")),
        eponym_titles=frozenset(w.casefold() for w in lists.get("eponym_titles", [])),
        initials_cues=frozenset(w.casefold() for w in lists.get("initials_cues", [])),
        not_entity_heads=frozenset(lists.get("not_entity_heads", [])),
        name_breaks=frozenset(w.casefold() for w in lists.get("name_breaks", [])),
        product_cues=frozenset(w.casefold() for w in lists.get("product_cues", [])),
    )


# -- words of a sentence ------------------------------------------------------------------


@dataclass(frozen=True)
class _Word:
    start: int
    end: int
    text: str

    @property
    def capitalized(self) -> bool:
        """Starts like a name: a capital letter, or a number ("Komisi III", "Densus 88")."""
        return self.text[:1].isupper() or self.text[:1].isdigit()


def _words(text: str, start: int, end: int) -> list[_Word]:
    found = _WORD.finditer(text[start:end])
    return [_Word(start + m.start(), start + m.end(), m.group()) for m in found]


def _sentence_of(position: int, spans: list[tuple[int, int]], text: str) -> tuple[int, int, int]:
    """(index, start, end) of the sentence holding ``position`` (the whole text if none)."""
    for index, (start, end) in enumerate(spans):
        if start <= position < end:
            return index, start, end
    return 0, 0, len(text)


def _head_at(words: list[_Word], i: int, k: Knowledge) -> tuple[int, str]:
    """(number of words, type) of the name head starting at ``words[i]``; (0, "") if none.

    A head spelled with several capitals (PT, RSUD, MTs) must be written so; the others need
    a capital first letter ("Polda", "POLDA", never "dinas" in "kepala dinas")."""
    for head, typ in k.name_heads:
        if i + len(head) > len(words):
            continue
        if all(_same_word(words[i + n].text, part) for n, part in enumerate(head)):
            return len(head), typ
    return 0, ""


def _same_word(written: str, spelling: str) -> bool:
    if sum(c.isupper() for c in spelling) > 1:
        return written == spelling or (written.isupper() and written == spelling.upper())
    return written[:1].isupper() and written.casefold() == spelling.casefold()


# -- 1. spans: brackets, leading lower-case words, roles --------------------------------------


def _lower_word(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return bool(letters) and letters[0].islower()


def _trim(m: EntityMention, text: str, k: Knowledge) -> EntityMention | None:
    start, end = m.start, m.end
    surface = text[start:end]
    bracket = surface.find("(")
    if bracket > 0:
        close = surface.find(")", bracket)
        after = surface[close + 1 :] if close > 0 else ""
        if m.type == "PER" and re.search(r"[A-Z]", after):
            start += close + 1  # "Jenderal (Purn) Moeldoko": the name is after the bracket
        elif m.type == "PER" or surface[bracket + 1 :].lstrip()[:1].isdigit():
            end = start + bracket  # an age, or a remark after a person's name
    words = _words(text, start, end)
    while words and not any(c.isalnum() for c in words[-1].text):
        words = words[:-1]  # punctuation and marks at the edges: "KapanLagi.com®", "Supri ("
    while words and not any(c.isalnum() for c in words[0].text):
        words = words[1:]
    if not words:
        return None
    if m.type == "PER":
        # a person's name is the run of capitalized words at its end ("Piknik bareng Mulyadi")
        cut = max(
            (
                i + 1
                for i, w in enumerate(words)
                if (_lower_word(w.text) and w.text.casefold() not in k.particles)
                or w.text.isdigit()
            ),
            default=0,
        )
        words = words[cut:]
        while len(words) > 1 and match_form(words[0].text) in ROLE_NOUNS - TITLES:
            words = words[1:]  # "Penyanyi Taylor Swift"; titles stay for canonicalize
        role = _leading_roles(words)
        if 0 < role < len(words) and match_form(_joined(text, words[role:])) in k.places:
            # "Gubernur Jawa Barat", "Kajari Lhoksukon": an office named after its place
            words, m = words[role:], replace(m, type="LOC")
    elif match_form(surface) not in k.organizations:
        words = _strip_leading_roles(words, k)
    words, m = _trim_tail(words, m, text, k)
    if not words:
        return None
    start, end = words[0].start, words[-1].end
    if (start, end) == (m.start, m.end):
        return m
    return replace(m, text=text[start:end], start=start, end=end)


def _trim_tail(
    words: list[_Word], m: EntityMention, text: str, k: Knowledge
) -> tuple[list[_Word], EntityMention]:
    """A regulation's number or a rank at the end of a name is cut off; a person's name
    only when what stays is a known place or organization ("Sulut Ajun" PER in "Polda Sulut
    Ajun Komisaris Besar ..."), never "Lucky Hakim"."""
    if m.type != "PER" or _head_at(words, 0, k)[1] == "ORG":  # "Polda Sultra Ajun" PER
        words = words[: _name_breaks_at(words, k)]
        return words[: _trailing_ranks(words)], m
    end = _trailing_ranks(words)
    if 0 < end < len(words):
        typ = known_type(_joined(text, words[:end]), k)
        if typ is not None:
            return words[:end], replace(m, type=typ)
    return words, m


def _joined(text: str, words: list[_Word]) -> str:
    return text[words[0].start : words[-1].end]


def _leading_roles(words: list[_Word]) -> int:
    """Number of leading words that are ranks, titles or role nouns (and the words that
    continue a title: "Menteri Luar Negeri"); never the last word."""
    j = 0
    while j < len(words) - 1 and match_form(words[j].text) in TITLES | ROLE_NOUNS:
        j += 1
        while j < len(words) - 1 and match_form(words[j].text) in TITLE_CONTINUATIONS:
            j += 1
    return j


def _name_breaks_at(words: list[_Word], k: Knowledge) -> int:
    """Index of the word that ends a name and all after it ("Kementerian Agama Nomor 18")."""
    breaks = [i for i, w in enumerate(words) if i > 0 and w.text.casefold() in k.name_breaks]
    return breaks[0] if breaks else len(words)


def _trailing_ranks(words: list[_Word]) -> int:
    """Number of words before a rank that ends a name ("Polri Brigadir Jenderal", "TNI
    Angkatan Laut Laksamana Pertama": the rank opens the next person's name, cut off by the
    tagger); all the words when none does or the name is only titles."""
    end = len(words)
    for p in range(len(words) - 1, 0, -1):
        form = match_form(words[p].text)
        if form not in TITLES | TITLE_CONTINUATIONS:
            break
        if form in TITLES:
            end = p
    return end


def _strip_leading_roles(words: list[_Word], k: Knowledge) -> list[_Word]:
    """Leading lower-case words, then ranks and roles, before an organization or a place
    ("kantor KapanLagi.com", "Pendiri Facebook", "Walikota Cekmekoy"); never the last word."""
    i = 0
    while i < len(words) - 1 and _lower_word(words[i].text):
        i += 1
    j = i + _leading_roles(words[i:])
    if j > i and any(w.capitalized for w in words[j:]):
        i = j
    # "Petugas Polda Lampung", "Tim Basarnas": common words before an institution's head
    j = i
    while j < len(words) - 1 and match_form(words[j].text) in k.common_words:
        j += 1
    if j > i and _head_at(words, j, k)[1] == "ORG":
        i = j
    # "TPS 7 Desa Tugu Kidul": a thing and its number before a place
    j = i
    while j < len(words) - 1 and (
        match_form(words[j].text) in k.role_words or (j > i and words[j].text.isdigit())
    ):
        j += 1
    rest = " ".join(w.text for w in words[j:])
    if j > i and (_head_at(words, j, k)[1] == "LOC" or match_form(rest) in k.places):
        i = j
    return words[i:]


# -- 2. people beside other names -------------------------------------------------------------


def _name_word(word: str) -> bool:
    """A word written like a name: "Wahdi", "Qomaru" (not "Covid", "19" or "RI")."""
    return re.fullmatch(r"[A-Z][a-z'’]+", word) is not None


def _split_pair(m: EntityMention, text: str, k: Knowledge) -> list[EntityMention]:
    """ "Wahdi-Qomaru Zaman" (an election's candidate pair) is two people, so is "Ahmad Mufti
    Salim-R. Saleh" (the second opening with an initial); "Jawa-Bali" two places.  A hyphen
    after a name particle stays ("Al-Qaeda")."""
    for word in _words(text, m.start, m.end):
        left, hyphen, right = word.text.partition("-")
        initial = re.fullmatch(r"[A-Z]", right) is not None and text[m.end : m.end + 2] == ". "
        if not hyphen or not _name_word(left) or not (_name_word(right) or initial):
            continue
        cut = word.start + len(left)
        halves = [(m.start, cut), (cut + 1, m.end)]
        places = [match_form(w) in k.places for w in (left, right)]
        if all(match_form(text[a:b]) in k.places for a, b in halves):
            typ = "LOC"
        elif m.type == "PER" and left.casefold() not in k.particles and not any(places):
            typ = "PER"  # not "KRL Yogyakarta-Solo" (a train between two places)
        else:
            continue
        return [EntityMention(text[a:b], typ, a, b, m.sentence_index) for a, b in halves]
    return [m]


def _place_across(words: list[_Word], cut: int, text: str, k: Knowledge) -> bool:
    """Whether a known place runs across ``words[cut]``'s start ("Kuala Lumpur")."""
    return any(
        match_form(_joined(text, words[a:b])) in k.places
        for a in range(cut)
        for b in range(cut + 1, len(words) + 1)
    )


def _names_an_owner(prefix: list[_Word], text: str, k: Knowledge) -> bool:
    """Whether ``prefix`` is a whole organization or ends with a place: "Universitas
    Lampung", "Kejaksaan Tinggi Papua", "Banyuwangi"."""
    form = match_form(_joined(text, prefix))
    if form in k.organizations or form in k.outlets:
        return True
    return any(match_form(_joined(text, prefix[a:])) in k.places for a in range(len(prefix)))


def _person_after_name(
    m: EntityMention, text: str, k: Knowledge, alone: set[str]
) -> list[EntityMention]:
    """ "SMAN 3 Brebes Eko Priyono", "Banyuwangi Mujiono": a person's name right after an
    organization or a place, read by the tagger as one name, is a name of its own.  The
    person's part opens with a given name, or the tagger called the whole a person, or the
    article names the person by its first or last word alone (``alone``: one-word mentions,
    "papar Nikolaus" after "Kejaksaan Tinggi Papua Nikolaus Kondomo")."""
    words = _words(text, m.start, m.end)
    if match_form(m.text) in k.organizations | k.places:
        return [m]
    for i in range(1, len(words)):
        rest = words[i:]
        person = rest[0].text in k.given_names or m.type == "PER"
        person |= rest[0].text in alone or (len(rest) > 1 and rest[-1].text in alone)
        if (
            not all(_name_word(w.text) for w in rest)
            or not person
            or any(match_form(w.text) in k.common_words | k.role_words for w in rest)
            or words[i - 1].text.casefold() in TITLES
            or _head_at(words, i, k)[0]
            or not _names_an_owner(words[:i], text, k)
            or _place_across(words, i, text, k)
        ):
            continue
        owner = _joined(text, words[:i])
        typ = known_type(owner, k) or ("ORG" if m.type == "PER" else m.type)
        return [
            EntityMention(owner, typ, m.start, words[i - 1].end, m.sentence_index),
            EntityMention(_joined(text, rest), "PER", rest[0].start, m.end, m.sentence_index),
        ]
    return [m]


def _a_place_of_its_own(words: list[_Word], k: Knowledge) -> bool:
    """Whether ``words`` name a place before a region: opened by a place word ("Kecamatan",
    "Pelabuhan"; not "Gerbang Tol", "Regional Bulog"), capitalized, with no institution in
    them ("Kantor Polresta"), and not ending with a place word whose name the region is
    ("Teluk Cirebon")."""
    forms = [match_form(w.text) for w in words]
    return (
        forms[0] in k.place_heads
        and all(w.capitalized for w in words)
        and not any(_head_at(words, i, k)[1] == "ORG" for i in range(len(words)))
        and forms[-1] not in k.place_heads
    )


def _place_in_region(m: EntityMention, text: str, k: Knowledge) -> list[EntityMention]:
    """ "Kecamatan Nisam Antara Aceh Utara", "Pelabuhan Nusantara Raha Kabupaten Muna": a
    place of two words or more the tagger ran on into the region it lies in is two places."""
    if m.type not in PLACE_TYPES or match_form(m.text) in k.places:
        return [m]
    words = _words(text, m.start, m.end)
    for i in range(2, len(words)):
        region = _joined(text, words[i:])
        if (
            match_form(region) in k.places
            and _a_place_of_its_own(words[:i], k)
            and not _place_across(words, i, text, k)
        ):
            place = _joined(text, words[:i])
            return [
                EntityMention(place, m.type, m.start, words[i - 1].end, m.sentence_index),
                EntityMention(region, "LOC", words[i].start, m.end, m.sentence_index),
            ]
    return [m]


def _initial_before(first: EntityMention, then: EntityMention, text: str) -> bool:
    """Whether ``first`` ends with an initial whose dot stands between it and ``then``."""
    return re.search(r"\b[A-Z]$", first.text) is not None and text[first.end : then.start] == ". "


def _join_adjacent_people(
    mentions: list[EntityMention], split_off: set[int], text: str
) -> list[EntityMention]:
    """A person's name split off another name (``split_off``: their starts) and the person's
    name the tagger found right after it are one name ("Universitas Lampung Robi" +
    "Cahyadi Kurniawan")."""
    out: list[EntityMention] = []
    for m in sorted(mentions, key=lambda m: (m.start, m.end)):
        last = out[-1] if out else None
        if (
            last
            and last.start in split_off
            and last.type == m.type == "PER"
            and (text[last.end : m.start] == " " or _initial_before(last, m, text))
        ):
            out[-1] = replace(last, text=text[last.start : m.end], end=m.end)
        else:
            out.append(m)
    return out


def _split_people(mentions: list[EntityMention], text: str, k: Knowledge) -> list[EntityMention]:
    pairs = [p for m in mentions for p in _split_pair(m, text, k)]
    places = [p for m in pairs for p in _place_in_region(m, text, k)]
    alone = {m.text for m in places if " " not in m.text}
    people = [p for m in places for p in _person_after_name(m, text, k, alone)]
    split_off = {p.start for p in people if p.type == "PER"} - {m.start for m in mentions}
    return _join_adjacent_people(people, split_off, text)


# -- 3. institutions and organizations before places ------------------------------------------


def _name_end(
    words: list[_Word], i: int, head: tuple[int, str], taken: list[EntityMention], k: Knowledge
) -> int:
    """Index after the last word of the name whose head is ``words[i:i+h]``."""
    h, typ = head
    j = i + h
    eponym = False  # after "dr" in "RSUD dr Chasbullah Abdulmajid" a person's name goes on
    joiners = 0  # commas, "dan" and titles inside the name: not counted in its length
    while j < len(words) and j - i - h - joiners < _MAX_NAME_WORDS:
        word = words[j]
        after = _across_joiner(words, j, taken, k, j == i + h) if typ == "ORG" else j
        if after > j:
            eponym |= word.text.casefold() in k.eponym_titles
            joiners += after - j
            j = after
            continue
        inside = [m for m in taken if m.start <= word.start < m.end]
        if (any(m.type == "PER" for m in inside) and not eponym) or not word.capitalized:
            break
        if match_form(word.text) in TITLES and not inside:
            break  # "Polda Metro Jaya AKBP ...": the rank opens the next name
        if word.text.casefold() in k.name_breaks:
            break  # "Kementerian Agama Nomor 18 Tahun 2020": a regulation's number
        if typ == "LOC" and j > i + h and _head_at(words, j, k)[1] == "LOC":
            break  # "Desa Alue Papeun Kecamatan Nisam": the next place
        if typ == "LOC" and j > i + h and _region_starts(word, taken, k):
            break  # "Kecamatan Nisam Antara Aceh Utara": the region it lies in
        j += 1
        # a mention of the tagger's that runs past this word ends the name with it
        for m in inside:
            while j < len(words) and words[j].end <= m.end:
                j += 1
    return j


def _region_starts(word: _Word, taken: list[EntityMention], k: Knowledge) -> bool:
    """Whether a mention of a known place starts at ``word``."""
    return any(m.start == word.start and match_form(m.text) in k.places for m in taken)


def _field_word(words: list[_Word], n: int, taken: list[EntityMention], k: Knowledge) -> bool:
    """Whether ``words[n]`` can open a field of an institution's name ("Transmigrasi")."""
    word = words[n]
    form = match_form(word.text)
    return (
        word.capitalized
        and form not in k.role_words | k.places | k.organizations
        and not _head_at(words, n, k)[0]
        and not any(m.start <= word.start < m.end and m.type != "ORG" for m in taken)
    )


def _across_bracket(words: list[_Word], j: int, taken: list[EntityMention], k: Knowledge) -> int:
    """After "(KPU)": the name goes on with the place of the branch only ("Kabupaten
    Yahukimo", "Lhoksukon"), a place head or a place the tagger or the lists know."""
    close = next((n for n in range(j + 1, min(j + 4, len(words))) if words[n].text == ")"), 0)
    after = close + 1
    if close < j + 2 or after >= len(words):
        return j
    place = words[after]
    starts_place = (
        _head_at(words, after, k)[1] == "LOC"
        or match_form(place.text) in k.places
        or any(m.start == place.start and m.type in PLACE_TYPES for m in taken)
    )
    if not all(w.capitalized for w in words[j + 1 : close]) or not starts_place:
        return j
    return after


def _across_joiner(
    words: list[_Word], j: int, taken: list[EntityMention], k: Knowledge, at_head: bool
) -> int:
    """Index of the name's next word when ``words[j]`` joins parts of one institution's name;
    ``j`` when the name ends there.

    * a list of the institution's fields: "Dinas Tenaga Kerja, Transmigrasi, dan Energi",
      "Kementerian Pemuda dan Olahraga" (never "Polda Bali dan Polda Jatim": a head, a
      place, a known organization or a title after the joiner ends the name);
    * a title before the person an institution is named after: "RSUP Dr Sardjito";
    * its abbreviation in brackets before the rest of the name: "Komisi Pemilihan Umum (KPU)
      Kabupaten Yahukimo", "Rumah Tahanan Negara (Rutan) Lhoksukon".
    """
    if words[j].text == "(" and not at_head:
        return _across_bracket(words, j, taken, k)
    if words[j].text.casefold() in k.eponym_titles:
        if j > 0 and match_form(words[j - 1].text) in k.places:
            return j  # "Dinas Kesehatan Banyuwangi dr Widji": the office's head, a person
        n = j + 1 + (j + 1 < len(words) and words[j + 1].text == ".")
        return n if n < len(words) and words[n].capitalized else j
    if at_head or words[j].text not in {",", "dan"}:
        return j
    n, first, saw_and = j, None, False
    while n < len(words):
        if words[n].text in {",", "dan"}:
            saw_and |= words[n].text == "dan"
            n += 1
            continue
        if not _field_word(words, n, taken, k):
            return j
        if saw_and:
            return n if first is None else first
        first = n if first is None else first
        while n < len(words) and words[n].capitalized:
            n += 1  # the field's words
        if n == len(words) or words[n].text not in {",", "dan"}:
            return j  # a comma list without its "dan": not fields of this name
    return j


def _headed_names(
    mentions: list[EntityMention], text: str, spans: list[tuple[int, int]], k: Knowledge
) -> list[EntityMention]:
    """Institutions and places opened by a head word, whole, whatever part the tagger found."""
    result = list(mentions)
    for index, (s_start, s_end) in enumerate(spans or [(0, len(text))]):
        words = _words(text, s_start, s_end)
        i = 0
        while i < len(words):
            h, typ = _head_at(words, i, k)
            if not h:
                i += 1
                continue
            first = words[i]
            covering = [m for m in result if m.start < first.end and first.start < m.end]
            if any(m.start < first.start for m in covering):
                i += h  # the tagger read it as part of a longer name
                continue
            # a name the tagger starts at the head is this name, whatever type it gave it
            others = [m for m in result if m.start != first.start]
            j = _name_end(words, i, (h, typ), others, k)
            if j == i + h:
                i += h
                continue
            start, end = first.start, words[j - 1].end
            if typ == "ORG" and any(
                m.start == start and m.end > end and m.type == typ for m in result
            ):
                i = j  # the tagger's longer name ("... Bidang Politik, Hukum, dan Keamanan")
                continue
            result = [m for m in others if not (start <= m.start and m.end <= end)] + [
                EntityMention(text[start:end], typ, start, end, index)
            ]
            i = j
    return sorted(result, key=lambda m: (m.start, m.end))


def _organization_before_place(
    mentions: list[EntityMention], text: str, spans: list[tuple[int, int]], k: Knowledge
) -> list[EntityMention]:
    """ "Organda DKI Jakarta", "KPU Jawa Barat": a name right before a region names the
    region's branch of an organization, unless it is a place word, a title or common."""
    result = list(mentions)
    for place in [m for m in mentions if match_form(m.text) in k.places]:
        _, s_start, _ = _sentence_of(place.start, spans, text)
        before = _words(text, s_start, place.start)
        if not before or text[before[-1].end : place.start] != " ":
            continue
        word = before[-1]
        owner = next((m for m in result if m.start <= word.start < m.end), None)
        if owner is not None and owner.type == "ORG" and owner.end == word.end:
            start = owner.start
        elif owner is None and _could_name_organization(word.text, k):
            start = word.start
        else:
            continue
        merged = replace(place, text=text[start : place.end], start=start, type="ORG")
        result = [m for m in result if m is not place and m is not owner] + [merged]
    return sorted(result, key=lambda m: (m.start, m.end))


def _could_name_organization(word: str, k: Knowledge) -> bool:
    form = match_form(word)
    return (
        word[:1].isupper()
        and len(form) > 2
        and form not in k.place_heads
        and form not in k.role_words
        and form not in k.common_words
        and form not in k.places
    )


# -- 4. types from the lists and from the article, outlets the tagger missed ------------------


def known_type(name: str, k: Knowledge | None = None) -> str | None:
    """ORG for outlets, institutions and known organizations, LOC for known places."""
    k = k or knowledge()
    form = match_form(clean_surface(name))
    words = _words(name, 0, len(name))
    if form in k.outlets or form in k.organizations:
        return "ORG"
    head, typ = _head_at(words, 0, k)
    if head and len(words) > head:
        return typ
    if form in k.places:
        return "LOC"
    if len(words) == 1 and _head_in_abbreviation(name, k):
        return "ORG"
    return None


def _head_in_abbreviation(word: str, k: Knowledge) -> bool:
    """ "RSPAD", "PTPN", "SMKN": an abbreviation opened by an institution head written in
    capitals (RS, PT, SMK) and at least two letters more (not "SDM", "PTM")."""
    return word.isupper() and any(
        len(head) == 1
        and typ == "ORG"
        and head[0].isupper()
        and len(head[0]) >= 2
        and word.startswith(head[0])
        and len(word) >= len(head[0]) + 2
        for head, typ in k.name_heads
    )


# one person's initials, with an optional age: "PAH (18)", "FEI"
_INITIAL = r"\b[A-Z]{2,4}\b(?:\s*\(\d{1,2}\))?"
# initials listed together: "PAH (18), MSK (21), dan HR (50)", "AS, TSB, dan SUP"
_INITIALS_LIST = re.compile(rf"{_INITIAL}(?:(?:\s*,\s*(?:dan\s+)?|\s+dan\s+){_INITIAL})*")
_ONE_INITIAL = re.compile(r"\b([A-Z]{2,4})\b(\s*\(\d)?")


def _person_initials(text: str, k: Knowledge) -> dict[str, tuple[int, int]]:
    """Initials that stand for people, with the span of their first listing: a suspect's or
    victim's initials have an age after them ("PAH (18)"), or follow the word that introduces
    initials ("berinisial FEI"), or are a list after it in the same sentence ("berinisial
    FEI, sedangkan penumpangnya AS, TSB, dan SUP").  Known names (KPK, AS) count only with
    an age."""
    found: dict[str, tuple[int, int]] = {}
    for listing in _INITIALS_LIST.finditer(text):
        before = text[max(0, listing.start() - 200) : listing.start()]
        sentence_before = re.split(r"[.!?]\s", before)[-1]
        words_before = [w.casefold() for w in sentence_before.split()]
        items = list(_ONE_INITIAL.finditer(listing.group()))
        cued = bool(words_before) and words_before[-1] in k.initials_cues
        cued |= len(items) > 1 and any(w in k.initials_cues for w in words_before)
        for item in items:
            initials, age = item.group(1), item.group(2)
            form = match_form(initials)
            known = form in k.organizations | k.outlets | k.places | k.not_entities
            if age or (cued and not known):
                start = listing.start() + item.start(1)
                found.setdefault(initials, (start, start + len(initials)))
    return found


def _given_name_first(m: EntityMention, text: str, k: Knowledge) -> bool:
    """ "Eka Asmadi", "Mustafa Kara": two to four name words opening with a given name, none
    of them a common word, a place or an institution's head, name a person."""
    words = _words(text, m.start, m.end)
    return (
        2 <= len(words) <= 4
        and words[0].text in k.given_names
        and all(_name_word(w.text) for w in words)
        and not any(match_form(w.text) in k.common_words | k.places for w in words[1:])
        and not _head_at(words, 0, k)[0]
        and known_type(m.text, k) is None
    )


def _people_by_evidence(
    mentions: list[EntityMention], text: str, spans: list[tuple[int, int]], k: Knowledge
) -> list[EntityMention]:
    """People the tagger typed as something else, retyped (with every mention of the same
    name in the article): initials of a suspect or victim, a name opening with a given name,
    a surname or first name of a person the article names in full ("Gomez" after "Selena
    Gomez", "Yesaya" after "Yesaya Magayang")."""
    initials = _person_initials(text, k)
    people = set(initials) | {
        m.text for m in mentions if m.type != "PER" and _given_name_first(m, text, k)
    }
    full_names = [m.text.split() for m in mentions if m.type == "PER" or m.text in people]
    parts = {
        part.casefold() for name in full_names if len(name) > 1 for part in (name[0], name[-1])
    }
    for m in mentions:
        if m.type == "PER" or " " in m.text or not _name_word(m.text.capitalize()):
            continue
        if m.text.casefold() in parts and known_type(m.text, k) is None:
            people.add(m.text)
    named = {m.text for m in mentions}
    untagged = [
        EntityMention(name, "PER", start, end, _sentence_of(start, spans, text)[0])
        for name, (start, end) in initials.items()
        if name not in named and not any(m.start < end and start < m.end for m in mentions)
    ]
    retyped = [replace(m, type="PER") if m.text in people else m for m in mentions]
    return sorted([*retyped, *untagged], key=lambda m: (m.start, m.end))


def _untagged_outlets(
    mentions: list[EntityMention], text: str, spans: list[tuple[int, int]], k: Knowledge
) -> list[EntityMention]:
    # a domain in any case (KOMPAS.com), a name in capitals as written (ANTARA, not "antara")
    forms = [re.escape(o) if "." not in o else f"(?i:{re.escape(o)})" for o in k.untagged_outlets]
    return _untagged(mentions, text, spans, forms, "ORG")


def _untagged_places(
    mentions: list[EntityMention], text: str, spans: list[tuple[int, int]], k: Knowledge
) -> list[EntityMention]:
    # foreign cities are rare in the training data: the tagger leaves some untagged
    return _untagged(mentions, text, spans, [re.escape(p) for p in k.untagged_places], "LOC")


def _untagged(
    mentions: list[EntityMention],
    text: str,
    spans: list[tuple[int, int]],
    forms: list[str],
    entity_type: str,
) -> list[EntityMention]:
    """``forms`` where the text writes them as a word of their own and no mention covers them."""
    if not forms:
        return []
    added: list[EntityMention] = []
    for match in re.finditer(rf"(?<![\w.-])(?:{'|'.join(forms)})(?![\w-])", text):
        s, e = match.span()
        if any(m.start < e and s < m.end for m in mentions):
            continue
        index, _, _ = _sentence_of(s, spans, text)
        added.append(EntityMention(match.group(), entity_type, s, e, index))
    return added


# -- 5. what is never an entity --------------------------------------------------------------


# a model code: letters and digits in one word ("S6", "CN-235", "A320"), not "Covid-19"
_MODEL_CODE = re.compile(r"[A-Za-z]{1,3}-?\d+[A-Za-z]*")


def is_entity_name(name: str, name_words: Iterable[str] = (), k: Knowledge | None = None) -> bool:
    """False for ranks, titles, role nouns, units and common nouns standing alone.

    ``name_words``: words of the article's longer names; a common word that is part of one
    ("Bunga" with "Bunga Citra Lestari") stays a name.
    """
    k = k or knowledge()
    surface = clean_surface(name)
    form = match_form(surface)
    if not form:
        return False
    if form in k.outlets or form in k.organizations or form in k.places:
        return True
    if not any(c.isupper() for c in surface) or form in k.not_entities or len(form) < 2:
        return False
    if any(_MODEL_CODE.fullmatch(w) for w in surface.split()):
        return False  # "Galaxy S6 Edge", "CN-235": a product or its model
    words = form.split()
    if form in k.head_forms or surface.split()[0] in k.not_entity_heads:
        return False  # "Pondok Pesantren" alone, "KRI Teluk Cirebon" (a ship), "Pilkada Muna"
    head, _ = _head_at(_words(surface, 0, len(surface)), 0, k)
    if head and len(surface.split()) > head:
        return True  # "Kementerian Agama", "Dinas Kesehatan": a head and the name after it
    if all(w in k.role_words for w in words):
        return False  # "Kepala Dinas", "Jaksa Agung"
    single_common = len(words) == 1 and form in k.common_words and not surface.isupper()
    return not single_common or form in set(name_words)


# -- all together ----------------------------------------------------------------------------


def apply_knowledge(
    mentions: list[EntityMention], text: str, sentence_spans: list[tuple[int, int]]
) -> list[EntityMention]:
    """The article's mentions with the rules above applied; a new list sorted by offset."""
    k = knowledge()
    trimmed = [t for m in mentions if (t := _trim(m, text, k)) is not None]
    found = _headed_names(_split_people(trimmed, text, k), text, sentence_spans, k)
    found = _organization_before_place(found, text, sentence_spans, k)
    for m in found:
        typ = known_type(m.text, k)
        if typ is not None and not (typ == "LOC" and m.type in PLACE_TYPES):
            m.type = typ
    found = _people_by_evidence(found, text, sentence_spans, k)
    found += _untagged_outlets(found, text, sentence_spans, k)
    found += _untagged_places(found, text, sentence_spans, k)
    name_words = {w for m in found for w in match_form(m.text).split() if " " in match_form(m.text)}
    products = _product_names(found, text, k)
    kept = [
        m
        for m in found
        if is_entity_name(m.text, name_words, k)
        and m.text not in products
        and not _common_phrase(m, k)
    ]
    return sorted(kept, key=lambda m: (m.start, m.end))


def entity_names_only(mentions: list[EntityMention]) -> list[EntityMention]:
    """The mentions that can name an entity (:func:`is_entity_name`), for the steps after
    :func:`apply_knowledge` that add names ("Bidang Humas" from a role apposition)."""
    k = knowledge()
    name_words = {
        w for m in mentions for w in match_form(m.text).split() if " " in match_form(m.text)
    }
    return [
        m for m in mentions if is_entity_name(m.text, name_words, k) and not _common_phrase(m, k)
    ]


def _common_phrase(m: EntityMention, k: Knowledge) -> bool:
    """An "organization" of common words only, with no institution head: "Penyembelihan
    Hewan Kurban", "Delegasi Pejabat Pertahanan" (a capitalized phrase; organization names
    hold a name word or open with a head)."""
    words = _words(m.text, 0, len(m.text))
    return (
        m.type == "ORG"
        and len(words) > 1
        and all(w.text.isalpha() and match_form(w.text) in k.common_words for w in words)
        and not _head_at(words, 0, k)[0]
        and known_type(m.text, k) is None
    )


def _product_names(mentions: list[EntityMention], text: str, k: Knowledge) -> set[str]:
    """Names listed right after a word that introduces products ("tiga tipe Urbano,
    Sportivo, dan Sportivo RS"): none of them is a person, an organization or a place,
    wherever the article names them again."""
    products: set[str] = set()
    after_cue = -1  # end of the last product name or cue word of the current list
    for m in sorted(mentions, key=lambda m: m.start):
        gap = text[after_cue : m.start] if after_cue >= 0 else ""
        words = _words(text, max(0, m.start - 30), m.start)
        cued = bool(words) and words[-1].text in k.product_cues  # "tipe", not "RSUD Tipe D"
        listed = after_cue >= 0 and re.fullmatch(r"\s*,?\s*(?:dan\s+|serta\s+)?", gap)
        if cued or listed:
            products.add(m.text)
            after_cue = m.end
        else:
            after_cue = -1
    return products
