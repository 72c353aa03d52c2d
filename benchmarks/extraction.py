"""Article-body extraction quality: bare trafilatura versus warta (extract + clean).

Two page sets, both read from ``$WARTA_SHARED`` (default ``../shared``) at run time:

* ``data/pages/extraction-benchmark``: the ScrapingHub article-extraction-benchmark (181
  gzipped English pages, ``ground-truth.json`` = {sha256: {url, articleBody}}).
* ``data/pages/id``: the Indonesian pages whose ``ground-truth.json`` entry has a title
  (article pages), scored against their ``content``.

Scoring is the benchmark's own ``evaluate.py`` (scrapinghub/article-extraction-benchmark):
tokens are ``\\w+`` runs; a page's true and predicted texts become Counters of *shingles*
(joined n-grams of tokens, n = 4 in evaluate.py); TP/FP/FN are summed per shingle from the two
Counters and normalized to sum 1 per page; precision is the mean over pages (with TP+FP > 0) of
per-page precision, recall the mean over pages (with TP+FN > 0) of per-page recall, and the
benchmark's F1 is the harmonic mean of those two means ("F1 of means").  We print that for
n = 4 (exactly the benchmark) and for n = 1 (plain token level), plus the mean over pages of
per-page F1 ("mean F1"), so both aggregations are visible.

Indonesian ground truth: its ``content`` starts with the outlet's dateline
("REPUBLIKA.CO.ID, JAKARTA -- ...") and may end with a credit ("(kpl/pur/tch)", "Editor: ...").
warta moves those into ``dateline`` / ``authors`` on purpose, so the Indonesian reference is
the ground truth with its dateline prefix and trailing credit lines removed by warta's
``split_dateline`` / credit rules; the same reduced reference scores both systems (bare
trafilatura keeps the dateline in its text, which costs it a few false-positive tokens).
Use ``--raw-id`` to score against the untouched ground truth instead.

    .venv/bin/python benchmarks/extraction.py [--limit N] [--raw-id] [--worst 5] [--repeat 3]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a fresh clone

import trafilatura  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from warta.nlp.paths import shared_dir  # noqa: E402
from warta.text.clean import strip_credits_and_dateline  # noqa: E402
from warta.text.extract import ExtractionError  # noqa: E402
from warta.text.process import process_html  # noqa: E402

_TOKEN_RE = re.compile(r"\w+", re.UNICODE | re.MULTILINE | re.IGNORECASE | re.DOTALL)
TpFpFn = tuple[float, float, float]


@dataclass(frozen=True)
class Page:
    key: str
    url: str
    html: str
    truth: str


@dataclass
class Scores:
    precision: float
    recall: float
    f1: float  # harmonic mean of mean precision and mean recall (the benchmark's F1)
    mean_f1: float  # mean over pages of per-page F1
    per_page_f1: list[float]


# ---------------------------------------------------------------- the benchmark's metric
def tokenize(text: str | None) -> list[str]:
    return _TOKEN_RE.findall(text or "")


def shingles(text: str | None, n: int) -> Counter[tuple[str, ...]]:
    tokens = tokenize(text)
    # as evaluate.py: one (short) shingle when the text has fewer than n tokens
    return Counter(
        tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i : i + n]
    )


def tp_fp_fn(true: str | None, pred: str | None, n: int) -> TpFpFn:
    true_counts, pred_counts = shingles(true, n), shingles(pred, n)
    tp = fp = fn = 0.0
    for key in true_counts.keys() | pred_counts.keys():
        t, p = true_counts.get(key, 0), pred_counts.get(key, 0)
        tp += min(t, p)
        fp += max(0, p - t)
        fn += max(0, t - p)
    total = tp + fp + fn
    # normalized so that long pages weigh no more than short ones (as evaluate.py)
    return (tp / total, fp / total, fn / total) if total else (tp, fp, fn)


def precision_score(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fp == 0 else tp / (tp + fp)


def recall_score(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fn == 0 else tp / (tp + fn)


def page_f1(counts: TpFpFn) -> float:
    p, r = precision_score(*counts), recall_score(*counts)
    return 2 * p * r / (p + r) if p + r else 0.0


def score(pairs: Iterable[tuple[str, str | None]], n: int) -> Scores:
    counts = [tp_fp_fn(true, pred, n) for true, pred in pairs]
    precision = statistics.mean(precision_score(*c) for c in counts if c[0] + c[1] > 0)
    recall = statistics.mean(recall_score(*c) for c in counts if c[0] + c[2] > 0)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    per_page = [page_f1(c) for c in counts]
    return Scores(precision, recall, f1, statistics.mean(per_page), per_page)


# ---------------------------------------------------------------- page sets
def english_pages(root: Path) -> list[Page]:
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for key, item in sorted(truth.items()):
        with gzip.open(root / "html" / f"{key}.html.gz", "rt", encoding="utf8") as handle:
            pages.append(Page(key, item.get("url") or "", handle.read(), item["articleBody"]))
    return pages


def page_kinds(root: Path) -> str:
    """"home pages refused X/Y, articles accepted X/Y" over the shared Indonesian pages."""
    entries = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    refused = accepted = homes = articles = 0
    for entry in entries:
        html = (root / entry["fixture"]).read_bytes()
        is_home = "title" not in entry["expected"]
        try:
            process_html(html)
            ok = not is_home
        except ExtractionError:
            ok = is_home
        homes, articles = homes + is_home, articles + (not is_home)
        refused, accepted = refused + (ok and is_home), accepted + (ok and not is_home)
    return f"home pages refused {refused}/{homes}, articles accepted {accepted}/{articles}"


def indonesian_pages(root: Path, *, raw: bool) -> list[Page]:
    entries = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for entry in entries:
        expected = entry["expected"]
        if "title" not in expected:  # section front pages: no article body
            continue
        truth = expected["content"] if raw else strip_credits_and_dateline(expected["content"])
        html = (root / entry["fixture"]).read_text(encoding="utf-8", errors="replace")
        pages.append(Page(entry["fixture"], expected["url"], html, truth))
    return pages


# ---------------------------------------------------------------- systems
def bare_trafilatura(page: Page) -> str | None:
    # as the benchmark's run_trafilatura.py, but with trafilatura's default settings
    return trafilatura.extract(page.html)


def warta(page: Page) -> str | None:
    try:
        return process_html(page.html, page.url or None).text
    except ExtractionError:
        return None


SYSTEMS: dict[str, Callable[[Page], str | None]] = {
    "trafilatura": bare_trafilatura,
    "warta": warta,
}


def run(pages: list[Page], repeat: int = 3) -> dict[str, tuple[list[str | None], float]]:
    """Each page through every system in turn (interleaved, so that load from other jobs on
    the machine weighs on both systems alike), ``repeat`` times; a page's time is its fastest
    (other jobs only ever add time), and a system's time the median over pages."""
    outputs: dict[str, list[str | None]] = {name: [] for name in SYSTEMS}
    seconds: dict[str, list[float]] = {name: [] for name in SYSTEMS}
    for page in pages:
        fastest = dict.fromkeys(SYSTEMS, float("inf"))
        for attempt in range(repeat):
            for name, system in SYSTEMS.items():
                start = time.perf_counter()
                text = system(page)
                fastest[name] = min(fastest[name], time.perf_counter() - start)
                if attempt == 0:
                    outputs[name].append(text)
        for name in SYSTEMS:
            seconds[name].append(fastest[name])
    return {name: (outputs[name], statistics.median(seconds[name])) for name in SYSTEMS}


