r"""Trend over three or more periods: score test for a log-linear trend in Poisson counts.

For one unit with observed counts :math:`O_k` and expected counts :math:`E_k` in periods
k = 1..K with scores :math:`t_k` (default 0, 1, ..., K-1: equally spaced periods), the model
:math:`O_k \sim \mathrm{Poisson}(\theta\, e^{\beta t_k} E_k)` with the expected counts as
offset is tested for :math:`\beta = 0` by the score test (Breslow & Day 1987, *Statistical
Methods in Cancer Research* vol. II, ch. 3, test for trend in SMRs). With the expected counts
rescaled to the unit's total, :math:`E^*_k = E_k \sum_j O_j / \sum_j E_j`,

.. math::

    U = \sum_k t_k (O_k - E^*_k), \qquad
    V = \sum_k t_k^2 E^*_k - \frac{(\sum_k t_k E^*_k)^2}{\sum_k E^*_k}, \qquad
    z = U / \sqrt{V},

two-sided :math:`p = 2(1 - \Phi(|z|))`. z > 0: the unit's ratio O/E rises over the periods.

Power (for "Too few to say", as for the change between two periods): the approximate power of
the 95% test against a ratio that changes by ``detectable_ratio`` (default: doubles) from the
first to the last period, :math:`\beta_1 = \ln(\text{ratio}) / (t_K - t_1)`:
:math:`\Phi(\beta_1\sqrt{V} - z_{0.975}) + \Phi(-\beta_1\sqrt{V} - z_{0.975})`.
Undefined (NaN, "Too few to say") where the unit has no case or no expected case.

For a group (expected = its population share of each period's cases) the test treats the group's
counts as Poisson, ignoring that each period's total is fixed; against a binomial trend test
(Cochran-Armitage) it is conservative by about :math:`\sqrt{1 - s}` in z for a group holding a
share s of the cases (z 5.4 instead of about 6.7 for a third).
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike
from scipy import stats

from ..errors import InputError
from ..results.change_tiers import TREND_TIER_LABELS
from ..stats._validate import as_float_array, check_non_negative
from ..stats.representation import MultipleTesting
from ..stats.significance import benjamini_hochberg, normal_p_value
from .tiers import check_power_options, significance_tiers, tier_labels, too_few_to_say

TREND_COLUMNS = ["trend_z", "trend_p", "trend_q", "trend_power", "trend_tier", "trend_label"]
#: Fewest periods a trend is tested over.
MIN_TREND_PERIODS = 3


def _scores(scores: ArrayLike | None, n_periods: int) -> np.ndarray:
    """Period scores t_k (default 0..K-1), validated: K finite values, not all equal."""
    if scores is None:
        return np.arange(n_periods, dtype=float)
    t = as_float_array(scores, "period scores")
    if t.size != n_periods or not np.isfinite(t).all() or np.ptp(t) == 0:
        raise InputError(f"give {n_periods} finite period scores that are not all equal, got {list(t)}")
    return t


def score_statistics(
    observed: ArrayLike, expected: ArrayLike, scores: ArrayLike | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Score U and its null variance V per unit (module docstring); NaN where sum O or sum E is 0.

    ``observed`` and ``expected``: (units, periods) arrays of counts.
    """
    o = as_float_array(observed, "observed counts", ndim=(2,))
    e = as_float_array(expected, "expected counts", ndim=(2,))
    if o.shape != e.shape:
        raise InputError(f"observed counts {o.shape} and expected counts {e.shape} must both be units x periods")
    check_non_negative(o, "observed counts", "unit index")
    check_non_negative(e, "expected counts", "unit index")
    t = _scores(scores, o.shape[1])
    total_o, total_e = o.sum(axis=1, keepdims=True), e.sum(axis=1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        e_star = np.where(total_e > 0, e * total_o / total_e, np.nan)
        u = ((o - e_star) * t).sum(axis=1)
        v = (e_star * t**2).sum(axis=1) - (e_star * t).sum(axis=1) ** 2 / e_star.sum(axis=1)
    defined = (total_o[:, 0] > 0) & (total_e[:, 0] > 0)
    return np.where(defined, u, np.nan), np.where(defined, v, np.nan)


def trend_test(
    observed: ArrayLike,
    expected: ArrayLike,
    scores: ArrayLike | None = None,
    multiple_testing: MultipleTesting = "none",
    min_power: float = 0.8,
    detectable_ratio: float = 2.0,
) -> pd.DataFrame:
    """Score test for a log-linear trend per unit, with power and tier (module docstring).

    Parameters
    ----------
    observed, expected : (units, periods) counts, expected standardised within each period.
    scores : optional period scores t_k (e.g. mid-points in years for unequal periods).
    multiple_testing : "none" or "bh" (Benjamini-Hochberg across units).
    min_power, detectable_ratio : "Too few to say" rule (see :mod:`.tiers`).

    Returns
    -------
    pandas.DataFrame
        one row per unit, columns :data:`TREND_COLUMNS`.
    """
    if multiple_testing not in ("none", "bh"):
        raise InputError(f"multiple_testing must be 'none' or 'bh', got {multiple_testing!r}")
    check_power_options(min_power, detectable_ratio)
    n_periods = np.shape(observed)[1] if np.ndim(observed) == 2 else 0
    if n_periods < MIN_TREND_PERIODS:
        raise InputError(f"a trend needs at least {MIN_TREND_PERIODS} periods, got {n_periods}")
    u, v = score_statistics(observed, expected, scores)
    t = _scores(scores, n_periods)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(v > 0, u / np.sqrt(v), np.nan)
        shift = np.log(detectable_ratio) / np.ptp(t) * np.sqrt(v)
    critical = stats.norm.ppf(0.975)
    power = stats.norm.cdf(shift - critical) + stats.norm.cdf(-shift - critical)
    p = normal_p_value(z)
    q = benjamini_hochberg(p) if multiple_testing == "bh" else np.full_like(p, np.nan)
    tier = too_few_to_say(significance_tiers(q if multiple_testing == "bh" else p, np.nan_to_num(z)), power, min_power)
    return pd.DataFrame({
        "trend_z": z, "trend_p": p, "trend_q": q, "trend_power": power,
        "trend_tier": tier, "trend_label": tier_labels(tier, TREND_TIER_LABELS),
    })[TREND_COLUMNS]
