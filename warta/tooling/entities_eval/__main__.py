"""Annotation helper for the entity benchmark (the texts are read from the shared folder).

``python -m warta.tooling.entities_eval text FILE``   print the text a file annotates
``python -m warta.tooling.entities_eval fill FILE``   set sha256 and mentions from the aliases,
    then list what the second reading pass must decide: capitalised sequences no annotation
    covers, and entities whose aliases never occur
``python -m warta.tooling.entities_eval check [FILE ...]``   validate files (all by default)
"""

from __future__ import annotations

import sys
from pathlib import Path

from warta.tooling.entities_eval.benchmark import (
    BENCHMARK_DIR,
    fill_mentions,
    read_article,
    source_text,
    text_sha256,
    uncovered_capitalised,
    validate,
    write_article,
)


def _fill(path: Path) -> None:
    article = read_article(path)
    text = source_text(article.source)
    article.sha256 = text_sha256(text)
    for note in fill_mentions(article, text):
        print("!", note)
    write_article(article, path)
    for (start, end), words in uncovered_capitalised(article, text):
        context = text[max(0, start - 30) : end + 30].replace("\n", " ")
        print(f"? [{start}, {end}] {words!r:40} ...{context}...")
    for entity in article.entities:
        flag = " (optional)" if entity.optional else ""
        print(f"  {entity.type} {entity.name}: {len(entity.mentions)} mentions{flag}")


def main(argv: list[str]) -> int:
    command, *files = argv
    paths = [Path(f) for f in files] or sorted(BENCHMARK_DIR.glob("*.json"))
    problems: list[str] = []
    for path in paths:
        if command == "text":
            print(source_text(read_article(path).source))
        elif command == "fill":
            _fill(path)
        else:
            article = read_article(path)
            problems += validate(article, source_text(article.source))
    print("\n".join(problems))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
