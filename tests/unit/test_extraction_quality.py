"""The check on every extraction (issue 16): the body agrees with the page and reads as prose;
when it does not, other candidates are tried and the best kept.  Per-source selectors first."""

from __future__ import annotations

from datetime import datetime
from textwrap import dedent

import pytest
from lxml import etree
from trafilatura.utils import load_html

from tests.conftest import PAGES, ground_truth_articles
from warta.acquire.sources import SourcesFileError, load_sources
from warta.text.candidates import Candidate, densest_paragraphs
from warta.text.extract import choose_body, extract
from warta.text.normalize import flat
from warta.text.process import process_html
from warta.text.quality import (
    PASSING,
    assess,
    is_link_line,
    link_texts,
    page_signals,
    without_link_runs,
    without_tag_row,
)
from warta.text.records import SourceSelectors
from warta.text.selectors import SelectorError, css_to_xpath, selected_text, selected_value

BODY = [
    "Penyanyi Raisa Andriana akhirnya buka suara soal kabar pernikahannya dengan aktor "
    "Hamish Daud yang ramai dibicarakan warganet sejak pekan lalu di media sosial.",
    "Menurut Raisa, persiapan pernikahan sudah dilakukan sejak awal tahun bersama kedua "
    "keluarga besar, dan ia meminta para penggemar mendoakan kelancaran acaranya nanti.",
    "Hamish Daud sendiri belum memberikan pernyataan resmi, namun manajemennya membenarkan "
    "bahwa keduanya tengah menyiapkan acara lamaran di Jakarta bulan depan.",
    "Kabar itu pertama kali beredar setelah foto undangan dengan nama keduanya tersebar luas "
    "di berbagai grup percakapan dan akun gosip selebritas sejak Jumat malam.",
]
TEASERS = [
    "Deretan Artis yang Menikah Diam-diam Tahun Ini",
    "Gaya Busana Selebritas di Festival Film Indonesia",
    "Lima Film Horor Indonesia Paling Laris Sepanjang Masa",
    "Penyanyi Dangdut Ini Ungkap Rahasia Suaranya Tetap Merdu",
    "Aktor Senior Kembali ke Layar Lebar Setelah Sepuluh Tahun",
    "Daftar Lagu Pop Terpopuler di Radio Pekan Ini",
    "Pasangan Selebritas yang Awet Meski Jarang Tampil Bersama",
    "Konser Amal Musisi Muda untuk Korban Banjir Bandang",
]
TITLE = "Raisa Akhirnya Buka Suara soal Kabar Pernikahannya dengan Hamish Daud"
SUMMARY = "Raisa buka suara soal kabar pernikahannya dengan Hamish Daud."


def okezone_like_page() -> str:
    """A 2017-layout celebrity page: menu, ad scripts, then the body as a run of <p> in
    div.ctn-desc, then a related-articles teaser list (links with their summaries)."""
    teasers = "".join(
        f'<li><a href="/read/{i}">{t}</a><p>Ringkasan singkat berita ke-{i}.</p></li>'
        for i, t in enumerate(TEASERS)
    )
    paragraphs = "".join(f"<p>{p}</p>" for p in BODY)
    return dedent(f"""\
        <html><head><title>{TITLE} : Okezone Celebrity</title>
        <meta property="og:title" content="{TITLE}">
        <meta property="og:description" content="{SUMMARY}">
        <meta property="og:type" content="article"></head>
        <body><nav><a href="/">Home</a> <a href="/celebrity">Celebrity</a></nav>
        <div class="content"><h1>{TITLE}</h1>
        <div class="ctn-desc"><script>googletag.cmd.push(function() {{ ad(); }});</script>
        <script>var slot = "div-gpt-ad";</script>{paragraphs}</div>
        <div class="related"><h3>Berita Terkait</h3><ul>{teasers}</ul></div></div>
        <footer><a href="/redaksi">Redaksi</a> <a href="/iklan">Informasi pemasangan iklan</a>
        </footer></body></html>""")


def signals_of(html: str, title: str = TITLE, summary: str = SUMMARY):
    tree = load_html(html)
    return tree, page_signals(tree, title, summary, link_texts(tree))


def test_prose_that_agrees_with_the_page_passes():
    _, signals = signals_of(okezone_like_page())
    quality = assess("\n".join(BODY), signals)
    assert quality.passing and quality.score >= 0.95
    assert quality.prose == 1.0 and quality.reason == ""


