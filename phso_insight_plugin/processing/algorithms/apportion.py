"""``phso_insight:apportion`` — move counts and rates across misaligned boundaries."""
from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np
import pandas as pd
from qgis.core import Qgis, QgsField, QgsFields
from qgis.PyQt.QtCore import QMetaType

from ...cancel import start_phase
from ...errors import InputError
from ...geo.apportion_methods import DEFAULT_METHOD
from ...validation import describe_rows, listing, numeric_column, numeric_matrix
from ..base import PhsoAlgorithm
from ..io.clashes import overwritten_fields
from ..io.geometry_support import require_shapely2, working_crs
from ..io.layers import SourceTable, column_values, merged_fields, write_features
from ..io.parameter_checks import label
from ..options import Options
from ..parameters import POLYGONS

MAX_IDS_LISTED = 10
METHODS = Options(("population", "Population-weighted (needs a population layer)"),
                  ("best_fit", "Best fit (ONS method)"), ("area", "Area-weighted"), default=DEFAULT_METHOD)
UNALLOCATED = Options(("report", "Report it as unallocated"), ("rescale", "Rescale to preserve totals"),
                      default="report")


@dataclass
class Sources:
    """The source areas read for a run: their table (ids, values, geometries in the working CRS), ids,
    extensive ``values`` and intensive ``rates`` (None without intensive fields)."""

    table: SourceTable
    ids: np.ndarray
    values: np.ndarray
    rates: np.ndarray | None


