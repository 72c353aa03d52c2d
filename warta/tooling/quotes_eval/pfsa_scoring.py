"""Scoring ``extract_quotes`` on PFSA-ID dev: content precision/recall/F1 and speaker accuracy.

**Content.**  PFSA-ID has gold for *direct* quotes only, so the headline precision/recall/F1
compares gold statements with the *direct* predicted quotes; indirect predictions are
counted separately (they have no gold here).  A prediction matches a gold span when they
share at least half of the tokens of the longer of the two (quotation marks and punctuation
left out); matching is one-to-one, best overlap first.

**Speaker.**  A predicted speaker is right when the tokens of its ``speaker_canonical`` (or,
unresolved, its ``speaker`` as written) share a name token with the gold name (linked as in
:mod:`.pfsa`).  Statements whose gold speaker cannot be found are left out of speaker
accuracy.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from warta.document import Quote, Sentence
from warta.nlp.quotes import extract_quotes
from warta.tooling.quotes_eval.annotators import indonesian_annotator
from warta.tooling.quotes_eval.matching import MIN_OVERLAP, Annotator, name_tokens, same_name
from warta.tooling.quotes_eval.pfsa import (
    PFSA_FILE,
    GoldQuote,
    PfsaDoc,
    default_data_dir,
    gold_quotes,
    read_pfsa,
    speaker_stop_words,
)


@dataclass
class _Counts:
    keep_errors: int = 0  # how many error examples to keep
    gold: int = 0
    pred_direct: int = 0
    pred_indirect: int = 0
    tp: int = 0
    speaker_total: int = 0
    speaker_correct: int = 0
    speaker_unresolved: int = 0
    gold_no_speaker: int = 0
    fp_with_cue: int = 0
    fp_without_cue: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)

    def error(self, kind: str, **details: Any) -> None:
        if len(self.errors) < self.keep_errors:
            self.errors.append({"kind": kind, **details})


def _content_tokens(doc: PfsaDoc, a: int, b: int) -> set[int]:
    return {k for k in range(a, b) if any(ch.isalnum() for ch in doc.tokens[k])}


def _tokens_in_span(doc: PfsaDoc, start: int, end: int) -> set[int]:
    return {
        k
        for k, (s, e) in enumerate(doc.offsets)
        if s < end and e > start and any(ch.isalnum() for ch in doc.tokens[k])
    }


def _pred_names(q: Quote, stop: frozenset[str]) -> frozenset[str]:
    name = q.speaker_canonical or q.speaker or ""
    return name_tokens(name.split(), stop)


def _match_one_to_one(gold: list[set[int]], predicted: list[set[int]]) -> dict[int, int]:
    """Gold index -> predicted index, best overlap first, each used once."""
    scored = []
    for gi, gt in enumerate(gold):
        for pi, pt in enumerate(predicted):
            inter = len(gt & pt)
            if inter:
                ov = inter / max(len(gt), len(pt))
                if ov >= MIN_OVERLAP:
                    scored.append((ov, gi, pi))
    scored.sort(reverse=True)
    matched: dict[int, int] = {}
    p_used: set[int] = set()
    for _ov, gi, pi in scored:
        if gi in matched or pi in p_used:
            continue
        matched[gi] = pi
        p_used.add(pi)
    return matched


def _score_doc(doc: PfsaDoc, quotes: list[Quote], c: _Counts) -> None:
    gold = gold_quotes(doc)
    direct = [q for q in quotes if q.kind == "direct"]
    c.gold += len(gold)
    c.pred_direct += len(direct)
    c.pred_indirect += sum(1 for q in quotes if q.kind != "direct")
    g_toks = [_content_tokens(doc, g.tok_start, g.tok_end) for g in gold]
    p_toks = [_tokens_in_span(doc, q.start, q.end) for q in direct]
    matched = _match_one_to_one(g_toks, p_toks)
    c.tp += len(matched)
    stop = speaker_stop_words()
    for gi, g in enumerate(gold):
        if gi in matched:
            _score_speaker(doc, g, direct[matched[gi]], stop, c)
        else:
            a, b = g.tok_start, g.tok_end
            ctx = doc.text[
                doc.offsets[max(a - 8, 0)][0] : doc.offsets[min(b + 8, len(doc.tokens) - 1)][1]
            ]
            c.error("fn", context=ctx)
    used = set(matched.values())
    for pi, q in enumerate(direct):
        if pi in used:
            continue
        if q.cue:
            c.fp_with_cue += 1
        else:
            c.fp_without_cue += 1
        ctx = doc.text[max(q.start - 60, 0) : q.end + 60]
        c.error("fp", cue=q.cue, speaker=q.speaker, context=ctx)


def _score_speaker(doc: PfsaDoc, g: GoldQuote, q: Quote, stop: frozenset[str], c: _Counts) -> None:
    """The speaker of a prediction matched to gold ``g``."""
    if not g.speaker_tokens:
        c.gold_no_speaker += 1
        return
    c.speaker_total += 1
    if q.speaker_canonical is None:
        c.speaker_unresolved += 1
    if same_name(_pred_names(q, stop), g.speaker_tokens):
        c.speaker_correct += 1
    else:
        c.error(
            "speaker",
            before=doc.text[max(q.start - 300, 0) : q.start],
            gold=g.speaker_text,
            speaker=q.speaker,
            canonical=q.speaker_canonical,
            cue=q.cue,
            quote=q.text[:80],
        )


def evaluate_pfsa(
    data_dir: Path | None = None,
    *,
    annotate: Annotator | None = None,
    limit: int | None = None,
    keep_errors: int = 0,
) -> dict[str, Any]:
    """Indonesian quotes on PFSA-ID dev; the arguments are those of
    :func:`warta.tooling.quotes_eval.evaluate_quotes`."""
    data_dir = data_dir or default_data_dir()
    path = data_dir / PFSA_FILE
    if not path.is_file():
        raise FileNotFoundError(f"PFSA-ID dev file not found: {path}")
    docs = read_pfsa(path)
    if limit is not None:
        docs = docs[:limit]
    pipeline = "custom"
    if annotate is None:
        annotate, pipeline = indonesian_annotator()
    results = annotate([d.text for d in docs])
    counts = _Counts(keep_errors=keep_errors)
    for doc, res in zip(docs, results, strict=True):
        sents: list[Sentence] = res.sentences
        quotes = extract_quotes(doc.text, sents, res.entities, lang="id")
        _score_doc(doc, quotes, counts)
    return _results(counts, pipeline, len(docs))


def _results(counts: _Counts, pipeline: str, documents: int) -> dict[str, Any]:
    p = counts.tp / counts.pred_direct if counts.pred_direct else 0.0
    r = counts.tp / counts.gold if counts.gold else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    all_pred = counts.pred_direct + counts.pred_indirect
    return {
        "lang": "id",
        "pipeline": pipeline,
        "documents": documents,
        "gold": counts.gold,
        "predicted_direct": counts.pred_direct,
        "predicted_indirect": counts.pred_indirect,
        "matched": counts.tp,
        "precision": p,
        "recall": r,
        "f1": f1,
        "precision_all_kinds": counts.tp / all_pred if all_pred else 0.0,
        "fp_direct_with_cue": counts.fp_with_cue,
        "fp_direct_without_cue": counts.fp_without_cue,
        "speaker_total": counts.speaker_total,
        "speaker_correct": counts.speaker_correct,
        "speaker_accuracy": (
            counts.speaker_correct / counts.speaker_total if counts.speaker_total else 0.0
        ),
        "speaker_unresolved": counts.speaker_unresolved,
        "gold_without_speaker": counts.gold_no_speaker,
        "errors": counts.errors,
    }


def print_pfsa_evaluation(results: dict[str, Any]) -> None:
    """A rich table of :func:`evaluate_pfsa` results."""
    from rich.console import Console
    from rich.table import Table

    table = Table(
        title=f"Quote extraction on PFSA-ID dev ({results['lang']}, pipeline: "
        f"{results['pipeline']}, {results['documents']} documents)"
    )
    table.add_column("measure")
    table.add_column("value", justify="right")
    table.add_column("counts", justify="right")
    table.add_row(
        "content precision (direct)",
        f"{results['precision']:.3f}",
        f"{results['matched']}/{results['predicted_direct']}",
    )
    table.add_row(
        "content recall", f"{results['recall']:.3f}", f"{results['matched']}/{results['gold']}"
    )
    table.add_row("content F1", f"{results['f1']:.3f}", "")
    table.add_row(
        "precision, all kinds",
        f"{results['precision_all_kinds']:.3f}",
        f"{results['matched']}/{results['predicted_direct'] + results['predicted_indirect']}",
    )
    table.add_row(
        "speaker accuracy (matched)",
        f"{results['speaker_accuracy']:.3f}",
        f"{results['speaker_correct']}/{results['speaker_total']}",
    )
    table.add_row("  unresolved speakers", "", str(results["speaker_unresolved"]))
    table.add_row("  matched gold without speaker", "", str(results["gold_without_speaker"]))
    table.add_row("unmatched direct with cue", "", str(results["fp_direct_with_cue"]))
    table.add_row("unmatched direct without cue", "", str(results["fp_direct_without_cue"]))
    table.add_row("indirect (no gold in PFSA-ID)", "", str(results["predicted_indirect"]))
    Console().print(table)
