"""Numbers as the report prints them: counts, expected counts, ratios with intervals, shares.

In publication-safe mode every count goes through :func:`stats.disclosure.suppress_and_round`
(NHS practice): 1–7 is printed "<8", anything else to the nearest 5. Ratios, intervals, shares
and expected counts are printed as they are.
"""
from __future__ import annotations

import math

import pandas as pd

from ..stats.disclosure import suppress_and_round

SUPPRESS_LOW, SUPPRESS_HIGH, ROUND_BASE = 1, 7, 5
SUPPRESSED = f"<{SUPPRESS_HIGH + 1}"
NOT_AVAILABLE = "–"


def is_missing(value) -> bool:
    """True for None and NaN (what a NULL attribute becomes)."""
    return value is None or (isinstance(value, float) and math.isnan(value))


def count_text(value: float | None, publication_safe: bool) -> str:
    """A count as printed: "<8" or the nearest 5 when publication-safe, else the nearest whole
    number (apportioned counts can be fractional); thousands separated; "–" when missing."""
    if is_missing(value):
        return NOT_AVAILABLE
    if not publication_safe:
        return f"{math.floor(value + 0.5):,d}"
    safe = suppress_and_round([value], SUPPRESS_LOW, SUPPRESS_HIGH, ROUND_BASE)[0]
    return SUPPRESSED if pd.isna(safe) else f"{int(safe):,d}"


def expected_text(value: float | None) -> str:
    """An expected count to one decimal place (it is a model value, not a count of people)."""
    return NOT_AVAILABLE if is_missing(value) else f"{value:,.1f}"


def ratio_text(value: float | None) -> str:
    """A ratio to two decimal places."""
    return NOT_AVAILABLE if is_missing(value) else f"{value:.2f}"


def ratio_with_interval(ratio: float | None, lower: float | None, upper: float | None) -> str:
    """'1.43 (1.33 to 1.53)': the ratio and its 95% interval."""
    if is_missing(lower) or is_missing(upper):
        return ratio_text(ratio)
    return f"{ratio_text(ratio)} ({ratio_text(lower)} to {ratio_text(upper)})"


def share_text(value: float | None) -> str:
    """A share as a percentage: whole numbers from 10%, one decimal place below ('7.4%')."""
    if is_missing(value):
        return NOT_AVAILABLE
    percent = 100.0 * value
    return f"{percent:.0f}%" if percent >= 9.95 or percent == 0 else f"{percent:.1f}%"


def times_text(ratio: float) -> str:
    """'1.43 times' (the ratio said in words)."""
    return f"{ratio_text(ratio)} times"


def how_many(n: int, singular: str, plural: str) -> str:
    """'1 constituency', '8 constituencies'."""
    return f"{n:,d} {singular if n == 1 else plural}"


def cases_words(value: float, publication_safe: bool) -> str:
    """A number of cases in a sentence: '4,950 cases', '1 case', 'fewer than 8 cases'."""
    text = count_text(value, publication_safe)
    if text == SUPPRESSED:
        return f"fewer than {SUPPRESS_HIGH + 1} cases"
    return f"{text} {'case' if text == '1' else 'cases'}"
