"""Entity keys and in-article canonical forms (no models needed).

The example sentences are made up for these tests.
"""

from __future__ import annotations

import pytest

from warta.document import EntityMention
from warta.nlp.entities import canonicalize, clean_surface, distinct_entities, entity_key


def mentions_in(text: str, spans: list[tuple[str, str]]) -> list[EntityMention]:
    """Mentions for (surface, type) pairs, located left to right in ``text``."""
    out = []
    pos = 0
    for surface, typ in spans:
        start = text.index(surface, pos)
        out.append(EntityMention(surface, typ, start, start + len(surface), 0))
        pos = start + len(surface)
    return out


@pytest.mark.parametrize(
    ("name", "typ", "key"),
    [
        ("Vladimir Putin", "PER", "PER:vladimir putin"),
        ("Presiden Vladimir Putin", "PER", "PER:vladimir putin"),
        ("  vladimir   PUTIN, ", "PER", "PER:vladimir putin"),
        ("Menteri Luar Negeri Retno Marsudi", "PER", "PER:retno marsudi"),
        ("Jenderal TNI Andika Perkasa", "PER", "PER:tni andika perkasa"),
        ("Bapak Joko Widodo", "PER", "PER:joko widodo"),
        ("Ibu Sri Mulyani", "PER", "PER:sri mulyani"),
        ("Dr. H. Budi Santoso, S.H., M.Si.", "PER", "PER:budi santoso"),
        ("Prof. Dr. Ir. Siti Nurbaya", "PER", "PER:siti nurbaya"),
        ("Kim Jong-un", "PER", "PER:kim jong un"),
        ("Kim Jong Un", "PER", "PER:kim jong un"),
        ("Ma’ruf Amin", "PER", "PER:maruf amin"),
        ("Putin's", "PER", "PER:putin"),
        # A bare title is kept rather than emptied.
        ("Presiden", "PER", "PER:presiden"),
        # Titles are only stripped from persons.
        ("Presiden University", "ORG", "ORG:presiden university"),
        ("KREMLIN", "ORG", "ORG:kremlin"),
        ("Korea Utara", "LOC", "LOC:korea utara"),
        ("Bank Rakyat Indonesia (BRI)", "ORG", "ORG:bank rakyat indonesia bri"),
    ],
)
def test_entity_key(name: str, typ: str, key: str) -> None:
    assert entity_key(name, typ) == key


def test_entity_key_separates_types() -> None:
    assert entity_key("Jakarta", "LOC") != entity_key("Jakarta", "ORG")


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("“Putin", "Putin"),
        ("Putin’s", "Putin"),
        ("Peskov.", "Peskov"),
        ("(Korut", "Korut"),
        ("Korea Utara,", "Korea Utara"),
        ("Pemerintah-nya", "Pemerintah"),
        ("Dr.", "Dr."),
        ("Amerika  Serikat", "Amerika Serikat"),
    ],
)
def test_clean_surface(raw: str, clean: str) -> None:
    assert clean_surface(raw) == clean


TEXT = (
    "Pemimpin Korea Utara (Korut) Kim Jong Un bertemu Presiden Vladimir Putin di "
    "Vladivostok. Juru bicara Kremlin Dmitry Peskov mengatakan Putin dan Kim akan bicara "
    "empat mata. Peskov menambahkan, Korut siap bekerja sama."
)


def test_canonicalize_short_forms_and_abbreviation() -> None:
    spans = [
        ("Korea Utara", "LOC"),
        ("Korut", "ORG"),
        ("Kim Jong Un", "PER"),
        ("Presiden Vladimir Putin", "PER"),
        ("Vladivostok", "LOC"),
        ("Kremlin", "ORG"),
        ("Dmitry Peskov", "PER"),
        ("Putin", "PER"),
        ("Kim", "PER"),
        ("Peskov", "PER"),
        ("Korut", "LOC"),
    ]
    ms = canonicalize(mentions_in(TEXT, spans), TEXT)
    got = [(m.text, m.type, m.canonical, m.key) for m in ms]
    assert got == [
        ("Korea Utara", "LOC", "Korea Utara", "LOC:korea utara"),
        # The abbreviation joins its bracketed expansion, and its type.
        ("Korut", "LOC", "Korea Utara", "LOC:korea utara"),
        ("Kim Jong Un", "PER", "Kim Jong Un", "PER:kim jong un"),
        ("Presiden Vladimir Putin", "PER", "Vladimir Putin", "PER:vladimir putin"),
        ("Vladivostok", "LOC", "Vladivostok", "LOC:vladivostok"),
        ("Kremlin", "ORG", "Kremlin", "ORG:kremlin"),
        ("Dmitry Peskov", "PER", "Dmitry Peskov", "PER:dmitry peskov"),
        ("Putin", "PER", "Vladimir Putin", "PER:vladimir putin"),
        ("Kim", "PER", "Kim Jong Un", "PER:kim jong un"),
        ("Peskov", "PER", "Dmitry Peskov", "PER:dmitry peskov"),
        ("Korut", "LOC", "Korea Utara", "LOC:korea utara"),
    ]
    assert distinct_entities(ms) == {
        "LOC": {"Korea Utara", "Vladivostok"},
        "PER": {"Kim Jong Un", "Vladimir Putin", "Dmitry Peskov"},
        "ORG": {"Kremlin"},
    }


def test_short_form_before_full_name() -> None:
    text = "Widodo tiba pagi ini. Presiden Joko Widodo lalu meresmikan bendungan."
    ms = canonicalize(mentions_in(text, [("Widodo", "PER"), ("Joko Widodo", "PER")]), text)
    assert [m.canonical for m in ms] == ["Joko Widodo", "Joko Widodo"]


