# The two commands a newcomer needs are `make run` and `make test`; both set themselves up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SAM_VENV := .venv-sam
SAM := $(SAM_VENV)/bin/sam
CHECKOV_VENV := .venv-checkov
CHECKOV := $(CHECKOV_VENV)/bin/checkov
# Browser tests use Debian's Chromium; without it they are left out (and make says how to add it).
CHROMIUM ?= $(shell command -v chromium 2>/dev/null)
# sam build needs the runtime's Python (3.13) on PATH; use pyenv's if there is one.
PYTHON313_DIR ?= $(shell dirname "$$(ls -d $$HOME/.pyenv/versions/3.13*/bin/python3.13 2>/dev/null | tail -n 1 || command -v python3.13)" 2>/dev/null)
PYTEST_WORKERS ?= 2

.PHONY: help venv run test lint format validate security openapi unit e2e fuzz mutate bench build deploy clean

help:
	@echo "make run       start the local stack on http://127.0.0.1:$${PORT:-3000}"
	@echo "make test      lint (ruff, mypy, cfn-lint) and run every test"
	@echo "make lint      ruff, ruff format --check, mypy"
	@echo "make format    apply ruff's fixes and formatting"
	@echo "make validate  check template.yaml with cfn-lint"
	@echo "make security  check template.yaml with checkov (reasoned skips in .checkov.yaml)"
	@echo "make openapi   write openapi.json from the functions' own routes"
	@echo "make fuzz      a long schemathesis run against the local stack, as three roles"
	@echo "make mutate    mutation testing of the core modules (mutmut), into mutation/RESULTS.md"
	@echo "make bench     cold starts, AWS calls per route, warm latency, scale (bench/RESULTS.md)"
	@echo "make build     sam build (aws-sam-cli in $(SAM_VENV))"
	@echo "make deploy    sam deploy --guided (region eu-west-2)"

$(STAMP): requirements-dev.txt constraints.txt shared/requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt -c constraints.txt
	touch $(STAMP)

venv: $(STAMP)

run: $(STAMP)
	$(BIN)/python -m local_stack $(if $(VERBOSE),--verbose,)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	@# Each function's app.py is its own top-level module "app", so each is checked on its own.
	for app in functions/*/app.py; do $(BIN)/mypy "$$app" || exit 1; done

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

validate: $(STAMP)
	$(BIN)/cfn-lint template.yaml

$(CHECKOV): requirements-checkov.txt
	test -x $(CHECKOV_VENV)/bin/python || $(PYTHON) -m venv $(CHECKOV_VENV)
	$(CHECKOV_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-checkov.txt
	touch $(CHECKOV)

security: $(CHECKOV)
	BC_SKIP_MAPPING=TRUE $(CHECKOV) -f template.yaml --config-file .checkov.yaml --skip-download

openapi: $(STAMP)
	$(BIN)/python scripts/openapi.py > openapi.json

test: lint validate security
ifeq ($(CHROMIUM),)
	@echo "Chromium is not installed, so the browser tests are left out." \
	  "Install it (Debian/Ubuntu: sudo apt-get install chromium) to run them too."
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) -m "not browser"
else
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS)
endif

fuzz: $(STAMP)
	$(BIN)/python scripts/fuzz.py --long

unit: $(STAMP)
	$(BIN)/python -m pytest -m "not e2e"

e2e: $(STAMP)
	$(BIN)/python -m pytest -m e2e

mutate: $(STAMP)
	$(BIN)/python scripts/mutate.py

bench: $(STAMP)
	$(BIN)/python scripts/bench.py

$(SAM): requirements-sam.txt
	test -x $(SAM_VENV)/bin/python || $(PYTHON) -m venv $(SAM_VENV)
	$(SAM_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-sam.txt
	touch $(SAM)

build: $(SAM)
	PATH="$(PYTHON313_DIR):$$PATH" SAM_CLI_TELEMETRY=0 $(SAM) build

deploy: build
	SAM_CLI_TELEMETRY=0 $(SAM) deploy --guided

clean:
	rm -rf $(VENV) $(SAM_VENV) $(CHECKOV_VENV) .aws-sam .local .pytest_cache .mypy_cache .ruff_cache
