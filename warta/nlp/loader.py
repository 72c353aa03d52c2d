"""The one place that builds Stanza pipelines, from a per-language model registry.

Two sources of models, tried in this order (reversed for the languages in
:data:`PREFER_OFFICIAL`, e.g. English, where Stanza's own models, when the user has them,
are trained on far more data than ours):

1. **shipped**: models we train ourselves (``warta models train <lang>``) and ship in
   ``warta/models/<lang>/`` (``<lang>_tokenizer.pt``, ``<lang>_ner.pt``, ...).  Stanza is
   pointed at every file explicitly and at a resources folder whose ``resources.json`` is
   ``{}``, so it never reads the hub's index and never downloads anything.
2. **official**: Stanza's own models the user already has under ``$STANZA_RESOURCES_DIR``
   (``$STANZA_RESOURCES_DIR/<lang>/...`` plus its ``resources.json``), loaded the normal way
   with ``download_method=None``.

``get_pipeline(lang)`` builds a pipeline once per process and reuses it.
"""

from __future__ import annotations

import functools
import json
import logging
import tempfile
import threading
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from warta.config import get_settings
from warta.nlp.paths import MODELS_ROOT, shipped_model_dir

if TYPE_CHECKING:
    import stanza

log = logging.getLogger("warta.nlp.loader")

# Order matters: Stanza builds processors in this order and each needs the ones before it.
PROCESSOR_ORDER: tuple[str, ...] = ("tokenize", "mwt", "pos", "lemma", "ner")
REQUIRED: tuple[str, ...] = ("tokenize", "ner")

# Languages for which official Stanza models under $STANZA_RESOURCES_DIR, when present, are
# used instead of the shipped ones.  Indonesian keeps ours first (Stanza has no Indonesian
# NER, so an official Indonesian folder could not serve anyway).
PREFER_OFFICIAL: frozenset[str] = frozenset({"en"})



class ModelNotAvailable(LookupError):
    """No Stanza models for a language, with the fix in the message."""

    def __init__(self, lang: str, detail: str = "") -> None:
        self.lang = lang
        msg = (
            f"No NLP models available for language {lang!r}. "
            f"Either set STANZA_RESOURCES_DIR to a folder holding official Stanza models for "
            f"{lang!r} (with its resources.json, e.g. from stanza.download({lang!r}) on a "
            f"machine with internet), or train our own with `warta models train {lang}`."
        )
        super().__init__(msg + (f" ({detail})" if detail else ""))


@dataclass(frozen=True)
class ModelSpec:
    lang: str
    source: Literal["shipped", "official"]
    processors: tuple[str, ...]
    version: str
    # Pipeline keyword arguments naming model files (shipped) or the resources dir (official).
    kwargs: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)


# -- registry -----------------------------------------------------------------------------


def _shipped_files(lang: str) -> dict[str, Path]:
    d = shipped_model_dir(lang)
    return {
        "tokenize": d / f"{lang}_tokenizer.pt",
        "mwt": d / f"{lang}_mwt.pt",
        "pos": d / f"{lang}_pos.pt",
        "lemma": d / f"{lang}_lemma.pt",
        "ner": d / f"{lang}_ner.pt",
        "ner2": d / f"{lang}_ner2.pt",
        "pretrain": d / f"{lang}_pretrain.pt",
        "charlm_forward": d / f"{lang}_charlm_forward.pt",
        "charlm_backward": d / f"{lang}_charlm_backward.pt",
    }


def _shipped_spec(lang: str) -> ModelSpec | None:
    files = _shipped_files(lang)
    if not all(files[p].is_file() for p in REQUIRED):
        return None
    procs = [p for p in PROCESSOR_ORDER if files[p].is_file()]
    pretrain = files["pretrain"]
    kwargs: dict[str, Any] = {}
    for proc in procs:
        kwargs[f"{proc}_model_path"] = str(files[proc])
    # NER and POS were trained against the shipped word vectors; without them they cannot load.
    for proc in ("ner", "pos"):
        if proc in procs:
            if not pretrain.is_file():
                procs.remove(proc)
                del kwargs[f"{proc}_model_path"]
                continue
            kwargs[f"{proc}_pretrain_path"] = str(pretrain)
    if "ner" not in procs:
        return None
    # A NER model trained with character language models needs them at run time too.
    charlm = files["charlm_forward"].is_file() and files["charlm_backward"].is_file()
    forward = str(files["charlm_forward"]) if charlm else ""
    backward = str(files["charlm_backward"]) if charlm else ""
    if charlm:
        kwargs["ner_forward_charlm_path"] = forward
        kwargs["ner_backward_charlm_path"] = backward
    if files["ner2"].is_file():
        # Stanza runs ";"-separated NER models in order; a later one only fills spans the
        # earlier ones left as O (stanza.models.ner.utils.merge_tags).
        kwargs["ner_model_path"] = f"{files['ner']};{files['ner2']}"
        kwargs["ner_pretrain_path"] = f"{pretrain};{pretrain}"
        # Stanza zips the model list with the charlm lists: without one empty entry per
        # model here it silently loads only the first model.
        kwargs["ner_forward_charlm_path"] = f"{forward};"
        kwargs["ner_backward_charlm_path"] = f"{backward};"
    if "lemma" in procs:
        if _lemma_is_dict_only(files["lemma"]):
            # The pipeline must be told: it would otherwise run the (empty) seq2seq model.
            kwargs["lemma_dict_only"] = True
        elif "pos" not in procs:
            # A seq2seq lemmatizer reads the POS tags; without a POS model leave it out
            # rather than feed it missing tags.
            procs.remove("lemma")
            del kwargs["lemma_model_path"]
    version_file = shipped_model_dir(lang) / "VERSION"
    version = version_file.read_text(encoding="utf-8").strip() if version_file.is_file() else lang
    return ModelSpec(lang, "shipped", tuple(procs), version, kwargs)


