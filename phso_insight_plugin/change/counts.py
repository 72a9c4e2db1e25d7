"""Counting cases by unit, period and stratum: the observed array of :mod:`.analysis` from case rows.

One row per case with its unit (an area code, or a group label), its period (from
:func:`~.periods.assign_periods`; -1 = excluded, already reported there) and optionally its
stratum (e.g. age band) and a weight (e.g. an apportioned fraction of a case).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from ..errors import InputError
from ..stats._validate import as_float_array, check_non_negative


@dataclass(frozen=True)
class CountCube:
    """``observed``: (units, periods, strata) counts; ``units``, ``strata``: their labels
    (``strata`` is ``[None]`` without a stratum); ``unmatched``: 0-based positions of the rows in a
    period whose unit is not among ``units`` (not counted: report them)."""

    observed: np.ndarray
    units: np.ndarray
    strata: list
    unmatched: np.ndarray


def _stratum_index(stratum: pd.Series, strata: list | None, counted: np.ndarray) -> tuple[np.ndarray, list]:
    """Stratum position of each row and the strata; an InputError names strata that are not known."""
    if strata is None:
        strata = sorted(stratum[counted].dropna().unique().tolist())
    index = pd.Index(strata).get_indexer(stratum)
    unknown = stratum[counted & (index < 0)]
    if len(unknown):
        listed = ", ".join(f"{label!r} ({n} cases)" for label, n in unknown.value_counts(dropna=False).head(10).items())
        raise InputError(f"strata of the cases not among the population's strata {strata}: {listed}")
    return index, list(strata)


def tabulate(
    unit: ArrayLike,
    period: ArrayLike,
    n_periods: int,
    units: ArrayLike | None = None,
    stratum: ArrayLike | None = None,
    strata: list | None = None,
    weight: ArrayLike | None = None,
) -> CountCube:
    """Sum of ``weight`` (default 1 per row) by unit, period and stratum.

    Parameters
    ----------
    unit : unit of each row (matched exactly to ``units``).
    period : period position of each row; rows with -1 (excluded) are not counted.
    n_periods : number of periods (so periods without any case are columns of zeros).
    units : all units in output order, including those without cases (default: the sorted units
        of the counted rows).
    stratum, strata : optional stratum of each row and the strata in output order (default:
        sorted); a counted row with a stratum not in ``strata`` is an error.
    weight : optional non-negative weight per row.
    """
    unit = pd.Series(np.asarray(unit, dtype=object))
    period = np.asarray(period, dtype=np.int64)
    if len(unit) != period.size:
        raise InputError(f"{len(unit)} units given for {period.size} period positions; give one per case")
    counted = (period >= 0) & (period < n_periods)
    labels = np.asarray(sorted(unit[counted].unique().tolist()) if units is None else units, dtype=object)
    u = pd.Index(labels).get_indexer(unit)
    unmatched = np.flatnonzero(counted & (u < 0))
    if stratum is None:
        s, strata = np.zeros(period.size, dtype=np.int64), [None]
    else:
        s, strata = _stratum_index(pd.Series(np.asarray(stratum, dtype=object)), strata, counted & (u >= 0))
    w = np.ones(period.size) if weight is None else as_float_array(weight, "case weights")
    if w.size != period.size:
        raise InputError(f"{w.size} case weights given for {period.size} cases; give one per case")
    check_non_negative(w, "case weights", "row")
    keep = counted & (u >= 0)
    flat = (u[keep] * n_periods + period[keep]) * len(strata) + s[keep]
    cube = np.bincount(flat, weights=w[keep], minlength=labels.size * n_periods * len(strata))
    return CountCube(cube.reshape(labels.size, n_periods, len(strata)), labels, strata, unmatched)
