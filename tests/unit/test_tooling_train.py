"""The pure parts of the training tooling: NER file reading and Stanza's command lines.

Nothing here trains or runs Stanza; the shared data is not needed.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from warta.tooling.train.__main__ import recipe_overrides
from warta.tooling.train.commands import StanzaCommands, options
from warta.tooling.train.corpora import map_tag, read_ner_file, rough_tokens, to_iob2
from warta.tooling.train.recipes import RECIPES

MODELS = Path("/models")


def test_read_ner_file_uner_and_conll(tmp_path: Path) -> None:
    uner = tmp_path / "x.iob2"
    uner.write_text(
        "# sent_id = 1\n1\tJane\tB-PER\n2\tDoe\tI-PER\n3-4\tdon't\tO\n3\tvisits\tO\n"
        "4\tParis\tB-LOC\n5\tnow\tB-O\n\n1\tACME\tB-OTH\n",
        encoding="utf-8",
    )
    assert read_ner_file(uner) == [
        [("Jane", "B-PER"), ("Doe", "I-PER"), ("visits", "O"), ("Paris", "B-LOC"), ("now", "O")],
        [("ACME", "O")],
    ]
    conll = tmp_path / "x.conll"  # IOB1, as wikigold: an I- tag starts an entity
    conll.write_text(
        "-DOCSTART- O\n\nBudi NNP B-NP I-PERSON\nke IN O O\nJakarta NNP I-NP I-PLACE\n"
        "PBB NNP I-NP I-ORGANISATION\nEuro I-MISC\n",
        encoding="utf-8",
    )
    assert read_ner_file(conll) == [
        [("Budi", "B-PER"), ("ke", "O"), ("Jakarta", "B-LOC"), ("PBB", "B-ORG"), ("Euro", "O")]
    ]


def test_map_tag_and_iob2() -> None:
    assert map_tag("B-GPE") == "B-LOC"
    assert map_tag("I-MISC") == "O"
    assert map_tag("X-PER") == "O"
    assert map_tag("O") == "O"
    assert to_iob2([("a", "I-PER"), ("b", "I-PER"), ("c", "I-LOC")]) == [
        ("a", "B-PER"),
        ("b", "I-PER"),
        ("c", "B-LOC"),
    ]
    assert rough_tokens("don't stop, e.g. now") == ["do", "n't", "stop", ",", "e.g", ".", "now"]


def test_options() -> None:
    assert options(a=1, flag=True, off=False, none=None, p=Path("/x")) == [
        "--a",
        "1",
        "--flag",
        "--p",
        "/x",
    ]


def test_ud_commands_share_head_and_tail() -> None:
    commands = StanzaCommands(RECIPES["id"], MODELS)
    tail = ["--save_dir", "/models", "--save_name", "t.pt", "--seed", "1234", "--cpu"]
    assert commands.tokenizer("t.pt") == [
        "stanza.utils.training.run_tokenizer",
        "UD_Indonesian-GSD",
        "--force",
        "--no_charlm",
        "--steps",
        "2000",
        "--eval_steps",
        "250",
        *tail,
    ]
    assert commands.mwt("t.pt") == [
        "stanza.utils.training.run_mwt",
        "UD_Indonesian-GSD",
        "--force",
        *tail,
    ]
    assert commands.lemma("t.pt")[-len(tail) - 3 :] == ["--dict_only", "--num_epoch", "20", *tail]
    pos = commands.pos("t.pt")
    assert pos[pos.index("--wordvec_pretrain_file") + 1] == "/models/id_pretrain.pt"
    assert pos[pos.index("--batch_size") + 1] == "10"
    assert commands.ud_preparation("lemma", "--gold") == [
        "stanza.utils.datasets.prepare_lemma_treebank",
        "UD_Indonesian-GSD",
        "--gold",
    ]


def test_ner_commands() -> None:
    id_commands = StanzaCommands(RECIPES["id"], MODELS)
    train = id_commands.ner_training("n.pt", Path("/tr.json"), Path("/dev.json"), {})
    assert train[:3] == ["stanza.models.ner_tagger", "--mode", "train"]
    assert "--optim" not in train  # SGD is Stanza's default: not passed
    assert train[train.index("--shorthand") + 1] == "id_idner"
    assert train[-3:] == ["--seed", "1234", "--cpu"]
    predict = id_commands.ner_prediction("n.pt", Path("/te.json"), {})
    assert "--seed" not in predict
    assert predict[predict.index("--eval_file") + 1] == "/te.json"

    recipe = dataclasses.replace(RECIPES["en"], charlm_corpus="c.txt")
    en_commands = StanzaCommands(recipe, MODELS)
    charlm = en_commands.charlm_options()
    train = en_commands.ner_training("n.pt", Path("/tr.json"), Path("/dev.json"), charlm)
    assert train[train.index("--optim") + 1 : train.index("--optim") + 4] == [
        "adam",
        "--lr",
        "0.001",
    ]
    assert train[train.index("--shorthand") + 1] == "en_ner"
    assert "--charlm" in train
    assert train[train.index("--charlm_forward_file") + 1] == "/models/en_charlm_forward.pt"


def test_charlm_and_pretrain_commands() -> None:
    commands = StanzaCommands(RECIPES["en"], MODELS)
    charlm = commands.charlm("backward", Path("/train"), Path("/dev.txt"))
    assert charlm[charlm.index("--eval_steps") + 1] == "-1"
    assert charlm[charlm.index("--save_name") + 1] == "en_charlm_backward.pt"
    assert commands.pretrain_conversion(Path("/v.txt")) == [
        "stanza.models.common.convert_pretrain",
        "/models/en_pretrain.pt",
        "/v.txt",
        "30000",
    ]


def test_recipe_overrides_typed_like_the_field() -> None:
    assert recipe_overrides(
        "en", ["ner_max_steps=10", "ner_lr=0.5", "corpus_raw=no", "ner_train=a,b", "ner_optim=sgd"]
    ) == {
        "ner_max_steps": 10,
        "ner_lr": 0.5,
        "corpus_raw": False,
        "ner_train": ("a", "b"),
        "ner_optim": "sgd",
    }
