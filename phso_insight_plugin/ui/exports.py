"""Export buttons: which algorithm, which file dialog, which parameters.

The dock calls :func:`ask_save_path` through an attribute, so tests replace the dialog.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from qgis.core import QgsApplication, QgsProcessingParameterEnum
from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtWidgets import QFileDialog

from ..styling.palettes import PALETTE_NAMES


def tr(text: str) -> str:
    return QCoreApplication.translate("Exports", text)


@dataclass(frozen=True)
class ExportKind:
    """An export button: its algorithm, dialog title and file-type filter."""

    alg_id: str
    title: str
    file_filter: str


EXPORT_MAP = ExportKind("phso_insight:exportmap", tr("Export map"),
                        tr("PNG image (*.png);;PDF document (*.pdf)"))
EXPORT_LAYER = ExportKind("phso_insight:exportstyled", tr("Export styled layer"), tr("GeoPackage (*.gpkg)"))
SAVE_STYLE = ExportKind("phso_insight:tierstyle", tr("Save style (QML and SLD)"), tr("QGIS style (*.qml)"))


def first_suffix(file_filter: str) -> str:
    """ ".png" for "PNG image (*.png)"; "" when the filter names no suffix."""
    found = re.search(r"\*(\.\w+)", file_filter)
    return found.group(1) if found else ""


def ask_save_path(parent, kind: ExportKind) -> str:
    """A save-file dialog; the chosen path with the chosen type's suffix added if missing; "" when cancelled."""
    path, chosen_filter = QFileDialog.getSaveFileName(parent, kind.title, "", kind.file_filter)
    if path and not Path(path).suffix:
        path += first_suffix(chosen_filter or kind.file_filter)
    return path


def palette_value(alg_id: str, palette_name: str):
    """The PALETTE parameter value ``alg_id`` takes: the name, or its index for a non-static-string enum."""
    algorithm = QgsApplication.processingRegistry().algorithmById(alg_id)
    definition = algorithm.parameterDefinition("PALETTE") if algorithm is not None else None
    if isinstance(definition, QgsProcessingParameterEnum) and not definition.usesStaticStrings():
        return PALETTE_NAMES.index(palette_name)
    return palette_name


def _label_field(label_field: str) -> dict:
    return {"LABEL_FIELD": label_field} if label_field else {}


def export_map_parameters(layer, palette_name: str, path: str) -> dict:
    """``phso_insight:exportmap`` writing ``path`` (PDF for a .pdf suffix, PNG otherwise).

    Title and subtitle are left to the algorithm, which reads the layer's geography and method from its run
    metadata.
    """
    output = "OUTPUT_PDF" if Path(path).suffix.lower() == ".pdf" else "OUTPUT_PNG"
    return {"INPUT": layer, "PALETTE": palette_value(EXPORT_MAP.alg_id, palette_name), output: path}


def export_layer_parameters(layer, palette_name: str, label_field: str, publication_safe: bool, path: str) -> dict:
    """``phso_insight:exportstyled`` writing the GeoPackage ``path`` (QML and SLD beside it)."""
    return {"INPUT": layer, "PALETTE": palette_value(EXPORT_LAYER.alg_id, palette_name),
            "PUBLICATION_SAFE": publication_safe, "OUTPUT": path, **_label_field(label_field)}


def save_style_parameters(layer, palette_name: str, label_field: str, path: str) -> dict:
    """``phso_insight:tierstyle`` writing ``path`` as QML and the same name with .sld."""
    qml = Path(path).with_suffix(".qml")
    return {"INPUT": layer, "PALETTE": palette_value(SAVE_STYLE.alg_id, palette_name),
            "OUTPUT_QML": str(qml), "OUTPUT_SLD": str(qml.with_suffix(".sld")), **_label_field(label_field)}
