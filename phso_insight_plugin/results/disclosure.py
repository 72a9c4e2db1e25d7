"""Statistical disclosure control for published counts (NHS practice): the one policy, and what it says.

Counts are first rounded to whole numbers (apportioned counts can be fractional; halves round up).
Whole counts from ``low`` to ``high`` (1–7) are suppressed (<NA>); all others are rounded to the
nearest ``base`` (5) with halves rounded up, ``floor(x / base + 0.5) * base``: 0 → 0, 8 → 10,
12 → 10, 13 → 15. Ratios, intervals, shares and tiers are not suppressed.

The exported layers (``phso_insight:exportstyled``) and the report (``phso_insight:insightreport``)
both apply :data:`NHS_DISCLOSURE` and state it with the sentences below.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from ..errors import InputError
from ..validation import describe_rows


def _round_half_up(x: np.ndarray, base: float) -> np.ndarray:
    return np.floor(x / base + 0.5) * base


def _counts(counts: ArrayLike) -> np.ndarray:
    """Counts as a 1-D float array; InputError for text or negative counts, naming the rows."""
    try:
        x = np.atleast_1d(np.asarray(counts, dtype=float))
    except (TypeError, ValueError) as err:
        raise InputError(f"Counts must be numbers: {err}") from err
    negative = x < 0
    if negative.any():
        raise InputError(f"Counts cannot be negative: {describe_rows(negative)} with a negative count.")
    return x


def suppress_and_round(counts: ArrayLike, low: int = 1, high: int = 7, base: int = 5) -> pd.arrays.IntegerArray:
    """Publishable counts (pandas ``Int64``): <NA> where suppressed (low..high), else rounded to ``base``.

    NaN input stays <NA>; negative counts raise InputError naming the rows.
    """
    x = _counts(counts)
    missing = np.isnan(x)
    whole = _round_half_up(np.where(missing, 0.0, x), 1)
    suppressed = (whole >= low) & (whole <= high)
    return pd.arrays.IntegerArray(_round_half_up(whole, base).astype("int64"), missing | suppressed)


@dataclass(frozen=True)
class DisclosurePolicy:
    """Suppress whole counts ``low``–``high``; round the others to the nearest ``base``."""

    low: int = 1
    high: int = 7
    base: int = 5

    def publishable(self, counts: ArrayLike) -> pd.arrays.IntegerArray:
        """:func:`suppress_and_round` with this policy's thresholds."""
        return suppress_and_round(counts, self.low, self.high, self.base)

    @property
    def suppressed_text(self) -> str:
        """How a suppressed count is printed: "<8"."""
        return f"<{self.high + 1}"

    def layer_statement(self, count_fields: Sequence[str]) -> str:
        """What an exported layer's metadata says was done to ``count_fields``."""
        return (f"Publication-safe: counts of {self.low} to {self.high} are suppressed (NULL) and all other "
                f"counts are rounded to the nearest {self.base} in the fields {', '.join(count_fields)}, following "
                "NHS disclosure practice. Ratios, confidence limits and tiers are not suppressed or rounded.")

    def unrounded_layer_statement(self) -> str:
        """What an exported layer's metadata says when its counts were left exact."""
        return ("Counts are unrounded and may identify individuals: apply disclosure control "
                f"(suppress {self.low} to {self.high}, round to {self.base}) before publishing.")

    def report_statement(self, publication_safe: bool) -> str:
        """What a report says, at its top, about the counts it prints."""
        if publication_safe:
            return (f"Publication-safe: counts of {self.low} to {self.high} are shown as “{self.suppressed_text}” "
                    f"and all other counts are rounded to the nearest {self.base}, in tables and sentences alike "
                    "(NHS disclosure practice). Ratios, intervals, shares and tiers are not rounded, so rounded "
                    "counts may not add up.")
        return ("Not publication-safe: counts are shown unrounded and may identify individuals. Do not publish "
                "this report; produce it again in publication-safe mode.")


#: The policy the plugin applies: NHS practice, 1–7 suppressed, others to the nearest 5.
NHS_DISCLOSURE = DisclosurePolicy()


def disclosure_for(publication_safe: bool) -> DisclosurePolicy | None:
    """:data:`NHS_DISCLOSURE` when the output is to be publication-safe, else None (counts exact)."""
    return NHS_DISCLOSURE if publication_safe else None
