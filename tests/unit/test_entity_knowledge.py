"""Knowledge after the model (warta/nlp/knowledge.py): each rule on a tagger's output.

The sentences are made up for these tests; the tagger's mentions are written by hand as a
tagger gets them wrong.
"""

from __future__ import annotations

import re

import pytest

from tests.unit.test_entities import mentions_in
from warta.nlp.knowledge import apply_knowledge, entity_names_only, is_entity_name, known_type
from warta.text.clean import clean_body, unescape_entities


def sentences(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(r"[^.!?]+[.!?]?", text)]


def after_rules(text: str, tagged: list[tuple[str, str]]) -> list[tuple[str, str, int, int]]:
    found = apply_knowledge(mentions_in(text, tagged), text, sentences(text))
    for m in found:
        assert text[m.start : m.end] == m.text  # offsets and text agree
    return [(m.text, m.type, m.start, m.end) for m in found]


def test_institution_head_takes_the_whole_name_as_organization() -> None:
    text = "Polda Metro Jaya menangkap dua orang di Bekasi."
    assert after_rules(text, [("Metro Jaya", "LOC"), ("Bekasi", "LOC")]) == [
        ("Polda Metro Jaya", "ORG", 0, 16),
        ("Bekasi", "LOC", 40, 46),
    ]


def test_a_head_the_tagger_split_off_joins_its_name() -> None:
    text = "Kata dia, Polda Bali sudah memeriksa saksi."
    assert after_rules(text, [("Polda", "ORG"), ("Bali", "LOC")]) == [("Polda Bali", "ORG", 10, 20)]


def test_an_untagged_institution_is_found_and_stops_before_a_rank() -> None:
    text = "Kasus itu ditangani Polres Gianyar AKBP Budi Santoso."
    assert after_rules(text, [("Budi Santoso", "PER")]) == [
        ("Polres Gianyar", "ORG", 20, 34),
        ("Budi Santoso", "PER", 40, 52),
    ]


def test_an_institution_the_tagger_typed_as_a_place_becomes_an_organization() -> None:
    text = "Berkas dikirim ke Pengadilan Negeri Lhoksukon pekan lalu."
    assert after_rules(text, [("Pengadilan Negeri Lhoksukon", "LOC")]) == [
        ("Pengadilan Negeri Lhoksukon", "ORG", 18, 45)
    ]


def test_a_longer_organization_of_the_tagger_stays_whole() -> None:
    text = "Kementerian Koordinator Bidang Politik, Hukum, dan Keamanan menggelar rapat."
    name = "Kementerian Koordinator Bidang Politik, Hukum, dan Keamanan"
    assert after_rules(text, [(name, "ORG")]) == [(name, "ORG", 0, len(name))]


def test_an_organization_before_a_region_stays_one_organization() -> None:
    text = "Ketua Organda DKI Jakarta menolak kenaikan tarif."
    assert after_rules(text, [("DKI Jakarta", "LOC")]) == [("Organda DKI Jakarta", "ORG", 6, 25)]
    text = "Warga Jakarta menolak kenaikan tarif."
    assert after_rules(text, [("Jakarta", "LOC")]) == [("Jakarta", "LOC", 6, 13)]


def test_place_heads_open_places_and_a_second_head_starts_the_next_one() -> None:
    text = "Ia tinggal di Desa Alue Papeun Kecamatan Nisam Antara bersama keluarganya."
    tagged = [("Desa Alue Papeun Kecamatan Nisam Antara", "LOC")]
    assert after_rules(text, tagged) == [
        ("Desa Alue Papeun", "LOC", 14, 30),
        ("Kecamatan Nisam Antara", "LOC", 31, 53),
    ]
    text = "Abu vulkanik Gunung Rinjani menutup bandara."
    assert after_rules(text, [("Gunung Rinjani", "PER")]) == [("Gunung Rinjani", "LOC", 13, 27)]


