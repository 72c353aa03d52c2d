"""``warta annotate``: the seed article in, entities and quotes out, as people call it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PAGES, SEED_DIR

MODELS = Path(__file__).resolve().parent.parent / "warta" / "models" / "id" / "id_ner.pt"
pytestmark = pytest.mark.skipif(not MODELS.exists(), reason="Indonesian models not trained")


def _warta(*args: str, stdin: str | None = None) -> str:
    completed = subprocess.run(
        [sys.executable, "-m", "warta.app.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    return completed.stdout


def test_annotate_the_seed_article():
    seed = next(SEED_DIR.glob("*.txt"))
    data = json.loads(_warta("annotate", str(seed)))
    assert data["language"] == "id"
    canonical = {(e["canonical"], e["type"]) for e in data["entities"]}
    assert {("Dmitry Peskov", "PER"), ("Kremlin", "ORG"), ("Korea Selatan", "LOC")} <= canonical
    text = seed.read_text(encoding="utf-8")
    for entity in data["entities"]:
        assert text[entity["start"] : entity["end"]] == entity["text"]
    direct = [q for q in data["quotes"] if q["kind"] == "direct"]
    assert len(direct) == 3
    assert {q["speaker_canonical"] for q in direct} == {"Dmitry Peskov"}
    assert set(data["quotes"][0]) >= {
        "text",
        "kind",
        "speaker",
        "speaker_canonical",
        "cue",
        "start",
        "end",
    }


def test_annotate_jsonl_and_html():
    lines = "\n".join(
        json.dumps({"id": i, "text": t})
        for i, t in enumerate(["Presiden Joko Widodo tiba di Surabaya.", "Hujan turun."])
    )
    results = [json.loads(line) for line in _warta("annotate", "--jsonl", stdin=lines).splitlines()]
    assert [r["id"] for r in results] == [0, 1]
    assert ("Joko Widodo", "PER") in {(e["canonical"], e["type"]) for e in results[0]["entities"]}
    page = PAGES / "republika" / "republika-singlepage.html"
    html_result = json.loads(_warta("annotate", "--html", str(page)))
    assert "Marcella Zalianty" in {e["canonical"] for e in html_result["entities"]}
