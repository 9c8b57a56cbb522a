# resgraph: two set-up commands on a fresh machine (Debian, Python 3.11):
#   make demo   builds the graph from the shipped demo corpus, answers "who cites 45/158"
#               and writes the HTML view
#   make test   runs the whole test suite (lint, types, tests, notebooks)
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint typecheck bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/resgraph demo

lint: $(STAMP)
	$(BIN)/ruff check resgraph tests benchmarks
	$(BIN)/mypy

test: $(STAMP) lint
	sh scripts/ensure-browser.sh
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
