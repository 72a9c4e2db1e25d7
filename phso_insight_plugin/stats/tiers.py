"""Representation tiers: significance classes on the ratio O/E.

Tier codes are pandas nullable integers (``Int64``): 2 / -2 significant at
99.8%, 1 / -1 at 95%, 0 in line with the population, <NA> "too few to say"
(or undefined, e.g. no expected cases). Their labels, order and parsing are the
result vocabulary's (:mod:`phso_insight_plugin.results.tiers`).
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike
from scipy import stats

#: Two-sided levels behind tiers 1 and 2.
ALPHA_95 = 0.05
ALPHA_998 = 0.002


def _int64(values: np.ndarray, missing: np.ndarray) -> pd.arrays.IntegerArray:
    return pd.arrays.IntegerArray(values.astype("int64"), np.asarray(missing, dtype=bool))


def tiers_from_limits(
    lcl95: ArrayLike, ucl95: ArrayLike, lcl998: ArrayLike, ucl998: ArrayLike
) -> pd.arrays.IntegerArray:
    """Tiers from ratio-scale limits, PHE ``assign_funnel_significance`` order.

    99.8% lower > 1 -> 2; else 95% lower > 1 -> 1; else 99.8% upper < 1 -> -2;
    else 95% upper < 1 -> -1; else 0. <NA> where all four limits are NaN.
    """
    l95, u95, l998, u998 = (np.asarray(a, dtype=float) for a in (lcl95, ucl95, lcl998, ucl998))
    tier = np.select([l998 > 1, l95 > 1, u998 < 1, u95 < 1], [2, 1, -2, -1], 0)
    return _int64(tier, np.isnan(l95) & np.isnan(u95) & np.isnan(l998) & np.isnan(u998))


def tiers_from_q(q: ArrayLike, o: ArrayLike, e: ArrayLike) -> pd.arrays.IntegerArray:
    """Tiers from (adjusted) p- or q-values: +/-2 if q < 0.002, +/-1 if q < 0.05, else 0.

    The sign is that of O - E. <NA> where q is NaN.
    """
    q = np.asarray(q, dtype=float)
    sign = np.sign(np.asarray(o, dtype=float) - np.asarray(e, dtype=float))
    size = np.select([q < ALPHA_998, q < ALPHA_95], [2, 1], 0)
    return _int64(np.nan_to_num(sign * size), np.isnan(q))


def tiers_from_z(z: ArrayLike) -> pd.arrays.IntegerArray:
    """Tiers from z-scores: +/-2 if |z| > Phi^-1(0.999), +/-1 if |z| > Phi^-1(0.975), else 0.

    <NA> where z is NaN.
    """
    z = np.asarray(z, dtype=float)
    size = np.select(
        [np.abs(z) > stats.norm.ppf(1 - ALPHA_998 / 2), np.abs(z) > stats.norm.ppf(1 - ALPHA_95 / 2)],
        [2, 1],
        0,
    )
    return _int64(np.nan_to_num(np.sign(z) * size), np.isnan(z))


def apply_too_few_to_say(
    tier: ArrayLike, expected: ArrayLike, min_expected: float
) -> pd.arrays.IntegerArray:
    """Replace tier 0 by <NA> ("too few to say") where expected < ``min_expected``.

    Also <NA> where expected is 0 or NaN. Significant tiers (non-zero) are never
    hidden: a significant result is meaningful however small the area.
    """
    tier = pd.array(tier, dtype="Int64")
    e = np.asarray(expected, dtype=float)
    undefined = np.isnan(e) | (e <= 0)
    hide = undefined | ((tier == 0).to_numpy(dtype=bool, na_value=False) & (e < min_expected))
    return _int64(tier.to_numpy(dtype="int64", na_value=0), tier.isna() | hide)

