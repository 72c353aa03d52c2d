"""Reading the training data: NER files in their several formats, CoNLL-U treebanks and the
raw news corpus, turned into what Stanza's scripts and the word vectors are trained on.

Also used by :mod:`warta.tooling.evaluate_models`, so that the NER test sets are read with
the same tag mapping the models were trained with.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
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

# Tokens that end a sentence, where files holding whole documents are split.
SENTENCE_END = frozenset({".", "!", "?"})


def read_ner_file(path: Path) -> list[Sentence]:
    """Sentences of ``(token, tag)`` from the NER formats in the shared data.

    * UNER ``.iob2``: ``# comment`` lines, then ``ID<TAB>TOKEN<TAB>TAG[<TAB>...]``;
    * CoNLL-style: ``TOKEN [POS CHUNK] TAG`` (space or tab separated; ``-DOCSTART-`` skipped);
    * IO with bare labels (``Jawa<TAB>Place``, the DBpedia gold standard of Luthfi et al.):
      a blank line separates *documents*, so blocks are split into sentences.

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
    if _bare_labels(path, uner):
        sentences = [part for s in sentences for part in split_sentences(s)]
    return [to_iob2(s) for s in sentences]


def _bare_labels(path: Path, uner: bool) -> bool:
    """Whether a CoNLL-style file tags with bare labels (``Person``, not ``B-PER``): IO files."""
    if uner:
        return False
    for line in path.read_text(encoding="utf-8").splitlines():
        token_and_tag = _conll_token(line.strip()) if line.strip() else None
        if token_and_tag is not None and token_and_tag[1] != "O":
            return "-" not in token_and_tag[1]
    return False


def split_sentences(sentence: Sentence) -> list[Sentence]:
    """Cut a document after each untagged ``.`` / ``!`` / ``?`` that has a token after it."""
    parts: list[Sentence] = [[]]
    for i, (token, tag) in enumerate(sentence):
        parts[-1].append((token, tag))
        if token in SENTENCE_END and tag == "O" and i + 1 < len(sentence):
            parts.append([])
    return [p for p in parts if p]


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
    """``B-PERSON`` -> ``B-PER``; a bare label (IO scheme) ``Place`` -> ``I-LOC`` (:func:`to_iob2`
    then starts the entity); MISC / OTH / ``B-O`` / unknown labels -> ``O``."""
    prefix, label = tag.split("-", 1) if "-" in tag else ("I", tag)
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
    write_bio_sentences([sent for src in sources for sent in read_ner_file(src)], dest)


def write_bio_sentences(sentences: Iterable[Sentence], dest: Path) -> None:
    with dest.open("w", encoding="utf-8") as out:
        for sent in sentences:
            out.writelines(f"{tok}\t{t}\n" for tok, t in sent)
            out.write("\n")


NO_TAG = "-"  # Stanza's "no tag in this layer": the word trains the other layers only


def multitag_sentences(
    main: Sequence[Sentence], aux: Sequence[Sentence]
) -> list[list[tuple[str, str, str]]]:
    """Rows for a two-layer NER model: ``main`` sentences tag both layers, ``aux`` sentences
    (other annotation guidelines) only the second."""
    rows = [[(tok, tag, tag) for tok, tag in s] for s in main]
    rows += [[(tok, NO_TAG, tag) for tok, tag in s] for s in aux]
    return rows


def write_multitag_json(sentences: Sequence[list[tuple[str, ...]]], dest: Path) -> None:
    """Stanza's NER JSON with one tag column per output layer: ``(token, tag0, tag1, ...)``
    per word, ``-`` where a sentence has no tag for that layer (no gradient there)."""
    document = [
        [{"text": token, "ner": tags[0], "multi_ner": list(tags)} for token, *tags in sent]
        for sent in sentences
    ]
    dest.write_text(json.dumps(document, ensure_ascii=False, indent=0), encoding="utf-8")


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
