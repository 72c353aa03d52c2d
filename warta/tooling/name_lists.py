"""The entity rules' name lists, from third-party data: ``python -m warta.tooling.name_lists``.

Writes, under ``warta/data/id/`` (each file says where it comes from and under which terms):

* ``regions.txt``: Indonesian provinces, regencies and cities (with and without their
  "Kabupaten"/"Kota" prefix) and districts, from ``gazetteers/id-regions`` (Kepmendagri
  2025, CC BY 4.0).  District names that are common words or common parts of people's names
  are left out: as a single word they say nothing about a place.
* ``countries.txt``: country and territory names in Indonesian, from the Unicode CLDR
  (read through Babel, which ships it).
* ``organizations.txt``: organization names of Indonesian DBpedia (``gazetteers/id-dbpedia``,
  Alfina et al.), without disambiguation brackets, expansion artifacts and names that are
  places or common words.
* ``given_names.txt``: first words of Indonesian DBpedia's person names (at least thrice),
  without common words, region names, titles and words that open as many organization or
  place names: a name starting with one of them is a person's ("Eka Asmadi", "Neil Portnow").
* ``common_words.txt``: words the Indonesian corpus writes in lower case at least 85% of the
  time when they are not the first word of a sentence (a one-word "entity" made of such a
  word is a capitalized common noun, not a name).

Only names and words are written, never sentences of the sources.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from warta.config import shared_dir
from warta.nlp.entities import ROLE_NOUNS, TITLES
from warta.tooling.train.silver import read_name_list  # the DBpedia lists: cp1252, CRLF

DATA_ID = Path(__file__).resolve().parents[1] / "data" / "id"

# CLDR territory codes that are not a country or territory a newspaper names as a place.
_NOT_PLACES = {"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"}
# Month and day names are also districts (Juli, Senin); as a word alone they are dates.
_CALENDAR = {
    *("januari", "februari", "maret", "april", "mei", "juni", "juli", "agustus"),
    *("september", "oktober", "november", "desember"),
    *("senin", "selasa", "rabu", "kamis", "jumat", "sabtu", "minggu"),
}
COMMON_SHARE = 0.85  # lower-case share above which a word is a common word
COMMON_MIN_COUNT = 5  # occurrences (not sentence-initial) needed to judge a word
GIVEN_MIN_COUNT = 3  # person names a first word must open to count as a given name


def _write(path: Path, header: str, names: Iterable[str]) -> int:
    unique = sorted(set(names), key=lambda n: (n.casefold(), n))
    lines = [f"# {line}" if line else "#" for line in header.strip().splitlines()]
    path.write_text("\n".join([*lines, *unique]) + "\n", encoding="utf-8")
    return len(unique)


def common_words(corpus: Path) -> set[str]:
    lower: Counter[str] = Counter()
    capital: Counter[str] = Counter()
    for line in corpus.read_text(encoding="utf-8").splitlines():
        for token in line.split()[1:]:  # the first word of a sentence is capitalized anyway
            if not token.isalpha():
                continue
            (lower if token.islower() else capital)[token.casefold()] += 1
    return {
        w
        for w in lower
        if lower[w] + capital[w] >= COMMON_MIN_COUNT
        and lower[w] >= COMMON_SHARE * (lower[w] + capital[w])
    }


def _person_name_parts(person_list: Path) -> set[str]:
    """Words used at least twice in Indonesian DBpedia's person names (Juli, Nita, Amar)."""
    counts = Counter(
        word.casefold()
        for line in read_name_list(person_list)
        for word in re.findall(r"[^\W\d_]+", line)
    )
    return {w for w, n in counts.items() if n >= 2}


def _first_words(name_list: Path) -> Counter[str]:
    """How often each word opens a name of two words or more (brackets dropped)."""
    counts: Counter[str] = Counter()
    for line in read_name_list(name_list):
        words = re.sub(r"\s*\(.*$", "", line).split()
        if len(words) >= 2:
            counts[words[0]] += 1
    return counts


def given_names(dbpedia: Path, excluded_words: set[str]) -> set[str]:
    people = _first_words(dbpedia / "original_dbpedia_person.txt")
    # the cleaned person gazetteer of the same dataset drops bands and groups ("The ...")
    cleaned = _first_words(dbpedia / "mdee_gazetteer_person.txt")
    others = _first_words(dbpedia / "original_dbpedia_organization.txt") + _first_words(
        dbpedia / "original_dbpedia_place.txt"
    )
    return {
        word
        for word, n in people.items()
        if n >= GIVEN_MIN_COUNT
        and re.fullmatch(r"[A-Z][a-z]{2,}", word)
        and others[word] * 2 <= n  # "Santiago", "New", "Jaya" open places and companies too
        and cleaned[word] * 2 >= n
        and word.casefold() not in excluded_words
        and word.casefold() not in TITLES | ROLE_NOUNS
    }


