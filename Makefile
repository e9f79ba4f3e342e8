# The two commands in the README: `make demo` and `make test`. CI runs `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint typecheck unit format generate snapshots bench clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

demo: $(STAMP)
	@echo "== govern plan on a compliant plan =="
	@$(BIN)/govern plan examples/plans/compliant.json; echo "exit code: $$?"
	@echo
	@echo "== govern plan on a non-compliant plan =="
	@$(BIN)/govern plan examples/plans/noncompliant.json; echo "exit code: $$?"

test: lint typecheck unit

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/pytest

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Regenerate committed artefacts (JSON Schema, catalogue, snapshots); tests fail
# when they are stale.
generate: $(STAMP)
	$(BIN)/python -m govern.policy.schema > policies/schema.json
	$(BIN)/python -m govern.authoring.catalogue > docs/policies.md

# Findings of the whole library on every real plan; review the diff.
snapshots: $(STAMP)
	$(BIN)/python -m tests.snapshot_findings update

bench: $(STAMP)
	$(BIN)/python bench/plan_bench.py

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
