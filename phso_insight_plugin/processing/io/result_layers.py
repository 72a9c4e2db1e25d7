"""Result layers read back for the report and the briefings: a representation layer as
:class:`~phso_insight_plugin.report.results.AreaResults`, a group table as
:class:`~phso_insight_plugin.report.results.GroupResults`, each with the run metadata stored with it."""
from __future__ import annotations

from qgis.core import QgsVectorLayer
from qgis.PyQt.QtCore import QCoreApplication, QMetaType

from ...layer_run_metadata import run_metadata_of
from ...report.naming import name_field
from ...report.results import AreaResults, GroupResults, area_geography, area_results, group_results
from .layers import SourceTable, read_source


def tr(text: str) -> str:
    return QCoreApplication.translate("result_layers", text)


def text_fields(layer: QgsVectorLayer) -> list[tuple[str, bool]]:
    """(field name, is text) of every field of ``layer``, in layer order."""
    return [(f.name(), f.type() == QMetaType.Type.QString) for f in layer.fields()]


def read_area_results(layer: QgsVectorLayer, chosen_name: str | None, feedback, table: SourceTable | None = None,
                      ) -> AreaResults:
    """The representation results of ``layer`` (already read as ``table``, else read here without geometry),
    named by the chosen name field (else the one detected) and by their geography."""
    if table is None:
        table = read_source(layer, feedback, keep_features=False, what=tr("layer {0!r}").format(layer.name()))
    name = name_field(text_fields(layer), chosen_name)
    run = run_metadata_of(layer)
    geography = area_geography(table.frame, name, run)
    return area_results(table.frame, layer.name(), name, geography, run,
                        feedback.isCanceled if feedback is not None else None)


def read_group_results(layer: QgsVectorLayer, feedback) -> GroupResults:
    """The group representation results of the table ``layer``."""
    frame = read_source(layer, feedback, keep_features=False, what=tr("table {0!r}").format(layer.name())).frame
    return group_results(frame, layer.name(), run_metadata_of(layer),
                         is_cancelled=feedback.isCanceled if feedback is not None else None)