def _lemma_is_dict_only(path: Path) -> bool:
    return _dict_only_flag(str(path), path.stat().st_mtime_ns)


@functools.lru_cache(maxsize=8)
def _dict_only_flag(path: str, mtime_ns: int) -> bool:  # mtime: retrained files re-read
    import torch  # only reached when a lemma model is shipped

    state = torch.load(path, map_location="cpu", weights_only=False)
    return bool(state.get("config", {}).get("dict_only", False))


def _official_dir() -> Path | None:
    d = get_settings().stanza_resources_dir
    if d is None:
        return None
    return d if (d / "resources.json").is_file() else None


def _official_spec(lang: str) -> ModelSpec | None:
    root = _official_dir()
    if root is None or not (root / lang).is_dir():
        return None
    try:
        resources = json.loads((root / "resources.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if lang not in resources:
        return None
    # Only processors whose model folder the user actually has; Stanza would otherwise try
    # to fetch the rest, which download_method=None turns into an error.
    have = {p.name for p in (root / lang).iterdir() if p.is_dir()}
    procs = tuple(p for p in PROCESSOR_ORDER if p in have)
    if not all(p in procs for p in REQUIRED):
        return None
    version = f"stanza-{resources.get('__version__', 'unknown')}-{lang}"
    return ModelSpec(lang, "official", procs, version, {"dir": str(root)})


def model_spec(lang: str) -> ModelSpec:
    """Which models :func:`get_pipeline` would load for ``lang``; raises ModelNotAvailable."""
    if lang in PREFER_OFFICIAL:
        spec = _official_spec(lang) or _shipped_spec(lang)
    else:
        spec = _shipped_spec(lang) or _official_spec(lang)
    if spec is None:
        raise ModelNotAvailable(lang)
    return spec


def available_languages() -> list[str]:
    """Languages with loadable models, shipped or official."""
    langs: set[str] = set()
    if MODELS_ROOT.is_dir():
        langs.update(d.name for d in MODELS_ROOT.iterdir() if d.is_dir() and _shipped_spec(d.name))
    root = _official_dir()
    if root is not None:
        langs.update(d.name for d in root.iterdir() if d.is_dir() and _official_spec(d.name))
    return sorted(langs)


def model_version(lang: str) -> str:
    """Short version string of the models used for ``lang`` (stored with each result)."""
    return model_spec(lang).version


# -- pipelines ----------------------------------------------------------------------------

_lock = threading.Lock()
_pipelines: dict[str, stanza.Pipeline] = {}
_empty_resources: Path | None = None


def _empty_resources_dir() -> Path:
    """A folder whose resources.json is ``{}``: Stanza insists on reading one."""
    global _empty_resources
    if _empty_resources is None:
        d = Path(tempfile.mkdtemp(prefix="warta-stanza-"))
        (d / "resources.json").write_text("{}", encoding="utf-8")
        _empty_resources = d
    return _empty_resources


def build_pipeline(lang: str, **overrides: Any) -> stanza.Pipeline:
    """Build a new (uncached) Stanza pipeline for ``lang``."""
    spec = model_spec(lang)
    import stanza  # deferred: importing torch costs seconds, and only this needs it

    kwargs: dict[str, Any] = {
        "lang": lang,
        "processors": ",".join(spec.processors),
        "download_method": None,
        "logging_level": get_settings().stanza_log_level,
    }
    if spec.source == "shipped":
        kwargs.update(dir=str(_empty_resources_dir()), allow_unknown_language=True, **spec.kwargs)
    else:
        kwargs.update(spec.kwargs)
    kwargs.update(overrides)
    log.info("building Stanza pipeline for %s (%s, %s)", lang, spec.source, spec.version)
    with warnings.catch_warnings():
        # torch.load / LSTM warnings on model load say nothing actionable to a pipeline user.
        warnings.simplefilter("ignore", category=FutureWarning)
        warnings.simplefilter("ignore", category=UserWarning)
        pipeline = stanza.Pipeline(**kwargs)
    # logging_level only applies while building; keep Stanza quiet while processing too.
    logging.getLogger("stanza").setLevel(get_settings().stanza_log_level)
    return pipeline


def get_pipeline(lang: str) -> stanza.Pipeline:
    """The process-wide Stanza pipeline for ``lang`` (built on first use, then reused)."""
    with _lock:
        pipe = _pipelines.get(lang)
        if pipe is None:
            pipe = build_pipeline(lang)
            _pipelines[lang] = pipe
        return pipe


def clear_cache() -> None:
    """Forget built pipelines (tests; freeing memory after a batch job)."""
    with _lock:
        _pipelines.clear()
