"""Enrich stage: batches across articles, the same answers from one process or several."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SEED_DIR
from warta.nlp.enrich import enrich_texts

MODELS = Path(__file__).resolve().parent.parent / "warta" / "models" / "id" / "id_ner.pt"
pytestmark = pytest.mark.skipif(not MODELS.exists(), reason="Indonesian models not trained")


def _texts() -> list[str]:
    seed = next(SEED_DIR.glob("*.txt")).read_text(encoding="utf-8")
    paragraphs = [p for p in seed.split("\n") if p.strip()]
    return ["\n".join(paragraphs[i : i + 3]) for i in range(0, len(paragraphs), 3)]


def test_workers_give_the_same_results_as_one_process():
    texts = _texts()
    languages = ["id"] * len(texts)
    single = enrich_texts(texts, languages, workers=1)
    parallel = enrich_texts(texts, languages, workers=2)
    assert [r.status for r in single] == ["ok"] * len(texts)
    assert [[(e.start, e.end, e.type) for e in r.entities] for r in single] == [
        [(e.start, e.end, e.type) for e in r.entities] for r in parallel
    ]
    assert [[(q.start, q.end) for q in r.quotes] for r in single] == [
        [(q.start, q.end) for q in r.quotes] for r in parallel
    ]


def test_languages_without_models_are_marked_not_skipped():
    results = enrich_texts(["", "Das ist ein Satz.", "Ini kalimat."], [None, "de", "id"])
    assert results[0].status == "empty"
    assert results[1].status == "no_model:de"
    assert results[2].status == "ok"
