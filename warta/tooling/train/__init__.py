"""Train and ship our own Stanza models for a language, with no model hub.

Everything is rebuilt from the shared data (``$WARTA_SHARED/data/nlp``) with Stanza's own
training scripts, run as subprocesses with the current interpreter so that a crash or a
``sys.exit`` inside Stanza cannot take the caller down and every step leaves a log.

Steps, in order (neither recipe configures ``ner2`` now; English NER data is a mix of corpora
with their own formats, see :data:`~warta.tooling.train.recipes.RECIPES`):

``vectors``   gensim FastText skip-gram (100 dim) on the shared corpus (for English: the news
              corpus plus the UD and NER training text) -> text vectors ->
              Stanza pretrain ``.pt`` with a capped vocabulary (keeps the file small)
``charlm``    optional forward and backward character language models (the NER tagger reads
              their states as features); off in both recipes, see the ``en`` recipe's note
``tokenize``  tokenizer + sentence splitter trained on UD Indonesian / UD English-EWT
``mwt``       multi-word-token expander (``ujarnya`` -> ``ujar`` + ``nya``; ``don't`` -> ``do n't``)
``ner``       NER tagger (PER, ORG, LOC) on IDNer news 2k / UNER English-EWT + BTC + wikigold;
              for Indonesian with a second output layer trained on gold data that follows
              other guidelines (NERGrit, the DBpedia gold standard) and optionally silver data
              labelled from name lists (:mod:`.silver`); float16 file
``ner2``      optional second NER tagger (recipe field ``ner2_extra``); the pipeline runs it
              after ``ner`` to fill spans the first one left untagged (float16 file)
``pos``       POS tagger on the UD treebank (uses the pretrain; float16 file)
``lemma``     dictionary lemmatizer on the UD treebank

The shipped files land in ``warta/models/<lang>/`` (see :func:`warta.nlp.paths.shipped_model_dir`).

Modules: :mod:`.recipes` (data and hyper-parameters per language), :mod:`.corpora` (reading
the training data), :mod:`.silver` (silver NER data from name lists), :mod:`.commands`
(Stanza's command lines), :mod:`.trainer` (running the steps and shipping the models).

Run: ``python -m warta.tooling.train id|en [--steps tokenize,mwt] [--workdir DIR]``.
Set ``OMP_NUM_THREADS=1`` when running two of these side by side on a 2-core machine.
"""

from warta.tooling.train.recipes import RECIPES, STEPS, LanguageRecipe
from warta.tooling.train.trainer import TrainingError, train_language, write_version

__all__ = [
    "RECIPES",
    "STEPS",
    "LanguageRecipe",
    "TrainingError",
    "train_language",
    "write_version",
]