def test_ambiguous_short_form_takes_nearest_earlier_full_name() -> None:
    text = (
        "Kim Jong Un datang bersama Kim Yo Jong. Kim Yo Jong berbicara lebih dulu, "
        "lalu Kim menutup acara."
    )
    spans = [("Kim Jong Un", "PER"), ("Kim Yo Jong", "PER"), ("Kim Yo Jong", "PER"), ("Kim", "PER")]
    ms = canonicalize(mentions_in(text, spans), text)
    assert ms[-1].canonical == "Kim Yo Jong"


def test_unbracketed_abbreviation_of_name_in_article() -> None:
    text = "Tentara Nasional Indonesia menggelar latihan. TNI mengirim 500 prajurit ke Jawa Barat."
    spans = [("Tentara Nasional Indonesia", "ORG"), ("TNI", "ORG"), ("Jawa Barat", "LOC")]
    ms = canonicalize(mentions_in(text, spans), text)
    assert [m.canonical for m in ms] == ["Tentara Nasional Indonesia"] * 2 + ["Jawa Barat"]


def test_abbreviation_in_bracket_without_tagged_expansion_text() -> None:
    # The model tagged the whole "X (Y)" span: the abbreviation elsewhere still joins it.
    text = "Kementerian Keuangan (Kemenkeu) merilis data. Kemenkeu menyebut defisit turun."
    spans = [("Kementerian Keuangan (Kemenkeu)", "ORG"), ("Kemenkeu", "ORG")]
    ms = canonicalize(mentions_in(text, spans), text)
    assert [m.canonical for m in ms] == ["Kementerian Keuangan", "Kementerian Keuangan"]


def test_a_lower_case_expansion_leaves_the_abbreviation_the_name() -> None:
    text = (
        "Kapal milik ASDP (angkutan sungai, danau, dan penyeberangan) berlayar. "
        "ASDP menambah kapal."
    )
    spans = [("ASDP", "ORG"), ("ASDP", "ORG")]
    ms = canonicalize(mentions_in(text, spans), text)
    assert [(m.canonical, m.type) for m in ms] == [("ASDP", "ORG"), ("ASDP", "ORG")]


def test_an_abbreviation_inside_a_branch_name_names_the_branch() -> None:
    text = "Badan Narkotika Nasional (BNN) Lampung menangkap kurir. BNN menyita ganja."
    spans = [("Badan Narkotika Nasional (BNN) Lampung", "ORG"), ("BNN", "ORG")]
    ms = canonicalize(mentions_in(text, spans), text)
    assert [m.canonical for m in ms] == ["Badan Narkotika Nasional (BNN) Lampung"] * 2


def test_unrelated_names_do_not_merge() -> None:
    text = "Anies Baswedan bertemu Ganjar Pranowo dan Prabowo Subianto. Ganjar tersenyum."
    spans = [
        ("Anies Baswedan", "PER"),
        ("Ganjar Pranowo", "PER"),
        ("Prabowo Subianto", "PER"),
        ("Ganjar", "PER"),
    ]
    ms = canonicalize(mentions_in(text, spans), text)
    assert [m.canonical for m in ms] == [
        "Anies Baswedan",
        "Ganjar Pranowo",
        "Prabowo Subianto",
        "Ganjar Pranowo",
    ]
    # "Prabowo" is not a prefix of "Pranowo": no partial-token matching.
    assert ms[2].key == "PER:prabowo subianto"


def test_title_only_stripped_from_persons_and_all_caps_spelling_loses() -> None:
    text = "KEMENTERIAN AGAMA mengumumkan jadwal. Kementerian Agama juga menyebut Menteri Agama."
    spans = [("KEMENTERIAN AGAMA", "ORG"), ("Kementerian Agama", "ORG")]
    ms = canonicalize(mentions_in(text, spans), text)
    assert {m.canonical for m in ms} == {"Kementerian Agama"}


def test_empty() -> None:
    assert canonicalize([], "") == []


def _m(text: str, surface: str, typ: str, occurrence: int = 0) -> EntityMention:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(surface, start + 1)
    return EntityMention(surface, typ, start, start + len(surface), 0)


def test_role_apposition_gives_first_name_and_organization():
    from warta.nlp.entities import split_role_appositions

    text = "Menurut juru bicara Gedung Dewi Lestari, rapat ditunda."
    mentions = split_role_appositions([_m(text, "Lestari", "PER")], text, [(0, len(text))])
    assert [(m.text, m.type) for m in mentions] == [("Gedung", "ORG"), ("Dewi Lestari", "PER")]
    # no role noun before the words: nothing is guessed
    plain = "Kemarin Budi Santoso datang."
    untouched = split_role_appositions([_m(plain, "Santoso", "PER")], plain, [(0, len(plain))])
    assert [m.text for m in untouched] == ["Santoso"]
    # a role right before the name ("Paslon"): the words before it are not the name's
    pair = "Ketua Tim Pemenangan Paslon Wahdi mengatakan hal itu."
    kept = split_role_appositions([_m(pair, "Wahdi", "PER")], pair, [(0, len(pair))])
    assert [(m.text, m.start, m.end) for m in kept] == [("Wahdi", 28, 33)]


def test_places_nested_in_organization_names():
    from warta.nlp.entities import nested_places

    text = "Kedutaan Besar Jepang dan Kementerian Luar Negeri Amerika Serikat bertemu."
    mentions = nested_places(
        [
            _m(text, "Kedutaan Besar Jepang", "ORG"),
            _m(text, "Kementerian Luar Negeri Amerika Serikat", "ORG"),
        ],
        text,
    )
    assert [(m.text, m.type) for m in mentions if m.type == "LOC"] == [
        ("Jepang", "LOC"),
        ("Amerika Serikat", "LOC"),
    ]
