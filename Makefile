# Two commands for a newcomer: `make run` and `make test`. Both install what they need
# into .venv from the hash-locked requirements.lock, so every install is the same.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.lock | cksum | cut -d' ' -f1)
ADDRESS ?= 127.0.0.1:8000
DEMO_SIZE ?= small

.PHONY: run test lint install lock demo-db messages clean

$(STAMP): requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python 3.11 or newer is needed" or 0)'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	rm -f $(VENV)/.installed-* && touch $@

install: $(STAMP)

# Start the application on SQLite with the reference data, the real history and demo data.
run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py install_roles
	$(BIN)/python manage.py load_initial_data
	$(BIN)/python manage.py demo_data --size $(DEMO_SIZE) --seed 1 --if-empty
	$(BIN)/python manage.py create_admin --url http://$(ADDRESS)/admin/ $(if $(ADMIN_RESET),--reset)
	$(BIN)/python manage.py demo_accounts --url http://$(ADDRESS)/compte/connexion/ $(if $(ADMIN_RESET),--reset)
	$(BIN)/python manage.py runserver $(ADDRESS)

# The whole suite, on PostgreSQL when DATABASE_URL points to it, SQLite otherwise.
test: install
	$(BIN)/python -m pytest -n 2

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Regenerate the lock after changing dependencies in pyproject.toml.
lock:
	$(PYTHON) -m pip install --quiet uv
	$(PYTHON) -m uv pip compile pyproject.toml --extra dev --generate-hashes \
		--python-version 3.11 -o requirements.lock

# Refresh the translation catalogues (needs GNU gettext) and compile them.
messages: install
	$(BIN)/python manage.py makemessages --locale fr --locale en --no-obsolete --no-location --ignore "tests/*"
	$(BIN)/python manage.py complete_french_catalogue
	$(BIN)/python manage.py compilemessages --ignore ".venv"

clean:
	rm -rf $(VENV) db.sqlite3 .pytest_cache
