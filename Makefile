# Two commands on a fresh Debian machine with Python 3.11:
#   make map    set up, then map the bundled example story into ./maps
#   make test   set up (Debian's chromium included), then run the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SOURCES := pyproject.toml constraints.txt $(shell find geo data examples -type f -not -path '*/__pycache__/*' 2>/dev/null)

.PHONY: map test index clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# A non-editable install: what users get, package data included.
$(VENV)/.installed: $(BIN)/python $(SOURCES)
	$(BIN)/pip install --quiet --constraint constraints.txt ".[test]"
	$(BIN)/pip install --quiet --no-deps --force-reinstall .
	touch $@

index: $(VENV)/.installed
	$(BIN)/make-map --build-index

map: index
	$(BIN)/make-map -o maps

/usr/bin/chromium:
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core

test: index /usr/bin/chromium
	$(BIN)/pytest -n 2 -p no:cacheprovider

clean:
	rm -rf $(VENV) maps build *.egg-info
