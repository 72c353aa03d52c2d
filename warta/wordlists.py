"""Reading the per-language word lists in ``warta/data/<lang>/*.yaml``.

YAML 1.1 (what PyYAML implements) reads bare ``on``, ``off``, ``yes``, ``no``, ``y`` and ``n``
as booleans, so an English list ``[in, on, at]`` silently lost ``on``.  Word lists are
words: only ``true``/``false`` stay booleans (for flags), everything else is text.
"""

from __future__ import annotations

import re
from typing import Any

import yaml


class WordListLoader(yaml.SafeLoader):
    """A safe loader whose booleans are only ``true`` and ``false``."""


WordListLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
WordListLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def load_word_data(text: str) -> Any:
    """Parse a word-list YAML document; ``on``/``no``/``yes`` stay words."""
    return yaml.load(text, Loader=WordListLoader)  # noqa: S506 - a SafeLoader subclass