def test_a_persons_age_or_bracketed_remark_is_not_in_the_name() -> None:
    text = "Pelaku bernama Supri (35) ditangkap. Piknik bareng Mulyadi (49) berakhir duka."
    tagged = [("Supri (35", "PER"), ("Piknik bareng Mulyadi (49", "PER")]
    assert after_rules(text, tagged) == [
        ("Supri", "PER", 15, 20),
        ("Mulyadi", "PER", 51, 58),
    ]


def test_a_person_after_a_bracketed_remark_keeps_the_name_after_it() -> None:
    text = "Jenderal (Purn) Moeldoko hadir."
    assert after_rules(text, [("Jenderal (Purn) Moeldoko", "PER")]) == [("Moeldoko", "PER", 16, 24)]


def test_roles_and_common_words_before_a_name_are_not_part_of_it() -> None:
    text = "Petugas Polda Lampung menangkap pelaku. Pendiri Facebook Mark Zuckerberg datang."
    tagged = [
        ("Petugas Polda Lampung", "ORG"),
        ("Pendiri Facebook", "ORG"),
        ("Mark Zuckerberg", "PER"),
    ]
    assert after_rules(text, tagged) == [
        ("Polda Lampung", "ORG", 8, 21),
        ("Facebook", "ORG", 48, 56),
        ("Mark Zuckerberg", "PER", 57, 72),
    ]
    text = "Penyanyi Taylor Swift tampil di kantor KapanLagi.com® kemarin."
    assert after_rules(
        text, [("Penyanyi Taylor Swift", "PER"), ("kantor KapanLagi.com®", "LOC")]
    ) == [
        ("Taylor Swift", "PER", 9, 21),
        ("KapanLagi.com", "ORG", 39, 52),
    ]


def test_an_office_named_after_its_place_is_the_place() -> None:
    text = "Kajari Lhoksukon Teuku Rahmatsyah menerima berkas."
    tagged = [("Kajari Lhoksukon", "PER"), ("Teuku Rahmatsyah", "PER")]
    assert after_rules(text, tagged) == [
        ("Lhoksukon", "LOC", 7, 16),
        ("Teuku Rahmatsyah", "PER", 17, 33),
    ]


@pytest.mark.parametrize(
    ("name", "tagged", "expected"),
    [
        ("Taliban", "LOC", "ORG"),
        ("Al-Qaeda", "PER", "ORG"),
        ("VIVA.co.id", "PER", "ORG"),
        ("Kompas.com", "LOC", "ORG"),
        ("Antara", "PER", "ORG"),
        ("Lhokseumawe", "PER", "LOC"),  # a city (region list)
        ("Jawa Barat", "ORG", "LOC"),  # a province
        ("Arab Saudi", "PER", "LOC"),  # a country in Indonesian (CLDR)
        ("Universitas Gadjah Mada", "LOC", "ORG"),  # institution head (and DBpedia)
    ],
)
def test_known_names_take_their_type(name: str, tagged: str, expected: str) -> None:
    text = f"Berita tentang {name} hari ini."
    assert after_rules(text, [(name, tagged)]) == [(name, expected, 15, 15 + len(name))]
    assert known_type(name) == expected


def test_outlets_the_tagger_missed_are_organizations() -> None:
    text = "Hal itu dikatakan kepada Kompas.com, Selasa. (ANTARA)"
    assert after_rules(text, []) == [
        ("Kompas.com", "ORG", 25, 35),
        ("ANTARA", "ORG", 46, 52),
    ]
    # "antara" is also a common word ("between"): only its capitals name the agency
    assert after_rules("Jarak antara dua kota itu jauh.", []) == []


def test_world_cities_the_tagger_missed_are_places() -> None:
    text = "Kim tiba di Pyongyang dari Vladivostok, sementara Tokyo-san tidak datang."
    assert after_rules(text, [("Kim", "PER")]) == [
        ("Kim", "PER", 0, 3),
        ("Pyongyang", "LOC", 12, 21),
        ("Vladivostok", "LOC", 27, 38),
    ]  # a city inside another word ("Tokyo-san") is not the city


