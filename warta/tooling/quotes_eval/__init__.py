"""Evaluation of the quote extractor (``warta.nlp.quotes``) on annotated news.

Indonesian on PFSA-ID dev (:mod:`.pfsa` reads it and links its gold speakers,
:mod:`.pfsa_scoring` scores), English on PolNeAR dev (:mod:`.polnear`,
:mod:`.polnear_scoring`).  The texts go through the real pipeline when its models load,
else through a regex stand-in (:mod:`.annotators`); :mod:`.matching` holds what both
languages share.  Entry points: :func:`evaluate_quotes` and :func:`print_quote_evaluation`
(``warta eval quotes LANG``; ``python -m warta.tooling.quotes_eval [LANG]``).
"""

from warta.tooling.quotes_eval.annotators import heuristic_annotate, standin_annotate_en
from warta.tooling.quotes_eval.evaluate import evaluate_quotes, print_quote_evaluation
from warta.tooling.quotes_eval.pfsa import (
    PFSA_FILE,
    GoldQuote,
    PfsaDoc,
    default_data_dir,
    detokenize,
    gold_quotes,
    read_pfsa,
)
from warta.tooling.quotes_eval.polnear import (
    BratAttribution,
    PolnearDoc,
    content_match,
    gold_speaker_names,
    is_speech,
    read_brat,
    read_polnear,
    speaker_correct,
)

__all__ = [
    "PFSA_FILE",
    "BratAttribution",
    "GoldQuote",
    "PfsaDoc",
    "PolnearDoc",
    "content_match",
    "default_data_dir",
    "detokenize",
    "evaluate_quotes",
    "gold_quotes",
    "gold_speaker_names",
    "heuristic_annotate",
    "is_speech",
    "print_quote_evaluation",
    "read_brat",
    "read_pfsa",
    "read_polnear",
    "speaker_correct",
    "standin_annotate_en",
]
