# PMB CRM — `make run` starts everything on the embedded default; `make test` runs the suite.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint install migrate seed messages check-deploy benchmark benchmark-peer clean

$(STAMP): requirements.txt requirements-dev.txt
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "$(PYTHON) not found: install Python 3.11 or run 'make PYTHON=python3 ...'"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

migrate: install
	DEBUG=1 $(BIN)/python manage.py migrate --noinput

seed: migrate
	DEBUG=1 $(BIN)/python manage.py seed_demo

# Serves http://127.0.0.1:8000 with a Celery worker and beat on SQLite and a file-based broker.
run: migrate
	DEBUG=1 $(BIN)/python manage.py seed_demo
	DEBUG=1 PYTHON=$(BIN)/python scripts/run_embedded.sh

test: install lint
	scripts/ensure_test_deps.sh
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Gates that keep the code livable (config in pyproject.toml): ruff lint and format check, the
# one-way layers contract (import-linter) and the type check of core, services and selectors (mypy).
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	DEBUG=1 $(BIN)/mypy

# Refresh the English catalogue from the Indonesian msgids and compile it (makemessages needs GNU
# gettext; the compiled .mo is committed, so running the app never needs it). English texts live in
# scripts/en_glossary/<app>.json; the script lists any msgid still missing a translation.
messages: install
	DEBUG=1 $(BIN)/python manage.py makemessages -l en --ignore=.venv --ignore=var --ignore=tests --ignore=scripts
	$(BIN)/python scripts/translate_en.py

check-deploy: install
	DEBUG=0 SECRET_KEY=$${SECRET_KEY:-check-deploy-$$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')} \
	DATABASE_URL=$${DATABASE_URL:-postgres://pmb:pmb@127.0.0.1:5432/pmb} ALLOWED_HOSTS=pmb.example.ac.id \
	$(BIN)/python manage.py check --deploy --fail-level WARNING

benchmark: install
	$(BIN)/python -m benchmarks.run $(BENCH_ARGS)

# PMB CRM and DjangoCRM (django-crm-admin from PyPI, in its own Python 3.12 virtualenv var/peer/venv)
# timed page by page in the same run; DATABASE_URL is ours, the peer's is PEER_DATABASE_URL or ours
# with "_djangocrm" appended. Both are seeded when empty (--leads, default 100,000).
benchmark-peer: install
	$(BIN)/python -m benchmarks.peer $(PEER_ARGS)

clean:
	rm -rf var/broker var/static