@pytest.mark.parametrize(
    "name",
    [
        "AKBP",
        "Kompol",
        "PK",
        "Jo",
        "sidang",
        "PNS",
        "jamaah haji",
        "Gardu Induk",
        "MVA",
        "Kedokteran Umum",
        "Puskesmas",
        "CEO",
        "WITA",
        "Jaksa Agung",  # a title and its continuation
        "Aktris",  # a role noun
        "Sahabat",  # a capitalized common word
        "4G",
    ],
)
def test_ranks_titles_units_and_common_nouns_are_never_entities(name: str) -> None:
    assert not is_entity_name(name)
    text = f"Menurut {name} itu, semuanya baik."
    assert after_rules(text, [(name, "ORG")]) == []


def test_a_common_word_that_is_part_of_a_longer_name_stays() -> None:
    text = "Bunga Citra Lestari bernyanyi. Bunga tersenyum."
    tagged = [("Bunga Citra Lestari", "PER"), ("Bunga", "PER")]
    assert after_rules(text, tagged) == [
        ("Bunga Citra Lestari", "PER", 0, 19),
        ("Bunga", "PER", 31, 36),
    ]
    assert is_entity_name("Bunga", ["bunga", "citra", "lestari"])
    assert not is_entity_name("Bunga")


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Head of Relation &amp; CSR Pertamina", "Head of Relation & CSR Pertamina"),
        ("Relation &amp;amp; CSR", "Relation & CSR"),  # escaped twice in the page
        ("&quot;Kami siap&quot;", '"Kami siap"'),
        ("R&D dan AT&T", "R&D dan AT&T"),  # not a reference: stays
        ("Tom&notes", "Tom&notes"),  # a reference needs its semicolon
    ],
)
def test_html_character_references_are_unescaped_before_nlp(raw: str, clean: str) -> None:
    assert unescape_entities(raw) == clean
    assert clean_body(raw)[0] == clean
    assert clean_body(clean_body(raw)[0])[0] == clean  # idempotent


# -- people beside other names, people typed as something else ---------------------------------


def test_a_candidate_pair_joined_by_a_hyphen_is_two_people() -> None:
    text = "Pasangan Wahdi-Qomaru Zaman menang di Kota Metro."
    assert after_rules(text, [("Wahdi-Qomaru Zaman", "PER")]) == [
        ("Wahdi", "PER", 9, 14),
        ("Qomaru Zaman", "PER", 15, 27),
    ]


def test_two_known_places_joined_by_a_hyphen_are_two_places() -> None:
    text = "Kereta Jakarta-Bandung ditunda."
    assert after_rules(text, [("Jakarta-Bandung", "LOC")]) == [
        ("Jakarta", "LOC", 7, 14),
        ("Bandung", "LOC", 15, 22),
    ]


def test_hyphens_in_a_disease_or_after_a_particle_stay() -> None:
    text = "Kasus Covid-19 naik, kata juru bicara Al-Qaeda."
    # "Covid-19" is a common noun (dropped); "Al-Qaeda" is one organization
    assert after_rules(text, [("Covid-19", "ORG"), ("Al-Qaeda", "LOC")]) == [
        ("Al-Qaeda", "ORG", 38, 46)
    ]


def test_a_person_after_an_institution_with_its_place_is_a_name_of_its_own() -> None:
    text = "Kepala SMAN 3 Brebes Eko Priyono mengatakan hal itu."
    assert after_rules(text, [("SMAN 3 Brebes Eko Priyono", "ORG")]) == [
        ("SMAN 3 Brebes", "ORG", 7, 20),
        ("Eko Priyono", "PER", 21, 32),
    ]


def test_a_person_the_tagger_joined_to_a_region_and_a_role_before_them() -> None:
    text = "Hal itu disampaikan Sekda Banyuwangi Mujiono, Senin."
    assert after_rules(text, [("Banyuwangi Mujiono", "PER")]) == [
        ("Banyuwangi", "LOC", 26, 36),
        ("Mujiono", "PER", 37, 44),
    ]


def test_a_split_off_first_name_joins_the_rest_of_the_name_found_after_it() -> None:
    text = "Pengamat Universitas Lampung Ahmad Cahyadi Kurniawan menilai."
    tagged = [("Universitas Lampung Ahmad", "ORG"), ("Cahyadi Kurniawan", "PER")]
    assert after_rules(text, tagged) == [
        ("Universitas Lampung", "ORG", 9, 28),
        ("Ahmad Cahyadi Kurniawan", "PER", 29, 52),
    ]


