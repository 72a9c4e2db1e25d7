# PHSO Insight — every target installs what it needs on a fresh Debian 12 or Debian 13 machine.
#
# The test platform is QGIS 3.44 LTR from Debian 13 (trixie-backports). On a Debian 13 host the
# packages are installed natively; on any other host (Debian 12) each target re-runs itself
# inside a Debian 13 environment that scripts/debian13_env.sh builds once and reuses.
SHELL := /bin/bash
.DEFAULT_GOAL := help

#: qgis-3.44 (trixie-backports, primary) or qgis-3.40 (trixie main).
PLATFORM ?= qgis-3.44
PLUGIN := phso_insight_plugin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
DEBIAN_MAJOR := $(shell cut -d. -f1 /etc/debian_version 2>/dev/null)
DEB_PACKAGES := $(shell grep -v '^\#' scripts/debian-packages.txt)
export QT_QPA_PLATFORM ?= offscreen
export PHSO_DEB_PACKAGES := $(DEB_PACKAGES)

ENV_TARGETS := demo test test-gui test-qt6 lint bench sample package deps

.PHONY: help install test-matrix clean clean-env $(ENV_TARGETS)

help:
	@echo "make demo         run the main job on the bundled sample data -> demo-output/"
	@echo "make test         run the whole test suite headless on QGIS 3.44 (+ the Qt6 name check)"
	@echo "make test-matrix  run the suite on QGIS 3.40 and 3.44, one summary line per platform"
	@echo "make lint         ruff over the plugin, tests, scripts, bench and synthetic"
	@echo "make install      deploy and enable the plugin in the QGIS profile (QGIS_CUSTOM_CONFIG_PATH honoured)"
	@echo "make package      build dist/$(PLUGIN)-<version>.zip for 'Install from ZIP'"
	@echo "make sample       regenerate the bundled sample data (deterministic)"
	@echo "make bench        England-scale benchmarks (not part of make test)"

install:
	/usr/bin/python3 -m scripts.install_plugin

test-matrix:
	@scripts/test_matrix.sh qgis-3.40 qgis-3.44

clean:
	rm -rf .make .venv .venv-pyqt6 demo-output dist .pytest_cache

clean-env:
	$(SUDO) rm -rf $${PHSO_ENV_DIR:-/var/tmp/phso-insight-env}

ifeq ($(PHSO_IN_DEBIAN13_ENV)$(filter 13,$(DEBIAN_MAJOR)),)
# ---- Not Debian 13: delegate to the Debian 13 environment (built on first use). ----
$(ENV_TARGETS):
	@scripts/debian13_env.sh run $(PLATFORM) make --no-print-directory $@

else
# ---- Debian 13, natively or inside the environment. ----
ifdef PHSO_IN_DEBIAN13_ENV
VENV := /opt/phso-venv
PYQT6_VENV := /opt/phso-pyqt6-venv
else
VENV := .venv
PYQT6_VENV := .venv-pyqt6
endif
PY := $(VENV)/bin/python
export XDG_RUNTIME_DIR ?= /tmp/runtime-$(shell id -u)
export PHSO_PYQT6_PYTHON := $(abspath $(PYQT6_VENV))/bin/python

$(VENV)/.debian: scripts/debian-packages.txt
	@if ! dpkg -s $(DEB_PACKAGES) >/dev/null 2>&1; then scripts/install_debian13_packages.sh $(PLATFORM); fi
	@mkdir -p $(VENV) && touch $@

$(VENV)/.installed: $(VENV)/.debian requirements-dev.txt
	@test -x $(PY) || /usr/bin/python3 -m venv --system-site-packages $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements-dev.txt
	@touch $@

$(PYQT6_VENV)/.installed: requirements-qt6.txt
	@test -x $(PYQT6_VENV)/bin/python || /usr/bin/python3 -m venv $(PYQT6_VENV)
	$(PYQT6_VENV)/bin/python -m pip install -q --disable-pip-version-check -r requirements-qt6.txt
	@touch $@

deps: $(VENV)/.installed $(PYQT6_VENV)/.installed

.PHONY: runtime-dir
runtime-dir:
	@mkdir -p $(XDG_RUNTIME_DIR) && chmod 700 $(XDG_RUNTIME_DIR)

test: deps runtime-dir
	$(PY) -m pytest $(PYTEST_ARGS)

test-gui: deps runtime-dir
	$(PY) -m pytest -m gui $(PYTEST_ARGS)

test-qt6: deps
	$(PY) -m pytest tests/platform $(PYTEST_ARGS)

lint: deps
	$(PY) -m ruff check $(PLUGIN) tests scripts bench synthetic

demo: deps runtime-dir
	$(PY) -m scripts.demo --out demo-output

package: deps
	$(PY) -m scripts.package_plugin --out dist

sample: deps
	$(PY) -m scripts.generate_sample_data

# tobler (for the side-by-side comparison only) lives in its own venv, never in the plugin's.
TOBLER_VENV := $(VENV)-tobler

$(TOBLER_VENV)/.installed:
	/usr/bin/python3 -m venv $(TOBLER_VENV)
	$(TOBLER_VENV)/bin/pip install -q --disable-pip-version-check tobler geopandas pyogrio
	@touch $@

bench: deps runtime-dir $(TOBLER_VENV)/.installed
	PHSO_TOBLER_PYTHON=$(TOBLER_VENV)/bin/python $(PY) -m bench.run $(BENCH_ARGS)
endif
