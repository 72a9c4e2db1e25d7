"""A headless QGIS application with Processing and the plugin's provider, for benchmark processes
(started by ``scripts/qgis_headless.py``, shared with the demo)."""
from __future__ import annotations

_app = None


def start() -> None:
    """Start QGIS once per process, unless an application already runs (e.g. pytest-qgis's)."""
    global _app
    from qgis.core import QgsApplication

    if _app is not None:
        return
    if QgsApplication.instance() is None:
        from scripts.qgis_headless import start_qgis

        _app = start_qgis()
    elif QgsApplication.processingRegistry().providerById("phso_insight") is None:
        raise RuntimeError("QGIS is running without the phso_insight provider; load the plugin first.")


def run(algorithm: str, parameters: dict) -> dict:
    """``processing.run`` with a fresh context on the current project (what the toolbox does)."""
    from qgis import processing
    from qgis.core import QgsProcessingContext, QgsProcessingFeedback, QgsProject

    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    return processing.run(algorithm, parameters, context=context, feedback=QgsProcessingFeedback())
