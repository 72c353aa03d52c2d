"""PFSA-ID dev (Indonesian Kompas news, BILOU labels): reading it, and its gold quotes.

The data (``<shared>/data/nlp/quotes/pfsa-id/pfsa-id__dev-40.txt``, CC BY-NC-SA) is read at
run time only; nothing of it is stored in the repository.

**Format.**  One ``token<TAB>label`` per line, a blank line between sentences, no document
markers.  Documents are cut where a sentence opens with a Kompas dateline (``JAKARTA ,
KOMPAS —``) or where a second ``ISSUE`` span (one per article: its lede) begins.  The text
is rebuilt from the tokens (no space before closing punctuation, quotation marks attached to
the side they open or close), so the real pipeline (Stanza tokenizer, NER, entity
canonicalization, then ``extract_quotes``) runs on running text, not on gold tokens.

**Gold quotes** are the ``STATEMENT`` spans.  PFSA-ID annotates *direct* quotes of public
figures only (every span is in quotation marks and has a ``CUE`` or ``CUECOREF``).

**Speaker.**  The gold speaker of a statement is linked as the annotators link it:

* a ``CUE`` right after the statement (``” kata Presiden``) -> the first ``PERSON`` or
  ``PERSONCOREF`` span after that cue in the same sentence;
* a ``CUECOREF`` (``ujarnya``), or a cue with no person after it -> the last ``PERSON`` /
  ``PERSONCOREF`` span before the statement, outside other statements;
* a ``PERSONCOREF`` is then resolved to the person it points at: the latest earlier
  ``PERSON`` sharing a name token (``Risma`` -> ``Tri Rismaharini``), and for pronouns and
  bare titles (``dia``, ``Presiden``) the latest earlier ``PERSON``.

The gold name is the set of name tokens of that person (titles and pronouns removed).
How predictions are scored against these is in :mod:`.pfsa_scoring`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from warta.nlp.paths import nlp_data_dir
from warta.nlp.quotes import load_cues
from warta.tooling.quotes_eval.matching import name_tokens, title_words

PFSA_FILE = "pfsa-id__dev-40.txt"

_QUOTE_CHARS = set('"“”„«»‘’')
_NO_SPACE_BEFORE = set(".,;:!?%)]}…")
_NO_SPACE_AFTER = set("([{")

# (first token, end token, "PERSON" or "COREF") of a person mentioned outside statements.
Mention = tuple[int, int, str]


def default_data_dir() -> Path:
    """``$WARTA_SHARED/data/nlp/quotes/pfsa-id`` (``<repo>/../shared`` when unset)."""
    return nlp_data_dir() / "quotes" / "pfsa-id"


# --------------------------------------------------------------------------- reading


@dataclass
class PfsaDoc:
    tokens: list[str]
    labels: list[str]
    sent_starts: list[int]  # token indexes where a sentence starts
    text: str = ""
    offsets: list[tuple[int, int]] = field(default_factory=list)


def _is_dateline(tokens: list[str]) -> bool:
    return "KOMPAS" in tokens[:6]


def _read_sentences(path: Path) -> list[tuple[list[str], list[str]]]:
    """``(tokens, labels)`` of each sentence of the BILOU file."""
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
    return sentences


def read_pfsa(path: Path) -> list[PfsaDoc]:
    """Sentences of the BILOU file grouped into documents (see the module docstring)."""
    docs: list[PfsaDoc] = []
    cur: PfsaDoc | None = None
    has_issue = False
    for toks, labs in _read_sentences(path):
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


def speaker_stop_words() -> frozenset[str]:
    """Words that are no part of an Indonesian speaker's name: titles and pronouns."""
    cues = load_cues("id")
    return title_words() | (cues.pronouns if cues else frozenset())


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


def gold_quotes(doc: PfsaDoc) -> list[GoldQuote]:
    """The ``STATEMENT`` spans with their speakers linked (see the module docstring)."""
    stop = speaker_stop_words()
    statements = _spans(doc.labels, "STATEMENT")
    mentions = _person_mentions(doc.labels, statements)
    sent_ends = sorted(doc.sent_starts[1:]) + [len(doc.tokens)]
    out: list[GoldQuote] = []
    for a, b in statements:
        end = _sentence_end(sent_ends, b - 1, len(doc.tokens))
        speaker = _linked_speaker(doc.labels, mentions, a, b, end)
        if speaker is None:
            out.append(GoldQuote(a, b, frozenset(), ""))
            continue
        names, shown = _resolve_speaker(doc.tokens, mentions, stop, speaker)
        out.append(GoldQuote(a, b, names, shown))
    return out


def _person_mentions(labels: Sequence[str], statements: list[tuple[int, int]]) -> list[Mention]:
    """``PERSON`` and ``PERSONCOREF`` spans in text order, those inside statements left out
    (a person quoted is not the one quoting)."""
    inside: set[int] = set()
    for a, b in statements:
        inside.update(range(a, b))
    persons = _spans(labels, "PERSON")
    corefs = _spans(labels, "PERSONCOREF")
    return sorted(
        [(a, b, "PERSON") for a, b in persons if a not in inside]
        + [(a, b, "COREF") for a, b in corefs if a not in inside]
    )


def _sentence_end(sent_ends: list[int], i: int, n_tokens: int) -> int:
    """The end (exclusive) of the sentence holding token ``i``."""
    for e in sent_ends:
        if e > i:
            return e
    return n_tokens


def _linked_speaker(
    labels: Sequence[str], mentions: list[Mention], a: int, b: int, end: int
) -> Mention | None:
    """The person a statement ``[a, b)`` ending its sentence at ``end`` is attributed to: the
    first after a ``CUE`` that follows it, else the last before it."""
    cue_at = None
    for k in range(b, min(b + 6, len(labels))):
        if labels[k].endswith("-CUE") or labels[k].endswith("-CUECOREF"):
            cue_at = k
            break
    if cue_at is not None and labels[cue_at].endswith("-CUE"):
        for m in mentions:
            if cue_at < m[0] < max(end, cue_at + 2) and m[0] - cue_at <= 25:
                return m
    before = [m for m in mentions if m[1] <= a]
    return before[-1] if before else None


def _resolve_speaker(
    tokens: Sequence[str], mentions: list[Mention], stop: frozenset[str], mention: Mention
) -> tuple[frozenset[str], str]:
    """Name tokens and shown text of the person a mention stands for: a ``PERSONCOREF``
    points at the latest earlier ``PERSON`` sharing (the start of) a name token, and a
    pronoun or bare title at the latest earlier ``PERSON``."""
    a, b, kind = mention
    surface = [tokens[k] for k in range(a, b)]
    names = name_tokens(surface, stop)
    if kind == "PERSON":
        return names, " ".join(surface)
    earlier = [m for m in mentions if m[2] == "PERSON" and m[1] <= a]
    for pa, pb, _ in reversed(earlier):
        full = name_tokens(tokens[pa:pb], stop)
        if names and (
            names & full
            or any(f.startswith(n) or n.startswith(f) for n in names for f in full if len(n) > 2)
        ):
            return full | names, " ".join(tokens[pa:pb])
    if not names and earlier:
        pa, pb, _ = earlier[-1]
        return name_tokens(tokens[pa:pb], stop), " ".join(tokens[pa:pb])
    return names, " ".join(surface)
