"""PolNeAR dev (English political news, brat standoff): reading it, and its gold side.

PolNeAR (Newell et al., LREC 2018; no license file, research use) is read at run time from
``<shared>/data/nlp/quotes/polnear/dev`` and never copied into the repository.  Each article
is ``text/<name>.txt`` with one or more brat standoff files ``attributions/<name>_<annotator>
.ann`` (text-bound ``T`` lines typed Source / Cue / Content, possibly discontinuous
``a b;c d``, tied together by ``E`` lines ``Attribution:T4 Content:T3 Cue:T2 Source:T1``).
Articles annotated by several annotators use the first annotation file in name order.

**Gold.**  PolNeAR attributes thoughts, intentions, polls and reports as well as speech.
The quotes we extract are speech, so recall is computed over *speech attributions*: those
with a content span and a cue holding a reporting verb of ``warta/data/en/quotes.yaml`` (or
'according to'), or whose content is in quotation marks.  A prediction is correct when it
matches any gold attribution (a true attribution is no false positive).

**Content match.**  Word tokens (``\\w+``); a prediction matches a gold content when they
share at least half of the tokens of the longer, or -- for a discontinuous gold content
('"A," he said. "B."' is one attribution, two spans) -- of the longer of the prediction and
one fragment.  Precision = matched predictions / predictions; recall = gold attributions
with a matching prediction / gold attributions (counted in :mod:`.polnear_scoring`).

**Speaker.**  On matched gold attributions with a source: the gold *names* are the
capitalized words of the source span (titles, determiners and pronouns left out); a source
without any (he, who, 'the source') takes the names of the nearest earlier source that has
some (its coreferent as the annotators' sources chain).  The prediction is right when the
words of its ``speaker_canonical`` (else ``speaker``) share a name with the gold names, or
when its speaker as written shares a content word (not a pronoun or determiner) with the
gold source span ('a spokesperson for the ministry' = 'the spokesperson').
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from warta.document import Quote
from warta.nlp.quotes import load_cues
from warta.tooling.quotes_eval.matching import same_name
from warta.tooling.quotes_eval.pfsa import default_data_dir

POLNEAR_SPLIT = "dev"
# Not part of a name: determiners, pronouns, titles, reporting verbs.
_EN_STOP = frozenset(
    {
        "the", "a", "an", "of", "for", "and", "at", "from", "his", "her", "their", "its",
        "he", "she", "they", "him", "them", "who", "which", "it", "i", "we", "you", "mr",
        "mrs", "ms", "dr", "sen", "rep", "gov", "pres", "president", "senator", "former",
        "new", "jr", "sr", "said", "says",
    }
)  # fmt: skip
QUOTE_MARKS_RE = re.compile(r"[\"“”]")
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


# --------------------------------------------------------------------------- reading


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


# --------------------------------------------------------------------------- gold


def speech_cue_words() -> frozenset[str]:
    """Reporting verbs of ``warta/data/en/quotes.yaml``, and 'according'."""
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
    return any(QUOTE_MARKS_RE.search(text[a:b]) for a, b in attr.content)


def _word_set(text: str, spans: Sequence[tuple[int, int]]) -> set[int]:
    return {m.start() for a, b in spans for m in _WORD_RE.finditer(text, a, b)}


def content_match(text: str, pred: tuple[int, int], gold: Sequence[tuple[int, int]]) -> float:
    """The overlap score of a prediction with a gold content (see the module docstring); a
    match when >= MIN_OVERLAP."""
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
    """Whether the speaker of ``q`` is the source of ``attr`` (see the module docstring)."""
    names = gold_speaker_names(doc, attr)
    pred = frozenset(w.lower() for w in _WORD_RE.findall(q.speaker_canonical or q.speaker or ""))
    if names and same_name(pred - _EN_STOP, names):
        return True
    src = {w.lower() for a, b in attr.source for w in _WORD_RE.findall(doc.text[a:b])}
    written = {w.lower() for w in _WORD_RE.findall(q.speaker or "")}
    return bool((written & src) - _EN_STOP)
