# Entry points for people and CI: `make demo`, `make test`, `make test-fast`, `make lint`
# (each installs what it needs).
VENV ?= .venv
PYTHON ?= python3

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[dask,test]'
	touch $@

.PHONY: install demo test test-fast lint
install: $(VENV)/.installed

demo: $(VENV)/.installed
	$(VENV)/bin/warta demo

# the full suite: real PostgreSQL, loopback HTTP, Stanza (what CI runs)
test: $(VENV)/.installed
	$(VENV)/bin/pytest -q

# unit tests only: parsers, rules, queue, rates, language routing, grammars (under a minute)
test-fast: $(VENV)/.installed
	$(VENV)/bin/pytest -q tests/unit

# ruff (complexity <= 15 included) and the layer contracts in pyproject.toml
lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
