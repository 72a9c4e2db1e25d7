"""Run inside the real QGIS desktop by the change desktop test (``qgis.bin --code change_startup.py``).

Loads the cases (``PHSO_CHANGE_CASES``) and the areas with population (``PHSO_CHANGE_AREAS``), opens the PHSO
Insight dock on its Change tab, lets it guess the fields, clicks Run (a background task, as a user would), then
selects the area ``PHSO_CHANGE_SELECT`` (a code; its chart stays when the selection is cleared, so the map shows
its colour) and, once the window has settled, writes the JSON marker
``PHSO_SMOKE_MARKER``: the dock's and the canvas's on-screen geometry, a grab of the dock, the change layer's
style and tiers, and the chart's title.
"""
import json
import os
import traceback

from qgis.core import QgsProject, QgsVectorLayer
from qgis.PyQt.QtCore import QPoint, QTimer
from qgis.utils import iface, plugins

MARKER = os.environ["PHSO_SMOKE_MARKER"]
SELECT = os.environ.get("PHSO_CHANGE_SELECT", "")
SETTLE_MS = 3000


def write_marker(**content):
    with open(MARKER + ".part", "w", encoding="utf-8") as stream:
        json.dump(content, stream)
    os.replace(MARKER + ".part", MARKER)


def on_screen(widget) -> dict:
    corner = widget.mapToGlobal(QPoint(0, 0))
    return {"x": corner.x(), "y": corner.y(), "width": widget.width(), "height": widget.height()}


def open_change_view():
    iface.mainWindow().setGeometry(0, 0, 1600, 1000)
    cases = QgsVectorLayer(os.environ["PHSO_CHANGE_CASES"], "assigned cases", "ogr")
    areas = QgsVectorLayer(os.environ["PHSO_CHANGE_AREAS"], "constituencies", "ogr")
    QgsProject.instance().setCrs(areas.crs())
    QgsProject.instance().addMapLayers([cases, areas])
    iface.mapCanvas().setExtent(areas.extent())
    gui = plugins["phso_insight_plugin"].gui
    gui.action.trigger()
    dock = gui.dock
    dock.ui.tabs.setCurrentWidget(dock.change)
    view = dock.change
    view.inputs.cases.setLayer(cases)
    view.inputs.areas.setLayer(areas)
    view.analysisFinished.connect(lambda ok: QTimer.singleShot(500, lambda: select_and_report(gui, ok)))
    view.run_button.click()


def select_and_report(gui, ok):
    view = gui.dock.change
    layer = view.result_layer
    if ok and layer is not None:
        code_field = view.inputs.area_code.currentField()
        layer.selectByIds([f.id() for f in layer.getFeatures() if f[code_field] == SELECT])
        layer.removeSelection()  # the chart stays; the map shows the area's tier colour, not the selection's yellow
    QTimer.singleShot(SETTLE_MS, lambda: report(gui, ok))


def result_summary(view) -> dict:
    layer = view.result_layer
    renderer = layer.renderer()
    code_field = view.inputs.area_code.currentField()
    return {
        "name": layer.name(), "renderer": renderer.type(), "field": renderer.classAttribute(),
        "categories": [[None if c.value() in (None, "") else int(c.value()), c.label(),
                        c.symbol().symbolLayer(0).color().name()] for c in renderer.categories()],
        "tiers": {f[code_field]: (None if f["change_tier"] is None else int(f["change_tier"]))
                  for f in layer.getFeatures()},
    }


def report(gui, ok):
    try:
        view = gui.dock.change
        grab = MARKER + ".dock.png"
        gui.dock.grab().save(grab)
        write_marker(ok=True, analysis_ok=ok, status=view.status.text(), **on_screen(gui.dock),
                     canvas=on_screen(iface.mapCanvas()), grab=grab, chart_title=view.chart.title,
                     chart=on_screen(view.chart), area=view.area_choice.currentText(),
                     result=result_summary(view) if view.result_layer is not None else None)
    except Exception:  # noqa: BLE001 — the failure must reach the test
        write_marker(ok=False, error=traceback.format_exc())


try:
    open_change_view()
except Exception:  # noqa: BLE001 — anything that goes wrong must reach the test, not a QGIS dialog
    write_marker(ok=False, error=traceback.format_exc())
