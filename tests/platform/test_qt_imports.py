"""Qt comes only through ``qgis.PyQt``; no ``exec_()``; no compiled Qt resources — as QGIS 4 requires."""
from __future__ import annotations

import ast

from .source_names import ROOT, python_files

PLUGIN = ROOT / "phso_insight_plugin"
#: Modules reached directly instead of through qgis.PyQt (which maps to PyQt5 on QGIS 3, PyQt6 on QGIS 4).
DIRECT_QT = ("PyQt5", "PyQt6", "PySide2", "PySide6", "sip")


def imported_modules(tree: ast.AST):
    """(line, name) of every module an import names, and of every name taken from one (``from . import x``
    → ``.x``): a name may be a submodule."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            module = "." * node.level + (node.module or "")
            if node.module:
                yield node.lineno, module
            for alias in node.names:
                yield node.lineno, f"{module}.{alias.name}" if node.module else module + alias.name


def where(path, line) -> str:
    return f"{path.relative_to(ROOT)}:{line}"


def test_qt_is_imported_only_through_qgis_pyqt():
    direct = [f"{where(path, line)}: {module}" for path in python_files()
              for line, module in imported_modules(ast.parse(path.read_text(encoding="utf-8")))
              if module.split(".")[0] in DIRECT_QT]
    assert direct == []


def test_no_code_calls_exec_underscore():
    calls = [where(path, node.lineno) for path in python_files()
             for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
             if (isinstance(node, ast.Attribute) and node.attr == "exec_")
             or (isinstance(node, ast.Name) and node.id == "exec_")]
    assert calls == []


def test_the_plugin_ships_no_compiled_qt_resources():
    compiled = [str(path.relative_to(ROOT)) for path in PLUGIN.rglob("*")
                if path.suffix == ".qrc" or path.stem in ("resources_rc", "resources_qrc")]
    imports = [f"{where(path, line)}: {module}" for path in python_files(["phso_insight_plugin"])
               for line, module in imported_modules(ast.parse(path.read_text(encoding="utf-8")))
               if module.split(".")[-1].endswith("_rc")]
    assert (compiled, imports) == ([], [])
