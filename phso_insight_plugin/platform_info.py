"""The software a result was computed with: plugin, QGIS and the libraries under it (provenance)."""
from __future__ import annotations

import configparser
import importlib
import platform
from pathlib import Path

#: Python packages whose versions are recorded (missing ones as None).
PYTHON_PACKAGES = ("numpy", "pandas", "scipy", "shapely")


def plugin_version() -> str:
    """``version`` of the plugin's metadata.txt."""
    parser = configparser.ConfigParser()
    parser.read(Path(__file__).with_name("metadata.txt"), encoding="utf-8")
    return parser["general"]["version"]


def package_version(module: str) -> str | None:
    """``module.__version__``, or None when the package is not installed."""
    try:
        return importlib.import_module(module).__version__
    except ImportError:
        return None


def software_versions() -> dict[str, str | None]:
    """Versions of the plugin, QGIS, GDAL, GEOS (as QGIS loads it), PROJ, Python and the Python packages."""
    from osgeo import gdal, osr
    from qgis.core import Qgis

    return {
        "plugin": plugin_version(),
        "qgis": Qgis.version(),
        "gdal": gdal.__version__,
        "geos": Qgis.geosVersion().split("-")[0],
        "proj": f"{osr.GetPROJVersionMajor()}.{osr.GetPROJVersionMinor()}.{osr.GetPROJVersionMicro()}",
        "python": platform.python_version(),
        **{module: package_version(module) for module in PYTHON_PACKAGES},
    }
