# Set-up, run and test. A newcomer needs only `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := run

PORT ?= 5000
# Rate limits count in Redis under `make serve`, as in production, so both workers agree.
RATELIMIT_STORAGE_URI ?= redis://127.0.0.1:6379/0
# ... and the workers share rendered public pages there (another database).
SHARED_PAGE_CACHE_URL ?= redis://127.0.0.1:6379/1
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app webapp
PIP := $(BIN)/pip --quiet --disable-pip-version-check
HTMX := static/vendor/htmx.min.js
PO_FILES := $(wildcard translations/*/LC_MESSAGES/*.po)

.PHONY: run serve test audit lint format clean htmx setup test-setup translations assets db test-tools

## Serve the demo with the development server on http://127.0.0.1:$(PORT).
run: setup
	PORT=$(PORT) $(FLASK) run --host 127.0.0.1 --port $(PORT)

## Serve with gunicorn and two workers, as in production: rate limits count in Redis.
serve: setup
	@$(BIN)/python -c "import redis; redis.Redis.from_url('$(RATELIMIT_STORAGE_URI)').ping()" \
		|| { echo "make serve counts rate limits in Redis: none answers at $(RATELIMIT_STORAGE_URI)." \
		"Start one, or set RATELIMIT_STORAGE_URI." >&2; exit 1; }
	PORT=$(PORT) RATELIMIT_STORAGE_URI=$(RATELIMIT_STORAGE_URI) SHARED_PAGE_CACHE_URL=$(SHARED_PAGE_CACHE_URL) \
		$(BIN)/gunicorn -w 2 -b 127.0.0.1:$(PORT) 'webapp:create_app()'

## Lint, check formatting and run every test (unit, integration, browser).
test: test-setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest $(PYTEST_ARGS)

## Check the installed packages against PyPI's advisory data; says which it could not check.
audit: $(VENV)/.test-stamp
	$(BIN)/python scripts/audit_dependencies.py

lint: $(VENV)/.test-stamp
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.test-stamp
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

setup: $(VENV)/.install-stamp htmx translations assets db

test-setup: setup $(VENV)/.test-stamp test-tools

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Stamps keep repeated runs fast; editing pyproject.toml re-installs.
$(VENV)/.install-stamp: pyproject.toml | $(BIN)/python
	$(PIP) install -e .
	touch $@

$(VENV)/.test-stamp: pyproject.toml $(VENV)/.install-stamp
	$(PIP) install -e '.[test]'
	touch $@

# Chromium for the browser tests and Java for the HTML validator.
test-tools: $(VENV)/.test-stamp
	bash scripts/install_test_tools.sh $(BIN)/python

## Fetch the pinned, checksum-verified htmx into static/vendor/ (git-ignored).
htmx:
	bash scripts/fetch_htmx.sh $(HTMX)

translations: $(VENV)/.install-stamp
ifneq ($(PO_FILES),)
	$(FLASK) translate compile
else
	@: # no catalogues yet
endif

## Hashed, pre-compressed copies of the static files in static/dist/ (git-ignored).
assets: $(VENV)/.install-stamp htmx
	$(FLASK) assets build

db: $(VENV)/.install-stamp
	$(FLASK) db upgrade
	$(FLASK) seed --if-empty

## Remove what set-up made (the venv, caches, htmx, compiled translations); keeps instance/.
clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache test-results build *.egg-info $(HTMX) static/dist
	find translations -name '*.mo' -delete
	find . -path ./.git -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +
