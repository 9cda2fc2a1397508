# Two commands do all the set-up on a fresh machine (Python 3.11+ and make;
# Node.js/npm for a book that needs no network, see README "How the book is built"):
#   make book   build the HTML book, with its JupyterLite site, into _build/html
#   make test   unit tests, nbval, strict build, prose, browser and Binder tests
# Run `make help` for the rest.

PYTHON ?= python3
NPM    ?= npm
VENV   := .venv
BIN    := $(CURDIR)/$(VENV)/bin
STAMP  := $(VENV)/.installed
export PATH := $(BIN):$(PATH)
export PYTHONHASHSEED := 0
# Runs one long step with a header, shortened output and its time (tools/steps.py).
STEP   := $(PYTHON) tools/steps.py run

# The pages of the book, in _toc.yml order (root and every `file:` entry).
PAGES     := $(shell sed -nE 's/^[[:space:]]*(root|- file):[[:space:]]*([^[:space:]#]+).*/\2/p' _toc.yml)
NOTEBOOKS := $(wildcard $(addsuffix .ipynb,$(PAGES)))

# A hash of everything the notebooks' outputs depend on besides their own
# code: when it changes, the build's execution cache is cleared.
DEPS_HASH = $(shell cat requirements.txt requirements-dev.txt $$(find nnlib -name '*.py' | sort) | sha256sum | cut -c1-16)

# Tests of the built site and of a Binder-like install run after the build;
# `make unit` runs everything else.
SITE_TESTS   := tests/test_build_site.py tests/browser
BINDER_TESTS := tests/test_build_binder.py tests/test_build_stacks.py
HUB_TESTS    := tests/hub

.PHONY: help venv assets book lite test lint unit nbval strict-book prose site-tests \
        stacks binder hub notebooks lab reset-chapter serve clean bench bench-hub

help:
	@echo "make book        build the HTML book and its JupyterLite site into _build/html"
	@echo "                 (PYODIDE_PACKAGES=<folder or URL>: serve numpy, matplotlib..."
	@echo "                 from the site instead of the Pyodide CDN)"
	@echo "make test        everything CI checks: lint, unit, nbval, strict build, prose,"
	@echo "                 built-site and browser tests, a Binder-like install"
	@echo "make lint        ruff check and ruff format --check (the pinned ruff)"
	@echo "make hub         a class of five on a real JupyterHub on loopback (in make test)"
	@echo "make notebooks   re-execute every notebook in place (fresh kernel, seeded)"
	@echo "make lab         open JupyterLab on your own copy of the chapters (my-notebooks/)"
	@echo "make reset-chapter CH=N   restore chapter N of my-notebooks/ from the book"
	@echo "make serve       serve the built book on http://localhost:8000 (for JupyterLite)"
	@echo "make clean       remove everything the build made"

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	@test -x $(BIN)/python || $(STEP) "Creating the virtualenv $(VENV)" -- $(PYTHON) -m venv $(VENV)
	@$(STEP) "Upgrading pip" --filter pip -- \
	  $(BIN)/python -m pip install --progress-bar off --upgrade pip
	@$(STEP) "Installing the pinned packages of requirements-dev.txt (a minute or two on a fresh machine)" \
	  --filter pip -- $(BIN)/python -m pip install --progress-bar off -r requirements-dev.txt
	@touch $@

venv: $(STAMP) assets

# MathJax, RequireJS and the Jupyter widget manager, pinned in package-lock.json,
# so the built book loads nothing from other sites (tools/book_ext.py copies
# them into _build/html/_vendor). Without npm the book still builds, from CDNs.
assets:
	@if ! command -v $(NPM) >/dev/null 2>&1; then \
	  echo "NOTE: npm not found: the book will load MathJax and the widget manager from CDNs"; \
	elif [ ! -f node_modules/.package-lock.json ] || \
	     [ package-lock.json -nt node_modules/.package-lock.json ]; then \
	  $(STEP) "Installing the pinned browser assets (npm ci)" -- \
	    $(NPM) ci --ignore-scripts --no-audit --no-fund --loglevel=error; \
	fi

