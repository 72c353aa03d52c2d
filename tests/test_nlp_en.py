"""The shipped English Stanza models, through the loader (real models, no downloads).

The news paragraph below is made up for this test.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import offline_stanza
from warta.config import reset_settings
from warta.nlp import loader
from warta.nlp.paths import shipped_model_dir

EN = shipped_model_dir("en")

pytestmark = pytest.mark.skipif(
    not (EN / "en_ner.pt").is_file(), reason="English models not trained (warta models train en)"
)

PARAGRAPH = (
    "LONDON - Sarah Whitfield, the chief executive of Northbridge Energy, said on Tuesday "
    "that the company would open a new plant in Manchester next year. "
    "Speaking to reporters in London, Whitfield said the European Commission had approved "
    "the plan after talks with the Spanish government in Madrid. "
    "Prime Minister Keir Starmer welcomed the investment."
)


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """An English pipeline built with an empty STANZA_RESOURCES_DIR and no network."""
    with offline_stanza(tmp_path_factory) as empty:
        spec = loader.model_spec("en")
        assert spec.source == "shipped"
        pipe = loader.build_pipeline("en")
        assert list(empty.iterdir()) == []  # nothing written where official models would go
    yield pipe


def test_shipped_models_are_small() -> None:
    files = list(EN.glob("*.pt"))
    names = {f.name for f in files}
    assert {"en_tokenizer.pt", "en_ner.pt", "en_pretrain.pt"} <= names
    assert all(f.stat().st_size <= 15_000_000 for f in files)
    assert sum(f.stat().st_size for f in files) <= 40_000_000
    assert (EN / "VERSION").read_text(encoding="utf-8").startswith("en-")
    assert (EN / "MODEL_CARD.md").is_file()


def test_official_models_are_preferred(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With official English models under STANZA_RESOURCES_DIR the registry picks them."""
    for proc in ("tokenize", "mwt", "pos", "lemma", "ner", "pretrain"):
        (tmp_path / "en" / proc).mkdir(parents=True)
    resources = {"__version__": "1.15.0", "en": {"default_processors": {}}}
    (tmp_path / "resources.json").write_text(json.dumps(resources), encoding="utf-8")
    monkeypatch.setenv("STANZA_RESOURCES_DIR", str(tmp_path))
    reset_settings()
    spec = loader.model_spec("en")
    assert spec.source == "official"
    assert spec.kwargs == {"dir": str(tmp_path)}
    assert spec.processors == ("tokenize", "mwt", "pos", "lemma", "ner")
    assert spec.version == "stanza-1.15.0-en"
    assert loader.model_spec("id").source == "shipped"  # Indonesian keeps ours first


def test_shipped_models_without_official(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "resources.json").write_text("{}", encoding="utf-8")  # no "en" in it
    monkeypatch.setenv("STANZA_RESOURCES_DIR", str(tmp_path))
    reset_settings()
    spec = loader.model_spec("en")
    assert spec.source == "shipped"
    assert spec.version == (EN / "VERSION").read_text(encoding="utf-8").strip()
    assert {"tokenize", "ner"} <= set(spec.processors)


def test_english_news_entities(pipeline: object) -> None:
    doc = pipeline(PARAGRAPH)  # type: ignore[operator]
    ents = {(e.text, e.type) for e in doc.ents}
    assert len(doc.sentences) == 3
    for expected in (
        ("Sarah Whitfield", "PER"),
        ("Northbridge Energy", "ORG"),
        ("Manchester", "LOC"),
        ("London", "LOC"),
        ("European Commission", "ORG"),
        ("Madrid", "LOC"),
        ("Keir Starmer", "PER"),
    ):
        assert expected in ents, (expected, sorted(ents))
    # Tokens, not just entities: the contraction-free paragraph keeps its words.
    assert doc.sentences[0].tokens[2].text == "Sarah"


def test_a_ner_model_trained_with_character_lms_gets_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Shipped charlm files (the recipe's optional ``charlm`` step) are passed to the NER."""
    for name in ("tokenizer", "ner", "pretrain", "charlm_forward", "charlm_backward"):
        (tmp_path / f"xx_{name}.pt").write_bytes(b"")
    monkeypatch.setattr(loader, "shipped_model_dir", lambda lang: tmp_path)
    spec = loader.model_spec("xx")
    assert spec.kwargs["ner_forward_charlm_path"] == str(tmp_path / "xx_charlm_forward.pt")
    assert spec.kwargs["ner_backward_charlm_path"] == str(tmp_path / "xx_charlm_backward.pt")
    (tmp_path / "xx_charlm_backward.pt").unlink()  # half a pair is no charlm at all
    assert "ner_forward_charlm_path" not in loader.model_spec("xx").kwargs
