"""Train and ship our own Stanza models for a language, with no model hub.

Everything is rebuilt from the shared data (``$WARTA_SHARED/data/nlp``) with Stanza's own
training scripts, run as subprocesses with the current interpreter so that a crash or a
``sys.exit`` inside Stanza cannot take the caller down and every step leaves a log.

Steps, in order (English, ``en``, has no ``ner2``; its NER data is a mix of corpora with
their own formats, see :data:`RECIPES`):

``vectors``   gensim FastText skip-gram (100 dim) on the shared corpus (for English: the news
              corpus plus the UD and NER training text) -> text vectors ->
              Stanza pretrain ``.pt`` with a capped vocabulary (keeps the file small)
``charlm``    optional forward and backward character language models (the NER tagger reads
              their states as features); off in both recipes, see the ``en`` recipe's note
``tokenize``  tokenizer + sentence splitter trained on UD Indonesian / UD English-EWT
``mwt``       multi-word-token expander (``ujarnya`` -> ``ujar`` + ``nya``; ``don't`` -> ``do n't``)
``ner``       NER tagger (PER, ORG, LOC) on IDNer news 2k / UNER English-EWT + BTC + wikigold
``ner2``      second NER tagger on IDNer + NERGrit; the pipeline runs it after ``ner`` to fill
              spans the first one left untagged (float16 file)
``pos``       POS tagger on the UD treebank (uses the pretrain; float16 file)
``lemma``     dictionary lemmatizer on the UD treebank

The shipped files land in ``warta/models/<lang>/`` (see :func:`warta.nlp.paths.shipped_model_dir`).

Run: ``python -m warta.nlp.train id|en [--steps tokenize,mwt] [--workdir DIR]``.
Set ``OMP_NUM_THREADS=1`` when running two of these side by side on a 2-core machine.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from warta.nlp.paths import nlp_data_dir, shipped_model_dir

log = logging.getLogger("warta.nlp.train")

STEPS: tuple[str, ...] = (
    "vectors",
    "charlm",
    "tokenize",
    "mwt",
    "ner",
    "ner2",
    "pos",
    "lemma",
)


@dataclass(frozen=True)
class LanguageRecipe:
    """Data and hyper-parameters for one language; the values are what the model card reports."""

    lang: str
    treebank: str  # name of the stand-in UD folder Stanza's scripts see
    corpus: str  # relative to data/nlp ("," separates several files)
    ner_dir: str  # relative to data/nlp; holds train.txt / dev.txt / test.txt
    ud_train: tuple[str, ...]  # relative to data/nlp/<ud_root>
    ud_dev: tuple[str, ...]
    ud_test: tuple[str, ...]
    # Extra NER training files (relative to data/nlp), ``token ... TAG`` lines, with their
    # tag names mapped onto ours (NERGrit says PERSON / PLACE / ORGANISATION).
    ner_extra: tuple[str, ...] = ()
    # A second NER model trained on the NER data plus ``ner2_extra``; the pipeline runs it
    # after the first and it only fills spans the first left untagged.
    ner2_extra: tuple[str, ...] = ()
    # Explicit NER files per split (relative to data/nlp), used instead of ``ner_dir``;
    # the format is read from each file (see :func:`read_ner_file`).
    ner_train: tuple[str, ...] = ()
    ner_dev: tuple[str, ...] = ()
    ner_test: tuple[str, ...] = ()
    # Raw running text (paragraphs) in the corpus: tokenize it for the word vectors, and add
    # the UD and NER *training* text to it.
    corpus_raw: bool = False
    ud_root: str = "ud"
    vector_dim: int = 100
    vector_epochs: int = 10
    vector_min_count: int = 3
    max_vocab: int = 25_000
    tokenizer_steps: int = 2000
    tokenizer_eval_steps: int = 250
    # Character language models (the ``charlm`` step; empty: no charlm, NER without one).
    charlm_corpus: str = ""
    charlm_dev: str = ""  # a CoNLL-U file (under ud_root) whose ``# text`` lines score it
    charlm_hidden_dim: int = 256  # Stanza's default 1024 is days of CPU; 256 is minutes
    charlm_epochs: int = 10
    ner_max_steps: int = 3000
    ner_eval_interval: int = 150
    ner_max_steps_no_improve: int = 1200
    ner_optim: str = "sgd"  # Stanza's default; "adam" converges in fewer steps on big data
    ner_lr: float = 0.1
    pos_max_steps: int = 600
    pos_eval_interval: int = 200
    # Stanza's default (250) stalls in the backward pass on this CPU build; small batches run.
    pos_batch_size: int = 10
    lemma_epochs: int = 20
    # Dictionary lemmatizer (seconds to train, no POS needed at run time) instead of the
    # seq2seq one, which is slow to train on two CPU cores and wants predicted POS.
    lemma_dict_only: bool = True
    seed: int = 1234


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


RECIPES: dict[str, LanguageRecipe] = {
    "id": LanguageRecipe(
        lang="id",
        # GSD's own train file is not available here: a stand-in folder with this name holds
        # train = GSD dev + CSUI train + PUD, dev = CSUI test, test = GSD test.
        treebank="UD_Indonesian-GSD",
        corpus="corpus/id_corpus.txt",
        ner_dir="ner/idner_news_2k",
        # NERGrit (Apache-2.0) labels PERSON / PLACE / ORGANISATION with other guidelines:
        # mixed in, it lowers the IDNer score but finds more foreign names and places.
        ner2_extra=("ner/indonlu_nergrit_ner-grit/train_preprocess.txt",),
        ud_train=(
            "UD_Indonesian-GSD/id_gsd-ud-dev.conllu",
            "UD_Indonesian-CSUI/id_csui-ud-train.conllu",
            "UD_Indonesian-PUD/id_pud-ud-test.conllu",
        ),
        ud_dev=("UD_Indonesian-CSUI/id_csui-ud-test.conllu",),
        ud_test=("UD_Indonesian-GSD/id_gsd-ud-test.conllu",),
    ),
    "en": LanguageRecipe(
        lang="en",
        treebank="UD_English-EWT",
        corpus="en/corpus/wikinews_2019_2020.txt,en/corpus/bbc_news_2004_2005.txt",
        corpus_raw=True,
        ner_dir="en/ner/uner_en_ewt",
        # UNER English-EWT (CC BY-SA 4.0; the preliminary train file, OTH and B-O -> O),
        # BTC (CC BY 4.0; all sections but h) and wikigold (CC BY 4.0; IOB1, MISC -> O).
        # CoNLL-2003 is Reuters text (research use only): evaluated on, never trained on.
        ner_train=(
            "en/ner/uner_en_ewt/en_ewt-ud-train.PRELIMINARY-0c7ce0d.iob2",
            "en/ner/btc/a.conll",
            "en/ner/btc/b.conll",
            "en/ner/btc/e.conll",
            "en/ner/btc/f.conll",
            "en/ner/btc/g.conll",
            "en/ner/wikigold/wikigold.conll.txt",
        ),
        ner_dev=("en/ner/uner_en_ewt/en_ewt-ud-dev.iob2",),
        ner_test=("en/ner/uner_en_pud/en_pud-ud-test.iob2",),
        ud_root="en/ud",
        ud_train=("UD_English-EWT/en_ewt-ud-train.conllu",),
        ud_dev=("UD_English-EWT/en_ewt-ud-dev.conllu",),
        ud_test=("UD_English-EWT/en_ewt-ud-test.conllu",),
        # Character LMs were tried (hidden 256, 10 epochs on the news corpus, 27 min): UNER PUD
        # F1 61.73 vs 62.79 without, so the shipped NER has none.  To try again:
        #   --steps charlm,ner --set charlm_corpus=en/corpus/bbc_news_2004_2005.txt,...
        charlm_dev="UD_English-EWT/en_ewt-ud-dev.conllu",
        max_vocab=30_000,
        tokenizer_steps=3000,
        tokenizer_eval_steps=500,
        # Four epochs at most on two CPU cores: Adam gets much further than Stanza's default
        # SGD (lr 0.1) in that budget (UNER EWT dev F1 53.3 vs 43.4 after 300 steps; SGD
        # stalled at 62.5 after 1800).
        ner_max_steps=3000,
        ner_eval_interval=300,
        ner_max_steps_no_improve=1500,
        ner_optim="adam",
        ner_lr=0.001,
        pos_max_steps=1000,
        pos_eval_interval=250,
    ),
}


class TrainingError(RuntimeError):
    pass


Sentence = list[tuple[str, str]]


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
        if uner:
            if line.startswith("#"):
                continue
            parts = raw.rstrip("\r\n").split("\t")
            if len(parts) < 3 or "-" in parts[0] or "." in parts[0]:
                continue
            token, tag = parts[1], parts[2]
        else:
            parts = line.split()
            if parts[0] == "-DOCSTART-":
                continue
            if len(parts) < 2:
                continue
            token, tag = parts[0], parts[-1]
        current.append((token, map_tag(tag)))
    if current:
        sentences.append(current)
    return [to_iob2(s) for s in sentences]


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


def default_workdir(lang: str) -> Path:
    return Path(tempfile.gettempdir()) / f"warta-train-{lang}"


def _short_name(treebank: str) -> str:
    # Stanza derives "id_gsd" from "UD_Indonesian-GSD"; mirror that without importing it.
    from stanza.models.common.constant import treebank_to_short_name

    return str(treebank_to_short_name(treebank))


class _Trainer:
    def __init__(self, recipe: LanguageRecipe, workdir: Path, ship: bool = True) -> None:
        self.r = recipe
        self.work = workdir
        self.data = nlp_data_dir()
        # Experiments (ship=False) keep their models in the work dir only.
        self.out = shipped_model_dir(recipe.lang) if ship else workdir / "ship"
        self.udbase = workdir / "ud"
        self.data_root = workdir / "data"
        self.models = workdir / "models"
        self.logs = workdir / "logs"
        self.short = _short_name(recipe.treebank)
        for d in (self.udbase, self.data_root, self.models, self.logs, self.out):
            d.mkdir(parents=True, exist_ok=True)
        self.results: dict[str, dict[str, object]] = {}

    # -- helpers ---------------------------------------------------------------------------

    @property
    def pretrain_path(self) -> Path:
        return self.models / f"{self.r.lang}_pretrain.pt"

    def _env(self) -> dict[str, str]:
        env = dict(os.environ)
        # Stanza's run_* scripts find their data through these variables.
        env["UDBASE"] = str(self.udbase)
        env["DATA_ROOT"] = str(self.data_root)
        # Keep Stanza away from the user's resources: nothing may be downloaded.
        env.setdefault("STANZA_RESOURCES_DIR", str(self.work / "stanza_resources"))
        env["PYTHONUNBUFFERED"] = "1"
        return env

    def _run(self, step: str, args: Sequence[str]) -> str:
        """Run ``python -m <args>`` in the work dir, tee output to a log, return the output."""
        cmd = [sys.executable, "-m", *args]
        log_path = self.logs / f"{step}.log"
        log.info("[%s] %s", step, " ".join(cmd))
        started = time.monotonic()
        lines: list[str] = []
        with log_path.open("a", encoding="utf-8") as fh:
            fh.write(f"$ {' '.join(cmd)}\n")
            proc = subprocess.Popen(
                cmd,
                cwd=self.work,
                env=self._env(),
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                encoding="utf-8",
                errors="replace",
            )
            assert proc.stdout is not None
            for line in proc.stdout:
                fh.write(line)
                fh.flush()
                lines.append(line)
                # Surface only Stanza's progress lines, not every training step.
                if re.search(r"(score|F1|Tokens|UPOS|Words|dev|Finished|best)", line, re.I):
                    log.debug("[%s] %s", step, line.rstrip())
            rc = proc.wait()
        elapsed = time.monotonic() - started
        log.info("[%s] finished rc=%d in %.0f s (log: %s)", step, rc, elapsed, log_path)
        if rc != 0:
            tail = "".join(lines[-30:])
            raise TrainingError(f"step {step!r} failed (rc={rc}); see {log_path}\n{tail}")
        self.results.setdefault(step, {})["seconds"] = round(elapsed, 1)
        return "".join(lines)

    def _ship(self, src: Path, name: str, half: bool = False) -> Path:
        dest = self.out / name
        if not half and src.stat().st_size > 15_000_000:
            # A NER model stores its fine-tuned copy of the word vectors: 22 MB for English.
            log.info("%s is over 15 MB: shipping it with float16 weights", src.name)
            half = True
        if half:
            _save_half_precision(src, dest)
        else:
            shutil.copyfile(src, dest)
        size = dest.stat().st_size / 1e6
        log.info("shipped %s (%.2f MB)", dest, size)
        if size > 15:
            raise TrainingError(f"{dest} is {size:.1f} MB, over the 15 MB limit per model")
        return dest

    def _concat(self, parts: Iterable[str], dest: Path) -> None:
        with dest.open("w", encoding="utf-8") as out:
            for rel in parts:
                text = (self.data / self.r.ud_root / rel).read_text(encoding="utf-8")
                text = text.strip("\n")
                out.write(text + "\n\n")

    def _prepare_ud(self) -> None:
        """Build the stand-in treebank folder that Stanza's prepare scripts read."""
        tb = self.udbase / self.r.treebank
        tb.mkdir(parents=True, exist_ok=True)
        for split, parts in (
            ("train", self.r.ud_train),
            ("dev", self.r.ud_dev),
            ("test", self.r.ud_test),
        ):
            self._concat(parts, tb / f"{self.short}-ud-{split}.conllu")

    # -- steps ----------------------------------------------------------------------------

    def vectors(self) -> None:
        from gensim.models import FastText

        started = time.monotonic()
        sentences = self._vector_sentences()
        corpus = self.r.corpus
        log.info("[vectors] FastText on %d sentences from %s", len(sentences), corpus)
        model = FastText(
            sentences=sentences,
            vector_size=self.r.vector_dim,
            sg=1,
            epochs=self.r.vector_epochs,
            min_count=self.r.vector_min_count,
            workers=max(1, min(4, os.cpu_count() or 1)),
            seed=self.r.seed,
        )
        kv = model.wv
        # index_to_key is sorted by frequency, so the cap keeps the most frequent words.
        words = kv.index_to_key[: self.r.max_vocab]
        vec_file = self.models / f"{self.r.lang}_vectors.txt"
        with vec_file.open("w", encoding="utf-8") as fh:
            fh.write(f"{len(words)} {self.r.vector_dim}\n")
            for w in words:
                fh.write(w + " " + " ".join(f"{x:.5f}" for x in kv[w]) + "\n")
        log.info("[vectors] %d words written in %.0f s", len(words), time.monotonic() - started)
        self.pretrain_path.unlink(missing_ok=True)  # convert_pretrain never overwrites
        self._run(
            "vectors",
            [
                "stanza.models.common.convert_pretrain",
                str(self.pretrain_path),
                str(vec_file),
                str(self.r.max_vocab),
            ],
        )
        self._ship(self.pretrain_path, f"{self.r.lang}_pretrain.pt")
        self.results["vectors"].update(
            {"words": len(words), "seconds_total": round(time.monotonic() - started, 1)}
        )

    def _charlm_path(self, direction: str) -> Path:
        return self.models / f"{self.r.lang}_charlm_{direction}.pt"

    def charlm(self) -> None:
        if not self.r.charlm_corpus:
            log.info("[charlm] no charlm corpus configured for %s: skipped", self.r.lang)
            return
        train_dir = self.data_root / "charlm" / "train"
        train_dir.mkdir(parents=True, exist_ok=True)
        with (train_dir / "corpus.txt").open("w", encoding="utf-8") as out:
            for rel in self.r.charlm_corpus.split(","):
                out.write((self.data / rel).read_text(encoding="utf-8").rstrip("\n") + "\n")
        dev = self.data_root / "charlm" / "dev.txt"
        dev.write_text(
            "".join(
                line[len("# text = ") :] + "\n"
                for line in (self.data / self.r.ud_root / self.r.charlm_dev)
                .read_text(encoding="utf-8")
                .splitlines()
                if line.startswith("# text = ")
            ),
            encoding="utf-8",
        )
        for direction in ("forward", "backward"):
            path = self._charlm_path(direction)
            self._run(
                "charlm",
                [
                    "stanza.models.charlm",
                    "--train_dir",
                    str(train_dir),
                    "--eval_file",
                    str(dev),
                    "--shorthand",
                    f"{self.r.lang}_news",
                    "--direction",
                    direction,
                    "--char_hidden_dim",
                    str(self.r.charlm_hidden_dim),
                    "--epochs",
                    str(self.r.charlm_epochs),
                    "--eval_steps",
                    "-1",  # score on dev after every epoch, keep the best
                    "--cutoff",
                    "5",  # characters seen fewer times are UNK (the default assumes GBs)
                    "--save_dir",
                    str(self.models),
                    "--save_name",
                    path.name,
                    "--vocab_save_name",
                    f"{self.r.lang}_charlm_vocab.pt",
                    "--checkpoint_save_name",
                    str(self.models / f"{self.r.lang}_charlm_{direction}_checkpoint.pt"),
                    "--seed",
                    str(self.r.seed),
                    "--cpu",
                ],
            )
            self._ship(path, path.name)

    def _charlm_args(self) -> list[str]:
        if not self.r.charlm_corpus:
            return []
        forward, backward = self._charlm_path("forward"), self._charlm_path("backward")
        if not (forward.exists() and backward.exists()):
            raise TrainingError("the NER step needs the charlm: run the 'charlm' step first")
        return [
            "--charlm",
            "--charlm_shorthand",  # required by Stanza even with explicit files
            f"{self.r.lang}_news",
            "--charlm_forward_file",
            str(forward),
            "--charlm_backward_file",
            str(backward),
        ]

    def _vector_sentences(self) -> list[list[str]]:
        """Lowercased token lists: Stanza looks words up lowercased (NER, POS)."""
        sentences: list[list[str]] = []
        for rel in self.r.corpus.split(","):
            text = (self.data / rel).read_text(encoding="utf-8")
            for line in text.splitlines():
                if not line.strip():
                    continue
                if self.r.corpus_raw:
                    sentences.append(_rough_tokens(line.lower()))
                else:
                    sentences.append(line.lower().split())
        if self.r.corpus_raw:
            # The UD and NER training text (never dev or test), already tokenized.
            for rel in self.r.ud_train:
                words: list[str] = []
                for line in (self.data / self.r.ud_root / rel).read_text("utf-8").splitlines():
                    parts = line.split("\t")
                    if len(parts) > 1 and parts[0].isdigit():
                        words.append(parts[1].lower())
                    elif not line.strip() and words:
                        sentences.append(words)
                        words = []
                if words:
                    sentences.append(words)
            for rel in self.r.ner_train:
                for sent in read_ner_file(self.data / rel):
                    sentences.append([tok.lower() for tok, _ in sent])
        return sentences

    def tokenize(self) -> None:
        self._prepare_ud()
        self._run("tokenize", ["stanza.utils.datasets.prepare_tokenizer_treebank", self.r.treebank])
        name = f"{self.r.lang}_tokenizer.pt"
        (self.models / name).unlink(missing_ok=True)
        out = self._run(
            "tokenize",
            [
                "stanza.utils.training.run_tokenizer",
                self.r.treebank,
                "--no_charlm",
                "--force",
                "--save_dir",
                str(self.models),
                "--save_name",
                name,
                "--steps",
                str(self.r.tokenizer_steps),
                "--eval_steps",
                str(self.r.tokenizer_eval_steps),
                "--seed",
                str(self.r.seed),
                "--cpu",
            ],
        )
        self.results["tokenize"]["scores"] = _last_score_table(out)
        self._ship(self.models / name, name)

    def mwt(self) -> None:
        if not (self.udbase / self.r.treebank).exists():
            self._prepare_ud()
        self._run("mwt", ["stanza.utils.datasets.prepare_mwt_treebank", self.r.treebank])
        name = f"{self.r.lang}_mwt.pt"
        out = self._run(
            "mwt",
            [
                "stanza.utils.training.run_mwt",
                self.r.treebank,
                "--force",
                "--save_dir",
                str(self.models),
                "--save_name",
                name,
                "--seed",
                str(self.r.seed),
                "--cpu",
            ],
        )
        self.results["mwt"]["scores"] = _last_score_table(out)
        self._ship(self.models / name, name)

    def _ner_sources(self, split: str, extra: tuple[str, ...]) -> list[Path]:
        explicit = {"train": self.r.ner_train, "dev": self.r.ner_dev, "test": self.r.ner_test}
        if explicit[split]:
            sources = [self.data / rel for rel in explicit[split]]
        else:
            sources = [self.data / self.r.ner_dir / f"{split}.txt"]
        if split == "train":
            sources += [self.data / e for e in extra]
        return sources

    def _ner_json(self, split: str, extra: tuple[str, ...] = (), tag: str = "idner") -> Path:
        """Write ``token<TAB>tag`` IOB2 (PER/ORG/LOC only) and convert it to Stanza's JSON."""
        ner_dir = self.data_root / "ner"
        ner_dir.mkdir(parents=True, exist_ok=True)
        bio = ner_dir / f"{self.r.lang}_{tag}.{split}.bio"
        with bio.open("w", encoding="utf-8") as out:
            for src in self._ner_sources(split, extra):
                for sent in read_ner_file(src):
                    out.writelines(f"{tok}\t{t}\n" for tok, t in sent)
                    out.write("\n")
        dest = ner_dir / f"{self.r.lang}_{tag}.{split}.json"
        self._run("ner-data", ["stanza.utils.datasets.ner.prepare_ner_file", str(bio), str(dest)])
        return dest

    def ner(self) -> None:
        self._train_ner("ner", f"{self.r.lang}_ner.pt", self.r.ner_extra, self._ner_tag)

    @property
    def _ner_tag(self) -> str:
        return "idner" if self.r.lang == "id" else "ner"

    def ner2(self) -> None:
        if not self.r.ner2_extra:
            log.info("[ner2] no extra NER data configured for %s: skipped", self.r.lang)
            return
        self._train_ner("ner2", f"{self.r.lang}_ner2.pt", self.r.ner2_extra, "idner_extra")

    def _train_ner(self, step: str, name: str, extra: tuple[str, ...], tag: str) -> None:
        if not self.pretrain_path.exists():
            raise TrainingError("the NER steps need the pretrain: run the 'vectors' step first")
        train, dev, test = (self._ner_json(s, extra, tag) for s in ("train", "dev", "test"))
        common = [
            "--shorthand",
            f"{self.r.lang}_{self._ner_tag}",
            "--wordvec_pretrain_file",
            str(self.pretrain_path),
            "--save_dir",
            str(self.models),
            "--save_name",
            name,
            *(self._charlm_args() if step == "ner" else []),
            "--cpu",
        ]
        self._run(
            step,
            [
                "stanza.models.ner_tagger",
                "--mode",
                "train",
                "--train_file",
                str(train),
                "--eval_file",
                str(dev),
                "--max_steps",
                str(self.r.ner_max_steps),
                "--eval_interval",
                str(self.r.ner_eval_interval),
                "--max_steps_no_improve",
                str(self.r.ner_max_steps_no_improve),
                *(
                    ["--optim", self.r.ner_optim, "--lr", str(self.r.ner_lr)]
                    if self.r.ner_optim != "sgd"
                    else []
                ),
                "--seed",
                str(self.r.seed),
                *common,
            ],
        )
        predict = ["stanza.models.ner_tagger", "--mode", "predict", "--eval_file", str(test)]
        out = self._run(step, [*predict, *common])
        self.results[step]["test_log"] = [
            ln.strip() for ln in out.splitlines() if re.search(r"(score|F1|Prec)", ln)
        ][-12:]
        # The second NER model is shipped in float16 so all models stay under 40 MB.
        self._ship(self.models / name, name, half=step == "ner2")
        if step == "ner" and not self.r.charlm_corpus:
            # the loader hands shipped charlm files to the NER: none may outlive the NER that
            # was trained with them
            for direction in ("forward", "backward"):
                (self.out / self._charlm_path(direction).name).unlink(missing_ok=True)

    def pos(self) -> None:
        if not self.pretrain_path.exists():
            raise TrainingError("the POS step needs the pretrain: run the 'vectors' step first")
        if not (self.udbase / self.r.treebank).exists():
            self._prepare_ud()
        self._run("pos", ["stanza.utils.datasets.prepare_pos_treebank", self.r.treebank])
        name = f"{self.r.lang}_pos.pt"
        out = self._run(
            "pos",
            [
                "stanza.utils.training.run_pos",
                self.r.treebank,
                "--no_charlm",
                "--force",
                "--wordvec_pretrain_file",
                str(self.pretrain_path),
                "--save_dir",
                str(self.models),
                "--save_name",
                name,
                "--batch_size",
                str(self.r.pos_batch_size),
                "--max_steps",
                str(self.r.pos_max_steps),
                "--eval_interval",
                str(self.r.pos_eval_interval),
                "--seed",
                str(self.r.seed),
                "--cpu",
            ],
        )
        self.results["pos"]["scores"] = _last_score_table(out)
        # 5.5M parameters are 22 MB in float32; float16 keeps the file under the 15 MB limit.
        self._ship(self.models / name, name, half=True)

    def lemma(self) -> None:
        if not (self.udbase / self.r.treebank).exists():
            self._prepare_ud()
        # --gold: build the lemma data with gold POS tags; the default re-tags it with a
        # downloaded Stanza tagger, which needs the hub.
        prep = ["stanza.utils.datasets.prepare_lemma_treebank", self.r.treebank, "--gold"]
        self._run("lemma", [*prep, "--no_lemma_classifier"])
        name = f"{self.r.lang}_lemma.pt"
        out = self._run(
            "lemma",
            [
                "stanza.utils.training.run_lemma",
                self.r.treebank,
                "--no_charlm",
                "--force",
                "--save_dir",
                str(self.models),
                "--save_name",
                name,
                *(["--dict_only"] if self.r.lemma_dict_only else []),
                "--num_epoch",
                str(self.r.lemma_epochs),
                "--seed",
                str(self.r.seed),
                "--cpu",
            ],
        )
        self.results["lemma"]["scores"] = _last_score_table(out)
        self._ship(self.models / name, name)


