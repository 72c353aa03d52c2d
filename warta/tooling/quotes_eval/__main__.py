"""``python -m warta.tooling.quotes_eval [LANG]``: the quote evaluation (Indonesian by default)."""

import sys

from warta.tooling.quotes_eval.evaluate import evaluate_quotes, print_quote_evaluation

if __name__ == "__main__":  # pragma: no cover - manual run
    print_quote_evaluation(evaluate_quotes(sys.argv[1] if len(sys.argv) > 1 else "id"))
