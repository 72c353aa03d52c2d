"""Running the training steps: Stanza's scripts as logged subprocesses, then shipping the
models they save into ``warta/models/<lang>/`` (float16 where a file would pass 15 MB).

The steps are described in :mod:`warta.tooling.train`; their command lines are built in
:mod:`warta.tooling.train.commands`.
"""

from __future__ import annotations

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
from pathlib import Path
from typing import Any

from warta.nlp.paths import nlp_data_dir, shipped_model_dir
from warta.tooling.train import corpora
from warta.tooling.train.commands import Command, StanzaCommands
from warta.tooling.train.recipes import RECIPES, STEPS, LanguageRecipe
from warta.tooling.train.silver import recipe_silver

log = logging.getLogger("warta.tooling.train")

MAX_MODEL_MB = 15  # per shipped file, so that all models together stay under 40 MB


class TrainingError(RuntimeError):
    pass


def default_workdir(lang: str) -> Path:
    return Path(tempfile.gettempdir()) / f"warta-train-{lang}"


def _short_name(treebank: str) -> str:
    # Stanza derives "id_gsd" from "UD_Indonesian-GSD"; its scripts expect files so named.
    from stanza.models.common.constant import treebank_to_short_name

    return str(treebank_to_short_name(treebank))


class Trainer:
    """The training steps for one recipe; each method named after a step runs that step."""

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
        self.commands = StanzaCommands(recipe, self.models)
        for d in (self.udbase, self.data_root, self.models, self.logs, self.out):
            d.mkdir(parents=True, exist_ok=True)
        self.results: dict[str, dict[str, object]] = {}

    # -- helpers ---------------------------------------------------------------------------

    @property
    def pretrain_path(self) -> Path:
        return self.commands.pretrain

    def _env(self) -> dict[str, str]:
        env = dict(os.environ)
        # Stanza's run_* scripts find their data through these variables.
        env["UDBASE"] = str(self.udbase)
        env["DATA_ROOT"] = str(self.data_root)
        # Keep Stanza away from the user's resources: nothing may be downloaded.
        env.setdefault("STANZA_RESOURCES_DIR", str(self.work / "stanza_resources"))
        env["PYTHONUNBUFFERED"] = "1"
        return env

    def _run(self, step: str, args: Command) -> str:
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
        if not half and src.stat().st_size > MAX_MODEL_MB * 1_000_000:
            # A NER model stores its fine-tuned copy of the word vectors: 22 MB for English.
            log.info("%s is over %d MB: shipping it with float16 weights", src.name, MAX_MODEL_MB)
            half = True
        if half:
            _save_half_precision(src, dest)
        else:
            shutil.copyfile(src, dest)
        size = dest.stat().st_size / 1e6
        log.info("shipped %s (%.2f MB)", dest, size)
        if size > MAX_MODEL_MB:
            raise TrainingError(
                f"{dest} is {size:.1f} MB, over the {MAX_MODEL_MB} MB limit per model"
            )
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

    def _prepare_treebank(self, step: str, processor: str, *flags: str) -> None:
        """The stand-in treebank (built once per work dir), converted for ``processor``."""
        if not (self.udbase / self.r.treebank).exists():
            self._prepare_ud()
        self._run(step, self.commands.ud_preparation(processor, *flags))

    def _train_ud_processor(self, step: str, command: Command, name: str, half: bool) -> None:
        """Train on the treebank, keep the last score table Stanza prints, ship the model."""
        out = self._run(step, command)
        self.results[step]["scores"] = _last_score_table(out)
        self._ship(self.models / name, name, half=half)

    # -- steps ----------------------------------------------------------------------------

    def vectors(self) -> None:
        from gensim.models import FastText

        started = time.monotonic()
        sentences = corpora.vector_sentences(self.r, self.data)
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
        self._run("vectors", self.commands.pretrain_conversion(vec_file))
        self._ship(self.pretrain_path, f"{self.r.lang}_pretrain.pt")
        self.results["vectors"].update(
            {"words": len(words), "seconds_total": round(time.monotonic() - started, 1)}
        )

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
        charlm_dev = self.data / self.r.ud_root / self.r.charlm_dev
        dev.write_text(corpora.conllu_texts(charlm_dev), encoding="utf-8")
        for direction in ("forward", "backward"):
            self._run("charlm", self.commands.charlm(direction, train_dir, dev))
            path = self.commands.charlm_path(direction)
            self._ship(path, path.name)

    def _charlm_options(self) -> dict[str, object]:
        """The NER tagger's options for reading the charlm; none when the recipe has none."""
        if not self.r.charlm_corpus:
            return {}
        if not all(self.commands.charlm_path(d).exists() for d in ("forward", "backward")):
            raise TrainingError("the NER step needs the charlm: run the 'charlm' step first")
        return self.commands.charlm_options()

    def tokenize(self) -> None:
        self._prepare_ud()  # always rebuilt: the tokenizer is the first step on the treebank
        self._run("tokenize", self.commands.ud_preparation("tokenizer"))
        name = f"{self.r.lang}_tokenizer.pt"
        (self.models / name).unlink(missing_ok=True)
        self._train_ud_processor("tokenize", self.commands.tokenizer(name), name, half=False)

    def mwt(self) -> None:
        self._prepare_treebank("mwt", "mwt")
        name = f"{self.r.lang}_mwt.pt"
        self._train_ud_processor("mwt", self.commands.mwt(name), name, half=False)

    def _ner_json(self, split: str, extra: tuple[str, ...] = (), tag: str = "idner") -> Path:
        """Write ``token<TAB>tag`` IOB2 (PER/ORG/LOC only) and convert it to Stanza's JSON."""
        ner_dir = self.data_root / "ner"
        ner_dir.mkdir(parents=True, exist_ok=True)
        bio = ner_dir / f"{self.r.lang}_{tag}.{split}.bio"
        corpora.write_bio(corpora.ner_sources(self.r, self.data, split, extra), bio)
        dest = ner_dir / f"{self.r.lang}_{tag}.{split}.json"
        self._run("ner-data", self.commands.ner_data_conversion(bio, dest))
        return dest

    def _ner_multitag_json(self, extra: tuple[str, ...], tag: str) -> Path:
        """The training split with a second tag layer: ``ner_aux`` (other guidelines) train
        only that one; silver sentences train the layer ``ner_silver_layer`` says."""
        ner_dir = self.data_root / "ner"
        dest = ner_dir / f"{self.r.lang}_{tag}.train.json"
        main = [
            s
            for src in corpora.ner_sources(self.r, self.data, "train", extra)
            for s in corpora.read_ner_file(src)
        ]
        aux = [s for rel in self.r.ner_aux for s in corpora.read_ner_file(self.data / rel)]
        held_out = [
            s
            for split in ("dev", "test")
            for src in corpora.ner_sources(self.r, self.data, split, ())
            for s in corpora.read_ner_file(src)
        ]
        silver = recipe_silver(
            self.r,
            self.data,
            exclude=[[tok for tok, _ in s] for s in main + aux + held_out],
            held_out=[[tok for tok, _ in s] for s in held_out],
        )
        corpora.write_bio_sentences(silver, ner_dir / f"{self.r.lang}_silver.bio")
        rows = corpora.multitag_sentences(
            main + (silver if self.r.ner_silver_layer == 0 else []),
            aux + (silver if self.r.ner_silver_layer else []),
        )
        corpora.write_multitag_json(rows, dest)
        self.results.setdefault("ner-data", {}).update(
            {"main": len(main), "aux": len(aux), "silver": len(silver)}
        )
        log.info(
            "[ner-data] %d main + %d aux + %d silver sentences -> %s",
            len(main),
            len(aux),
            len(silver),
            dest,
        )
        return dest

    def ner(self) -> None:
        tag = "idner" if self.r.lang == "id" else "ner"
        self._train_ner("ner", f"{self.r.lang}_ner.pt", self.r.ner_extra, tag)

    def ner2(self) -> None:
        if not self.r.ner2_extra:
            log.info("[ner2] no extra NER data configured for %s: skipped", self.r.lang)
            # the loader runs a shipped second model after the first: none may outlive
            # the recipe that dropped it
            (self.out / f"{self.r.lang}_ner2.pt").unlink(missing_ok=True)
            return
        self._train_ner("ner2", f"{self.r.lang}_ner2.pt", self.r.ner2_extra, "idner_extra")

    def _train_ner(self, step: str, name: str, extra: tuple[str, ...], tag: str) -> None:
        if not self.pretrain_path.exists():
            raise TrainingError("the NER steps need the pretrain: run the 'vectors' step first")
        dev, test = (self._ner_json(s, extra, tag) for s in ("dev", "test"))
        if step == "ner" and (self.r.ner_aux or self.r.ner_silver_limit):
            train = self._ner_multitag_json(extra, tag)
        else:
            train = self._ner_json("train", extra, tag)
        # Only the first NER model reads the character language models.
        charlm = self._charlm_options() if step == "ner" else {}
        self._run(step, self.commands.ner_training(name, train, dev, charlm))
        out = self._run(step, self.commands.ner_prediction(name, test, charlm))
        self.results[step]["test_log"] = [
            ln.strip() for ln in out.splitlines() if re.search(r"(score|F1|Prec)", ln)
        ][-12:]
        # NER models are shipped in float16 (half the file; the IDNer scores were measured
        # with the float16 files and are unchanged) so all models stay under 40 MB.
        self._ship(self.models / name, name, half=True)
        if step == "ner" and not self.r.charlm_corpus:
            # the loader hands shipped charlm files to the NER: none may outlive the NER that
            # was trained with them
            for direction in ("forward", "backward"):
                (self.out / self.commands.charlm_path(direction).name).unlink(missing_ok=True)

    def pos(self) -> None:
        if not self.pretrain_path.exists():
            raise TrainingError("the POS step needs the pretrain: run the 'vectors' step first")
        self._prepare_treebank("pos", "pos")
        name = f"{self.r.lang}_pos.pt"
        # 5.5M parameters are 22 MB in float32; float16 keeps the file under the 15 MB limit.
        self._train_ud_processor("pos", self.commands.pos(name), name, half=True)

    def lemma(self) -> None:
        # --gold: build the lemma data with gold POS tags; the default re-tags it with a
        # downloaded Stanza tagger, which needs the hub.
        self._prepare_treebank("lemma", "lemma", "--gold", "--no_lemma_classifier")
        name = f"{self.r.lang}_lemma.pt"
        self._train_ud_processor("lemma", self.commands.lemma(name), name, half=False)


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
    trainer = Trainer(recipe, work, ship=ship)
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