def _rough_tokens(line: str) -> list[str]:
    """Split running text roughly the way UD English does (``don't`` -> ``do n't``)."""
    return re.findall(r"\w+(?=n't)|n't|'\w+|\w+(?:[-.]\w+)*|[^\w\s]", line)


def _save_half_precision(src: Path, dest: Path) -> None:
    """Copy a Stanza model file with its float32 weights stored as float16.

    Stanza loads them with ``load_state_dict``, which casts back to the model's float32
    parameters, so only the file shrinks; predictions change in the last digits at most.
    """
    import torch

    state = torch.load(src, map_location="cpu", weights_only=False)
    state["model"] = {
        k: v.half() if torch.is_tensor(v) and v.dtype == torch.float32 else v
        for k, v in state["model"].items()
    }
    torch.save(state, dest)


def _last_score_table(output: str) -> str:
    """The last score table Stanza's run_* scripts print (test set when they score it)."""
    tables = re.findall(r"Finished running .*?\n.*?\n(.+\n[ \d.]+)", output)
    return tables[-1].strip() if tables else ""


def write_version(lang: str, when: dt.date | None = None) -> str:
    """Write ``VERSION`` next to the shipped models and return it."""
    version = f"{lang}-{(when or dt.date.today()).strftime('%Y.%m.%d')}"
    (shipped_model_dir(lang) / "VERSION").write_text(version + "\n", encoding="utf-8")
    return version


