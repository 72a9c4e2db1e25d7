"""Tiers of change, of trend and of persistence: codes, labels and the rules that assign them.

Codes are pandas nullable integers (``Int64``) as for representation tiers
(:mod:`phso_insight_plugin.stats.tiers`): +/-2 significant at 99.8%, +/-1 at 95%, 0 no clear
change, <NA> "Too few to say" (or undefined). Significance comes from the two-sided p-value (or
the Benjamini-Hochberg q-value): |tier| = 2 if p < 0.002, 1 if p < 0.05; the sign is the
direction of the change (of the trend).

"Too few to say" replaces 0 (never a significant tier) where the test had too little power: the
power to detect a doubling *or* a halving (``detectable_ratio``, default 2) at the 95% level is
below ``min_power`` (default 0.8). With E1 = E2 that needs about 80 cases over the two periods
(power 0.82 at n = 80, 0.79 at n = 70).

The labels, their order and the output keys are the result vocabulary's
(:mod:`phso_insight_plugin.results.change_tiers`).
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from ..errors import InputError
from ..stats.tiers import tiers_from_q


def check_power_options(min_power: float, detectable_ratio: float) -> None:
    """``min_power`` in [0, 1) and ``detectable_ratio`` > 1, else an InputError saying so."""
    if not 0.0 <= min_power < 1.0:
        raise InputError(f"min_power must be a fraction from 0 up to (not including) 1, got {min_power!r}")
    if not detectable_ratio > 1.0:
        raise InputError(f"detectable_ratio must be above 1 (e.g. 2 for a doubling), got {detectable_ratio!r}")


def significance_tiers(p: ArrayLike, direction: ArrayLike) -> pd.arrays.IntegerArray:
    """+/-2 where p < 0.002, +/-1 where p < 0.05, else 0, signed by ``direction``; <NA> where p is NaN."""
    return tiers_from_q(p, direction, np.zeros(np.shape(direction)))


def too_few_to_say(tier: ArrayLike, power: ArrayLike, min_power: float) -> pd.arrays.IntegerArray:
    """Tier 0 becomes <NA> where ``power`` < ``min_power`` or is NaN; other tiers are kept."""
    tier = pd.array(tier, dtype="Int64")
    power = np.asarray(power, dtype=float)
    weak = (tier == 0).to_numpy(dtype=bool, na_value=False) & ~(power >= min_power)
    tier = tier.copy()
    tier[weak] = pd.NA
    return tier


def tier_labels(tier: ArrayLike, labels: dict) -> np.ndarray:
    """Text label of each tier code from ``labels`` (<NA> -> ``labels[None]``)."""
    tier = pd.array(tier, dtype="Int64")
    text = np.full(len(tier), labels.get(None, ""), dtype=object)
    for code, label in labels.items():
        if code is not None:
            text[(tier == code).to_numpy(dtype=bool, na_value=False)] = label
    return text


def tier_counts(labels: ArrayLike, order: dict) -> dict[str, int]:
    """Count of each label of ``order``, in its order (labels with no unit included as 0)."""
    counts = pd.Series(np.asarray(labels, dtype=object)).value_counts()
    return {label: int(counts.get(label, 0)) for label in order.values()}


def persistence(period_tiers: ArrayLike) -> pd.arrays.IntegerArray:
    """1 where every period's representation tier is >= 1 (higher than expected at 95% or more),
    -1 where every one is <= -1, else 0 (a period with <NA>, "Too few to say", breaks persistence).

    ``period_tiers``: (units, periods) tier codes (Int64 or float with NaN).
    """
    tiers = pd.DataFrame(period_tiers).astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    high = np.all(tiers >= 1, axis=1)
    low = np.all(tiers <= -1, axis=1)
    return pd.array(np.select([high, low], [1, -1], 0), dtype="Int64")
