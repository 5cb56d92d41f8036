PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: venv demo test test-fast lint bench clean

venv: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: venv
	@# Exit 3 means some languages were held for review (es, ca and sr of the sample: their routes are below the route-quality floor): the demo still succeeds.
	$(BIN)/translator run translator.toml || [ $$? -eq 3 ]
	@echo
	@echo "Editions are in output/<language>/ (report: output/report.json); catalogs for review in locales/;"
	@echo "drafts held for review: output/review/index.html (translator review next)."
	@echo "Review, fix and approve in the browser: $(BIN)/translator review serve (open the URL it prints)."

test: venv
	$(BIN)/python -m pytest -q

# The pipeline logic, readers, checks and CLI, without the slow tests (conftest.py SLOW_MODULES): under a minute.
test-fast: venv
	$(BIN)/python -m pytest -q -m "not slow"

lint: venv
	$(BIN)/ruff check translator tests benchmarks

bench: venv
	$(BIN)/python benchmarks/glossary_match.py
	$(BIN)/python benchmarks/argos_throughput.py

clean:
	rm -rf $(VENV) output/* .pytest_cache
