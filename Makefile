# Data Challenge Factory. `make run` and `make test` set everything up themselves.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DOMAIN ?= quick-commerce grocery delivery in tier-2 Indian cities
ROWS ?= 20000
SEED ?= 42
OUT ?= output

.PHONY: setup run test test-fast lint bench clean

setup: $(STAMP)

# torch's CPU build (on this machine's disk) goes in before sdv, or pip pulls a multi-GB CUDA build.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet "torch==2.13.0"
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

run: setup
	$(BIN)/factory run --domain "$(DOMAIN)" --rows $(ROWS) --seed $(SEED) --out $(OUT) --yes

test: setup
	$(BIN)/python -m pytest -q

test-fast: setup
	$(BIN)/python -m pytest -q -m "not slow"

lint: setup
	$(BIN)/ruff check .

bench: setup
	$(BIN)/python -m bench.generate --rows 1000000 --json

clean:
	rm -rf $(OUT) .pytest_cache
