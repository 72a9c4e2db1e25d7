"""Every Qt name the project's code reads exists in real PyQt6 (QGIS 4), checked in a separate venv."""
from __future__ import annotations

from .pyqt6_venv import run_in_pyqt6
from .source_names import NameUse, uses_under

PYQT5_ONLY = ["qgis.PyQt.QtCore.Qt.UserRole", "qgis.PyQt.QtCore.QVariant.Double", "qgis.PyQt.QtWidgets.QAction",
              "qgis.PyQt.QtGui.QPageSize.A4", "qgis.PyQt.QtWebKitWidgets.QWebView"]
IN_BOTH = ["qgis.PyQt.QtCore.Qt.ItemDataRole.UserRole", "qgis.PyQt.QtCore.QMetaType.Type.Double",
           "qgis.PyQt.QtGui.QAction", "qgis.PyQt.QtGui.QPageSize.PageSizeId.A4", "qgis.PyQt.sip.isdeleted"]


def as_json(uses: list[NameUse]) -> list[dict]:
    return [{"where": use.where, "dotted": use.dotted} for use in uses]


def test_every_qt_name_the_code_uses_exists_in_pyqt6():
    uses = uses_under(("qgis.PyQt",))
    assert any(use.path.startswith("phso_insight_plugin/") for use in uses)
    answer = run_in_pyqt6("pyqt6_resolver.py", stdin_json=as_json(uses))
    missing = [f"{u['where']}: {u['dotted'].removeprefix('qgis.PyQt.')} (PyQt6 has no {u['missing']})"
               for u in answer["unresolved"]]
    assert missing == [], f"{len(missing)} Qt names do not exist in PyQt {answer['pyqt']}:\n" + "\n".join(missing)


def test_the_name_check_uses_pyqt6_and_rejects_pyqt5_only_names():
    probes = [{"where": "probe", "dotted": dotted} for dotted in PYQT5_ONLY + IN_BOTH]
    answer = run_in_pyqt6("pyqt6_resolver.py", stdin_json=probes)
    assert answer["pyqt"].startswith("6.")
    assert [u["dotted"] for u in answer["unresolved"]] == PYQT5_ONLY
