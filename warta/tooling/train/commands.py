"""The command lines of Stanza's training scripts, built in one place.

Every training command shares its tail -- where the model is saved, the seed, CPU only --
and the UD processors (tokenizer, MWT, POS, lemma) share the ``run_<processor> <treebank>
--force`` head; :meth:`StanzaCommands.command` and :meth:`StanzaCommands.ud_training` build
those, and each processor's method adds only its own options.  Building the lists is kept
apart from running them (:mod:`warta.tooling.train.trainer`) so that they can be checked
without Stanza or the data.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from warta.tooling.train.recipes import LanguageRecipe

Command = list[str]  # the arguments after ``python -m``


def options(**values: object) -> Command:
    """``--name value`` for each keyword, in order: ``True`` gives a bare flag, ``None`` and
    ``False`` leave the option out."""
    out: Command = []
    for name, value in values.items():
        if value is None or value is False:
            continue
        out.append(f"--{name}")
        if value is not True:
            out.append(str(value))
    return out


@dataclass(frozen=True)
class StanzaCommands:
    """Stanza's command lines for one recipe, saving the models it trains in ``models``."""

    recipe: LanguageRecipe
    models: Path

    @property
    def pretrain(self) -> Path:
        """The word vectors in Stanza's format, made by the ``vectors`` step."""
        return self.models / f"{self.recipe.lang}_pretrain.pt"

    @property
    def ner_shorthand(self) -> str:
        return f"{self.recipe.lang}_{'idner' if self.recipe.lang == 'id' else 'ner'}"

    def command(
        self,
        module: str,
        *positional: object,
        save_name: str | None = None,
        seed: bool = True,
        **extra: object,
    ) -> Command:
        """``module positional... --extra... --save_dir --save_name --seed --cpu``.

        ``save_name`` (a file in ``models``) is left out for commands that save nothing;
        ``seed=False`` for a command that only predicts.
        """
        return [
            module,
            *map(str, positional),
            *options(**extra),
            *options(save_dir=self.models if save_name else None, save_name=save_name),
            *options(seed=self.recipe.seed if seed else None, cpu=True),
        ]

    # -- the UD processors: prepared from, and trained on, the stand-in treebank folder ----

    def ud_preparation(self, processor: str, *flags: str) -> Command:
        """Stanza's script that converts the treebank for one processor."""
        return [f"stanza.utils.datasets.prepare_{processor}_treebank", self.recipe.treebank, *flags]

    def ud_training(self, script: str, save_name: str, **extra: object) -> Command:
        """``stanza.utils.training.run_<script> <treebank> --force ...`` (``--force``: retrain
        even when a model of that name exists)."""
        module = f"stanza.utils.training.run_{script}"
        return self.command(module, self.recipe.treebank, force=True, save_name=save_name, **extra)

    def tokenizer(self, save_name: str) -> Command:
        r = self.recipe
        return self.ud_training(
            "tokenizer",
            save_name,
            no_charlm=True,
            steps=r.tokenizer_steps,
            eval_steps=r.tokenizer_eval_steps,
        )

    def mwt(self, save_name: str) -> Command:
        return self.ud_training("mwt", save_name)

    def pos(self, save_name: str) -> Command:
        r = self.recipe
        return self.ud_training(
            "pos",
            save_name,
            no_charlm=True,
            wordvec_pretrain_file=self.pretrain,
            batch_size=r.pos_batch_size,
            max_steps=r.pos_max_steps,
            eval_interval=r.pos_eval_interval,
        )

    def lemma(self, save_name: str) -> Command:
        r = self.recipe
        return self.ud_training(
            "lemma",
            save_name,
            no_charlm=True,
            dict_only=r.lemma_dict_only,
            num_epoch=r.lemma_epochs,
        )

    # -- NER ---------------------------------------------------------------------------------

    def ner_data_conversion(self, bio: Path, dest: Path) -> Command:
        """``token<TAB>tag`` lines to the JSON Stanza's NER tagger reads."""
        return ["stanza.utils.datasets.ner.prepare_ner_file", str(bio), str(dest)]

    def ner_training(
        self, save_name: str, train: Path, dev: Path, charlm: Mapping[str, object]
    ) -> Command:
        r = self.recipe
        # Stanza's default optimizer is SGD with lr 0.1: pass only what differs from it.
        optimizer = {"optim": r.ner_optim, "lr": r.ner_lr} if r.ner_optim != "sgd" else {}
        return self._ner(
            "train",
            save_name,
            charlm,
            train_file=train,
            eval_file=dev,
            max_steps=r.ner_max_steps,
            eval_interval=r.ner_eval_interval,
            max_steps_no_improve=r.ner_max_steps_no_improve,
            **optimizer,
        )

    def ner_prediction(self, save_name: str, test: Path, charlm: Mapping[str, object]) -> Command:
        return self._ner("predict", save_name, charlm, eval_file=test)

    def _ner(
        self, mode: str, save_name: str, charlm: Mapping[str, object], **extra: object
    ) -> Command:
        """The NER tagger, training or predicting with the same model, vectors and charlm."""
        return self.command(
            "stanza.models.ner_tagger",
            mode=mode,
            **extra,
            shorthand=self.ner_shorthand,
            wordvec_pretrain_file=self.pretrain,
            **charlm,
            save_name=save_name,
            seed=mode == "train",
        )

    # -- word vectors and character language models --------------------------------------------

    def pretrain_conversion(self, vectors: Path) -> Command:
        """Text vectors to Stanza's pretrain file, keeping the ``max_vocab`` most frequent."""
        return [
            "stanza.models.common.convert_pretrain",
            str(self.pretrain),
            str(vectors),
            str(self.recipe.max_vocab),
        ]

    def charlm_path(self, direction: str) -> Path:
        return self.models / f"{self.recipe.lang}_charlm_{direction}.pt"

    def charlm_options(self) -> dict[str, object]:
        """What the NER tagger needs to read the character language models' states."""
        return {
            "charlm": True,
            "charlm_shorthand": f"{self.recipe.lang}_news",  # required even with explicit files
            "charlm_forward_file": self.charlm_path("forward"),
            "charlm_backward_file": self.charlm_path("backward"),
        }

    def charlm(self, direction: str, train_dir: Path, dev: Path) -> Command:
        r = self.recipe
        return self.command(
            "stanza.models.charlm",
            train_dir=train_dir,
            eval_file=dev,
            shorthand=f"{r.lang}_news",
            direction=direction,
            char_hidden_dim=r.charlm_hidden_dim,
            epochs=r.charlm_epochs,
            eval_steps=-1,  # score on dev after every epoch, keep the best
            cutoff=5,  # characters seen fewer times are UNK (the default assumes GBs)
            vocab_save_name=f"{r.lang}_charlm_vocab.pt",
            checkpoint_save_name=self.models / f"{r.lang}_charlm_{direction}_checkpoint.pt",
            save_name=self.charlm_path(direction).name,
        )
