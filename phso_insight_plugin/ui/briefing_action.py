""""Brief this area": ``phso_insight:areabriefings`` for the areas selected in the dock, and the PDF opened.

The briefing is written into a folder of the session's temporary folder (its path is shown in the status
line). The project's other layers are used as the algorithm's optional inputs, found by the runs recorded with
them: the same areas against the other benchmark, LSOAs drawn inside (and against the other benchmark), and a
change layer of the same geography.
"""
from __future__ import annotations

import os
from dataclasses import dataclass

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
from ..results.run_metadata import WHOLE_INPUT, RunMetadata
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


@dataclass
class BriefingLayers:
    """The layers of the project a briefing of an area layer draws on (None where the project has none):
    ``other_benchmark`` the same areas analysed against the other benchmark; ``small_areas`` a result layer of
    LSOAs (against the whole input when there is one) and ``small_areas_other`` the LSOAs against the other
    benchmark; ``change`` the change layer of the same geography."""

    other_benchmark: QgsVectorLayer | None = None
    small_areas: QgsVectorLayer | None = None
    small_areas_other: QgsVectorLayer | None = None
    change: QgsVectorLayer | None = None


def briefing_layers(project: QgsProject, layer: QgsVectorLayer) -> BriefingLayers:
    """What :class:`BriefingLayers` the project holds for ``layer``, found by the runs recorded with the layers."""
    own = _run_of(layer)
    if own is None or not own.geography:
        return BriefingLayers()
    runs = [(candidate, _run_of(candidate)) for candidate in project.mapLayers().values() if candidate is not layer]
    results = [(candidate, run) for candidate, run in runs if run is not None and is_result_layer(candidate)]

    def first(wanted) -> tuple[QgsVectorLayer | None, RunMetadata | None]:
        return next(((candidate, run) for candidate, run in results if wanted(run)), (None, None))

    found = BriefingLayers(other_benchmark=first(lambda r: r.geography == own.geography and
                                                 r.benchmark != own.benchmark)[0])
    if own.geography != SMALL_AREAS:
        found.small_areas, chosen = first(lambda r: r.geography == SMALL_AREAS and r.benchmark == WHOLE_INPUT)
        if found.small_areas is None:
            found.small_areas, chosen = first(lambda r: r.geography == SMALL_AREAS)
        found.small_areas_other = first(lambda r: chosen is not None and r.geography == SMALL_AREAS and
                                        r.benchmark != chosen.benchmark)[0]
    found.change = next((candidate for candidate, run in runs if run is not None and run.algorithm == CHANGE_ID
                         and run.geography == own.geography), None)
    return found


def briefing_parameters(layer: QgsVectorLayer, name_field: str | None, layers: BriefingLayers) -> dict:
    """The briefings of the selected features of ``layer``, into a folder of the session's temporary folder, with
    the project's other layers of :func:`briefing_layers`."""
    parameters = {"INPUT": QgsProcessingFeatureSourceDefinition(layer.id(), True),
                  "OUTPUT_FOLDER": os.path.join(QgsProcessingUtils.tempFolder(), "briefings"),
                  "OUTPUT_INDEX": "TEMPORARY_OUTPUT"}
    if name_field:
        parameters["NAME_FIELD"] = name_field
    for key, found in (("OTHER_BENCHMARK", layers.other_benchmark), ("SMALL_AREAS", layers.small_areas),
                       ("SMALL_AREAS_OTHER", layers.small_areas_other), ("CHANGE", layers.change)):
        if found is not None:
            parameters[key] = found
    return parameters


def briefing_file(index: QgsVectorLayer | None) -> str:
    """The PDF of the first briefing listed in the run's index table ("" without one)."""
    feature = next(index.getFeatures(), None) if index is not None else None
    return str(feature["file"]) if feature is not None else ""


def open_file(path: str) -> None:
    """Open ``path`` with the system's viewer (the dock calls it through an attribute, so tests replace it)."""
    QDesktopServices.openUrl(QUrl.fromLocalFile(path))
