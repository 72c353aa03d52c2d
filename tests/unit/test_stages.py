"""Extract and clean on real Indonesian pages (../shared/data/pages/id) against ground truth."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone

import pytest

from tests.conftest import PAGES, ground_truth_articles
from warta.text.clean import clean_body, clean_title, normalize_text, split_dateline
from warta.text.process import process_html

WIB = timezone(timedelta(hours=7))
ARTICLES = ground_truth_articles()
# A photo-gallery page whose "body" is a caption repeated: no article text to compare.
GALLERY_PAGES = {"liputan6/liputan6-singlepage3.html"}


@pytest.fixture(scope="module")
def processed() -> dict[str, object]:
    return {
        entry["fixture"]: process_html(
            (PAGES / entry["fixture"]).read_bytes(), entry["expected"]["url"]
        )
        for entry in ARTICLES
    }


def _sentences(content: str) -> list[str]:
    _, body = split_dateline(normalize_text(content))
    parts = re.split(r'(?<=[.!?"”])\s*(?=[A-Z"“])|\n', body)
    return [p.strip() for p in parts if len(p.strip()) > 20]


def test_all_eighteen_article_pages_are_in_the_ground_truth():
    assert len(ARTICLES) == 18


def test_titles_match_ground_truth_without_site_suffixes(processed):
    matches = [
        e["fixture"] for e in ARTICLES if processed[e["fixture"]].title == e["expected"]["title"]
    ]
    assert len(matches) >= 17, set(e["fixture"] for e in ARTICLES) - set(matches)
    for article in processed.values():
        assert "|" not in article.title
        assert not article.title.lower().endswith(("kompas.com", "republika online", "tempo gaya"))


def test_publication_day_in_jakarta_matches_ground_truth(processed):
    right = 0
    for entry in ARTICLES:
        expected = datetime.fromtimestamp(entry["expected"]["date"] / 1000, UTC).astimezone(WIB)
        published = processed[entry["fixture"]].published
        assert published is None or published.tzinfo is not None
        if (
            published
            and published.astimezone(WIB).date() == expected.date()
            and published.utcoffset() == expected.utcoffset()
        ):
            right += 1
    assert right / len(ARTICLES) >= 0.95, right


def test_clean_text_keeps_the_ground_truth_sentences(processed):
    kept = total = 0
    for entry in ARTICLES:
        if entry["fixture"] in GALLERY_PAGES:
            continue
        body = "".join(processed[entry["fixture"]].text.split())
        sentences = _sentences(entry["expected"]["content"])
        found = sum(1 for s in sentences if "".join(s.split()) in body)
        assert found / len(sentences) >= 0.75, (entry["fixture"], found, len(sentences))
        kept += found
        total += len(sentences)
    assert kept / total >= 0.97, (kept, total)


def test_clean_text_has_no_dateline_or_furniture(processed):
    for fixture, article in processed.items():
        first_line = article.text.split("\n")[0]
        assert not re.match(r"^[A-Z .]+,\s*KOMPAS\.com", first_line), fixture
        assert not first_line.startswith(("REPUBLIKA.CO.ID", "TEMPO.CO", "Liputan6.com")), fixture
        assert "(ANTARA News)" not in first_line, fixture
        for line in article.text.split("\n"):
            assert not re.match(r"(?i)^baca juga", line), fixture
            assert not re.match(r"(?i)^(copyright|©)", line), fixture


@pytest.mark.parametrize(
    ("fixture", "dateline"),
    [
        ("republika/republika-singlepage.html", "REPUBLIKA.CO.ID, JAKARTA"),
        ("kompas/kompas-singlepage.html", "LHOKSEUMAWE, KOMPAS.com"),
        ("liputan6/liputan6-singlepage.html", "Liputan6.com, Jakarta"),
        ("tempo/tempo-singlepage.html", "TEMPO.CO, Jakarta"),
        ("antara/antara-singlepage.html", "Mataram, NTB (ANTARA News)"),
        # the lead paragraph trafilatura skips (loose text before the first <div>/<p>)
        ("kapanlagi/kapanlagi-singlepage2.html", "Kapanlagi.com"),
        ("viva/viva-singlepage.html", "VIVA.co.id"),
    ],
)
def test_datelines_split_into_their_own_field(processed, fixture, dateline):
    assert processed[fixture].dateline == dateline


def test_credit_lines_become_authors(processed):
    antara = processed["antara/antara-singlepage.html"]
    assert antara.authors == ["Nur Imansyah", "Ade Marboen"]
    assert "Editor:" not in antara.text
    tempo = processed["tempo/tempo-singlepage.html"]
    assert "Dini Teja" in tempo.authors
    assert not tempo.text.endswith("DINI TEJA")
    kompas = processed["kompas/kompas-singlepage.html"]  # credits laid out as a table
    assert kompas.authors == ["Ervan Hardoko", "Masriadi"]
    assert "|" not in kompas.text
    assert "Mohamad Amin Madani" in processed["republika/republika-singlepage2.html"].authors
    assert processed["kapanlagi/kapanlagi-singlepage.html"].authors == ["kpl/pur/tch"]


def test_related_lists_tweets_and_share_widgets_are_gone(processed):
    detik = processed["detik/detik-singlepage.html"].text
    assert "WIB" not in detik  # related/popular lists ("02Kamis, 05/11/2015 09:32 WIB …")
    assert detik.endswith("tambah raksasa elektronik asal Korea Selatan ini.")
    viva = processed["viva/viva-singlepage.html"].text
    assert "(@TheGRAMMYs)" not in viva and "Load More" not in viva
    assert viva.startswith("Pianis cilik Indonesia, Joey Alexander")
    kapanlagi = processed["kapanlagi/kapanlagi-singlepage2.html"].text
    assert "Lainnya" not in kapanlagi.split("\n")[-1]
    gallery = processed["liputan6/liputan6-singlepage3.html"].text
    assert "Shares" not in gallery and "Copy Link" not in gallery


def test_dates_are_timezone_aware_and_default_to_jakarta():
    html = (
        "<html><body><article><h1>Judul</h1><p>Selasa, 12 September 2023 14:38 WIB</p>"
        + "<p>"
        + "Kalimat berita yang cukup panjang untuk diekstrak. " * 20
        + "</p>"
        + "</article></body></html>"
    )
    article = process_html(html, "https://berita.example.id/2023/09/12/judul")
    assert article.published == datetime(2023, 9, 12, 14, 38, tzinfo=WIB)
    assert article.published.utcoffset() == timedelta(hours=7)


@pytest.mark.parametrize(
    ("text", "dateline", "rest"),
    [
        (
            "REPUBLIKA.CO.ID, JAKARTA -- Presiden tiba.",
            "REPUBLIKA.CO.ID, JAKARTA",
            "Presiden tiba.",
        ),
        ("JAKARTA, KOMPAS.com - Hujan turun.", "JAKARTA, KOMPAS.com", "Hujan turun."),
        ("Liputan6.com, Jakarta: Harga naik.", "Liputan6.com, Jakarta", "Harga naik."),
        ("Jakarta (ANTARA) - Rupiah menguat.", "Jakarta (ANTARA)", "Rupiah menguat."),
        (
            "Presiden Joko tiba di Bali - kata ajudan.",
            None,
            "Presiden Joko tiba di Bali - kata ajudan.",
        ),
    ],
)
def test_split_dateline(text, dateline, rest):
    assert split_dateline(text) == (dateline, rest)


def test_titles_lose_site_names_but_keep_their_own_dashes():
    assert clean_title("Harga BBM Naik | Republika Online", "Republika Online") == "Harga BBM Naik"
    assert clean_title("Harga BBM Naik - Kompas.com", None, "https://www.kompas.com/read/1") == (
        "Harga BBM Naik"
    )
    assert clean_title("KapanLagi.com: Film Baru", "KapanLagi.com") == "Film Baru"
    assert clean_title("Gempa M 5,2 - Warga Panik", None, "https://news.detik.com/x") == (
        "Gempa M 5,2 - Warga Panik"
    )


def test_clean_body_drops_related_links_and_keeps_sentences():
    body = (
        "JAKARTA, KOMPAS.com - Harga cabai naik.\n"
        "Baca juga: Harga bawang turun\n"
        "ADVERTISEMENT\n"
        "SCROLL TO CONTINUE WITH CONTENT\n"
        "Pedagang mengeluh, kata Ani.\n"
        "Editor: Budi"
    )
    text, dateline, credits = clean_body(body)
    assert text == "Harga cabai naik.\nPedagang mengeluh, kata Ani."
    assert dateline == "JAKARTA, KOMPAS.com"
    assert credits == ["Budi"]


def test_normalize_text_is_nfc_and_single_spaced():
    assert normalize_text("Cafe\u0301\u00a0 di\tJakarta \n\n  x ") == "Café di Jakarta\nx"


def test_processing_the_same_page_twice_gives_the_same_article():
    html = (PAGES / "kompas/kompas-singlepage4.html").read_bytes()
    first = process_html(html, "http://bola.kompas.com/read/2016/02/23/x")
    second = process_html(html, "http://bola.kompas.com/read/2016/02/23/x")
    assert first.text == second.text and first.content_hash == second.content_hash
