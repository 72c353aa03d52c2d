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


def test_annotate_many_files_and_stdin_one_json_line_each_with_its_name(tmp_path):
    seed = next(SEED_DIR.glob("*.txt"))
    second = tmp_path / "banjir.txt"
    second.write_text("Wali Kota Medan Bobby Nasution meninjau banjir di Medan.", encoding="utf-8")
    completed = subprocess.run(
        [sys.executable, "-m", "warta.app.cli", "annotate", str(seed), str(second), "-"],
        input="Presiden Joko Widodo tiba di Surabaya.",
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    lines = completed.stdout.splitlines()
    results = [json.loads(line) for line in lines]
    assert [r["file"] for r in results] == [str(seed), str(second), "-"]
    assert "Dmitry Peskov" in {e["canonical"] for e in results[0]["entities"]}
    assert "Medan" in {e["text"] for e in results[1]["entities"]}
    assert ("Joko Widodo", "PER") in {(e["canonical"], e["type"]) for e in results[2]["entities"]}
    entities = sum(len(r["entities"]) for r in results)
    quotes = sum(len(r["quotes"]) for r in results)
    assert completed.stderr.splitlines() == [
        f"annotate: 3 texts from 3 files, {entities} entity mentions, {quotes} quotes"
    ]
