# The two commands in the README: `make demo` and `make test`. CI runs `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo demo-history demo-scan test lint typecheck unit format generate snapshots bench bench-scan bench-history clean

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
	@$(MAKE) --no-print-directory demo-scan
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

# A scan of a seeded local moto server: no AWS account, no real credentials.
# The server listens on a free 127.0.0.1 port and stops when the target ends.
demo-scan: $(STAMP)
	@set -e; \
	port=$$($(BIN)/python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'); \
	url=http://127.0.0.1:$$port; \
	MOTO_IAM_LOAD_MANAGED_POLICIES=true $(BIN)/moto_server -H 127.0.0.1 -p $$port > /dev/null 2>&1 & server=$$!; \
	trap 'kill $$server; wait $$server 2> /dev/null || true' EXIT; \
	unset AWS_PROFILE AWS_DEFAULT_PROFILE AWS_SESSION_TOKEN; \
	export AWS_ACCESS_KEY_ID=demo AWS_SECRET_ACCESS_KEY=demo AWS_DEFAULT_REGION=us-east-1; \
	export AWS_CONFIG_FILE=$(CURDIR)/.no-aws-config AWS_SHARED_CREDENTIALS_FILE=$(CURDIR)/.no-aws-config; \
	$(BIN)/python examples/aws/seed_estate.py --endpoint-url $$url --wait 30; \
	echo "== govern scan of the example estate at $$url =="; \
	status=0; $(BIN)/govern scan --endpoint-url $$url --regions us-east-1,eu-west-1 || status=$$?; \
	echo "exit code: $$status"

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

# Regenerate committed artefacts (JSON Schema, catalogue, the generated parts of
# docs/scanning.md and README.md); tests fail when they are stale.
generate: $(STAMP)
	$(BIN)/python -m govern.policy.schema > policies/schema.json
	$(BIN)/python -m govern.authoring.catalogue > docs/policies.md
	$(BIN)/python -m govern.policy.bundle > policies/library.json
	$(BIN)/python -m govern.inputs.aws.reference docs/scanning.md
	$(BIN)/python -m govern.remediate.aws.reference README.md

# Findings of the whole library on every real plan; review the diff.
snapshots: $(STAMP)
	$(BIN)/python -m tests.snapshot_findings update

bench: $(STAMP)
	$(BIN)/python -m bench.plan_bench

bench-scan: $(STAMP)
	$(BIN)/python -m bench.scan_bench

bench-history: $(STAMP)
	$(BIN)/python -m bench.history_bench

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
