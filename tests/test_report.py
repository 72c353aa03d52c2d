"""Report views fill from loaded articles; ``warta report`` prints them and writes HTML."""

from __future__ import annotations

import io
import re
from argparse import ArgumentTypeError
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from rich.console import Console
from sqlalchemy import text

from db.articles import load_article
from db.reporting import MATERIALIZED_VIEWS, PLAIN_VIEWS, ReportData, collect, refresh_views
from db.runs import record_failure
from warta.app.params import parse_since
from warta.app.report import (
    empty_period_hint,
    print_report,
    render_html,
    svg_bars,
    svg_lines,
    wrap_words,
)
from warta.document import EntityMention, NLPResult, Quote
from warta.text.clean import CleanArticle

WIB = ZoneInfo("Asia/Jakarta")
TEXT = (
    "Menteri Keuangan Sri Wahyuni bertemu Gubernur Bank Indonesia di Jakarta. "
    '"Kami menjaga inflasi di Jakarta tetap rendah," kata Sri Wahyuni.'
)


def _article(n: int, day: int) -> tuple[CleanArticle, NLPResult]:
    article = CleanArticle(
        url=f"https://berita.example.id/2026/11/{day}/ekonomi-{n}",
        title=f"Ekonomi {n}",
        text=TEXT + f" Catatan {n}.",
        dateline="JAKARTA, BERITA.example",
        authors=["Rina"],
        published=datetime(2026, 11, day, 9, 0, tzinfo=WIB),
        modified=None,
        date_source="meta",
        language="id",
        sitename="Berita",
    )
    sri = EntityMention("Sri Wahyuni", "PER", 17, 28, 0, "Sri Wahyuni", "PER:sri wahyuni")
    bank = EntityMention("Bank Indonesia", "ORG", 46, 60, 0, "Bank Indonesia", "ORG:bank indonesia")
    jakarta_in_quote = TEXT.index("Jakarta tetap")
    jakarta = EntityMention(
        "Jakarta", "LOC", jakarta_in_quote, jakarta_in_quote + 7, 1, "Jakarta", "LOC:jakarta"
    )
    start = TEXT.index("Kami")
    quote = Quote(
        TEXT[start : TEXT.index(',"')],
        "direct",
        start,
        TEXT.index(',"'),
        1,
        "Sri Wahyuni",
        "Sri Wahyuni",
        "PER:sri wahyuni",
        "kata",
        0.9,
    )
    nlp = NLPResult("id", "ok", "test", [], [sri, bank, jakarta], [quote])
    return article, nlp


def test_views_report_tables_and_html(clean_tables, tmp_path):
    engine = clean_tables
    for n, day in enumerate((20, 21, 21), start=1):
        article, nlp = _article(n, day)
        load_article(engine, article, nlp=nlp, source_name="berita")
    record_failure(engine, "https://berita.example.id/404", "fetch", "HTTPStatus", "HTTP 404", 404)
    refresh_views(engine)
    with engine.connect() as connection:
        for view in (*MATERIALIZED_VIEWS, *PLAIN_VIEWS):
            assert connection.execute(text(f"SELECT count(*) FROM {view}")).scalar() > 0, view
        about = connection.execute(
            text("SELECT speaker, about_entity, sum(quotes) FROM report_quoted_about GROUP BY 1, 2")
        ).all()
    assert about == [("Sri Wahyuni", "Jakarta", 3)]

    data = collect(engine, date(2026, 11, 19))  # until today: the failure is from today
    assert data.volume == [("berita", 3, 3 * len((TEXT + " Catatan 1.").split()))]
    assert data.top_entities == [
        ("Bank Indonesia", "ORG", 3, 3),
        ("Jakarta", "LOC", 3, 3),
        ("Sri Wahyuni", "PER", 3, 3),
    ]
    assert data.top_speakers == [("Sri Wahyuni", 3, 3, 3)]
    assert data.entity_trends["Bank Indonesia"] == [
        (date(2026, 11, 20), 1),
        (date(2026, 11, 21), 2),
    ]

    buffer = io.StringIO()
    print_report(data, Console(file=buffer, width=120))
    printed = buffer.getvalue()
    assert "Sri Wahyuni" in printed and "berita" in printed and "HTTPStatus 404" in printed

    html = render_html(data)
    assert html.count("<svg") == 3
    assert "<polyline" in html and "Bank Indonesia" in html
    assert "Quotes per speaker" in html and ">Sri Wahyuni<" in html
    assert "<script" not in html and "http" not in html.split("<body>")[1]  # offline
    (tmp_path / "report.html").write_text(html, encoding="utf-8")


