"""Quote extraction: made-up sentences per pattern, the seed article, and a property test.

The seed article is read from ../shared at test time (never copied here); the other texts
are short sentences written for these tests.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import SEED_DIR
from warta.document import EntityMention, Quote, Sentence
from warta.nlp.quotes import extract_quotes, load_cues, split_sentences


def _mentions(text: str, names: dict[str, tuple[str, str]]) -> list[EntityMention]:
    """Entity mentions for every occurrence of ``names`` (surface -> (type, canonical)),
    longest names first, as the NER + canonicalization stages would give them."""
    out: list[EntityMention] = []
    for surface in sorted(names, key=len, reverse=True):
        typ, canonical = names[surface]
        for m in re.finditer(re.escape(surface), text):
            if any(e.start < m.end() and m.start() < e.end for e in out):
                continue
            out.append(
                EntityMention(surface, typ, m.start(), m.end(), 0, canonical, canonical.lower())
            )
    return sorted(out, key=lambda e: e.start)


BUDI = {"Budi Santoso": ("PER", "Budi Santoso"), "Budi": ("PER", "Budi Santoso")}


def _quotes(text: str, names: dict[str, tuple[str, str]] | None = None) -> list[Quote]:
    quotes = extract_quotes(text, split_sentences(text), _mentions(text, names or BUDI))
    for q in quotes:
        assert text[q.start : q.end] == q.text
    return quotes


def _direct(quotes: list[Quote]) -> list[Quote]:
    return [q for q in quotes if q.kind == "direct"]


def _indirect(quotes: list[Quote]) -> list[Quote]:
    return [q for q in quotes if q.kind == "indirect"]


# --------------------------------------------------------------------------- cue file


def test_cues_load_as_package_data() -> None:
    cues = load_cues("id")
    assert cues is not None
    assert {"kata", "ujar", "tutur"} <= cues.verbs_after
    assert {"ujarnya", "katanya", "tuturnya"} <= cues.clitic_forms
    assert "mengatakan" in cues.verbs_before
    assert "menurut" in cues.according_to
    assert ("juru", "bicara") in cues.speaker_nouns
    assert load_cues("xx") is None
    assert load_cues("../etc") is None


def test_unknown_language_gives_nothing() -> None:
    text = '"Kami siap," kata Budi.'
    assert extract_quotes(text, [], [], lang="xx") == []
    assert extract_quotes("", [], []) == []


# --------------------------------------------------------------------------- direct quotes


@pytest.mark.parametrize(
    "cue", ["kata", "ujar", "tutur", "ucap", "ungkap", "jelas", "tegas", "imbuh", "tambah", "sebut"]
)
def test_direct_quote_cue_after(cue: str) -> None:
    text = f'Rapat berlangsung lama. "Kami siap bekerja keras tahun ini," {cue} Budi Santoso.'
    [q] = _quotes(text)
    assert q.kind == "direct"
    assert q.text == "Kami siap bekerja keras tahun ini,"
    assert q.cue == cue
    assert q.speaker == "Budi Santoso"
    assert q.speaker_canonical == "Budi Santoso"
    assert q.speaker_key == "budi santoso"
    assert q.sentence_index == 1
    assert 0.5 < q.confidence <= 1.0


@pytest.mark.parametrize("clitic", ["ujarnya", "katanya", "tuturnya", "ucapnya"])
def test_direct_quote_clitic_resolves_to_last_person(clitic: str) -> None:
    text = f'Budi Santoso meninjau pasar. "Harga cabai mulai turun," {clitic}.'
    [q] = _direct(_quotes(text))
    assert q.cue == clitic
    assert q.speaker == "nya"
    assert q.speaker_canonical == "Budi Santoso"


@pytest.mark.parametrize(
    ("open_", "close"), [("“", "”"), ("”", "”"), ('"', '"'), ("«", "»"), ("„", "“")]
)
def test_quotation_mark_styles(open_: str, close: str) -> None:
    text = f"Budi datang pagi. {open_}Kami sudah siap sejak pagi,{close} kata Budi."
    [q] = _direct(_quotes(text))
    assert q.text == "Kami sudah siap sejak pagi,"
    assert q.speaker_canonical == "Budi Santoso"


def test_direct_quote_cue_before() -> None:
    text = 'Budi Santoso mengatakan, "Kami tidak akan mundur dari rencana ini."'
    [q] = _quotes(text)
    assert q.kind == "direct"
    assert q.cue == "mengatakan"
    assert q.text == "Kami tidak akan mundur dari rencana ini."
    assert q.speaker_canonical == "Budi Santoso"


def test_speaker_phrase_stops_before_circumstances() -> None:
    text = '"Anggaran sudah cukup," kata Budi dalam rapat di Jakarta, Senin (12/9/2023).'
    [q] = _quotes(text)
    assert q.speaker == "Budi"
    assert q.speaker_canonical == "Budi Santoso"


def test_description_with_name() -> None:
    names = {
        "Rina Sari": ("PER", "Rina Sari"),
        "Kementerian Keuangan": ("ORG", "Kementerian Keuangan"),
    }
    text = '"Defisit tetap terjaga," kata juru bicara Kementerian Keuangan Rina Sari.'
    [q] = _quotes(text, names)
    assert q.speaker == "juru bicara Kementerian Keuangan Rina Sari"
    assert q.speaker_canonical == "Rina Sari"


def test_description_pointing_back_to_person() -> None:
    names = {
        "Andi Wijaya": ("PER", "Andi Wijaya"),
        "Partai Maju": ("ORG", "Partai Maju"),
        "Dewi Lestari": ("PER", "Dewi Lestari"),
    }
    text = (
        "Politisi Partai Maju Andi Wijaya hadir di gedung parlemen bersama Dewi Lestari.\n"
        '"Kami menolak usulan itu sejak awal," kata politisi Partai Maju itu.'
    )
    [q] = _direct(_quotes(text, names))
    assert q.speaker == "politisi Partai Maju itu"
    assert q.speaker_canonical == "Andi Wijaya"


def test_bare_title_points_to_person_introduced_with_it() -> None:
    names = {"Joko Susilo": ("PER", "Joko Susilo"), "Ani": ("PER", "Ani")}
    text = (
        "Presiden Joko Susilo meresmikan bendungan baru. Ani, warga setempat, ikut hadir.\n"
        '"Bendungan ini untuk petani," kata Presiden.'
    )
    [q] = _direct(_quotes(text, names))
    assert q.speaker_canonical == "Joko Susilo"


def test_name_tagged_person_elsewhere_counts_as_person() -> None:
    # The tagger called "Sinaga" ORG in the attribution but PER in the next sentence.
    text = (
        '"Kami siap bertanding," kata pelatih tim Sinaga.\nSinaga sudah melatih tim itu sejak 2019.'
    )
    first, second = (m.start() for m in re.finditer("Sinaga", text))
    ents = [
        EntityMention("Sinaga", "ORG", first, first + 6, 0, "Sinaga", "ORG:sinaga"),
        EntityMention("Sinaga", "PER", second, second + 6, 1, "Sinaga", "PER:sinaga"),
    ]
    [q] = _direct(extract_quotes(text, split_sentences(text), ents))
    assert q.speaker_canonical == "Sinaga"
    assert q.speaker_key == "PER:sinaga"


def test_speaker_phrase_stops_at_a_verb() -> None:
    text = '"Terima kasih atas kerja keras semua," kata Budi menutup rapat.'
    [q] = _quotes(text)
    assert q.speaker == "Budi"


def test_role_with_commas_reaches_the_name() -> None:
    names = {"Rudi Hartono": ("PER", "Rudi Hartono")}
    text = (
        '"Situasi aman," kata Menteri Koordinator Bidang Politik, Hukum, dan Keamanan Rudi Hartono.'
    )
    [q] = _quotes(text, names)
    assert q.speaker is not None and q.speaker.endswith("Keamanan Rudi Hartono")
    assert q.speaker_canonical == "Rudi Hartono"


def test_title_does_not_fit_a_different_title() -> None:
    names = {"Ahmad Fauzi": ("PER", "Ahmad Fauzi")}
    text = (
        "Wakil Presiden Ahmad Fauzi membuka pameran.\n"
        '"Pameran ini terbuka untuk umum," kata Presiden.'
    )
    [q] = _direct(_quotes(text, names))
    assert q.speaker == "Presiden"
    assert q.speaker_canonical is None


def test_unnamed_speaker_is_kept_as_description() -> None:
    text = 'Budi tidak hadir. "Kami masih menunggu data," kata seorang pejabat kementerian.'
    [q] = _direct(_quotes(text))
    assert q.speaker == "seorang pejabat kementerian"
    assert q.speaker_canonical is None
    assert q.speaker_key is None


def test_pronoun_after_cue() -> None:
    text = 'Budi meninjau lokasi banjir. "Air mulai surut sejak pagi," kata dia.'
    [q] = _direct(_quotes(text))
    assert q.speaker == "dia"
    assert q.speaker_canonical == "Budi Santoso"


def test_multi_sentence_quote() -> None:
    text = '"Kami sudah siap. Semua tim bekerja. Hasilnya akan terlihat," ujar Budi.'
    [q] = _quotes(text)
    assert q.text.startswith("Kami sudah siap.")
    assert q.text.endswith("terlihat,")
    assert q.speaker_canonical == "Budi Santoso"


@pytest.mark.parametrize(("open_", "close"), [("“", "”"), ("”", "”"), ('"', '"')])
def test_multi_paragraph_quote(open_: str, close: str) -> None:
    text = (
        "Budi Santoso berbicara di depan warga.\n"
        f"{open_}Paragraf pertama dari kutipan ini cukup panjang. Masih ada lagi.\n"
        f"{open_}Paragraf kedua menutup kutipan,{close} kata Budi.\n"
        "Acara selesai sore hari."
    )
    [q] = _direct(_quotes(text))
    assert q.text.startswith("Paragraf pertama")
    assert q.text.endswith("menutup kutipan,")
    assert "\n" in q.text
    assert q.speaker_canonical == "Budi Santoso"
    assert q.cue == "kata"


def test_multi_paragraph_quote_without_repeated_mark() -> None:
    text = (
        "Budi Santoso berbicara di depan warga.\n"
        "“Paragraf pertama dari kutipan ini belum ditutup.\n"
        "Paragraf kedua menutup kutipan,” kata Budi.\n"
    )
    [q] = _direct(_quotes(text))
    assert q.text.startswith("Paragraf pertama")
    assert q.text.endswith("menutup kutipan,")
    assert q.cue == "kata"
    assert q.speaker_canonical == "Budi Santoso"


def test_quote_paragraph_without_cue_continues_speaker() -> None:
    text = (
        '"Kami siap membantu warga," kata Budi Santoso.\n'
        '"Semua relawan sudah bekerja sejak pagi tadi."\n'
        "Bantuan tiba pada sore hari."
    )
    quotes = _direct(_quotes(text))
    assert len(quotes) == 2
    second = quotes[1]
    assert second.text == "Semua relawan sudah bekerja sejak pagi tadi."
    assert second.cue is None
    assert second.speaker_canonical == "Budi Santoso"
    assert second.confidence < quotes[0].confidence


def test_verb_after_speaker_behind_quote() -> None:
    text = 'Budi hadir. "Kami akan terus mengawasi proyek ini," Budi menambahkan.'
    [q] = _direct(_quotes(text))
    assert q.cue == "menambahkan"
    assert q.speaker_canonical == "Budi Santoso"


# --------------------------------------------------------------------------- not quotes


@pytest.mark.parametrize(
    "text",
    [
        'Film "Hari yang Cerah di Desa" diputar di bioskop pekan ini.',
        'Warga menyebut kawasan itu "kampung mati" sejak banjir besar.',
        'Andi "Si Kancil" Wijaya tiba di bandara pagi ini.',
        "Program “Desa Sehat” diluncurkan di tiga kabupaten.",
        "Warga menamai jembatan itu ”jembatan cinta” karena ramai dikunjungi.",
        "Wakil Presiden Ma’ruf Amin hadir pada Jum’at pagi.",
        "Buku ‘Jalan Panjang’ terbit bulan lalu.",
    ],
)
def test_titles_nicknames_and_scare_quotes_are_not_quotes(text: str) -> None:
    assert _direct(_quotes(text)) == []


# --------------------------------------------------------------------------- indirect quotes


@pytest.mark.parametrize(
    "verb",
    ["mengatakan", "menyatakan", "menjelaskan", "menegaskan", "menyebutkan", "mengungkapkan"],
)
def test_indirect_verb_bahwa(verb: str) -> None:
    text = f"Budi Santoso {verb} bahwa pemerintah akan menaikkan anggaran pendidikan."
    [q] = _quotes(text)
    assert q.kind == "indirect"
    assert q.text == "pemerintah akan menaikkan anggaran pendidikan"
    assert q.cue == verb
    assert q.speaker_canonical == "Budi Santoso"


def test_indirect_with_comma_and_connective() -> None:
    text = "Sementara itu, Budi Santoso mengatakan, harga beras akan turun bulan depan."
    [q] = _quotes(text)
    assert q.kind == "indirect"
    assert q.text == "harga beras akan turun bulan depan"
    assert q.speaker == "Budi Santoso"


def test_indirect_menurut_named() -> None:
    [q] = _quotes("Menurut Budi Santoso, harga beras akan turun bulan depan.")
    assert q.kind == "indirect"
    assert q.cue == "Menurut"
    assert q.text == "harga beras akan turun bulan depan"
    assert q.speaker_canonical == "Budi Santoso"


def test_indirect_menurutnya_resolves() -> None:
    text = "Budi Santoso meninjau gudang beras. Menurutnya, stok cukup sampai akhir tahun."
    [q] = _indirect(_quotes(text))
    assert q.cue == "Menurutnya"
    assert q.text == "stok cukup sampai akhir tahun"
    assert q.speaker_canonical == "Budi Santoso"


def test_indirect_cue_after_without_marks() -> None:
    [q] = _quotes("Harga beras akan turun bulan depan, kata Budi Santoso.")
    assert q.kind == "indirect"
    assert q.text == "Harga beras akan turun bulan depan"
    assert q.cue == "kata"
    assert q.speaker_canonical == "Budi Santoso"


def test_indirect_parenthetical_cue() -> None:
    [q] = _quotes("Namun, kata Budi, harga beras akan turun bulan depan.")
    assert q.kind == "indirect"
    assert q.text == "harga beras akan turun bulan depan"
    assert q.speaker_canonical == "Budi Santoso"


def test_indirect_subject_without_circumstances() -> None:
    text = "Budi Santoso yang ditemui di pasar mengakui harga beras masih tinggi."
    [q] = _quotes(text)
    assert q.speaker == "Budi Santoso"
    assert q.text == "harga beras masih tinggi"


def test_indirect_pronoun_subject() -> None:
    text = "Budi Santoso meninjau gudang. Ia mengatakan stok beras cukup sampai akhir tahun."
    [q] = _indirect(_quotes(text))
    assert q.speaker == "Ia"
    assert q.speaker_canonical == "Budi Santoso"


def test_unnamed_subject_then_menurutnya_stays_unnamed() -> None:
    text = (
        "Seorang pejabat daerah, yang tidak mau disebut namanya, mengatakan bahwa proyek "
        "itu tertunda karena hujan. Menurutnya, pekerjaan baru selesai tahun depan."
    )
    quotes = _indirect(_quotes(text, {}))
    assert [q.speaker for q in quotes] == ["Seorang pejabat daerah", "Seorang pejabat daerah"]
    assert all(q.speaker_canonical is None for q in quotes)


def test_trailing_attribution_is_cut_from_content() -> None:
    text = "Budi mengatakan bahwa pabrik akan dibuka tahun depan, menurut kantor berita lokal."
    [q] = _quotes(text)
    assert q.text == "pabrik akan dibuka tahun depan"
    assert q.speaker_canonical == "Budi Santoso"


def test_no_indirect_for_negated_or_object_verbs() -> None:
    assert _quotes("Budi tidak mengatakan apa pun kepada wartawan kemarin sore.") == []
    assert _quotes("Budi menyampaikan belasungkawa kepada keluarga korban banjir.") == []


def test_people_inside_quotes_are_not_speakers() -> None:
    names = {**BUDI, "Dewi": ("PER", "Dewi")}
    text = (
        "Budi Santoso mengatakan bahwa Dewi akan memimpin tim baru itu.\n"
        '"Kami sepakat soal itu," ujarnya.'
    )
    [q] = _direct(_quotes(text, names))
    assert q.speaker_canonical == "Budi Santoso"


# --------------------------------------------------------------------------- seed article


def _seed_text() -> str:
    files = sorted(SEED_DIR.glob("*.txt")) if SEED_DIR.is_dir() else []
    if not files:
        pytest.skip("seed article not available")
    return files[0].read_text(encoding="utf-8")


def _annotate_heuristic(text: str) -> tuple[list[Sentence], list[EntityMention]]:
    from warta.tooling.quotes_eval import heuristic_annotate

    [res] = heuristic_annotate([text])
    return res.sentences, res.entities


@pytest.fixture(scope="module")
def seed_quotes() -> tuple[str, list[Quote]]:
    """The seed's quotes over regex sentences and stand-in entities (no models); the same
    tests run over Stanza's annotations in tests/test_quotes_pipeline.py."""
    text = _seed_text()
    sentences, entities = _annotate_heuristic(text)
    return text, extract_quotes(text, sentences, entities, lang="id")


