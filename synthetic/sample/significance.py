"""Exact tests used to plant and document effects that the plugin's algorithms must find.

Counts are cases; expected counts are cases too. Two-sided p-values follow the plugin:
``p = min(1, 2·min(P(X ≤ o), P(X ≥ o)))``.
"""
from __future__ import annotations

import numpy as np
from scipy import stats


def poisson_p(observed, expected):
    """Two-sided exact Poisson p-value of ``observed`` cases when ``expected`` are expected (element-wise)."""
    observed = np.asarray(observed, float)
    expected = np.asarray(expected, float)
    tails = np.minimum(stats.poisson.cdf(observed, expected), stats.poisson.sf(observed - 1, expected))
    return np.minimum(1.0, 2.0 * tails)


def benjamini_hochberg(p_values: np.ndarray) -> np.ndarray:
    """Benjamini–Hochberg q-values: ``q_(i) = min over j ≥ i of p_(j)·m/j`` (p sorted ascending), at most 1."""
    p = np.asarray(p_values, float)
    order = np.argsort(p, kind="stable")
    scaled = p[order] * len(p) / np.arange(1, len(p) + 1)
    q = np.empty(len(p))
    q[order] = np.minimum(1.0, np.minimum.accumulate(scaled[::-1])[::-1])
    return q


def binomial_p(successes: np.ndarray, n: int, p0: float) -> np.ndarray:
    """Two-sided exact binomial p-value (doubled smaller tail) of each count in ``successes`` out of ``n``."""
    k = np.asarray(successes, float)
    tails = np.minimum(stats.binom.cdf(k, n, p0), stats.binom.sf(k - 1, n, p0))
    return np.minimum(1.0, 2.0 * tails)


def conditional_binomial_power(n: float, p0: float, p1: float, level: float) -> float:
    """Power of the exact conditional test of a ratio of ratios at confidence ``level`` (0.95, 0.998).

    Given ``n = O1 + O2`` cases in the two periods (rounded), under no change ``O2 ~ Binomial(n, p0)`` with
    ``p0 = E2/(E1+E2)`` from the expected counts; with the change the success probability is ``p1``
    (``RR = p1(1−p0) / (p0(1−p1))``). Returns the probability that the two-sided p-value is ≤ 1 − level.
    """
    n = int(round(n))
    k = np.arange(n + 1)
    reject = binomial_p(k, n, p0) <= 1.0 - level
    return float(stats.binom.pmf(k[reject], n, p1).sum())


def trend_score_z(observed: np.ndarray, expected: np.ndarray, scores: np.ndarray) -> float:
    """Score statistic z for a log-linear trend in Poisson counts with ``expected`` as offset.

    Model ``log μ_k = α + β·t_k + log E_k``; under β = 0 the fitted counts are ``Ê_k = E_k·ΣO/ΣE``;
    ``U = Σ t_k (O_k − Ê_k)``, ``V = Σ t_k² Ê_k − (Σ t_k Ê_k)² / Σ Ê_k``, ``z = U/√V`` (Breslow & Day II).
    """
    fitted = expected * observed.sum() / expected.sum()
    u = float((scores * (observed - fitted)).sum())
    v = float((scores ** 2 * fitted).sum() - (scores * fitted).sum() ** 2 / fitted.sum())
    return u / np.sqrt(v)


def normal_power(z: float, level: float) -> float:
    """Approximate power of a two-sided z test at confidence ``level`` when the expected statistic is ``z``."""
    critical = stats.norm.ppf(0.5 + level / 2.0)
    return float(stats.norm.sf(critical - z) + stats.norm.cdf(-critical - z))
