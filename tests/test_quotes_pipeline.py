"""Quote extraction over Stanza's real annotations (the unit tier uses stand-in ones)."""

from __future__ import annotations

import pytest

from tests.conftest import PAGES
from tests.unit.test_quotes import (
    _seed_text,
    test_seed_direct_quotes_are_peskov,
    test_seed_indirect_quotes,
    test_seed_quotes_do_not_overlap,
)
from warta.document import EntityMention, Quote
from warta.nlp.loader import ModelNotAvailable, model_spec
from warta.nlp.quotes import extract_quotes

# The seed tests of the unit tier, collected here once more: they run over this module's
# ``seed_quotes`` (Stanza's sentences and entities) instead of the stand-in annotator's.
__all__ = [
    "test_seed_direct_quotes_are_peskov",
    "test_seed_indirect_quotes",
    "test_seed_quotes_do_not_overlap",
]


def _have_models(lang: str) -> bool:
    try:
        model_spec(lang)
    except ModelNotAvailable:
        return False
    return True


@pytest.fixture(scope="module")
def seed_quotes() -> tuple[str, list[Quote]]:
    if not _have_models("id"):
        pytest.skip("Indonesian Stanza models not trained yet")
    from warta.nlp.annotate import annotate_texts

    text = _seed_text()
    [res] = annotate_texts([text], lang="id")
    assert res.status == "ok", res.status
    return text, extract_quotes(text, res.sentences, res.entities, lang="id")


PAGE = PAGES / "tempo-english" / "tempoen-singlepage.html"


def _page_annotations(text: str) -> tuple[list, list[EntityMention], str]:
    from warta.nlp.annotate import annotate_texts
    from warta.tooling.quotes_eval import standin_annotate_en

    res = annotate_texts([text], lang="en")[0]
    if res.status != "ok":  # no English models yet: the evaluation's stand-in
        res = standin_annotate_en([text])[0]
    return res.sentences, res.entities, res.model_version or ""


@pytest.mark.skipif(not PAGE.is_file(), reason="shared Tempo English page missing")
def test_real_tempo_english_page() -> None:
    from warta.text.process import process_html

    text = process_html(PAGE.read_bytes(), url="https://en.tempo.co/read/news/1").text
    sents, ents, _version = _page_annotations(text)
    qs = extract_quotes(text, sents, ents, lang="en")
    by_start = {q.text[:40]: q for q in qs}

    def find(prefix: str) -> Quote:
        return next(q for k, q in by_start.items() if k.startswith(prefix))

    def who(prefix: str) -> str:
        q = find(prefix)
        return q.speaker_canonical or q.speaker or ""

    # Verified by reading the page: Pratikno's quotes, Marsudi's, Soini's.
    assert "Pratikno" in who("Peatlands cover about one-third")
    assert "Pratikno" in who("We must improve the management")  # '," he emphasized.'
    assert "Marsudi" in who("Indonesia and Finland agreed")
    assert "Marsudi" in who("Indonesia has numerous peatlands")  # '," she remarked.'
    assert "Soini" in who("I would like to express deep sorrow")
    assert find("peatlands cover about one-third").kind == "indirect"
