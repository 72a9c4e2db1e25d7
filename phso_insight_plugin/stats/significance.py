"""Significance tests for observed vs expected counts.

* Two-sided exact Poisson p-values (doubling the smaller tail).
* Benjamini-Hochberg false discovery rate q-values.
* z-scores on a variance-stabilising scale (Spiegelhalter 2005), used for
  over-dispersion and funnel plots.
"""
from __future__ import annotations

from typing import Literal

import numpy as np
from numpy.typing import ArrayLike
from scipy import special, stats

from ..errors import InputError

Transform = Literal["sqrt", "log"]


def poisson_p_value(o: ArrayLike, e: ArrayLike) -> np.ndarray:
    """Two-sided exact Poisson p-value of observing O events when E are expected.

    ``p = min(1, 2 * min(P(X <= O), P(X >= O)))`` with ``X ~ Poisson(E)``: the
    doubling convention (the smaller tail doubled), which makes p < alpha exactly
    when E lies outside the exact (chi-squared) 1 - alpha interval of O. Tails are
    written as regularised incomplete gamma functions,
    ``P(X <= O) = Q(O + 1, E)`` and ``P(X >= O) = P(O, E)`` (1 at O = 0), so
    non-integer (apportioned) counts are handled continuously. NaN where E <= 0
    or either input is NaN.
    """
    o = np.asarray(o, dtype=float)
    e = np.asarray(e, dtype=float)
    e_ok = np.where(e > 0, e, np.nan)
    lower_tail = special.gammaincc(o + 1.0, e_ok)
    upper_tail = np.where(o == 0, 1.0, special.gammainc(np.where(o > 0, o, np.nan), e_ok))
    return np.where(np.isnan(e_ok), np.nan, np.minimum(1.0, 2.0 * np.minimum(lower_tail, upper_tail)))


def normal_p_value(z: ArrayLike) -> np.ndarray:
    """Two-sided p-value of a standard normal score: ``2 * (1 - Phi(|z|))``; NaN stays NaN."""
    return 2.0 * stats.norm.sf(np.abs(np.asarray(z, dtype=float)))


def benjamini_hochberg(p: ArrayLike) -> np.ndarray:
    """Benjamini-Hochberg q-values (step-up false discovery rate adjustment).

    For the m non-NaN p-values sorted ascending, ``q_(i) = min_{j >= i} m p_(j) / j``,
    capped at 1, returned in input order. NaN p-values are ignored (not counted
    in m) and stay NaN.
    """
    p = np.asarray(p, dtype=float)
    if p.ndim != 1:
        raise InputError(f"p-values must be one-dimensional, got shape {p.shape}")
    q = np.full_like(p, np.nan)
    valid = np.nonzero(~np.isnan(p))[0]
    if valid.size == 0:
        return q
    order = valid[np.argsort(p[valid], kind="stable")]
    m = order.size
    scaled = p[order] * m / np.arange(1, m + 1)
    q[order] = np.minimum(1.0, np.minimum.accumulate(scaled[::-1])[::-1])
    return q


def transformed_scale(
    o: ArrayLike, e: ArrayLike, transform: Transform = "sqrt"
) -> tuple[np.ndarray, float, np.ndarray]:
    """Indicator y, its target theta0 and its null standard error s (Spiegelhalter 2005).

    * ``"sqrt"``: ``y = sqrt(O/E)``, ``theta0 = 1``, ``s = 1 / (2 sqrt(E))``;
      defined at O = 0.
    * ``"log"``: ``y = ln(O/E)``, ``theta0 = 0``, ``s = 1 / sqrt(E)``; y is NaN
      at O = 0 (the log of zero is not used; choose "sqrt" for sparse data).

    y and s are NaN where E <= 0.
    """
    o = np.asarray(o, dtype=float)
    e_ok = np.where(np.asarray(e, dtype=float) > 0, e, np.nan)
    if transform == "sqrt":
        return np.sqrt(o / e_ok), 1.0, 0.5 / np.sqrt(e_ok)
    if transform == "log":
        with np.errstate(divide="ignore"):
            return np.log(np.where(o > 0, o, np.nan) / e_ok), 0.0, 1.0 / np.sqrt(e_ok)
    raise InputError(f"transform must be 'sqrt' or 'log', got {transform!r}")


def z_scores(o: ArrayLike, e: ArrayLike, transform: Transform = "sqrt") -> np.ndarray:
    """z = (y - theta0) / s on the chosen scale (see :func:`transformed_scale`).

    sqrt (default): ``z = 2 (sqrt(O) - sqrt(E))``; log: ``z = ln(O/E) sqrt(E)``
    (NaN at O = 0). NaN where E <= 0.
    """
    y, theta0, s = transformed_scale(o, e, transform)
    return (y - theta0) / s