def test_a_teaser_list_fails_with_a_reason():
    _, signals = signals_of(okezone_like_page())
    teasers = "\n".join(f"{t}\nRingkasan singkat berita ke-{i}." for i, t in enumerate(TEASERS))
    quality = assess(teasers, signals)
    assert not quality.passing and quality.score < 0.5
    assert "link or short lines" in quality.reason
    assert all(is_link_line(t, signals.anchors) for t in TEASERS)
    # a headline with its date or section around it is a link line too
    assert is_link_line(f"Selebritas Jumat, 05/11/2015 09:32 WIB {TEASERS[0]}", signals.anchors)
    assert not is_link_line(BODY[0], signals.anchors)


def test_a_text_that_misses_the_pages_own_article_body_scores_lower():
    body = " ".join(BODY)
    page = okezone_like_page().replace(
        "</head>",
        '<script type="application/ld+json">'
        f'{{"@type": "NewsArticle", "articleBody": "{body}"}}</script></head>',
    )
    _, signals = signals_of(page)
    whole, half = assess("\n".join(BODY), signals), assess("\n".join(BODY[:1]), signals)
    assert whole.score > half.score + 0.2
    assert "articleBody" in half.reason


def test_densest_paragraphs_find_the_body_after_ad_scripts_not_the_teasers():
    tree = load_html(okezone_like_page())
    assert densest_paragraphs(tree) == "\n".join(BODY)


def test_a_failing_first_extraction_is_replaced_by_the_best_candidate():
    html = okezone_like_page()
    tree, signals = signals_of(html)
    before = etree.tostring(tree)
    teasers = Candidate("trafilatura-fast", "\n".join(TEASERS))
    judged = choose_body(tree, None, teasers, signals)
    assert judged.candidate.method != "trafilatura-fast"
    assert judged.quality.passing and judged.cleaned == "\n".join(BODY)
    assert etree.tostring(tree) == before  # every candidate read the one tree, unchanged


def test_extract_records_the_method_and_the_quality():
    page = extract(okezone_like_page(), "https://celebrity.okezone.com/read/2017/08/01/33/x")
    assert page.text.split("\n")[-len(BODY) :] == BODY
    assert not set(TEASERS) & set(page.text.split("\n"))
    assert page.extraction_method in {
        "trafilatura-fast", "trafilatura", "trafilatura-precision", "trafilatura-recall",
        "paragraphs",
    }
    assert page.extraction_quality is not None and page.extraction_quality >= PASSING


@pytest.mark.parametrize("entry", ground_truth_articles(), ids=lambda e: e["fixture"])
def test_every_shared_article_keeps_a_method_and_a_quality(entry):
    article = process_html((PAGES / entry["fixture"]).read_bytes(), entry["expected"]["url"])
    assert article.extraction_method and article.extraction_method.startswith(
        ("trafilatura", "jsonld", "paragraphs")
    )
    assert 0.0 <= (article.extraction_quality or 0.0) <= 1.0


def test_runs_of_link_lines_leave_but_a_single_linked_sentence_stays():
    _, signals = signals_of(okezone_like_page())
    text = "\n".join([BODY[0], "Baca Juga", *TEASERS[:3], BODY[1], TEASERS[4], BODY[2]])
    assert without_link_runs(text, signals.anchors) == "\n".join(
        [BODY[0], BODY[1], TEASERS[4], BODY[2]]
    )


# ------------------------------------------------------------------ per-source selectors
def test_css_selectors_pick_what_they_name():
    tree = load_html(
        '<html><body><article><div id="body"><p>Isi.</p></div></article>'
        '<div class="x ctn-desc"><p>Satu.</p><p>Dua.</p></div>'
        '<span itemprop="articleBody">Tiga.</span><div><div id="body">Luar.</div></div>'
        "</body></html>"
    )

    def texts(selector: str) -> list[str]:
        return [flat(e.text_content()) for e in tree.xpath(css_to_xpath(selector))]

    assert texts("div.ctn-desc p") == ["Satu.", "Dua."]
    assert texts("article > #body, [itemprop=articleBody]") == ["Isi.", "Tiga."]
    assert texts("div.ctn-desc > p:first-child") == ["Satu."]
    for unreadable in ("a >", "> a", "p::text", "a["):
        with pytest.raises(SelectorError):
            css_to_xpath(unreadable)


def test_a_sources_selectors_are_tried_first():
    html = okezone_like_page().replace(
        "<h1>", '<span class="tanggal">Selasa, 1 Agustus 2017 14:38 WIB</span><h1>'
    )
    selectors = SourceSelectors(body="div.ctn-desc", title="//h1", date="span.tanggal")
    tree = load_html(html)
    assert selected_text(tree, "div.ctn-desc") == "\n".join(BODY)
    assert selected_value(tree, "//h1") == TITLE
    page = extract(html, "https://celebrity.okezone.com/read/x", selectors=selectors)
    assert page.extraction_method == "selector" and page.text == "\n".join(BODY)
    assert page.title == TITLE
    assert page.published == datetime.fromisoformat("2017-08-01T14:38:00+07:00")
    assert page.date_source == "selector"
    # a selector that picks nothing (the site changed its layout): the generic extraction
    missing = SourceSelectors(body="div.no-such-thing")
    assert extract(html, selectors=missing).extraction_method != "selector"


