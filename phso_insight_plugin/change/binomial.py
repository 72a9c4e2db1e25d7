r"""Exact conditional binomial test for a change between two periods.

For one unit (an area or a group) with observed counts O1, O2 and expected counts E1, E2 in an
earlier and a later period, the ratio of ratios is

.. math:: RR = \frac{O_2 / E_2}{O_1 / E_1}.

Conditional on the total :math:`n = O_1 + O_2`, :math:`O_2 \sim \mathrm{Binomial}(n, \pi)` with
:math:`\pi = RR\,E_2 / (E_1 + RR\,E_2)`; under no change (RR = 1)
:math:`\pi_0 = E_2 / (E_1 + E_2)`. Inverting, :math:`RR = \frac{\pi}{1 - \pi} \cdot \frac{E_1}{E_2}`,
so Clopper-Pearson limits for :math:`\pi` give exact limits for RR. This is R's
``poisson.test(c(O2, O1), c(E2, E1))`` with expected counts in place of person-time.

Two-sided p-values (``two_sided``):

* ``"central"`` (default): twice the smaller tail, :math:`p = \min(1, 2\min(P(X \le O_2),
  P(X \ge O_2)))`, :math:`X \sim \mathrm{Binomial}(n, \pi_0)`. It matches the Clopper-Pearson
  interval exactly: p < alpha if and only if the 1 - alpha interval excludes RR = 1, so the tier
  never contradicts the interval. It is also the convention of
  :func:`~phso_insight_plugin.stats.significance.poisson_p_value`. Tails are regularised
  incomplete beta functions, :math:`P(X \le x) = I_{1-\pi_0}(n - x, x + 1)`,
  :math:`P(X \ge x) = I_{\pi_0}(x, n - x + 1)`, so fractional (apportioned) counts are handled
  continuously.
* ``"minlike"``: the sum of the probabilities of all outcomes no more likely than the observed
  one (relative tolerance 1e-7), as R's ``binom.test`` and ``poisson.test`` report; whole counts
  only. It can fall below alpha while the central interval still contains 1 (Fay 2010).

Zero counts are ordinary outcomes: O1 = 0 < O2 gives RR = +inf with a finite lower limit,
O2 = 0 < O1 gives RR = 0 with a finite upper limit, n = 0 gives p = 1 and limits 0 and +inf.
Where E1 or E2 is zero (or NaN) the test is undefined and every result is NaN.
"""
from __future__ import annotations

from typing import Literal, get_args

import numpy as np
from numpy.typing import ArrayLike
from scipy import special, stats

from ..errors import InputError
from ..stats._validate import describe_rows

TwoSided = Literal["central", "minlike"]
TWO_SIDED: tuple[str, ...] = get_args(TwoSided)
#: R's relative tolerance when comparing outcome probabilities (``binom.test``'s ``relErr``).
MINLIKE_TOLERANCE = 1e-7


def null_proportion(e1: ArrayLike, e2: ArrayLike) -> np.ndarray:
    r""":math:`\pi_0 = E_2 / (E_1 + E_2)`; NaN where E1 or E2 is not positive."""
    e1, e2 = (np.asarray(e, dtype=float) for e in (e1, e2))
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where((e1 > 0) & (e2 > 0), e2 / (e1 + e2), np.nan)


