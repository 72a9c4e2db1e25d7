"""``grouprepresentation`` with periods: the groups compared within each period, and each group's change, trend
and persistence (:func:`phso_insight_plugin.change.groups.group_change`), written to the CHANGE and
BY_PERIOD tables. Without periods (PERIODS "None", the default) nothing here runs and the algorithm is as
before.
"""
from __future__ import annotations

from dataclasses import replace

import pandas as pd
from qgis.core import Qgis

from ..cancel import start_phase
from ..change.groups import GroupChange, group_change
from ..errors import InputError
from ..results.change_columns import CHANGE, PERIOD_COLUMNS
from ..results.columns import GROUP_REPRESENTATION
from ..results.run_metadata import RunMetadata, result_title
from .change_outputs import log_change
from .io.layers import result_fields, write_frame
from .io.run_records import RunRecord
from .period_parameters import DATE_FIELD, assigned_periods, check_periods, period_choice

CHANGE_OUTPUT, BY_PERIOD = "CHANGE", "BY_PERIOD"


def add_group_period_outputs(algorithm) -> None:
    """The two optional tables written when periods are chosen."""
    algorithm.add_sink(CHANGE_OUTPUT, "Change by group (with periods)", Qgis.ProcessingSourceType.Vector,
                       optional=True, create_by_default=False)
    algorithm.add_sink(BY_PERIOD, "Representation by group and period (with periods)",
                       Qgis.ProcessingSourceType.Vector, optional=True, create_by_default=False)


def group_period_outputs(algorithm, parameters, context, feedback, cases: pd.DataFrame, population: pd.DataFrame,
                         options: dict, run: RunMetadata) -> dict:
    """With periods chosen: compare the groups per period, write CHANGE (and BY_PERIOD when asked for), store
    ``run`` (the pooled table's metadata, with the periods) with them; their destinations. {} without periods."""
    choice = period_choice(algorithm, parameters, context)
    date = algorithm.chosen(parameters, DATE_FIELD, context)
    if not choice.wanted:
        if date:
            feedback.pushInfo(algorithm.tr("No periods chosen (PERIODS): the date field (DATE_FIELD) is not used."))
        return {}
    if not date:
        raise InputError(algorithm.tr("Comparing periods (PERIODS) needs the cases' date field (DATE_FIELD)."))
    if not algorithm.parameterAsOutputLayer(parameters, CHANGE_OUTPUT, context):
        raise InputError(algorithm.tr("Comparing periods (PERIODS) writes the change by group: choose where "
                                      "(CHANGE)."))
    dates = algorithm.read_input(parameters, "CASES", context, feedback, fields=[date], keep_features=False,
                                 what=algorithm.tr("cases")).frame[date]
    if len(dates) != len(cases):
        raise InputError(algorithm.tr("The cases changed while they were read ({0} rows, then {1}); run again.")
                         .format(len(cases), len(dates)))
    periods = assigned_periods(algorithm, choice, dates)
    check_periods(algorithm, choice, periods)
    start_phase(feedback, algorithm.tr("Comparing groups in {0} periods…").format(len(periods.labels)))
    change = group_change(cases, population, periods, dates, choice.compare, is_cancelled=feedback.isCanceled,
                          **options)
    log_change(feedback, change.summary)
    return _write(algorithm, parameters, context, feedback, change, run)


def _write(algorithm, parameters, context, feedback, change: GroupChange, run: RunMetadata) -> dict:
    """Write the change and by-period tables and record the run with each."""
    summary = change.summary
    written = {}
    kinds = {**GROUP_REPRESENTATION.kinds(c for c in change.change.columns if c in GROUP_REPRESENTATION),
             **CHANGE.kinds()}
    by_period_kinds = {**{c.name: c.kind for c in PERIOD_COLUMNS}, **GROUP_REPRESENTATION.kinds(
        c for c in change.by_period.columns if c in GROUP_REPRESENTATION)}
    for key, table, table_kinds in ((CHANGE_OUTPUT, change.change, kinds), (BY_PERIOD, change.by_period,
                                                                            by_period_kinds)):
        fields = result_fields(table, table_kinds)
        sink, dest_id = algorithm.parameterAsSink(parameters, key, context, fields, Qgis.WkbType.NoGeometry)
        if sink is None:
            continue
        write_frame(sink, table, fields, feedback)
        written[key] = dest_id
    periodic = replace(run, method=summary.method, published_method=summary.published_method,
                       periods=list(summary.periods), compared=list(summary.compared))
    for key in written:
        algorithm.record_run(key, RunRecord(periodic, algorithm.tr("{0}: change between periods").format(
            result_title(periodic)), algorithm.tr("{0}: each group's change between periods, trend and persistence, "
                                                  "computed by PHSO Insight. Method: {1}").format(
            result_title(periodic), periodic.method)))
    return written
