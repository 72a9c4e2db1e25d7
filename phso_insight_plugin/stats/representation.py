"""Representation ratios per area: observed vs expected cases with significance tiers.

This orchestrates the other modules; see :func:`representation`.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from ..cancel import IsCancelled, check_cancelled
from ..errors import InputError
from ..results.benchmark import Benchmark
from ..results.columns import REPRESENTATION
from ..results.method import MethodSentence
from ..results.summaries import RepresentationSummary
from ..results.tiers import count_tiers
from ._validate import as_float_array, check_non_negative
from .benchmark import parent_codes, parent_expected_counts
from .expected import expected_counts
from .intervals import poisson_count_ci
from .overdispersion import estimate_overdispersion
from .significance import benjamini_hochberg, normal_p_value, poisson_p_value, z_scores
from .tiers import apply_too_few_to_say, tiers_from_limits, tiers_from_q, tiers_from_z

MultipleTesting = Literal["none", "bh"]
OverdispersionChoice = Literal["none", "multiplicative", "additive"]

CONFIDENCE_95 = 0.95
CONFIDENCE_998 = 0.998
FLAG_ZERO_EXPECTED = "expected is zero: ratio undefined"
LIMITS_CLAUSE = "Poisson limits (exact below 10, Byar's from 10) at 95% and 99.8%"
FDR_CLAUSE = "Benjamini–Hochberg false discovery rate control"


@dataclass(frozen=True)
class RepresentationResult:
    """``table``: one row per area in input order (columns :data:`results.columns.REPRESENTATION`);
    ``summary``: tiers, totals, over-dispersion and the method sentence."""

    table: pd.DataFrame
    summary: RepresentationSummary


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
    k = _strata(population)
    against = "supplied reference rates" if reference_rates is not None else "the study total"
    if k == 1:
        return e, f"Crude expected counts from {against}"
    return e, f"Indirectly standardised over {k} strata against {against}"


def _strata(population: ArrayLike) -> int:
    return 1 if np.ndim(population) == 1 else int(np.shape(population)[1])


def _expected_within_parents(observed, population, expected, reference_rates, parents,
                             benchmark: Benchmark) -> tuple[np.ndarray, str]:
    """Expected counts against each area's parent (:mod:`.benchmark`) and the clause saying so."""
    if population is None or expected is not None or reference_rates is not None:
        raise InputError("a parent benchmark computes expected counts from the population within each parent: "
                         "give population, without expected counts or reference rates")
    e = parent_expected_counts(observed, population, parents)
    return e, benchmark.expected_clause(_strata(population), len(parent_codes(parents, e.size)[1]))


