"""Run inside the real QGIS desktop by the smoke test (``qgis.bin --code desktop_startup.py``).

Opens the PHSO Insight dock through its toolbar action, loads the layer named by
``PHSO_SMOKE_LAYER`` (if set), then, once the window has settled, writes the JSON marker
``PHSO_SMOKE_MARKER`` with the dock's on-screen geometry and a grab of the dock.
"""
import json
import os
import traceback

from qgis.core import QgsProject, QgsVectorLayer
from qgis.PyQt.QtCore import QPoint, QTimer
from qgis.utils import iface, plugins

MARKER = os.environ["PHSO_SMOKE_MARKER"]
SETTLE_MS = 3000


def write_marker(**content):
    with open(MARKER + ".part", "w", encoding="utf-8") as stream:
        json.dump(content, stream)
    os.replace(MARKER + ".part", MARKER)  # the test never reads a half-written marker


def open_dock():
    window = iface.mainWindow()
    window.setGeometry(0, 0, 1600, 1000)
    layer_source = os.environ.get("PHSO_SMOKE_LAYER", "")
    layer = QgsVectorLayer(layer_source, "lsoa", "ogr") if layer_source else None
    if layer is not None and layer.isValid():
        QgsProject.instance().setCrs(layer.crs())
        QgsProject.instance().addMapLayer(layer)
        iface.mapCanvas().setExtent(layer.extent())
    gui = plugins["phso_insight_plugin"].gui
    gui.action.trigger()
    if layer is not None and layer.isValid():
        gui.dock.ui.layerCombo.setLayer(layer)
    QTimer.singleShot(SETTLE_MS, lambda: report(gui, layer))


def report(gui, layer):
    dock = gui.dock
    corner = dock.mapToGlobal(QPoint(0, 0))
    grab_path = MARKER + ".dock.png"
    dock.grab().save(grab_path)
    write_marker(ok=True, x=corner.x(), y=corner.y(), width=dock.width(), height=dock.height(),
                 visible=dock.isUserVisible(), title=dock.windowTitle(), action_checked=gui.action.isChecked(),
                 layer_loaded=bool(layer is not None and layer.isValid()),
                 dock_layer=dock.ui.layerCombo.currentLayer().name() if dock.ui.layerCombo.currentLayer() else "",
                 grab=grab_path)


try:
    open_dock()
except Exception:  # noqa: BLE001 — anything that goes wrong must reach the test, not a QGIS dialog
    write_marker(ok=False, error=traceback.format_exc())
