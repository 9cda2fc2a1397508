# Two commands do all the set-up on a fresh machine (Python 3.11+ and make):
#   make book   build the HTML book into _build/html
#   make test   unit tests, nbval over every notebook, strict book build
# Run `make help` for the rest.

PYTHON ?= python3
VENV   := .venv
BIN    := $(CURDIR)/$(VENV)/bin
STAMP  := $(VENV)/.installed
export PATH := $(BIN):$(PATH)
export PYTHONHASHSEED := 0
export MPLBACKEND := Agg

# The pages of the book, in _toc.yml order (root and every `file:` entry).
PAGES     := $(shell sed -nE 's/^[[:space:]]*(root|- file):[[:space:]]*([^[:space:]#]+).*/\2/p' _toc.yml)
NOTEBOOKS := $(wildcard $(addsuffix .ipynb,$(PAGES)))

# A hash of everything the notebooks' outputs depend on besides their own
# code: when it changes, the build's execution cache is cleared.
DEPS_HASH = $(shell cat requirements.txt $$(find nnlib -name '*.py' | sort) | sha256sum | cut -c1-16)

.PHONY: help venv book test unit nbval strict-book prose notebooks lab clean bench

help:
	@echo "make book       build the HTML book into _build/html"
	@echo "make test       unit tests + nbval + strict book build (what CI runs)"
	@echo "make notebooks  re-execute every notebook in place (fresh kernel, seeded)"
	@echo "make lab        open JupyterLab on book/ with nnlib importable"
	@echo "make clean      remove everything the build made"

$(STAMP): requirements.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	@touch $@

venv: $(STAMP)

# Clear JB1's execution cache when nnlib or the pinned requirements changed,
# since the cache only watches the notebooks' code cells.
_build/.deps-hash: FORCE
	@mkdir -p _build
	@if [ "$$(cat $@ 2>/dev/null)" != "$(DEPS_HASH)" ]; then \
	  echo "nnlib or requirements changed: clearing the notebook execution cache"; \
	  rm -rf _build/.jupyter_cache; echo "$(DEPS_HASH)" > $@; fi
FORCE:

book: $(STAMP) _build/.deps-hash
	$(BIN)/jupyter-book build . --path-output .
	@echo
	@echo "The book is at file://$(CURDIR)/_build/html/index.html"

unit: $(STAMP)
	$(BIN)/python -m pytest tests

nbval: $(STAMP)
	$(BIN)/python -m pytest --nbval --nbval-current-env $(NOTEBOOKS)

# Warnings are errors; -n flags every broken reference.
strict-book: $(STAMP) _build/.deps-hash
	$(BIN)/jupyter-book build . --path-output . -W -n --keep-going

prose:
	@if [ -f ../shared/tools/prose_overlap.py ]; then \
	  $(PYTHON) ../shared/tools/prose_overlap.py book; \
	else echo "prose check skipped: ../shared/tools/prose_overlap.py not found"; fi

test: unit nbval strict-book prose

notebooks: $(STAMP)
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace \
	  --ExecutePreprocessor.timeout=600 --ExecutePreprocessor.kernel_name=python3 $(NOTEBOOKS)

lab: $(STAMP)
	cd book && $(BIN)/jupyter lab

# Benchmarks (bench/README.md): training speed against peers, slider latency,
# build and test time; prints a table and writes _build/bench.md. One thread,
# float64; scikit-learn comes from bench/requirements.txt (benchmark-only).
# BENCH_BUILD=0 skips the slow build timings (done in a temporary copy).
BENCH_BUILD ?= 1
bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -r bench/requirements.txt
	OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 \
	  $(BIN)/python -m bench.run --build $(BENCH_BUILD) --out _build/bench.md

clean:
	rm -rf _build .pytest_cache .hypothesis .ruff_cache
	find . -name __pycache__ -not -path './$(VENV)/*' -prune -exec rm -rf {} +
