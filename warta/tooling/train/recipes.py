"""What each language's models are trained on, and with which hyper-parameters.

The values are the ones the model cards (``warta/models/<lang>/MODEL_CARD.md``) report;
``python -m warta.tooling.train LANG --set FIELD=VALUE`` overrides one for an experiment.
"""

from __future__ import annotations

from dataclasses import dataclass

# The training steps in the order they must run (the vectors feed NER and POS).
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
    # Gold NER files annotated with other guidelines (relative to data/nlp).  They train a
    # second output layer of the NER model only: the layers share the word and character
    # encoders, and the shipped model predicts with the first layer, trained on ``ner_dir``
    # (Stanza's multi-tagset NER: a ``-`` tag gives no gradient).
    ner_aux: tuple[str, ...] = ()
    # Silver NER data (see :mod:`warta.tooling.train.silver`): sentences of ``ner_silver_corpus``
    # (tokenized, one a line) labelled by the longest match with the ``TYPE:path`` name lists
    # (a folder: the region lists), at most ``ner_silver_limit`` of them; they train the first
    # output layer too when ``ner_silver_layer`` is 0, else only the second.
    ner_silver_corpus: str = ""
    ner_silver_names: tuple[str, ...] = ()
    ner_silver_limit: int = 0
    ner_silver_layer: int = 0
    # Explicit NER files per split (relative to data/nlp), used instead of ``ner_dir``;
    # the format is read from each file (see :func:`~warta.tooling.train.corpora.read_ner_file`).
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


RECIPES: dict[str, LanguageRecipe] = {
    "id": LanguageRecipe(
        lang="id",
        # GSD's own train file is not available here: a stand-in folder with this name holds
        # train = GSD dev + CSUI train + PUD, dev = CSUI test, test = GSD test.
        treebank="UD_Indonesian-GSD",
        corpus="corpus/id_corpus.txt",
        ner_dir="ner/idner_news_2k",
        # NERGrit (Apache-2.0; PERSON / PLACE / ORGANISATION, its PLACE wider than IDNer's LOC)
        # and the DBpedia gold standard (Wikipedia sentences, IO labels) follow other
        # guidelines: mixed into IDNer's tags they lowered the IDNer score (87.93 with
        # NERGrit); as a second output layer they raise it (90.20) and find more names in
        # real news, so one model replaces the former pair (id_ner.pt + id_ner2.pt).
        ner_aux=(
            "ner/indonlu_nergrit_ner-grit/train_preprocess.txt",
            "gazetteers/id-dbpedia/goldstandard-0811.txt",
        ),
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