def representation(
    observed: ArrayLike,
    population: ArrayLike | None = None,
    expected: ArrayLike | None = None,
    reference_rates: ArrayLike | None = None,
    multiple_testing: MultipleTesting = "none",
    overdispersion: OverdispersionChoice = "none",
    min_expected: float = 5.0,
    is_cancelled: IsCancelled = None,
    parents: ArrayLike | None = None,
    benchmark: Benchmark | None = None,
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
    parents : (n,) each area's parent (region, ICB …): expected counts then use the parent's own
        rates, ``E_a = Σ_k r[p(a), k] · P[a, k]`` (:mod:`.benchmark`); needs ``population``.
    benchmark : how the results name the parent (tier labels "Higher than its ICB (95%)", the method
        clause); default :meth:`Benchmark.of_parent` of a field "parent" with ``parents`` as values.

    Ratio limits are the PHE count interval (exact below 10, Byar's from 10)
    divided by E. Where E = 0 the ratio, limits, p, q and z are NaN, the tier is
    <NA> and ``flag`` says why.
    """
    _check_options(multiple_testing, overdispersion)
    o = _observed_totals(observed)
    if parents is None:
        benchmark = Benchmark()
        e, expected_clause = _expected(observed, population, expected, reference_rates, o.size)
    else:
        benchmark = benchmark or Benchmark.of_parent("parent", parents)
        e, expected_clause = _expected_within_parents(observed, population, expected, reference_rates, parents,
                                                      benchmark)
    check_cancelled(is_cancelled)
    limits, ci_method = _ratio_limits(o, e, is_cancelled)
    tests = _tests(o, e, limits, multiple_testing, overdispersion, is_cancelled)
    tier = apply_too_few_to_say(tests.tier, e, min_expected)
    method = MethodSentence(expected_clause, LIMITS_CLAUSE, tests.clauses,
                            f"'Too few to say' where expected < {min_expected:g} and not significant")
    table = pd.DataFrame(
        {
            "observed": o, "expected": e, "ratio": o / _positive(e),
            "lcl95": limits[0], "ucl95": limits[1], "lcl998": limits[2], "ucl998": limits[3],
            "ci_method": ci_method, "p_value": tests.p, "q_value": tests.q, "z_score": tests.z,
            "tier": tier, "tier_label": benchmark.tier_labels(tier),
            "flag": np.where(e > 0, "", FLAG_ZERO_EXPECTED),
        },
        columns=REPRESENTATION.names,
    )
    summary = RepresentationSummary(
        tier_counts=count_tiers(tier), n_areas=int(o.size), total_observed=float(o.sum()),
        total_expected=float(e.sum()),
        overall_rate=float(o.sum() / np.sum(population)) if population is not None else np.nan,
        phi=tests.phi, tau2=tests.tau2, method=method)
    return RepresentationResult(table=table, summary=summary)


def _check_options(multiple_testing: str, overdispersion: str) -> None:
    if multiple_testing not in ("none", "bh"):
        raise InputError(f"multiple_testing must be 'none' or 'bh', got {multiple_testing!r}")
    if overdispersion not in ("none", "multiplicative", "additive"):
        raise InputError(
            f"overdispersion must be 'none', 'multiplicative' or 'additive', got {overdispersion!r}"
        )


def _positive(e: np.ndarray) -> np.ndarray:
    """Expected counts with 0 replaced by NaN (no ratio where nothing was expected)."""
    return np.where(e > 0, e, np.nan)


def _ratio_limits(o: np.ndarray, e: np.ndarray, is_cancelled: IsCancelled) -> tuple[list[np.ndarray], np.ndarray]:
    """[lcl95, ucl95, lcl998, ucl998] of the ratio (count limits ÷ E) and the count interval method."""
    lcl95, ucl95, ci_method = poisson_count_ci(o, CONFIDENCE_95)
    check_cancelled(is_cancelled)
    lcl998, ucl998, _ = poisson_count_ci(o, CONFIDENCE_998)
    check_cancelled(is_cancelled)
    return [limit / _positive(e) for limit in (lcl95, ucl95, lcl998, ucl998)], ci_method


@dataclass(frozen=True)
class _Tests:
    """p-, q- and z-values, tiers before the "too few to say" rule, the over-dispersion estimates (NaN
    when not estimated) and the method clauses saying how the tiers were decided."""

    p: np.ndarray
    q: np.ndarray
    z: np.ndarray
    tier: pd.arrays.IntegerArray
    phi: float
    tau2: float
    clauses: tuple[str, ...]


def _tests(o: np.ndarray, e: np.ndarray, limits: list[np.ndarray], multiple_testing: str, overdispersion: str,
           is_cancelled: IsCancelled) -> _Tests:
    """Significance of every area: exact Poisson tests, or normal tests on over-dispersion adjusted z-scores;
    tiers from the limits, the adjusted z or the Benjamini–Hochberg q-values."""
    phi = tau2 = np.nan
    clauses = []
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
        clauses.append(f"square-root scale z-scores adjusted for {overdispersion} over-dispersion "
                       f"({detail}, Spiegelhalter 2005)")
    check_cancelled(is_cancelled)
    if multiple_testing == "bh":
        q = benjamini_hochberg(p)
        tier = tiers_from_q(q, o, _positive(e))
        clauses.append(FDR_CLAUSE)
    else:
        q = np.full_like(p, np.nan)
        tier = tiers_from_z(z) if overdispersion != "none" else tiers_from_limits(*limits)
    return _Tests(p, q, z, tier, phi, tau2, tuple(clauses))
