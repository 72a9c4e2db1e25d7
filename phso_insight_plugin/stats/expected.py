"""Expected counts by crude or indirect standardisation.

For areas a and strata k (age bands, sexes ...), with observed counts O[a, k]
and populations P[a, k] (persons):

* reference rates ``r_k = O_k,ref / P_k,ref`` (events per person), by default
  the column totals of the input itself;
* expected count ``E_a = sum_k r_k * P[a, k]`` (events).

With one stratum this is the crude expectation ``E_a = O_total * P_a / P_total``.
"""
from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from ..errors import InputError
from ._validate import as_float_array, check_non_negative, describe_rows


def _as_matrix(values: ArrayLike, name: str) -> np.ndarray:
    """Areas x strata float matrix; a 1-D input is one stratum."""
    arr = as_float_array(values, name, ndim=(1, 2))
    return arr[:, None] if arr.ndim == 1 else arr


def reference_rates_from_counts(ref_counts: ArrayLike, ref_pops: ArrayLike) -> np.ndarray:
    """Reference rates ``r_k = count_k / population_k`` (events per person), one per stratum.

    A stratum with zero population and zero count has rate 0; zero population with
    a non-zero count is an error naming the stratum.
    """
    counts = as_float_array(ref_counts, "reference counts")
    pops = as_float_array(ref_pops, "reference populations")
    if counts.shape != pops.shape:
        raise InputError(
            f"reference counts ({counts.size} strata) and reference populations "
            f"({pops.size} strata) must have the same length"
        )
    check_non_negative(counts, "reference counts", "stratum column")
    check_non_negative(pops, "reference populations", "stratum column")
    orphan = np.nonzero((pops == 0) & (counts > 0))[0]
    if orphan.size:
        raise InputError(
            f"{orphan.size} stratum/strata have cases but zero reference population "
            f"(stratum column {describe_rows(orphan)}); a rate cannot be computed there"
        )
    if pops.sum() <= 0:
        raise InputError(f"total reference population is zero across all {pops.size} strata")
    return np.divide(counts, pops, out=np.zeros_like(counts), where=pops > 0)


def validated_counts(observed: ArrayLike, population: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """Observed counts and populations as (n_areas, k) float matrices (a 1-D input is one stratum).

    Raises InputError for mismatched shapes, no rows, negative/NaN/infinite values (naming the strata
    columns and area indices) or a zero total population.
    """
    obs = _as_matrix(observed, "observed counts")
    pop = _as_matrix(population, "population")
    if obs.shape != pop.shape:
        raise InputError(
            f"observed counts have shape {obs.shape} (areas x strata) but population has "
            f"shape {pop.shape}; both need one row per area and one column per stratum"
        )
    if obs.shape[0] == 0:
        raise InputError("no areas to analyse: observed counts have 0 rows")
    check_non_negative(obs, "observed counts")
    check_non_negative(pop, "population")
    if pop.sum() <= 0:
        raise InputError(f"total population is zero over all {pop.shape[0]} rows")
    return obs, pop


def expected_counts(
    observed: ArrayLike,
    population: ArrayLike,
    reference_rates: ArrayLike | None = None,
) -> np.ndarray:
    """Expected count per area, ``E_a = sum_k r_k * P[a, k]`` (events).

    Parameters
    ----------
    observed : (n_areas, k) or (n_areas,) observed counts; its column totals give
        the reference rates unless ``reference_rates`` is given.
    population : same shape as ``observed``; persons at risk.
    reference_rates : optional (k,) events per person for each stratum.

    Raises InputError for mismatched shapes, negative/NaN/infinite values (naming
    the strata columns and area indices), a zero total population, or a stratum
    with cases but no population.
    """
    obs, pop = validated_counts(observed, population)
    if reference_rates is None:
        rates = reference_rates_from_counts(obs.sum(axis=0), pop.sum(axis=0))
    else:
        rates = as_float_array(reference_rates, "reference rates")
        if rates.shape != (pop.shape[1],):
            raise InputError(
                f"{rates.size} reference rates given for {pop.shape[1]} strata; "
                "give one rate per stratum column"
            )
        check_non_negative(rates, "reference rates", "stratum column")
    return pop @ rates
