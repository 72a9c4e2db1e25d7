"""Funnel limits: consistency with the per-count limits, over-dispersion and proportions."""
import numpy as np
import pytest
from scipy import stats

from phso_insight_plugin.errors import InputError
from phso_insight_plugin.stats.funnel import (
    proportion_funnel_limits,
    ratio_funnel_expected_at_limit,
    ratio_funnel_limits,
)
from phso_insight_plugin.stats.intervals import poisson_count_ci
from phso_insight_plugin.stats.overdispersion import Overdispersion
from phso_insight_plugin.stats.tiers import tiers_from_z

OBSERVED = np.array([1, 2, 5, 9, 10, 37, 250, 4000], dtype=float)


@pytest.mark.parametrize("confidence", [0.95, 0.998])
def test_lower_curve_passes_through_expected_at_lower_limit(confidence):
    e = ratio_funnel_expected_at_limit(OBSERVED, confidence, "lower")
    lower, _ = ratio_funnel_limits(e, confidence)
    np.testing.assert_allclose(lower, OBSERVED / e, rtol=1e-8)


@pytest.mark.parametrize("confidence", [0.95, 0.998])
def test_upper_curve_passes_through_expected_at_upper_limit(confidence):
    e = ratio_funnel_expected_at_limit(OBSERVED, confidence, "upper")
    _, upper = ratio_funnel_limits(e, confidence)
    np.testing.assert_allclose(upper, OBSERVED / e, rtol=1e-8)


def test_count_below_ten_is_outside_the_funnel_exactly_when_its_interval_excludes_one():
    o = np.arange(1, 10, dtype=float)
    for confidence in (0.95, 0.998):
        for side in ("lower", "upper"):
            at_limit = ratio_funnel_expected_at_limit(o, confidence, side)
            for e in (at_limit * 0.999, at_limit * 1.001):
                lower, upper = ratio_funnel_limits(e, confidence)
                lcl, ucl, _ = poisson_count_ci(o, confidence)
                outside = (o / e < lower) | (o / e > upper)
                np.testing.assert_array_equal(outside, (lcl / e > 1) | (ucl / e < 1))


def test_funnel_narrows_as_expected_grows():
    grid = np.geomspace(0.1, 1e5, 400)
    lower, upper = ratio_funnel_limits(grid, 0.95)
    assert (np.diff(upper) < 0).all()
    assert (np.diff(lower) >= 0).all() and (lower >= 0).all()


def test_lower_curve_is_zero_where_even_no_events_is_not_low():
    lower, _ = ratio_funnel_limits([1.0, 3.0], 0.95)  # P(X = 0 | E) > 2.5% for E < 3.689
    np.testing.assert_array_equal(lower, [0.0, 0.0])


def test_funnel_is_undefined_at_zero_expected():
    lower, upper = ratio_funnel_limits([0.0], 0.95)
    assert np.isnan(lower[0]) and np.isnan(upper[0])


def test_multiplicative_overdispersion_widens_sqrt_scale_limits():
    z = stats.norm.ppf(0.975)
    e = np.array([1.0, 100.0])
    lower, upper = ratio_funnel_limits(e, 0.95, phi=2.0)
    half = z * np.sqrt(2.0) / (2 * np.sqrt(e))
    np.testing.assert_allclose(upper, (1 + half) ** 2)
    np.testing.assert_allclose(lower, np.maximum(1 - half, 0) ** 2)
    assert lower[0] == 0.0  # 1 - half < 0 at E = 1: floored, not squared back up


def test_phi_at_most_one_means_no_inflation():
    e = np.array([10.0, 50.0])
    np.testing.assert_allclose(ratio_funnel_limits(e, 0.95, phi=0.6), ratio_funnel_limits(e, 0.95, phi=1.0))


def test_additive_overdispersion_limits_do_not_shrink_to_one():
    z = stats.norm.ppf(0.999)
    lower, upper = ratio_funnel_limits([1e9], 0.998, tau2=0.01)
    assert upper[0] == pytest.approx((1 + z * 0.1) ** 2, rel=1e-6)
    assert lower[0] == pytest.approx((1 - z * 0.1) ** 2, rel=1e-6)


@pytest.mark.parametrize("method, kwargs", [("multiplicative", {"phi": 3.0}), ("additive", {"tau2": 0.02})])
def test_overdispersed_funnel_matches_adjusted_z_tiers(method, kwargs):
    fit = Overdispersion(phi=kwargs.get("phi", 1.0), tau2=kwargs.get("tau2", 0.0), n_areas=10)
    e = np.geomspace(5, 5000, 50)
    lower, upper = ratio_funnel_limits(e, 0.95, **kwargs)
    for ratio, sign in ((upper * 1.001, 1), (upper * 0.999, 0), (lower * 1.001, 0), (lower * 0.999, -1)):
        tier = tiers_from_z(fit.adjusted_z(ratio * e, e, method))
        np.testing.assert_array_equal(np.sign(tier.to_numpy(dtype=float)), sign)


def test_phi_and_tau2_together_are_rejected():
    with pytest.raises(InputError, match="not both"):
        ratio_funnel_limits([10.0], 0.95, phi=2.0, tau2=0.1)


def test_unknown_side_is_rejected():
    with pytest.raises(InputError, match="'lower' or 'upper'"):
        ratio_funnel_expected_at_limit([3], 0.95, "middle")


def test_proportion_limits_are_baseline_plus_minus_z_standard_errors():
    z = stats.norm.ppf(0.975)
    lower, upper = proportion_funnel_limits([400], 0.2, 0.95)
    assert lower[0] == pytest.approx(0.2 - z * 0.02)
    assert upper[0] == pytest.approx(0.2 + z * 0.02)


def test_proportion_limits_are_clipped_to_zero_and_one():
    lower, upper = proportion_funnel_limits([1, 2], 0.9, 0.998)
    assert (upper == 1.0).all() and (lower >= 0).all()


def test_proportion_baseline_outside_zero_one_is_rejected():
    with pytest.raises(InputError, match="between 0 and 1"):
        proportion_funnel_limits([10], 80.6, 0.95)
