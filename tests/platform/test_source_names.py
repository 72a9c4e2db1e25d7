"""The AST walk behind the Qt6 and enum checks finds imported names and the attribute chains read from them."""
from __future__ import annotations

from .source_names import FIXTURES, ROOT, name_uses, python_files

SOURCE = '''\
from qgis.PyQt.QtCore import Qt as Q
import qgis.core


def cell_alignment(header):
    from qgis.PyQt import QtWidgets
    header.setSectionResizeMode(QtWidgets.QHeaderView.ResizeMode.Stretch)
    return Q.AlignmentFlag.AlignRight, qgis.core.Qgis.WkbType.Point
'''


def test_uses_are_imports_and_the_longest_chains_rooted_at_them_even_inside_functions(tmp_path):
    module = tmp_path / "module.py"
    module.write_text(SOURCE)
    assert [(use.line, use.dotted) for use in name_uses(module, root=tmp_path)] == [
        (1, "qgis.PyQt.QtCore.Qt"),
        (2, "qgis.core"),
        (6, "qgis.PyQt.QtWidgets"),
        (7, "qgis.PyQt.QtWidgets.QHeaderView.ResizeMode.Stretch"),
        (8, "qgis.PyQt.QtCore.Qt.AlignmentFlag.AlignRight"),
        (8, "qgis.core.Qgis.WkbType.Point"),
    ]


def test_the_checked_code_is_the_plugin_scripts_bench_generators_and_tests_without_the_guard_fixtures():
    tops = {path.relative_to(ROOT).parts[0] for path in python_files()}
    assert tops == {"phso_insight_plugin", "scripts", "bench", "synthetic", "tests"}
    assert not [path for path in python_files() if FIXTURES in path.parents]
