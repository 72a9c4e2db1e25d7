"""A headless QGIS application with Processing and the plugin's provider, for benchmark processes."""
from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
from pathlib import Path

#: Debian's location of the Processing framework's Python package.
PROCESSING_PLUGINS = "/usr/share/qgis/python/plugins"
_session = None


class QgisSession:
    """Owns the QgsApplication (kept referenced), a throw-away profile folder and the provider."""

    def __init__(self) -> None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from qgis.core import QgsApplication

        self.profile = tempfile.mkdtemp(prefix="phso-bench-profile-")
        atexit.register(shutil.rmtree, self.profile, ignore_errors=True)
        self.app = QgsApplication([], False, self.profile)
        QgsApplication.setPrefixPath("/usr", True)
        self.app.initQgis()
        if PROCESSING_PLUGINS not in sys.path:
            sys.path.append(PROCESSING_PLUGINS)
        from processing.core.Processing import Processing

        Processing.initialize()
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
        from phso_insight_plugin.processing.provider import PhsoInsightProvider

        self.provider = PhsoInsightProvider()
        QgsApplication.processingRegistry().addProvider(self.provider)


def start() -> None:
    """Start QGIS once per process, unless an application already runs (e.g. pytest-qgis's)."""
    global _session
    from qgis.core import QgsApplication

    if _session is not None:
        return
    if QgsApplication.instance() is None:
        _session = QgisSession()
    elif QgsApplication.processingRegistry().providerById("phso_insight") is None:
        raise RuntimeError("QGIS is running without the phso_insight provider; load the plugin first.")


def run(algorithm: str, parameters: dict) -> dict:
    """``processing.run`` with a fresh context on the current project (what the toolbox does)."""
    from qgis import processing
    from qgis.core import QgsProcessingContext, QgsProcessingFeedback, QgsProject

    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    return processing.run(algorithm, parameters, context=context, feedback=QgsProcessingFeedback())