def test_places_and_institutions_are_not_split_at_a_place_word() -> None:
    text = "Ia terbang ke Kuala Lumpur. Polda Metro Jaya menahan dua orang."
    assert after_rules(text, [("Kuala Lumpur", "LOC"), ("Metro Jaya", "LOC")]) == [
        ("Kuala Lumpur", "LOC", 14, 26),
        ("Polda Metro Jaya", "ORG", 28, 44),
    ]


def test_a_name_opening_with_a_given_name_is_a_person() -> None:
    text = "Kata Eka Asmadi, penerbangan normal."
    assert after_rules(text, [("Eka Asmadi", "LOC")]) == [("Eka Asmadi", "PER", 5, 15)]


def test_initials_with_an_age_or_after_berinisial_are_people() -> None:
    text = "Mereka adalah PAH (18) dan MSK (21). Korban PAH dirawat."
    assert after_rules(text, [("PAH", "ORG"), ("MSK", "LOC"), ("PAH", "ORG")]) == [
        ("PAH", "PER", 14, 17),
        ("MSK", "PER", 27, 30),
        ("PAH", "PER", 44, 47),
    ]
    text = "Pengemudi berinisial FEI ditahan, kata PDI (Perjuangan)."
    assert after_rules(text, [("FEI", "ORG"), ("PDI", "ORG")]) == [
        ("FEI", "PER", 21, 24),
        ("PDI", "ORG", 39, 42),
    ]


def test_a_surname_of_a_person_named_in_full_is_that_person() -> None:
    text = "Selena Gomez hadir. Gomez tersenyum di Jakarta."
    tagged = [("Selena Gomez", "PER"), ("Gomez", "ORG"), ("Jakarta", "LOC")]
    assert after_rules(text, tagged) == [
        ("Selena Gomez", "PER", 0, 12),
        ("Gomez", "PER", 20, 25),
        ("Jakarta", "LOC", 39, 46),
    ]


def test_initials_listed_after_berinisial_are_people_but_known_names_stay() -> None:
    text = "Sopir berinisial FEI, sedangkan penumpangnya AS, TSB, dan SUP. KPK, TNI, dan BNN hadir."
    tagged = [("FEI", "ORG"), ("TSB", "ORG"), ("SUP", "LOC")]
    tagged += [("KPK", "ORG"), ("TNI", "ORG"), ("BNN", "ORG")]
    assert after_rules(text, tagged) == [
        ("FEI", "PER", 17, 20),
        ("AS", "PER", 45, 47),  # untagged, found in the list
        ("TSB", "PER", 49, 52),
        ("SUP", "PER", 58, 61),
        ("KPK", "ORG", 63, 66),
        ("TNI", "ORG", 68, 71),
        ("BNN", "ORG", 77, 80),
    ]


def test_an_institution_listing_its_fields_with_commas_and_dan_is_one_name() -> None:
    text = "Kepala Dinas Tenaga Kerja, Transmigrasi, dan Energi DKI Jakarta Andri Yansyah hadir."
    tagged = [("Dinas Tenaga Kerja", "ORG"), ("Andri Yansyah", "PER")]
    assert after_rules(text, tagged) == [
        ("Dinas Tenaga Kerja, Transmigrasi, dan Energi DKI Jakarta", "ORG", 7, 63),
        ("Andri Yansyah", "PER", 64, 77),
    ]
    text = (
        "Kementerian Pemuda dan Olahraga menggelar lomba, sedangkan Polda Bali dan Polda "
        "Jatim berjaga."
    )
    tagged = [("Kementerian Pemuda", "ORG"), ("Polda Bali", "ORG"), ("Polda Jatim", "ORG")]
    assert after_rules(text, tagged) == [
        ("Kementerian Pemuda dan Olahraga", "ORG", 0, 31),
        ("Polda Bali", "ORG", 59, 69),
        ("Polda Jatim", "ORG", 74, 85),
    ]


