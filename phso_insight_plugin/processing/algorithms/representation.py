"""``phso_insight:representation`` — representation ratios (observed/expected) and tiers per area."""
from __future__ import annotations

from ...cancel import start_phase
from ...errors import InputError
from ...layer_run_metadata import run_abstract, stamped
from ...results.benchmark import Benchmark
from ...results.columns import BENCHMARK, REPRESENTATION
from ...results.run_metadata import PARENT, WHOLE_INPUT, RunMetadata
from ...stats.reference_table import reference_rates_for_strata
from ...stats.representation import RepresentationResult, representation
from ...validation import numeric_column, numeric_matrix
from ..base import PhsoAlgorithm
from ..io.clashes import overwritten_fields
from ..io.layers import column_values, merged_fields, result_fields, write_features
from ..io.parameter_checks import concerning
from ..io.run_records import RunRecord, areas_of, estimate, input_names
from ..options import Options, core_default
from ..result_outputs import declare_representation_outputs, log_tier_counts, representation_outputs

#: The core function's default, read once when the module loads (initAlgorithm must not fail).
MULTIPLE_TESTING_DEFAULT = core_default(representation, "multiple_testing")
OVERDISPERSION = Options(("none", "None"), ("multiplicative", "Multiplicative (winsorised 10%)"),
                         ("additive", "Additive random effects (DerSimonian–Laird)"),
                         default=core_default(representation, "overdispersion"))
