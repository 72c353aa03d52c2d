"""``warta demo``: the bundled sample site and saved real pages, into PostgreSQL, idempotently."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from db.models import Article, Failure, Source
from db.reporting import MATERIALIZED_VIEWS, PLAIN_VIEWS
from tests.conftest import PAGES, SEED_DIR, ground_truth_articles
from warta.app.demo import run_demo
from warta.app.demo_site import load_articles
from warta.nlp.knowledge import is_entity_name

WIB = timezone(timedelta(hours=7))
MODELS = Path(__file__).resolve().parent.parent / "warta" / "models" / "id" / "id_ner.pt"
EN_MODELS = MODELS.parent.parent / "en" / "en_ner.pt"


def _article_count(engine) -> int:
    with Session(engine) as session:
        return session.scalar(select(func.count()).select_from(Article))


def test_demo_site_loads_every_sample_article(prefect_harness, clean_tables, capsys, demo_port):
    assert run_demo(port=demo_port) == 0
    output = capsys.readouterr().out
    sample = load_articles()
    with Session(clean_tables) as session:
        rows = session.execute(select(Article.title, Article.published_at, Article.dateline)).all()
    assert {title for title, _, _ in rows} == {a["title"] for a in sample}
    assert all(published is not None for _, published, _ in rows)
    assert "MEDAN, WARTADEMO.com" in {dateline for _, _, dateline in rows}
    assert "articles in PostgreSQL" in output and "warta-demo" in output
    with Session(clean_tables) as session:
        failure = session.scalars(select(Failure)).one()
    assert failure.http_status == 404 and failure.url.endswith("artikel-yang-sudah-dihapus")


@pytest.mark.skipif(not MODELS.exists(), reason="Indonesian models not trained")
def test_after_the_demo_articles_have_entities_quotes_and_every_view_has_rows(
    prefect_harness, clean_tables, demo_port
):
    engine = clean_tables
    assert run_demo(port=demo_port) == 0
    with engine.connect() as connection:
        without_entities = connection.execute(
            text(
                "SELECT a.title FROM articles a WHERE a.language = 'id' AND NOT EXISTS"
                " (SELECT 1 FROM article_entities ae WHERE ae.article_id = a.id)"
            )
        ).all()
        assert without_entities == []
        # no person twice: each PER canonical name has one entity row
        duplicated = connection.execute(
            text(
                "SELECT lower(canonical_name) FROM entities WHERE type = 'PER'"
                " GROUP BY 1 HAVING count(*) > 1"
            )
        ).all()
        assert duplicated == []
        quotes = connection.execute(
            text(
                "SELECT a.title, q.kind, coalesce(e.canonical_name, q.speaker_text), q.text"
                " FROM quotes q JOIN articles a ON a.id = q.article_id"
                " LEFT JOIN entities e ON e.id = q.speaker_entity_id"
            )
        ).all()
        speakers = {speaker for _, _, speaker, _ in quotes}
        assert {"Rina Wulandari", "Hendra Siregar", "Sutrisno Wibowo", "Galih Pratama"} <= speakers
        articles_with_quotes = {title for title, *_ in quotes}
        assert len(articles_with_quotes) >= 4
        for view in (*MATERIALIZED_VIEWS, *PLAIN_VIEWS):
            count = connection.execute(text(f"SELECT count(*) FROM {view}")).scalar()
            assert count > 0, view
        if EN_MODELS.exists():  # the English article is routed to the English pipeline
            english = connection.execute(
                text(
                    "SELECT a.nlp_status, count(DISTINCT ae.entity_id), count(DISTINCT q.id)"
                    " FROM articles a LEFT JOIN article_entities ae ON ae.article_id = a.id"
                    " LEFT JOIN quotes q ON q.article_id = a.id"
                    " WHERE a.language = 'en' GROUP BY a.nlp_status"
                )
            ).one()
            assert english[0] == "ok" and english[1] > 0 and english[2] > 0, english


def test_demo_over_saved_real_pages_loads_all_eighteen_once(
    prefect_harness, clean_tables, demo_port, capsys
):
    engine = clean_tables
    assert run_demo(pages=PAGES, enrich=False, port=demo_port) == 0
    assert _article_count(engine) == 18
    assert "\ndemo: 18 new, 0 updated, 0 unchanged, 0 failed (run " in capsys.readouterr().out
    expected = {e["fixture"]: e["expected"] for e in ground_truth_articles()}
    with Session(engine) as session:
        rows = session.execute(
            select(
                Article.url, Article.title, Article.published_at, Article.text, Source.name
            ).join(Source)
        ).all()
    assert all(title and text for _, title, _, text, _ in rows)
    assert {name for *_, name in rows} >= {"antara", "kompas", "detik", "republika", "tempo"}
    right_day = 0
    for url, _, published, _, _ in rows:
        truth = expected[url.split("/", 3)[3]]
        if published:
            day = datetime.fromtimestamp(truth["date"] / 1000, UTC).astimezone(WIB).date()
            right_day += published.astimezone(WIB).date() == day
    assert right_day >= 0.9 * 18
    # running it again adds nothing, and says so
    assert run_demo(pages=PAGES, enrich=False, port=demo_port) == 0
    assert _article_count(engine) == 18
    again = capsys.readouterr().out
    assert "18 articles in PostgreSQL, none new or changed by this run" in again
    verdict = next(line for line in again.splitlines() if line.startswith("demo: "))
    assert verdict.startswith("demo: 0 new, 0 updated, 18 unchanged, 0 failed (run ")
    assert verdict.endswith("; nothing new since the last run")


@pytest.mark.skipif(not MODELS.exists(), reason="Indonesian models not trained")
def test_top_entities_of_the_real_pages_are_names_not_ranks_or_common_nouns(
    prefect_harness, clean_tables, demo_port
):
    assert run_demo(pages=PAGES, port=demo_port) == 0
    with clean_tables.connect() as connection:
        top = connection.execute(
            text(
                "SELECT e.canonical_name, e.type, count(*) AS articles, sum(ae.mention_count)"
                " FROM article_entities ae JOIN entities e ON e.id = ae.entity_id"
                " GROUP BY e.id ORDER BY articles DESC, 4 DESC, e.canonical_name LIMIT 20"
            )
        ).all()
    assert len(top) == 20
    # what the report's "top entities" lists: no AKBP, CEO, sidang or Puskesmas among them
    not_names = [(name, typ) for name, typ, *_ in top if not is_entity_name(name)]
    assert not_names == []
    assert {("Jakarta", "LOC"), ("Indonesia", "LOC")} <= {(name, typ) for name, typ, *_ in top}


def test_demo_loads_the_plain_text_seed_article(prefect_harness, clean_tables, demo_port):
    assert run_demo(pages=SEED_DIR, enrich=False, port=demo_port) == 0
    with Session(clean_tables) as session:
        article = session.scalars(select(Article)).one()
    assert article.dateline == "REPUBLIKA.CO.ID, SEOUL"
    assert article.text.startswith("Pemimpin Korea Utara Kim Jong Un telah tiba di Rusia")
    assert "Dmitry Peskov" in article.text


def test_cli_extract_prints_the_clean_article_as_json():
    entry = next(e for e in ground_truth_articles() if e["fixture"].startswith("republika/"))
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "warta.app.cli",
            "extract",
            str(PAGES / entry["fixture"]),
            "--url",
            entry["expected"]["url"],
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    data = json.loads(completed.stdout)
    assert set(data) >= {
        "url",
        "title",
        "published",
        "authors",
        "dateline",
        "language",
        "sitename",
        "text",
    }
    assert data["title"] == entry["expected"]["title"]
    assert data["dateline"] == "REPUBLIKA.CO.ID, JAKARTA"
    assert data["published"] == "2016-02-15T16:15:00+07:00"
    assert data["language"] == "id"