def test_a_comma_before_a_person_ends_the_institution() -> None:
    text = "Kata Kepala Dinas Perhubungan, Budi Santoso, jalan ditutup."
    tagged = [("Dinas Perhubungan", "ORG"), ("Budi Santoso", "PER")]
    assert after_rules(text, tagged) == [
        ("Dinas Perhubungan", "ORG", 12, 29),
        ("Budi Santoso", "PER", 31, 43),
    ]


def test_an_institution_named_after_a_doctor_keeps_the_title_and_the_name() -> None:
    text = (
        "Pasien dirujuk ke RSUD dr Chasbullah Abdulmajid Kota Bekasi dan Rumah Sakit Umum "
        "Pusat Dr Sardjito."
    )
    tagged = [("RSUD", "ORG"), ("Chasbullah Abdulmajid", "PER")]
    tagged += [("Rumah Sakit Umum Pusat", "ORG"), ("Sardjito", "PER")]
    assert after_rules(text, tagged) == [
        ("RSUD dr Chasbullah Abdulmajid Kota Bekasi", "ORG", 18, 59),
        ("Rumah Sakit Umum Pusat Dr Sardjito", "ORG", 64, 98),
    ]


def test_kepolisian_daerah_opens_a_police_organization() -> None:
    text = "Ia dilaporkan ke Kepolisian Daerah Sulawesi Tenggara kemarin."
    assert after_rules(text, [("Sulawesi Tenggara", "LOC")]) == [
        ("Kepolisian Daerah Sulawesi Tenggara", "ORG", 17, 52)
    ]


def test_a_rank_after_an_organization_opens_the_next_name() -> None:
    text = "Kepala Lemdiklat Polri Komisaris Jenderal Arief Sulistyanto hadir."
    tagged = [("Lemdiklat Polri Komisaris Jenderal", "ORG"), ("Arief Sulistyanto", "PER")]
    assert after_rules(text, tagged) == [
        ("Lemdiklat Polri", "ORG", 7, 22),
        ("Arief Sulistyanto", "PER", 42, 59),
    ]
    # a person's surname that is also a title stays
    text = "Kata Lucky Hakim di Indramayu."
    assert after_rules(text, [("Lucky Hakim", "PER"), ("Indramayu", "LOC")]) == [
        ("Lucky Hakim", "PER", 5, 16),
        ("Indramayu", "LOC", 20, 29),
    ]


def test_ships_and_elections_are_no_entities() -> None:
    text = "Kapal KRI Teluk Cirebon dan KM Labobar tiba jelang Pilkada Muna."
    tagged = [("KRI Teluk Cirebon", "LOC"), ("KM Labobar", "LOC"), ("Pilkada Muna", "ORG")]
    assert after_rules(text, tagged) == []


def test_a_polling_station_and_its_number_are_not_part_of_the_village() -> None:
    text = "Warga mencoblos di TPS 7 Desa Tugu Kidul."
    assert after_rules(text, [("TPS 7 Desa Tugu Kidul", "LOC")]) == [
        ("Desa Tugu Kidul", "LOC", 25, 40)
    ]


def test_a_regulation_number_ends_the_institution_name() -> None:
    text = "Ia membaca Surat Edaran Kementerian Agama Nomor 18 Tahun 2020."
    assert after_rules(text, [("Kementerian Agama Nomor 18 Tahun 2020", "ORG")]) == [
        ("Kementerian Agama", "ORG", 24, 41)
    ]


@pytest.mark.parametrize(
    ("name", "entity"),
    [
        ("Kementerian Agama", True),  # a head and its field, though both are role words
        ("Dinas Kesehatan", True),
        ("Pondok Pesantren", False),  # a head alone
        ("Pondok Pesantren Al-Falah", True),
        ("Humas", False),
        ("Sholat Idul Fitri", False),
        ("Unit Pelaksana Teknis", False),
    ],
)
def test_heads_alone_and_public_relations_are_no_entities(name: str, entity: bool) -> None:
    assert is_entity_name(name) is entity