def test_seed_direct_quotes_are_peskov(seed_quotes: tuple[str, list[Quote]]) -> None:
    text, quotes = seed_quotes
    direct = _direct(quotes)
    assert len(direct) == 3
    for q in direct:
        assert q.speaker_canonical is not None and "Peskov" in q.speaker_canonical
        # the content sits between quotation marks
        assert text[q.start - 1] in '"“”' and text[q.end] in '"“”'
    assert [q.cue for q in direct] == ["kata", "ujarnya", "ujar"]
    assert direct[0].speaker is not None and "Dmitry Peskov" in direct[0].speaker
    assert direct[1].speaker == "nya"
    assert direct[2].speaker == "Peskov"
    assert len({q.sentence_index for q in direct}) == 3


def test_seed_indirect_quotes(seed_quotes: tuple[str, list[Quote]]) -> None:
    text, quotes = seed_quotes
    indirect = _indirect(quotes)
    by_speaker: dict[str, list[Quote]] = {}
    for q in indirect:
        by_speaker.setdefault((q.speaker or "").lower(), []).append(q)

    [ministry] = by_speaker["juru bicara kementerian pertahanan korea selatan"]
    assert ministry.cue == "mengatakan"
    assert ministry.speaker_canonical is None
    assert text[ministry.start : ministry.start + 8] == "pihaknya"

    official = by_speaker["pejabat as"]
    assert [q.cue for q in official] == ["mengatakan", "Menurutnya"]
    assert all(q.speaker_canonical is None for q in official)
    # the relative clause about the official is not part of the speaker or the content
    assert "yang pertama" not in official[0].text

    peskov = [q for q in indirect if q.speaker_canonical and "Peskov" in q.speaker_canonical]
    assert len(peskov) == 2
    for q in peskov:
        assert q.cue == "mengatakan" and q.speaker == "Peskov"
        assert "menurut" not in q.text  # the trailing 'menurut kantor berita' is cut off
        assert text[q.start - 6 : q.start - 1] == "bahwa"