def binomial_tails(x: ArrayLike, n: ArrayLike, pi: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    r"""``(P(X <= x), P(X >= x))`` for :math:`X \sim \mathrm{Binomial}(n, \pi)`, real x and n.

    :math:`P(X \le x) = I_{1-\pi}(n - x, x + 1)` (1 when x >= n) and
    :math:`P(X \ge x) = I_{\pi}(x, n - x + 1)` (1 when x <= 0), I the regularised incomplete beta.
    """
    x, n, pi = (np.asarray(a, dtype=float) for a in (x, n, pi))
    with np.errstate(invalid="ignore"):
        lower = np.where(x >= n, 1.0, special.betainc(np.maximum(n - x, 1e-300), x + 1.0, 1.0 - pi))
        upper = np.where(x <= 0, 1.0, special.betainc(np.maximum(x, 1e-300), n - x + 1.0, pi))
    nan = np.isnan(pi) | np.isnan(x) | np.isnan(n)
    return np.where(nan, np.nan, lower), np.where(nan, np.nan, upper)


def central_p_value(x: ArrayLike, n: ArrayLike, pi0: ArrayLike) -> np.ndarray:
    r"""Two-sided p-value, twice the smaller tail: :math:`\min(1, 2\min(P(X \le x), P(X \ge x)))`."""
    lower, upper = binomial_tails(x, n, pi0)
    return np.minimum(1.0, 2.0 * np.minimum(lower, upper))


def _whole(values: np.ndarray, name: str) -> None:
    """Reject fractional counts (the minimum-likelihood p-value sums over whole outcomes)."""
    fractional = np.flatnonzero(np.isfinite(values) & (values != np.round(values)))
    if fractional.size:
        raise InputError(
            f"two_sided='minlike' needs whole counts, but {name} has {fractional.size} fractional "
            f"value(s) at unit index {describe_rows(fractional)}; use two_sided='central'"
        )


def minlike_p_value(x: ArrayLike, n: ArrayLike, pi0: ArrayLike) -> np.ndarray:
    r"""Two-sided p-value of R's ``binom.test``: the probability of outcomes no likelier than x.

    :math:`p = \sum_{k:\, f(k) \le f(x)(1 + 10^{-7})} f(k)`, f the Binomial(n, pi0) pmf. Outcomes
    above the mean (after mirroring, x < n pi0) form a tail [k*, n] found by bisection, since f
    decreases there; then :math:`p = P(X \le x) + P(X \ge k^*)`, and p = 1 at x = n pi0.
    """
    x, n, pi = np.broadcast_arrays(*(np.asarray(a, dtype=float) for a in (x, n, pi0)))
    _whole(x, "the later period's count")
    _whole(n, "the total of both periods")
    flip = x > n * pi
    x, pi = np.where(flip, n - x, x), np.where(flip, 1.0 - pi, pi)
    limit = stats.binom.pmf(x, n, pi) * (1.0 + MINLIKE_TOLERANCE)
    lo, hi = np.ceil(n * pi) - 1.0, n + 1.0
    active = np.isfinite(pi)
    while (busy := active & (hi - lo > 1)).any():
        mid = np.floor((lo + hi) / 2)
        below = stats.binom.pmf(mid, n, pi) <= limit
        hi, lo = np.where(busy & below, mid, hi), np.where(busy & ~below, mid, lo)
    p = stats.binom.cdf(x, n, pi) + stats.binom.sf(hi - 1.0, n, pi)
    p = np.where(x == n * pi, 1.0, np.minimum(1.0, p))
    return np.where(active, p, np.nan)


def two_sided_p_value(x: ArrayLike, n: ArrayLike, pi0: ArrayLike, method: TwoSided = "central") -> np.ndarray:
    """Two-sided p-value by ``method`` ("central" or "minlike"; module docstring)."""
    if method not in TWO_SIDED:
        raise InputError(f"two_sided must be one of {', '.join(map(repr, TWO_SIDED))}, got {method!r}")
    return central_p_value(x, n, pi0) if method == "central" else minlike_p_value(x, n, pi0)


def clopper_pearson(x: ArrayLike, n: ArrayLike, confidence: float) -> tuple[np.ndarray, np.ndarray]:
    r"""Clopper-Pearson limits for a binomial proportion x/n (proportion scale, 0..1).

    Lower :math:`B^{-1}(\alpha/2;\, x, n - x + 1)` (0 at x = 0), upper
    :math:`B^{-1}(1 - \alpha/2;\, x + 1, n - x)` (1 at x = n), B the beta distribution;
    0 and 1 when n = 0.
    """
    if not 0.0 < confidence < 1.0:
        raise InputError(f"confidence must be a fraction between 0 and 1 (e.g. 0.95), got {confidence!r}")
    x, n = (np.asarray(a, dtype=float) for a in (x, n))
    alpha = 1.0 - confidence
    with np.errstate(invalid="ignore"):
        lower = stats.beta.ppf(alpha / 2.0, np.where(x > 0, x, 1.0), n - x + 1.0)
        upper = stats.beta.ppf(1.0 - alpha / 2.0, x + 1.0, np.where(x < n, n - x, 1.0))
    lower, upper = np.where(x > 0, lower, 0.0), np.where(x < n, upper, 1.0)
    nan = np.isnan(x) | np.isnan(n)
    return np.where(nan, np.nan, lower), np.where(nan, np.nan, upper)


def ratio_from_proportion(pi: ArrayLike, e1: ArrayLike, e2: ArrayLike) -> np.ndarray:
    r""":math:`RR = \frac{\pi}{1 - \pi} \cdot \frac{E_1}{E_2}` (+inf at pi = 1; NaN where E is 0)."""
    pi, e1, e2 = (np.asarray(a, dtype=float) for a in (pi, e1, e2))
    with np.errstate(divide="ignore", invalid="ignore"):
        odds = np.where(pi >= 1.0, np.inf, pi / (1.0 - pi))
        return np.where((e1 > 0) & (e2 > 0), odds * e1 / e2, np.nan)


def _critical_counts(n: np.ndarray, pi0: np.ndarray, alpha: float) -> tuple[np.ndarray, np.ndarray]:
    """Largest lower and smallest upper count the central test rejects at level alpha."""
    half = alpha / 2.0
    low = stats.binom.ppf(half, n, pi0)
    low = np.where(stats.binom.cdf(low, n, pi0) < half, low, low - 1.0)
    high = stats.binom.isf(half, n, pi0)
    high = np.where(stats.binom.sf(high - 1.0, n, pi0) < half, high, high + 1.0)
    return low, high


def detection_power(n: ArrayLike, pi0: ArrayLike, ratio: float, confidence: float = 0.95) -> np.ndarray:
    r"""Power of the central test at level 1 - confidence to detect a ratio of ratios ``ratio``, given n.

    Under RR the later period's share is :math:`\pi_1 = RR\,\pi_0 / (1 - \pi_0 + RR\,\pi_0)`;
    the power is :math:`P(X \le k_{lo}) + P(X \ge k_{hi})`, :math:`X \sim \mathrm{Binomial}(n,
    \pi_1)`, over the counts the test rejects (p < alpha). n is rounded to a whole number.
    NaN where pi0 is NaN; 0 when n = 0.
    """
    n = np.rint(np.asarray(n, dtype=float))
    pi0 = np.asarray(pi0, dtype=float)
    low, high = _critical_counts(n, pi0, 1.0 - confidence)
    pi1 = ratio * pi0 / (1.0 - pi0 + ratio * pi0)
    power = stats.binom.cdf(low, n, pi1) + stats.binom.sf(high - 1.0, n, pi1)
    return np.where(np.isnan(pi0), np.nan, np.where(n > 0, power, 0.0))
