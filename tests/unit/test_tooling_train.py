"""The pure parts of the training tooling: NER file reading and Stanza's command lines.

Nothing here trains or runs Stanza; the shared data is not needed.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from warta.tooling.train.__main__ import recipe_overrides
from warta.tooling.train.commands import StanzaCommands, options
from warta.tooling.train.corpora import (
    map_tag,
    multitag_sentences,
    read_ner_file,
    rough_tokens,
    to_iob2,
    write_multitag_json,
)
from warta.tooling.train.recipes import RECIPES
from warta.tooling.train.silver import (
    CorpusCounts,
    Gazetteer,
    WordLists,
    label_sentence,
    name_lists,
    name_tokens,
    silver_sentences,
)

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


def test_read_io_documents_split_into_sentences(tmp_path: Path) -> None:
    # The DBpedia gold standard: bare labels (IO), a blank line between documents.
    gold = tmp_path / "goldstandard.txt"
    gold.write_text(
        "Kopi\tO\ndari\tO\nJawa\tPlace\nTengah\tPlace\n.\tO\nKata\tO\nBudi\tPerson\n"
        "Santoso\tPerson\nUniversitas\tOrganisation\nIndonesia\tOrganisation \n.\tO\n\n"
        "Ia\tO\nke\tO\nBandung\tPlace\n",
        encoding="utf-8",
    )
    assert read_ner_file(gold) == [
        [("Kopi", "O"), ("dari", "O"), ("Jawa", "B-LOC"), ("Tengah", "I-LOC"), (".", "O")],
        [
            ("Kata", "O"),
            ("Budi", "B-PER"),
            ("Santoso", "I-PER"),
            ("Universitas", "B-ORG"),
            ("Indonesia", "I-ORG"),
            (".", "O"),
        ],
        [("Ia", "O"), ("ke", "O"), ("Bandung", "B-LOC")],
    ]


def test_multitag_rows_and_json(tmp_path: Path) -> None:
    main = [[("Budi", "B-PER"), ("pergi", "O")]]
    aux = [[("desa", "B-LOC"), ("Suren", "I-LOC")]]
    rows = multitag_sentences(main, aux)
    assert rows == [
        [("Budi", "B-PER", "B-PER"), ("pergi", "O", "O")],
        [("desa", "-", "B-LOC"), ("Suren", "-", "I-LOC")],
    ]
    dest = tmp_path / "train.json"
    write_multitag_json(rows, dest)
    assert json.loads(dest.read_text(encoding="utf-8"))[1] == [
        {"text": "desa", "ner": "-", "multi_ner": ["-", "B-LOC"]},
        {"text": "Suren", "ner": "-", "multi_ner": ["-", "I-LOC"]},
    ]


def test_map_tag_and_iob2() -> None:
    assert map_tag("B-GPE") == "B-LOC"
    assert map_tag("I-MISC") == "O"
    assert map_tag("X-PER") == "O"
    assert map_tag("O") == "O"
    assert map_tag("Organisation") == "I-ORG"  # IO scheme; to_iob2 starts the entity
    assert map_tag("Misc") == "O"
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


def _silver_fixture(tmp_path: Path) -> tuple[Path, list[list[str]]]:
    """Tiny name lists as the shared data has them (cp1252, CRLF) and a tokenized corpus."""
    data = tmp_path / "nlp"
    (data / "regions").mkdir(parents=True)
    (data / "person.txt").write_bytes(
        "Joko Widodo\r\nSri Mulyani\r\nBjorn and\r\nJos\xe9 Sarney\r\nSoekarno Hatta\r\n"
        "Budi\r\n".encode("cp1252")
    )
    (data / "place.txt").write_bytes(b"Selandia Baru\r\nSoekarno Hatta\r\nKota Baru\r\n")
    (data / "regions" / "provinsi.json").write_text(
        '[{"kode_provinsi": 32, "nama_provinsi": "Jawa Barat"}]', encoding="utf-8"
    )
    (data / "regions" / "kabupaten.json").write_text(
        '[{"nama_kabupaten": "Kota Bandung"}, {"nama_kabupaten": "Kota Batu"}]',
        encoding="utf-8",
    )
    (data / "regions" / "kecamatan.json").write_text(
        '[{"nama_kecamatan": "Juli"}, {"nama_kecamatan": "Cakung Barat"}]', encoding="utf-8"
    )
    corpus = [
        s.split()
        for s in (
            "Presiden Joko Widodo tiba di Bandung .",
            "Menteri Keuangan Sri Mulyani ke Selandia Baru pada Juli .",
            "Joko Widodo bertemu Prabowo di Jakarta .",  # Prabowo, Jakarta: not listed
            "Ia melempar batu ke kota baru .",
            "Batu dan batu lagi di kota baru .",
            "Warga Jawa Barat menonton .",
            "Sri Mulyani di Bandung .",
            "Sri Mulyani di Bandung hari ini bersama warga .",
        )
    ]
    return data, corpus


def test_silver_gazetteer_filters_names(tmp_path: Path) -> None:
    data, corpus = _silver_fixture(tmp_path)
    lists = name_lists(["PER:person.txt", "LOC:place.txt", "LOC:regions"], data)
    assert "José Sarney" in lists["PER:names"]  # decoded as Windows-1252
    assert {"Kota Bandung", "Bandung", "Jawa Barat"} <= set(lists["LOC:regions"])
    assert "Juli" in lists["LOC:names"]  # districts: multi-token names only
    words = WordLists.load("id")
    gazetteer = Gazetteer.build(lists, CorpusCounts(corpus), words)
    assert gazetteer.names == {
        ("Joko", "Widodo"): "PER",
        ("Sri", "Mulyani"): "PER",
        ("José", "Sarney"): "PER",
        ("Selandia", "Baru"): "LOC",
        ("Cakung", "Barat"): "LOC",
        ("Jawa", "Barat"): "LOC",
        ("Kota", "Bandung"): "LOC",
        ("Bandung",): "LOC",
        ("Kota", "Batu"): "LOC",
    }
    # dropped: "Budi" (one word from DBpedia), "Bjorn and" (function word), "Soekarno Hatta"
    # (in two lists), "Kota Baru" and "Batu" (written in lower case as often), "Juli" (one word)
    assert name_tokens("Jl. Sudirman") == ("Jl.", "Sudirman")


def test_silver_sentences_keep_only_fully_covered_ones(tmp_path: Path) -> None:
    data, corpus = _silver_fixture(tmp_path)
    counts = CorpusCounts(corpus)
    words = WordLists.load("id")
    lists = name_lists(["PER:person.txt", "LOC:place.txt", "LOC:regions"], data)
    gazetteer = Gazetteer.build(lists, counts, words)
    # titles, days and months may stay untagged; "Prabowo" and "Jakarta" may not
    assert label_sentence(corpus[1], gazetteer, counts, words) == [
        ("Menteri", "O"),
        ("Keuangan", "O"),
        ("Sri", "B-PER"),
        ("Mulyani", "I-PER"),
        ("ke", "O"),
        ("Selandia", "B-LOC"),
        ("Baru", "I-LOC"),
        ("pada", "O"),
        ("Juli", "O"),
        (".", "O"),
    ]
    assert label_sentence(corpus[2], gazetteer, counts, words) is None
    assert label_sentence(corpus[3], gazetteer, counts, words) is None  # no name at all
    kept = silver_sentences(
        corpus,
        gazetteer,
        counts,
        words,
        exclude=[corpus[0]],  # gold data
        # shares eight tokens in a row with the last corpus sentence
        held_out=[
            ["Kemarin", "Sri", "Mulyani", "di", "Bandung", "hari", "ini", "bersama", "warga"]
        ],
        limit=10,
    )
    assert sorted(" ".join(tok for tok, _ in s) for s in kept) == [
        "Menteri Keuangan Sri Mulyani ke Selandia Baru pada Juli .",
        "Sri Mulyani di Bandung .",
    ]
