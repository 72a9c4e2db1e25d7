"""Representation of each unit in each period, expected counts standardised within each period.

Each period is analysed on its own by
:func:`phso_insight_plugin.stats.representation.representation`: expected counts from that
period's own cases (crude, or indirectly standardised over strata), so a rise in total demand
is not read as a local change; ratios, intervals, p-values, multiple testing and tiers exactly as
for one pooled period. Units are areas or groups alike.

Array shapes (u units, K periods, S strata):

* ``observed``: (u, K) or (u, K, S) counts;
* ``population``: (u,) or (u, S), the same in every period; or ``population_by_period``:
  (u, K) or (u, K, S); or ``expected``: (u, K) expected counts used as given (e.g. computed by
  the caller per area and group). Exactly one of the three.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from ..cancel import IsCancelled, check_cancelled
from ..errors import InputError
from ..results.columns import REPRESENTATION
from ..stats._validate import as_float_array, check_non_negative
from ..stats.representation import MultipleTesting, representation

UNIT, PERIOD = "unit", "period"
BY_PERIOD_COLUMNS = [UNIT, PERIOD, *REPRESENTATION.names]


@dataclass
class PeriodRatios:
    """``table``: long table, one row per unit and period (unit-major, columns
    :data:`BY_PERIOD_COLUMNS`); ``observed``, ``expected``: (u, K) arrays; ``tiers``: (u, K)
    float array of representation tier codes (NaN = "Too few to say"); ``summaries``: each
    period's representation summary; ``method``: how expected counts were obtained."""

    table: pd.DataFrame
    observed: np.ndarray
    expected: np.ndarray
    tiers: np.ndarray
    summaries: list = field(default_factory=list)
    method: str = ""


def _observed_cube(observed: ArrayLike, n_periods: int) -> np.ndarray:
    """(u, K, S) observed counts; a (u, K) input is one stratum."""
    obs = as_float_array(observed, "observed counts", ndim=(2, 3))
    if obs.shape[1] != n_periods:
        raise InputError(
            f"observed counts have {obs.shape[1]} period columns but {n_periods} period labels were given"
        )
    if obs.shape[0] == 0:
        raise InputError("no units to analyse: observed counts have 0 rows")
    check_non_negative(obs.reshape(obs.shape[0], -1), "observed counts", "unit index")
    return obs[:, :, None] if obs.ndim == 2 else obs


def _population_cube(population, population_by_period, shape: tuple[int, int, int]) -> np.ndarray:
    """(u, K, S) population, repeated over periods when one population serves all of them."""
    u, k, s = shape
    if population is not None:
        pop = as_float_array(population, "population", ndim=(1, 2))
        pop = pop[:, None] if pop.ndim == 1 else pop
        expected_shape, cube = (u, s), np.repeat(pop[:, None, :], k, axis=1)
    else:
        pop = as_float_array(population_by_period, "population by period", ndim=(2, 3))
        cube = pop[:, :, None] if pop.ndim == 2 else pop
        expected_shape = (u, k, s)
    if cube.shape != (u, k, s):
        raise InputError(
            f"population has shape {pop.shape}; with observed counts of shape {shape} (units x periods x "
            f"strata) it needs shape {expected_shape}"
        )
    return cube


def _inputs(observed, n_periods, population, population_by_period, expected) -> tuple:
    """Observed cube and, per period, the keyword arguments for :func:`representation`."""
    given = [x is not None for x in (population, population_by_period, expected)]
    if sum(given) != 1:
        raise InputError("give exactly one of population, population_by_period or expected counts")
    obs = _observed_cube(observed, n_periods)
    if expected is not None:
        e = as_float_array(expected, "expected counts", ndim=(2,))
        if e.shape != obs.shape[:2]:
            raise InputError(f"expected counts have shape {e.shape}; give one per unit and period {obs.shape[:2]}")
        return obs, [{"observed": obs[:, k].sum(axis=1), "expected": e[:, k]} for k in range(n_periods)]
    pop = _population_cube(population, population_by_period, obs.shape)
    return obs, [{"observed": obs[:, k], "population": pop[:, k]} for k in range(n_periods)]


def ratios_by_period(
    observed: ArrayLike,
    periods: list[str],
    units: ArrayLike | None = None,
    population: ArrayLike | None = None,
    population_by_period: ArrayLike | None = None,
    expected: ArrayLike | None = None,
    multiple_testing: MultipleTesting = "none",
    min_expected: float = 5.0,
    is_cancelled: IsCancelled = None,
) -> PeriodRatios:
    """Observed, expected, ratio, 95%/99.8% limits, p, q and tier per unit and period.

    ``periods``: one label per period column; ``units``: one label per row (default 0..u-1).
    Other parameters as in :func:`~phso_insight_plugin.stats.representation.representation`,
    applied to each period separately (Benjamini-Hochberg across the units of each period).
    """
    obs, calls = _inputs(observed, len(periods), population, population_by_period, expected)
    n_units = obs.shape[0]
    labels = np.arange(n_units) if units is None else np.asarray(units, dtype=object)
    if labels.shape != (n_units,):
        raise InputError(f"{labels.size} unit labels given for {n_units} units; give one per row")
    tables, summaries = [], []
    for k, arguments in enumerate(calls):
        check_cancelled(is_cancelled)
        result = representation(**arguments, multiple_testing=multiple_testing, min_expected=min_expected)
        tables.append(result.table.assign(**{UNIT: labels, PERIOD: periods[k]}))
        summaries.append(result.summary)
    long = pd.concat(tables, ignore_index=True)
    order = np.arange(len(long)).reshape(len(periods), n_units).T.ravel()
    long = long.iloc[order].reset_index(drop=True)[BY_PERIOD_COLUMNS]
    expected_k = np.column_stack([t["expected"].to_numpy(dtype=float) for t in tables])
    tiers = np.column_stack([t["tier"].to_numpy(dtype=float, na_value=np.nan) for t in tables])
    method = summaries[0].method.expected
    return PeriodRatios(long, obs.sum(axis=2), expected_k, tiers, summaries, method)
