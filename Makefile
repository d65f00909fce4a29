# The two commands a fresh clone needs: `make generate` and `make test`.
# Both create .venv when it is missing and install odatagen (pinned by constraints.txt) into it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: install generate check snapshots test bench clean

$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

generate: $(STAMP)
	$(BIN)/odatagen generate

check: $(STAMP)
	$(BIN)/odatagen generate --check

# Rewrite tests/__snapshots__ from what the sources give now: new inputs and files add snapshots,
# changed ones are updated, none is renamed. Read `git diff tests/__snapshots__/` before committing.
snapshots: $(STAMP)
	$(BIN)/pytest tests/test_snapshots.py --snapshot-update

# The CAP server that tests/test_cap_server.py starts (Node >= 20 and npm, for `make test` only).
# --ignore-scripts: the service uses sql.js, so better-sqlite3 (a dependency) is never compiled.
CAP_STAMP := tests/cap/node_modules/.installed-stamp

$(CAP_STAMP): tests/cap/package.json tests/cap/package-lock.json
	npm ci --prefix tests/cap --ignore-scripts --no-audit --no-fund
	@touch $@

test: $(STAMP) $(CAP_STAMP)
	$(BIN)/odatagen generate --check
	$(BIN)/mypy --strict generated/graph_certificates
	$(BIN)/pytest

clean:
	rm -rf $(VENV) $(BENCH_VENV) .pytest_cache .mypy_cache tests/cap/node_modules

# The benchmark's own venv: the peers it compares against (never dependencies of odatagen or
# of the generated package). msgraph-beta-sdk is large (about 680 MB installed).
BENCH_VENV := .bench-venv
$(BENCH_VENV)/.installed-stamp:
	@test -x $(BENCH_VENV)/bin/python || $(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install --quiet --disable-pip-version-check pydantic==2.14.3 msgraph-beta-sdk==1.66.0
	@touch $@

bench: $(STAMP) $(BENCH_VENV)/.installed-stamp
	$(BIN)/python -m tests.tools.bench
	$(BENCH_VENV)/bin/python -m tests.tools.bench_runtime
