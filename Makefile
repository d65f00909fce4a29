# The two commands a fresh clone needs: `make generate` and `make test`.
# Both create .venv when it is missing and install odatagen (pinned by constraints.txt) into it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: install generate check test bench clean

$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

generate: $(STAMP)
	$(BIN)/odatagen generate

check: $(STAMP)
	$(BIN)/odatagen generate --check

test: $(STAMP)
	$(BIN)/odatagen generate --check
	$(BIN)/mypy --strict generated/graph_certificates
	$(BIN)/pytest

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache

bench: $(STAMP)
	$(BIN)/python -m tests.tools.bench
