"""Points and control-limit curves of the funnel plot (pure numpy; no QGIS, no matplotlib)."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from ..stats.funnel import ratio_funnel_limits

#: Confidence levels of the two pairs of limits, as drawn (95% dashed, 99.8% solid).
CONFIDENCES = (0.95, 0.998)


@dataclass(frozen=True)
class FunnelCurves:
    """Expected-count grid and, per confidence level, the (lower, upper) ratio limits on it."""

    expected: np.ndarray
    limits: dict[float, tuple[np.ndarray, np.ndarray]]


def expected_grid(expected: ArrayLike, n: int = 200) -> np.ndarray:
    """Log-spaced expected counts covering the positive expected values (a little wider at both ends)."""
    e = np.asarray(expected, dtype=float)
    e = e[np.isfinite(e) & (e > 0)]
    if e.size == 0:
        return np.empty(0)
    low, high = e.min() * 0.8, e.max() * 1.2
    return np.geomspace(low, high, n)


def funnel_curves(expected: ArrayLike, phi: float | None = None, tau2: float | None = None,
                  n: int = 200) -> FunnelCurves:
    """Funnel limits at 95% and 99.8% over the range of ``expected``.

    ``phi`` / ``tau2``: the over-dispersion estimate of the run (at most one), so the limits match
    the tiers the layer shows.
    """
    grid = expected_grid(expected, n)
    return FunnelCurves(grid, {c: ratio_funnel_limits(grid, c, phi=phi, tau2=tau2) for c in CONFIDENCES})


def plottable(expected: ArrayLike, ratio: ArrayLike) -> np.ndarray:
    """Mask of the areas that can be drawn: finite ratio and positive expected count."""
    e = np.asarray(expected, dtype=float)
    r = np.asarray(ratio, dtype=float)
    return np.isfinite(e) & (e > 0) & np.isfinite(r)
