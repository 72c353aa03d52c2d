"""Non-articles refused (issue 16): home, section and index pages become ``NotAnArticle``.

The shared pages are the examples: every home page in the ground truth (entries without a
title) is refused, every article page accepted; the rules themselves are general signals.
"""

from __future__ import annotations

import json

import pytest
from lxml import html as lxml_html

from tests.conftest import PAGES, ground_truth_articles
from warta.text.extract import ExtractionError, NotAnArticle
from warta.text.page_kind import listing_path, page_kind, teaser_list
from warta.text.process import process_html

ENTRIES = json.loads((PAGES / "ground-truth.json").read_text(encoding="utf-8"))
HOME_PAGES = [e["fixture"] for e in ENTRIES if "title" not in e["expected"]]


@pytest.mark.parametrize("fixture", HOME_PAGES)
def test_every_shared_home_page_is_refused(fixture):
    with pytest.raises(ExtractionError) as caught:  # NotAnArticle or no text at all
        process_html((PAGES / fixture).read_bytes())
    assert str(caught.value)


def test_home_pages_with_text_are_refused_as_not_articles_with_a_reason():
    refused = []
    for fixture in HOME_PAGES:
        try:
            process_html((PAGES / fixture).read_bytes())
        except NotAnArticle as exc:
            refused.append((fixture, str(exc)))
        except ExtractionError:
            pass
    # the home pages with teaser text (Kompas "Indeks Berita", Okezone, Tempo, VIVA, ...)
    assert len(refused) >= 6, refused
    assert all(reason.startswith("not an article: ") for _, reason in refused)


@pytest.mark.parametrize("entry", ground_truth_articles(), ids=lambda e: e["fixture"])
def test_every_shared_article_page_is_accepted_with_and_without_its_url(entry):
    html = (PAGES / entry["fixture"]).read_bytes()
    assert process_html(html, entry["expected"]["url"]).text
    assert process_html(html).text


def test_url_comes_from_canonical_or_og_url_when_the_caller_gives_none():
    article = process_html((PAGES / "kompas/kompas-singlepage4.html").read_bytes())
    assert article.url == (
        "http://bola.kompas.com/read/2016/02/23/16374618/samsul.arif.tak.beban.lawan.persib"
    )
    given = "https://example.com/read/2020/01/01/x"
    assert process_html((PAGES / "kompas/kompas-singlepage4.html").read_bytes(), given).url == given


@pytest.mark.parametrize(
    ("url", "listing"),
    [
        ("https://www.kompas.com/", True),
        ("https://www.liputan6.com/indeks", True),
        ("https://www.detik.com/tag/banjir", True),
        ("https://www.tempo.co/search?q=x", True),
        ("https://news.detik.com/berita", True),
        ("https://news.detik.com/berita/d-123/banjir-di-jakarta", False),
        ("https://www.kompas.com/read/2020/01/01/12345/judul", False),
        (None, False),
    ],
)
def test_listing_paths(url, listing):
    assert bool(listing_path(url)) is listing


def test_a_teaser_list_is_not_prose_but_a_short_article_is():
    headlines = "\n".join(f"Judul berita nomor {i}" for i in range(40))
    assert teaser_list(headlines, set())
    prose = "\n".join(
        "Pemerintah provinsi mengumumkan rencana baru untuk memperbaiki jalan yang rusak "
        "setelah banjir melanda kawasan itu pekan lalu." for _ in range(10)
    )
    assert teaser_list(prose, set()) is None
    assert teaser_list("Satu\nDua\nTiga", set()) is None


def test_jsonld_article_type_outranks_a_listing_address():
    tree = lxml_html.fromstring(
        '<html><head><script type="application/ld+json">{"@type": "NewsArticle"}</script>'
        '<link rel="canonical" href="https://example.com/"></head><body><p>x</p></body></html>'
    )
    assert page_kind(tree, "x").is_article
    tree = lxml_html.fromstring(
        '<html><head><meta property="og:type" content="website">'
        '<meta property="og:url" content="https://example.com/olahraga"></head>'
        "<body><p>x</p></body></html>"
    )
    assert not page_kind(tree, "x").is_article


def test_titles_lose_their_section_prefix_and_outlet_name():
    from warta.text.clean import clean_title

    url = "https://www.kapanlagi.com/showbiz/musik/bikin-gaduh-kota-abc123.html"
    assert clean_title("Musik - Bikin Gaduh Kota, Warga Protes", "KapanLagi.com", url) == (
        "Bikin Gaduh Kota, Warga Protes"
    )
    assert clean_title("Bikin Gaduh Kota, Warga Protes | Musik", None, None, ["Musik"]) == (
        "Bikin Gaduh Kota, Warga Protes"
    )
    # a leading word that is not the page's section stays ("Gempa M 5,2 - Warga Panik")
    assert clean_title("Gempa M 5,2 - Warga Panik", None, "https://news.detik.com/berita/x") == (
        "Gempa M 5,2 - Warga Panik"
    )
    assert clean_title("Tekno - Ponsel", None, None, ["Tekno"]) == "Tekno - Ponsel"


@pytest.mark.parametrize("entry", ground_truth_articles(), ids=lambda e: e["fixture"])
def test_titles_without_the_url_keep_no_outlet_name(entry):
    title = process_html((PAGES / entry["fixture"]).read_bytes()).title
    assert not title.lower().endswith(("kompas.com", "republika online", "tempo gaya"))
    assert not title.startswith("KapanLagi.com")


def test_photo_page_rating_widget_and_credit_block_become_authors():
    from warta.text.clean import clean_body

    text, _, credits = clean_body(
        "Selena Gomez dan Taylor Swift berpose di karpet merah. (REUTERS / Danny Moloshok) "
        "Rate artikel ini Like (0) Dislike (0) Editor Arny Christika Putri "
        "Photographer Budi Santoso Credits (2)"
    )
    assert text == (
        "Selena Gomez dan Taylor Swift berpose di karpet merah. (REUTERS / Danny Moloshok)"
    )
    assert credits == ["Arny Christika Putri", "Budi Santoso"]
    article = process_html((PAGES / "liputan6/liputan6-singlepage3.html").read_bytes())
    assert "Dislike" not in article.text and "Credits" not in article.text
    assert "Arny Christika Putri" in article.authors


def test_warta_extract_says_skipped_not_an_article_with_the_reason():
    import subprocess
    import sys

    home = PAGES / "kompas/kompas-mainpage.html"
    done = subprocess.run(
        [sys.executable, "-m", "warta.app.cli", "extract", str(home)],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert done.returncode == 2
    assert "skipped: not an article: site root" in done.stdout + done.stderr