def test_a_place_run_on_into_its_region_is_two_places() -> None:
    text = "Kapal sandar di Pelabuhan Nusantara Raha Kabupaten Muna kemarin."
    assert after_rules(text, [("Pelabuhan Nusantara Raha Kabupaten Muna", "LOC")]) == [
        ("Pelabuhan Nusantara Raha", "LOC", 16, 40),
        ("Kabupaten Muna", "LOC", 41, 55),
    ]
    # the head rule stops before the region the tagger found
    text = "Warga Kecamatan Nisam Antara Aceh Utara mengungsi."
    tagged = [("Kecamatan Nisam Antara", "LOC"), ("Aceh Utara", "LOC")]
    assert after_rules(text, tagged) == [
        ("Kecamatan Nisam Antara", "LOC", 6, 28),
        ("Aceh Utara", "LOC", 29, 39),
    ]


def test_a_bay_named_after_a_region_and_a_ship_are_not_split() -> None:
    text = "KRI Teluk Cirebon dan kapal di Gerbang Tol Cikarang tiba."
    tagged = [("KRI Teluk Cirebon", "LOC"), ("Gerbang Tol Cikarang", "LOC")]
    assert after_rules(text, tagged) == [("Gerbang Tol Cikarang", "LOC", 31, 51)]


def test_an_air_base_is_a_place_and_a_province_short_form_a_place() -> None:
    text = "Pesawat mendarat di Lanud Halim Perdanakusuma, kata Gubernur Jateng Ganjar Pranowo."
    tagged = [("Lanud Halim Perdanakusuma", "ORG"), ("Jateng Ganjar Pranowo", "PER")]
    assert after_rules(text, tagged) == [
        ("Lanud Halim Perdanakusuma", "LOC", 20, 45),
        ("Jateng", "LOC", 61, 67),
        ("Ganjar Pranowo", "PER", 68, 82),
    ]


@pytest.mark.parametrize(
    ("name", "entity"),
    [
        ("Galaxy S6 Edge", False),  # a phone and its model code
        ("CN-235", False),
        ("D", False),  # a single letter
        ("ATC", False),
        ("Densus 88", True),  # a number of its own is part of a name
        ("Komisi III", True),
    ],
)
def test_model_codes_and_single_letters_are_no_entities(name: str, entity: bool) -> None:
    assert is_entity_name(name) is entity


def test_an_abbreviation_in_brackets_inside_a_branch_name_stays_in_it() -> None:
    text = (
        "Rumah Ketua Komisi Pemilihan Umum (KPU) Kabupaten Yahukimo dibakar. "
        "Ketua Komite Peralihan Aceh (KPA) Daerah II hadir."
    )
    tagged = [("Komisi Pemilihan Umum", "ORG"), ("KPU", "ORG"), ("Kabupaten Yahukimo", "LOC")]
    tagged += [("Komite Peralihan Aceh", "ORG"), ("KPA", "ORG")]
    # the branch's place goes on after the bracket; a word that is no place ends the name
    assert after_rules(text, tagged) == [
        ("Komisi Pemilihan Umum (KPU) Kabupaten Yahukimo", "ORG", 12, 58),
        ("Komite Peralihan Aceh", "ORG", 74, 95),
        ("KPA", "ORG", 97, 100),
    ]


@pytest.mark.parametrize(
    ("name", "typ"),
    [
        ("RSPAD", "ORG"),  # RS + PAD: a hospital
        ("PTPN", "ORG"),
        ("SDM", None),  # too short to be a head and a name
        ("Kepresidenan Turki", "ORG"),
    ],
)
def test_an_abbreviation_opened_by_an_institution_head_is_an_organization(
    name: str, typ: str | None
) -> None:
    assert known_type(name) == typ


