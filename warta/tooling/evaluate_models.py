"""Score the shipped models, loaded exactly as production loads them (warta.nlp.loader).

* tokenizer (+ MWT): token, sentence and word F1 on a UD test set (Indonesian GSD; English
  EWT, and PUD for comparison), from raw text,
  with the official CoNLL 2018 UD scorer Stanza ships (``stanza.models.common.utils.ud_scores``);
  UPOS and lemma F1 too when those models are shipped;
* NER: entity-level precision / recall / F1 per type and overall on the IDNer test split,
  with gold tokens (``stanza.models.ner.scorer.score_by_entity`` for the overall numbers):
  Indonesian on the IDNer test split; English on UNER English-PUD, and for comparison on
  CoNLL-2003 test and CoNLL++ (MISC dropped; research-use text, never trained on).

Runs in a couple of minutes on a CPU: ``warta models eval id`` / ``warta models eval en``.
"""

from __future__ import annotations

import io
import logging
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from warta.nlp import loader
from warta.nlp.paths import nlp_data_dir

log = logging.getLogger("warta.tooling.evaluate_models")

# Held-out data per language, relative to data/nlp.  Never used for training.  The first
# UD and NER entries are the main scores; further ones are printed for comparison.
EVAL_DATA: dict[str, dict[str, tuple[str, ...]]] = {
    "id": {
        "ud_test": ("ud/UD_Indonesian-GSD/id_gsd-ud-test.conllu",),
        "ner_test": ("ner/idner_news_2k/test.txt",),
    },
    "en": {
        "ud_test": (
            "en/ud/UD_English-EWT/en_ewt-ud-test.conllu",
            "en/ud/UD_English-PUD/en_pud-ud-test.conllu",
        ),
        "ner_test": (
            "en/ner/uner_en_pud/en_pud-ud-test.iob2",
            "en/ner/conll2003/test.txt",
            "en/ner/conllpp/conllpp_test.txt",
        ),
    },
}


def _raw_text(conllu: Path) -> str:
    """The test set's raw text, built the way Stanza's own tokenizer evaluation builds it."""
    from stanza.utils.datasets.conllu_to_text import convert_text

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "test.txt"
        convert_text(str(conllu), str(out))
        return out.read_text(encoding="utf-8")


def evaluate_tokenizer(lang: str, dataset: str | None = None) -> dict[str, Any]:
    """UD scores from raw text; ``dataset`` (relative to data/nlp) defaults to the main one."""
    from stanza.models.common.utils import ud_scores

    gold = nlp_data_dir() / (dataset or EVAL_DATA[lang]["ud_test"][0])
    spec = loader.model_spec(lang)
    procs = [p for p in ("tokenize", "mwt", "pos", "lemma") if p in spec.processors]
    pipeline = loader.build_pipeline(lang, processors=",".join(procs))
    started = time.monotonic()
    raw = _raw_text(gold)
    doc = pipeline(raw)
    seconds = time.monotonic() - started
    _restore_unknown_tokens(doc, raw)
    predicted = io.StringIO(f"{doc:C}\n\n")
    scores = ud_scores(str(gold), predicted)
    metrics = ["Tokens", "Sentences", "Words"]
    metrics += ["UPOS"] if "pos" in procs else []
    metrics += ["Lemmas"] if "lemma" in procs else []
    return {
        "dataset": str(gold.relative_to(nlp_data_dir())),
        "processors": procs,
        "sentences_gold": sum(1 for _ in _gold_sentences(gold)),
        "seconds": round(seconds, 1),
        **{
            name.lower(): {
                "precision": round(100 * scores[name].precision, 2),
                "recall": round(100 * scores[name].recall, 2),
                "f1": round(100 * scores[name].f1, 2),
            }
            for name in metrics
        },
    }


def _restore_unknown_tokens(doc: Any, raw: str) -> int:
    """Put the original text back into tokens Stanza printed as ``<UNK>``.

    The English tokenizer turns a very long URL (over 300 characters, EWT test) into the
    token ``<UNK>``; the CoNLL 2018 scorer then refuses the whole file, since the characters
    no longer add up.  Offsets are right, so the text is taken from the input.
    """
    fixed = 0
    for sentence in doc.sentences:
        for token in sentence.tokens:
            if token.text == "<UNK>" and token.start_char is not None:
                token.text = raw[token.start_char : token.end_char]
                if len(token.words) == 1:
                    token.words[0].text = token.text
                fixed += 1
    return fixed


def _gold_sentences(conllu: Path) -> list[str]:
    return [
        line
        for line in conllu.read_text(encoding="utf-8").splitlines()
        if line.startswith("# text =")
    ]


def _read_bio(path: Path) -> tuple[list[list[str]], list[list[str]]]:
    """Tokens and IOB2 PER/ORG/LOC tags of a NER file (IDNer, UNER, CoNLL formats).

    Other types (CoNLL's MISC) become O: our models know only PER, ORG and LOC.
    """
    from warta.tooling.train.corpora import read_ner_file

    sentences = read_ner_file(path)
    return [[w for w, _ in s] for s in sentences], [[t for _, t in s] for s in sentences]


