"""Article-level entity scoring and the benchmark files' checks, on made-up examples."""

from __future__ import annotations

from warta.tooling.entities_eval.benchmark import (
    BenchmarkArticle,
    GoldEntity,
    fill_mentions,
    text_sha256,
    uncovered_capitalised,
    validate,
)
from warta.tooling.entities_eval.scoring import normalize_name, score_article, tally

GOLD = [
    GoldEntity("Joko Widodo", "PER", ["Joko Widodo", "Jokowi"]),
    GoldEntity("Polda Metro Jaya", "ORG", ["Polda Metro Jaya"]),
    GoldEntity("Jakarta", "LOC", ["Jakarta", "DKI Jakarta"]),
    GoldEntity("Jawa Barat", "LOC", ["Jawa Barat"], optional="nested"),
]
PREDICTED = {
    ("jokowi", "PER"),  # an alias, another case: found, correct
    ("Metro Jaya", "LOC"),  # a cut name: spurious
    ("DKI  Jakarta", "LOC"),  # an alias, other spacing: found, correct
    ("Jawa Barat", "LOC"),  # optional: neither correct nor spurious
    ("AKBP", "ORG"),  # a rank: spurious
    ("Polda Metro Jaya", "LOC"),  # a gold name with the wrong type: spurious, and a miss
}


def test_normalize_name_folds_case_and_spacing() -> None:
    assert normalize_name("  DKI\u00a0 Jakarta ") == "dki jakarta"


def test_score_article_finds_by_any_name_with_the_same_type() -> None:
    score = score_article(GOLD, PREDICTED)
    assert [e.name for e in score.found] == ["Joko Widodo", "Jakarta"]
    assert [e.name for e in score.missed] == ["Polda Metro Jaya"]
    assert sorted(score.correct) == [("DKI  Jakarta", "LOC"), ("jokowi", "PER")]
    assert sorted(score.spurious) == [
        ("AKBP", "ORG", ""),
        ("Metro Jaya", "LOC", ""),
        ("Polda Metro Jaya", "LOC", "ORG"),
    ]


def test_tally_micro_averages_per_type_and_overall() -> None:
    totals = tally([score_article(GOLD, PREDICTED)])
    assert totals["PER"].as_dict() == {
        "gold": 1, "found": 1, "predicted": 1, "correct": 1,
        "recall": 1.0, "precision": 1.0, "f1": 1.0,
    }  # fmt: skip
    assert (totals["ORG"].gold, totals["ORG"].found, totals["ORG"].predicted) == (1, 0, 1)
    assert totals["ORG"].recall == 0.0 and totals["ORG"].precision == 0.0
    assert (totals["LOC"].gold, totals["LOC"].found) == (1, 1)
    assert (totals["LOC"].predicted, totals["LOC"].correct) == (3, 1)
    assert round(totals["LOC"].precision, 4) == 0.3333
    overall = totals["overall"].as_dict()
    assert overall == {
        "gold": 3, "found": 2, "predicted": 5, "correct": 2,
        "recall": 0.6667, "precision": 0.4, "f1": 0.5,
    }  # fmt: skip


def test_score_article_counts_one_prediction_per_name_and_type() -> None:
    score = score_article(GOLD, [("Jokowi", "PER"), ("JOKOWI", "PER"), ("Joko Widodo", "PER")])
    assert len(score.correct) == 2  # "Jokowi" once (case-folded), "Joko Widodo" once
    assert [e.name for e in score.found] == ["Joko Widodo"]


TEXT = "Polda Jawa Barat memeriksa Budi Santoso di Bandung. Menurut Budi, Bandung aman."


def _article() -> BenchmarkArticle:
    return BenchmarkArticle(
        id="made-up",
        source={"kind": "seed", "path": "none"},
        sha256=text_sha256(TEXT),
        entities=[
            GoldEntity("Polda Jawa Barat", "ORG", ["Polda Jawa Barat"]),
            GoldEntity("Jawa Barat", "LOC", ["Jawa Barat"]),
            GoldEntity("Budi Santoso", "PER", ["Budi Santoso", "Budi"]),
            GoldEntity("Bandung", "LOC", ["Bandung"]),
        ],
    )


def test_fill_mentions_is_flat_and_marks_names_only_nested_as_optional() -> None:
    article = _article()
    assert fill_mentions(article, TEXT) == []
    polda, jabar, budi, bandung = article.entities
    assert polda.mentions == [(0, 16)] and polda.optional == ""
    assert jabar.mentions == [(6, 16)] and jabar.optional == "nested"
    assert budi.mentions == [(27, 39), (60, 64)]
    assert bandung.mentions == [(43, 50), (66, 73)]
    assert validate(article, TEXT) == []
    assert [w for _, w in uncovered_capitalised(article, TEXT)] == ["Menurut"]


def test_validate_reports_a_changed_text_a_wrong_span_and_a_missed_mention() -> None:
    article = _article()
    fill_mentions(article, TEXT)
    assert validate(article, TEXT + " ") == [
        "made-up: the text changed (sha256 differs); offsets cannot be trusted"
    ]
    article.entities[2].mentions = [(27, 39), (61, 65)]  # one character off
    assert validate(article, TEXT) == [
        "made-up: Budi Santoso: [61, 65] is 'udi,', not one of its names",
        "made-up: 'Budi' at [60, 64] is not annotated",
    ]
    article.entities[2].mentions = [(27, 39)]
    article.not_entities = [(60, 64)]  # an occurrence declared not to be the entity
    assert validate(article, TEXT) == []
