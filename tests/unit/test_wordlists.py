"""Word-list YAML: words stay words."""

from __future__ import annotations

from warta.wordlists import load_word_data


def test_yaml_1_1_boolean_words_are_read_as_words():
    data = load_word_data("stops: [in, on, off, yes, no, y, n]\nflag: true\nother: False\n")
    assert data["stops"] == ["in", "on", "off", "yes", "no", "y", "n"]
    assert data["flag"] is True
    assert data["other"] is False


def test_numbers_and_nulls_keep_their_types():
    assert load_word_data("[1, 2.5, null, '3']") == [1, 2.5, None, "3"]
