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
from warta.nlp.quotes import extract_quotes, load_cues, split_sentences

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
    if lang == "en":
        return evaluate_quotes_en(data_dir, annotate=annotate, limit=limit, keep_errors=keep_errors)
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

    if results.get("lang") == "en":
        _print_en(results)
        return

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


# =========================================================================== English: PolNeAR
#
# PolNeAR (Newell et al., LREC 2018; no license file, research use) is read at run time from
# ``<shared>/data/nlp/quotes/polnear/dev`` and never copied into the repository.  Each article
# is ``text/<name>.txt`` with one or more brat standoff files ``attributions/<name>_<annotator>
# .ann`` (text-bound ``T`` lines typed Source / Cue / Content, possibly discontinuous
# ``a b;c d``, tied together by ``E`` lines ``Attribution:T4 Content:T3 Cue:T2 Source:T1``).
# Articles annotated by several annotators use the first annotation file in name order.
#
# **Gold.**  PolNeAR attributes thoughts, intentions, polls and reports as well as speech.
# The quotes we extract are speech, so recall is computed over *speech attributions*: those
# with a content span and a cue holding a reporting verb of ``quote_cues_en.yaml`` (or
# 'according to'), or whose content is in quotation marks.  A prediction is correct when it
# matches any gold attribution (a true attribution is no false positive).
#
# **Content match.**  Word tokens (``\w+``); a prediction matches a gold content when they
# share at least half of the tokens of the longer, or -- for a discontinuous gold content
# ('"A," he said. "B."' is one attribution, two spans) -- of the longer of the prediction and
# one fragment.  Precision = matched predictions / predictions; recall = gold attributions
# with a matching prediction / gold attributions.
#
# **Speaker.**  On matched gold attributions with a source: the gold *names* are the
# capitalized words of the source span (titles, determiners and pronouns left out); a source
# without any (he, who, 'the source') takes the names of the nearest earlier source that has
# some (its coreferent as the annotators' sources chain).  The prediction is right when the
# words of its ``speaker_canonical`` (else ``speaker``) share a name with the gold names, or
# when its speaker as written shares a content word (not a pronoun or determiner) with the
# gold source span ('a spokesperson for the ministry' = 'the spokesperson').

POLNEAR_SPLIT = "dev"
_EN_STOP = frozenset(
    {
        "the", "a", "an", "of", "for", "and", "at", "from", "his", "her", "their", "its",
        "he", "she", "they", "him", "them", "who", "which", "it", "i", "we", "you", "mr",
        "mrs", "ms", "dr", "sen", "rep", "gov", "pres", "president", "senator", "former",
        "new", "jr", "sr", "said", "says",
    }
)  # fmt: skip
_QUOTE_MARKS_RE = re.compile(r"[\"“”]")
_WORD_RE = re.compile(r"\w+")


@dataclass
class BratAttribution:
    id: str
    content: list[tuple[int, int]]
    cue: list[tuple[int, int]]
    source: list[tuple[int, int]]


@dataclass
class PolnearDoc:
    name: str
    text: str
    attributions: list[BratAttribution]


def default_polnear_dir() -> Path:
    return default_data_dir().parent / "polnear" / POLNEAR_SPLIT


