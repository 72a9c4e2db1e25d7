"""Deploy the plugin into a QGIS profile and enable it (``make install``).

Profile: ``$QGIS_CUSTOM_CONFIG_PATH/profiles/default`` when set, else the user's default
profile (~/.local/share/QGIS/QGIS3/profiles/default). Where the Python that QGIS runs has
shapely < 2 (Debian 12 ships 1.8), shapely 2 is copied from this venv into the plugin's
``ext-libs`` folder, which the plugin puts first on ``sys.path``.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PLUGIN = "phso_insight_plugin"
IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", "*.gpkg-wal", "*.gpkg-shm", "ext-libs")


def profile_dir() -> Path:
    custom = os.environ.get("QGIS_CUSTOM_CONFIG_PATH")
    base = Path(custom) if custom else Path.home() / ".local" / "share" / "QGIS" / "QGIS3"
    return base / "profiles" / "default"


def system_shapely_major() -> int:
    """Major version of shapely as QGIS's Python (/usr/bin/python3) sees it; 0 when absent."""
    probe = "import shapely, sys; sys.stdout.write(shapely.__version__.split('.')[0])"
    done = subprocess.run(["/usr/bin/python3", "-c", probe], capture_output=True, text=True)
    return int(done.stdout) if done.returncode == 0 and done.stdout.isdigit() else 0


def bundle_shapely(target: Path) -> None:
    """Copy this environment's shapely 2 (and its bundled GEOS) into ``target``."""
    import shapely

    site = Path(shapely.__file__).resolve().parents[1]
    target.mkdir(parents=True, exist_ok=True)
    for name in ("shapely", "shapely.libs"):
        if (site / name).is_dir():
            shutil.copytree(site / name, target / name, ignore=shutil.ignore_patterns("__pycache__", "tests"))


def enable(profile: Path) -> None:
    """Set ``[PythonPlugins] phso_insight_plugin=true`` in the profile's QGIS3.ini."""
    from qgis.PyQt.QtCore import QSettings

    ini = profile / "QGIS" / "QGIS3.ini"
    ini.parent.mkdir(parents=True, exist_ok=True)
    settings = QSettings(str(ini), QSettings.Format.IniFormat)
    settings.setValue(f"PythonPlugins/{PLUGIN}", True)
    settings.sync()


def install(profile: Path) -> Path:
    destination = profile / "python" / "plugins" / PLUGIN
    if destination.exists():
        shutil.rmtree(destination)
    shutil.copytree(ROOT / PLUGIN, destination, ignore=IGNORE)
    if system_shapely_major() < 2:
        bundle_shapely(destination / "ext-libs")
    enable(profile)
    return destination


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--profile", type=Path, default=None, help="profile folder (default: see above)")
    args = parser.parse_args()
    destination = install(args.profile or profile_dir())
    print(f"Installed PHSO Insight into {destination} and enabled it.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
