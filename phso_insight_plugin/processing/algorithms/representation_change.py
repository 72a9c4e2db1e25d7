"""``phso_insight:representationchange`` — is each area's representation changing, does it persist, did a pilot
move it?"""
from __future__ import annotations

from qgis.core import Qgis

from ...cancel import start_phase
from ...change.analysis import representation_change
from ...change.areas import AreaChange, CaseRows, area_change
from ...change.periods import periods_from_labels
from ...errors import InputError
from ...layer_run_metadata import run_abstract, stamped
from ...results.change_columns import AREA_BY_PERIOD, CHANGE
from ...results.run_metadata import RunMetadata
from ...validation import numeric_column
from ..base import PhsoAlgorithm
from ..change_outputs import change_outputs, declare_change_outputs, log_change
from ..io.clashes import overwritten_fields
from ..io.layers import column_values, merged_fields, result_fields, write_features, write_frame
from ..io.parameter_checks import concerning
from ..io.run_records import RunRecord, areas_of, input_names
from ..options import core_default
from ..period_parameters import DATE_FIELD, add_period_parameters, assigned_periods, check_periods, period_choice

MULTIPLE_TESTING_DEFAULT = core_default(representation_change, "multiple_testing")


class RepresentationChangeAlgorithm(PhsoAlgorithm):
    """Thin wrapper: read cases and areas, assign periods, call :func:`change.areas.area_change`, write both tables."""

    ALG_ID = "representationchange"
    GROUP_ID = "analyse"
    DISPLAY_NAME = "Representation change over time"

    CASES = "CASES"
    CASE_AREA_FIELD = "CASE_AREA_FIELD"
    PERIOD_FIELD = "PERIOD_FIELD"
    COUNT_FIELD = "COUNT_FIELD"
    STRATUM_FIELD = "STRATUM_FIELD"
    AREAS = "AREAS"
    AREA_CODE_FIELD = "AREA_CODE_FIELD"
    POPULATION_FIELDS = "POPULATION_FIELDS"
    POPULATION_PER_PERIOD = "POPULATION_PER_PERIOD"
    MULTIPLE_TESTING = "MULTIPLE_TESTING"
    OUTPUT = "OUTPUT"
    BY_PERIOD = "BY_PERIOD"

    def initAlgorithm(self, config=None):
        self.add_source(self.CASES, "Cases (one row per case, e.g. the assigned cases; or counts by area and period)")
        self.add_field(self.CASE_AREA_FIELD, "Area code field of the cases", self.CASES)
        add_period_parameters(self, self.CASES, optional=False)
        self.add_field(self.PERIOD_FIELD, "Period field (counts already aggregated by period, instead of dates)",
                       self.CASES, optional=True)
        self.add_field(self.COUNT_FIELD, "Case count field (aggregated rows; default 1 per row)", self.CASES,
                       numeric=True, optional=True)
        self.add_field(self.STRATUM_FIELD, "Standardise by this case field, e.g. age band (optional)", self.CASES,
                       optional=True)
        self.add_layer_with_code(self.AREAS, self.AREA_CODE_FIELD, "Areas with population", "Areas: code field")
        self.add_field(self.POPULATION_FIELDS, "Population field(s): one, one per stratum, or one per period",
                       self.AREAS, numeric=True, multiple=True)
        self.add_flag(self.POPULATION_PER_PERIOD, "One population field per period (in time order)", False)
        self.add_multiple_testing(MULTIPLE_TESTING_DEFAULT)
        self.add_sink(self.OUTPUT, "Change by area")
        self.add_sink(self.BY_PERIOD, "Representation by area and period", Qgis.ProcessingSourceType.Vector,
                      optional=True)
        declare_change_outputs(self)

    def execute(self, parameters, context, feedback):
        source = self.required_source(parameters, self.AREAS, context)
        cases = self._cases(parameters, context, feedback)
        areas = self.read_input(parameters, self.AREAS, context, feedback, source, what=self.tr("area layer"))
        self._refuse_overwritten_fields(source.fields().names(), feedback)
        start_phase(feedback, self.tr("Comparing {0} periods for {1} areas…").format(
            len(cases.periods.labels), len(areas.frame)))
        change = area_change(areas.frame, self.chosen(parameters, self.AREA_CODE_FIELD, context),
                             self.parameterAsStrings(parameters, self.POPULATION_FIELDS, context), cases,
                             self.parameterAsBoolean(parameters, self.POPULATION_PER_PERIOD, context),
                             period_choice(self, parameters, context).compare,
                             self.choice(parameters, self.MULTIPLE_TESTING, context), feedback.isCanceled)
        feedback.setProgress(50)
        dest_id = self._write_areas(parameters, context, feedback, source, areas, change)
        by_period_id = self._write_by_period(parameters, context, feedback, change)
        self._record(parameters, context, areas.frame, change, by_period_id is not None)
        log_change(feedback, change.summary)
        return {self.OUTPUT: dest_id, self.BY_PERIOD: by_period_id, **change_outputs(change.summary)}

    def _cases(self, parameters, context, feedback) -> CaseRows:
        """The case rows: area, date (or period label), stratum and count, with their periods."""
        area, date, period, count, stratum = (self.chosen(parameters, key, context) for key in (
            self.CASE_AREA_FIELD, DATE_FIELD, self.PERIOD_FIELD, self.COUNT_FIELD, self.STRATUM_FIELD))
        if bool(date) == bool(period):
            raise InputError(self.tr("Choose either the cases' date field (DATE_FIELD), or, for counts already "
                                     "aggregated by period, their period field (PERIOD_FIELD) — one of the two."))
        fields = [f for f in dict.fromkeys((area, date or period, count, stratum)) if f]
        frame = self.read_input(parameters, self.CASES, context, feedback, fields=fields, keep_features=False,
                                what=self.tr("cases")).frame
        start_phase(feedback, self.tr("Reading the dates of {0} case rows…").format(len(frame)))
        choice = period_choice(self, parameters, context)
        if date:
            periods = assigned_periods(self, choice, frame[date])
        else:
            periods = periods_from_labels(frame[period])
        if not periods.labels:
            raise InputError(self.tr("No case has a date (or period) that could be read in {0!r}: {1}").format(
                date or period, periods.describe_exclusions()))
        check_periods(self, choice, periods)
        with concerning(self, self.COUNT_FIELD):
            weights = numeric_column(frame, count) if count else None
        return CaseRows(frame[area], frame[date or period], periods, frame[stratum] if stratum else None, weights)

    def _refuse_overwritten_fields(self, input_fields, feedback) -> None:
        """The change fields may replace input fields only on a re-run (the input has every change field)."""
        clash = overwritten_fields(input_fields, CHANGE.names)
        if len(clash) == len(CHANGE.names):
            feedback.pushInfo(self.tr("The areas hold the results of an earlier run; they are replaced."))
        elif clash:
            raise InputError(self.tr("The area layer (AREAS) already has field(s) {0}, which the results would "
                                     "overwrite: rename them or remove them first.").format(", ".join(clash)))

    def _write_areas(self, parameters, context, feedback, source, areas, change: AreaChange) -> str:
        added = result_fields(change.layer_table, CHANGE.kinds())
        fields, kept = merged_fields(source.fields(), added)
        sink, dest_id = self.parameterAsSink(parameters, self.OUTPUT, context, fields, source.wkbType(),
                                             source.sourceCrs())
        if sink is None:
            raise InputError(self.invalidSinkError(parameters, self.OUTPUT))
        write_features(sink, areas, kept, fields, column_values(change.layer_table), feedback, (50.0, 30.0))
        return dest_id

    def _write_by_period(self, parameters, context, feedback, change: AreaChange) -> str | None:
        fields = result_fields(change.by_period, AREA_BY_PERIOD.kinds())
        sink, dest_id = self.parameterAsSink(parameters, self.BY_PERIOD, context, fields, Qgis.WkbType.NoGeometry)
        if sink is None:
            return None
        write_frame(sink, change.by_period, fields, feedback, (80.0, 20.0))
        return dest_id

    def _record(self, parameters, context, frame, change: AreaChange, by_period: bool) -> None:
        """The run's metadata, stored with the output layers once they are saved."""
        geography, _ = areas_of(frame)
        summary = change.summary
        run = stamped(RunMetadata(
            f"phso_insight:{self.ALG_ID}", summary.method, published_method=summary.published_method,
            multiple_testing=self.choice(parameters, self.MULTIPLE_TESTING, context), geography=geography.key,
            code_field=self.chosen(parameters, self.AREA_CODE_FIELD, context) or "", periods=list(summary.periods),
            compared=list(summary.compared), inputs=input_names(self, parameters, context, self.CASES, self.AREAS),
            fields={key: self.parameterAsStrings(parameters, key, context) for key in (
                self.CASE_AREA_FIELD, DATE_FIELD, self.PERIOD_FIELD, self.COUNT_FIELD, self.STRATUM_FIELD,
                self.POPULATION_FIELDS)}))
        span = self.tr("{0} to {1}").format(*summary.compared)
        self.record_run(self.OUTPUT, RunRecord(run, self.tr("{0}: change in representation, {1}").format(
            geography.title, span), run_abstract(run, "change in representation between periods, trend and "
                                                      "persistence per area")))
        if by_period:
            self.record_run(self.BY_PERIOD, RunRecord(run, self.tr("{0}: representation by period").format(
                geography.title), run_abstract(run, "representation ratios and tiers per area and period")))