# Clear JB1's execution cache (and Sphinx's saved doctrees, or it would rebuild
# no page) when nnlib or the pinned requirements changed,
# since the cache only watches the notebooks' code cells.
_build/.deps-hash: FORCE
	@mkdir -p _build
	@if [ "$$(cat $@ 2>/dev/null)" != "$(DEPS_HASH)" ]; then \
	  echo "nnlib or requirements changed: clearing the notebook execution cache"; \
	  rm -rf _build/.jupyter_cache _build/.doctrees; echo "$(DEPS_HASH)" > $@; fi
FORCE:

# PYODIDE_PACKAGES=<folder or URL>: serve Pyodide's compiled packages (numpy,
# matplotlib, ...) from the site instead of the Pyodide CDN, copied from a
# folder or URL holding the wheels named in Pyodide's lock (README, "Reading").
PYODIDE_PACKAGES ?=
export PYODIDE_PACKAGES

book: venv _build/.deps-hash
	@$(STEP) "Building the HTML book (executing each notebook)" --filter build -- \
	  $(BIN)/jupyter-book build . --path-output .
	@$(STEP) "Building the JupyterLite site" --filter build -- \
	  $(BIN)/python tools/build_lite.py _build/html
	@$(PYTHON) tools/steps.py summary
	@echo
	@echo "The book is at file://$(CURDIR)/_build/html/index.html"

# The JupyterLite site (every notebook of _toc.yml and an nnlib wheel) into
# _build/html/lite; `make book` and `make test` run it after the HTML build.
lite: $(STAMP)
	@$(STEP) "Building the JupyterLite site" --filter build -- \
	  $(BIN)/python tools/build_lite.py _build/html

# The pinned ruff: lint rules and formatting (pyproject.toml [tool.ruff]).
# `$(BIN)/ruff format $(LINT_DIRS)` fixes what the second line reports.
LINT_DIRS := nnlib tests tools bench
lint: $(STAMP)
	$(BIN)/ruff check $(LINT_DIRS)
	$(BIN)/ruff format --check $(LINT_DIRS)

# Unit tests draw off-screen; notebooks keep Jupyter's inline backend.
unit: export MPLBACKEND := Agg
unit: $(STAMP)
	$(BIN)/python -m pytest tests $(addprefix --ignore=,$(SITE_TESTS) $(BINDER_TESTS) $(HUB_TESTS))

nbval: $(STAMP)
	$(BIN)/python -m pytest --nbval --nbval-current-env $(NOTEBOOKS)

# Warnings are errors; -n flags every broken reference.
strict-book: venv _build/.deps-hash
	@$(STEP) "Strict build of the book (warnings are errors)" -- \
	  $(BIN)/jupyter-book build . --path-output . -W -n --keep-going

prose:
	@if [ -f ../shared/tools/prose_overlap.py ]; then \
	  $(PYTHON) ../shared/tools/prose_overlap.py book; \
	else echo "prose check skipped: ../shared/tools/prose_overlap.py not found"; fi

# The built book as files, then in Chromium with the network cut off
# (screenshots in _build/screenshots). They skip without Chromium, unless
# NNBOOK_REQUIRE_BROWSER=1 (.ci/run sets it and installs Chromium).
site-tests: $(STAMP)
	$(BIN)/python -m pytest $(SITE_TESTS)

# A fresh venv from requirements.txt alone, as Binder and `make lab` build it:
# its size and install time, every chapter run there, and each opened in its
# JupyterLab before running (tests/test_build_binder.py).
binder: $(STAMP)
	NNBOOK_BINDER_TEST=1 $(BIN)/python -m pytest tests/test_build_binder.py
	@cat _build/reader-env.txt 2>/dev/null || true

# nnlib and every chapter on Colab's stack and on the oldest supported one
# (tests/test_build_stacks.py), each in a fresh virtualenv.
stacks: $(STAMP)
	NNBOOK_STACK_TEST=1 $(BIN)/python -m pytest tests/test_build_stacks.py

