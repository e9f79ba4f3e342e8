# The two commands in the README: `make demo` and `make test`. CI runs `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo demo-history test lint typecheck unit format generate snapshots bench clean

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
	@echo
	@$(MAKE) --no-print-directory demo-history

# History needs the same plan origin in every run, so each state of the
# example is copied to one path: non-compliant, then waived in part, then fixed.
HISTORY_DB    := out/history.db
HISTORY_STORE := sqlite:///$(HISTORY_DB)
DEMO_PLAN     := out/demo/orders-plan.json
DEMO_WAIVERS  := out/demo/govern.waivers.yaml

define DEMO_WAIVERS_YAML
waivers:
  - id: DEMO-BACKUP-BUCKET
    policies: [GOV-0001, GOV-0004, GOV-0005]
    scope: {address: aws_s3_bucket.backup}
    reason: The backup bucket is replaced by the data bucket next sprint.
    owner: data-platform@example.com
    approved_by: security-lead@example.com
    created: $(shell date -u -d '-20 days' +%F)
    expires: $(shell date -u -d '+10 days' +%F)
endef
export DEMO_WAIVERS_YAML

demo-history: $(STAMP)
	@echo "== govern history: one plan recorded as it gets fixed =="
	@rm -rf out/demo out/dashboard $(HISTORY_DB) $(HISTORY_DB)-wal $(HISTORY_DB)-shm
	@mkdir -p out/demo
	@printf '%s\n' "$$DEMO_WAIVERS_YAML" > $(DEMO_WAIVERS)
	@cp examples/plans/noncompliant.json $(DEMO_PLAN)
	@$(BIN)/govern plan $(DEMO_PLAN) --record $(HISTORY_STORE) >/dev/null; \
		echo "recorded run 1: non-compliant (exit code $$?)"
	@$(BIN)/govern plan $(DEMO_PLAN) --waivers $(DEMO_WAIVERS) \
		--record $(HISTORY_STORE) >/dev/null; \
		echo "recorded run 2: non-compliant, backup bucket waived (exit code $$?)"
	@cp examples/plans/compliant.json $(DEMO_PLAN)
	@$(BIN)/govern plan $(DEMO_PLAN) --waivers $(DEMO_WAIVERS) \
		--record $(HISTORY_STORE) >/dev/null; \
		echo "recorded run 3: compliant (exit code $$?)"
	@echo
	@$(BIN)/govern metrics --store $(HISTORY_STORE) --pillar security
	@echo
	@$(BIN)/govern dashboard --store $(HISTORY_STORE) --output out/dashboard

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
	$(BIN)/python -m bench.plan_bench

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
