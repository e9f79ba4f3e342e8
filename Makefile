# The two commands in the README: `make demo` and `make test`. CI runs `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo demo-scan test lint typecheck unit format generate bench bench-scan clean

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

# Regenerate committed artefacts (JSON Schema, catalogue, snapshots); tests fail
# when they are stale.
generate: $(STAMP)
	$(BIN)/python -m govern.policy.schema > policies/schema.json
	$(BIN)/python -m govern.inputs.aws.reference docs/scanning.md

bench: $(STAMP)
	$(BIN)/python bench/plan_bench.py

bench-scan: $(STAMP)
	$(BIN)/python bench/scan_bench.py

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
