"""Funnel plot control limits.

Ratios (O/E against E): an area with O events sits on a funnel limit at the
expected count E where the exact Poisson tail equals alpha/2 (PHE solves this
by bisection; here the closed form via chi-squared / incomplete gamma):

* lower limit: ``P(X <= O | E) = alpha/2``  =>  ``E = chi2.ppf(1 - alpha/2, 2O + 2) / 2``
* upper limit: ``P(X >= O | E) = alpha/2``  =>  ``E = chi2.ppf(alpha/2, 2O) / 2`` (0 at O = 0)

i.e. the exact upper / lower confidence limits of the count O. For a grid of E
the same equations are solved for a continuous O with the inverse of the
regularised incomplete gamma in its shape parameter, so the curves pass
exactly through the points above.

Proportions: ``p0 -/+ z sqrt(p0 (1 - p0) / n)`` clipped to [0, 1], the limits
PHE ``phe_funnels`` gives (its ``sigma_adjustment`` quadratic simplifies to this).
"""
from __future__ import annotations

from typing import Literal

import numpy as np
from numpy.typing import ArrayLike
from scipy import special

from ..errors import InputError
from .intervals import exact_poisson_lower, exact_poisson_upper, z_value

Side = Literal["lower", "upper"]


def ratio_funnel_expected_at_limit(observed: ArrayLike, confidence: float, side: Side) -> np.ndarray:
    """Expected count E at which O observed events sit on the funnel limit (events).

    side="lower": E where O is on the lower limit (the exact upper limit of the
    count O; PHE column ``lower_2s_exp_events`` at 95%, ``lower_3s_...`` at 99.8%).
    side="upper": E where O is on the upper limit (the exact lower limit of O).
    """
    if side == "lower":
        return exact_poisson_upper(observed, confidence)
    if side == "upper":
        return exact_poisson_lower(observed, confidence)
    raise InputError(f"side must be 'lower' or 'upper', got {side!r}")


def _poisson_funnel_ratios(e: np.ndarray, confidence: float) -> tuple[np.ndarray, np.ndarray]:
    """Exact-Poisson ratio limits at expected counts e (> 0), continuous in O."""
    tail = (1.0 - confidence) / 2.0
    # gdtrib(1, p, E) is the shape a with regularised lower gamma P(a, E) = p.
    o_lower = special.gdtrib(1.0, 1.0 - tail, e) - 1.0  # P(X <= O | E) = Q(O+1, E) = tail
    o_upper = special.gdtrib(1.0, tail, e)  # P(X >= O | E) = P(O, E) = tail
    return np.maximum(o_lower, 0.0) / e, o_upper / e


def ratio_funnel_limits(
    expected_grid: ArrayLike,
    confidence: float,
    phi: float | None = None,
    tau2: float | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Funnel limits for the ratio O/E at each expected count E (dimensionless ratios).

    Without over-dispersion: exact Poisson limits (module docstring), lower
    floored at 0. With ``phi`` (multiplicative, used only if > 1) the limits are
    ``(1 -/+ z sqrt(phi) / (2 sqrt(E)))^2``; with ``tau2`` (additive, sqrt scale)
    ``(1 -/+ z sqrt(1/(4E) + tau2))^2``; the lower is 0 where the bracket is
    negative. These match the tiers of over-dispersion-adjusted z-scores on the
    square-root scale. NaN where E <= 0.
    """
    if phi is not None and tau2 is not None:
        raise InputError("give either phi (multiplicative) or tau2 (additive) over-dispersion, not both")
    z = z_value(confidence)
    e = np.asarray(expected_grid, dtype=float)
    e = np.where(e > 0, e, np.nan)
    if phi is None and tau2 is None:
        return _poisson_funnel_ratios(e, confidence)
    if phi is not None:
        half = z * np.sqrt(max(phi, 1.0)) / (2.0 * np.sqrt(e))
    else:
        half = z * np.sqrt(1.0 / (4.0 * e) + tau2)
    return np.maximum(1.0 - half, 0.0) ** 2, (1.0 + half) ** 2


def proportion_funnel_limits(
    population: ArrayLike, baseline_proportion: float, confidence: float
) -> tuple[np.ndarray, np.ndarray]:
    """Funnel limits for a proportion at each denominator n (proportion scale, 0..1).

    ``p0 -/+ z sqrt(p0 (1 - p0) / n)`` clipped to [0, 1], where p0 is the
    baseline (overall) proportion: the proportions whose Wilson score test
    against p0 is exactly on the edge of significance. NaN where n <= 0.
    """
    if not 0.0 <= baseline_proportion <= 1.0:
        raise InputError(f"baseline proportion must be between 0 and 1, got {baseline_proportion!r}")
    z = z_value(confidence)
    n = np.asarray(population, dtype=float)
    half = z * np.sqrt(baseline_proportion * (1.0 - baseline_proportion) / np.where(n > 0, n, np.nan))
    return np.clip(baseline_proportion - half, 0.0, 1.0), np.clip(baseline_proportion + half, 0.0, 1.0)
