"""`warta entities consolidate` on a real PostgreSQL: articles whose NLP typed one name
differently are loaded, consolidated, and every row that pointed at the merged entities
points at the survivor; a second run changes nothing.  The texts are made up for this test."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import text

from db.articles import load_article
from db.consolidation import consolidate_entities
from warta.document import EntityMention, NLPResult, Quote
from warta.nlp.entities import entity_key
from warta.text.records import CleanArticle

TEXT = (
    "Polda Metro Jaya memeriksa saksi. Juru bicara Polda Metro Jaya, Ade Ary, berkata: "
    '"Kami bekerja," kata Ade Ary di Jakarta.'
)


def _mention(surface: str, typ: str, occurrence: int = 0) -> EntityMention:
    start = -1
    for _ in range(occurrence + 1):
        start = TEXT.index(surface, start + 1)
    return EntityMention(
        surface, typ, start, start + len(surface), 0, surface, entity_key(surface, typ)
    )


def _load(engine, n: int, polda_types: tuple[str, str], spelling: str = "Polda Metro Jaya"):
    """Article ``n``: its NLP typed the two "Polda Metro Jaya" mentions as given."""
    article = CleanArticle(
        url=f"https://berita.example.id/{n}",
        title=f"Berita {n}",
        text=TEXT,
        dateline=None,
        authors=[],
        published=datetime(2026, 11, 20, 9, 0, tzinfo=UTC),
        modified=None,
        date_source="meta",
        language="id",
        sitename="Berita",
    )
    first, second = (_mention("Polda Metro Jaya", t, i) for i, t in enumerate(polda_types))
    first.canonical = second.canonical = spelling
    person = _mention("Ade Ary", "PER")
    start = TEXT.index("Kami")
    quote = Quote(
        "Kami bekerja",
        "direct",
        start,
        start + 12,
        1,
        "Polda Metro Jaya",
        spelling,
        first.key,
        "kata",
        0.9,
    )
    nlp = NLPResult("id", "ok", "test", [], [first, second, person], [quote])
    load_article(engine, article, nlp=nlp, source_name="berita")


def _rows(engine, sql: str) -> list[tuple]:
    with engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text(sql))]


def test_a_name_takes_the_type_most_articles_give_it(clean_tables):
    engine = clean_tables
    _load(engine, 1, ("LOC", "LOC"), spelling="POLDA METRO JAYA")  # the first article: LOC
    _load(engine, 2, ("ORG", "ORG"))
    _load(engine, 3, ("ORG", "ORG"))
    _load(engine, 4, ("ORG", "LOC"))  # one article with both types: two rows, one article
    before = _rows(engine, "SELECT id, key FROM entities WHERE key LIKE '%polda%' ORDER BY id")
    assert [key for _, key in before] == ["LOC:polda metro jaya", "ORG:polda metro jaya"]
    loc_id = before[0][0]  # the oldest row survives, so ids held elsewhere stay valid

    counts = consolidate_entities(engine)

    assert (counts.names, counts.rows_merged, counts.mentions_moved) == (1, 1, 5)
    assert counts.speakers_moved == 3  # articles 2, 3 and 4 quoted the ORG row as speaker
    assert _rows(
        engine, "SELECT id, key, type, canonical_name FROM entities WHERE key LIKE '%polda%'"
    ) == [(loc_id, "ORG:polda metro jaya", "ORG", "Polda Metro Jaya")]
    # every mention points at the survivor and keeps the type its article gave it
    assert _rows(
        engine,
        "SELECT a.url, m.type, count(*) FROM entity_mentions m JOIN articles a"
        " ON a.id = m.article_id JOIN entities e ON e.id = m.entity_id"
        " WHERE e.type <> 'PER' GROUP BY a.url, m.type ORDER BY a.url, m.type",
    ) == [
        ("https://berita.example.id/1", "LOC", 2),
        ("https://berita.example.id/2", "ORG", 2),
        ("https://berita.example.id/3", "ORG", 2),
        ("https://berita.example.id/4", "LOC", 1),
        ("https://berita.example.id/4", "ORG", 1),
    ]
    assert _rows(engine, "SELECT DISTINCT entity_id FROM entity_mentions WHERE type <> 'PER'") == [
        (loc_id,)
    ]
    # article 4 had a count row for each type: now one, with both mentions
    assert _rows(
        engine,
        "SELECT a.url, ae.mention_count, ae.first_start_char FROM article_entities ae"
        f" JOIN articles a ON a.id = ae.article_id WHERE ae.entity_id = {loc_id} ORDER BY a.url",
    ) == [(f"https://berita.example.id/{n}", 2, 0) for n in (1, 2, 3, 4)]
    assert _rows(engine, "SELECT DISTINCT speaker_entity_id FROM quotes") == [(loc_id,)]

    again = consolidate_entities(engine)
    assert (again.names, again.rows_merged, again.mentions_moved, again.rows_updated) == (
        0,
        0,
        0,
        0,
    )


def test_a_later_article_typing_the_name_the_losing_way_is_merged_again(clean_tables):
    engine = clean_tables
    for n in (1, 2):
        _load(engine, n, ("ORG", "ORG"))
    consolidate_entities(engine)
    _load(engine, 3, ("LOC", "LOC"))  # a new LOC row appears for the name
    counts = consolidate_entities(engine)
    assert (counts.names, counts.rows_merged, counts.mentions_moved) == (1, 1, 2)
    assert _rows(engine, "SELECT key FROM entities ORDER BY key") == [
        ("ORG:polda metro jaya",),
        ("PER:ade ary",),
    ]
