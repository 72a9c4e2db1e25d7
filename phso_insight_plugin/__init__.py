"""PHSO Insight QGIS plugin: representation ratios for complaint case data."""
import sys
from pathlib import Path

PLUGIN_DIR = Path(__file__).resolve().parent
EXT_LIBS = PLUGIN_DIR / "ext-libs"


def _use_bundled_libraries() -> None:
    """Put ``ext-libs`` (shapely 2 installed by ``make install`` where the system has 1.x) first on sys.path."""
    if EXT_LIBS.is_dir() and str(EXT_LIBS) not in sys.path:
        sys.path.insert(0, str(EXT_LIBS))


def classFactory(iface):  # noqa: N802 (QGIS API name)
    """Entry point QGIS calls to load the plugin."""
    _use_bundled_libraries()
    from .plugin import PhsoInsightPlugin

    return PhsoInsightPlugin(iface)
