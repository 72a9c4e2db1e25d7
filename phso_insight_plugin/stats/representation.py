"""Representation ratios per area: observed vs expected cases with significance tiers.

This orchestrates the other modules; see :func:`representation`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from ..cancel import IsCancelled, check_cancelled
from ..errors import InputError
from ._validate import as_float_array, check_non_negative
from .expected import expected_counts
from .intervals import poisson_count_ci
from .overdispersion import estimate_overdispersion
from .significance import benjamini_hochberg, normal_p_value, poisson_p_value, z_scores
from .tiers import (
    TIER_LABELS,
    TIER_ORDER,
    apply_too_few_to_say,
    tier_labels,
    tiers_from_limits,
    tiers_from_q,
    tiers_from_z,
)

MultipleTesting = Literal["none", "bh"]
OverdispersionChoice = Literal["none", "multiplicative", "additive"]

CONFIDENCE_95 = 0.95
CONFIDENCE_998 = 0.998
FLAG_ZERO_EXPECTED = "expected is zero: ratio undefined"
COLUMNS = [
    "observed", "expected", "ratio", "lcl95", "ucl95", "lcl998", "ucl998", "ci_method",
    "p_value", "q_value", "z_score", "tier", "tier_label", "flag",
]


@dataclass
class RepresentationResult:
    """``table``: one row per area in input order (columns :data:`COLUMNS`);
    ``summary``: tier_counts, overall_rate, total_observed, total_expected,
    n_areas, method, phi, tau2."""

    table: pd.DataFrame
    summary: dict = field(default_factory=dict)


def _observed_totals(observed: ArrayLike) -> np.ndarray:
    obs = as_float_array(observed, "observed counts", ndim=(1, 2))
    check_non_negative(obs, "observed counts")
    if obs.shape[0] == 0:
        raise InputError("no areas to analyse: observed counts have 0 rows")
    return obs.sum(axis=1) if obs.ndim == 2 else obs


def _expected(observed, population, expected, reference_rates, n: int) -> tuple[np.ndarray, str]:
    """Expected counts and the sentence describing how they were obtained."""
    if (population is None) == (expected is None):
        raise InputError("give either population (to compute expected counts) or expected counts, not both")
    if expected is not None:
        if reference_rates is not None:
            raise InputError("reference rates are only used with population, not with expected counts")
        e = as_float_array(expected, "expected counts")
        if e.shape != (n,):
            raise InputError(f"{e.size} expected counts given for {n} areas; give one per area")
        check_non_negative(e, "expected counts")
        return e, "Expected counts as supplied"
    e = expected_counts(observed, population, reference_rates)
    k = 1 if np.ndim(population) == 1 else np.shape(population)[1]
    against = "supplied reference rates" if reference_rates is not None else "the study total"
    if k == 1:
        return e, f"Crude expected counts from {against}"
    return e, f"Indirectly standardised over {k} strata against {against}"


def representation(
    observed: ArrayLike,
    population: ArrayLike | None = None,
    expected: ArrayLike | None = None,
    reference_rates: ArrayLike | None = None,
    multiple_testing: MultipleTesting = "none",
    overdispersion: OverdispersionChoice = "none",
    min_expected: float = 5.0,
    is_cancelled: IsCancelled = None,
) -> RepresentationResult:
    """Observed/expected ratios with Poisson limits, tests and tiers, one row per area.

    Parameters
    ----------
    observed : (n,) or (n, k) counts (non-negative; may be fractional after apportionment).
    population : (n, k) persons; expected counts by indirect standardisation
        (crude if k = 1). Give this or ``expected``.
    expected : (n,) expected counts, used as given.
    reference_rates : (k,) events per person per stratum (default: from the input).
    multiple_testing : "none" (tiers from 95%/99.8% limits) or "bh"
        (Benjamini-Hochberg q-values; tiers from q < 0.05 / q < 0.002).
    overdispersion : "none", "multiplicative" or "additive" (Spiegelhalter 2005 on
        the square-root scale; p-values are then normal on the adjusted z).
    min_expected : tier 0 becomes "Too few to say" where expected is below this.
    is_cancelled : polled between steps (see :mod:`~phso_insight_plugin.cancel`).

    Ratio limits are the PHE count interval (exact below 10, Byar's from 10)
    divided by E. Where E = 0 the ratio, limits, p, q and z are NaN, the tier is
    <NA> and ``flag`` says why.
    """
    if multiple_testing not in ("none", "bh"):
        raise InputError(f"multiple_testing must be 'none' or 'bh', got {multiple_testing!r}")
    if overdispersion not in ("none", "multiplicative", "additive"):
        raise InputError(
            f"overdispersion must be 'none', 'multiplicative' or 'additive', got {overdispersion!r}"
        )
    o = _observed_totals(observed)
    e, method = _expected(observed, population, expected, reference_rates, o.size)
    e_pos = np.where(e > 0, e, np.nan)

    ratio = o / e_pos
    check_cancelled(is_cancelled)
    lcl95, ucl95, ci_method = poisson_count_ci(o, CONFIDENCE_95)
    check_cancelled(is_cancelled)
    lcl998, ucl998, _ = poisson_count_ci(o, CONFIDENCE_998)
    check_cancelled(is_cancelled)
    limits = [lim / e_pos for lim in (lcl95, ucl95, lcl998, ucl998)]
    method += "; Poisson limits (exact below 10, Byar's from 10) at 95% and 99.8%"

    phi = tau2 = np.nan
    if overdispersion == "none":
        z = z_scores(o, e)
        check_cancelled(is_cancelled)
        p = poisson_p_value(o, e)
    else:
        fit = estimate_overdispersion(o, e)
        phi, tau2 = fit.phi, fit.tau2
        z = fit.adjusted_z(o, e, overdispersion)
        p = normal_p_value(z)
        detail = f"φ = {phi:.3g}" if overdispersion == "multiplicative" else f"τ² = {tau2:.3g}"
        method += (
            f"; square-root scale z-scores adjusted for {overdispersion} over-dispersion "
            f"({detail}, Spiegelhalter 2005)"
        )

    check_cancelled(is_cancelled)
    if multiple_testing == "bh":
        q = benjamini_hochberg(p)
        tier = tiers_from_q(q, o, e_pos)
        method += "; Benjamini–Hochberg false discovery rate control"
    else:
        q = np.full_like(p, np.nan)
        tier = tiers_from_z(z) if overdispersion != "none" else tiers_from_limits(*limits)
    tier = apply_too_few_to_say(tier, e, min_expected)
    method += f"; 'Too few to say' where expected < {min_expected:g} and not significant"

    table = pd.DataFrame(
        {
            "observed": o, "expected": e, "ratio": ratio,
            "lcl95": limits[0], "ucl95": limits[1], "lcl998": limits[2], "ucl998": limits[3],
            "ci_method": ci_method, "p_value": p, "q_value": q, "z_score": z,
            "tier": tier, "tier_label": tier_labels(tier),
            "flag": np.where(e > 0, "", FLAG_ZERO_EXPECTED),
        },
        columns=COLUMNS,
    )
    counts = table["tier_label"].value_counts()
    summary = {
        "tier_counts": {TIER_LABELS[t]: int(counts.get(TIER_LABELS[t], 0)) for t in TIER_ORDER},
        "overall_rate": float(o.sum() / np.sum(population)) if population is not None else np.nan,
        "total_observed": float(o.sum()),
        "total_expected": float(e.sum()),
        "n_areas": int(o.size),
        "method": method,
        "phi": phi,
        "tau2": tau2,
    }
    return RepresentationResult(table=table, summary=summary)