def report(console: Console, title: str, pages: list[Page], worst: int, repeat: int) -> None:
    results = run(pages, repeat)
    table = Table(title=f"{title} ({len(pages)} pages)")
    table.add_column("system")
    for column in ("P4", "R4", "F1-4", "meanF1-4", "P1", "R1", "F1-1", "meanF1-1", "ms/page"):
        table.add_column(column, justify="right")
    f1s: dict[str, tuple[float, float]] = {}
    per_page: dict[str, list[float]] = {}
    for name, (outputs, median_s) in results.items():
        truths = [p.truth for p in pages]
        s4 = score(zip(truths, outputs, strict=True), 4)
        s1 = score(zip(truths, outputs, strict=True), 1)
        f1s[name] = (s4.f1, s1.f1)
        per_page[name] = s4.per_page_f1
        table.add_row(
            name,
            *(f"{v:.3f}" for v in (s4.precision, s4.recall, s4.f1, s4.mean_f1)),
            *(f"{v:.3f}" for v in (s1.precision, s1.recall, s1.f1, s1.mean_f1)),
            f"{median_s * 1000:.1f}",
        )
    (base4, base1), (ours4, ours1) = f1s.values()
    (_, (_, base_s)), (_, (_, ours_s)) = results.items()
    table.add_row(
        "warta / bare",
        "",
        "",
        f"{ours4 / base4:.3f}",
        "",
        "",
        "",
        f"{ours1 / base1:.3f}",
        "",
        f"{ours_s / base_s:.2f}x",
    )
    console.print(table)
    for name, scores in per_page.items():
        lowest = min(range(len(pages)), key=lambda i: scores[i])
        console.print(
            f"  lowest page F1-4, {name}: {scores[lowest]:.3f} ({pages[lowest].key})"
        )
    if worst:
        base, ours = per_page.values()
        losses = sorted(range(len(pages)), key=lambda i: ours[i] - base[i])[:worst]
        for i in losses:
            if ours[i] < base[i]:
                console.print(f"  warta < bare: {pages[i].key} {ours[i]:.3f} vs {base[i]:.3f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=0, help="only the first N pages per set")
    parser.add_argument("--raw-id", action="store_true", help="untouched Indonesian truth")
    parser.add_argument("--worst", type=int, default=0, help="list pages where warta loses")
    parser.add_argument(
        "--repeat", type=int, default=3, help="times each page is timed (its fastest counts)"
    )
    args = parser.parse_args()
    console = Console(width=max(Console().width, 110))
    pages_root = shared_dir() / "data" / "pages"
    english = english_pages(pages_root / "extraction-benchmark")
    indonesian = indonesian_pages(pages_root / "id", raw=args.raw_id)
    if args.limit:
        english, indonesian = english[: args.limit], indonesian[: args.limit]
    console.print(
        "P/R/F1-4: the benchmark's evaluate.py (4-token shingles, normalized per page, mean P "
        "and mean R over pages, F1 of the means); -1: the same over single tokens; meanF1: "
        "mean of per-page F1.  ms/page: median over pages of each page's fastest of "
        f"{args.repeat} wall times (systems interleaved)."
    )
    report(
        console, "ScrapingHub article-extraction-benchmark (English)", english, args.worst,
        args.repeat,
    )
    reference = "raw ground truth" if args.raw_id else "ground truth minus dateline and credits"
    report(console, f"Indonesian pages, {reference}", indonesian, args.worst, args.repeat)
    console.print(f"Indonesian pages without their URL: {page_kinds(pages_root / 'id')}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
