"""Report views fill from loaded articles; ``warta report`` prints them and writes HTML."""

from __future__ import annotations

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

from rich.console import Console
from sqlalchemy import text

from db.articles import load_article
from db.reporting import MATERIALIZED_VIEWS, PLAIN_VIEWS, collect, refresh_views
from db.runs import record_failure
from warta.app.report import parse_since, print_report, render_html
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
