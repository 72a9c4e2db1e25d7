""""Brief this area": ``phso_insight:areabriefings`` for the areas selected in the dock, and the PDF opened.

The briefing is written into a folder of the session's temporary folder (its path is shown in the status
line); small areas are drawn inside when the project holds a result layer of LSOAs besides the shown one, and
the change since the previous period is stated when it holds a change layer of the same geography.
"""
from __future__ import annotations

import os

from qgis.core import (
    QgsMapLayer,
    QgsProcessingFeatureSourceDefinition,
    QgsProcessingUtils,
    QgsProject,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QUrl
from qgis.PyQt.QtGui import QDesktopServices

from ..errors import InputError
from ..layer_run_metadata import run_metadata_of
from ..results.run_metadata import RunMetadata
from .layer_reading import is_result_layer

BRIEFINGS_ID = "phso_insight:areabriefings"
CHANGE_ID = "phso_insight:representationchange"
SMALL_AREAS = "LSOA"


def _run_of(layer: QgsMapLayer) -> RunMetadata | None:
    """The run the layer records (None when none, or when its record is unreadable)."""
    try:
        return run_metadata_of(layer)
    except InputError:
        return None


def geography_of(layer: QgsMapLayer) -> str:
    """The geography key the layer's run recorded ("" when none, or when its record is unreadable)."""
    run = _run_of(layer)
    return run.geography if run is not None else ""


def change_layer_for(project: QgsProject, layer: QgsVectorLayer) -> QgsVectorLayer | None:
    """A layer of ``project`` written by the change algorithm for the geography of ``layer``; None when none."""
    geography = geography_of(layer)
    for candidate in project.mapLayers().values() if geography else ():
        run = _run_of(candidate) if candidate is not layer else None
        if run is not None and run.algorithm == CHANGE_ID and run.geography == geography:
            return candidate
    return None


def small_areas_for(project: QgsProject, layer: QgsVectorLayer) -> QgsVectorLayer | None:
    """A result layer of small areas (LSOAs) in ``project`` to draw inside the areas of ``layer`` (not itself an
    LSOA layer); None when there is none."""
    if geography_of(layer) == SMALL_AREAS:
        return None
    for candidate in project.mapLayers().values():
        if candidate is not layer and is_result_layer(candidate) and geography_of(candidate) == SMALL_AREAS:
            return candidate
    return None


def briefing_parameters(layer: QgsVectorLayer, name_field: str | None, small_areas: QgsVectorLayer | None,
                        change: QgsVectorLayer | None = None) -> dict:
    """The briefings of the selected features of ``layer``, into a folder of the session's temporary folder."""
    parameters = {"INPUT": QgsProcessingFeatureSourceDefinition(layer.id(), True),
                  "OUTPUT_FOLDER": os.path.join(QgsProcessingUtils.tempFolder(), "briefings"),
                  "OUTPUT_INDEX": "TEMPORARY_OUTPUT"}
    if name_field:
        parameters["NAME_FIELD"] = name_field
    if small_areas is not None:
        parameters["SMALL_AREAS"] = small_areas
    if change is not None:
        parameters["CHANGE"] = change
    return parameters


def briefing_file(index: QgsVectorLayer | None) -> str:
    """The PDF of the first briefing listed in the run's index table ("" without one)."""
    feature = next(index.getFeatures(), None) if index is not None else None
    return str(feature["file"]) if feature is not None else ""


def open_file(path: str) -> None:
    """Open ``path`` with the system's viewer (the dock calls it through an attribute, so tests replace it)."""
    QDesktopServices.openUrl(QUrl.fromLocalFile(path))
