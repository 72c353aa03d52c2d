"""``python -m warta.tooling.train id|en [--steps ...] [--workdir DIR] [--no-ship] [--set F=V]``."""

from __future__ import annotations

import argparse
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import warta.tooling.train as package
from warta.tooling.train.recipes import RECIPES, STEPS
from warta.tooling.train.trainer import train_language


def recipe_overrides(lang: str, assignments: Sequence[str]) -> dict[str, Any]:
    """``FIELD=VALUE`` strings as recipe field values, typed like the field: booleans from
    1/true/yes, tuples split on commas, other fields through their type (int, float, str)."""
    overrides: dict[str, Any] = {}
    for item in assignments:
        field, _, value = item.partition("=")
        current = getattr(RECIPES[lang], field)
        if isinstance(current, bool):
            overrides[field] = value.lower() in ("1", "true", "yes")
        elif isinstance(current, tuple):
            overrides[field] = tuple(v for v in value.split(",") if v)
        else:
            overrides[field] = type(current)(value)
    return overrides


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m warta.tooling.train",
        description=(package.__doc__ or "").split("\n\n")[0],
    )
    parser.add_argument("lang")
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--steps", default=",".join(STEPS), help="comma-separated subset of steps")
    parser.add_argument("--no-ship", action="store_true", help="keep models in the work dir")
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="FIELD=VALUE",
        help="override a recipe field (ints as ints; commas make tuples)",
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    overrides = recipe_overrides(args.lang, args.set)
    steps = [s for s in args.steps.split(",") if s]
    train_language(args.lang, args.workdir, steps, ship=not args.no_ship, **overrides)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
