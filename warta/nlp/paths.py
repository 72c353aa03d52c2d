"""Where the shared data and the shipped models live.

Kept apart from the loader so that training and evaluation can find the data without
importing Stanza.
"""

from __future__ import annotations

from pathlib import Path

from warta.config import shared_dir

MODELS_ROOT = Path(__file__).resolve().parents[1] / "models"

__all__ = ["MODELS_ROOT", "nlp_data_dir", "shared_dir", "shipped_model_dir"]


def nlp_data_dir() -> Path:
    return shared_dir() / "data" / "nlp"


def shipped_model_dir(lang: str) -> Path:
    """Folder holding the models we train and ship for ``lang`` (``warta/models/<lang>``)."""
    return MODELS_ROOT / lang
