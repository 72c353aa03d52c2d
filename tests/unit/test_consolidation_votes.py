"""The vote behind `warta entities consolidate` (warta/nlp/consolidation.py), without a database."""

from __future__ import annotations

from collections import Counter

from warta.nlp.consolidation import Decision, Vote, decide, name_of, spelling


def test_most_mentions_win_and_the_oldest_row_survives() -> None:
    votes = [
        Vote(entity_id=7, entity_type="LOC", mention_type="LOC", mentions=1, articles=1),
        Vote(entity_id=9, entity_type="ORG", mention_type="ORG", mentions=40, articles=40),
    ]
    assert decide(votes) == Decision(survivor=7, type="ORG", merged=(9,))


def test_merged_mentions_keep_voting_with_their_own_type() -> None:
    # row 7 already holds 3 LOC and 2 ORG mentions (an earlier merge); 4 new ORG mentions
    votes = [
        Vote(7, "LOC", "LOC", 3, 3),
        Vote(7, "LOC", "ORG", 2, 2),
        Vote(12, "ORG", "ORG", 4, 4),
    ]
    assert decide(votes) == Decision(survivor=7, type="ORG", merged=(12,))


def test_a_tie_keeps_the_oldest_rows_type() -> None:
    votes = [Vote(3, "PER", "PER", 2, 2), Vote(5, "ORG", "ORG", 2, 2)]
    assert decide(votes).type == "PER"


def test_the_spelling_is_the_most_written_exact_form_in_mixed_case() -> None:
    written = Counter({"POLDA METRO JAYA": 5, "Polda Metro Jaya": 3, "Kapolda Metro Jaya": 9})
    assert spelling("polda metro jaya", written, "POLDA METRO JAYA") == "Polda Metro Jaya"
    assert spelling("polda metro jaya", Counter(), "Polda Metro Jaya") == "Polda Metro Jaya"
    assert name_of("ORG:polda metro jaya") == "polda metro jaya"
