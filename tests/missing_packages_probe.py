"""Load the plugin in a fresh QGIS whose Python lacks one package, and report what a user would see.

Run as ``python -m tests.missing_packages_probe PACKAGE`` (``pandas``, ``scipy``, ``shapely``, or
``shapely-1.8`` for a shapely 1.8 install). Before anything is imported, a meta-path finder makes the
package unimportable (or stands in an old shapely: a module that says ``__version__ = "1.8.5"`` and has
none of shapely 2's functions). Prints one JSON object: the algorithms listed (and for each
unavailable one, its advice and the error ``processing.run`` raises), the message-bar messages of
loading the plugin's GUI, whether the panel was created, and the results of running
``representation`` and ``apportion`` on two small areas.
"""
from __future__ import annotations

import importlib.abc
import importlib.machinery
import json
import os
import sys
import tempfile
import types


class HidePackage(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Meta-path finder: ``module`` (and its submodules) cannot be imported, or import as ``version`` only."""

    def __init__(self, module: str, version: str | None = None):
        self.module = module
        self.version = version

    def find_spec(self, fullname, path, target=None):
        if fullname.split(".")[0] != self.module:
            return None
        if self.version is None or fullname != self.module:
            raise ModuleNotFoundError(f"No module named {fullname!r}", name=fullname)
        return importlib.machinery.ModuleSpec(fullname, self)

    def create_module(self, spec):
        module = types.ModuleType(spec.name)
        module.__version__ = self.version
        return module

    def exec_module(self, module):
        """Nothing to run: the stand-in has a version and nothing else."""


def qgis_interface():
    """pytest-qgis's QgisInterface (a main window, map canvas and a message bar that records)."""
    from pytest_qgis.mock_qgis_classes import MockMessageBar
    from pytest_qgis.qgis_interface import QgisInterface
    from qgis.gui import QgsMapCanvas
    from qgis.PyQt.QtWidgets import QMainWindow

    window = QMainWindow()
    return QgisInterface(QgsMapCanvas(window), MockMessageBar(), window)


def hide(package: str) -> None:
    for name in [name for name in sys.modules if name.split(".")[0] == package.split("-")[0]]:
        del sys.modules[name]
    finder = HidePackage("shapely", "1.8.5") if package == "shapely-1.8" else HidePackage(package)
    sys.meta_path.insert(0, finder)


def start_qgis():
    from qgis.core import QgsApplication

    app = QgsApplication([], False, tempfile.mkdtemp(prefix="phso-probe-profile-"))
    QgsApplication.setPrefixPath("/usr", True)
    app.initQgis()
    sys.path.append("/usr/share/qgis/python/plugins")
    from processing.core.Processing import Processing

    Processing.initialize()
    return app


def two_areas():
    """Two 100 m squares with 40 and 10 cases in 1,000 people each (EPSG:27700)."""
    from qgis.core import QgsFeature, QgsGeometry, QgsVectorLayer

    layer = QgsVectorLayer("MultiPolygon?crs=EPSG:27700&field=code:string&field=cases:integer&field=pop:integer",
                           "areas", "memory")
    features = []
    for i, (code, cases) in enumerate([("A", 40), ("B", 10)]):
        feature = QgsFeature(layer.fields())
        feature.setAttributes([code, cases, 1000])
        feature.setGeometry(QgsGeometry.fromWkt(f"POLYGON(({i * 100} 0,{i * 100 + 100} 0,{i * 100 + 100} 100,"
                                                f"{i * 100} 100,{i * 100} 0))"))
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    return layer


def run(alg_id: str, parameters: dict) -> dict:
    """``{"ok": results summary}`` or ``{"error": message}`` of processing.run."""
    from qgis import processing
    from qgis.core import QgsProcessingException

    try:
        results = processing.run(f"phso_insight:{alg_id}", parameters)
    except QgsProcessingException as error:
        return {"error": str(error)}
    return {"ok": {key: value for key, value in results.items() if isinstance(value, (int, float, str))}}


def probe() -> dict:
    from qgis.core import QgsApplication

    import phso_insight_plugin

    iface = qgis_interface()
    plugin = phso_insight_plugin.classFactory(iface)
    plugin.initGui()
    provider = QgsApplication.processingRegistry().providerById("phso_insight")
    listed = {alg.name(): alg for alg in provider.algorithms()}
    unavailable = {name: {"advice": alg.canExecute()[1], "run": run(name, {})}
                   for name, alg in listed.items() if not alg.canExecute()[0]}
    areas = two_areas()
    return {
        "listed": sorted(listed), "unavailable": unavailable,
        "messages": [text for texts in iface.messageBar().messages.values() for text in texts],
        "panel": plugin.gui is not None,
        "representation": run("representation", {"INPUT": areas, "OBSERVED_FIELDS": ["cases"],
                                                  "POPULATION_FIELDS": ["pop"], "OUTPUT": "TEMPORARY_OUTPUT"}),
        "apportion": run("apportion", {"INPUT": areas, "SOURCE_ID_FIELD": "code", "FIELDS": ["cases"],
                                        "TARGET": areas, "TARGET_ID_FIELD": "code", "TARGET_FIELDS": ["code"],
                                        "METHOD": 2, "OUTPUT": "TEMPORARY_OUTPUT"}),
    }


def main() -> int:
    hide(sys.argv[1])
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import pytest_qgis.qgis_interface  # noqa: F401 (before QGIS starts, as in pytest-qgis: its slots then resolve)

    app = start_qgis()
    print(json.dumps(probe()))
    app.exitQgis()
    return 0


if __name__ == "__main__":
    sys.exit(main())
