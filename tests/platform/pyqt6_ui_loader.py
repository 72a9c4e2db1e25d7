"""Build ``.ui`` forms with real PyQt6's ``uic`` — run by the PyQt6 venv's Python, never inside QGIS.

argv:   the ``.ui`` files.
stdout: JSON ``{"pyqt": "6.x.y", "built": {path: [object names]}, "errors": {path: "message"}}``.

QGIS widgets (``<customwidget>`` with ``<header>qgis.gui</header>``) are not available in this venv:
each is replaced by a subclass of the Qt class it ``<extends>``, registered under its header module,
so that everything Qt itself reads from the form — classes, enum and set properties
(``Qt::Vertical``, ``QAbstractItemView::NoEditTriggers``), layouts, spacers — is built by Qt6. A property
only the QGIS widget has (``collapsed`` of ``QgsCollapsibleGroupBox``) is accepted and ignored here; the
QGIS-side test builds the real widget.
"""
from __future__ import annotations

import json
import os
import sys
import types
import xml.etree.ElementTree as ET


def _qgis_only_setter(widget, name: str):
    """Called only for attributes the Qt base class lacks: a setter of a QGIS-only property → no-op."""
    if name.startswith("set"):
        return lambda *args: None
    raise AttributeError(f"{type(widget).__name__} has no attribute {name!r}")


def stand_in_custom_widgets(ui_path: str) -> None:
    """Register a Qt stand-in class for every custom widget the form declares."""
    from PyQt6 import QtWidgets

    for custom in ET.parse(ui_path).getroot().iter("customwidget"):
        name, base, header = (custom.findtext(tag) for tag in ("class", "extends", "header"))
        module_name = header[:-2] if header.endswith(".h") else header
        parts = module_name.split(".")
        for depth in range(1, len(parts) + 1):
            sys.modules.setdefault(".".join(parts[:depth]), types.ModuleType(".".join(parts[:depth])))
        stand_in = type(name, (getattr(QtWidgets, base),), {"__getattr__": _qgis_only_setter})
        setattr(sys.modules[module_name], name, stand_in)


def build(ui_path: str) -> list[str]:
    """The object names of the form and of every object Qt6 built inside it."""
    from PyQt6 import uic
    from PyQt6.QtCore import QObject

    stand_in_custom_widgets(ui_path)
    form = uic.loadUi(ui_path)
    return sorted([form.objectName(), *(child.objectName() for child in form.findChildren(QObject))])


def main(paths: list[str]) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PyQt6.QtCore import PYQT_VERSION_STR
    from PyQt6.QtWidgets import QApplication

    app = QApplication([])  # noqa: F841 (widgets need it alive)
    built, errors = {}, {}
    for path in paths:
        try:
            built[path] = build(path)
        except Exception as error:  # noqa: BLE001 (every failure is reported, per file)
            errors[path] = f"{type(error).__name__}: {error}"
    json.dump({"pyqt": PYQT_VERSION_STR, "built": built, "errors": errors}, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
