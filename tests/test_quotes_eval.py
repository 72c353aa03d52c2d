"""The PFSA-ID quote evaluation: reading, rebuilding text, gold linking and scoring.

Unit tests use a tiny BILOU file written here with made-up sentences; the real PFSA-ID dev
set (CC BY-NC-SA, in ../shared) is only read by the slow end-to-end test.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from warta.tooling.quotes_eval import (
    PFSA_FILE,
    default_data_dir,
    detokenize,
    evaluate_quotes,
    gold_quotes,
    heuristic_annotate,
    print_quote_evaluation,
    read_pfsa,
)

REPO = Path(__file__).resolve().parent.parent
NER_MODEL = REPO / "warta" / "models" / "id" / "id_ner.pt"

# Two made-up articles.  The first has two annotated statements by one person (a CUE with
# a PERSONCOREF after it, then a CUECOREF); the second an unannotated quote by a passer-by
# (PFSA-ID annotates public figures only).
_SENTENCES = [
    [
        ("JAKARTA", "O"),
        (",", "O"),
        ("KOMPAS", "O"),
        ("—", "O"),
        ("Menteri", "U-ROLE"),
        ("Budi", "B-PERSON"),
        ("Santoso", "L-PERSON"),
        ("meninjau", "B-ISSUE"),
        ("pasar", "L-ISSUE"),
        (".", "O"),
        ("”", "B-STATEMENT"),
    ],
    [
        ("Harga", "I-STATEMENT"),
        ("cabai", "I-STATEMENT"),
        ("mulai", "I-STATEMENT"),
        ("turun", "I-STATEMENT"),
        (",", "I-STATEMENT"),
        ("”", "L-STATEMENT"),
        ("kata", "U-CUE"),
        ("Budi", "U-PERSONCOREF"),
        (".", "O"),
    ],
    [("Ia", "O"), ("berkeliling", "O"), ("pasar", "O"), (".", "O"), ("”", "B-STATEMENT")],
    [
        ("Stok", "I-STATEMENT"),
        ("beras", "I-STATEMENT"),
        ("aman", "I-STATEMENT"),
        ("sampai", "I-STATEMENT"),
        ("Lebaran", "I-STATEMENT"),
        (",", "I-STATEMENT"),
        ("”", "L-STATEMENT"),
        ("ujarnya", "U-CUECOREF"),
        (".", "O"),
    ],
    [
        ("BANDUNG", "O"),
        (",", "O"),
        ("KOMPAS", "O"),
        ("—", "O"),
        ("Warga", "B-ISSUE"),
        ("mengeluhkan", "I-ISSUE"),
        ("air", "L-ISSUE"),
        (".", "O"),
        ("”", "O"),
    ],
    [
        ("Air", "O"),
        ("belum", "O"),
        ("mengalir", "O"),
        ("sejak", "O"),
        ("pagi", "O"),
        (",", "O"),
        ("”", "O"),
        ("kata", "O"),
        ("Ani", "O"),
        (".", "O"),
    ],
]


@pytest.fixture()
def data_dir(tmp_path: Path) -> Path:
    lines = []
    for sent in _SENTENCES:
        lines += [f"{tok}\t{lab}" for tok, lab in sent]
        lines.append("")
    (tmp_path / PFSA_FILE).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return tmp_path


def test_detokenize_attaches_marks_and_punctuation() -> None:
    tokens = ["Ia", "datang", ".", "”", "Kami", "siap", ",", "”", "kata", "Budi", "(", "45", ")"]
    text, offsets = detokenize(tokens)
    assert text == "Ia datang. ”Kami siap,” kata Budi (45)"
    assert [text[s:e] for s, e in offsets] == tokens


def test_read_pfsa_splits_documents_at_datelines(data_dir: Path) -> None:
    docs = read_pfsa(data_dir / PFSA_FILE)
    assert len(docs) == 2
    assert docs[0].text.startswith("JAKARTA, KOMPAS — Menteri Budi Santoso")
    assert "”Harga cabai mulai turun,” kata Budi." in docs[0].text
    assert docs[1].text.endswith("”Air belum mengalir sejak pagi,” kata Ani.")


def test_gold_speakers_are_linked_and_resolved(data_dir: Path) -> None:
    doc = read_pfsa(data_dir / PFSA_FILE)[0]
    gold = gold_quotes(doc)
    assert len(gold) == 2
    # "kata Budi" (PERSONCOREF) resolves to the full name; "ujarnya" looks back.
    assert gold[0].speaker_tokens == {"budi", "santoso"}
    assert gold[1].speaker_tokens == {"budi", "santoso"}
    assert gold[0].speaker_text == "Budi Santoso"


def test_evaluate_quotes_counts(data_dir: Path) -> None:
    res = evaluate_quotes("id", data_dir, annotate=heuristic_annotate, keep_errors=5)
    assert res["documents"] == 2
    assert res["gold"] == 2
    assert res["matched"] == 2
    assert res["predicted_direct"] == 3  # the passer-by's quote has no gold
    assert res["fp_direct_with_cue"] == 1
    assert res["recall"] == 1.0
    assert res["precision"] == pytest.approx(2 / 3)
    assert res["f1"] == pytest.approx(0.8)
    assert res["speaker_total"] == 2
    assert res["speaker_accuracy"] == 1.0
    assert [e["kind"] for e in res["errors"]] == ["fp"]


def test_print_quote_evaluation(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    res = evaluate_quotes("id", data_dir, annotate=heuristic_annotate)
    print_quote_evaluation(res)
    out = capsys.readouterr().out
    assert "content F1" in out and "speaker accuracy" in out


def test_evaluate_quotes_rejects_missing_data(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        evaluate_quotes("id", tmp_path)
    with pytest.raises(ValueError, match="no quote evaluation data"):
        evaluate_quotes("en", tmp_path)


@pytest.mark.slow
def test_pfsa_dev_with_real_pipeline(request: pytest.FixtureRequest) -> None:
    """The full PFSA-ID dev evaluation through Stanza (minutes on CPU): run with
    ``pytest -m slow`` or ``WARTA_RUN_SLOW=1``."""
    if "slow" not in (request.config.option.markexpr or "") and not os.environ.get(
        "WARTA_RUN_SLOW"
    ):
        pytest.skip("slow: run with -m slow or WARTA_RUN_SLOW=1")
    if not (default_data_dir() / PFSA_FILE).is_file():
        pytest.skip("PFSA-ID dev data not available")
    if not NER_MODEL.exists():
        pytest.skip("Indonesian Stanza models not trained yet")
    res = evaluate_quotes("id")
    print_quote_evaluation(res)
    assert res["pipeline"] == "stanza"
    assert res["f1"] >= 0.80
    assert res["speaker_accuracy"] >= 0.80