def _brat_spans(spec: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for part in spec.split(";"):
        a, _, b = part.strip().partition(" ")
        if a.isdigit() and b.strip().isdigit():
            out.append((int(a), int(b)))
    return out


def read_brat(ann: str) -> list[BratAttribution]:
    """Attributions of one brat standoff file (``T`` spans joined by ``E`` events)."""
    spans: dict[str, tuple[str, list[tuple[int, int]]]] = {}
    events: list[tuple[str, dict[str, list[str]]]] = []
    for line in ann.splitlines():
        cols = line.split("\t")
        if len(cols) < 2:
            continue
        if cols[0].startswith("T"):
            typ, _, spec = cols[1].partition(" ")
            spans[cols[0]] = (typ, _brat_spans(spec))
        elif cols[0].startswith("E"):
            roles: dict[str, list[str]] = {}
            for arg in cols[1].split():
                role, _, ref = arg.partition(":")
                roles.setdefault(role.rstrip("0123456789"), []).append(ref)
            events.append((cols[0], roles))
    out: list[BratAttribution] = []
    for eid, roles in events:

        def get(role: str, roles: dict[str, list[str]] = roles) -> list[tuple[int, int]]:
            return sorted(s for ref in roles.get(role, []) for s in spans.get(ref, ("", []))[1])

        out.append(BratAttribution(eid, get("Content"), get("Cue"), get("Source")))
    return out


def read_polnear(data_dir: Path) -> list[PolnearDoc]:
    docs: list[PolnearDoc] = []
    for txt in sorted((data_dir / "text").glob("*.txt")):
        anns = sorted((data_dir / "attributions").glob(f"{txt.stem}_*.ann"))
        if not anns:
            continue
        text = txt.read_text(encoding="utf-8")
        docs.append(PolnearDoc(txt.stem, text, read_brat(anns[0].read_text(encoding="utf-8"))))
    return docs


def _speech_cue_words() -> frozenset[str]:
    cues = load_cues("en")
    if cues is None:
        return frozenset({"said", "says", "told", "according"})
    return cues.verbs_after | cues.all_before | cues.verbs_with_object | frozenset({"according"})


def is_speech(attr: BratAttribution, text: str, verbs: frozenset[str]) -> bool:
    """A gold attribution of speech: a reporting-verb cue or quoted content."""
    if not attr.content:
        return False
    cue = " ".join(text[a:b] for a, b in attr.cue).lower()
    if any(w in verbs for w in _WORD_RE.findall(cue)):
        return True
    return any(_QUOTE_MARKS_RE.search(text[a:b]) for a, b in attr.content)


def _word_set(text: str, spans: Sequence[tuple[int, int]]) -> set[int]:
    return {m.start() for a, b in spans for m in _WORD_RE.finditer(text, a, b)}


def content_match(text: str, pred: tuple[int, int], gold: Sequence[tuple[int, int]]) -> float:
    """The overlap score of a prediction with a gold content (see the notes above); a match
    when >= MIN_OVERLAP."""
    p = _word_set(text, [pred])
    if not p:
        return 0.0
    best = 0.0
    groups = [list(gold)] + ([[g] for g in gold] if len(gold) > 1 else [])
    for spans in groups:
        g = _word_set(text, spans)
        if g:
            best = max(best, len(p & g) / max(len(p), len(g)))
    return best


def _en_names(s: str) -> frozenset[str]:
    return frozenset(
        w.lower() for w in _WORD_RE.findall(s) if w[:1].isupper() and w.lower() not in _EN_STOP
    )


def gold_speaker_names(doc: PolnearDoc, attr: BratAttribution) -> frozenset[str]:
    """Names of the gold source, through the nearest earlier named source for pronouns and
    descriptions."""
    if not attr.source:
        return frozenset()
    names = _en_names(" ".join(doc.text[a:b] for a, b in attr.source))
    if names:
        return names
    start = attr.source[0][0]
    earlier = sorted(
        (a for a in doc.attributions if a.source and a.source[0][0] < start),
        key=lambda a: a.source[0][0],
    )
    for a in reversed(earlier):
        n = _en_names(" ".join(doc.text[x:y] for x, y in a.source))
        if n:
            return n
    return frozenset()


def speaker_correct(doc: PolnearDoc, attr: BratAttribution, q: Quote) -> bool:
    names = gold_speaker_names(doc, attr)
    pred = frozenset(w.lower() for w in _WORD_RE.findall(q.speaker_canonical or q.speaker or ""))
    if names and _same_name(pred - _EN_STOP, names):
        return True
    src = {w.lower() for a, b in attr.source for w in _WORD_RE.findall(doc.text[a:b])}
    written = {w.lower() for w in _WORD_RE.findall(q.speaker or "")}
    return bool((written & src) - _EN_STOP)


def standin_annotate_en(texts: list[str]) -> list[NLPResult]:
    """Development stand-in, used only while ``annotate_texts(..., lang="en")`` answers
    ``no_model:en``: regex sentences, and capitalized word runs as names -- PER when a run
    has two or more words without organisation words, or repeats the last word of such a run
    (the surname), else ORG.  Results so produced are labelled ``pipeline: standin``."""
    from warta.entities import canonicalize

    org = frozenset(
        {
            "house", "senate", "party", "committee", "department", "university", "news",
            "times", "post", "journal", "campaign", "fbi", "cnn", "nbc", "abc", "cbs",
            "fox", "gop", "court", "office", "administration", "council", "association",
            "agency", "foundation", "institute", "center", "centre", "group", "inc", "corp",
            "company", "bank", "state", "states",
        }
    )  # fmt: skip
    run = re.compile(r"(?:(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov)\.\s+)?[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)*")
    out: list[NLPResult] = []
    for text in texts:
        sents = split_sentences(text)
        found: list[tuple[str, int, int, int]] = []
        for s in sents:
            for m in run.finditer(s.text):
                words = m.group().split()
                if m.start() == 0 and len(words) == 1:
                    continue  # a capitalized sentence opener
                found.append((m.group(), s.start + m.start(), s.start + m.end(), s.index))
        surnames = {
            g.split()[-1]
            for g, *_ in found
            if len(g.split()) >= 2 and not ({w.lower() for w in g.split()} & org)
        }
        ents: list[EntityMention] = []
        for g, a, b, si in found:
            words = g.split()
            lower = {w.lower().strip(".") for w in words}
            per = not (lower & org) and (len(words) >= 2 or words[-1] in surnames)
            ents.append(EntityMention(g, "PER" if per else "ORG", a, b, si))
        out.append(NLPResult("en", "ok", "standin", sents, canonicalize(ents, text), []))
    return out


def _english_annotator() -> tuple[Annotator, str]:
    """The real pipeline when English models exist, else the clearly named stand-in."""
    from warta.nlp.annotate import annotate_texts

    probe = annotate_texts(["Warta checks whether English models exist."], lang="en")
    if probe and probe[0].status.startswith("no_model"):
        return standin_annotate_en, "standin"

    def run(texts: list[str]) -> list[NLPResult]:
        return annotate_texts(texts, lang="en")

    return run, "stanza"


def evaluate_quotes_en(
    data_dir: Path | None = None,
    *,
    annotate: Annotator | None = None,
    limit: int | None = None,
    keep_errors: int = 0,
) -> dict[str, Any]:
    """Content P/R/F1 and speaker accuracy of English quotes on PolNeAR dev."""
    data_dir = data_dir or default_polnear_dir()
    if not (data_dir / "text").is_dir():
        # A ValueError like any language without evaluation data (the CLI reports it so).
        raise ValueError(f"no quote evaluation data for language 'en': no PolNeAR in {data_dir}")
    docs = read_polnear(data_dir)
    if limit is not None:
        docs = docs[:limit]
    pipeline = "custom"
    if annotate is None:
        annotate, pipeline = _english_annotator()
    results = annotate([d.text for d in docs])
    verbs = _speech_cue_words()
    c = {k: 0 for k in ("gold", "gold_all", "pred", "pred_direct", "pred_ok", "tp", "tp_all")}
    c.update(speaker_total=0, speaker_correct=0, speaker_unresolved=0, gold_direct=0, tp_direct=0)
    errors: list[dict[str, Any]] = []
    for doc, res in zip(docs, results, strict=True):
        quotes = extract_quotes(doc.text, res.sentences, res.entities, lang="en")
        attrs = [a for a in doc.attributions if a.content]
        speech = [is_speech(a, doc.text, verbs) for a in attrs]
        c["gold"] += sum(speech)
        c["gold_all"] += len(attrs)
        c["pred"] += len(quotes)
        c["pred_direct"] += sum(q.kind == "direct" for q in quotes)
        best_for: dict[int, tuple[float, Quote]] = {}
        for q in quotes:
            scores = [
                (content_match(doc.text, (q.start, q.end), a.content), i)
                for i, a in enumerate(attrs)
            ]
            ov, gi = max(scores, default=(0.0, -1))
            if ov >= MIN_OVERLAP:
                c["pred_ok"] += 1
                if gi not in best_for or ov > best_for[gi][0]:
                    best_for[gi] = (ov, q)
            elif len(errors) < keep_errors:
                errors.append({"kind": "fp", "quote": q.text[:120], "speaker": q.speaker})
        for i, a in enumerate(attrs):
            direct_gold = any(_QUOTE_MARKS_RE.search(doc.text[x:y]) for x, y in a.content)
            if speech[i] and direct_gold:
                c["gold_direct"] += 1
            if i not in best_for:
                if speech[i] and len(errors) < keep_errors:
                    errors.append(
                        {
                            "kind": "fn",
                            "content": doc.text[a.content[0][0] : a.content[-1][1]][:160],
                        }
                    )
                continue
            c["tp_all"] += 1
            if not speech[i]:
                continue
            c["tp"] += 1
            c["tp_direct"] += int(direct_gold)
            q = best_for[i][1]
            if not a.source:
                continue
            c["speaker_total"] += 1
            c["speaker_unresolved"] += int(q.speaker_canonical is None)
            if speaker_correct(doc, a, q):
                c["speaker_correct"] += 1
            elif len(errors) < keep_errors:
                src = " ".join(doc.text[x:y] for x, y in a.source)
                errors.append(
                    {
                        "kind": "speaker",
                        "gold": src,
                        "speaker": q.speaker,
                        "canonical": q.speaker_canonical,
                        "quote": q.text[:80],
                    }
                )
    p = c["pred_ok"] / c["pred"] if c["pred"] else 0.0
    r = c["tp"] / c["gold"] if c["gold"] else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "lang": "en",
        "dataset": f"PolNeAR {data_dir.name}",
        "pipeline": pipeline,
        "documents": len(docs),
        "gold": c["gold"],
        "gold_all_attributions": c["gold_all"],
        "predicted": c["pred"],
        "predicted_direct": c["pred_direct"],
        "predicted_correct": c["pred_ok"],
        "matched": c["tp"],
        "precision": p,
        "recall": r,
        "f1": f1,
        "recall_all_attributions": c["tp_all"] / c["gold_all"] if c["gold_all"] else 0.0,
        "matched_all_attributions": c["tp_all"],
        "gold_direct": c["gold_direct"],
        "matched_direct": c["tp_direct"],
        "speaker_total": c["speaker_total"],
        "speaker_correct": c["speaker_correct"],
        "speaker_accuracy": (
            c["speaker_correct"] / c["speaker_total"] if c["speaker_total"] else 0.0
        ),
        "speaker_unresolved": c["speaker_unresolved"],
        "errors": errors,
    }


def _print_en(results: dict[str, Any]) -> None:
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
