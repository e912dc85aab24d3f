# Engagement Hub. The two commands: `make run` (install, load London and the demo, serve) and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
# Test processes: one per core (pytest-xdist). Each has its own test database and, for the journeys, its own live server.
TEST_WORKERS ?= auto

.PHONY: run test test-only install install-test assets browser locale fonts load-tool lint typecheck bench clean fuzz sweep

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements-dev.txt
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed assets locale fonts
install-test: $(VENV)/.installed-dev assets browser locale fonts load-tool

# The public site's translation catalogues (locale/*/LC_MESSAGES/django.po), compiled with GNU gettext's msgfmt
# (Debian's gettext package, installed here when missing, as the browser is).
locale: $(VENV)/.installed
	@command -v msgfmt >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null)
	SECRET_KEY=compilemessages $(PY) manage.py compilemessages -v 0 -i .venv -i node_modules -i .local

# Fonts for the progress report PDFs in Bengali, Gujarati, Panjabi, Tamil and Urdu (Debian's fonts-noto-core,
# installed here when missing; without them those PDFs are made in English, and the install goes on: plans/reports.py).
fonts:
	@fc-list :lang=bn family | grep -q . || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-core >/dev/null) \
	  || echo "fonts-noto-core could not be installed: report PDFs in Bengali, Gujarati, Panjabi, Tamil and Urdu will be in English"

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

static/build/.built: node_modules/.installed static/scss/app.scss static/scss/_rtl.scss build-assets.mjs
	npm run --silent build
	touch $@

assets: static/build/.built

# Browser tests drive Debian's Chromium (never a downloaded browser).
browser:
	@command -v chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null)

# The page benchmark (bench_ward_page) drives Debian's wrk; installed with the test tools when missing.
load-tool:
	@command -v wrk >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null) \
	  || echo "wrk could not be installed: bench_ward_page needs it"

.local/secret_key:
	mkdir -p .local
	$(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@

## Install everything, load London and the demo data, and serve on http://$(HOST):$(PORT)
run: install .local/secret_key
	SECRET_KEY="$${SECRET_KEY:-$$(cat .local/secret_key)}" DEBUG="$${DEBUG:-true}" HOST=$(HOST) PORT=$(PORT) PY=$(PY) bin/run

## Install the test tools and run the whole test suite
test: install-test
	$(MAKE) --no-print-directory test-only

# The whole suite, with coverage measured (the floor is in pyproject.toml) and the browser journeys last in each process.
test-only:
	$(PY) -m pytest -n $(TEST_WORKERS) --durations=20 --cov --cov-report=term $(PYTEST_ARGS)

# Every kind of page reachable by links, as the public and as staff: axe, 320 px reflow and the Nu HTML checker.
sweep: install-test
	EH_SWEEP=1 $(PY) -m pytest website/tests/journeys/test_every_page.py $(PYTEST_ARGS)

# schemathesis lives in its own virtualenv: its pins never meet the service's.
FUZZ_VENV ?= .local/fuzz-venv
FUZZ_EXAMPLES ?= 25

$(FUZZ_VENV)/.installed: requirements-fuzz.txt
	test -x $(FUZZ_VENV)/bin/python || $(PYTHON) -m venv $(FUZZ_VENV)
	$(FUZZ_VENV)/bin/python -m pip install -q --disable-pip-version-check -r requirements-fuzz.txt
	touch $@

## Fuzz the whole API from its OpenAPI description (schemathesis, anonymous and with a staff token) on a live server
fuzz: $(VENV)/.installed $(FUZZ_VENV)/.installed
	PY=$(PY) ST=$(FUZZ_VENV)/bin/schemathesis FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) bin/fuzz

lint:
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

typecheck:
	$(PY) -m mypy .

clean:
	rm -rf $(VENV) node_modules static/build
