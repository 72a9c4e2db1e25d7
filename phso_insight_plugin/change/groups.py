"""Change over time of groups: are disabled people's cases catching up with their population share? (pure)

The cases of each period are compared by :func:`phso_insight_plugin.groups.representation.group_representation`
on their own (case shares against population shares, standardised as asked, per area when asked), so a
period's expected counts come from that period's cases alone. Each group's (or area × group's) observed and
expected counts per period then go to :func:`.analysis.representation_change`: the change between two periods
(the last two by default), the trend over all periods and persistence, as for areas.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from ..cancel import IsCancelled, check_cancelled
from ..groups.case_groups import CASES
from ..groups.population import AREA, GROUP
from ..groups.representation import NOT_COMPARED, group_representation
from ..results.change_summary import ChangeSummary
from .analysis import ChangeResult, representation_change
from .areas import change_layer_table, change_summary, date_reasons, exclusions_sentence, period_bounds
from .by_period import PERIOD
from .periods import EXCLUSION_REASONS, PeriodAssignment

#: How the groups' expected counts of each period are obtained, said first in the method sentence.
GROUP_EXPECTED = ("Each group's expected cases from its share of the population, applied to the period's cases "
                  "with a known group (standardised and per area as in the table of all periods)")


@dataclass(frozen=True)
class GroupChange:
    """``change``: one row per compared group (per area: ``area`` first), ``group``, then the change columns of
    :data:`~phso_insight_plugin.results.change_columns.CHANGE`; ``by_period``: the group table of each period,
    with ``period``, ``period_start`` and ``period_end`` first; ``summary``: tiers, periods and exclusions."""

    change: pd.DataFrame
    by_period: pd.DataFrame
    summary: ChangeSummary
    result: ChangeResult


def _period_tables(cases: pd.DataFrame, population: pd.DataFrame, periods: PeriodAssignment, options: dict,
                   is_cancelled: IsCancelled) -> list[pd.DataFrame]:
    """Each period's group table (an empty frame for a period without cases)."""
    tables = []
    for k, label in enumerate(periods.labels):
        check_cancelled(is_cancelled)
        rows = cases[periods.period == k]
        table = group_representation(rows, population, is_cancelled=is_cancelled, **options).table \
            if len(rows) else pd.DataFrame()
        tables.append(table.assign(**{PERIOD: label}))
    return tables


def _cells(tables: list[pd.DataFrame], keys: list[str]) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """The compared cells of any period (in order of first appearance), their cases and expected counts per period
    (0 in a period where the cell was not compared)."""
    compared = [t[t["tier_label"] != NOT_COMPARED] if len(t) else t for t in tables]
    cells = pd.concat([t[keys] for t in compared if len(t)], ignore_index=True).drop_duplicates(ignore_index=True)
    index = pd.MultiIndex.from_frame(cells)
    observed, expected = np.zeros((len(cells), len(tables))), np.zeros((len(cells), len(tables)))
    for k, table in enumerate(compared):
        if len(table):
            at = index.get_indexer(pd.MultiIndex.from_frame(table[keys]))
            observed[at, k], expected[at, k] = table[CASES].to_numpy(float), table["expected"].to_numpy(float)
    return cells, observed, expected


def group_change(cases: pd.DataFrame, population: pd.DataFrame, periods: PeriodAssignment, dates: ArrayLike,
                 compare: tuple | None = None, multiple_testing: str = "bh", min_expected: float = 5.0,
                 is_cancelled: IsCancelled = None) -> GroupChange:
    """Representation of groups per period, and each group's change, trend and persistence over the periods.

    ``cases`` and ``population`` as for :func:`~phso_insight_plugin.groups.representation.group_representation`
    (one row of ``cases`` per input row); ``periods`` the period of each row, read from its ``dates`` (named in
    the exclusions). Cases whose date put them in no period are left out and reported in the summary.
    """
    options = {"multiple_testing": multiple_testing, "min_expected": min_expected}
    tables = _period_tables(cases, population, periods, options, is_cancelled)
    keys = [AREA, GROUP] if any(AREA in t.columns for t in tables) else [GROUP]
    cells, observed, expected = _cells(tables, keys)
    result = representation_change(observed, periods.labels, compare=compare, expected=expected,
                                   multiple_testing=multiple_testing, min_expected=min_expected,
                                   is_cancelled=is_cancelled, expected_clause=GROUP_EXPECTED)
    change = pd.concat([cells, change_layer_table(result)], axis=1)
    bounds = period_bounds(periods)
    by_period = pd.concat([t for t in tables if len(t)], ignore_index=True)
    by_period.insert(0, "period_end", [bounds[p][1] for p in by_period[PERIOD]])
    by_period.insert(0, "period_start", [bounds[p][0] for p in by_period[PERIOD]])
    by_period.insert(0, PERIOD, by_period.pop(PERIOD))
    reason = date_reasons(periods)
    weights = cases[CASES].to_numpy(dtype=float)
    exclusions = exclusions_sentence(reason, weights, dict.fromkeys(EXCLUSION_REASONS.values(), dates))
    summary = change_summary(result, reason, weights, exclusions, observed.sum(axis=0),
                             tuple(EXCLUSION_REASONS.values()))
    return GroupChange(change, by_period, summary, result)
