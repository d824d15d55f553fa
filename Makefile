# Two commands: `make run` and `make test`. Everything else here serves them.
PYTHON ?= python3
# Another interpreter gets its own venv: make test PYTHON=python3.13 VENV=.venv-3.13
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
# A local secret key, made once and kept out of git, so `make run` needs no environment.
# A DJANGO_SECRET_KEY already in the environment wins.
SECRET_FILE := .local-secret-key
WITH_KEY := DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-$$(cat $(SECRET_FILE))}"
MANAGE := $(WITH_KEY) $(BIN)/python manage.py

.PHONY: run test setup install serve release dev lock production-env bench-tools messages

# Plain http on 127.0.0.1, so the https-only production settings are switched off; pages name
# this address (and port) as their own.
LOCAL := DJANGO_HTTPS=0 MBCINFO_PUBLIC_ORIGIN="$${MBCINFO_PUBLIC_ORIGIN:-http://127.0.0.1:$(PORT)}"
run: setup
	$(LOCAL) $(MANAGE) runserver --noreload 127.0.0.1:$(PORT)

# For people changing the code: DEBUG on (tracebacks in the browser), reloads on each save.
dev: setup
	DJANGO_DEBUG=1 $(LOCAL) $(MANAGE) runserver 127.0.0.1:$(PORT)

# pytest-xdist: two test processes (bench/RESULTS.md has the timings); PYTEST_WORKERS=0 runs one.
PYTEST_WORKERS ?= 2
test: setup $(BIN)/.installed-test node_modules/.installed
	$(WITH_KEY) $(BIN)/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

# --- Interface translations: locale/<code>/LC_MESSAGES/django.po → django.mo -----------------
# Compiled in pure Python with Babel (a test tool), so no machine needs GNU gettext. The .mo
# files are committed: running the site needs neither Babel nor gettext, and
# tests/translations/test_messages.py fails when a .mo no longer matches its .po.
messages: $(BIN)/.installed-test
	$(BIN)/pybabel compile --domain django --directory locale --statistics

# --- Dependencies: pyproject.toml lists them; requirements/*.txt lock them with hashes -------
# runtime.txt is all a server gets; test.txt is the same pins plus pytest, Playwright and axe.
# Each is reinstalled only when its lock changed since the last install. Before installing,
# prune.py removes what the lock does not list (see its docstring). --require-hashes: nothing
# outside the lock, and nothing whose bytes differ from it, gets in.
PIP_INSTALL = $(BIN)/python -m pip install --quiet --require-hashes --no-deps
NEW_VENV = test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
# A developer's venv keeps the test tools between `make run` and `make test`.
$(BIN)/.installed: requirements/runtime.txt
	$(NEW_VENV)
	$(BIN)/python requirements/prune.py requirements/test.txt
	$(PIP_INSTALL) -r requirements/runtime.txt
	touch $@

$(BIN)/.installed-test: requirements/test.txt $(BIN)/.installed
	$(PIP_INSTALL) -r requirements/test.txt
	touch $@

# The benchmarks' plotting and profiling tools, on top of the test set. Installing the runtime
# lock again (when it changes) prunes them; `make bench-tools` brings them back.
bench-tools: $(BIN)/.installed-bench
$(BIN)/.installed-bench: requirements/bench.txt $(BIN)/.installed-test
	$(PIP_INSTALL) -r requirements/bench.txt
	touch $@

# A server's venv holds the runtime lock and nothing else.
$(BIN)/.installed-server: requirements/runtime.txt
	$(NEW_VENV)
	$(BIN)/python requirements/prune.py requirements/runtime.txt
	$(PIP_INSTALL) -r requirements/runtime.txt
	rm -f $(BIN)/.installed-test $(BIN)/.installed-bench
	touch $@ $(BIN)/.installed

install: $(BIN)/.installed

# Remake both locks after editing pyproject.toml's dependencies, keeping the pins that still fit
# (`make lock LOCK_ARGS=--upgrade` moves every pin to the newest release). pip-tools runs from a
# venv of its own; the test lock is constrained to the runtime lock's versions, so both install
# the same site.
LOCK_TOOLS := .venv-lock
PIP_COMPILE = CUSTOM_COMPILE_COMMAND="make lock" $(LOCK_TOOLS)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	--no-emit-index-url --no-emit-find-links
lock: pyproject.toml
	test -x $(LOCK_TOOLS)/bin/pip-compile || { $(PYTHON) -m venv $(LOCK_TOOLS) && $(LOCK_TOOLS)/bin/pip install --quiet pip-tools==7.6.2; }
	$(PIP_COMPILE) $(LOCK_ARGS) -o requirements/runtime.txt pyproject.toml
	$(PIP_COMPILE) $(LOCK_ARGS) --extra test -c requirements/runtime.txt -o requirements/test.txt pyproject.toml
	$(PIP_COMPILE) $(LOCK_ARGS) --extra test --extra bench -c requirements/test.txt -o requirements/bench.txt pyproject.toml
# --- end dependencies ---

# --- The Nu HTML Checker (vnu.jar) from npm, pinned by package-lock.json.
# Only `make test` needs it, so `make run` works on a machine without npm. --ignore-scripts:
# vnu-jar's install script would download a Java runtime; ours comes from Debian (.ci/run).
node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "make test needs npm for the HTML checker (apt-get install npm)"; exit 1; }
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@
# --- end HTML checker ---

$(SECRET_FILE):
	$(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@

setup: install $(SECRET_FILE)
	$(MANAGE) migrate --noinput -v0
	$(MANAGE) collectstatic --noinput -v0
	$(MANAGE) loadcontent
	$(MANAGE) rebuild_index --if-stale

# --- Production (see docs/production.md) ---------------------------------------------------
# Needs the environment of .env.example (DJANGO_SECRET_KEY, DATABASE_URL, ...); never uses
# the local key file. Loading content is a separate, once-per-change step, not part of either.
# Once per release, on each server in turn (the migration runs on the first; on the others it
# finds nothing to do): install the runtime lock only, migrate the shared database, collect
# static files, build the index.
release: production-env $(BIN)/.installed-server
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput -v0
	$(BIN)/python manage.py rebuild_index

# Start a server: never migrates or installs (that is `make release`). The index is built
# only if it does not already reflect the content in the database; if it cannot be built now
# ("-": database down), the server starts anyway and search answers from the database.
serve: production-env
	-$(BIN)/python manage.py rebuild_index --if-stale
	exec $(BIN)/gunicorn --config gunicorn.conf.py

# The local key file is never a production key: refuse before touching anything.
production-env:
	@test -n "$$DJANGO_SECRET_KEY" || { echo "make serve and make release need the production environment (.env.example): DJANGO_SECRET_KEY is not set" >&2; exit 1; }
