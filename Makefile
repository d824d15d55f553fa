# Two commands: `make run` and `make test`. Everything else here serves them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# A local secret key, made once and kept out of git, so `make run` needs no environment.
# A DJANGO_SECRET_KEY already in the environment wins.
SECRET_FILE := .local-secret-key
WITH_KEY := DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-$$(cat $(SECRET_FILE))}"
MANAGE := $(WITH_KEY) $(BIN)/python manage.py

.PHONY: run test setup install serve serve-setup

# Plain http on 127.0.0.1, so the https-only production settings are switched off.
run: setup
	DJANGO_HTTPS=0 $(MANAGE) runserver --noreload 127.0.0.1:$(PORT)

test: setup node_modules/.installed
	$(WITH_KEY) $(BIN)/pytest

# Reinstall only when requirements.txt changed since the last install.
$(BIN)/.installed: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

install: $(BIN)/.installed

# --- patients (issue 5): the Nu HTML Checker (vnu.jar) from npm, pinned by package-lock.json.
# Only `make test` needs it, so `make run` works on a machine without npm. --ignore-scripts:
# vnu-jar's install script would download a Java runtime; ours comes from Debian (.ci/run).
node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "make test needs npm for the HTML checker (apt-get install npm)"; exit 1; }
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@
# --- end patients ---

$(SECRET_FILE):
	$(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@

setup: install $(SECRET_FILE)
	$(MANAGE) migrate --noinput -v0
	$(MANAGE) collectstatic --noinput -v0
	$(MANAGE) loadcontent
	$(MANAGE) rebuild_index

# --- Production (issue 6; see docs/production.md) ----------------------------------------
# Needs the environment of .env.example (DJANGO_SECRET_KEY, DATABASE_URL, ...); never uses
# the local key file. Loading content is a separate, once-per-change step, not part of serve.
serve-setup: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput -v0
	$(BIN)/python manage.py rebuild_index

serve: serve-setup
	exec $(BIN)/gunicorn --config gunicorn.conf.py
