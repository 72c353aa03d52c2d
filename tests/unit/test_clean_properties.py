"""Properties of the clean stage: idempotent, and it never drops a sentence of the article.

Real bodies come from the Indonesian ground truth in ../shared at test time; generated ones
are built from short made-up Indonesian sentences mixed with site furniture.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import ground_truth_articles
from warta.text.clean import clean_body, normalize_text, strip_credits_and_dateline

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ARTICLES = ground_truth_articles()


def _squash(text: str) -> str:
    return "".join(normalize_text(text).split())


def _sentences(body: str) -> list[str]:
    parts = re.split(r'(?<=[.!?"”])\s+(?=[A-Z"“])|\n', normalize_text(body))
    return [part.strip() for part in parts if len(part.strip()) > 20]


# ---------------------------------------------------------------- real ground-truth bodies
@pytest.mark.parametrize("entry", ARTICLES, ids=[e["fixture"] for e in ARTICLES])
def test_cleaning_a_ground_truth_body_keeps_every_sentence(entry):
    content = entry["expected"]["content"]
    text, _dateline, _credits = clean_body(content)
    kept = _squash(text)
    # the dateline and the trailing credit lines are moved out on purpose; all else stays
    lost = [s for s in _sentences(strip_credits_and_dateline(content)) if _squash(s) not in kept]
    assert not lost, lost


@pytest.mark.parametrize("entry", ARTICLES, ids=[e["fixture"] for e in ARTICLES])
def test_cleaning_a_ground_truth_body_twice_changes_nothing(entry):
    once, dateline, _ = clean_body(entry["expected"]["content"])
    assert clean_body(once) == (once, None, [])
    assert normalize_text(once) == once
    del dateline


# ---------------------------------------------------------------- generated text
_SUBJECTS = ["Presiden", "Gubernur Jawa Barat", "Warga desa", "Polisi", "Menteri Keuangan", "Ani"]
_VERBS = ["meresmikan", "mengunjungi", "membahas", "menolak", "mendukung", "memeriksa"]
_OBJECTS = [
    "jembatan baru di Bandung",
    "pasar tradisional",
    "anggaran pendidikan tahun depan",
    "kasus korupsi itu",
    "rencana pembangunan bendungan",
]
_ENDINGS = [".", ".", "?", "!", ", kata dia.", " pada Senin (12/2/2024)."]

sentence = st.builds(
    lambda s, v, o, e: f"{s} {v} {o}{e}",
    st.sampled_from(_SUBJECTS),
    st.sampled_from(_VERBS),
    st.sampled_from(_OBJECTS),
    st.sampled_from(_ENDINGS),
)
paragraph = st.lists(sentence, min_size=1, max_size=3).map(" ".join)
furniture = st.sampled_from(
    [
        "Baca juga: Harga cabai naik lagi",
        "BACA JUGA:",
        "ADVERTISEMENT",
        "SCROLL TO CONTINUE WITH CONTENT",
        "Simak Lifestyle Populer Lainnya",
        "Facebook Twitter WhatsApp",
        "Bagikan:",
        "12",
        "3 / 12",
        "Foto: Antara/Budi",
        "- Kamis, 05/11/2015 09:25 WIB Banjir di Kota Lama",
        "Copyright © 2024 Contoh Media",
    ]
)
dateline = st.sampled_from(
    [
        "JAKARTA, KOMPAS.com - ",
        "REPUBLIKA.CO.ID, BANDUNG -- ",
        "Jakarta (ANTARA) - ",
        "Liputan6.com, Jakarta: ",
        "",
    ]
)
credit = st.sampled_from(["", "(ant)", "Editor: Budi Santoso", "Pewarta: Siti Aminah", "(kpl/abc)"])


@st.composite
def article(draw) -> tuple[str, list[str]]:
    """(page text with furniture, the article's paragraphs)."""
    paragraphs = draw(st.lists(paragraph, min_size=1, max_size=6))
    lines: list[str] = []
    for index, text in enumerate(paragraphs):
        lines.extend(draw(st.lists(furniture, max_size=2)))
        lines.append(draw(dateline) + text if index == 0 else text)
    lines.extend(draw(st.lists(furniture, max_size=1)))
    closing = draw(credit)
    if closing:
        lines.append(closing)
    return "\n".join(lines), paragraphs


@SETTINGS
@given(article())
def test_generated_articles_keep_every_sentence_and_lose_the_furniture(case):
    page, paragraphs = case
    text, _dateline, credits = clean_body(page)
    assert text.split("\n") == paragraphs
    assert all("/" in c or " " in c or c.isalpha() for c in credits)


@SETTINGS
@given(article())
def test_clean_body_is_idempotent_on_generated_articles(case):
    once, _, _ = clean_body(case[0])
    assert clean_body(once)[0] == once


@SETTINGS
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=300))
def test_normalize_text_is_idempotent(text):
    once = normalize_text(text)
    assert normalize_text(once) == once


@SETTINGS
@given(st.lists(st.one_of(paragraph, furniture, st.text(max_size=60)), max_size=8))
def test_clean_body_is_idempotent_on_any_lines(lines):
    once, _, _ = clean_body("\n".join(lines))
    assert clean_body(once)[0] == once
