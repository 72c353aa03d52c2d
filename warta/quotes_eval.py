"""Evaluate ``warta.quotes`` on PFSA-ID dev (Indonesian Kompas news, BILOU labels).

The data (``<shared>/data/nlp/quotes/pfsa-id/pfsa-id__dev-40.txt``, CC BY-NC-SA) is read at
run time only; nothing of it is stored in the repository.

**Format.**  One ``token<TAB>label`` per line, a blank line between sentences, no document
markers.  Documents are cut where a sentence opens with a Kompas dateline (``JAKARTA ,
KOMPAS —``) or where a second ``ISSUE`` span (one per article: its lede) begins.  The text
is rebuilt from the tokens (no space before closing punctuation, quotation marks attached to
the side they open or close), so the real pipeline (Stanza tokenizer, NER, entity
canonicalization, then ``extract_quotes``) runs on running text, not on gold tokens.

**Content.**  Gold quotes are the ``STATEMENT`` spans.  PFSA-ID annotates *direct*
quotes of public figures only (every span is in quotation marks and has a ``CUE`` or
``CUECOREF``), so the headline precision/recall/F1 compares gold statements with the
*direct* predicted quotes; indirect predictions are counted separately (they have no gold
here).  A prediction matches a gold span when they share at least half of the tokens of
the longer of the two (quotation marks and punctuation left out); matching is one-to-one,
best overlap first.

**Speaker.**  The gold speaker of a statement is linked as the annotators link it:

* a ``CUE`` right after the statement (``” kata Presiden``) -> the first ``PERSON`` or
  ``PERSONCOREF`` span after that cue in the same sentence;
* a ``CUECOREF`` (``ujarnya``), or a cue with no person after it -> the last ``PERSON`` /
  ``PERSONCOREF`` span before the statement, outside other statements;
* a ``PERSONCOREF`` is then resolved to the person it points at: the latest earlier
  ``PERSON`` sharing a name token (``Risma`` -> ``Tri Rismaharini``), and for pronouns and
  bare titles (``dia``, ``Presiden``) the latest earlier ``PERSON``.

The gold name is the set of name tokens of that person (titles and pronouns removed).  A
predicted speaker is right when the tokens of its ``speaker_canonical`` (or, unresolved,
its ``speaker`` as written) share a name token with the gold name.  Statements whose gold
speaker cannot be found are left out of speaker accuracy.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from warta.document import EntityMention, NLPResult, Quote, Sentence
from warta.quotes import extract_quotes, load_cues, split_sentences

PFSA_FILE = "pfsa-id__dev-40.txt"
MIN_OVERLAP = 0.5

Annotator = Callable[[list[str]], list[NLPResult]]

_QUOTE_CHARS = set('"“”„«»‘’')
_NO_SPACE_BEFORE = set(".,;:!?%)]}…")
_NO_SPACE_AFTER = set("([{")


# --------------------------------------------------------------------------- data


def _repo_root() -> Path:
    return Path(__file__).resolve().parent.parent


def default_data_dir() -> Path:
    shared = os.environ.get("WARTA_SHARED")
    base = Path(shared) if shared else _repo_root().parent / "shared"
    return base / "data" / "nlp" / "quotes" / "pfsa-id"


@dataclass
class PfsaDoc:
    tokens: list[str]
    labels: list[str]
    sent_starts: list[int]  # token indexes where a sentence starts
    text: str = ""
    offsets: list[tuple[int, int]] = field(default_factory=list)


def _is_dateline(tokens: list[str]) -> bool:
    return "KOMPAS" in tokens[:6]


def read_pfsa(path: Path) -> list[PfsaDoc]:
    """Sentences of the BILOU file grouped into documents (see the module docstring)."""
    sentences: list[tuple[list[str], list[str]]] = []
    toks: list[str] = []
    labs: list[str] = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if not line.strip():
                if toks:
                    sentences.append((toks, labs))
                    toks, labs = [], []
                continue
            tok, _, lab = line.partition("\t")
            toks.append(tok)
            labs.append(lab.strip() or "O")
    if toks:
        sentences.append((toks, labs))

    docs: list[PfsaDoc] = []
    cur: PfsaDoc | None = None
    has_issue = False
    for toks, labs in sentences:
        issue = any(lab in ("B-ISSUE", "U-ISSUE") for lab in labs)
        if cur is None or _is_dateline(toks) or (issue and has_issue):
            cur = PfsaDoc([], [], [])
            docs.append(cur)
            has_issue = False
        has_issue = has_issue or issue
        cur.sent_starts.append(len(cur.tokens))
        cur.tokens.extend(toks)
        cur.labels.extend(labs)
    for d in docs:
        d.text, d.offsets = detokenize(d.tokens)
    return docs


def detokenize(tokens: Sequence[str]) -> tuple[str, list[tuple[int, int]]]:
    """Running text from tokens, with the character span of every token.

    Quotation marks are told apart by a toggle per mark family, overridden by a cue word
    right after the mark (then it closes): the PFSA tokenizer separated every mark.
    """
    cues = load_cues("id")
    after_cues = (cues.verbs_after | cues.clitic_forms) if cues else frozenset()
    parts: list[str] = []
    offsets: list[tuple[int, int]] = []
    pos = 0
    open_double = False
    open_single = False
    glue_next = True  # no space before the first token
    for i, tok in enumerate(tokens):
        nxt = tokens[i + 1].lower() if i + 1 < len(tokens) else ""
        space = not glue_next
        glue_after = False
        if tok in _QUOTE_CHARS:
            single = tok in "‘’"
            is_open = open_single if single else open_double
            closing = is_open or nxt in after_cues
            if tok in "“„«‘" and not is_open and nxt not in after_cues:
                closing = False
            if closing:
                space = False
            else:
                glue_after = True
            if single:
                open_single = not closing
            else:
                open_double = not closing
        elif tok[:1] in _NO_SPACE_BEFORE and len(tok) == 1:
            space = False
        elif tok in ("-", "/") and i > 0 and tokens[i - 1][-1:].isalnum() and nxt[:1].isalnum():
            space = False
            glue_after = True
        if tok in _NO_SPACE_AFTER:
            glue_after = True
        if space:
            parts.append(" ")
            pos += 1
        parts.append(tok)
        offsets.append((pos, pos + len(tok)))
        pos += len(tok)
        glue_next = glue_after
    return "".join(parts), offsets


# --------------------------------------------------------------------------- gold


@dataclass
class GoldQuote:
    tok_start: int
    tok_end: int
    speaker_tokens: frozenset[str]  # empty when no speaker could be linked
    speaker_text: str


def _spans(labels: Sequence[str], kind: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    start: int | None = None
    for i, lab in enumerate(labels):
        if lab == f"U-{kind}":
            out.append((i, i + 1))
            start = None
        elif lab == f"B-{kind}":
            start = i
        elif lab == f"L-{kind}" and start is not None:
            out.append((start, i + 1))
            start = None
    return out


def _title_words() -> frozenset[str]:
    try:
        from warta.entities import TITLES
    except ImportError:  # pragma: no cover - entities module is part of the package
        return frozenset()
    return frozenset(TITLES)


def _name_tokens(words: Sequence[str], stop: frozenset[str]) -> frozenset[str]:
    out = set()
    for w in words:
        for part in re.findall(r"\w+", w.lower()):
            if part not in stop and not part.isdigit():
                out.add(part)
    return frozenset(out)


def gold_quotes(doc: PfsaDoc) -> list[GoldQuote]:
    cues = load_cues("id")
    pronouns = cues.pronouns if cues else frozenset()
    stop = _title_words() | pronouns
    labels = doc.labels
    tokens = doc.tokens
    statements = _spans(labels, "STATEMENT")
    inside = set()
    for a, b in statements:
        inside.update(range(a, b))
    persons = _spans(labels, "PERSON")
    corefs = _spans(labels, "PERSONCOREF")
    mentions = sorted(
        [(a, b, "PERSON") for a, b in persons if a not in inside]
        + [(a, b, "COREF") for a, b in corefs if a not in inside]
    )
    sent_ends = sorted(doc.sent_starts[1:]) + [len(tokens)]

    def sentence_end(i: int) -> int:
        for e in sent_ends:
            if e > i:
                return e
        return len(tokens)

    def resolve(a: int, b: int, kind: str) -> tuple[frozenset[str], str]:
        surface = [tokens[k] for k in range(a, b)]
        names = _name_tokens(surface, stop)
        if kind == "PERSON":
            return names, " ".join(surface)
        earlier = [m for m in mentions if m[2] == "PERSON" and m[1] <= a]
        for pa, pb, _ in reversed(earlier):
            full = _name_tokens(tokens[pa:pb], stop)
            if names and (
                names & full
                or any(
                    f.startswith(n) or n.startswith(f) for n in names for f in full if len(n) > 2
                )
            ):
                return full | names, " ".join(tokens[pa:pb])
        if not names and earlier:
            pa, pb, _ = earlier[-1]
            return _name_tokens(tokens[pa:pb], stop), " ".join(tokens[pa:pb])
        return names, " ".join(surface)

    out: list[GoldQuote] = []
    for a, b in statements:
        end = sentence_end(b - 1)
        cue_at = None
        for k in range(b, min(b + 6, len(tokens))):
            if labels[k].endswith("-CUE") or labels[k].endswith("-CUECOREF"):
                cue_at = k
                break
        speaker: tuple[int, int, str] | None = None
        if cue_at is not None and labels[cue_at].endswith("-CUE"):
            for m in mentions:
                if cue_at < m[0] < max(end, cue_at + 2) and m[0] - cue_at <= 25:
                    speaker = m
                    break
        if speaker is None:
            before = [m for m in mentions if m[1] <= a]
            if before:
                speaker = before[-1]
        if speaker is None:
            out.append(GoldQuote(a, b, frozenset(), ""))
            continue
        names, shown = resolve(*speaker)
        out.append(GoldQuote(a, b, names, shown))
    return out


# --------------------------------------------------------------------------- annotation


_ORG_TEXT = """kementerian dinas badan pt bank universitas partai polda polres pemkot pemprov
pemkab dpr dprd kpk kpu mk ma komisi lembaga rumah sakit rs rsud bumn tbk persero
pengadilan kejaksaan institut sekolah yayasan asosiasi perusahaan grup kantor"""
_ORG_WORDS = frozenset(_ORG_TEXT.split())


def heuristic_annotate(texts: list[str]) -> list[NLPResult]:
    """Stand-in for the Stanza pipeline while models are missing: regex sentences and
    capitalized word runs as names (runs with organisation words are ORG).  Only for
    development; the reported evaluation uses ``warta.nlp.annotate``."""
    from warta.entities import canonicalize

    out: list[NLPResult] = []
    for text in texts:
        sents = split_sentences(text)
        ents: list[EntityMention] = []
        for s in sents:
            for m in re.finditer(r"(?:[A-Z][\w’'-]+)(?:\s+[A-Z][\w’'-]+)*", s.text):
                if m.start() == 0 and " " not in m.group():
                    continue  # a capitalized sentence opener
                words = m.group().lower().split()
                typ = "ORG" if any(w in _ORG_WORDS for w in words) or m.group().isupper() else "PER"
                ents.append(
                    EntityMention(m.group(), typ, s.start + m.start(), s.start + m.end(), s.index)
                )
        out.append(NLPResult("id", "ok", "heuristic", sents, canonicalize(ents, text), []))
    return out


def pipeline_annotator(lang: str) -> Annotator | None:
    """``warta.nlp.annotate.annotate_texts`` when its models load, else None."""
    try:
        from warta.nlp import loader
        from warta.nlp.annotate import annotate_texts

        loader.get_pipeline(lang)
    except Exception:
        return None

    def run(texts: list[str]) -> list[NLPResult]:
        return annotate_texts(texts, lang=lang)

    return run


def cached(annotate: Annotator, cache_dir: Path, tag: str) -> Annotator:
    """Keep annotations on disk (keyed by texts and ``tag``) so rule changes re-run fast."""

    def run(texts: list[str]) -> list[NLPResult]:
        h = hashlib.sha256(("\x00".join(texts) + tag).encode()).hexdigest()[:16]
        path = cache_dir / f"quotes-eval-{h}.pkl"
        if path.exists():
            with path.open("rb") as fh:
                return pickle.load(fh)  # noqa: S301 - our own cache file
        res = annotate(texts)
        cache_dir.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as fh:
            pickle.dump(res, fh)
        return res

    return run


# --------------------------------------------------------------------------- scoring


def _content_tokens(doc: PfsaDoc, a: int, b: int) -> set[int]:
    return {k for k in range(a, b) if any(ch.isalnum() for ch in doc.tokens[k])}


def _tokens_in_span(doc: PfsaDoc, start: int, end: int) -> set[int]:
    return {
        k
        for k, (s, e) in enumerate(doc.offsets)
        if s < end and e > start and any(ch.isalnum() for ch in doc.tokens[k])
    }


def _same_name(a: frozenset[str], b: frozenset[str]) -> bool:
    """Share a name token; a short form counts ('Risma' for 'Rismaharini')."""
    return bool(a & b) or any(
        len(x) >= 4 and len(y) >= 4 and (x.startswith(y) or y.startswith(x)) for x in a for y in b
    )


def _pred_names(q: Quote, stop: frozenset[str]) -> frozenset[str]:
    name = q.speaker_canonical or q.speaker or ""
    return _name_tokens(name.split(), stop)


@dataclass
class _Counts:
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


def _score_doc(doc: PfsaDoc, quotes: list[Quote], c: _Counts, keep_errors: int) -> None:
    stop = _title_words() | (load_cues("id").pronouns if load_cues("id") else frozenset())
    gold = gold_quotes(doc)
    direct = [q for q in quotes if q.kind == "direct"]
    c.gold += len(gold)
    c.pred_direct += len(direct)
    c.pred_indirect += sum(1 for q in quotes if q.kind != "direct")
    g_toks = [_content_tokens(doc, g.tok_start, g.tok_end) for g in gold]
    p_toks = [_tokens_in_span(doc, q.start, q.end) for q in direct]
    scored = []
    for gi, gt in enumerate(g_toks):
        for pi, pt in enumerate(p_toks):
            inter = len(gt & pt)
            if inter:
                ov = inter / max(len(gt), len(pt))
                if ov >= MIN_OVERLAP:
                    scored.append((ov, gi, pi))
    scored.sort(reverse=True)
    g_used: dict[int, int] = {}
    p_used: set[int] = set()
    for _ov, gi, pi in scored:
        if gi in g_used or pi in p_used:
            continue
        g_used[gi] = pi
        p_used.add(pi)
    c.tp += len(g_used)

    def err(kind: str, **kw: Any) -> None:
        if len(c.errors) < keep_errors:
            c.errors.append({"kind": kind, **kw})

    for gi, g in enumerate(gold):
        if gi not in g_used:
            a, b = g.tok_start, g.tok_end
            ctx = doc.text[
                doc.offsets[max(a - 8, 0)][0] : doc.offsets[min(b + 8, len(doc.tokens) - 1)][1]
            ]
            err("fn", context=ctx)
            continue
        q = direct[g_used[gi]]
        if not g.speaker_tokens:
            c.gold_no_speaker += 1
            continue
        c.speaker_total += 1
        names = _pred_names(q, stop)
        if q.speaker_canonical is None:
            c.speaker_unresolved += 1
        if _same_name(names, g.speaker_tokens):
            c.speaker_correct += 1
        else:
            err(
                "speaker",
                before=doc.text[max(q.start - 300, 0) : q.start],
                gold=g.speaker_text,
                speaker=q.speaker,
                canonical=q.speaker_canonical,
                cue=q.cue,
                quote=q.text[:80],
            )
    for pi, q in enumerate(direct):
        if pi in p_used:
            continue
        if q.cue:
            c.fp_with_cue += 1
        else:
            c.fp_without_cue += 1
        ctx = doc.text[max(q.start - 60, 0) : q.end + 60]
        err("fp", cue=q.cue, speaker=q.speaker, context=ctx)


def evaluate_quotes(
    lang: str = "id",
    data_dir: Path | None = None,
    *,
    annotate: Annotator | None = None,
    limit: int | None = None,
    keep_errors: int = 0,
) -> dict[str, Any]:
    """Precision/recall/F1 of quote content and speaker accuracy on PFSA-ID dev.

    ``annotate`` maps texts to ``NLPResult``s (sentences and canonicalized entities);
    by default the real Stanza pipeline (``warta.nlp.annotate.annotate_texts``), falling
    back to :func:`heuristic_annotate` -- the result's ``pipeline`` says which ran.
    ``limit`` takes the first documents only; ``keep_errors`` returns that many error
    examples (built from the data at run time, never stored).
    """
    if lang != "id":
        raise ValueError(f"no quote evaluation data for language {lang!r}")
    data_dir = data_dir or default_data_dir()
    path = data_dir / PFSA_FILE
    if not path.is_file():
        raise FileNotFoundError(f"PFSA-ID dev file not found: {path}")
    docs = read_pfsa(path)
    if limit is not None:
        docs = docs[:limit]
    pipeline = "custom"
    if annotate is None:
        annotate = pipeline_annotator(lang)
        pipeline = "stanza"
        if annotate is None:
            annotate, pipeline = heuristic_annotate, "heuristic"
    results = annotate([d.text for d in docs])
    counts = _Counts()
    for doc, res in zip(docs, results, strict=True):
        sents: list[Sentence] = res.sentences
        quotes = extract_quotes(doc.text, sents, res.entities, lang=lang)
        _score_doc(doc, quotes, counts, keep_errors)
    p = counts.tp / counts.pred_direct if counts.pred_direct else 0.0
    r = counts.tp / counts.gold if counts.gold else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    all_pred = counts.pred_direct + counts.pred_indirect
    return {
        "lang": lang,
        "pipeline": pipeline,
        "documents": len(docs),
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


def print_quote_evaluation(results: dict[str, Any]) -> None:
    """A rich table of :func:`evaluate_quotes` results."""
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


if __name__ == "__main__":  # pragma: no cover - manual run
    print_quote_evaluation(evaluate_quotes())
