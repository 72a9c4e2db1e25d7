"""Start QGIS headless with Processing and the plugin's provider (used by the demo, the model
builder and the benchmarks).

QGIS runs with a throw-away profile folder, so scripts never touch the user's QGIS settings.
"""
from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def start_qgis():
    """Initialise QgsApplication (offscreen), Processing and the PHSO Insight provider; return the app."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("XDG_RUNTIME_DIR", tempfile.mkdtemp(prefix="phso-xdg-"))
    from qgis.core import QgsApplication

    profile = tempfile.mkdtemp(prefix="phso-qgis-profile-")
    atexit.register(shutil.rmtree, profile, ignore_errors=True)
    app = QgsApplication([], False, profile)
    QgsApplication.setPrefixPath("/usr", True)
    app.initQgis()
    # QGIS's own plugin folder holds the Processing framework; the desktop (and pytest-qgis) put it on the
    # path the same way. The repository itself is never added: scripts run as modules from its root.
    plugins = str(Path(QgsApplication.pkgDataPath()) / "python" / "plugins")
    if plugins not in sys.path:
        sys.path.append(plugins)
    from processing.core.Processing import Processing

    Processing.initialize()
    import phso_insight_plugin

    plugin = phso_insight_plugin.classFactory(None)
    plugin.initProcessing()
    app.phso_plugin = plugin  # keep the provider referenced for the life of the app
    return app