class ApportionAlgorithm(PhsoAlgorithm):
    """Thin wrapper around :func:`geo.apportion.apportion`: layers → arrays → layers."""

    ALG_ID = "apportion"
    GROUP_ID = "prepare"
    DISPLAY_NAME = "Apportion across boundaries"
    GEOMETRY_INPUTS = ("INPUT", "TARGET", "WEIGHTS")

    INPUT = "INPUT"
    SOURCE_ID_FIELD = "SOURCE_ID_FIELD"
    FIELDS = "FIELDS"
    INTENSIVE_FIELDS = "INTENSIVE_FIELDS"
    TARGET = "TARGET"
    TARGET_ID_FIELD = "TARGET_ID_FIELD"
    TARGET_FIELDS = "TARGET_FIELDS"
    METHOD = "METHOD"
    WEIGHTS = "WEIGHTS"
    WEIGHT_FIELD = "WEIGHT_FIELD"
    UNALLOCATED = "UNALLOCATED"
    WORKING_CRS = "WORKING_CRS"
    OUTPUT = "OUTPUT"
    CROSSWALK = "CROSSWALK"

    def initAlgorithm(self, config=None):
        self.add_layer_with_code(self.INPUT, self.SOURCE_ID_FIELD, "Source areas", "Source id field", POLYGONS)
        self.add_field(self.FIELDS, "Count fields to apportion (extensive)", self.INPUT, numeric=True, multiple=True)
        self.add_field(self.INTENSIVE_FIELDS, "Rate/share fields to average (intensive)", self.INPUT, numeric=True,
                       multiple=True, optional=True)
        self.add_layer_with_code(self.TARGET, self.TARGET_ID_FIELD, "Target areas", "Target id field", POLYGONS)
        self.add_field(self.TARGET_FIELDS, "Target fields to keep (default: all)", self.TARGET, multiple=True,
                       optional=True)
        self.add_choice(self.METHOD, "Method", METHODS)
        self.add_source(self.WEIGHTS, "Population layer (polygons or points)",
                        (Qgis.ProcessingSourceType.VectorPolygon, Qgis.ProcessingSourceType.VectorPoint), optional=True)
        self.add_field(self.WEIGHT_FIELD, "Population field", self.WEIGHTS, numeric=True, optional=True)
        self.add_choice(self.UNALLOCATED, "What falls outside all targets", UNALLOCATED)
        self.add_projected_crs(self.WORKING_CRS, "Working CRS when the target layer is not projected")
        self.add_sink(self.OUTPUT, "Apportioned", Qgis.ProcessingSourceType.VectorPolygon)
        self.add_sink(self.CROSSWALK, "Crosswalk", Qgis.ProcessingSourceType.Vector, optional=True,
                      create_by_default=False)
        self.add_text_results({"TOTALS": "Totals in/out/unallocated per field (JSON)"})
        self.add_number_results({"TOTAL_IN": "Total in (first field)", "TOTAL_OUT": "Total out (first field)",
                                 "UNALLOCATED_TOTAL": "Unallocated (first field)",
                                 "N_FALLBACK": "Sources that fell back to area weighting",
                                 "N_SPLIT": "Sources split across targets",
                                 "N_UNALLOCATED_SOURCES": "Sources partly or wholly outside all targets"})

    def execute(self, parameters, context, feedback):
        require_shapely2()
        source = self.required_source(parameters, self.INPUT, context)
        target = self.required_source(parameters, self.TARGET, context)
        method = self.choice(parameters, self.METHOD, context)
        crs = working_crs(target.sourceCrs(), self.parameterAsCrs(parameters, self.WORKING_CRS, context))
        feedback.pushInfo(self.tr("Computing areas in {0}.").format(crs.authid()))
        fields = self.parameterAsStrings(parameters, self.FIELDS, context)
        intensive = self.parameterAsStrings(parameters, self.INTENSIVE_FIELDS, context)
        self._refuse_overwritten_target_fields(parameters, context, target, fields + intensive)
        sources = self._sources(parameters, context, feedback, source, crs, fields, intensive)
        target_id = self.parameterAsString(parameters, self.TARGET_ID_FIELD, context)
        targets = self.read_input(parameters, self.TARGET, context, feedback, target, keep_features=False,
                                  geometries_in=crs, progress=(15, 10), what="target layer")
        target_ids = unique_ids(targets.frame[target_id], target_id, "target layer")
        weight_geoms, weight_values = self._weights(parameters, context, feedback, method, crs, sources.table)
        start_phase(feedback, self.tr("Apportioning {0} sources onto {1} targets ({2})…").format(
            len(sources.ids), len(target_ids), method))
        result = self._apportion(sources, targets.geometries, target_ids, weight_geoms, weight_values, feedback,
                                 method=method, rescale=self.choice(parameters, self.UNALLOCATED, context) == "rescale")
        self._report_overlapping_sources(sources, result.source_check, feedback)
        for message in result.messages:
            feedback.pushInfo(message)
        self._report(feedback, result, fields, sources.ids)
        outputs = {self.OUTPUT: self._write_targets(parameters, context, feedback, target, result,
                                                    fields, intensive)}
        crosswalk_id = self._write_crosswalk(parameters, context, feedback, result, sources.ids, target_ids)
        if crosswalk_id is not None:
            outputs[self.CROSSWALK] = crosswalk_id
        return {**outputs, **totals_results(result, fields)}

    def _sources(self, parameters, context, feedback, source, crs, fields, intensive) -> Sources:
        source_id = self.parameterAsString(parameters, self.SOURCE_ID_FIELD, context)
        table = self.read_input(parameters, self.INPUT, context, feedback, source,
                                fields=[source_id, *fields, *intensive], keep_features=False, geometries_in=crs,
                                progress=(0, 15), what="source layer")
        rates = numeric_matrix(table.frame, intensive, allow_negative=True, allow_missing=True) if intensive \
            else None
        return Sources(table, unique_ids(table.frame[source_id], source_id, "source layer"),
                       numeric_matrix(table.frame, fields), rates)

    def _report_overlapping_sources(self, sources: Sources, edge_check, feedback) -> None:
        """Warn about overlapping source areas: the shared-edge proof ran beside the apportionment, on the
        sources it repaired (:attr:`ApportionResult.source_check`); when it found no proof, the sources are
        checked pair by pair now."""
        from ...geo.geometry_checks import pair_labels

        start_phase(feedback, self.tr("Checking the source areas for overlaps…"))
        overlaps = edge_check.overlaps(is_cancelled=feedback.isCanceled)
        if len(overlaps):
            feedback.reportError(self.tr(
                "Source areas overlap in {0} place(s); the shared part is counted in both: {1}").format(
                len(overlaps), listing(pair_labels(overlaps, sources.ids), MAX_IDS_LISTED)), False)

    def _apportion(self, sources: Sources, target_geometries, target_ids, weight_geoms, weight_values, feedback,
                   **options):
        """The engine's result; its errors are led by the parameter of the layer they concern."""
        from ...geo.apportion import apportion

        weight_labels = None if weight_values is None else np.arange(1, len(weight_values) + 1)
        try:
            return apportion(
                sources.table.geometries, sources.values, target_geometries, weight_geoms=weight_geoms,
                weight_values=weight_values, intensive_values=sources.rates,
                progress=lambda p: feedback.setProgress(35 + 0.45 * p), is_cancelled=feedback.isCanceled,
                labels={"source": sources.ids, "target": target_ids, "weight": weight_labels}, check_sources=True,
                **options)
        except InputError as err:
            raise InputError(self._naming_the_layer(err)) from err

    def _naming_the_layer(self, err: InputError) -> str:
        """The engine's message, led by the parameter of the layer it concerns (source, target or population)."""
        key = {"source": self.INPUT, "target": self.TARGET, "weight": self.WEIGHTS}.get(err.about)
        return f"{label(self.parameterDefinition(key))}: {err}" if key else str(err)

    def _weights(self, parameters, context, feedback, method, crs, sources):
        weights = self.parameterAsSource(parameters, self.WEIGHTS, context)
        if weights is None:
            if method == "population":
                raise InputError(self.tr(
                    "Population weighting needs a population layer (WEIGHTS) and its population field; "
                    "give one, or choose best fit or area weighting."))
            return None, None
        weight_field = self.parameterAsString(parameters, self.WEIGHT_FIELD, context)
        if not weight_field:
            raise InputError(self.tr("Choose the population field of the population layer (WEIGHT_FIELD)."))
        if parameters.get(self.WEIGHTS) == parameters.get(self.INPUT):
            frame = sources.frame if weight_field in sources.frame.columns else self.read_input(
                parameters, self.WEIGHTS, context, None, weights, fields=[weight_field], keep_features=False).frame
            return sources.geometries, numeric_column(frame, weight_field)
        table = self.read_input(parameters, self.WEIGHTS, context, feedback, weights, fields=[weight_field],
                                keep_features=False, geometries_in=crs, progress=(25, 10), what="population layer")
        return table.geometries, numeric_column(table.frame, weight_field)

    def _report(self, feedback, result, fields, source_ids) -> None:
        for k, name in enumerate(fields):
            feedback.pushInfo(self.tr("{0}: in {1:,.3f} = out {2:,.3f} + unallocated {3:,.3f}").format(
                name, result.total_in[k], result.total_out[k], result.unallocated[k]))
        listings = [
            (result.null_sources, self.tr("source area(s) without geometry; their values are unallocated")),
            (result.fallback_sources, self.tr("source area(s) without population inside; area weighting used")),
            (result.unallocated_sources, self.tr("source area(s) partly or wholly outside all targets")),
        ]
        for indices, text in listings:
            if len(indices):
                ids = ", ".join(str(source_ids[i]) for i in indices[:MAX_IDS_LISTED])
                more = ", …" if len(indices) > MAX_IDS_LISTED else ""
                feedback.reportError(f"{len(indices)} {text}: {ids}{more}", False)
        feedback.pushInfo(self.tr("{0} source areas were split across targets.").format(len(result.split_sources)))

    def _write_targets(self, parameters, context, feedback, target, result, fields, intensive):
        """Target features (re-read in their own CRS, same order, all fields) with kept fields and apportioned
        values."""
        keep = self.parameterAsStrings(parameters, self.TARGET_FIELDS, context) or target.fields().names()
        added = QgsFields()
        for name in list(fields) + list(intensive):
            added.append(QgsField(name, QMetaType.Type.Double))
        kept_input = QgsFields()
        for name in keep:
            kept_input.append(target.fields().field(name))
        out_fields, kept = merged_fields(kept_input, added)
        kept = [target.fields().lookupField(kept_input.at(i).name()) for i in kept]
        originals = self.read_input(parameters, self.TARGET, context, feedback, target, progress=(80, 5),
                                    what="target layer")  # WKB in its own CRS
        sink, dest_id = self.parameterAsSink(parameters, self.OUTPUT, context, out_fields, target.wkbType(),
                                             target.sourceCrs())
        if sink is None:
            raise InputError(self.invalidSinkError(parameters, self.OUTPUT))
        values = pd.DataFrame(np.column_stack([result.target_values, result.target_intensive])
                              if intensive else result.target_values, columns=list(fields) + list(intensive))
        write_features(sink, originals, kept, out_fields, column_values(values), feedback, progress=(85, 15))
        return dest_id

    def _refuse_overwritten_target_fields(self, parameters, context, target, apportioned) -> None:
        """Before any work: no kept target field may share its name with an apportioned field."""
        kept = self.parameterAsStrings(parameters, self.TARGET_FIELDS, context) or target.fields().names()
        clash = overwritten_fields(kept, apportioned)
        if clash:
            raise InputError(self.tr(
                "The target layer (TARGET) already has field(s) {0}, which the apportioned field(s) of the same "
                "name would overwrite: leave them out of TARGET_FIELDS, or rename them in the target layer.").format(
                ", ".join(clash)))

    def _write_crosswalk(self, parameters, context, feedback, result, source_ids, target_ids):
        fields = QgsFields()
        for name, kind in [("source_id", QMetaType.Type.QString), ("target_id", QMetaType.Type.QString),
                           ("weight_share", QMetaType.Type.Double), ("population_share", QMetaType.Type.Double),
                           ("area_share", QMetaType.Type.Double)]:
            fields.append(QgsField(name, kind))
        sink, dest_id = self.parameterAsSink(parameters, self.CROSSWALK, context, fields, Qgis.WkbType.NoGeometry)
        if sink is None:
            return None
        crosswalk = result.crosswalk
        table = pd.DataFrame({
            "source_id": [str(v) for v in np.asarray(source_ids, dtype=object)[crosswalk["source_index"]]],
            "target_id": [str(v) for v in np.asarray(target_ids, dtype=object)[crosswalk["target_index"]]],
            "weight_share": crosswalk["weight_share"], "population_share": crosswalk["population_share"],
            "area_share": crosswalk["area_share"]})
        self.write_frame(sink, table, fields, feedback, progress=(95, 5))
        return dest_id


