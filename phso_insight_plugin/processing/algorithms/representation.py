"""``phso_insight:representation`` — representation ratios (observed/expected) and tiers per area."""
from __future__ import annotations

import json

from qgis.core import (
    Qgis,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterNumber,
)

from ...cancel import start_phase
from ...errors import InputError
from ...stats.reference_table import reference_rates_for_strata
from ...stats.representation import COLUMNS as RESULT_COLUMNS
from ...stats.representation import representation
from ...stats.tiers import TIER_LABELS, TIER_ORDER
from ...validation import numeric_matrix, numeric_column
from ..base import PhsoAlgorithm
from ..io.clashes import overwritten_fields
from ..io.layers import column_values, frame_field_kinds, merged_fields, read_source, result_fields, write_features
from ..io.parameter_checks import concerning

MULTIPLE_TESTING_OPTIONS = ["none", "bh"]
OVERDISPERSION_OPTIONS = ["none", "multiplicative", "additive"]
#: Output names of the per-tier counts, in TIER_ORDER.
TIER_OUTPUTS = ["N_SIG_HIGH", "N_HIGH", "N_IN_LINE", "N_LOW", "N_SIG_LOW", "N_TOO_FEW"]



class RepresentationAlgorithm(PhsoAlgorithm):
    """Thin wrapper: read the layer, validate fields, call :func:`stats.representation.representation`, write."""

    ALG_ID = "representation"
    GROUP_ID = "analyse"
    DISPLAY_NAME = "Representation ratios and tiers"

    INPUT = "INPUT"
    OBSERVED_FIELDS = "OBSERVED_FIELDS"
    POPULATION_FIELDS = "POPULATION_FIELDS"
    EXPECTED_FIELD = "EXPECTED_FIELD"
    REFERENCE = "REFERENCE"
    REFERENCE_STRATUM_FIELD = "REFERENCE_STRATUM_FIELD"
    REFERENCE_RATE_FIELD = "REFERENCE_RATE_FIELD"
    REFERENCE_COUNT_FIELD = "REFERENCE_COUNT_FIELD"
    REFERENCE_POPULATION_FIELD = "REFERENCE_POPULATION_FIELD"
    MULTIPLE_TESTING = "MULTIPLE_TESTING"
    OVERDISPERSION = "OVERDISPERSION"
    MIN_EXPECTED = "MIN_EXPECTED"
    OUTPUT = "OUTPUT"

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.INPUT, self.tr("Areas (one row per area)"), [Qgis.ProcessingSourceType.Vector]))
        self.addParameter(QgsProcessingParameterField(
            self.OBSERVED_FIELDS, self.tr("Observed count fields (one, or one per stratum)"),
            parentLayerParameterName=self.INPUT, type=Qgis.ProcessingFieldParameterDataType.Numeric, allowMultiple=True))
        self.addParameter(QgsProcessingParameterField(
            self.POPULATION_FIELDS, self.tr("Population fields (paired in order with the observed fields)"),
            parentLayerParameterName=self.INPUT, type=Qgis.ProcessingFieldParameterDataType.Numeric, allowMultiple=True,
            optional=True))
        self.addParameter(QgsProcessingParameterField(
            self.EXPECTED_FIELD, self.tr("Expected count field (instead of populations)"),
            parentLayerParameterName=self.INPUT, type=Qgis.ProcessingFieldParameterDataType.Numeric, optional=True))
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.REFERENCE, self.tr("Reference rates table (optional; default: the input's own totals)"),
            [Qgis.ProcessingSourceType.Vector], optional=True))
        self.addParameter(QgsProcessingParameterField(
            self.REFERENCE_STRATUM_FIELD, self.tr("Reference: stratum field (names the observed or population field)"),
            parentLayerParameterName=self.REFERENCE, optional=True))
        self.addParameter(QgsProcessingParameterField(
            self.REFERENCE_RATE_FIELD, self.tr("Reference: rate per person field"),
            parentLayerParameterName=self.REFERENCE, type=Qgis.ProcessingFieldParameterDataType.Numeric, optional=True))
        self.addParameter(QgsProcessingParameterField(
            self.REFERENCE_COUNT_FIELD, self.tr("Reference: count field (with a population field, instead of a rate)"),
            parentLayerParameterName=self.REFERENCE, type=Qgis.ProcessingFieldParameterDataType.Numeric, optional=True))
        self.addParameter(QgsProcessingParameterField(
            self.REFERENCE_POPULATION_FIELD, self.tr("Reference: population field"),
            parentLayerParameterName=self.REFERENCE, type=Qgis.ProcessingFieldParameterDataType.Numeric, optional=True))
        self.addParameter(QgsProcessingParameterEnum(
            self.MULTIPLE_TESTING, self.tr("Multiple-testing control"),
            options=[self.tr("None (PHE funnel limits)"), self.tr("Benjamini–Hochberg false discovery rate")],
            defaultValue=0))
        self.addParameter(QgsProcessingParameterEnum(
            self.OVERDISPERSION, self.tr("Overdispersion adjustment"),
            options=[self.tr("None"), self.tr("Multiplicative (winsorised 10%)"),
                     self.tr("Additive random effects (DerSimonian–Laird)")],
            defaultValue=0))
        self.addParameter(QgsProcessingParameterNumber(
            self.MIN_EXPECTED, self.tr("Minimum expected count for a 'no difference' verdict"),
            type=Qgis.ProcessingNumberParameterType.Double, minValue=0.0, defaultValue=5.0))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT, self.tr("Representation"), Qgis.ProcessingSourceType.VectorAnyGeometry))
        for name, label in zip(TIER_OUTPUTS, TIER_ORDER):
            self.addOutput(QgsProcessingOutputNumber(name, self.tr("Areas: {0}").format(TIER_LABELS[label])))
        self.addOutput(QgsProcessingOutputNumber("N_AREAS", self.tr("Number of areas")))
        self.addOutput(QgsProcessingOutputNumber("OVERALL_RATE", self.tr("Overall rate (cases per person)")))
        self.addOutput(QgsProcessingOutputNumber("PHI", self.tr("Multiplicative overdispersion φ")))
        self.addOutput(QgsProcessingOutputNumber("TAU2", self.tr("Additive overdispersion τ²")))
        self.addOutput(QgsProcessingOutputString("METHOD", self.tr("Method")))
        self.addOutput(QgsProcessingOutputString("TIER_COUNTS", self.tr("Areas per tier (JSON)")))

    def execute(self, parameters, context, feedback):
        source = self.required_source(parameters, self.INPUT, context)
        observed_fields = self.parameterAsStrings(parameters, self.OBSERVED_FIELDS, context)
        population_fields = self.parameterAsStrings(parameters, self.POPULATION_FIELDS, context)
        expected_field = self.parameterAsString(parameters, self.EXPECTED_FIELD, context) or None
        self._check_field_lists(observed_fields, population_fields, expected_field)
        self._refuse_overwritten_fields(source.fields().names(), observed_fields, expected_field, feedback)

        table = read_source(source, feedback)
        frame = table.frame
        observed = numeric_matrix(frame, observed_fields)
        population = numeric_matrix(frame, population_fields) if population_fields else None
        expected = numeric_column(frame, expected_field) if expected_field else None
        reference_rates = self._reference_rates(parameters, context, observed_fields, population_fields)

        start_phase(feedback, self.tr("Computing ratios for {0} areas…").format(len(frame)))
        result = representation(
            observed, population=population, expected=expected, reference_rates=reference_rates,
            multiple_testing=MULTIPLE_TESTING_OPTIONS[self.parameterAsEnum(parameters, self.MULTIPLE_TESTING, context)],
            overdispersion=OVERDISPERSION_OPTIONS[self.parameterAsEnum(parameters, self.OVERDISPERSION, context)],
            min_expected=self.parameterAsDouble(parameters, self.MIN_EXPECTED, context),
            is_cancelled=feedback.isCanceled)
        feedback.setProgress(60)

        added = result_fields(result.table, frame_field_kinds(result.table))
        fields, kept = merged_fields(source.fields(), added)
        sink, dest_id = self.parameterAsSink(parameters, self.OUTPUT, context, fields, source.wkbType(),
                                             source.sourceCrs())
        if sink is None:
            raise InputError(self.invalidSinkError(parameters, self.OUTPUT))
        write_features(sink, table, kept, fields, column_values(result.table), feedback)
        feedback.pushInfo(result.summary["method"])
        return self._outputs(dest_id, result.summary, feedback)

    def _check_field_lists(self, observed_fields, population_fields, expected_field) -> None:
        if not observed_fields:
            raise InputError(self.tr("Choose at least one observed count field (OBSERVED_FIELDS)."))
        if expected_field and population_fields:
            raise InputError(self.tr("Give either population fields (POPULATION_FIELDS) or an expected field "
                                     "(EXPECTED_FIELD), not both."))
        if not expected_field and not population_fields:
            raise InputError(self.tr("Give population fields (POPULATION_FIELDS, paired with the observed fields) or "
                                     "an expected field (EXPECTED_FIELD)."))
        if population_fields and len(population_fields) != len(observed_fields):
            raise InputError(self.tr(
                "{0} observed fields (OBSERVED_FIELDS) but {1} population fields (POPULATION_FIELDS): they are "
                "paired in order, one population field per observed field ({2} ↔ {3}).").format(
                len(observed_fields), len(population_fields), ", ".join(observed_fields), ", ".join(population_fields)))
        if expected_field and len(observed_fields) != 1:
            raise InputError(self.tr("With an expected field (EXPECTED_FIELD), give exactly one observed field "
                                     "(OBSERVED_FIELDS), the total count."))

    def _refuse_overwritten_fields(self, input_fields, observed_fields, expected_field, feedback) -> None:
        """Result fields may replace input fields only on a re-run (the input has every result field, from
        an earlier run) or where they carry the same values (a lone ``observed`` or the ``expected`` field)."""
        clash = overwritten_fields(input_fields, RESULT_COLUMNS)
        if len(clash) == len(RESULT_COLUMNS):
            feedback.pushInfo(self.tr("The input holds the results of an earlier run; they are replaced."))
            return
        same = {name.lower() for name in ([*observed_fields] if len(observed_fields) == 1 else []) + [expected_field]
                if name and name.lower() in ("observed", "expected")}
        destructive = [name for name in clash if name.lower() not in same]
        if destructive:
            raise InputError(self.tr(
                "The input layer (INPUT) already has field(s) {0}, which the results would overwrite: rename them "
                "(e.g. {1}_input) or remove them first. A layer from an earlier run, with every result field, is "
                "updated instead.").format(", ".join(destructive), destructive[0]))

    def _reference_rates(self, parameters, context, observed_fields, population_fields):
        reference = self.parameterAsSource(parameters, self.REFERENCE, context)
        if reference is None:
            return None
        if not population_fields:
            raise InputError(self.tr("A reference table (REFERENCE) needs population fields (POPULATION_FIELDS): "
                                     "expected = reference rate × population."))
        names = lambda key: self.parameterAsString(parameters, key, context) or None  # noqa: E731
        if not names(self.REFERENCE_STRATUM_FIELD):
            raise InputError(self.tr("Choose the reference table's stratum field (REFERENCE_STRATUM_FIELD), naming "
                                     "the observed or population field of each row."))
        if not (names(self.REFERENCE_RATE_FIELD) or (names(self.REFERENCE_COUNT_FIELD)
                                                     and names(self.REFERENCE_POPULATION_FIELD))):
            raise InputError(self.tr("Give the reference table a rate field (REFERENCE_RATE_FIELD), or a count field "
                                     "and a population field (REFERENCE_COUNT_FIELD, REFERENCE_POPULATION_FIELD)."))
        frame = read_source(reference, keep_features=False).frame
        with concerning(self, self.REFERENCE):
            return reference_rates_for_strata(
                frame, names(self.REFERENCE_STRATUM_FIELD), list(zip(observed_fields, population_fields)),
                rate_col=names(self.REFERENCE_RATE_FIELD), count_col=names(self.REFERENCE_COUNT_FIELD),
                population_col=names(self.REFERENCE_POPULATION_FIELD))

    def _outputs(self, dest_id, summary, feedback):
        counts = summary["tier_counts"]
        outputs = {self.OUTPUT: dest_id, "N_AREAS": summary["n_areas"], "OVERALL_RATE": summary["overall_rate"],
                   "PHI": summary["phi"], "TAU2": summary["tau2"], "METHOD": summary["method"],
                   "TIER_COUNTS": json.dumps(counts)}
        for name, tier in zip(TIER_OUTPUTS, TIER_ORDER):
            outputs[name] = counts.get(TIER_LABELS[tier], 0)
            feedback.pushInfo(f"{TIER_LABELS[tier]}: {outputs[name]}")
        return outputs