def test_parse_since():
    today = date(2026, 11, 25)
    assert parse_since("7d", today) == date(2026, 11, 19)
    assert parse_since("1w", today) == date(2026, 11, 19)
    assert parse_since("2026-11-01", today) == date(2026, 11, 1)


def test_parse_since_names_the_accepted_forms():
    today = date(2026, 11, 25)
    assert parse_since("2w", today) == date(2026, 11, 12)
    assert parse_since("24h", today) == today
    for wrong, reason in (("foo", ""), ("2026-13-01", " (month must be in 1..12)"), ("0d", "")):
        with pytest.raises(ArgumentTypeError) as caught:
            parse_since(wrong, today)
        assert "a period such as 7d, 2w or 24h, or a day such as 2026-11-01" in str(caught.value)
        assert str(caught.value).endswith(reason)


def test_every_section_counts_the_same_articles_by_publication_day(clean_tables):
    """An old article seen today (saved pages, backfills) is in no section of this week's
    report, and in every section of its own week's."""
    engine = clean_tables
    article, nlp = _article(1, 21)
    load_article(engine, article, nlp=nlp, source_name="berita")
    old, old_nlp = _article(2, 20)
    old.url, old.published = (
        "https://lama.example.id/2016/02/15/arsip",
        datetime(2016, 2, 15, 9, 0, tzinfo=WIB),
    )
    load_article(engine, old, nlp=old_nlp, source_name="arsip")
    refresh_views(engine)

    week = collect(engine, date(2026, 11, 19), date(2026, 11, 25))
    assert [source for source, *_ in week.volume] == [source for source, *_ in week.quality]
    assert [source for source, *_ in week.volume] == ["berita"]
    assert week.articles == 1 and week.top_entities[0][2] == 1
    assert empty_period_hint(week) is None

    archive = collect(engine, date(2016, 2, 15), date(2016, 2, 15))
    assert [source for source, *_ in archive.volume] == ["arsip"]
    assert [source for source, *_ in archive.quality] == ["arsip"]
    assert archive.top_speakers == [("Sri Wahyuni", 1, 1, 1)]

    later = collect(engine, date(2026, 11, 26), date(2026, 12, 2))
    assert later.volume == later.quality == [] and later.latest_day == date(2026, 11, 21)
    assert empty_period_hint(later) == (
        "no article is dated in this period; the newest is from 2026-11-21: try --since 2026-11-15"
    )


def test_labels_wrap_between_words_and_long_ones_keep_their_full_name_on_hover():
    assert wrap_words("Badan Penanggulangan Bencana Daerah", 22) == [
        "Badan Penanggulangan",
        "Bencana Daerah",
    ]
    assert wrap_words("Kementerian Koordinator Bidang Perekonomian Republik", 22) == [
        "Kementerian",
        "Koordinator Bidang …",
    ]
    assert wrap_words("Nusantara", 4) == ["Nusantara"]  # one word is never cut
    long_name = "Badan Penanggulangan Bencana Daerah Provinsi Sumatera Utara Kota Medan"
    bars = svg_bars([(long_name, 3), ("BMKG", 1)])
    assert f"<title>{long_name}: 3</title>" in bars
    words = set(long_name.split())
    for shown in re.findall(r"<tspan[^>]*>([^<]*)</tspan>", bars):
        assert set(shown.replace(" …", "").split()) <= words | {"BMKG"}, shown


def test_the_legend_has_the_colour_of_its_line_and_nothing_overrides_it():
    days = [date(2026, 11, 20), date(2026, 11, 21)]
    names = ["Indonesia", "Jakarta", "Badan Penanggulangan Bencana Daerah"]
    series = {name: [(days[1], n + 1)] for n, name in enumerate(names)}
    svg = svg_lines(days, series)
    lines = re.findall(r'<g><title>([^<]*)</title><polyline fill="none" stroke="(#\w+)"', svg)
    legend = re.findall(
        r'<g class="legend"><title>([^<]*)</title><line [^>]*stroke="(#\w+)"[^>]*/>'
        r'<text [^>]*fill="(#\w+)">(.*?)</text>',
        svg,
    )
    assert [name for name, _ in lines] == names and len(set(c for _, c in lines)) == 3
    for (name, line_colour), (legend_name, swatch, text_colour, spans) in zip(
        lines, legend, strict=True
    ):
        assert legend_name == name and swatch == text_colour == line_colour
        assert " ".join(re.findall(r">([^<]+)</tspan>", spans)) == name  # whole, wrapped
    page = render_html(ReportData(days[0], days[1], entity_trends=series))
    assert not re.search(r"svg text\s*{[^}]*fill", page)  # a CSS fill would beat the legend's
