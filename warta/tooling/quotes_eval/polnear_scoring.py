"""Scoring ``extract_quotes`` on PolNeAR dev: content precision/recall/F1 over speech
attributions and speaker accuracy (the gold side and its rules are in :mod:`.polnear`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from warta.document import Quote
from warta.nlp.quotes import extract_quotes
from warta.tooling.quotes_eval.annotators import english_annotator
from warta.tooling.quotes_eval.matching import MIN_OVERLAP, Annotator
from warta.tooling.quotes_eval.polnear import (
    QUOTE_MARKS_RE,
    BratAttribution,
    PolnearDoc,
    content_match,
    default_polnear_dir,
    is_speech,
    read_polnear,
    speaker_correct,
    speech_cue_words,
)


@dataclass
class _Counts:
    keep_errors: int = 0  # how many error examples to keep
    gold: int = 0  # speech attributions
    gold_all: int = 0  # attributions with a content, speech or not
    gold_direct: int = 0  # speech attributions with quoted content
    pred: int = 0
    pred_direct: int = 0
    pred_ok: int = 0  # predictions matching some gold attribution
    tp: int = 0  # speech attributions matched
    tp_all: int = 0
    tp_direct: int = 0
    speaker_total: int = 0
    speaker_correct: int = 0
    speaker_unresolved: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)

    def error(self, kind: str, **details: Any) -> None:
        if len(self.errors) < self.keep_errors:
            self.errors.append({"kind": kind, **details})


def _best_prediction_per_gold(
    doc: PolnearDoc, quotes: list[Quote], attrs: list[BratAttribution], c: _Counts
) -> dict[int, Quote]:
    """Each prediction goes to the gold attribution it overlaps most; a gold attribution
    keeps its best-overlapping prediction."""
    best_for: dict[int, tuple[float, Quote]] = {}
    for q in quotes:
        scores = [
            (content_match(doc.text, (q.start, q.end), a.content), i) for i, a in enumerate(attrs)
        ]
        ov, gi = max(scores, default=(0.0, -1))
        if ov >= MIN_OVERLAP:
            c.pred_ok += 1
            if gi not in best_for or ov > best_for[gi][0]:
                best_for[gi] = (ov, q)
        else:
            c.error("fp", quote=q.text[:120], speaker=q.speaker)
    return {gi: q for gi, (_ov, q) in best_for.items()}


def _score_attribution(
    doc: PolnearDoc, a: BratAttribution, speech: bool, q: Quote | None, c: _Counts
) -> None:
    """One gold attribution and the prediction matched to it, if any."""
    direct_gold = any(QUOTE_MARKS_RE.search(doc.text[x:y]) for x, y in a.content)
    if speech and direct_gold:
        c.gold_direct += 1
    if q is None:
        if speech:
            c.error("fn", content=doc.text[a.content[0][0] : a.content[-1][1]][:160])
        return
    c.tp_all += 1
    if not speech:
        return
    c.tp += 1
    c.tp_direct += int(direct_gold)
    if not a.source:
        return
    c.speaker_total += 1
    c.speaker_unresolved += int(q.speaker_canonical is None)
    if speaker_correct(doc, a, q):
        c.speaker_correct += 1
    else:
        c.error(
            "speaker",
            gold=" ".join(doc.text[x:y] for x, y in a.source),
            speaker=q.speaker,
            canonical=q.speaker_canonical,
            quote=q.text[:80],
        )


def _score_doc(doc: PolnearDoc, quotes: list[Quote], verbs: frozenset[str], c: _Counts) -> None:
    attrs = [a for a in doc.attributions if a.content]
    speech = [is_speech(a, doc.text, verbs) for a in attrs]
    c.gold += sum(speech)
    c.gold_all += len(attrs)
    c.pred += len(quotes)
    c.pred_direct += sum(q.kind == "direct" for q in quotes)
    best_for = _best_prediction_per_gold(doc, quotes, attrs, c)
    for i, a in enumerate(attrs):
        _score_attribution(doc, a, speech[i], best_for.get(i), c)


def evaluate_polnear(
    data_dir: Path | None = None,
    *,
    annotate: Annotator | None = None,
    limit: int | None = None,
    keep_errors: int = 0,
) -> dict[str, Any]:
    """Content P/R/F1 and speaker accuracy of English quotes on PolNeAR dev; the arguments
    are those of :func:`warta.tooling.quotes_eval.evaluate_quotes`."""
    data_dir = data_dir or default_polnear_dir()
    if not (data_dir / "text").is_dir():
        # A ValueError like any language without evaluation data (the CLI reports it so).
        raise ValueError(f"no quote evaluation data for language 'en': no PolNeAR in {data_dir}")
    docs = read_polnear(data_dir)
    if limit is not None:
        docs = docs[:limit]
    pipeline = "custom"
    if annotate is None:
        annotate, pipeline = english_annotator()
    results = annotate([d.text for d in docs])
    verbs = speech_cue_words()
    c = _Counts(keep_errors=keep_errors)
    for doc, res in zip(docs, results, strict=True):
        quotes = extract_quotes(doc.text, res.sentences, res.entities, lang="en")
        _score_doc(doc, quotes, verbs, c)
    return _results(c, f"PolNeAR {data_dir.name}", pipeline, len(docs))


def _results(c: _Counts, dataset: str, pipeline: str, documents: int) -> dict[str, Any]:
    p = c.pred_ok / c.pred if c.pred else 0.0
    r = c.tp / c.gold if c.gold else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "lang": "en",
        "dataset": dataset,
        "pipeline": pipeline,
        "documents": documents,
        "gold": c.gold,
        "gold_all_attributions": c.gold_all,
        "predicted": c.pred,
        "predicted_direct": c.pred_direct,
        "predicted_correct": c.pred_ok,
        "matched": c.tp,
        "precision": p,
        "recall": r,
        "f1": f1,
        "recall_all_attributions": c.tp_all / c.gold_all if c.gold_all else 0.0,
        "matched_all_attributions": c.tp_all,
        "gold_direct": c.gold_direct,
        "matched_direct": c.tp_direct,
        "speaker_total": c.speaker_total,
        "speaker_correct": c.speaker_correct,
        "speaker_accuracy": c.speaker_correct / c.speaker_total if c.speaker_total else 0.0,
        "speaker_unresolved": c.speaker_unresolved,
        "errors": c.errors,
    }


def print_polnear_evaluation(results: dict[str, Any]) -> None:
    """A rich table of :func:`evaluate_polnear` results."""
    from rich.console import Console
    from rich.table import Table

    table = Table(
        title=f"Quote extraction on {results['dataset']} (en, pipeline: {results['pipeline']}, "
        f"{results['documents']} documents)"
    )
    table.add_column("measure")
    table.add_column("value", justify="right")
    table.add_column("counts", justify="right")
    r = results
    table.add_row(
        "content precision", f"{r['precision']:.3f}", f"{r['predicted_correct']}/{r['predicted']}"
    )
    table.add_row("content recall (speech)", f"{r['recall']:.3f}", f"{r['matched']}/{r['gold']}")
    table.add_row("content F1", f"{r['f1']:.3f}", "")
    direct_recall = r["matched_direct"] / r["gold_direct"] if r["gold_direct"] else 0.0
    table.add_row(
        "  recall, quoted content",
        f"{direct_recall:.3f}",
        f"{r['matched_direct']}/{r['gold_direct']}",
    )
    table.add_row(
        "  recall, all attributions",
        f"{r['recall_all_attributions']:.3f}",
        f"{r['matched_all_attributions']}/{r['gold_all_attributions']}",
    )
    table.add_row(
        "speaker accuracy (matched)",
        f"{r['speaker_accuracy']:.3f}",
        f"{r['speaker_correct']}/{r['speaker_total']}",
    )
    table.add_row("  unresolved speakers", "", str(r["speaker_unresolved"]))
    table.add_row("predicted direct / all", "", f"{r['predicted_direct']}/{r['predicted']}")
    Console().print(table)
