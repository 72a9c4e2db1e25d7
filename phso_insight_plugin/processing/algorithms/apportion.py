"""``phso_insight:apportion`` — move counts and rates across misaligned boundaries."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
from qgis.core import (
    Qgis,
    QgsField,
    QgsFields,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterCrs,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
)
from qgis.PyQt.QtCore import QMetaType

from ...cancel import start_phase
from ...errors import InputError
from ...validation import describe_rows, listing, numeric_matrix, numeric_column
from ..base import PhsoAlgorithm
from ..io.clashes import overwritten_fields
from ..io.geometry_support import require_shapely2, working_crs
from ..io.layers import column_values, merged_fields, read_source, write_features, write_frame
from ..io.parameter_checks import label

METHODS = ["population", "best_fit", "area"]
MAX_IDS_LISTED = 10

HELP = """<p>Moves counts (and rates) from one set of areas to another whose boundaries do not line up — e.g. case counts and population on LSOAs onto Westminster constituencies or NHS ICBs — weighting by where people live, without losing or double-counting anyone.</p>
<h3>Methods</h3>
<ul>
<li><b>Population-weighted</b> (dasymetric; needs a population layer): v<sub>t</sub> = Σ<sub>s</sub> v<sub>s</sub> · P<sub>W</sub>(s∩t) / P<sub>W</sub>(s), where P<sub>W</sub>(region) = Σ<sub>w</sub> p<sub>w</sub> · A(w∩region)/A(w) for population polygons (e.g. LSOAs, Output Areas) or the sum of population points inside (e.g. postcode centroids with a count). A source with no population inside falls back to area weighting and is reported.</li>
<li><b>Best fit</b> (ONS method): each source goes wholly to the target containing its population-weighted centroid (its point on surface without population); never split.</li>
<li><b>Area-weighted</b>: v<sub>t</sub> = Σ<sub>s</sub> v<sub>s</sub> · A(s∩t)/A(s).</li>
</ul>
<p><b>Intensive fields</b> (rates, shares) are averaged, not summed: r<sub>t</sub> = Σ r<sub>s</sub>·P(s∩t) / Σ P(s∩t), weighted by population (by area for the area method).</p>
<p>Areas are planar, in a projected CRS: the target layer's if it is projected, otherwise the working CRS (default EPSG:27700, British National Grid). Layers in other CRSs are reprojected on the fly.</p>
<h3>Conservation</h3>
<p>For every field, total in = total out + unallocated, checked on every run. Whatever falls in no target is <i>reported</i> (default) or, with <b>rescale</b>, redistributed within the same source to the targets it reaches, so totals are preserved. Invalid geometries are repaired and counted; null geometries are reported with their ids; overlapping sources (which would double-count) are reported; overlapping targets are an error.</p>
<h3>Outputs</h3>
<p>The target features with the kept target fields and the apportioned fields; optionally a crosswalk table (source id, target id, weight share, population share, area share) that can be reused or joined in a model. Results give totals in/out/unallocated per field, the sources that fell back to area weighting and the sources split across targets.</p>"""


class ApportionAlgorithm(PhsoAlgorithm):
    """Thin wrapper around :func:`geo.apportion.apportion`: layers → arrays → layers."""

    ALG_ID = "apportion"
    GROUP_ID = "prepare"
    DISPLAY_NAME = "Apportion across boundaries"
    HELP = HELP
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

    def initAlgorithm(self, config=None):  # noqa: N802
        polygons = [Qgis.ProcessingSourceType.VectorPolygon]
        self.addParameter(QgsProcessingParameterFeatureSource(self.INPUT, self.tr("Source areas"), polygons))
        self.addParameter(QgsProcessingParameterField(
            self.SOURCE_ID_FIELD, self.tr("Source id field"), parentLayerParameterName=self.INPUT))
        self.addParameter(QgsProcessingParameterField(
            self.FIELDS, self.tr("Count fields to apportion (extensive)"), parentLayerParameterName=self.INPUT,
            type=Qgis.ProcessingFieldParameterDataType.Numeric, allowMultiple=True))
        self.addParameter(QgsProcessingParameterField(
            self.INTENSIVE_FIELDS, self.tr("Rate/share fields to average (intensive)"),
            parentLayerParameterName=self.INPUT, type=Qgis.ProcessingFieldParameterDataType.Numeric, allowMultiple=True,
            optional=True))
        self.addParameter(QgsProcessingParameterFeatureSource(self.TARGET, self.tr("Target areas"), polygons))
        self.addParameter(QgsProcessingParameterField(
            self.TARGET_ID_FIELD, self.tr("Target id field"), parentLayerParameterName=self.TARGET))
        self.addParameter(QgsProcessingParameterField(
            self.TARGET_FIELDS, self.tr("Target fields to keep (default: all)"), parentLayerParameterName=self.TARGET,
            allowMultiple=True, optional=True))
        self.addParameter(QgsProcessingParameterEnum(
            self.METHOD, self.tr("Method"),
            options=[self.tr("Population-weighted (needs a population layer)"), self.tr("Best fit (ONS method)"),
                     self.tr("Area-weighted")], defaultValue=0))
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.WEIGHTS, self.tr("Population layer (polygons or points)"),
            [Qgis.ProcessingSourceType.VectorPolygon, Qgis.ProcessingSourceType.VectorPoint], optional=True))
        self.addParameter(QgsProcessingParameterField(
            self.WEIGHT_FIELD, self.tr("Population field"), parentLayerParameterName=self.WEIGHTS,
            type=Qgis.ProcessingFieldParameterDataType.Numeric, optional=True))
        self.addParameter(QgsProcessingParameterEnum(
            self.UNALLOCATED, self.tr("What falls outside all targets"),
            options=[self.tr("Report it as unallocated"), self.tr("Rescale to preserve totals")], defaultValue=0))
        self.addParameter(QgsProcessingParameterCrs(
            self.WORKING_CRS, self.tr("Working CRS when the target layer is not projected"),
            defaultValue="EPSG:27700", optional=True))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT, self.tr("Apportioned"), Qgis.ProcessingSourceType.VectorPolygon))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.CROSSWALK, self.tr("Crosswalk"), Qgis.ProcessingSourceType.Vector, optional=True,
            createByDefault=False))
        self.addOutput(QgsProcessingOutputString("TOTALS", self.tr("Totals in/out/unallocated per field (JSON)")))
        self.addOutput(QgsProcessingOutputNumber("TOTAL_IN", self.tr("Total in (first field)")))
        self.addOutput(QgsProcessingOutputNumber("TOTAL_OUT", self.tr("Total out (first field)")))
        self.addOutput(QgsProcessingOutputNumber("UNALLOCATED_TOTAL", self.tr("Unallocated (first field)")))
        self.addOutput(QgsProcessingOutputNumber("N_FALLBACK", self.tr("Sources that fell back to area weighting")))
        self.addOutput(QgsProcessingOutputNumber("N_SPLIT", self.tr("Sources split across targets")))
        self.addOutput(QgsProcessingOutputNumber("N_UNALLOCATED_SOURCES",
                                                 self.tr("Sources partly or wholly outside all targets")))

    def execute(self, parameters, context, feedback):
        require_shapely2()
        from ...geo.apportion import apportion
        from ...geo.geometry_checks import overlapping_pairs, pair_labels, repair_geometries

        source = self.required_source(parameters, self.INPUT, context)
        target = self.required_source(parameters, self.TARGET, context)
        method = METHODS[self.parameterAsEnum(parameters, self.METHOD, context)]
        crs = working_crs(target.sourceCrs(), self.parameterAsCrs(parameters, self.WORKING_CRS, context))
        feedback.pushInfo(self.tr("Computing areas in {0}.").format(crs.authid()))

        source_id = self.parameterAsString(parameters, self.SOURCE_ID_FIELD, context)
        target_id = self.parameterAsString(parameters, self.TARGET_ID_FIELD, context)
        fields = self.parameterAsStrings(parameters, self.FIELDS, context)
        intensive = self.parameterAsStrings(parameters, self.INTENSIVE_FIELDS, context)
        self._refuse_overwritten_target_fields(parameters, context, target, fields + intensive)
        sources = read_source(source, feedback, [source_id] + fields + intensive, keep_features=False,
                              geometries_in=crs, context=context, progress=(0, 15), what="source layer")
        targets = read_source(target, feedback, keep_features=False, geometries_in=crs, context=context,
                              progress=(15, 10), what="target layer")
        source_ids = unique_ids(sources.frame[source_id], source_id, "source layer")
        target_ids = unique_ids(targets.frame[target_id], target_id, "target layer")
        values = numeric_matrix(sources.frame, fields)
        rates = numeric_matrix(sources.frame, intensive, allow_negative=True, allow_missing=True) if intensive \
            else None
        weight_geoms, weight_values = self._weights(parameters, context, feedback, method, crs, sources)

        start_phase(feedback, self.tr("Checking the source areas for overlaps…"))
        overlaps = overlapping_pairs(repair_geometries(sources.geometries)[0], is_cancelled=feedback.isCanceled)
        if len(overlaps):
            feedback.reportError(self.tr(
                "Source areas overlap in {0} place(s); the shared part is counted in both: {1}").format(
                len(overlaps), listing(pair_labels(overlaps, source_ids), MAX_IDS_LISTED)), False)

        start_phase(feedback, self.tr("Apportioning {0} sources onto {1} targets ({2})…").format(
            len(source_ids), len(target_ids), method))
        try:
            result = apportion(
                sources.geometries, values, targets.geometries, method=method, weight_geoms=weight_geoms,
                weight_values=weight_values, intensive_values=rates,
                rescale=self.parameterAsEnum(parameters, self.UNALLOCATED, context) == 1,
                progress=lambda p: feedback.setProgress(35 + 0.45 * p), is_cancelled=feedback.isCanceled,
                labels={"source": source_ids, "target": target_ids,
                        "weight": None if weight_values is None else np.arange(1, len(weight_values) + 1)})
        except InputError as err:
            raise InputError(self._naming_the_layer(err)) from err
        for message in result.messages:
            feedback.pushInfo(message)
        self._report(feedback, result, fields, source_ids)

        outputs = {self.OUTPUT: self._write_targets(parameters, context, feedback, target, result,
                                                    fields, intensive)}
        crosswalk_id = self._write_crosswalk(parameters, context, feedback, result, source_ids, target_ids)
        if crosswalk_id is not None:
            outputs[self.CROSSWALK] = crosswalk_id
        totals = {name: {"in": float(result.total_in[k]), "out": float(result.total_out[k]),
                         "unallocated": float(result.unallocated[k])} for k, name in enumerate(fields)}
        outputs.update({
            "TOTALS": json.dumps(totals), "TOTAL_IN": float(result.total_in[0]),
            "TOTAL_OUT": float(result.total_out[0]), "UNALLOCATED_TOTAL": float(result.unallocated[0]),
            "N_FALLBACK": len(result.fallback_sources), "N_SPLIT": len(result.split_sources),
            "N_UNALLOCATED_SOURCES": len(result.unallocated_sources)})
        return outputs

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
            frame = read_source(weights, None, [weight_field], keep_features=False).frame
            return sources.geometries, numeric_column(frame, weight_field)
        table = read_source(weights, feedback, [weight_field], keep_features=False, geometries_in=crs,
                            context=context, progress=(25, 10), what="population layer")
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
        originals = read_source(target, feedback, progress=(80, 5), what="target layer")  # WKB in its own CRS
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
        write_frame(sink, table, fields, feedback, progress=(95, 5))
        return dest_id


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
