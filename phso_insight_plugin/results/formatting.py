"""Numbers as the plugin prints them, in the report, the dock and the maps alike.

Counts are whole numbers with thousands separators (apportioned counts, which can be fractional,
are rounded half up); under a :class:`~.disclosure.DisclosurePolicy` they are suppressed ("<8")
or rounded to the nearest 5. Expected counts have one decimal place (a model value, not a count of
people), ratios two; a ratio's 95% interval reads "1.43 (1.33 to 1.53)". Missing values print "–".
"""
from __future__ import annotations

import math

import pandas as pd

from .disclosure import DisclosurePolicy

#: Printed where a value is missing (NULL ratio, no interval, no count).
MISSING = "–"


def is_missing(value: object) -> bool:
    """True for None and NaN (what a NULL attribute becomes)."""
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def count_text(value: float | None, disclosure: DisclosurePolicy | None = None) -> str:
    """A count: the nearest whole number ("4,952"), or under ``disclosure`` "<8" / the nearest 5 ("4,950")."""
    if is_missing(value):
        return MISSING
    if disclosure is None:
        return f"{math.floor(float(value) + 0.5):,d}"
    safe = disclosure.publishable([value])[0]
    return disclosure.suppressed_text if pd.isna(safe) else f"{int(safe):,d}"


def expected_text(value: float | None) -> str:
    """An expected count to one decimal place ("18.4")."""
    return MISSING if is_missing(value) else f"{value:,.1f}"


def ratio_text(value: float | None) -> str:
    """A ratio to two decimal places ("1.43")."""
    return MISSING if is_missing(value) else f"{value:.2f}"


def ratio_with_interval(ratio: float | None, lower: float | None, upper: float | None) -> str:
    """ "1.43 (1.33 to 1.53)": the ratio and its 95% interval; the ratio alone without an interval; "–"
    without a ratio."""
    if is_missing(ratio):
        return MISSING
    if is_missing(lower) or is_missing(upper):
        return ratio_text(ratio)
    return f"{ratio_text(ratio)} ({ratio_text(lower)} to {ratio_text(upper)})"


def share_text(value: float | None) -> str:
    """A share as a percentage: whole numbers from 10%, one decimal place below ("7.4%")."""
    if is_missing(value):
        return MISSING
    percent = 100.0 * value
    return f"{percent:.0f}%" if percent >= 9.95 or percent == 0 else f"{percent:.1f}%"


def times_text(ratio: float) -> str:
    """ "1.43 times" (the ratio said in words)."""
    return f"{ratio_text(ratio)} times"


def how_many(n: int, singular: str, plural: str) -> str:
    """ "1 constituency", "8 constituencies"."""
    return f"{n:,d} {singular if n == 1 else plural}"


def cases_words(value: float, disclosure: DisclosurePolicy | None = None) -> str:
    """A number of cases in a sentence: "4,950 cases", "1 case", "fewer than 8 cases"."""
    text = count_text(value, disclosure)
    if disclosure is not None and text == disclosure.suppressed_text:
        return f"fewer than {disclosure.high + 1} cases"
    return f"{text} {'case' if text == '1' else 'cases'}"
