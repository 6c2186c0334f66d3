# Dragoman — two commands on a fresh machine: `make run` and `make test`.
#
# torch must be the CPU build. We first look for the exact pinned wheel without
# any index (a local wheel folder, e.g. PIP_FIND_LINKS=/opt/wheels), and only
# when none is found do we ask PyTorch's CPU index. A bare `pip install torch`
# from PyPI would pull a multi-GB CUDA build.

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
TORCH_VERSION := 2.13.0
TORCH_INDEX ?= https://download.pytorch.org/whl/cpu
STAMP := $(VENV)/.installed
SAMPLE := assets/samples/sample_article_bg.txt
export QT_QPA_PLATFORM ?= offscreen

.PHONY: run test lint types contracts pytest bench bundle clean venv

venv: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	# The local CPU wheel first (no index: it cannot pick a CUDA build), then its
	# dependencies from the usual index; else the whole thing from the CPU index.
	( $(PIP) install --quiet --no-index --no-deps torch==$(TORCH_VERSION) 2>/dev/null \
	  && $(PIP) install --quiet torch==$(TORCH_VERSION) ) \
	  || $(PIP) install --quiet torch==$(TORCH_VERSION) --index-url $(TORCH_INDEX)
	$(PIP) install --quiet -e '.[dev,cluster]'
	touch $(STAMP)

run: export QT_QPA_PLATFORM :=
run: $(STAMP)
	$(VENV)/bin/dragoman gui $(SAMPLE)

lint: $(STAMP)
	$(VENV)/bin/ruff check desktop tests bench

types: $(STAMP)
	$(VENV)/bin/mypy

contracts: $(STAMP)
	$(VENV)/bin/lint-imports

pytest: $(STAMP)
	$(PY) -m pytest

test: lint types contracts pytest

# Benchmarks print tables; they are never part of `make test`. Those that
# need ../shared (the development sets) say so and stop when it is absent.
bench: $(STAMP)
	$(PY) bench/segment_eval.py
	$(PY) bench/analysis_eval.py
	$(PY) bench/library_bench.py
	$(PY) bench/translate_bench.py
	$(PY) bench/gui_latency.py
	$(PY) bench/batch_bench.py

bundle: $(STAMP)
	$(PIP) install --quiet -e '.[dev,bundle]'
	$(VENV)/bin/pyinstaller --noconfirm --clean build.spec

clean:
	rm -rf build dist .pytest_cache .mypy_cache .ruff_cache
