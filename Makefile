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

# The pages of the book, in _toc.yml order (root and every `file:` entry).
PAGES     := $(shell sed -nE 's/^[[:space:]]*(root|- file):[[:space:]]*([^[:space:]#]+).*/\2/p' _toc.yml)
NOTEBOOKS := $(wildcard $(addsuffix .ipynb,$(PAGES)))

# A hash of everything the notebooks' outputs depend on besides their own
# code: when it changes, the build's execution cache is cleared.
DEPS_HASH = $(shell cat requirements.txt $$(find nnlib -name '*.py' | sort) | sha256sum | cut -c1-16)

# Tests of the built site and of a Binder-like install run after the build;
# `make unit` runs everything else.
SITE_TESTS   := tests/test_build_site.py tests/browser
BINDER_TESTS := tests/test_build_binder.py
HUB_TESTS    := tests/hub

.PHONY: help venv assets book lite test unit nbval strict-book prose site-tests \
        binder hub notebooks lab serve clean bench bench-hub

help:
	@echo "make book        build the HTML book and its JupyterLite site into _build/html"
	@echo "make test        everything CI checks: unit, nbval, strict build, prose,"
	@echo "                 built-site and browser tests, a Binder-like install"
	@echo "make hub         a class of five on a real JupyterHub on loopback (in make test)"
	@echo "make notebooks   re-execute every notebook in place (fresh kernel, seeded)"
	@echo "make lab         open JupyterLab on book/ with nnlib importable"
	@echo "make serve       serve the built book on http://localhost:8000 (for JupyterLite)"
	@echo "make clean       remove everything the build made"

$(STAMP): requirements.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
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
	  $(NPM) ci --ignore-scripts --no-audit --no-fund --loglevel=error; \
	fi

# Clear JB1's execution cache when nnlib or the pinned requirements changed,
# since the cache only watches the notebooks' code cells.
_build/.deps-hash: FORCE
	@mkdir -p _build
	@if [ "$$(cat $@ 2>/dev/null)" != "$(DEPS_HASH)" ]; then \
	  echo "nnlib or requirements changed: clearing the notebook execution cache"; \
	  rm -rf _build/.jupyter_cache; echo "$(DEPS_HASH)" > $@; fi
FORCE:

book: venv _build/.deps-hash
	$(BIN)/jupyter-book build . --path-output .
	$(BIN)/python tools/build_lite.py _build/html
	@echo
	@echo "The book is at file://$(CURDIR)/_build/html/index.html"

# The JupyterLite site (every notebook of _toc.yml and an nnlib wheel) into
# _build/html/lite; `make book` and `make test` run it after the HTML build.
lite: $(STAMP)
	$(BIN)/python tools/build_lite.py _build/html

# Unit tests draw off-screen; notebooks keep Jupyter's inline backend.
unit: export MPLBACKEND := Agg
unit: $(STAMP)
	$(BIN)/python -m pytest tests $(addprefix --ignore=,$(SITE_TESTS) $(BINDER_TESTS) $(HUB_TESTS))

nbval: $(STAMP)
	$(BIN)/python -m pytest --nbval --nbval-current-env $(NOTEBOOKS)

# Warnings are errors; -n flags every broken reference.
strict-book: venv _build/.deps-hash
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

# A fresh venv from requirements.txt alone, as Binder builds it, then nbval.
binder: $(STAMP)
	NNBOOK_BINDER_TEST=1 $(BIN)/python -m pytest $(BINDER_TESTS)

# A class on one JupyterHub on loopback (hub, proxy, five students' servers,
# five Chromium contexts; a few minutes): README "Teaching with it".
hub: venv
	$(BIN)/python -m pytest $(HUB_TESTS)

# `make test` insists on the local browser assets: a book that needs a CDN fails.
test: export NNBOOK_REQUIRE_LOCAL_ASSETS := 1
test: unit nbval strict-book lite prose site-tests hub binder

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
lab: $(STAMP)
	cd book && $(BIN)/jupyter lab $(LAB_FLAGS)

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
