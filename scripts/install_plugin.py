"""Deploy the plugin into a QGIS profile and enable it (``make install``).

Profile: ``$QGIS_CUSTOM_CONFIG_PATH/profiles/default`` when set, else the user's default
profile (~/.local/share/QGIS/QGIS3/profiles/default). The plugin uses the Python packages of
the QGIS it runs in (on Debian 13: python3-pandas, python3-scipy, python3-shapely 2.1); nothing
is bundled.
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PLUGIN = "phso_insight_plugin"
IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", "*.gpkg-wal", "*.gpkg-shm")


def profile_dir() -> Path:
    custom = os.environ.get("QGIS_CUSTOM_CONFIG_PATH")
    base = Path(custom) if custom else Path.home() / ".local" / "share" / "QGIS" / "QGIS3"
    return base / "profiles" / "default"


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
