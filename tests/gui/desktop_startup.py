"""Run inside the real QGIS desktop by the desktop tests (``qgis.bin --code desktop_startup.py``).

Opens the PHSO Insight dock through its toolbar action and loads the layer named by
``PHSO_SMOKE_LAYER`` (if set). With ``PHSO_SMOKE_ANALYSIS`` (JSON: ``name``, ``observed`` and
``population`` fields of that layer) it then runs the analysis from the dock as a user would (Run
button, background task). Once the window has settled it writes the JSON marker
``PHSO_SMOKE_MARKER``: the dock's and the map canvas's on-screen geometry, a grab of the dock and,
after an analysis, the result layer's style and tiers.
"""
import json
import os
import traceback

from qgis.core import QgsProject, QgsVectorLayer
from qgis.PyQt.QtCore import QPoint, QTimer
from qgis.utils import iface, plugins

MARKER = os.environ["PHSO_SMOKE_MARKER"]
ANALYSIS = json.loads(os.environ.get("PHSO_SMOKE_ANALYSIS") or "{}")
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
    if ANALYSIS and layer is not None and layer.isValid():
        run_analysis(gui, layer)
    else:
        QTimer.singleShot(SETTLE_MS, lambda: report(gui, layer))


def run_analysis(gui, layer):
    """Choose the fields on the Analyse tab and click Run; report once the dock says it has finished."""
    ui = gui.dock.ui
    ui.nameFieldCombo.setField(ANALYSIS["name"])
    ui.comparisonCombo.setCurrentIndex(ui.comparisonCombo.findData("population"))
    ui.observedFieldCombo.setField(ANALYSIS["observed"])
    ui.populationFieldCombo.setField(ANALYSIS["population"])
    gui.dock.analysisFinished.connect(lambda ok: QTimer.singleShot(SETTLE_MS, lambda: report(gui, layer, ok)))
    ui.runButton.click()


def on_screen(widget) -> dict:
    corner = widget.mapToGlobal(QPoint(0, 0))
    return {"x": corner.x(), "y": corner.y(), "width": widget.width(), "height": widget.height()}


def result_summary(dock, code_field: str) -> dict:
    """The result layer as the user sees it: name, renderer, categories (value, label, fill, shown) and tiers."""
    layer = dock.result_layer
    renderer = layer.renderer()
    node = QgsProject.instance().layerTreeRoot().findLayer(layer.id())
    return {
        "name": layer.name(), "in_project": node is not None, "visible": bool(node and node.isVisible()),
        "renderer": renderer.type(), "field": renderer.classAttribute(),
        "categories": [[None if c.value() in (None, "") else int(c.value()), c.label(),
                        c.symbol().symbolLayer(0).color().name(), c.renderState()] for c in renderer.categories()],
        "tiers": {f[code_field]: (None if f["tier"] is None else int(f["tier"])) for f in layer.getFeatures()},
    }


def report(gui, layer, analysis_ok=None):
    try:
        write_report(gui, layer, analysis_ok)
    except Exception:  # noqa: BLE001 — as below: the failure must reach the test
        write_marker(ok=False, error=traceback.format_exc())


def write_report(gui, layer, analysis_ok):
    dock = gui.dock
    grab_path = MARKER + ".dock.png"
    dock.grab().save(grab_path)
    content = dict(ok=True, **on_screen(dock), canvas=on_screen(iface.mapCanvas()), visible=dock.isUserVisible(),
                   title=dock.windowTitle(), action_checked=gui.action.isChecked(),
                   layer_loaded=bool(layer is not None and layer.isValid()),
                   dock_layer=dock.ui.layerCombo.currentLayer().name() if dock.ui.layerCombo.currentLayer() else "",
                   grab=grab_path, status=dock.ui.statusLabel.text())
    if analysis_ok is not None:
        content.update(analysis_ok=analysis_ok,
                       result=result_summary(dock, ANALYSIS["code"]) if dock.result_layer is not None else None)
    write_marker(**content)


try:
    open_dock()
except Exception:  # noqa: BLE001 — anything that goes wrong must reach the test, not a QGIS dialog
    write_marker(ok=False, error=traceback.format_exc())
