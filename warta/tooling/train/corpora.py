"""Reading the training data: NER files in their several formats, CoNLL-U treebanks and the
raw news corpus, turned into what Stanza's scripts and the word vectors are trained on.

Also used by :mod:`warta.tooling.evaluate_models`, so that the NER test sets are read with
the same tag mapping the models were trained with.
"""

from __future__ import annotations

import re
from pathlib import Path

from warta.tooling.train.recipes import LanguageRecipe

Sentence = list[tuple[str, str]]

NER_TAG_MAP: dict[str, str] = {
    # Only PER / ORG / LOC are kept: MISC (CoNLL, wikigold) and OTH (the preliminary UNER
    # file) become O, as does UNER's stray "B-O".
    "MISC": "O",
    "OTH": "O",
    "O": "O",
    "GPE": "LOC",
    "PERSON": "PER",
    "PLACE": "LOC",
    "LOCATION": "LOC",
    "ORGANISATION": "ORG",
    "ORGANIZATION": "ORG",
}


def read_ner_file(path: Path) -> list[Sentence]:
    """Sentences of ``(token, tag)`` from the NER formats in the shared data.

    * UNER ``.iob2``: ``# comment`` lines, then ``ID<TAB>TOKEN<TAB>TAG[<TAB>...]``;
    * CoNLL-style: ``TOKEN [POS CHUNK] TAG`` (space or tab separated; ``-DOCSTART-`` skipped).

    Tags come back mapped onto PER / ORG / LOC (MISC, OTH and odd tags -> O) and in IOB2,
    whatever scheme the file used (wikigold is IOB1).
    """
    sentences: list[Sentence] = []
    current: Sentence = []
    uner = path.suffix == ".iob2"
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            if current:
                sentences.append(current)
            current = []
            continue
        token_and_tag = _uner_token(raw) if uner else _conll_token(line)
        if token_and_tag is not None:
            token, tag = token_and_tag
            current.append((token, map_tag(tag)))
    if current:
        sentences.append(current)
    return [to_iob2(s) for s in sentences]


def _uner_token(raw: str) -> tuple[str, str] | None:
    """``(token, tag)`` of a UNER line; None for comments, multi-word ranges and empty nodes."""
    if raw.strip().startswith("#"):
        return None
    parts = raw.rstrip("\r\n").split("\t")
    if len(parts) < 3 or "-" in parts[0] or "." in parts[0]:
        return None
    return parts[1], parts[2]


def _conll_token(line: str) -> tuple[str, str] | None:
    """``(token, tag)`` of a CoNLL-style line; None for document markers and tagless lines."""
    parts = line.split()
    if parts[0] == "-DOCSTART-" or len(parts) < 2:
        return None
    return parts[0], parts[-1]


def map_tag(tag: str) -> str:
    """``B-PERSON`` -> ``B-PER``; MISC / OTH / ``B-O`` / unknown labels -> ``O``."""
    if "-" not in tag:
        return "O"
    prefix, label = tag.split("-", 1)
    label = NER_TAG_MAP.get(label.upper(), label.upper())
    if label not in ("PER", "ORG", "LOC") or prefix not in ("B", "I", "E", "S"):
        return "O"
    return f"{prefix}-{label}"


def to_iob2(sentence: Sentence) -> Sentence:
    """IOB1 (or broken IOB2) to IOB2: an ``I-X`` that does not continue an X starts one."""
    out: Sentence = []
    prev = "O"
    for token, tag in sentence:
        if tag.startswith("I-") and prev[2:] != tag[2:]:
            tag = "B-" + tag[2:]
        out.append((token, tag))
        prev = tag
    return out


def ner_sources(
    recipe: LanguageRecipe, data: Path, split: str, extra: tuple[str, ...]
) -> list[Path]:
    """The NER files of one split: the recipe's explicit files, else ``ner_dir/<split>.txt``;
    ``extra`` files are added to the training split only."""
    explicit = {"train": recipe.ner_train, "dev": recipe.ner_dev, "test": recipe.ner_test}
    if explicit[split]:
        sources = [data / rel for rel in explicit[split]]
    else:
        sources = [data / recipe.ner_dir / f"{split}.txt"]
    if split == "train":
        sources += [data / e for e in extra]
    return sources


def write_bio(sources: list[Path], dest: Path) -> None:
    """``token<TAB>tag`` lines (IOB2, PER/ORG/LOC only), a blank line after each sentence: the
    input of Stanza's ``prepare_ner_file``."""
    with dest.open("w", encoding="utf-8") as out:
        for src in sources:
            for sent in read_ner_file(src):
                out.writelines(f"{tok}\t{t}\n" for tok, t in sent)
                out.write("\n")


def rough_tokens(line: str) -> list[str]:
    """Split running text roughly the way UD English does (``don't`` -> ``do n't``)."""
    return re.findall(r"\w+(?=n't)|n't|'\w+|\w+(?:[-.]\w+)*|[^\w\s]", line)


def conllu_word_lists(path: Path) -> list[list[str]]:
    """Lowercased word forms of each sentence of a CoNLL-U file (multi-word token ranges and
    empty nodes left out: their ids are not plain numbers)."""
    sentences: list[list[str]] = []
    words: list[str] = []
    for line in path.read_text("utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) > 1 and parts[0].isdigit():
            words.append(parts[1].lower())
        elif not line.strip() and words:
            sentences.append(words)
            words = []
    if words:
        sentences.append(words)
    return sentences


def conllu_texts(path: Path) -> str:
    """The ``# text = `` lines of a CoNLL-U file, one sentence a line."""
    prefix = "# text = "
    lines = path.read_text(encoding="utf-8").splitlines()
    return "".join(line[len(prefix) :] + "\n" for line in lines if line.startswith(prefix))


def vector_sentences(recipe: LanguageRecipe, data: Path) -> list[list[str]]:
    """Lowercased token lists for the word vectors: Stanza looks words up lowercased (NER, POS)."""
    sentences: list[list[str]] = []
    for rel in recipe.corpus.split(","):
        for line in (data / rel).read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            if recipe.corpus_raw:
                sentences.append(rough_tokens(line.lower()))
            else:
                sentences.append(line.lower().split())
    if recipe.corpus_raw:
        # The UD and NER training text (never dev or test), already tokenized.
        for rel in recipe.ud_train:
            sentences += conllu_word_lists(data / recipe.ud_root / rel)
        for rel in recipe.ner_train:
            sentences += [[tok.lower() for tok, _ in sent] for sent in read_ner_file(data / rel)]
    return sentences
