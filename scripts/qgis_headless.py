"""Start QGIS headless with Processing and the plugin's provider (used by the demo and the benchmarks)."""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def start_qgis():
    """Initialise QgsApplication (offscreen), Processing and the PHSO Insight provider; return the app."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("XDG_RUNTIME_DIR", tempfile.mkdtemp(prefix="phso-xdg-"))
    from qgis.core import QgsApplication

    app = QgsApplication([], False)
    app.initQgis()
    sys.path.append("/usr/share/qgis/python/plugins")
    from processing.core.Processing import Processing

    Processing.initialize()
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import phso_insight_plugin

    plugin = phso_insight_plugin.classFactory(None)
    plugin.initProcessing()
    app.phso_plugin = plugin  # keep the provider referenced for the life of the app
    return app
