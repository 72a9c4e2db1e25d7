"""Over-dispersion of observed/expected ratios (Spiegelhalter 2005).

Spiegelhalter D.J. (2005) "Handling over-dispersion of performance indicators",
Quality and Safety in Health Care 14:347-351. On a variance-stabilised scale
(y, theta0, s; see :func:`.significance.transformed_scale`) with z = (y - theta0)/s
for the I areas that have a finite z:

* winsorise: z below its 10th / above its 90th percentile (``winsor = 0.10``)
  is set to that percentile;
* multiplicative factor ``phi = mean(z_w^2)``; scores are divided by sqrt(phi)
  when phi > 1 (no adjustment otherwise);
* additive random effect (DerSimonian-Laird)
  ``tau2 = (I phi - (I - 1)) / (sum w - sum w^2 / sum w)`` with ``w = 1/s^2``,
  floored at 0; scores become ``(y - theta0) / sqrt(s^2 + tau2)``.

Note: winsorising shrinks the tails, so for pure Poisson data phi is below 1
(about 0.68 for normal scores at 10%); phi <= 1 means "no adjustment".
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike

from ..errors import InputError
from .significance import Transform, transformed_scale, z_scores

OverdispersionMethod = Literal["multiplicative", "additive"]


@dataclass(frozen=True)
class Overdispersion:
    """Estimated over-dispersion.

    phi: multiplicative factor (dimensionless variance inflation of z);
    tau2: additive between-area variance on the transformed scale;
    n_areas: number of areas with a finite z-score used in the estimate;
    transform: the scale ("sqrt" or "log") both were estimated on.
    """

    phi: float
    tau2: float
    n_areas: int
    transform: Transform = "sqrt"

    def adjusted_z(self, o: ArrayLike, e: ArrayLike, method: OverdispersionMethod) -> np.ndarray:
        """z-scores allowing for over-dispersion.

        multiplicative: ``z / sqrt(phi)`` if phi > 1, else z unchanged;
        additive: ``(y - theta0) / sqrt(s^2 + tau2)``.
        """
        if method == "multiplicative":
            return z_scores(o, e, self.transform) / np.sqrt(max(self.phi, 1.0))
        if method == "additive":
            y, theta0, s = transformed_scale(o, e, self.transform)
            return (y - theta0) / np.sqrt(s**2 + self.tau2)
        raise InputError(f"over-dispersion method must be 'multiplicative' or 'additive', got {method!r}")


def winsorise(z: np.ndarray, winsor: float) -> np.ndarray:
    """Clip z to its ``winsor`` and ``1 - winsor`` percentiles (linear interpolation)."""
    low, high = np.percentile(z, [100.0 * winsor, 100.0 * (1.0 - winsor)])
    return np.clip(z, low, high)


def estimate_overdispersion(
    o: ArrayLike, e: ArrayLike, transform: Transform = "sqrt", winsor: float = 0.10
) -> Overdispersion:
    """Estimate phi and tau2 from observed and expected counts (see module docstring).

    Areas without a finite z-score (E = 0, or O = 0 on the log scale) are left
    out; at least two must remain. ``winsor`` is the fraction clipped at each end
    (0 disables winsorising).
    """
    if not 0.0 <= winsor < 0.5:
        raise InputError(f"winsor must be a fraction in [0, 0.5), got {winsor!r}")
    y, theta0, s = transformed_scale(o, e, transform)
    usable = np.isfinite(y) & np.isfinite(s)
    n = int(usable.sum())
    if n < 2:
        raise InputError(
            f"over-dispersion needs at least 2 areas with a usable z-score; only {n} of "
            f"{usable.size} have expected > 0{' and observed > 0' if transform == 'log' else ''}"
        )
    z = winsorise((y[usable] - theta0) / s[usable], winsor)
    phi = float(np.mean(z**2))
    w = 1.0 / s[usable] ** 2
    tau2 = max(0.0, (n * phi - (n - 1)) / (w.sum() - (w**2).sum() / w.sum()))
    return Overdispersion(phi=phi, tau2=float(tau2), n_areas=n, transform=transform)
