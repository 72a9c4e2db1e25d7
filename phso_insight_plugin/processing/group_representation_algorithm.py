"""``phso_insight:grouprepresentation`` — are groups of people over- or under-represented among cases?"""
from __future__ import annotations

from dataclasses import replace

import pandas as pd
from qgis.core import (
    Qgis,
    QgsExpression,
    QgsFeatureRequest,
    QgsProcessingParameterEnum,
    QgsProcessingParameterExpression,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
)

from ..cancel import check_cancelled, start_phase
from ..errors import InputError
from ..groups.area_attribute import groups_from_area_attribute
from ..groups.cases import case_table
from ..groups.labels import DEFAULT_MISSING_VALUES, parse_missing_values, read_mapping
from ..groups.population import long_population, wide_population
from ..groups.representation import GroupResult, group_representation
from ..layer_run_metadata import stamped
from ..results.columns import GROUP_REPRESENTATION
from ..results.geography import geography_of_codes
from ..results.run_metadata import RunMetadata, result_title
from ..results.summaries import GroupSummary
from ..validation import numeric_column
from .base import PhsoAlgorithm
from .layers import read_source, result_fields, write_frame
from .parameter_checks import concerning, expression_text
from .representation_algorithm import MULTIPLE_TESTING_OPTIONS
from .result_outputs import declare_group_outputs, group_outputs, log_tier_counts
from .run_records import RunRecord, input_names

CASE_FIELD, AREA_ATTRIBUTE = 0, 1


def in_words(field: str) -> str:
    """A field name as words for titles and sentences: "age_band" → "age band"."""
    return field.replace("_", " ").strip()

HELP = """<p>Are some groups of people — over-65s, disabled people, an ethnic group, people in the most deprived areas — over- or under-represented among complainants? For each group (and each area, when an area field is given) the algorithm compares the group's <b>share of cases</b> with its <b>share of the population</b>, and sorts groups into the same six tiers as the area representation.</p>
<h3>Where the group comes from</h3>
<ul>
<li><b>A field of the cases</b> (e.g. ethnicity, age band, disability), compared with a <b>population table</b>:
<ul><li><i>long</i> form: a group field and a population count field (one row per group, or per area and group; rows with the same area and group are summed, so a per-LSOA table can be aggregated to ICBs through an area field that holds the ICB code);</li>
<li><i>wide</i> form: one population field per group, the field name being the group label (e.g. fields Asian, Black, White);</li>
<li><i>Population filter</i>: an expression keeping only the rows of one breakdown when the table holds several, e.g. <code>"dimension" = 'ethnicity'</code>.</li></ul></li>
<li><b>An attribute of the case's area</b> (e.g. the IMD decile of its LSOA): each case carries the code of its small area (run <i>Assign cases to areas</i> first); the area layer gives each area's attribute and population, so "cases by deprivation decile against population by decile" is one run. For a per-area breakdown choose the larger-area field of the area layer (e.g. the ICB code).</li>
</ul>
<h3>Labels, missing values and exclusions</h3>
<p>Labels match ignoring case and surrounding spaces. When the case labels differ from the population's ("Yes" / "Disabled under the Equality Act"), give a <b>mapping table</b> with a case-label field and a population-label field; it also translates standardisation strata. A case label found neither directly nor through the mapping is <b>not dropped</b>: it gets an output row with its number of cases, tier label "Not compared" and a note, and is listed in the log.</p>
<p>Cases whose group is blank or one of the <b>missing values</b> (default: <code>Prefer not to say;Not known;Unknown;</code>, separated by semicolons) are counted per area in <code>excluded_cases</code> and left out of the shares; the METHOD result states how many and why. The same applies to blank standardisation strata, and in area-attribute mode to cases whose area code is blank, not in the area layer, or has no attribute value.</p>
<h3>Method</h3>
<p>For area a and group g, with O cases of known group, N<sub>a</sub> such cases in the area and P the population: case share c = O / N<sub>a</sub> with a Wilson 95% interval; population share p = P<sub>g</sub> / P<sub>a</sub>; expected E = p × N<sub>a</sub>; <b>ratio = O / E = c / p</b>.</p>
<p><b>Age standardisation</b> (optional; a case field such as age band, and a stratum field in a long population table by group and stratum): indirect, within each area, E<sub>g</sub> = Σ<sub>s</sub> r<sub>s</sub> × P<sub>g,s</sub> where r<sub>s</sub> is the area's case rate in stratum s among cases of known group. A group with a young age profile is then expected to raise fewer cases if young people complain less, so its age profile does not masquerade as under-representation. The crude ratio c / p is kept in <code>crude_ratio</code>.</p>
<p>Ratio limits at 95% and 99.8% follow the PHE/UKHSA rule (exact Poisson below 10 cases, Byar's from 10). p-values are two-sided exact Poisson tests of O against E. <b>Multiple testing</b>: Benjamini–Hochberg (default here, because a run tests many groups × areas at once) adjusts across <i>all</i> cells; tiers ±2 need q &lt; 0.002 and ±1 need q &lt; 0.05 (the intervals shown are not adjusted). With "none", tiers follow PHE's funnel significance on the limits. <b>Too few to say</b>: not significant and expected below the minimum expected count. Rows with no population get no ratio and a note.</p>
<h3>Output</h3>
<p>A table, one row per group (per area and group): area, group, cases, case_share, case_share_lcl95, case_share_ucl95, population, population_share, expected, ratio, (crude_ratio), lcl95, ucl95, lcl998, ucl998, ci_method, p_value, q_value, tier, tier_label, excluded_cases, note. Results: cells per tier, cases in, compared, excluded and not compared, the unmatched labels and areas (JSON) and the METHOD sentence.</p>
<p>Differences in representation describe who complains; they do not by themselves show a cause.</p>
<p>References: PHE Technical Guide — Confidence intervals (2018); Wilson EB (1927) JASA 22:209–212; Benjamini Y, Hochberg Y (1995) JRSS B 57:289–300.</p>"""


