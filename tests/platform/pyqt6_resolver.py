"""Resolve Qt names against real PyQt6 — run by the PyQt6 venv's Python, never inside QGIS.

stdin:  JSON list of ``{"where": "path:line", "dotted": "qgis.PyQt.QtCore.Qt.ItemDataRole.UserRole"}``.
stdout: JSON ``{"pyqt": "6.x.y", "unresolved": [{"where", "dotted", "missing"}, ...]}``, where
``missing`` is the first part of the name PyQt6 does not have (a module or an attribute).

``qgis.PyQt.X`` is QGIS's alias of ``PyQt5.X`` on QGIS 3 and ``PyQt6.X`` on QGIS 4, so each name is
looked up as ``PyQt6.X…``. QGIS 4's own compatibility additions to ``qgis.PyQt`` (``QVariant.Double``
and the like) are deliberately not accepted: code written for Qt6 does not need them.
Only the standard library and PyQt6 are imported here.
"""
from __future__ import annotations

import importlib
import json
import sys

QGIS_ALIAS = "qgis.PyQt"


def resolve(dotted: str) -> str | None:
    """None when PyQt6 has ``dotted``; else the first missing part."""
    if dotted != QGIS_ALIAS and not dotted.startswith(QGIS_ALIAS + "."):
        return dotted  # not a Qt name reached through qgis.PyQt
    parts = ["PyQt6", *dotted.split(".")[2:]]
    if len(parts) == 1:
        return None
    module_name = f"PyQt6.{parts[1]}"
    try:
        value = importlib.import_module(module_name)
    except ImportError:
        return module_name
    for index, attr in enumerate(parts[2:], start=2):
        try:
            value = getattr(value, attr)
        except AttributeError:
            return ".".join(parts[: index + 1])
    return None


def main() -> int:
    from PyQt6.QtCore import PYQT_VERSION_STR

    uses = json.load(sys.stdin)
    unresolved = []
    for use in uses:
        missing = resolve(use["dotted"])
        if missing is not None:
            unresolved.append({**use, "missing": missing})
    json.dump({"pyqt": PYQT_VERSION_STR, "unresolved": unresolved}, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