BENCHMARKS = Options((WHOLE_INPUT, "Whole input (every area against the rates of all areas)"),
                     (PARENT, "Each area's parent: its region, ICB or local authority (BENCHMARK_FIELD)"),
                     default=WHOLE_INPUT)


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
    BENCHMARK = "BENCHMARK"
    BENCHMARK_FIELD = "BENCHMARK_FIELD"
    OUTPUT = "OUTPUT"

    def initAlgorithm(self, config=None):
        self.add_source(self.INPUT, "Areas (one row per area)")
        self.add_field(self.OBSERVED_FIELDS, "Observed count fields (one, or one per stratum)", self.INPUT,
                       numeric=True, multiple=True)
        self.add_field(self.POPULATION_FIELDS, "Population fields (paired in order with the observed fields)",
                       self.INPUT, numeric=True, multiple=True, optional=True)
        self.add_field(self.EXPECTED_FIELD, "Expected count field (instead of populations)", self.INPUT, numeric=True,
                       optional=True)
        self.add_source(self.REFERENCE, "Reference rates table (optional; default: the input's own totals)",
                        optional=True)
        self.add_field(self.REFERENCE_STRATUM_FIELD, "Reference: stratum field (names the observed or population "
                       "field)", self.REFERENCE, optional=True)
        self.add_field(self.REFERENCE_RATE_FIELD, "Reference: rate per person field", self.REFERENCE, numeric=True,
                       optional=True)
        self.add_field(self.REFERENCE_COUNT_FIELD, "Reference: count field (with a population field, instead of a "
                       "rate)", self.REFERENCE, numeric=True, optional=True)
        self.add_field(self.REFERENCE_POPULATION_FIELD, "Reference: population field", self.REFERENCE, numeric=True,
                       optional=True)
        self.add_multiple_testing(MULTIPLE_TESTING_DEFAULT)
        self.add_choice(self.OVERDISPERSION, "Overdispersion adjustment", OVERDISPERSION)
        self.add_min_expected()
        self.add_choice(self.BENCHMARK, "Compare each area with", BENCHMARKS)
        self.add_field(self.BENCHMARK_FIELD, "Parent field: each area's region, ICB or local authority (with a "
                       "parent benchmark)", self.INPUT, optional=True)
        self.add_sink(self.OUTPUT, "Representation")
        declare_representation_outputs(self)

    def execute(self, parameters, context, feedback):
        source = self.required_source(parameters, self.INPUT, context)
        observed_fields = self.parameterAsStrings(parameters, self.OBSERVED_FIELDS, context)
        population_fields = self.parameterAsStrings(parameters, self.POPULATION_FIELDS, context)
        expected_field = self.chosen(parameters, self.EXPECTED_FIELD, context)
        self._check_field_lists(observed_fields, population_fields, expected_field)
        self._refuse_overwritten_fields(source.fields().names(), observed_fields, expected_field, feedback)

        table = self.read_input(parameters, self.INPUT, context, feedback, source)
        frame = table.frame
        observed = numeric_matrix(frame, observed_fields)
        population = numeric_matrix(frame, population_fields) if population_fields else None
        expected = numeric_column(frame, expected_field) if expected_field else None
        reference_rates = self._reference_rates(parameters, context, observed_fields, population_fields)
        benchmark, parents = self._benchmark(parameters, context, frame, population_fields, reference_rates)

        start_phase(feedback, self.tr("Computing ratios for {0} areas…").format(len(frame)))
        options = self._options(parameters, context)
        result = representation(observed, population=population, expected=expected, reference_rates=reference_rates,
                                is_cancelled=feedback.isCanceled, parents=parents, benchmark=benchmark, **options)
        feedback.setProgress(60)

        output = result.table.assign(benchmark=benchmark.field_value)
        added = result_fields(output, {**REPRESENTATION.kinds(), **BENCHMARK.kinds()})
        fields, kept = merged_fields(source.fields(), added)
        sink, dest_id = self.parameterAsSink(parameters, self.OUTPUT, context, fields, source.wkbType(),
                                             source.sourceCrs())
        if sink is None:
            raise InputError(self.invalidSinkError(parameters, self.OUTPUT))
        write_features(sink, table, kept, fields, column_values(output), feedback)
        self._record(parameters, context, frame, result, options, benchmark)
        feedback.pushInfo(result.summary.method.text)
        log_tier_counts(feedback, result.summary.tier_counts)
        return {self.OUTPUT: dest_id, **representation_outputs(result.summary)}

    def _options(self, parameters, context) -> dict:
        """The method options as the core names them."""
        return {"multiple_testing": self.choice(parameters, self.MULTIPLE_TESTING, context),
                "overdispersion": self.choice(parameters, self.OVERDISPERSION, context),
                "min_expected": self.parameterAsDouble(parameters, self.MIN_EXPECTED, context)}

    def _benchmark(self, parameters, context, frame, population_fields, reference_rates):
        """The benchmark chosen, and each area's parent (None against the whole input)."""
        field = self.chosen(parameters, self.BENCHMARK_FIELD, context)
        if self.choice(parameters, self.BENCHMARK, context) == WHOLE_INPUT:
            if field:
                raise InputError(self.tr("A parent field (BENCHMARK_FIELD) is only used with a parent benchmark: "
                                         "choose BENCHMARK “Each area's parent”, or leave the field empty."))
            return Benchmark(), None
        if not field:
            raise InputError(self.tr("Comparing each area with its parent (BENCHMARK) needs the field naming each "
                                     "area's parent (BENCHMARK_FIELD), e.g. its ICB or region code."))
        if not population_fields or reference_rates is not None:
            raise InputError(self.tr("A parent benchmark (BENCHMARK) computes expected counts from the population "
                                     "fields (POPULATION_FIELDS) within each parent: give them, without an expected "
                                     "field or a reference table (REFERENCE)."))
        with concerning(self, self.BENCHMARK_FIELD):
            parents = frame[field]
            return Benchmark.of_parent(field, parents), parents

    def _record(self, parameters, context, frame, result: RepresentationResult, options: dict,
                benchmark: Benchmark) -> None:
        """The run's metadata, stored with the output layer once it is saved."""
        geography, code_field = areas_of(frame)
        run = stamped(RunMetadata(
            f"phso_insight:{self.ALG_ID}", result.summary.method.text, phi=estimate(result.summary.phi),
            tau2=estimate(result.summary.tau2), geography=geography.key, code_field=code_field,
            benchmark=benchmark.kind, benchmark_field=benchmark.field,
            inputs=input_names(self, parameters, context, self.INPUT, self.REFERENCE),
            fields={key: self.parameterAsStrings(parameters, key, context)
                    for key in (self.OBSERVED_FIELDS, self.POPULATION_FIELDS, self.EXPECTED_FIELD,
                                self.BENCHMARK_FIELD)}, **options))
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
        clash = overwritten_fields(input_fields, REPRESENTATION.names + BENCHMARK.names)
        if {name.lower() for name in REPRESENTATION.names} <= {name.lower() for name in clash}:
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
        stratum, rate, count, population = (self.chosen(parameters, key, context) for key in (
            self.REFERENCE_STRATUM_FIELD, self.REFERENCE_RATE_FIELD, self.REFERENCE_COUNT_FIELD,
            self.REFERENCE_POPULATION_FIELD))
        if not stratum:
            raise InputError(self.tr("Choose the reference table's stratum field (REFERENCE_STRATUM_FIELD), naming "
                                     "the observed or population field of each row."))
        if not (rate or (count and population)):
            raise InputError(self.tr("Give the reference table a rate field (REFERENCE_RATE_FIELD), or a count field "
                                     "and a population field (REFERENCE_COUNT_FIELD, REFERENCE_POPULATION_FIELD)."))
        frame = self.read_input(parameters, self.REFERENCE, context, source=reference, keep_features=False).frame
        with concerning(self, self.REFERENCE):
            return reference_rates_for_strata(frame, stratum, list(zip(observed_fields, population_fields)),
                                              rate_col=rate, count_col=count, population_col=population)