class GroupRepresentationAlgorithm(PhsoAlgorithm):
    """Thin wrapper: read the tables, build case and population tables, call
    :func:`groups.representation.group_representation`, write the table."""

    ALG_ID = "grouprepresentation"
    GROUP_ID = "analyse"
    DISPLAY_NAME = "Representation by group"
    HELP = HELP

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
    OUTPUT = "OUTPUT"

    def initAlgorithm(self, config=None):  # noqa: N802
        self._add_case_parameters()
        self._add_population_parameters()
        self._add_area_attribute_parameters()
        self._add_option_parameters()
        self._add_outputs()

    def _field(self, key: str, label: str, parent: str, numeric: bool = False, multiple: bool = False) -> None:
        kind = Qgis.ProcessingFieldParameterDataType.Numeric if numeric else Qgis.ProcessingFieldParameterDataType.Any
        self.addParameter(QgsProcessingParameterField(
            key, self.tr(label), parentLayerParameterName=parent, type=kind, allowMultiple=multiple, optional=True))

    def _add_case_parameters(self) -> None:
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.CASES, self.tr("Cases (one row per case, or aggregated with a count field)"),
            [Qgis.ProcessingSourceType.Vector]))
        self._field(self.COUNT_FIELD, "Case count field (aggregated rows; default 1 per row)", self.CASES, True)
        self.addParameter(QgsProcessingParameterEnum(
            self.GROUP_SOURCE, self.tr("Group comes from"),
            options=[self.tr("A field of the cases (compared with a population table)"),
                     self.tr("An attribute of the case's area (e.g. IMD decile of its LSOA)")],
            defaultValue=CASE_FIELD))
        self._field(self.GROUP_FIELD, "Group field of the cases (e.g. ethnicity)", self.CASES)
        self._field(self.AREA_FIELD, "Area field of the cases, for a per-area breakdown (optional)", self.CASES)
        self._field(self.STANDARDISE_BY, "Standardise by this case field, e.g. age band (optional)", self.CASES)

    def _add_population_parameters(self) -> None:
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.POPULATION, self.tr("Population table (group from a case field)"),
            [Qgis.ProcessingSourceType.Vector], optional=True))
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
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.AREA_ATTRIBUTE_LAYER, self.tr("Area layer with the attribute and population (group from area)"),
            [Qgis.ProcessingSourceType.Vector], optional=True))
        self._field(self.AREA_ATTRIBUTE_CODE_FIELD, "Area layer: code field", self.AREA_ATTRIBUTE_LAYER)
        self._field(self.AREA_ATTRIBUTE_FIELD, "Area layer: attribute giving the group, e.g. imd_decile",
                    self.AREA_ATTRIBUTE_LAYER)
        self._field(self.AREA_ATTRIBUTE_POPULATION_FIELD, "Area layer: population field", self.AREA_ATTRIBUTE_LAYER,
                    True)
        self._field(self.AREA_ATTRIBUTE_AREA_FIELD, "Area layer: larger-area field for a per-area breakdown, e.g. ICB "
                    "code (optional)", self.AREA_ATTRIBUTE_LAYER)

    def _add_option_parameters(self) -> None:
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.MAPPING, self.tr("Label mapping table: case label → population label (optional)"),
            [Qgis.ProcessingSourceType.Vector], optional=True))
        self._field(self.MAPPING_FROM, "Mapping: case label field", self.MAPPING)
        self._field(self.MAPPING_TO, "Mapping: population label field", self.MAPPING)
        self.addParameter(QgsProcessingParameterString(
            self.MISSING_VALUES, self.tr("Values meaning 'group not known' (separated by ;)"),
            defaultValue=DEFAULT_MISSING_VALUES, optional=True))
        self.addParameter(QgsProcessingParameterEnum(
            self.MULTIPLE_TESTING, self.tr("Multiple-testing control"),
            options=[self.tr("None (PHE funnel limits)"), self.tr("Benjamini–Hochberg false discovery rate")],
            defaultValue=1))
        self.addParameter(QgsProcessingParameterNumber(
            self.MIN_EXPECTED, self.tr("Minimum expected count for a 'no difference' verdict"),
            type=Qgis.ProcessingNumberParameterType.Double, minValue=0.0, defaultValue=5.0))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT, self.tr("Representation by group"), Qgis.ProcessingSourceType.Vector))

    def _add_outputs(self) -> None:
        declare_group_outputs(self)

    # --- run -------------------------------------------------------------------------------------------------

    def _name(self, parameters, key, context) -> str | None:
        return self.parameterAsString(parameters, key, context) or None

    def _names(self, parameters, context, *keys) -> list[str | None]:
        return [self._name(parameters, key, context) for key in keys]

    def _read(self, parameters, key, context, feedback, fields, what, source=None) -> pd.DataFrame:
        """The chosen ``fields`` of a source, checked to exist (InputError naming the missing ones)."""
        if source is None:
            source = self.parameterAsSource(parameters, key, context)
        if source is None:
            raise InputError(self.tr("Choose the {0} ({1}).").format(what, key))
        fields = [f for f in dict.fromkeys(fields) if f]
        missing = [f for f in fields if source.fields().lookupField(f) < 0]
        if missing:
            raise InputError(self.tr("Field(s) {0} not found in the {1}; available fields: {2}.").format(
                ", ".join(map(repr, missing)), what, ", ".join(source.fields().names())))
        return read_source(source, feedback, fields=fields, keep_features=False, what=what).frame

    def execute(self, parameters, context, feedback):
        source_choice = self.parameterAsEnum(parameters, self.GROUP_SOURCE, context)
        if source_choice == AREA_ATTRIBUTE:
            cases, population, sentence, subject = self._area_attribute_inputs(parameters, context, feedback)
        else:
            cases, population, sentence, subject = self._case_field_inputs(parameters, context, feedback)
        feedback.setProgress(50)
        start_phase(feedback, self.tr("Comparing groups…"))
        options = {"multiple_testing": MULTIPLE_TESTING_OPTIONS[self.parameterAsEnum(parameters, self.MULTIPLE_TESTING,
                                                                                     context)],
                   "min_expected": self.parameterAsDouble(parameters, self.MIN_EXPECTED, context)}
        result = group_representation(cases, population, is_cancelled=feedback.isCanceled, **options)
        summary = replace(result.summary, method=result.summary.method.with_subject(sentence))
        feedback.setProgress(70)
        fields = result_fields(result.table, GROUP_REPRESENTATION.kinds(result.table.columns))
        sink, dest_id = self.parameterAsSink(parameters, self.OUTPUT, context, fields, Qgis.WkbType.NoGeometry)
        if sink is None:
            raise InputError(self.invalidSinkError(parameters, self.OUTPUT))
        write_frame(sink, result.table, fields, feedback=feedback, progress=(70.0, 30.0))
        self._record(parameters, context, result, summary, subject, options)
        self._log(summary, feedback)
        return {self.OUTPUT: dest_id, **group_outputs(summary)}

    def _record(self, parameters, context, result: GroupResult, summary: GroupSummary, subject: str,
                options: dict) -> None:
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

    def _common_case_inputs(self, parameters, context, frame: pd.DataFrame) -> dict:
        """Count, missing values and mapping, shared by both group sources."""
        count_field = self._name(parameters, self.COUNT_FIELD, context)
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
                           source=self._filtered_population(parameters, context, feedback))
        start_phase(feedback, self.tr("Preparing the population table…"))
        with concerning(self, self.POPULATION):
            if wide:
                return wide_population(frame, wide, area_col=area, stratum_col=stratum,
                                       is_cancelled=feedback.isCanceled)
            return long_population(frame, group, count, area_col=area, stratum_col=stratum,
                                   is_cancelled=feedback.isCanceled)

    def _filtered_population(self, parameters, context, feedback):
        """The population source, restricted to the rows matching the filter expression (if any)."""
        source = self.parameterAsSource(parameters, self.POPULATION, context)
        if source is None:
            raise InputError(self.tr("Choose the population table (POPULATION), or take the group from an area "
                                     "attribute (GROUP_SOURCE)."))
        expression = expression_text(parameters, self.POP_FILTER)  # as given, even if it does not parse
        if not expression:
            return source
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