def test_names_listed_after_tipe_are_products() -> None:
    text = "Ban itu hadir dalam tiga tipe Urbano, Sportivo, dan Sportivo RS. Urbano dijual di Bali."
    tagged = [("Urbano", "PER"), ("Sportivo", "ORG"), ("Sportivo RS", "PER")]
    tagged += [("Urbano", "PER"), ("Bali", "LOC")]
    assert after_rules(text, tagged) == [("Bali", "LOC", 82, 86)]
    # "Tipe" inside an institution's name introduces nothing
    text = "Pasien dirawat di RSUD Tipe D Jatisampurna, dan Rumah Sakit Darurat Stadion Patriot."
    tagged = [("RSUD Tipe D Jatisampurna", "ORG"), ("Rumah Sakit Darurat Stadion Patriot", "ORG")]
    assert after_rules(text, tagged) == [
        ("RSUD Tipe D Jatisampurna", "ORG", 18, 42),
        ("Rumah Sakit Darurat Stadion Patriot", "ORG", 48, 83),
    ]


def test_a_person_named_alone_elsewhere_is_split_off_the_institution_before_them() -> None:
    text = "Kepala Kejaksaan Tinggi Papua Nikolaus Kondomo hadir. Menurut Nikolaus, beras hilang."
    tagged = [("Kejaksaan Tinggi Papua Nikolaus Kondomo", "ORG"), ("Nikolaus", "ORG")]
    assert after_rules(text, tagged) == [
        ("Kejaksaan Tinggi Papua", "ORG", 7, 29),
        ("Nikolaus Kondomo", "PER", 30, 46),
        ("Nikolaus", "PER", 62, 70),
    ]


def test_names_added_after_the_rules_are_checked_too() -> None:
    text = "Kepala Bidang Humas Polda Sultra Ferry Walintuka mengatakan."
    tagged = [("Bidang Humas", "ORG"), ("Polda Sultra", "ORG"), ("Ferry Walintuka", "PER")]
    kept = entity_names_only(mentions_in(text, tagged))
    assert [(m.text, m.type) for m in kept] == [("Polda Sultra", "ORG"), ("Ferry Walintuka", "PER")]


def test_an_organization_of_common_words_only_is_a_phrase() -> None:
    text = "Asisten Administrasi Pemerintahan hadir bersama Badan Pusat Statistik dan Taliban."
    tagged = [("Asisten Administrasi Pemerintahan", "ORG"), ("Badan Pusat Statistik", "ORG")]
    tagged += [("Taliban", "LOC")]
    assert after_rules(text, tagged) == [
        ("Badan Pusat Statistik", "ORG", 48, 69),
        ("Taliban", "ORG", 74, 81),
    ]


def test_a_candidate_pair_whose_second_name_opens_with_an_initial() -> None:
    text = "Pasangan Ahmad Mufti Salim-R. Saleh Chandra Pahlawan kalah."
    tagged = [("Ahmad Mufti Salim-R", "PER"), ("Saleh Chandra Pahlawan", "PER")]
    assert after_rules(text, tagged) == [
        ("Ahmad Mufti Salim", "PER", 9, 26),
        ("R. Saleh Chandra Pahlawan", "PER", 27, 52),
    ]


def test_what_quotes_need_the_office_head_the_train_and_the_rank_after_a_province() -> None:
    # "dr" after the office's place opens its head's name, not the office's namesake
    text = "Hal itu disampaikan Kepala Dinas Kesehatan Banyuwangi dr Widji Lestariono, Senin."
    tagged = [("Dinas Kesehatan Banyuwangi", "ORG"), ("Widji Lestariono", "PER")]
    assert after_rules(text, tagged) == [
        ("Dinas Kesehatan Banyuwangi", "ORG", 27, 53),
        ("Widji Lestariono", "PER", 57, 73),
    ]
    # a hyphen between two places joins no candidate pair
    text = "Stasiun KRL Yogyakarta-Solo bertambah."
    assert after_rules(text, [("KRL Yogyakarta-Solo", "PER")]) == [
        ("KRL Yogyakarta-Solo", "PER", 8, 27)
    ]
    # a province short form and a rank the tagger called a person
    text = "Kepala Bidang Dokkes Polda Sulut Ajun Komisaris Besar I Dewa Gede Bawa mengatakan."
    tagged = [("Sulut Ajun", "PER"), ("I Dewa Gede Bawa", "PER")]
    assert after_rules(text, tagged) == [
        ("Polda Sulut", "ORG", 21, 32),
        ("I Dewa Gede Bawa", "PER", 54, 70),
    ]
