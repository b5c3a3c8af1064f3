# crosscheck: make demo (the main job on the bundled examples), make serve (the web app on the demo store),
# make test (the test suite).
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SHARED ?= ../shared
DB ?= out/demo.db

.PHONY: install demo serve test lint eval schema bench clean

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "need $(PYTHON) (set PYTHON=...)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	@mkdir -p out && rm -f $(DB)
	$(BIN)/crosscheck --db sqlite:///$(DB) ingest examples/
	$(BIN)/crosscheck --db sqlite:///$(DB) stories
	$(BIN)/crosscheck --db sqlite:///$(DB) brief --latest

serve: $(STAMP)
	@test -f $(DB) || { mkdir -p out && $(BIN)/crosscheck --db sqlite:///$(DB) ingest examples/ && $(BIN)/crosscheck --db sqlite:///$(DB) stories >/dev/null; }
	$(BIN)/crosscheck --db sqlite:///$(DB) serve

test: $(STAMP)
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check src tests

eval: $(STAMP)
	$(BIN)/crosscheck eval --shared $(SHARED)

bench: $(STAMP)
	$(BIN)/crosscheck bench $(SHARED)/data/bench/abp-5000.jsonl.gz --limit 300
	$(BIN)/python bench/ingest.py 300 $(SHARED)/data/bench/abp-5000.jsonl.gz

schema: $(STAMP)
	$(BIN)/crosscheck schema > schema/crosscheck.schema.json

clean:
	rm -rf $(VENV) out .pytest_cache
