"""English quote extraction: made-up sentences per pattern, a property test, a real page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from warta.document import EntityMention, Quote
from warta.nlp.quotes import extract_quotes, load_cues

PEOPLE = {
    "Retno Marsudi": "Retno Marsudi",
    "Marsudi": "Retno Marsudi",
    "John Smith": "John Smith",
    "Smith": "John Smith",
    "Jane Doe": "Jane Doe",
    "Doe": "Jane Doe",
}


def people(text: str) -> list[EntityMention]:
    """PER mentions of the made-up people, longest names first (no model needed)."""
    out: list[EntityMention] = []
    for name in sorted(PEOPLE, key=len, reverse=True):
        for m in re.finditer(rf"\b{re.escape(name)}\b", text):
            if not any(e.start <= m.start() < e.end for e in out):
                out.append(EntityMention(name, "PER", m.start(), m.end(), 0, PEOPLE[name]))
    return sorted(out, key=lambda e: e.start)


def quotes(text: str) -> list[Quote]:
    return extract_quotes(text, [], people(text), lang="en")


def only(text: str) -> Quote:
    qs = quotes(text)
    assert len(qs) == 1, qs
    return qs[0]


def test_cues_loaded_with_credit() -> None:
    cues = load_cues("en")
    assert cues is not None and cues.syntax == "english"
    assert {"said", "told", "added"} <= cues.verbs_after
    raw = Path(__file__).resolve().parents[2] / "warta" / "data" / "en" / "quotes.yaml"
    assert "Gender Gap Tracker" in raw.read_text() and "MIT" in raw.read_text()


SMITH = "John Smith"


@pytest.mark.parametrize(
    ("text", "content", "speaker", "kind"),
    [
        ('"We will not back down," John Smith said.', "We will not back down,", SMITH, "direct"),
        ('"We will not back down," said John Smith.', "We will not back down,", SMITH, "direct"),
        ('John Smith said: "We are ready to sign."', "We are ready to sign.", SMITH, "direct"),
        ("John Smith said that the deal would be signed next week.",
         "the deal would be signed next week", "John Smith", "indirect"),
        ("John Smith said on Monday that the deal was dead.", "the deal was dead", "John Smith",
         "indirect"),
        ("According to John Smith, the talks were productive and long.",
         "the talks were productive and long", "John Smith", "indirect"),
        ("John Smith told reporters the plan was a disaster for everyone.",
         "the plan was a disaster for everyone", "John Smith", "indirect"),
        ("The talks will resume in March next year, John Smith said on Friday.",
         "The talks will resume in March next year", "John Smith", "indirect"),
    ],
)  # fmt: skip
def test_patterns(text: str, content: str, speaker: str, kind: str) -> None:
    q = only(text)
    assert (q.text, q.speaker_canonical, q.kind) == (content, speaker, kind)
    assert text[q.start : q.end] == q.text


def test_pronoun_takes_the_previous_speaker() -> None:
    text = (
        'John Smith arrived in Jakarta on Monday.\n"The talks were good," Smith said.\n'
        '"We must improve the deal," he added.\n'
        "She said the talks would go on for a week."
    )
    qs = quotes(text)
    assert [q.speaker_canonical for q in qs] == ["John Smith", "John Smith", "John Smith"]
    assert qs[1].speaker == "he"


def test_description_linked_to_appositive_name() -> None:
    text = (
        "Foreign Minister Retno Marsudi met John Smith, a trader, on Monday.\n"
        "The foreign minister said the meeting had gone well for both sides."
    )
    q = only(text)
    assert q.speaker == "The foreign minister" and q.speaker_canonical == "Retno Marsudi"


def test_unnamed_speaker_kept_as_description() -> None:
    q = only('"The ministry will answer in time," a spokesperson for the ministry said.')
    assert q.speaker == "a spokesperson for the ministry"
    assert q.speaker_canonical is None


def test_titles_nicknames_and_scare_quotes_are_not_quotes() -> None:
    text = (
        'The band played "Hey Jude" at the party.\n'
        'Jane "The Hammer" Doe won the race in Boston.\n'
        'Critics call the plan a "bridge to nowhere" in private.'
    )
    assert quotes(text) == []


def test_multi_paragraph_quote_continues() -> None:
    text = (
        "Jane Doe spoke at the rally.\n"
        'Doe said: "We have waited long enough for this day to come.\n'
        '"And we will not wait any longer for the change we were promised."\n'
        "The crowd cheered."
    )
    q = only(text)
    assert q.kind == "direct" and q.speaker_canonical == "Jane Doe"
    assert q.text.startswith("We have waited") and q.text.endswith("promised.")


def test_cue_in_previous_paragraph() -> None:
    text = 'John Smith continued:\n"The numbers are very similar here, and that tells a story."'
    q = only(text)
    assert q.speaker_canonical == "John Smith" and q.text.startswith("The numbers")


def test_indonesian_unchanged_by_english_cues() -> None:
    text = '"Kami siap," kata Presiden Joko Widodo di Jakarta.'
    ents = [EntityMention("Joko Widodo", "PER", 22, 33, 0, "Joko Widodo")]
    q = extract_quotes(text, [], ents, lang="id")[0]
    assert q.speaker_canonical == "Joko Widodo"


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ['"', "“", "”", "'", " said ", " Smith", " he ", ", ", ".", "\n", "according to ",
             "that ", "Doe told reporters ", "the minister ", "word ", ":"]
        ),
        max_size=40,
    )
)  # fmt: skip
def test_never_crashes_and_offsets_hold(parts: list[str]) -> None:
    text = "".join(parts)
    for q in quotes(text):
        assert 0 <= q.start <= q.end <= len(text)
        assert text[q.start : q.end] == q.text


def test_english_word_lists_keep_yaml_1_1_boolean_words():
    # 'on' and 'no' are words in the lists, not the booleans YAML 1.1 would make of them
    cues = load_cues("en")
    assert "on" in cues.speaker_stops
    assert "no" in cues.negations
    assert all(isinstance(w, str) for w in cues.speaker_stops | cues.negations)
