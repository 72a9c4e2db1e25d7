# PHSO Insight — every target installs what it needs on a fresh Debian 12 machine.
SHELL := /bin/bash
.DEFAULT_GOAL := help

SYS_PYTHON := /usr/bin/python3
VENV := .venv
PY := $(VENV)/bin/python
STAMPS := .make
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
DEB_PACKAGES := qgis python3-qgis qgis-providers python3-pandas python3-scipy python3-numpy \
	python3-venv python3-pip python3-matplotlib python3-pil python3-openpyxl python3-gdal xvfb xauth imagemagick \
	libgeos-dev python3-dev gcc
PLUGIN := phso_insight_plugin
VERSION := $(shell sed -n 's/^version=//p' $(PLUGIN)/metadata.txt)
export QT_QPA_PLATFORM ?= offscreen
export XDG_RUNTIME_DIR ?= /tmp/runtime-$(shell id -u)

.PHONY: help deps demo test test-gui install package sample bench clean

help:
	@echo "make demo     run the main job on the bundled sample data -> demo-output/"
	@echo "make test     run the whole test suite headless"
	@echo "make install  deploy and enable the plugin in the QGIS profile (QGIS_CUSTOM_CONFIG_PATH honoured)"
	@echo "make package  build dist/phso_insight_plugin-<version>.zip for 'Install from ZIP'"
	@echo "make sample   regenerate the bundled sample data (deterministic)"
	@echo "make bench    England-scale benchmarks (not part of make test)"

$(STAMPS)/debian: Makefile
	@mkdir -p $(STAMPS)
	@if ! dpkg -s $(DEB_PACKAGES) >/dev/null 2>&1; then \
		echo "Installing Debian packages: $(DEB_PACKAGES)"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $(DEB_PACKAGES); \
	fi
	@touch $@

$(STAMPS)/venv: $(STAMPS)/debian requirements-dev.txt constraints.txt
	@test -x $(PY) || $(SYS_PYTHON) -m venv --system-site-packages $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -c constraints.txt -r requirements-dev.txt
	@$(PY) -c "import numpy, shapely, qgis.core; assert numpy.__version__ < '2' and shapely.__version__ >= '2'; assert shapely.geos_version_string == qgis.core.Qgis.geosVersion().split('-')[0], 'shapely must use the GEOS that QGIS uses'"
	@touch $@

deps: $(STAMPS)/venv

XVFB_RUN := $(shell command -v xvfb-run 2>/dev/null)

test: deps
	@mkdir -p $(XDG_RUNTIME_DIR) && chmod 700 $(XDG_RUNTIME_DIR)
	$(PY) -m pytest $(PYTEST_ARGS)

test-gui: deps
	@mkdir -p $(XDG_RUNTIME_DIR) && chmod 700 $(XDG_RUNTIME_DIR)
	$(PY) -m pytest -m gui $(PYTEST_ARGS)

demo: deps
	@mkdir -p $(XDG_RUNTIME_DIR) && chmod 700 $(XDG_RUNTIME_DIR)
	$(PY) scripts/demo.py --out demo-output

install: deps
	$(PY) scripts/install_plugin.py

package: deps
	$(PY) scripts/package_plugin.py --out dist

sample: deps
	$(PY) scripts/generate_sample_data.py

# tobler (for the side-by-side comparison only) lives in its own venv, never in the plugin's.
TOBLER_VENV := bench/.venv-tobler

$(TOBLER_VENV)/.installed:
	$(SYS_PYTHON) -m venv $(TOBLER_VENV)
	$(TOBLER_VENV)/bin/pip install -q --disable-pip-version-check tobler geopandas pyogrio
	@touch $@

bench: deps $(TOBLER_VENV)/.installed
	@mkdir -p $(XDG_RUNTIME_DIR) && chmod 700 $(XDG_RUNTIME_DIR)
	$(PY) bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(STAMPS) demo-output dist .pytest_cache
