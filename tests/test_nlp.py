"""The shipped Indonesian Stanza models, through the loader and annotate_texts (real models).

The seed article is read from the shared data at test time; other sentences are made up.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import offline_stanza
from warta.config import reset_settings
from warta.document import NLPResult
from warta.nlp import loader
from warta.nlp.annotate import annotate_texts, annotation_to_json
from warta.nlp.entities import distinct_entities
from warta.nlp.paths import shipped_model_dir

SHARED = Path(os.environ.get("WARTA_SHARED", Path(__file__).resolve().parents[2] / "shared"))
SEED = sorted((SHARED / "data" / "seed").glob("*.txt"))


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """The cached "id" pipeline, built with an empty STANZA_RESOURCES_DIR and no network."""
    with offline_stanza(tmp_path_factory) as empty:
        loader.clear_cache()
        pipe = loader.get_pipeline("id")
        assert list(empty.iterdir()) == []  # nothing written where official models would go
    yield pipe


@pytest.fixture(scope="module")
def seed_result(pipeline: object) -> tuple[str, NLPResult]:
    text = SEED[0].read_text(encoding="utf-8")
    [result] = annotate_texts([text], lang="id")
    return text, result


def test_shipped_models_are_small() -> None:
    files = list(shipped_model_dir("id").glob("*.pt"))
    names = {f.name for f in files}
    assert {"id_tokenizer.pt", "id_mwt.pt", "id_ner.pt", "id_pretrain.pt"} <= names
    assert all(f.stat().st_size <= 15_000_000 for f in files)
    assert sum(f.stat().st_size for f in files) <= 40_000_000
    assert (shipped_model_dir("id") / "MODEL_CARD.md").is_file()


def test_registry() -> None:
    assert "id" in loader.available_languages()
    version = (shipped_model_dir("id") / "VERSION").read_text(encoding="utf-8").strip()
    assert loader.model_version("id") == version
    spec = loader.model_spec("id")
    assert spec.source == "shipped"
    assert {"tokenize", "mwt", "ner"} <= set(spec.processors)


def test_pipeline_is_cached(pipeline: object) -> None:
    assert loader.get_pipeline("id") is pipeline
    assert loader.get_pipeline("id") is loader.get_pipeline("id")


def test_mwt_splits_clitic(pipeline: Any) -> None:
    doc = pipeline("Harga beras naik lagi, ujarnya kepada wartawan.")
    tokens = {t.text: [w.text for w in t.words] for s in doc.sentences for t in s.tokens}
    assert tokens["ujarnya"] == ["ujar", "nya"]


def test_missing_language_says_how_to_fix(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("STANZA_RESOURCES_DIR", str(tmp_path))
    reset_settings()
    with pytest.raises(loader.ModelNotAvailable) as info:
        loader.get_pipeline("xx")
    message = str(info.value)
    assert "'xx'" in message
    assert "STANZA_RESOURCES_DIR" in message
    assert "warta models train xx" in message
    assert "xx" not in loader.available_languages()


def test_annotate_without_model_is_a_status_not_an_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("STANZA_RESOURCES_DIR", str(tmp_path))
    reset_settings()
    results = annotate_texts(["Some text.", "   "], lang="xx")
    assert [r.status for r in results] == ["no_model:xx", "empty"]
    # Detected language: a German sentence has no shipped model here.
    [detected] = annotate_texts(["Der Minister sagte am Montag, die Gespräche seien gut gelaufen."])
    assert detected.status == "no_model:de"


def test_annotate_made_up_text(pipeline: object) -> None:
    text = (
        "Presiden Joko Widodo meresmikan Bendungan Karian di Lebak, Banten, pada Kamis. "
        '"Bendungan ini penting bagi petani," ujarnya. Widodo didampingi Menteri PUPR.'
    )
    [result] = annotate_texts([text])  # language detected
    assert result.status == "ok" and result.language == "id"
    assert result.model_version == loader.model_version("id")
    assert len(result.sentences) == 3
    for sentence in result.sentences:
        assert text[sentence.start : sentence.end] == sentence.text
    words = [w for s in result.sentences for w in s.words]
    ujar = [w for w in words if w.text in ("ujar", "nya")]
    # MWT words carry their token's offsets.
    assert [(w.text, text[w.start : w.end]) for w in ujar] == [
        ("ujar", "ujarnya"),
        ("nya", "ujarnya"),
    ]
    assert all(w.upos for w in words) if "pos" in loader.model_spec("id").processors else True
    for e in result.entities:
        assert text[e.start : e.end] == e.text
        assert e.key.startswith(e.type + ":")
    per = {e.text: e.canonical for e in result.entities if e.type == "PER"}
    assert per.get("Widodo") == "Joko Widodo"


# What the brief expects from the seed article, per type: the shipped models plus the
# article-level rules (appositions, nested places, one type per name) find all of it.
SEED_EXPECTED = {
    "PER": {"Kim Jong Un", "Vladimir Putin", "Dmitry Peskov"},
    "LOC": {"Rusia", "Korea Utara", "Pyongyang", "Vladivostok", "Korea Selatan", "Ukraina"},
    "ORG": {"Kremlin", "TASS"},
}


def test_seed_article_entities(seed_result: tuple[str, NLPResult]) -> None:
    text, result = seed_result
    assert result.status == "ok"
    found = distinct_entities(result.entities)
    for typ, names in SEED_EXPECTED.items():
        assert names <= found.get(typ, set()), typ
    # Short forms are resolved, not listed as entities of their own.
    assert not {"Kim", "Putin"} & set().union(*found.values())
    # "Presiden Rusua (sic) Vladimir Putin": the misspelt country is not part of the name.
    keys = {(e.canonical, e.type): e.key for e in result.entities}
    assert keys[("Vladimir Putin", "PER")] == "PER:vladimir putin"
    for e in result.entities:
        assert text[e.start : e.end] == e.text
        assert 0 <= e.sentence_index < len(result.sentences)
        sentence = result.sentences[e.sentence_index]
        assert sentence.start <= e.start and e.end <= sentence.end


def test_seed_article_entities_each_once_and_canonical(seed_result: tuple[str, NLPResult]) -> None:
    _, result = seed_result
    found = distinct_entities(result.entities)
    # every expected entity is one key; no short form survives as an entity of its own
    keys = {e.key for e in result.entities if e.canonical in set().union(*SEED_EXPECTED.values())}
    assert len(keys) == sum(len(names) for names in SEED_EXPECTED.values())
    assert not {"Peskov", "Kim", "Putin", "Dmitry"} & set().union(*found.values())


def test_annotation_to_json(seed_result: tuple[str, NLPResult]) -> None:
    text, result = seed_result
    data = annotation_to_json(result, text)
    assert data["language"] == "id"
    assert len(data["sentences"]) == len(result.sentences)
    # Every mention is listed, not one per entity.
    assert len(data["entities"]) == len(result.entities)
    putin = [e for e in data["entities"] if e["canonical"] == "Vladimir Putin"]
    assert len(putin) >= 3
    assert set(data["entities"][0]) == {"text", "type", "start", "end", "canonical"}
    for q in data["quotes"]:
        assert set(q) == {"text", "kind", "speaker", "speaker_canonical", "cue", "start", "end"}
