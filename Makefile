# Two commands for a newcomer: `make run` (the app with demo data) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
# make serve: where gunicorn listens (a reverse proxy in front terminates TLS).
BIND ?= 127.0.0.1:8000

.PHONY: run serve test install lint translations

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e ".[test]"
	touch $@

install: $(BIN)/.installed

run: $(BIN)/.installed
	$(BIN)/pulje demo --if-empty
	$(BIN)/pulje run --host $(HOST) --port $(PORT)

# Production in one command: the configured database (PULJE_DATABASE_URL) brought to the
# newest schema, then gunicorn with gunicorn.conf.py, which also runs the mail worker.
serve: $(BIN)/.installed
	$(BIN)/pulje db upgrade
	$(BIN)/gunicorn --bind $(BIND)

test: $(BIN)/.installed
	$(BIN)/pytest

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/mypy

# Re-extract the marked strings (Danish msgids), update the English catalogue, compile it.
translations: $(BIN)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k N_ --project=pulje \
		-o pulje/translations/messages.pot .
	$(BIN)/pybabel update -i pulje/translations/messages.pot -d pulje/translations
	$(BIN)/pybabel compile -d pulje/translations
