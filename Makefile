# Two commands for a newcomer: `make run` (the app with demo data) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test install lint translations

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e ".[test]"
	touch $@

install: $(BIN)/.installed

run: $(BIN)/.installed
	$(BIN)/pulje demo --if-empty
	$(BIN)/pulje run --host $(HOST) --port $(PORT)

test: $(BIN)/.installed
	$(BIN)/pytest

lint: $(BIN)/.installed
	$(BIN)/ruff check .

# Re-extract the marked strings (Danish msgids), update the English catalogue, compile it.
translations: $(BIN)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k N_ --project=pulje \
		-o pulje/translations/messages.pot .
	$(BIN)/pybabel update -i pulje/translations/messages.pot -d pulje/translations
	$(BIN)/pybabel compile -d pulje/translations
