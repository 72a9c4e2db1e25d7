"""How numbers appear in the dock (pure Python; no QGIS)."""
from __future__ import annotations

import math

#: Shown where a value is missing (NULL ratio, no interval).
MISSING = "–"


def is_missing(value: float | None) -> bool:
    """True for None and NaN."""
    return value is None or (isinstance(value, float) and math.isnan(value))


def format_count(value: float | None) -> str:
    """Observed counts: whole numbers with thousands separators ("1,234"); decimals kept if present."""
    if is_missing(value):
        return MISSING
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.1f}"


def format_expected(value: float | None) -> str:
    """Expected counts, one decimal ("10.4")."""
    return MISSING if is_missing(value) else f"{value:,.1f}"


def format_ratio(value: float | None) -> str:
    """A ratio with two decimals ("1.83")."""
    return MISSING if is_missing(value) else f"{value:.2f}"


def ratio_with_interval(ratio: float | None, lower: float | None, upper: float | None) -> str:
    """ "1.83 (1.40–2.35)"; the ratio alone when the interval is missing; "–" without a ratio."""
    if is_missing(ratio):
        return MISSING
    if is_missing(lower) or is_missing(upper):
        return format_ratio(ratio)
    return f"{format_ratio(ratio)} ({format_ratio(lower)}–{format_ratio(upper)})"
