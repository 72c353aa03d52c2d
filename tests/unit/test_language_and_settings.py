"""One language detector for every stage, and one home for settings."""

from __future__ import annotations

import py3langid
import pytest

from tests.conftest import SEED_DIR
from warta.config import configure, get_settings, reset_settings
from warta.text.language import detect_language, group_by_language


def test_indonesian_that_py3langid_calls_malay_is_routed_to_indonesian() -> None:
    seed = next(SEED_DIR.glob("*.txt")).read_text(encoding="utf-8")
    opening = next(p for p in seed.splitlines() if len(p) > 150)
    assert py3langid.classify(opening)[0] == "ms"  # why the routing exists
    assert detect_language(opening) == "id"
    assert detect_language(seed) == "id"


def test_english_and_empty_texts() -> None:
    text = "The minister said on Tuesday that the new policy would take effect next month."
    assert detect_language(text) == "en"
    assert detect_language("   ") is None


def test_texts_are_grouped_by_given_or_detected_language() -> None:
    texts = ["Presiden mengatakan bahwa kebijakan itu akan berlaku bulan depan.", "", "x"]
    groups, empty = group_by_language(texts, [None, None, "en"])
    assert groups == {"id": [0], "en": [2]}
    assert empty == [1]
    assert group_by_language(texts[:1], "en") == ({"en": [0]}, [])


def test_settings_from_the_environment_and_from_code(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WARTA_HOST_RATE", "3")
    monkeypatch.setenv("WARTA_DEFAULT_TIMEZONE", "Asia/Makassar")
    reset_settings()
    try:
        assert get_settings().host_rate == 3.0
        assert str(get_settings().zone) == "Asia/Makassar"
        settings = configure(enrich_workers=4)
        assert settings.enrich_workers == 4 and settings.host_rate == 3.0
        assert get_settings() is settings
    finally:
        monkeypatch.undo()
        reset_settings()
    assert get_settings().enrich_workers == 1
