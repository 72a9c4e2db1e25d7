"""The change layers of ``insightreport`` read into :class:`~phso_insight_plugin.report.change_results.ChangeResults`:
area change layers of ``representationchange`` and group change tables of ``grouprepresentation`` with periods,
each named by what it holds and the periods it compares."""
from __future__ import annotations

from qgis.core import QgsVectorLayer
from qgis.PyQt.QtCore import QCoreApplication, QMetaType

from ..layer_run_metadata import run_metadata_of
from ..report.change_results import GROUP, GROUPS, ChangeResults, change_results, change_title
from ..report.naming import distinct_titles, name_field
from ..report.results import area_geography
from ..results.run_metadata import GROUP_REPRESENTATION
from .io.layers import read_source


def tr(text: str) -> str:
    return QCoreApplication.translate("report_changes", text)


def change_input(layer: QgsVectorLayer, chosen_name: str | None, feedback) -> ChangeResults:
    """One change layer or table, read and checked; its title says what it holds and the periods compared."""
    frame = read_source(layer, feedback, keep_features=False, what=tr("layer {0!r}").format(layer.name())).frame
    run = run_metadata_of(layer)
    groups = run.algorithm == GROUP_REPRESENTATION if run is not None else GROUP in frame.columns
    if groups:
        results = change_results(frame, layer.name(), None, GROUPS, run, feedback.isCanceled)
    else:
        fields = [(f.name(), f.type() == QMetaType.Type.QString) for f in layer.fields()]
        name = name_field(fields, chosen_name)
        results = change_results(frame, layer.name(), name, area_geography(frame, name, run), run,
                                 feedback.isCanceled)
    return ChangeResults(change_title(results.noun, results.subject, results.compared), results.noun, results.table,
                         results.run, results.subject)


def change_inputs(layers: list[QgsVectorLayer], chosen_name: str | None, feedback) -> list[ChangeResults]:
    """Every change layer, titled apart ("…", "… (2)") when two would read the same."""
    results = [change_input(layer, chosen_name, feedback) for layer in layers]
    titles = distinct_titles([r.title for r in results])
    return [ChangeResults(t, r.noun, r.table, r.run, r.subject) for r, t in zip(results, titles)]
