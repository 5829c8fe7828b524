# The README's two commands: `make report` (main job) and `make test`.
# Both create .venv with python3 when missing; nothing else is needed on the machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
JOBS ?= auto

.PHONY: report test setup lint sample lab

setup: $(STAMP)

# ./tools/lab-settings installs JupyterLab's default settings (Chinese interface) into the environment.
$(STAMP): pyproject.toml tools/lab-settings/pyproject.toml tools/lab-settings/overrides.json
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[dev,cluster]"
	$(BIN)/python -m pip install -q --force-reinstall --no-deps ./tools/lab-settings
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

# JupyterLab on the project, opened at notebooks/ (kernel: this environment's python3), in Chinese
# (jupyterlab-language-pack-zh-CN, made the default by tools/lab-settings/overrides.json).
# LAB_OPTS passes extra options, e.g. make lab LAB_OPTS="--no-browser --port=8899".
# (--allow-root only where make runs as root, e.g. in a container.)
LAB_OPTS ?=
ROOT_OPT := $(if $(filter 0,$(shell id -u 2>/dev/null)),--allow-root,)
lab: $(STAMP)
	$(BIN)/jupyter lab --ServerApp.root_dir="$(CURDIR)" --LabApp.default_url=/lab/tree/notebooks $(ROOT_OPT) $(LAB_OPTS)
