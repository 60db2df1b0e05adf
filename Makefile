# Passerelle. `make run` starts the platform on http://127.0.0.1:8000/ (debug off); `make dev` the
# same with Django's debug pages; `make test` runs every check; `make bench` the benchmarks.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run dev test bench install install-dev lint messages clean

run: install
	scripts/run.sh

# For development only: Django's debug pages show settings and list every URL of the site.
dev: install
	DJANGO_DEBUG=1 scripts/run.sh

test: install-dev
	scripts/system-deps.sh test
	scripts/test.sh

# Benchmarks on SQLite, then PostgreSQL + Redis; rows appended to bench/results.md.
# `make bench ARGS=--quick` for about a minute per backend.
bench: install-dev
	scripts/system-deps.sh test
	scripts/bench.sh $(ARGS)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.run-installed: requirements.txt | $(BIN)/python
	scripts/system-deps.sh run
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(BIN)/python
	scripts/system-deps.sh run
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.run-installed

install: $(VENV)/.run-installed

install-dev: $(VENV)/.dev-installed

lint: install-dev
	scripts/test.sh lint

# Refresh the catalogues after changing French strings (French translates to itself, see
# scripts/french_catalogue.py; English is filled by hand), then compile them.
messages: install-dev
	$(BIN)/python manage.py makemessages -l en -l fr --ignore=.venv --ignore=var --ignore=tests --no-obsolete
	$(BIN)/python scripts/french_catalogue.py
	$(BIN)/python manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) var/test-db.sqlite3* test-artifacts
