"""``phso_insight:representation`` — representation ratios (observed/expected) and tiers per area."""
from __future__ import annotations

from qgis.core import (
    Qgis,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterNumber,
)

from ..cancel import start_phase
from ..errors import InputError
from ..layer_run_metadata import run_abstract, stamped
from ..results.columns import REPRESENTATION
from ..results.run_metadata import RunMetadata
from ..stats.reference_table import reference_rates_for_strata
from ..stats.representation import RepresentationResult, representation
from ..validation import numeric_column, numeric_matrix
from .base import PhsoAlgorithm
from .clashes import overwritten_fields
from .layers import (
    column_values,
    merged_fields,
    read_source,
    result_fields,
    write_features,
)
from .parameter_checks import concerning
from .result_outputs import (
    declare_representation_outputs,
    log_tier_counts,
    representation_outputs,
)
from .run_records import RunRecord, areas_of, estimate, input_names

MULTIPLE_TESTING_OPTIONS = ["none", "bh"]
OVERDISPERSION_OPTIONS = ["none", "multiplicative", "additive"]

HELP = """<p>Compares the cases observed in each area with the number expected from its population, and sorts areas into tiers a non-statistician can read.</p>
<h3>Inputs</h3>
<ul>
<li><b>Areas</b>: a polygon layer (or a table without geometry) with one row per area.</li>
<li><b>Observed count fields</b>: one field (crude comparison) or one field per stratum, e.g. cases by age band.</li>
<li><b>Population fields</b>: the same number of fields, paired in order with the observed fields (cases_0_15 ↔ pop_0_15 …). One pair gives a crude comparison, E = O<sub>total</sub> × P<sub>area</sub> / P<sub>total</sub>. Several pairs give indirect standardisation, E = Σ<sub>k</sub> r<sub>k</sub> × P<sub>area,k</sub>, with r<sub>k</sub> the rate of stratum k in the whole input (or in the reference table).</li>
<li><b>Expected field</b>: expected counts supplied directly, instead of populations.</li>
<li><b>Reference table</b> (optional): one row per stratum, with a stratum field naming the observed or population field of that stratum and either a rate per person or a reference count and population.</li>
</ul>
<h3>Method</h3>
<p>Ratio = observed / expected. Confidence limits at 95% and 99.8% follow the PHE/UKHSA rule: exact Poisson limits when the observed count is below 10, Byar's approximation from 10 (ci_method says which). p-values are two-sided exact Poisson tests. Without multiple-testing control, tiers follow PHE's funnel significance: the 99.8% interval above 1 gives tier 2, the 95% interval above 1 tier 1, and likewise below. With Benjamini–Hochberg, tiers ±2 need q &lt; 0.002 and ±1 need q &lt; 0.05, controlling the share of false alarms among flagged areas. With an overdispersion model (Spiegelhalter 2005: multiplicative with 10% winsorising, or additive random effects by DerSimonian–Laird), tiers follow the widened limits.</p>
<p><b>Too few to say</b> (tier NULL): not significant and expected below the minimum expected count, so the test had no power to show a difference. A significant result is never hidden by this rule. An area with expected 0 gets no ratio (NULL) and a flag.</p>
<h3>Output</h3>
<p>Every input feature with: observed, expected, ratio, lcl95, ucl95, lcl998, ucl998, ci_method, p_value, q_value, z_score, tier, tier_label, flag. Results also give the number of areas per tier, the overall rate and the overdispersion estimates.</p>
<p>References: PHE Technical Guide — Confidence intervals (2018) and PHEindicatormethods; Spiegelhalter DJ (2005) Funnel plots for comparing institutional performance, Stat Med 24:1185–1202; Benjamini Y, Hochberg Y (1995) JRSS B 57:289–300.</p>"""


class RepresentationAlgorithm(PhsoAlgorithm):
    """Thin wrapper: read the layer, validate fields, call :func:`stats.representation.representation`, write."""

    ALG_ID = "representation"
    GROUP_ID = "analyse"
    DISPLAY_NAME = "Representation ratios and tiers"
    HELP = HELP

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
        declare_representation_outputs(self)

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
        options = self._options(parameters, context)
        result = representation(observed, population=population, expected=expected, reference_rates=reference_rates,
                                is_cancelled=feedback.isCanceled, **options)
        feedback.setProgress(60)

        added = result_fields(result.table, REPRESENTATION.kinds())
        fields, kept = merged_fields(source.fields(), added)
        sink, dest_id = self.parameterAsSink(parameters, self.OUTPUT, context, fields, source.wkbType(),
                                             source.sourceCrs())
        if sink is None:
            raise InputError(self.invalidSinkError(parameters, self.OUTPUT))
        write_features(sink, table, kept, fields, column_values(result.table), feedback)
        self._record(parameters, context, frame, result, options)
        feedback.pushInfo(result.summary.method.text)
        log_tier_counts(feedback, result.summary.tier_counts)
        return {self.OUTPUT: dest_id, **representation_outputs(result.summary)}

    def _options(self, parameters, context) -> dict:
        """The method options as the core names them."""
        enum = lambda key: self.parameterAsEnum(parameters, key, context)  # noqa: E731
        return {"multiple_testing": MULTIPLE_TESTING_OPTIONS[enum(self.MULTIPLE_TESTING)],
                "overdispersion": OVERDISPERSION_OPTIONS[enum(self.OVERDISPERSION)],
                "min_expected": self.parameterAsDouble(parameters, self.MIN_EXPECTED, context)}

    def _record(self, parameters, context, frame, result: RepresentationResult, options: dict) -> None:
        """The run's metadata, stored with the output layer once it is saved."""
        geography, code_field = areas_of(frame)
        run = stamped(RunMetadata(
            f"phso_insight:{self.ALG_ID}", result.summary.method.text, phi=estimate(result.summary.phi),
            tau2=estimate(result.summary.tau2), geography=geography.key, code_field=code_field,
            inputs=input_names(self, parameters, context, self.INPUT, self.REFERENCE),
            fields={key: self.parameterAsStrings(parameters, key, context)
                    for key in (self.OBSERVED_FIELDS, self.POPULATION_FIELDS, self.EXPECTED_FIELD)}, **options))
        self.record_run(self.OUTPUT, RunRecord(run, self.tr("{0}: representation").format(geography.title),
                                               run_abstract(run, "representation ratios (observed ÷ expected "
                                                                 "cases) and tiers per area")))

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
        clash = overwritten_fields(input_fields, REPRESENTATION.names)
        if len(clash) == len(REPRESENTATION.names):
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
