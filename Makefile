# Two commands on a fresh machine:
#   make lab    opens the course in JupyterLab (students' own copies in my-lessons/)
#   make test   runs every test: library, notebooks (nbval), browser, site, handouts, wheel
# and for a class:
#   make reset LESSON=04_gradient_descent   restore one lesson's copies (asks first; YES=1 does not)
#   make reset                              restore every lesson
# and for the course beyond the repository:
#   make site       the offline course website (build/site/ko, build/site/en)
#   make handouts   one A4 PDF per lesson and language (build/handouts), printed from the site
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
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

.PHONY: install lab reset test test-fast lint notebooks bench site handouts dist clean check-lang

install: $(STAMP)

# A .venv made by a Python older than 3.11 (or whose Python is gone) is rebuilt;
# a $(PYTHON) older than 3.11 is refused with a message.
OLD_VENV := $(shell [ -e $(BIN)/python ] && ! $(BIN)/python -c '$(IS_311)' 2>/dev/null && echo yes)
ifeq ($(OLD_VENV),yes)
.PHONY: $(STAMP)
endif

$(STAMP): pyproject.toml
	@if [ "$(OLD_VENV)" = yes ]; then \
	    echo "$(VENV) was made by $$($(BIN)/python --version 2>&1 || echo 'a Python that is gone'), but nnlib-class needs 3.11 or newer: rebuilding it."; \
	    rm -rf $(VENV); \
	fi
	@$(PYTHON) -c '$(IS_311)' 2>/dev/null || { \
	    echo "nnlib-class needs Python 3.11 or newer, but $(PYTHON) is $$($(PYTHON) --version 2>&1)."; \
	    echo "Install one and run, for example: make $(MAKECMDGOALS) PYTHON=python3.11"; exit 1; } >&2
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[lab,test,site,release]"
	touch $(STAMP)

check-lang:
	@case "$(LESSON_LANG)" in ko|en) ;; *) \
	    echo "LESSON_LANG must be ko or en, got '$(LESSON_LANG)' (for example: make lab LESSON_LANG=en)" >&2; exit 2;; esac

lab: check-lang $(STAMP)
	@$(BIN)/python tools/lab.py --lang $(LESSON_LANG)

reset: $(STAMP)
	@$(BIN)/python tools/lab.py reset $(LESSON) $(if $(YES),--yes)

test: $(STAMP)
	$(BIN)/python -m pytest tests notebooks $(NBVAL) $(PARALLEL)

# Library and notebook tests only (no browser, no wheel built and installed)
test-fast: $(STAMP)
	$(BIN)/python -m pytest tests notebooks $(NBVAL) $(PARALLEL) -m "not browser and not slow"

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
site: $(STAMP)
	$(BIN)/python tools/build_site.py --out build/site

# Each lesson in each language as an A4 PDF, printed from the site by the system Chromium
handouts: site
	$(BIN)/python tools/build_handouts.py --site build/site --out build/handouts

# The release files (wheel + sdist of nnlib-class) in dist/, checked by twine
dist: $(STAMP)
	rm -rf dist
	$(BIN)/python -m build --outdir dist .
	$(BIN)/python -m twine check --strict dist/*

clean:
	rm -rf $(VENV) .pytest_cache test-artifacts build dist