def test_bad_selectors_in_sources_yaml_are_named(tmp_path):
    path = tmp_path / "sources.yaml"
    path.write_text(
        "sources:\n"
        "  - name: okezone\n"
        "    home: https://www.okezone.com/\n"
        "    selectors: {body: 'div.ctn-desc', date: 'span::text'}\n"
        "  - name: kompas\n"
        "    home: https://www.kompas.com/\n"
        "    selectors: {bdy: 'div.read__content'}\n",
        encoding="utf-8",
    )
    with pytest.raises(SourcesFileError) as caught:
        load_sources(path)
    message = str(caught.value)
    assert "source 'okezone': field 'selectors.date'" in message
    assert "unreadable CSS selector 'span::text'" in message
    assert "source 'kompas': field 'selectors.bdy'" in message
    path.write_text(
        "sources:\n  - name: okezone\n    home: https://www.okezone.com/\n"
        "    selectors: {body: 'div.ctn-desc', title: '//h1/text()'}\n",
        encoding="utf-8",
    )
    (source,) = load_sources(path)
    assert source.extraction_selectors == SourceSelectors("div.ctn-desc", "//h1/text()", None)


# ------------------------------------------------------------------ photo galleries
def test_a_tag_row_run_on_after_a_finished_sentence_leaves_the_line():
    links = frozenset({"Festival Film 2016", "Festival Film", "Raisa", "Hamish Daud"})
    text = (
        "Raisa tiba di Festival Film 2016 di Jakarta, Senin (15/2). (ANTARA/Foto) "
        "Festival Film 2016 Festival Film Raisa Hamish Daud Rate artikel ini\n"
        "Raisa dan Hamish Daud berpose. Raisa Hamish Daud menyapa penggemar."
    )
    assert without_tag_row(text, links) == (
        "Raisa tiba di Festival Film 2016 di Jakarta, Senin (15/2). (ANTARA/Foto) "
        "Rate artikel ini\n"
        # two link texts in a row are prose ("Raisa Hamish Daud menyapa")
        "Raisa dan Hamish Daud berpose. Raisa Hamish Daud menyapa penggemar."
    )
    assert without_tag_row(text, frozenset()) == text


def test_a_photo_gallery_reads_as_each_caption_once_in_order():
    """Liputan6's gallery page: five photos, each with its own caption; the tag row that
    follows them in the same block stays out."""
    html = (PAGES / "liputan6" / "liputan6-singlepage3.html").read_bytes()
    tree = load_html(html)
    captions = [" ".join(c.text_content().split()) for c in tree.iter("figcaption")]
    tags = tree.xpath('//div[contains(@class, "tags")]//a')
    text = " ".join(process_html(html).text.split())
    assert len(captions) == 5 and len(set(captions)) == 5 and len(tags) >= 3
    assert text == " ".join(captions)


# ------------------------------------------------------------------ metadata, read cheaper
def test_the_author_is_trafilaturas_without_its_copy_of_the_page():
    """``page_author`` skips what trafilatura's ``extract_author`` deletes from a copy of the
    page, and asks its regular expressions only of elements with the attribute: the same
    answer on every shared page and the first 40 ScrapingHub pages."""
    import gzip

    from trafilatura.metadata import extract_author

    from warta.text.metadata import page_author

    pages = [p.read_bytes() for p in sorted(PAGES.glob("*/*.html"))]
    benchmark = sorted((PAGES.parent / "extraction-benchmark" / "html").glob("*.html.gz"))
    pages += [gzip.decompress(p.read_bytes()) for p in benchmark[:40]]
    found = 0
    for html in pages:
        tree = load_html(html)
        if tree is None:
            continue
        assert page_author(tree) == extract_author(tree)
        found += page_author(tree) is not None
    assert len(pages) >= 60 and found >= 10


def test_a_selector_that_picks_the_wrong_block_does_not_keep_it():
    # after a redesign the source's body selector points at the related-articles list
    html = okezone_like_page()
    wrong = SourceSelectors(body="div.related")
    page = extract(html, "https://celebrity.okezone.com/read/x", selectors=wrong)
    assert page.extraction_method != "selector"
    assert all(paragraph in page.text for paragraph in BODY)
    assert not any(teaser in page.text for teaser in TEASERS)
