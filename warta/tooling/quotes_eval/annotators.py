"""What annotates the evaluation texts: the real pipeline (``warta.nlp.annotate``) when its
models load, else a regex stand-in per language, so that the scorers can be developed and
tested without models.  Results say which ran (``pipeline``: stanza, heuristic, standin)."""

from __future__ import annotations

import re

from warta.document import EntityMention, NLPResult
from warta.nlp.quotes import split_sentences
from warta.tooling.quotes_eval.matching import Annotator

_ORG_TEXT = """kementerian dinas badan pt bank universitas partai polda polres pemkot pemprov
pemkab dpr dprd kpk kpu mk ma komisi lembaga rumah sakit rs rsud bumn tbk persero
pengadilan kejaksaan institut sekolah yayasan asosiasi perusahaan grup kantor"""
_ORG_WORDS = frozenset(_ORG_TEXT.split())

_EN_ORG_WORDS = frozenset(
    {
        "house", "senate", "party", "committee", "department", "university", "news",
        "times", "post", "journal", "campaign", "fbi", "cnn", "nbc", "abc", "cbs",
        "fox", "gop", "court", "office", "administration", "council", "association",
        "agency", "foundation", "institute", "center", "centre", "group", "inc", "corp",
        "company", "bank", "state", "states",
    }
)  # fmt: skip
_EN_NAME_RUN = re.compile(
    r"(?:(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov)\.\s+)?[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)*"
)


def heuristic_annotate(texts: list[str]) -> list[NLPResult]:
    """Stand-in for the Stanza pipeline while models are missing: regex sentences and
    capitalized word runs as names (runs with organisation words are ORG).  Only for
    development; the reported evaluation uses ``warta.nlp.annotate``."""
    from warta.nlp.entities import canonicalize

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


def indonesian_annotator() -> tuple[Annotator, str]:
    """The real pipeline when the Indonesian models load, else :func:`heuristic_annotate`."""
    annotate = pipeline_annotator("id")
    if annotate is None:
        return heuristic_annotate, "heuristic"
    return annotate, "stanza"


def standin_annotate_en(texts: list[str]) -> list[NLPResult]:
    """Development stand-in, used only while ``annotate_texts(..., lang="en")`` answers
    ``no_model:en``: regex sentences, and capitalized word runs as names -- PER when a run
    has two or more words without organisation words, or repeats the last word of such a run
    (the surname), else ORG.  Results so produced are labelled ``pipeline: standin``."""
    from warta.nlp.entities import canonicalize

    out: list[NLPResult] = []
    for text in texts:
        sents = split_sentences(text)
        found: list[tuple[str, int, int, int]] = []
        for s in sents:
            for m in _EN_NAME_RUN.finditer(s.text):
                words = m.group().split()
                if m.start() == 0 and len(words) == 1:
                    continue  # a capitalized sentence opener
                found.append((m.group(), s.start + m.start(), s.start + m.end(), s.index))
        surnames = {
            g.split()[-1]
            for g, *_ in found
            if len(g.split()) >= 2 and not ({w.lower() for w in g.split()} & _EN_ORG_WORDS)
        }
        ents: list[EntityMention] = []
        for g, a, b, si in found:
            words = g.split()
            lower = {w.lower().strip(".") for w in words}
            per = not (lower & _EN_ORG_WORDS) and (len(words) >= 2 or words[-1] in surnames)
            ents.append(EntityMention(g, "PER" if per else "ORG", a, b, si))
        out.append(NLPResult("en", "ok", "standin", sents, canonicalize(ents, text), []))
    return out


def english_annotator() -> tuple[Annotator, str]:
    """The real pipeline when English models exist, else the clearly named stand-in."""
    from warta.nlp.annotate import annotate_texts

    probe = annotate_texts(["Warta checks whether English models exist."], lang="en")
    if probe and probe[0].status.startswith("no_model"):
        return standin_annotate_en, "standin"

    def run(texts: list[str]) -> list[NLPResult]:
        return annotate_texts(texts, lang="en")

    return run, "stanza"
