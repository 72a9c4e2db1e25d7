"""Statistical disclosure control for published counts (NHS practice).

Counts are first rounded to whole numbers (apportioned counts can be
fractional; halves round up). Whole counts from ``low`` to ``high`` (1-7) are
suppressed (<NA>); all others are rounded to the nearest ``base`` (5) with
halves rounded up, ``floor(x / base + 0.5) * base``: 0 -> 0, 8 -> 10, 12 -> 10,
13 -> 15. Ratios, intervals and tiers are not suppressed.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from ._validate import as_float_array, check_non_negative


def _round_half_up(x: np.ndarray, base: float) -> np.ndarray:
    return np.floor(x / base + 0.5) * base


def suppress_and_round(counts: ArrayLike, low: int = 1, high: int = 7, base: int = 5) -> pd.arrays.IntegerArray:
    """Publishable counts (pandas ``Int64``): <NA> where suppressed (low..high), else rounded to ``base``.

    NaN input stays <NA>; negative counts raise InputError naming the rows.
    """
    x = as_float_array(counts, "counts")
    missing = np.isnan(x)
    check_non_negative(np.where(missing, 0.0, x), "counts")
    whole = _round_half_up(np.where(missing, 0.0, x), 1)
    suppressed = (whole >= low) & (whole <= high)
    return pd.arrays.IntegerArray(_round_half_up(whole, base).astype("int64"), missing | suppressed)