def regions(folder: Path, excluded_words: set[str]) -> set[str]:
    names: set[str] = set()
    for row in json.loads((folder / "provinsi.json").read_text(encoding="utf-8")):
        names.add(row["nama_provinsi"].strip())
    for row in json.loads((folder / "kabupaten.json").read_text(encoding="utf-8")):
        full = re.sub(r"^Kab\.? ", "Kabupaten ", row["nama_kabupaten"].strip())
        names.add(full)
        names.add(re.sub(r"^(Kabupaten|Kota) +", "", full).strip())
    for row in json.loads((folder / "kecamatan.json").read_text(encoding="utf-8")):
        name = row["nama_kecamatan"].strip()
        one_word = " " not in name
        if len(name) < 4 or (one_word and name.casefold() in excluded_words):
            continue
        if name[:1].isupper() and not name.isupper():
            names.add(name)
    return names


def countries() -> set[str]:
    from babel import Locale

    names: set[str] = set()
    for code, name in Locale("id").territories.items():
        if not code.isalpha() or code in _NOT_PLACES:
            continue
        name = re.sub(r"\s*\(.*\)$", "", name)  # "Myanmar (Burma)"
        name = re.sub(r" DAK Tiongkok$", "", name)  # "Hong Kong DAK Tiongkok"
        names.update(part.strip() for part in name.split(" - "))  # "Kongo - Kinshasa"
    return {n for n in names if n and not n.startswith("Wilayah")}


def organizations(org_list: Path, places: set[str], common: set[str]) -> set[str]:
    folded_places = {p.casefold() for p in places}
    names: set[str] = set()
    for line in read_name_list(org_list):
        name = re.sub(r"\s*\([^)]*\)\s*$", "", line.strip())  # "Hizbullah (Lebanon)"
        if (
            len(name) < 3
            or "  " in name  # expansion artifacts: "Juventus F.C.  S.p.A  1"
            or not name[:1].isalnum()
            or re.search(r"[()\[\]{}|=<>]", name)
            or name.casefold() in folded_places
            or (" " not in name and name.casefold() in common)
        ):
            continue
        names.add(name)
    return names


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=None, help="the shared data folder")
    args = parser.parse_args(argv)
    shared = (args.shared or shared_dir()) / "data" / "nlp"
    gazetteers = shared / "gazetteers"
    common = common_words(shared / "corpus" / "id_corpus.txt")
    person_parts = _person_name_parts(gazetteers / "id-dbpedia" / "original_dbpedia_person.txt")
    region_names = regions(gazetteers / "id-regions", common | person_parts | _CALENDAR)
    country_names = countries()
    counts = {
        "common_words.txt": _write(
            DATA_ID / "common_words.txt",
            """
            Common Indonesian words: written in lower case at least 85% of the time inside a
            sentence in the Indonesian corpus (nlp-id kumparan news text, MIT); generated by
            warta/tooling/name_lists.py.  One word a line, casefolded.
            """.replace("            ", ""),
            common,
        ),
        "regions.txt": _write(
            DATA_ID / "regions.txt",
            """
            Indonesian provinces, regencies, cities and districts (names only; regencies and
            cities also without their "Kabupaten"/"Kota" prefix; one-word districts that are
            common words or parts of people's names left out).
            Source: Kepmendagri No. 300.2.2-2138 of 2025 via github.com/indrayoga/data-wilayah-
            indonesia (upstream yonatanyl/KODE-WILAYAH-KEPMENDAGRI-2025), licensed CC BY 4.0
            (https://creativecommons.org/licenses/by/4.0/); changed: names extracted, prefixes
            removed, filtered.  Generated by warta/tooling/name_lists.py.
            """.replace("            ", ""),
            region_names,
        ),
        "countries.txt": _write(
            DATA_ID / "countries.txt",
            """
            Country and territory names in Indonesian from the Unicode CLDR (Unicode License
            v3, https://www.unicode.org/license.txt), as shipped by Babel; brackets and
            qualifiers removed.  Generated by warta/tooling/name_lists.py.
            """.replace("            ", ""),
            country_names,
        ),
    }
    counts["organizations.txt"] = _write(
        DATA_ID / "organizations.txt",
        """
        Organization names from Indonesian DBpedia (original_dbpedia_organization.txt of
        github.com/ialfina/ner-dataset-modified-dee; Alfina, Manurung, Fanany, ICACSIS 2016;
        DBpedia labels come from Wikipedia, CC BY-SA 3.0).  Filtered: disambiguation
        brackets and expansion artifacts removed, names that are places or common words left
        out.  Generated by warta/tooling/name_lists.py.
        """.replace("        ", ""),
        organizations(
            gazetteers / "id-dbpedia" / "original_dbpedia_organization.txt",
            region_names | country_names,
            common,
        ),
    )
    counts["given_names.txt"] = _write(
        DATA_ID / "given_names.txt",
        """
        Given names: first words of person names in Indonesian DBpedia
        (original_dbpedia_person.txt of github.com/ialfina/ner-dataset-modified-dee; Alfina,
        Manurung, Fanany, ICACSIS 2016; DBpedia labels come from Wikipedia, CC BY-SA 3.0).
        Filtered: words opening at least three person names, at least half as many in the
        dataset's cleaned person gazetteer (mdee_gazetteer_person.txt, which drops bands) and
        at most half as many organization and place names; common words, region names and
        titles left out.
        Generated by warta/tooling/name_lists.py.
        """.replace("        ", ""),
        given_names(
            gazetteers / "id-dbpedia",
            common | {n.casefold() for n in region_names | country_names} | _CALENDAR,
        ),
    )
    for name, count in counts.items():
        print(f"{name}: {count} names")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
