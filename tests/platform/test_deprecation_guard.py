"""pytest.ini turns a DeprecationWarning raised from the project's own modules into an error, so a QGIS API
that QGIS 4 removed fails the suite on QGIS 3.44 (deprecations inside QGIS or other packages stay warnings).

The calls come from tests/platform/fixtures/deprecated_calls.py, loaded under a module name of each kind.
"""
from __future__ import annotations

import importlib.util

import pytest

from .source_names import FIXTURES

PROJECT_PACKAGES = ["phso_insight_plugin", "tests", "scripts", "bench", "synthetic"]


def load_fixture_as(module_name: str):
    """The fixture module executed under ``module_name`` (not added to sys.modules)."""
    spec = importlib.util.spec_from_file_location(module_name, FIXTURES / "deprecated_calls.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("package", PROJECT_PACKAGES)
def test_a_deprecated_qgis_call_from_project_code_raises(qgis_app, package):
    calls = load_fixture_as(f"{package}._deprecation_probe")
    with pytest.raises(DeprecationWarning, match="QgsField constructor is deprecated"):
        calls.field_from_a_qvariant_type()


def test_a_python_deprecation_warning_from_plugin_code_raises():
    calls = load_fixture_as("phso_insight_plugin._deprecation_probe")
    with pytest.raises(DeprecationWarning, match="this helper is deprecated"):
        calls.python_deprecation()

