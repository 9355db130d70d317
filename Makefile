# toebot: two commands for a fresh machine (`make run`, `make test`); each sets itself up.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test lint typecheck pytest sandbox migrate lock clean

# The venv is rebuilt only when the lock or the project metadata change.
$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit("toebot needs Python 3.11 or newer") if sys.version_info < (3, 11) else None'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/toebot run

sandbox: $(STAMP)
	$(BIN)/toebot sandbox

migrate: $(STAMP)
	$(BIN)/toebot migrate

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

typecheck: $(STAMP)
	$(BIN)/mypy bot handlers tests

pytest: $(STAMP)
	$(BIN)/pytest -q

test: lint typecheck pytest

# Regenerate the pinned, hashed lock after changing dependencies in pyproject.toml.
lock:
	$(PYTHON) -m uv pip compile pyproject.toml requirements-build.in --extra dev \
		--generate-hashes --python-version 3.11 --python-platform linux -q -o requirements.lock

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache build *.egg-info
