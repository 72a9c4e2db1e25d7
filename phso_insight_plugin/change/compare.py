"""Change of each unit's ratio between two periods: ratio of ratios, exact test, tiers.

A unit is an area or a group: anything with observed and expected counts in both periods (the
expected counts standardised within each period, see :mod:`.by_period`). See :mod:`.binomial`
for the test and :mod:`.tiers` for the tier rules.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from ..errors import InputError
from ..results.change_tiers import CHANGE_TIER_LABELS
from ..stats._validate import as_float_array, check_non_negative
from ..stats.representation import CONFIDENCE_95, CONFIDENCE_998, MultipleTesting
from ..stats.significance import benjamini_hochberg
from .binomial import (
    TwoSided,
    clopper_pearson,
    detection_power,
    null_proportion,
    ratio_from_proportion,
    two_sided_p_value,
)
from .tiers import check_power_options, significance_tiers, tier_labels, too_few_to_say

FLAG_UNDEFINED = "expected is zero in a compared period: change undefined"
FLAG_NO_CASES = "no cases in either period"
FLAG_NONE_BEFORE = "no cases in the earlier period: ratio of ratios infinite"
CHANGE_COLUMNS = [
    "observed_1", "expected_1", "ratio_1", "observed_2", "expected_2", "ratio_2",
    "ratio_of_ratios", "rr_lcl95", "rr_ucl95", "rr_lcl998", "rr_ucl998",
    "p_value", "q_value", "power", "change_tier", "change_label", "change_flag",
]


def _counts(values: ArrayLike, name: str, n: int | None) -> np.ndarray:
    """A validated 1-D array of non-negative counts (one per unit)."""
    arr = as_float_array(values, name)
    if n is not None and arr.size != n:
        raise InputError(f"{name} has {arr.size} values for {n} units; give one per unit")
    check_non_negative(arr, name, "unit index")
    return arr


def _flags(o1: np.ndarray, o2: np.ndarray, pi0: np.ndarray) -> np.ndarray:
    """Why a unit's change is undefined, empty or infinite ('' otherwise)."""
    return np.select(
        [np.isnan(pi0), (o1 + o2) == 0, o1 == 0],
        [FLAG_UNDEFINED, FLAG_NO_CASES, FLAG_NONE_BEFORE],
        "",
    ).astype(object)


def _limits(o2: np.ndarray, n: np.ndarray, e1: np.ndarray, e2: np.ndarray) -> dict[str, np.ndarray]:
    """Clopper-Pearson limits for the later period's share, as limits for the ratio of ratios."""
    limits = {}
    for confidence, suffix in ((CONFIDENCE_95, "95"), (CONFIDENCE_998, "998")):
        lower, upper = clopper_pearson(o2, n, confidence)
        limits[f"rr_lcl{suffix}"] = ratio_from_proportion(lower, e1, e2)
        limits[f"rr_ucl{suffix}"] = ratio_from_proportion(upper, e1, e2)
    return limits


def compare_periods(
    observed_1: ArrayLike,
    expected_1: ArrayLike,
    observed_2: ArrayLike,
    expected_2: ArrayLike,
    multiple_testing: MultipleTesting = "none",
    two_sided: TwoSided = "central",
    min_power: float = 0.8,
    detectable_ratio: float = 2.0,
) -> pd.DataFrame:
    """Ratio of ratios ``RR = (O2/E2) / (O1/E1)`` per unit with exact limits, p-value and tier.

    Parameters
    ----------
    observed_1, expected_1 : counts in the earlier period, one per unit (events).
    observed_2, expected_2 : counts in the later period.
    multiple_testing : "none" (tiers from p) or "bh" (Benjamini-Hochberg q-values across units).
    two_sided : "central" (twice the smaller tail; default) or "minlike" (R's binom.test).
    min_power, detectable_ratio : "Too few to say" where not significant and the power to detect
        RR = ``detectable_ratio`` or 1/``detectable_ratio`` at 95% is below ``min_power``.

    Returns
    -------
    pandas.DataFrame
        one row per unit, columns :data:`CHANGE_COLUMNS`: the counts and each period's ratio
        O/E, ``ratio_of_ratios`` with Clopper-Pearson limits at 95% and 99.8%, ``p_value``,
        ``q_value`` (NaN without "bh"), ``power`` (the smaller of the powers against RR and
        1/RR), ``change_tier`` (Int64) and ``change_label``, and ``change_flag`` saying why a
        result is undefined (E1 or E2 = 0), empty (no cases) or infinite (O1 = 0).
    """
    if multiple_testing not in ("none", "bh"):
        raise InputError(f"multiple_testing must be 'none' or 'bh', got {multiple_testing!r}")
    check_power_options(min_power, detectable_ratio)
    o1 = _counts(observed_1, "observed counts of the earlier period", None)
    e1, o2, e2 = (_counts(v, name, o1.size) for v, name in (
        (expected_1, "expected counts of the earlier period"),
        (observed_2, "observed counts of the later period"),
        (expected_2, "expected counts of the later period")))
    n, pi0 = o1 + o2, null_proportion(e1, e2)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio_1, ratio_2 = np.where(e1 > 0, o1 / e1, np.nan), np.where(e2 > 0, o2 / e2, np.nan)
        rr = np.where(np.isnan(pi0) | (n == 0), np.nan, ratio_from_proportion(o2 / np.where(n > 0, n, 1), e1, e2))
    p = two_sided_p_value(o2, n, pi0, two_sided)
    q = benjamini_hochberg(p) if multiple_testing == "bh" else np.full_like(p, np.nan)
    power = np.minimum(detection_power(n, pi0, detectable_ratio), detection_power(n, pi0, 1.0 / detectable_ratio))
    tier = significance_tiers(q if multiple_testing == "bh" else p, o2 * e1 - o1 * e2)
    tier = too_few_to_say(tier, power, min_power)
    table = pd.DataFrame({
        "observed_1": o1, "expected_1": e1, "ratio_1": ratio_1,
        "observed_2": o2, "expected_2": e2, "ratio_2": ratio_2,
        "ratio_of_ratios": rr, **_limits(o2, n, e1, e2),
        "p_value": p, "q_value": q, "power": power,
        "change_tier": tier, "change_label": tier_labels(tier, CHANGE_TIER_LABELS),
        "change_flag": _flags(o1, o2, pi0),
    })
    return table[CHANGE_COLUMNS]
