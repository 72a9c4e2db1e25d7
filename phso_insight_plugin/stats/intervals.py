"""Confidence intervals for counts and proportions (PHE / Fingertips methods).

All functions are vectorised: arguments broadcast like numpy arrays and the
results are float arrays. ``confidence`` is a two-sided level as a fraction
(0.95, 0.998); ``alpha = 1 - confidence`` and ``z = Phi^-1(1 - alpha/2)``.
Counts may be non-integer (apportioned across boundaries): the chi-squared and
Byar's formulas are defined for real O >= 0. NaN inputs give NaN outputs.
"""
from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike
from scipy import stats

from ..errors import InputError

#: Counts below this use exact Poisson limits, from it Byar's approximation (PHE rule).
EXACT_BELOW = 10


def z_value(confidence: float) -> float:
    """Two-sided normal quantile ``z = Phi^-1(1 - alpha/2)`` for a confidence in (0, 1)."""
    if not 0.0 < confidence < 1.0:
        raise InputError(f"confidence must be a fraction between 0 and 1 (e.g. 0.95), got {confidence!r}")
    return float(stats.norm.ppf(0.5 + confidence / 2.0))


def exact_poisson_lower(o: ArrayLike, confidence: float) -> np.ndarray:
    """Exact Poisson lower limit of a count: ``chi2.ppf(alpha/2, 2O) / 2``, and 0 when O = 0.

    Units: events (same as ``o``).
    """
    z_value(confidence)  # validates confidence
    o = np.asarray(o, dtype=float)
    alpha = 1.0 - confidence
    # Subnormal counts (< 1e-300) would make scipy return NaN; their limit is 0 anyway.
    lower = stats.chi2.ppf(alpha / 2.0, 2.0 * np.where(o > 0, np.maximum(o, 1e-300), np.nan)) / 2.0
    return np.where(o == 0, 0.0, lower)


def exact_poisson_upper(o: ArrayLike, confidence: float) -> np.ndarray:
    """Exact Poisson upper limit of a count: ``chi2.ppf(1 - alpha/2, 2O + 2) / 2`` (events)."""
    z_value(confidence)
    o = np.asarray(o, dtype=float)
    return stats.chi2.ppf(1.0 - (1.0 - confidence) / 2.0, 2.0 * o + 2.0) / 2.0


def byars_lower(o: ArrayLike, confidence: float) -> np.ndarray:
    """Byar's lower limit ``O * (1 - 1/(9O) - z/(3 sqrt(O)))**3`` (events).

    NaN where the bracket is negative (no lower limit, e.g. O = 1 at 99.8%) and at O = 0.
    """
    z = z_value(confidence)
    o = np.asarray(o, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        base = 1.0 - 1.0 / (9.0 * o) - z / (3.0 * np.sqrt(o))
        return np.where(base >= 0, o * base**3, np.nan)


def byars_upper(o: ArrayLike, confidence: float) -> np.ndarray:
    """Byar's upper limit ``(O+1) * (1 - 1/(9(O+1)) + z/(3 sqrt(O+1)))**3`` (events)."""
    z = z_value(confidence)
    o1 = np.asarray(o, dtype=float) + 1.0
    return o1 * (1.0 - 1.0 / (9.0 * o1) + z / (3.0 * np.sqrt(o1))) ** 3


def poisson_count_ci(o: ArrayLike, confidence: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """PHE rule for a count's interval: exact Poisson if O < 10, Byar's otherwise.

    Returns ``(lower, upper, method)`` where ``method`` holds "Exact" or "Byars"
    per element. Limits are in events; divide by an expected count for a ratio.
    """
    o = np.asarray(o, dtype=float)
    exact = o < EXACT_BELOW
    lower = np.where(exact, exact_poisson_lower(o, confidence), byars_lower(o, confidence))
    upper = np.where(exact, exact_poisson_upper(o, confidence), byars_upper(o, confidence))
    return lower, upper, np.where(exact, "Exact", "Byars")


def wilson_ci(x: ArrayLike, n: ArrayLike, confidence: float) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval for a proportion x/n (proportion scale, 0..1).

    ``(2x + z^2 -/+ z sqrt(z^2 + 4x(1 - x/n))) / (2(n + z^2))``; NaN where n = 0.
    """
    z = z_value(confidence)
    x = np.asarray(x, dtype=float)
    n = np.asarray(n, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        half = z * np.sqrt(z**2 + 4.0 * x * (1.0 - x / n))
        denom = 2.0 * (n + z**2)
        return (2.0 * x + z**2 - half) / denom, (2.0 * x + z**2 + half) / denom
