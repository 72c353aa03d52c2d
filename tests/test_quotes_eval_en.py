"""The PolNeAR reader and scorer on a tiny brat document written for this test."""

from __future__ import annotations

from pathlib import Path

from warta.document import EntityMention, NLPResult, Quote
from warta.nlp.quotes import split_sentences
from warta.tooling.quotes_eval import (
    content_match,
    evaluate_quotes,
    gold_speaker_names,
    is_speech,
    read_brat,
    read_polnear,
    speaker_correct,
)

TEXT = (
    "Jane Doe visited the plant on Monday.\n"
    '"The plant will stay open," Doe said. "Nobody loses a job."\n'
    "She hopes the market will recover.\n"
)
# T spans by hand: content of E1 is discontinuous (two quoted fragments).
A = TEXT.index("The plant will")
B = TEXT.index("Nobody")
S = TEXT.index("Doe said")
SHE = TEXT.index("She hopes")
ANN = "\n".join(
    [
        f"T1\tContent {A} {A + 25};{B} {B + 19}\tThe plant will stay open, Nobody loses a job.",
        f"T2\tCue {S + 4} {S + 8}\tsaid",
        f"T3\tSource {S} {S + 3}\tDoe",
        f"T4\tAttribution {S + 4} {S + 8}\tsaid",
        "E1\tAttribution:T4 Content:T1 Cue:T2 Source:T3",
        f"T5\tSource {SHE} {SHE + 3}\tShe",
        f"T6\tCue {SHE + 4} {SHE + 9}\thopes",
        f"T7\tContent {SHE + 10} {len(TEXT) - 2}\tthe market will recover",
        f"T8\tAttribution {SHE + 4} {SHE + 9}\thopes",
        "E2\tAttribution:T8 Content:T7 Cue:T6 Source:T5",
        "T9\tDiscard 0 4\tJane",
    ]
)


def test_read_brat_discontinuous_and_roles() -> None:
    attrs = read_brat(ANN)
    assert [a.id for a in attrs] == ["E1", "E2"]
    e1 = attrs[0]
    assert e1.content == [(A, A + 25), (B, B + 19)]
    assert TEXT[e1.source[0][0] : e1.source[0][1]] == "Doe"
    assert TEXT[e1.cue[0][0] : e1.cue[0][1]] == "said"


def test_speech_filter_and_coreferent_speaker() -> None:
    e1, e2 = read_brat(ANN)
    verbs = frozenset({"said"})
    assert is_speech(e1, TEXT, verbs) and not is_speech(e2, TEXT, verbs)
    from warta.tooling.quotes_eval import PolnearDoc

    doc = PolnearDoc("t", TEXT, [e1, e2])
    assert gold_speaker_names(doc, e1) == {"doe"}
    assert gold_speaker_names(doc, e2) == {"doe"}  # 'She' -> the earlier named source
    q = Quote("x", "direct", A, A + 25, 1, speaker="Doe", speaker_canonical="Jane Doe")
    assert speaker_correct(doc, e1, q)
    wrong = Quote("x", "direct", A, A + 25, 1, speaker="he", speaker_canonical=None)
    assert not speaker_correct(doc, e1, wrong)


def test_content_match_fragments() -> None:
    (e1, _e2) = read_brat(ANN)
    # Either fragment alone matches the discontinuous gold; a stray span does not.
    assert content_match(TEXT, (A, A + 25), e1.content) >= 0.5
    assert content_match(TEXT, (B, B + 19), e1.content) >= 0.5
    assert content_match(TEXT, (0, 8), e1.content) == 0.0


def test_evaluate_on_tiny_corpus(tmp_path: Path) -> None:
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "doc1.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "attributions" / "doc1_aaaa.ann").write_text(ANN, encoding="utf-8")
    (tmp_path / "attributions" / "doc1_bbbb.ann").write_text("", encoding="utf-8")
    assert len(read_polnear(tmp_path)[0].attributions) == 2  # first annotator's file

    def annotate(texts: list[str]) -> list[NLPResult]:
        out = []
        for t in texts:
            ents = [EntityMention("Jane Doe", "PER", 0, 8, 0, "Jane Doe")]
            i = t.index("Doe said")
            ents.append(EntityMention("Doe", "PER", i, i + 3, 1, "Jane Doe"))
            out.append(NLPResult("en", "ok", "test", split_sentences(t), ents))
        return out

    r = evaluate_quotes("en", tmp_path, annotate=annotate)
    assert r["gold"] == 1 and r["gold_all_attributions"] == 2
    assert r["matched"] == 1 and r["recall"] == 1.0
    assert r["speaker_correct"] == r["speaker_total"] == 1
    assert r["predicted_correct"] == r["predicted"]  # both fragments match E1
    from warta.tooling.quotes_eval import print_quote_evaluation

    print_quote_evaluation(r)