def train_language(
    lang: str,
    workdir: Path | None = None,
    steps: Sequence[str] | None = None,
    *,
    ship: bool = True,
    **overrides: Any,
) -> None:
    """Train (or retrain) the shipped Stanza models for ``lang`` from the shared data.

    ``steps`` defaults to all of :data:`STEPS`; ``workdir`` (default: a folder under the
    system temp dir) keeps the prepared data, intermediate models and one log per step.
    ``ship=False`` leaves ``warta/models`` alone (experiments); ``overrides`` replace recipe
    fields (e.g. ``ner_max_steps=2000``).
    """
    if lang not in RECIPES:
        raise ValueError(f"no training recipe for language {lang!r}; known: {sorted(RECIPES)}")
    chosen = list(steps) if steps else list(STEPS)
    unknown = [s for s in chosen if s not in STEPS]
    if unknown:
        raise ValueError(f"unknown steps {unknown}; choose from {STEPS}")
    work = (workdir or default_workdir(lang)).resolve()
    recipe = dataclasses.replace(RECIPES[lang], **overrides)
    trainer = _Trainer(recipe, work, ship=ship)
    log.info("training %s: steps %s, work dir %s", lang, ",".join(chosen), work)
    for step in STEPS:  # fixed order: vectors before ner/pos
        if step in chosen:
            getattr(trainer, step)()
    version = write_version(lang) if ship else "unshipped"
    summary = work / f"results-{'-'.join(chosen)}.json"
    summary.write_text(
        json.dumps({"version": version, "results": trainer.results}, indent=2), encoding="utf-8"
    )
    log.info("done: %s (summary %s)", version, summary)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("lang")
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--steps", default=",".join(STEPS), help="comma-separated subset of steps")
    parser.add_argument("--no-ship", action="store_true", help="keep models in the work dir")
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="FIELD=VALUE",
        help="override a recipe field (ints as ints; commas make tuples)",
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    overrides: dict[str, Any] = {}
    for item in args.set:
        field, _, value = item.partition("=")
        current = getattr(RECIPES[args.lang], field)
        if isinstance(current, bool):
            overrides[field] = value.lower() in ("1", "true", "yes")
        elif isinstance(current, tuple):
            overrides[field] = tuple(v for v in value.split(",") if v)
        else:
            overrides[field] = type(current)(value)
    steps = [s for s in args.steps.split(",") if s]
    train_language(args.lang, args.workdir, steps, ship=not args.no_ship, **overrides)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
