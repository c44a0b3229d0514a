# The two commands of the README. Each creates .venv with pip and installs into it; a stamp file makes a
# re-run cheap when pyproject.toml has not changed.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/pip --disable-pip-version-check

.PHONY: run test eval bench bench-scale clean

$(BIN)/python:
	$(PY) -m venv $(VENV)

# torch is pinned to the CPU wheel on this machine's disk; anything else pulls a multi-GB CUDA build.
.stamp-install: pyproject.toml | $(BIN)/python
	$(PIP) install -q torch==2.13.0
	$(PIP) install -q -e '.[test,openai]'
	@touch $@

## run: set up, index knowledge/ and start the bot (Slack when tokens are set, otherwise a demo + terminal chat)
run: .stamp-install
	$(BIN)/advisor ingest
	$(BIN)/advisor start

## test: set up and run the whole test suite
test: .stamp-install
	$(BIN)/python -m pytest -q

## eval: the golden-question evals with reports (see README, "Evals")
eval: .stamp-install
	$(BIN)/advisor eval

bench: .stamp-install
	$(BIN)/python benchmarks/retrieval.py

bench-scale: .stamp-install
	$(BIN)/python benchmarks/scale.py

clean:
	rm -rf $(VENV) .stamp-install .data
