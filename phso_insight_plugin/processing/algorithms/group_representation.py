"""``phso_insight:grouprepresentation`` — are groups of people over- or under-represented among cases?"""
from __future__ import annotations

from dataclasses import replace

import pandas as pd
from qgis.core import Qgis, QgsExpression, QgsFeatureRequest, QgsProcessingParameterExpression

from ...cancel import check_cancelled, start_phase
from ...errors import InputError
from ...groups.area_attribute import groups_from_area_attribute
from ...groups.case_groups import case_table
from ...groups.labels import DEFAULT_MISSING_VALUES, parse_missing_values, read_mapping
from ...groups.population import long_population, wide_population
from ...groups.representation import GroupResult, group_representation
from ...layer_run_metadata import stamped
from ...results.benchmark import Benchmark, in_words
from ...results.columns import BENCHMARK, GROUP_REPRESENTATION
from ...results.geography import geography_of_codes
from ...results.run_metadata import PARENT, WHOLE_INPUT, RunMetadata, result_title
from ...results.summaries import GroupSummary
from ...validation import numeric_column
from ..base import PhsoAlgorithm
from ..group_periods import add_group_period_outputs, group_period_outputs
from ..io.layers import read_source, result_fields, write_frame
from ..io.parameter_checks import concerning, expression_text
from ..io.run_records import RunRecord, input_names
from ..options import Options, core_default
from ..period_parameters import add_period_parameters, period_choice
from ..result_outputs import declare_group_outputs, group_outputs, log_tier_counts

MULTIPLE_TESTING_DEFAULT = core_default(group_representation, "multiple_testing")
GROUP_SOURCES = Options(("case_field", "A field of the cases (compared with a population table)"),
                        ("area_attribute", "An attribute of the case's area (e.g. IMD decile of its LSOA)"),
                        default="case_field")
BENCHMARKS = Options((WHOLE_INPUT, "Each area's own population (or the whole input without areas)"),
                     (PARENT, "Each area's parent: its groups as in its region, ICB … (BENCHMARK_FIELD)"),
                     default=WHOLE_INPUT)


