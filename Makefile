# Two commands on a fresh machine:
#   make lab    opens the course in JupyterLab
#   make test   runs every test: library, notebooks (nbval), browser, site, handouts, wheel
# and for the course beyond the repository:
#   make site       the offline course website (build/site/ko, build/site/en)
#   make handouts   one A4 PDF per lesson and language (build/handouts), printed from the site
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Which language's first lesson JupyterLab opens: ko or en
LESSON_LANG ?= ko
NBVAL := --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg

.PHONY: install lab test test-fast notebooks bench site handouts dist clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[lab,test,site,release]"
	touch $(STAMP)

lab: $(STAMP)
	$(BIN)/python tools/lab.py --lang $(LESSON_LANG)

test: $(STAMP)
	$(BIN)/python -m pytest tests notebooks $(NBVAL)

# Library and notebook tests only (no browser, no wheel built and installed)
test-fast: $(STAMP)
	$(BIN)/python -m pytest tests notebooks $(NBVAL) -m "not browser and not slow"

# Re-execute every notebook and store its outputs (run after changing a lesson or nnlib)
notebooks: $(STAMP)
	$(BIN)/python tools/build_notebooks.py
	$(BIN)/python tools/run_notebooks.py notebooks/ko/*.ipynb notebooks/en/*.ipynb

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_training.py
	$(BIN)/python benchmarks/bench_slider.py

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