def test_seed_quotes_do_not_overlap(seed_quotes: tuple[str, list[Quote]]) -> None:
    _text, quotes = seed_quotes
    spans = sorted((q.start, q.end) for q in quotes)
    for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
        assert end <= start


# --------------------------------------------------------------------------- properties

_PIECES = st.sampled_from(
    [
        "Budi",
        "Santoso",
        "kata",
        "ujarnya",
        "mengatakan",
        "bahwa",
        "Menurut",
        "Menurutnya",
        "juru bicara",
        "itu",
        "dia",
        "harga",
        "naik",
        ",",
        ".",
        ":",
        "?",
        '"',
        "“",
        "”",
        "‘",
        "’",
        "«",
        "»",
        "„",
        "(",
        ")",
        "\n",
        "\n\n",
        " ",
        "  ",
        "Ma’ruf",
        "—",
        "-nya",
        "yang",
        "Senin",
        "12/9",
        "Ia",
        "pejabat",
        "AS",
        "dalam",
        "rapat",
    ]
)


@st.composite
def _documents(draw: st.DrawFn) -> tuple[str, list[Sentence], list[EntityMention]]:
    parts = draw(st.lists(_PIECES, max_size=60))
    text = "".join(
        p if p in {"\n", "\n\n", " ", "  "} else p + draw(st.sampled_from(["", " "])) for p in parts
    )
    n = len(text)
    if draw(st.booleans()):
        sentences = split_sentences(text)
    else:
        cuts = sorted(draw(st.lists(st.integers(0, max(n, 0)), max_size=6)))
        sentences = [
            Sentence(i, a, b, text[a:b])
            for i, (a, b) in enumerate(zip(cuts, cuts[1:], strict=False))
        ]
    entities = []
    for _ in range(draw(st.integers(0, 5))):
        if n < 2:
            break
        a = draw(st.integers(0, n - 1))
        b = draw(st.integers(a + 1, n))
        typ = draw(st.sampled_from(["PER", "ORG", "LOC"]))
        entities.append(EntityMention(text[a:b], typ, a, b, 0, draw(st.sampled_from(["", "X Y"]))))
    return text, sentences, entities


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_documents())
def test_extract_quotes_never_crashes_and_offsets_hold(
    doc: tuple[str, list[Sentence], list[EntityMention]],
) -> None:
    text, sentences, entities = doc
    quotes = extract_quotes(text, sentences, entities, lang="id")
    for q in quotes:
        assert 0 <= q.start <= q.end <= len(text)
        assert q.text == text[q.start : q.end]
        assert q.text.strip() == q.text and q.text
        assert q.kind in {"direct", "indirect"}
        assert 0.0 <= q.confidence <= 1.0
        assert q.sentence_index >= 0
        if q.speaker_canonical is None:
            assert q.speaker_key is None
