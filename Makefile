# Two entry points for a fresh machine: `make run` and `make test`. Both build .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench model clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/planbot run-or-console

test: $(STAMP)
	$(BIN)/pytest

# lint-imports checks the layer contracts in pyproject.toml ([tool.importlinter]).
lint: $(STAMP)
	$(BIN)/ruff check . && $(BIN)/ruff format --check . && $(BIN)/lint-imports

bench: $(STAMP)
	$(BIN)/python -m benchmarks

# The syllable model the repair uses (knowledge/repair/data/, committed): rebuilt from Debian's Vietnamese
# packages (apt-get download, no install) and corpus/. Needs apt-get and dpkg-deb.
model: $(STAMP)
	$(BIN)/python scripts/build_syllable_model.py

clean:
	rm -rf $(VENV) .pytest_cache
