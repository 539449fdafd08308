# Two commands on a fresh machine:
#   make lab    opens the course in JupyterLab
#   make test   runs every test: library, notebooks (nbval), browser
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Which language's first lesson JupyterLab opens: ko or en
LESSON_LANG ?= ko
NBVAL := --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg

.PHONY: install lab test test-fast notebooks bench clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[lab,test]"
	touch $(STAMP)

lab: $(STAMP)
	$(BIN)/python tools/lab.py --lang $(LESSON_LANG)

test: $(STAMP)
	$(BIN)/python -m pytest tests notebooks $(NBVAL)

# Library and notebook tests only (no browser)
test-fast: $(STAMP)
	$(BIN)/python -m pytest tests notebooks $(NBVAL) -m "not browser"

# Re-execute every notebook and store its outputs (run after changing a lesson or nnlib)
notebooks: $(STAMP)
	$(BIN)/python tools/build_notebooks.py
	$(BIN)/python tools/run_notebooks.py notebooks/ko/*.ipynb notebooks/en/*.ipynb

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_training.py
	$(BIN)/python benchmarks/bench_slider.py
	$(BIN)/python benchmarks/bench_lesson6.py

clean:
	rm -rf $(VENV) .pytest_cache test-artifacts