class GroupRepresentationAlgorithm(PhsoAlgorithm):
    """Thin wrapper: read the tables, build case and population tables, call
    :func:`groups.representation.group_representation`, write the table."""

    ALG_ID = "grouprepresentation"
    GROUP_ID = "analyse"
    DISPLAY_NAME = "Representation by group"

    CASES = "CASES"
    COUNT_FIELD = "COUNT_FIELD"
    GROUP_SOURCE = "GROUP_SOURCE"
    GROUP_FIELD = "GROUP_FIELD"
    AREA_FIELD = "AREA_FIELD"
    STANDARDISE_BY = "STANDARDISE_BY"
    POPULATION = "POPULATION"
    POP_FILTER = "POP_FILTER"
    POP_GROUP_FIELD = "POP_GROUP_FIELD"
    POP_COUNT_FIELD = "POP_COUNT_FIELD"
    POP_WIDE_FIELDS = "POP_WIDE_FIELDS"
    POP_AREA_FIELD = "POP_AREA_FIELD"
    POP_STRATUM_FIELD = "POP_STRATUM_FIELD"
    CASE_AREA_CODE_FIELD = "CASE_AREA_CODE_FIELD"
    AREA_ATTRIBUTE_LAYER = "AREA_ATTRIBUTE_LAYER"
    AREA_ATTRIBUTE_CODE_FIELD = "AREA_ATTRIBUTE_CODE_FIELD"
    AREA_ATTRIBUTE_FIELD = "AREA_ATTRIBUTE_FIELD"
    AREA_ATTRIBUTE_POPULATION_FIELD = "AREA_ATTRIBUTE_POPULATION_FIELD"
    AREA_ATTRIBUTE_AREA_FIELD = "AREA_ATTRIBUTE_AREA_FIELD"
    MAPPING = "MAPPING"
    MAPPING_FROM = "MAPPING_FROM"
    MAPPING_TO = "MAPPING_TO"
    MISSING_VALUES = "MISSING_VALUES"
    MULTIPLE_TESTING = "MULTIPLE_TESTING"
    MIN_EXPECTED = "MIN_EXPECTED"
    BENCHMARK = "BENCHMARK"
    BENCHMARK_FIELD = "BENCHMARK_FIELD"
    OUTPUT = "OUTPUT"

    def initAlgorithm(self, config=None):
        self._add_case_parameters()
        self._add_population_parameters()
        self._add_area_attribute_parameters()
        self._add_option_parameters()
        add_period_parameters(self, self.CASES, optional=True)
        add_group_period_outputs(self)
        declare_group_outputs(self)

    def _field(self, key: str, label: str, parent: str, numeric: bool = False, multiple: bool = False) -> None:
        """Every field parameter here is optional: which ones a run needs depends on GROUP_SOURCE."""
        self.add_field(key, label, parent, numeric=numeric, multiple=multiple, optional=True)

    def _add_case_parameters(self) -> None:
        self.add_source(self.CASES, "Cases (one row per case, or aggregated with a count field)")
        self._field(self.COUNT_FIELD, "Case count field (aggregated rows; default 1 per row)", self.CASES, True)
        self.add_choice(self.GROUP_SOURCE, "Group comes from", GROUP_SOURCES)
        self._field(self.GROUP_FIELD, "Group field of the cases (e.g. ethnicity)", self.CASES)
        self._field(self.AREA_FIELD, "Area field of the cases, for a per-area breakdown (optional)", self.CASES)
        self._field(self.STANDARDISE_BY, "Standardise by this case field, e.g. age band (optional)", self.CASES)

    def _add_population_parameters(self) -> None:
        self.add_source(self.POPULATION, "Population table (group from a case field)", optional=True)
        self.addParameter(QgsProcessingParameterExpression(
            self.POP_FILTER, self.tr("Population filter, e.g. \"dimension\" = 'ethnicity' (optional)"),
            parentLayerParameterName=self.POPULATION, optional=True))
        self._field(self.POP_GROUP_FIELD, "Population: group field (long form)", self.POPULATION)
        self._field(self.POP_COUNT_FIELD, "Population: count field (long form)", self.POPULATION, True)
        self._field(self.POP_WIDE_FIELDS, "Population: one field per group (wide form; field name = group label)",
                    self.POPULATION, True, True)
        self._field(self.POP_AREA_FIELD, "Population: area field (matches the cases' area field)", self.POPULATION)
        self._field(self.POP_STRATUM_FIELD, "Population: stratum field, e.g. age band (for standardisation)",
                    self.POPULATION)

    def _add_area_attribute_parameters(self) -> None:
        self._field(self.CASE_AREA_CODE_FIELD, "Area code field of the cases, e.g. LSOA code (group from area)",
                    self.CASES)
        self.add_layer_with_code(self.AREA_ATTRIBUTE_LAYER, self.AREA_ATTRIBUTE_CODE_FIELD,
                                 "Area layer with the attribute and population (group from area)",
                                 "Area layer: code field", optional=True)
        self._field(self.AREA_ATTRIBUTE_FIELD, "Area layer: attribute giving the group, e.g. imd_decile",
                    self.AREA_ATTRIBUTE_LAYER)
        self._field(self.AREA_ATTRIBUTE_POPULATION_FIELD, "Area layer: population field", self.AREA_ATTRIBUTE_LAYER,
                    True)
        self._field(self.AREA_ATTRIBUTE_AREA_FIELD, "Area layer: larger-area field for a per-area breakdown, e.g. ICB "
                    "code (optional)", self.AREA_ATTRIBUTE_LAYER)

    def _add_option_parameters(self) -> None:
        self.add_source(self.MAPPING, "Label mapping table: case label → population label (optional)", optional=True)
        self._field(self.MAPPING_FROM, "Mapping: case label field", self.MAPPING)
        self._field(self.MAPPING_TO, "Mapping: population label field", self.MAPPING)
        self.add_text(self.MISSING_VALUES, "Values meaning 'group not known' (separated by ;)",
                      DEFAULT_MISSING_VALUES, optional=True)
        self.add_multiple_testing(MULTIPLE_TESTING_DEFAULT)
        self.add_min_expected()
        self.add_choice(self.BENCHMARK, "Compare the groups of each area with", BENCHMARKS)
        self._field(self.BENCHMARK_FIELD, "Population: parent field, each area's region, ICB … (with a parent "
                    "benchmark)", self.POPULATION)
        self.add_sink(self.OUTPUT, "Representation by group", Qgis.ProcessingSourceType.Vector)

    # --- run -------------------------------------------------------------------------------------------------

    def _names(self, parameters, context, *keys) -> list[str | None]:
        return [self.chosen(parameters, key, context) for key in keys]

    def _read(self, parameters, key, context, feedback, fields, what, filtered=None) -> pd.DataFrame:
        """The chosen ``fields`` of the source ``key`` (or of the rows of it a filter kept, ``filtered``),
        checked to exist (InputError naming the missing ones)."""
        source = filtered if filtered is not None else self.parameterAsSource(parameters, key, context)
        if source is None:
            raise InputError(self.tr("Choose the {0} ({1}).").format(what, key))
        fields = [f for f in dict.fromkeys(fields) if f]
        missing = [f for f in fields if source.fields().lookupField(f) < 0]
        if missing:
            raise InputError(self.tr("Field(s) {0} not found in the {1}; available fields: {2}.").format(
                ", ".join(map(repr, missing)), what, ", ".join(source.fields().names())))
        if filtered is not None:
            return read_source(filtered, feedback, fields=fields, keep_features=False, what=what).frame
        return self.read_input(parameters, key, context, feedback, source, fields=fields, keep_features=False,
                               what=what).frame

    def execute(self, parameters, context, feedback):
        if self.choice(parameters, self.GROUP_SOURCE, context) == "area_attribute":
            cases, population, sentence, subject = self._area_attribute_inputs(parameters, context, feedback)
        else:
            cases, population, sentence, subject = self._case_field_inputs(parameters, context, feedback)
        feedback.setProgress(50)
        start_phase(feedback, self.tr("Comparing groups…"))
        options = {"multiple_testing": self.choice(parameters, self.MULTIPLE_TESTING, context),
                   "min_expected": self.parameterAsDouble(parameters, self.MIN_EXPECTED, context)}
        parents, benchmark = self._benchmark(parameters, context, feedback)
        if benchmark.is_parent and period_choice(self, parameters, context).wanted:
            raise InputError(self.tr("Periods (PERIODS) are compared against the whole input: run the parent "
                                     "benchmark (BENCHMARK) without periods."))
        result = group_representation(cases, population, is_cancelled=feedback.isCanceled, parents=parents,
                                      benchmark=benchmark, **options)
        summary = replace(result.summary, method=result.summary.method.with_subject(sentence))
        feedback.setProgress(70)
        table = result.table.assign(benchmark=benchmark.field_value) if benchmark.is_parent else result.table
        fields = result_fields(table, {**GROUP_REPRESENTATION.kinds(result.table.columns), **BENCHMARK.kinds()})
        sink, dest_id = self.parameterAsSink(parameters, self.OUTPUT, context, fields, Qgis.WkbType.NoGeometry)
        if sink is None:
            raise InputError(self.invalidSinkError(parameters, self.OUTPUT))
        write_frame(sink, table, fields, feedback=feedback, progress=(70.0, 30.0))
        run = self._record(parameters, context, result, summary, subject,
                           {**options, "benchmark": benchmark.kind, "benchmark_field": benchmark.field})
        self._log(summary, feedback)
        periods = group_period_outputs(self, parameters, context, feedback, cases, population, options, run)
        return {self.OUTPUT: dest_id, **group_outputs(summary), **periods}

    def _record(self, parameters, context, result: GroupResult, summary: GroupSummary, subject: str,
                options: dict) -> RunMetadata:
        """The run's metadata, stored with the output table once it is saved."""
        areas = geography_of_codes(result.table["area"]) if "area" in result.table.columns else None
        run = stamped(RunMetadata(
            f"phso_insight:{self.ALG_ID}", summary.method.text, published_method=summary.method.text_without_counts,
            geography=areas.key if areas else "",
            subject=subject, inputs=input_names(self, parameters, context, self.CASES, self.POPULATION,
                                                self.AREA_ATTRIBUTE_LAYER, self.MAPPING), **options))
        self.record_run(self.OUTPUT, RunRecord(run, result_title(run), self.tr(
            "{0}: each group's share of cases compared with its share of the population, computed by PHSO Insight. "
            "Method: {1}").format(result_title(run), run.method)))
        return run

    def _benchmark(self, parameters, context, feedback) -> tuple[dict | None, Benchmark]:
        """Each population area's parent (area → parent) and the benchmark; (None, whole input) by default."""
        field = self.chosen(parameters, self.BENCHMARK_FIELD, context)
        if self.choice(parameters, self.BENCHMARK, context) == WHOLE_INPUT:
            if field:
                raise InputError(self.tr("A parent field (BENCHMARK_FIELD) is only used with a parent benchmark: "
                                         "choose BENCHMARK “Each area's parent”, or leave the field empty."))
            return None, Benchmark()
        area = self.chosen(parameters, self.POP_AREA_FIELD, context)
        if self.choice(parameters, self.GROUP_SOURCE, context) != "case_field" or not area or not field:
            raise InputError(self.tr("Comparing each area's groups with its parent (BENCHMARK) needs groups from a "
                                     "case field with a per-area breakdown (AREA_FIELD, POP_AREA_FIELD) and the "
                                     "population's parent field (BENCHMARK_FIELD)."))
        frame = self._read(parameters, self.POPULATION, context, feedback, [area, field], self.tr("population table"))
        pairs = frame.dropna().astype(str).apply(lambda column: column.str.strip()).drop_duplicates()
        repeated = pairs[area][pairs[area].duplicated()].unique()
        if len(repeated):
            raise InputError(self.tr("Areas with more than one parent in the population table ({0}, BENCHMARK_FIELD): "
                                     "{1}.").format(field, ", ".join(map(repr, repeated[:5]))))
        return dict(zip(pairs[area], pairs[field])), Benchmark.of_parent(field, pairs[field])

    def _common_case_inputs(self, parameters, context, frame: pd.DataFrame) -> dict:
        """Count, missing values and mapping, shared by both group sources."""
        count_field = self.chosen(parameters, self.COUNT_FIELD, context)
        missing = self.parameterAsString(parameters, self.MISSING_VALUES, context)
        with concerning(self, self.COUNT_FIELD):
            counts = numeric_column(frame, count_field) if count_field else None
        return {"counts": counts,
                "missing_keys": parse_missing_values(missing),
                "mapping": self._mapping(parameters, context)}

    def _mapping(self, parameters, context) -> dict[str, str] | None:
        source = self.parameterAsSource(parameters, self.MAPPING, context)
        if source is None:
            return None
        from_field, to_field = self._names(parameters, context, self.MAPPING_FROM, self.MAPPING_TO)
        if not from_field or not to_field:
            raise InputError(self.tr("With a mapping table (MAPPING), choose its case-label field (MAPPING_FROM) and "
                                     "its population-label field (MAPPING_TO)."))
        frame = self._read(parameters, self.MAPPING, context, None, [from_field, to_field], self.tr("mapping table"))
        return read_mapping(frame, from_field, to_field)

    def _case_field_inputs(self, parameters, context, feedback):
        group, area, stratum, count = self._names(
            parameters, context, self.GROUP_FIELD, self.AREA_FIELD, self.STANDARDISE_BY, self.COUNT_FIELD)
        if not group:
            raise InputError(self.tr("Choose the group field of the cases (GROUP_FIELD), or take the group from an "
                                     "area attribute (GROUP_SOURCE)."))
        self._refuse(parameters, context, self.tr("when the group comes from a case field"),
                     self.CASE_AREA_CODE_FIELD, self.AREA_ATTRIBUTE_LAYER)
        frame = self._read(parameters, self.CASES, context, feedback, [group, area, stratum, count], self.tr("cases"))
        population = self._population(parameters, context, feedback, area, stratum)
        start_phase(feedback, self.tr("Preparing the cases…"))
        cases = case_table(frame[group], areas=frame[area] if area else None,
                           strata=frame[stratum] if stratum else None,
                           is_cancelled=feedback.isCanceled, **self._common_case_inputs(parameters, context, frame))
        sentence = self.tr("Groups from the cases' field {0!r}").format(group)
        if stratum:
            sentence += self.tr(", standardised by {0!r}").format(stratum)
        return cases, population, sentence, in_words(group)

    def _refuse(self, parameters, context, when: str, *keys) -> None:
        """Parameters of the other group source must be left empty (so a run never half-uses them)."""
        given = [key for key in keys if parameters.get(key) not in (None, "", [])]
        if given:
            raise InputError(self.tr("Leave {0} empty {1}.").format(", ".join(given), when))

    def _population(self, parameters, context, feedback, case_area, case_stratum) -> pd.DataFrame:
        group, count, area, stratum = self._names(
            parameters, context, self.POP_GROUP_FIELD, self.POP_COUNT_FIELD, self.POP_AREA_FIELD,
            self.POP_STRATUM_FIELD)
        wide = self.parameterAsStrings(parameters, self.POP_WIDE_FIELDS, context)
        if bool(wide) == bool(group or count):
            raise InputError(self.tr("Describe the population table either in long form (POP_GROUP_FIELD and "
                                     "POP_COUNT_FIELD) or in wide form (POP_WIDE_FIELDS, one field per group), not "
                                     "both."))
        if not wide and not (group and count):
            raise InputError(self.tr("The long-form population needs both a group field (POP_GROUP_FIELD) and a count "
                                     "field (POP_COUNT_FIELD)."))
        if case_area and not area:
            raise InputError(self.tr("A per-area breakdown needs the population's area field (POP_AREA_FIELD), "
                                     "matching the cases' area field {0!r} (AREA_FIELD).").format(case_area))
        if case_stratum and not stratum:
            raise InputError(self.tr("Standardising by {0!r} (STANDARDISE_BY) needs the population's stratum field "
                                     "(POP_STRATUM_FIELD), from a population table by group and stratum.").format(
                case_stratum))
        if area and not case_area:
            feedback.pushInfo(self.tr("No case area field: the population is summed over its areas."))
        if stratum and not case_stratum:
            feedback.pushInfo(self.tr("No standardisation field: the population is summed over its strata."))
        fields = [*(wide or [group, count]), area, stratum]
        frame = self._read(parameters, self.POPULATION, context, feedback, fields, self.tr("population table"),
                           filtered=self._filtered_population(parameters, context, feedback))
        start_phase(feedback, self.tr("Preparing the population table…"))
        with concerning(self, self.POPULATION):
            if wide:
                return wide_population(frame, wide, area_col=area, stratum_col=stratum,
                                       is_cancelled=feedback.isCanceled)
            return long_population(frame, group, count, area_col=area, stratum_col=stratum,
                                   is_cancelled=feedback.isCanceled)

    def _filtered_population(self, parameters, context, feedback):
        """The rows of the population source that match the filter expression; None without a filter."""
        source = self.parameterAsSource(parameters, self.POPULATION, context)
        if source is None:
            raise InputError(self.tr("Choose the population table (POPULATION), or take the group from an area "
                                     "attribute (GROUP_SOURCE)."))
        expression = expression_text(parameters, self.POP_FILTER)  # as given, even if it does not parse
        if not expression:
            return None
        parsed = QgsExpression(expression)
        if parsed.hasParserError():
            raise InputError(self.tr("The population filter (POP_FILTER) “{0}” is not a valid expression: {1}")
                             .format(expression, parsed.parserErrorString()))
        start_phase(feedback, self.tr("Filtering the population table…"))
        filtered = source.materialize(QgsFeatureRequest().setFilterExpression(expression), feedback)
        check_cancelled(feedback.isCanceled)
        if filtered.featureCount() == 0:
            raise InputError(self.tr("No population rows match the filter (POP_FILTER) “{0}” (of {1} rows).")
                             .format(expression, source.featureCount()))
        return filtered

    def _area_attribute_inputs(self, parameters, context, feedback):
        code, count, case_area = self._names(parameters, context, self.CASE_AREA_CODE_FIELD, self.COUNT_FIELD,
                                             self.AREA_FIELD)
        layer_code, attribute, population_field, area = self._names(
            parameters, context, self.AREA_ATTRIBUTE_CODE_FIELD, self.AREA_ATTRIBUTE_FIELD,
            self.AREA_ATTRIBUTE_POPULATION_FIELD, self.AREA_ATTRIBUTE_AREA_FIELD)
        if not (code and layer_code and attribute and population_field):
            raise InputError(self.tr("With the group from an area attribute, choose the cases' area code field "
                                     "(CASE_AREA_CODE_FIELD) and the area layer's code, attribute and population "
                                     "fields (AREA_ATTRIBUTE_CODE_FIELD, AREA_ATTRIBUTE_FIELD, "
                                     "AREA_ATTRIBUTE_POPULATION_FIELD)."))
        self._refuse(parameters, context, self.tr("when the group comes from an area attribute (the area layer gives "
                                                  "groups, population and areas)"),
                     self.GROUP_FIELD, self.AREA_FIELD, self.STANDARDISE_BY, self.POPULATION)
        frame = self._read(parameters, self.CASES, context, feedback, [code, count], self.tr("cases"))
        layer = self._read(parameters, self.AREA_ATTRIBUTE_LAYER, context, feedback,
                           [layer_code, attribute, population_field, area], self.tr("area layer"))
        start_phase(feedback, self.tr("Linking the cases to their areas…"))
        linked = groups_from_area_attribute(frame[code], layer, layer_code, attribute, population_field, area)
        sentence = self.tr("Groups from the area attribute {0!r} of each case's area ({1!r})").format(attribute, code)
        if linked.areas_without_value:
            sentence += self.tr("; {0} areas ({1:g} people) without a value left out of the population").format(
                linked.areas_without_value, linked.population_without_value)
            feedback.reportError(sentence, False)
        cases = case_table(linked.groups, areas=linked.areas, reasons=linked.reasons, is_cancelled=feedback.isCanceled,
                           **self._common_case_inputs(parameters, context, frame))
        return cases, linked.population, sentence, in_words(attribute)

    def _log(self, summary: GroupSummary, feedback) -> None:
        feedback.pushInfo(self.tr("Cases in: {0:g}; compared: {1:g}; excluded: {2:g}.").format(
            summary.total_cases, summary.compared_cases, summary.excluded_cases))
        for reason, n in summary.excluded_by_reason.items():
            feedback.pushInfo(self.tr("Excluded, {0}: {1:g} cases").format(reason, n))
        for label, n in summary.unmatched_groups.items():
            feedback.reportError(self.tr("Label {0!r} is not in the population table ({1:g} cases, not compared); "
                                         "add it to the mapping table.").format(label, n), False)
        for area, n in summary.unmatched_areas.items():
            feedback.reportError(self.tr("Area {0!r} is not in the population table ({1:g} cases, not compared).")
                                 .format(area, n), False)
        log_tier_counts(feedback, summary.tier_counts)
        feedback.pushInfo(summary.method.text)
