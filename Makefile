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

.PHONY: run test setup install

run: setup
	$(MANAGE) runserver --noreload 127.0.0.1:$(PORT)

test: setup
	$(WITH_KEY) $(BIN)/pytest

# Reinstall only when requirements.txt changed since the last install.
$(BIN)/.installed: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

install: $(BIN)/.installed

$(SECRET_FILE):
	$(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@

setup: install $(SECRET_FILE)
	$(MANAGE) migrate --noinput -v0
	$(MANAGE) collectstatic --noinput -v0
	$(MANAGE) loadcontent
	$(MANAGE) rebuild_index
