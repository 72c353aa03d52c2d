"""Where the shared data and the shipped models live.

Kept apart from the loader so that training and evaluation can find the data without
importing Stanza.
"""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
MODELS_ROOT = Path(__file__).resolve().parents[1] / "models"


def shared_dir() -> Path:
    """Read-only shared data: ``$WARTA_SHARED`` or ``<repo>/../shared``."""
    env = os.environ.get("WARTA_SHARED")
    return Path(env) if env else REPO_ROOT.parent / "shared"


def nlp_data_dir() -> Path:
    return shared_dir() / "data" / "nlp"


def shipped_model_dir(lang: str) -> Path:
    """Folder holding the models we train and ship for ``lang`` (``warta/models/<lang>``)."""
    return MODELS_ROOT / lang
