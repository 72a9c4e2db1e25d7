"""The columns of the change-over-time results, in order, with their types and meaning (as :mod:`.columns`
declares those of one pooled period).

* :data:`CHANGE`: what ``phso_insight:representationchange`` adds to every area (and
  ``grouprepresentation`` writes per group when it compares periods): the two compared periods, each
  period's counts and ratio, the ratio of ratios with its exact limits, p, q, power and tier; the trend
  over all periods; persistence.
* :data:`AREA_BY_PERIOD`: the long table, one row per area and period, with the representation columns
  of that period alone.

Ratios of ratios are dimensionless; a ratio of ratios or limit that is infinite (no case in the earlier
period) is written as NULL, and ``change_flag`` says why.
"""
from __future__ import annotations

from .columns import REPRESENTATION, Column, Columns

PERIOD_COLUMNS = (
    Column("period", "str", "the period's label (e.g. 2024/25)"),
    Column("period_start", "str", "its first day (ISO date; empty when open-ended)"),
    Column("period_end", "str", "its last day (ISO date; empty when open-ended)"),
)

#: Per area (or group): the change between two periods, the trend and persistence.
CHANGE = Columns((
    Column("period_1", "str", "the earlier period compared"),
    Column("observed_1", "float", "cases in the earlier period"),
    Column("expected_1", "float", "cases expected in the earlier period (standardised within it)"),
    Column("ratio_1", "float", "observed ÷ expected in the earlier period"),
    Column("period_2", "str", "the later period compared"),
    Column("observed_2", "float", "cases in the later period"),
    Column("expected_2", "float", "cases expected in the later period (standardised within it)"),
    Column("ratio_2", "float", "observed ÷ expected in the later period"),
    Column("ratio_of_ratios", "float", "ratio_2 ÷ ratio_1 (NULL when infinite or undefined: see change_flag)"),
    Column("rr_lcl95", "float", "lower 95% limit of the ratio of ratios (exact, Clopper–Pearson)"),
    Column("rr_ucl95", "float", "upper 95% limit of the ratio of ratios (NULL when infinite)"),
    Column("rr_lcl998", "float", "lower 99.8% limit of the ratio of ratios"),
    Column("rr_ucl998", "float", "upper 99.8% limit of the ratio of ratios (NULL when infinite)"),
    Column("change_p", "float", "two-sided p-value of the exact conditional binomial test of no change"),
    Column("change_q", "float", "Benjamini–Hochberg q-value of the change (NULL without false discovery rate control)"),
    Column("change_power", "float", "power of the 95% test to detect a doubling or a halving"),
    Column("change_tier", "int", "change tier code: 2, 1, 0, -1, -2, NULL = too few to say"),
    Column("change_label", "str", "the change tier in words"),
    Column("change_flag", "str", "why the change is infinite, empty or undefined, else empty"),
    Column("trend_z", "float", "score statistic of a log-linear trend over all periods (NULL below 3 periods)"),
    Column("trend_p", "float", "two-sided p-value of the trend"),
    Column("trend_q", "float", "Benjamini–Hochberg q-value of the trend"),
    Column("trend_power", "float", "approximate power to detect a doubling from the first to the last period"),
    Column("trend_tier", "int", "trend tier code: 2, 1, 0, -1, -2, NULL = too few to say or not tested"),
    Column("trend_label", "str", "the trend tier in words"),
    Column("persistence", "int", "1 higher than expected in every period, -1 lower in every period, else 0"),
    Column("persistence_label", "str", "persistence in words"),
))

#: The core's names (:data:`phso_insight_plugin.change.CHANGE_COLUMNS`) of the columns written under other names.
RENAMED_FROM_CORE = {"p_value": "change_p", "q_value": "change_q", "power": "change_power"}

#: One row per area and period: the representation of that period alone.
AREA_BY_PERIOD = Columns((
    Column("area", "str", "the area's code"),
    *PERIOD_COLUMNS,
    *REPRESENTATION.columns,
))

#: What the dock's chart and the report need of a change layer (besides a name field).
CHANGE_READ = ("period_1", "period_2", "observed_1", "observed_2", "ratio_1", "ratio_2", "ratio_of_ratios",
               "rr_lcl95", "rr_ucl95", "change_p", "change_tier", "change_flag", "trend_z", "trend_tier")
