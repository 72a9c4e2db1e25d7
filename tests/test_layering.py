"""The cores import without QGIS, Qt or GDAL: every module of every package but the QGIS-facing ones (processing,
ui, styling), and every module whose docstring says it has no QGIS, imports in a Python where ``qgis``,
``PyQt5``, ``PyQt6`` and ``osgeo`` cannot be imported (a fresh interpreter with a meta-path finder refusing them)."""
from __future__ import annotations

import ast
import json
import os
import subprocess
import sys

from .platform.source_names import ROOT

PLUGIN = ROOT / "phso_insight_plugin"
#: Packages that talk to QGIS (or hold data files): everything else is core.
QGIS_FACING = {"processing", "ui", "styling", "resources"}
BLOCKED = ("qgis", "PyQt5", "PyQt6", "PySide2", "PySide6", "sip", "osgeo")

IMPORT_ALL = """
import importlib, json, sys, traceback
from importlib.abc import MetaPathFinder

BLOCKED = {blocked!r}

class Refuse(MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ImportError(f"{{name}} is blocked: a core module must not need it")
        return None

sys.meta_path.insert(0, Refuse())
failures = {{}}
for module in {modules!r}:
    try:
        importlib.import_module(module)
    except Exception:
        failures[module] = traceback.format_exc(limit=-3)
print(json.dumps(failures))
"""


def module_name(path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")


def core_modules() -> list[str]:
    packages = [path for path in PLUGIN.iterdir() if (path / "__init__.py").is_file() and path.name not in QGIS_FACING]
    return sorted(module_name(path) for package in packages for path in package.rglob("*.py"))


def modules_saying_no_qgis() -> list[str]:
    """Modules whose docstring promises no QGIS ("… no QGIS)", "no QGIS imports")."""
    said = []
    for path in PLUGIN.rglob("*.py"):
        docstring = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
        if "no QGIS" in docstring:
            said.append(module_name(path))
    return sorted(said)


def failures_without_qgis(modules: list[str]) -> dict[str, str]:
    script = IMPORT_ALL.format(blocked=set(BLOCKED), modules=modules)
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "MPLBACKEND": "Agg"})
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_core_packages_are_found():
    packages = {name.split(".")[1] for name in core_modules()}
    assert {"stats", "geo", "cases", "groups", "report"} <= packages
    assert not packages & QGIS_FACING


def test_every_core_module_imports_without_qgis_qt_or_gdal():
    assert failures_without_qgis(core_modules()) == {}


def test_every_module_that_says_it_has_no_qgis_imports_without_it():
    assert failures_without_qgis(modules_saying_no_qgis()) == {}


def test_the_blocker_does_refuse_qgis():
    """The check can fail: a module that needs QGIS is reported."""
    failures = failures_without_qgis(["phso_insight_plugin.processing.options", "phso_insight_plugin.dependencies"])
    assert list(failures) == ["phso_insight_plugin.dependencies"]
    assert "qgis is blocked" in failures["phso_insight_plugin.dependencies"]


def relative_imports(path) -> list[str]:
    """The modules ``path`` imports relatively, resolved to dotted names under the plugin package."""
    package = module_name(path).split(".")[:-1] if path.name != "__init__.py" else module_name(path).split(".")
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[:len(package) - node.level + 1]
            names.append(".".join(base + ([node.module] if node.module else [])))
    return names


def test_processing_io_never_imports_the_algorithms_or_their_base():
    io_modules = sorted((PLUGIN / "processing" / "io").glob("*.py"))
    upward = [f"{module_name(path)} → {name}" for path in io_modules for name in relative_imports(path)
              if name.startswith(("phso_insight_plugin.processing.algorithms", "phso_insight_plugin.processing.base"))]
    assert upward == []


def test_an_algorithm_module_never_imports_another_algorithm():
    algorithms = sorted((PLUGIN / "processing" / "algorithms").glob("*.py"))
    crossing = [f"{module_name(path)} → {name}" for path in algorithms for name in relative_imports(path)
                if name.startswith("phso_insight_plugin.processing.algorithms.")]
    assert crossing == []