# A class on one JupyterHub on loopback (hub, proxy, five students' servers,
# five Chromium contexts; a few minutes): README "Teaching with it".
hub: venv
	$(BIN)/python -m pytest $(HUB_TESTS)

# `make test` insists on the local browser assets: a book that needs a CDN fails.
test: export NNBOOK_REQUIRE_LOCAL_ASSETS := 1
test: lint unit nbval strict-book lite prose site-tests hub binder stacks

notebooks: $(STAMP)
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace \
	  --ExecutePreprocessor.timeout=600 --ExecutePreprocessor.kernel_name=python3 $(NOTEBOOKS)

# The built book over http://localhost:8000 (JupyterLite does not run from file://).
PORT ?= 8000
serve:
	@echo "Serving _build/html at http://localhost:$(PORT)/ (Ctrl+C stops)"
	$(BIN)/python -m http.server $(PORT) --bind 127.0.0.1 --directory _build/html

# JupyterLab refuses to run as root unless told (containers, CI machines).
LAB_FLAGS ?= $(if $(filter 0,$(shell id -u)),--allow-root)
# The reader's environment: requirements.txt alone, as Binder installs it, in
# its own virtualenv, so the build and test tools (and the JupyterLite kernel's
# Lab extension) stay out of the reader's JupyterLab. tools/lab-config holds
# its Lab settings (no news pop-up).
LAB_VENV  := .venv-lab
LAB_STAMP := $(LAB_VENV)/.installed
$(LAB_STAMP): requirements.txt pyproject.toml tools/lab-config/overrides.json
	@test -x $(LAB_VENV)/bin/python || \
	  $(STEP) "Creating the reader's virtualenv $(LAB_VENV)" -- $(PYTHON) -m venv $(LAB_VENV)
	@$(STEP) "Installing the reader's packages (requirements.txt)" --filter pip -- \
	  $(LAB_VENV)/bin/python -m pip install --progress-bar off -r requirements.txt
	@mkdir -p $(LAB_VENV)/share/jupyter/lab/settings
	@cp tools/lab-config/overrides.json $(LAB_VENV)/share/jupyter/lab/settings/overrides.json
	@touch $@

# The learner's own copy of the chapters (tools/workcopy.py): my-notebooks/,
# ignored by git, created on first use; chapters there are trusted, so their
# stored panels show before they run, and their exercises' solutions are folded.
lab: $(LAB_STAMP)
	@$(LAB_VENV)/bin/python tools/workcopy.py update
	@echo "Your notebooks are in my-notebooks/ (git ignores them; make reset-chapter CH=N restores one)"
	$(LAB_VENV)/bin/jupyter lab $(LAB_FLAGS) --notebook-dir=my-notebooks

# Restore one chapter of my-notebooks/ from the book (your version is kept in
# my-notebooks/.replaced/): make reset-chapter CH=2
reset-chapter: $(LAB_STAMP)
	@test -n "$(CH)" || { echo "usage: make reset-chapter CH=<number or name>, e.g. CH=2"; exit 2; }
	@$(LAB_VENV)/bin/python tools/workcopy.py reset "$(CH)"

# Benchmarks (bench/README.md): training speed against peers, slider latency,
# build and test time; prints a table and writes _build/bench.md. One thread,
# float64; scikit-learn comes from bench/requirements.txt (benchmark-only).
# BENCH_BUILD=0 skips the slow build timings (done in a temporary copy).
BENCH_BUILD ?= 1
bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -r bench/requirements.txt
	OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 \
	  $(BIN)/python -m bench.run --build $(BENCH_BUILD) --out _build/bench.md

# A class on one JupyterHub: link to running chapter, memory per server
# (bench/hub.py); prints a table and writes _build/bench-hub.md.
bench-hub: venv
	$(BIN)/python -m bench.hub --out _build/bench-hub.md

clean:
	rm -rf _build .pytest_cache .hypothesis .ruff_cache
	find . -name __pycache__ -not -path './$(VENV)/*' -prune -exec rm -rf {} +
