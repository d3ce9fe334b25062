# Sister City Lab: two commands.
#   make start   set up .venv, build the lessons, open the course in JupyterLab
#   make test    set up .venv with the test tools, then run every test
#   make site    the course as a website with PDF handouts and slides, in build/site/html
# Needs only Python 3.11+ and make. Other Pythons: make start PYTHON=python3.12

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8888
COURSE_LANG ?= id
START_ARGS ?=
PYTEST_ARGS ?=

.PHONY: start test site install install-test install-site lint format bench clean

start: $(VENV)/.installed
	$(BIN)/sistercity start --lang $(COURSE_LANG) --port $(PORT) $(START_ARGS)

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Needs Debian's chromium (handouts) and npm (reveal.js, MathJax); `.ci/run` installs both.
site: $(VENV)/.installed-site
	$(BIN)/sistercity site

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test
install-site: $(VENV)/.installed-site

$(BIN)/python:
	@$(PYTHON) -c 'import sys; v = sys.version_info; sys.exit(0 if v >= (3, 11) else "Sister City Lab needs Python 3.11 or newer, found %d.%d. Install it and run: make PYTHON=python3.11" % v[:2])'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# rfc3987-syntax is an optional helper of jsonschema that builds a grammar at import time and adds
# about 2 s to every Jupyter and nbgrader process (docs/stack.md); nothing here needs it.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	-$(BIN)/python -m pip uninstall --quiet -y rfc3987-syntax
	$(BIN)/sistercity build --quiet
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"
	-$(BIN)/python -m pip uninstall --quiet -y rfc3987-syntax
	$(BIN)/sistercity build --quiet
	touch $@ $(VENV)/.installed $(VENV)/.installed-site

$(VENV)/.installed-site: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[site]"
	-$(BIN)/python -m pip uninstall --quiet -y rfc3987-syntax
	$(BIN)/sistercity build --quiet
	touch $@ $(VENV)/.installed

lint: $(VENV)/.installed-test
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

format: $(VENV)/.installed-test
	$(BIN)/ruff check --fix . && $(BIN)/ruff format .

bench: $(VENV)/.installed-test
	$(BIN)/sistercity bench simulate
	$(BIN)/sistercity bench grade
	$(BIN)/sistercity bench site

clean:
	rm -rf $(VENV) test-output .pytest_cache .ruff_cache build/site