def evaluate_ner(lang: str, dataset: str | None = None, **overrides: Any) -> dict[str, Any]:
    """Entity-level NER scores; ``overrides`` go to the pipeline (to try other models)."""
    from stanza.models.ner.scorer import score_by_entity
    from stanza.models.ner.utils import bio2_to_bioes, decode_from_bioes, to_bio2

    path = nlp_data_dir() / (dataset or EVAL_DATA[lang]["ner_test"][0])
    sents, gold_bio = _read_bio(path)
    # Gold tokens are given: only the NER model is scored, not the tokenizer.
    pipeline = loader.build_pipeline(
        lang, processors="tokenize,ner", tokenize_pretokenized=True, **overrides
    )
    started = time.monotonic()
    doc = pipeline(sents)
    seconds = time.monotonic() - started
    pred = [[t.ner for t in s.tokens] for s in doc.sentences]
    gold = [bio2_to_bioes(to_bio2(list(t))) for t in gold_bio]
    if [len(p) for p in pred] != [len(g) for g in gold]:
        raise RuntimeError("the pipeline changed the gold tokenization of the NER test set")
    precision, recall, f1, _ = score_by_entity(pred, gold, verbose=False)

    # Per-type precision and recall (score_by_entity only returns per-type F1).
    tp: Counter[str] = Counter()
    n_pred: Counter[str] = Counter()
    n_gold: Counter[str] = Counter()
    for p, g in zip(pred, gold, strict=True):
        pe = {(e["start"], e["end"], e["type"]) for e in decode_from_bioes(p)}
        ge = {(e["start"], e["end"], e["type"]) for e in decode_from_bioes(g)}
        for _, _, typ in pe:
            n_pred[typ] += 1
        for _, _, typ in ge:
            n_gold[typ] += 1
        for _, _, typ in pe & ge:
            tp[typ] += 1
    per_type: dict[str, dict[str, float | int]] = {}
    for typ in sorted(set(n_pred) | set(n_gold)):
        p_ = tp[typ] / n_pred[typ] if n_pred[typ] else 0.0
        r_ = tp[typ] / n_gold[typ] if n_gold[typ] else 0.0
        f_ = 2 * p_ * r_ / (p_ + r_) if p_ + r_ else 0.0
        per_type[typ] = {
            "precision": round(100 * p_, 2),
            "recall": round(100 * r_, 2),
            "f1": round(100 * f_, 2),
            "gold": n_gold[typ],
        }
    return {
        "dataset": str(path.relative_to(nlp_data_dir())),
        "sentences": len(sents),
        "seconds": round(seconds, 1),
        "overall": {
            "precision": round(100 * precision, 2),
            "recall": round(100 * recall, 2),
            "f1": round(100 * f1, 2),
            "gold": sum(n_gold.values()),
        },
        "per_type": per_type,
    }


def evaluate_language(lang: str) -> dict[str, Any]:
    """Scores of the models :func:`warta.nlp.loader.get_pipeline` would use for ``lang``."""
    if lang not in EVAL_DATA:
        raise ValueError(f"no evaluation data configured for language {lang!r}")
    spec = loader.model_spec(lang)  # raises ModelNotAvailable with the fix
    started = time.monotonic()
    results: dict[str, Any] = {
        "language": lang,
        "model_version": spec.version,
        "source": spec.source,
        "tokenizer": evaluate_tokenizer(lang),
        "ner": evaluate_ner(lang),
    }
    extra_ud = EVAL_DATA[lang]["ud_test"][1:]
    extra_ner = EVAL_DATA[lang]["ner_test"][1:]
    if extra_ud:
        results["tokenizer_extra"] = [evaluate_tokenizer(lang, d) for d in extra_ud]
    if extra_ner:
        results["ner_extra"] = [evaluate_ner(lang, d) for d in extra_ner]
    results["seconds"] = round(time.monotonic() - started, 1)
    return results


def _tokenizer_table(results: dict[str, Any], tok: dict[str, Any]) -> Any:
    from rich.table import Table

    t1 = Table(
        title=f"{results['language']} tokenizer/tagger ({results['model_version']}) "
        f"on {tok['dataset']}"
    )
    for col in ("metric", "precision", "recall", "F1"):
        t1.add_column(col, justify="left" if col == "metric" else "right")
    for name in ("tokens", "sentences", "words", "upos", "lemmas"):
        if name in tok:
            m = tok[name]
            t1.add_row(name, f"{m['precision']:.2f}", f"{m['recall']:.2f}", f"{m['f1']:.2f}")
    return t1


def ner_table(results: dict[str, Any], ner: dict[str, Any]) -> Any:
    from rich.table import Table

    t2 = Table(title=f"{results['language']} NER (entity level) on {ner['dataset']}")
    for col in ("type", "gold", "precision", "recall", "F1"):
        t2.add_column(col, justify="left" if col == "type" else "right")
    for typ, m in ner["per_type"].items():
        t2.add_row(
            typ, str(m["gold"]), f"{m['precision']:.2f}", f"{m['recall']:.2f}", f"{m['f1']:.2f}"
        )
    o = ner["overall"]
    t2.add_row(
        "overall",
        str(o["gold"]),
        f"{o['precision']:.2f}",
        f"{o['recall']:.2f}",
        f"{o['f1']:.2f}",
        style="bold",
    )
    return t2


def print_evaluation(results: dict[str, Any]) -> None:
    from rich.console import Console

    console = Console()
    for tok in [results["tokenizer"], *results.get("tokenizer_extra", [])]:
        console.print(_tokenizer_table(results, tok))
    for ner in [results["ner"], *results.get("ner_extra", [])]:
        console.print(ner_table(results, ner))
    console.print(f"evaluated in {results['seconds']:.0f} s")


def main() -> None:  # python -m warta.tooling.evaluate_models [lang] [--json]
    import json
    import sys

    logging.basicConfig(level=logging.WARNING)
    res = evaluate_language(sys.argv[1] if len(sys.argv) > 1 else "id")
    print_evaluation(res)
    if "--json" in sys.argv:
        print(json.dumps(res, indent=2))


if __name__ == "__main__":
    main()
