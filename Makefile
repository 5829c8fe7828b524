# The README's two commands: `make report` (main job) and `make test`.
# Both create .venv with python3 when missing; nothing else is needed on the machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
JOBS ?= auto

.PHONY: report test setup lint sample clean-outputs

setup: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[dev]"
	touch $(STAMP)

report: $(STAMP)
	$(BIN)/python -m analysis run

test: $(STAMP)
	$(BIN)/python -m ruff check .
	$(BIN)/python -m pytest -q -n $(JOBS)

lint: $(STAMP)
	$(BIN)/python -m ruff check .

sample: $(STAMP)
	$(BIN)/python -m analysis sample