def totals_results(result, fields: list[str]) -> dict:
    """TOTALS (JSON per field), the first field's totals and the numbers of sources reported."""
    totals = {name: {"in": float(result.total_in[k]), "out": float(result.total_out[k]),
                     "unallocated": float(result.unallocated[k])} for k, name in enumerate(fields)}
    return {"TOTALS": json.dumps(totals), "TOTAL_IN": float(result.total_in[0]),
            "TOTAL_OUT": float(result.total_out[0]), "UNALLOCATED_TOTAL": float(result.unallocated[0]),
            "N_FALLBACK": len(result.fallback_sources), "N_SPLIT": len(result.split_sources),
            "N_UNALLOCATED_SOURCES": len(result.unallocated_sources)}


def unique_ids(values: pd.Series, field: str, what: str) -> np.ndarray:
    """Ids as an object array; NULL or duplicate ids are an InputError naming them."""
    missing = values.isna().to_numpy()
    if missing.any():
        raise InputError(f"The id field {field!r} of the {what} is empty (NULL) in {describe_rows(missing)}.")
    duplicated = values.duplicated(keep=False).to_numpy()
    if duplicated.any():
        examples = ", ".join(map(str, values[duplicated].unique()[:MAX_IDS_LISTED]))
        raise InputError(f"The id field {field!r} of the {what} has duplicate ids in {describe_rows(duplicated)}: "
                         f"{examples}.")
    return values.to_numpy(dtype=object)
