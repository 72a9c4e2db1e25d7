"""The exact conditional binomial test: hand-computed probabilities and R's published outputs.

R references (saved example output of R's stats package, tests/Examples/stats-Ex.Rout.save):
``binom.test(c(682, 243), p = 3/4)``: p-value = 0.3825, 95% CI 0.7076683 0.7654066;
``poisson.test(c(11, 6+8+7), c(800, 1083+1050+878))``: p-value = 0.07967, 95% CI 0.8584264 4.2772659,
rate ratio 1.971488, expected count1 = 6.717.
exactci vignette (M. P. Fay, R 4.3.1): ``poisson.test(c(2,10), c(17877,20000))``: p-value = 0.04213,
95% CI 0.02383738 1.04995468, rate ratio 0.2237512.
"""
import numpy as np
import pytest
from scipy import stats

from phso_insight_plugin.change.binomial import (
    binomial_tails,
    central_p_value,
    clopper_pearson,
    detection_power,
    minlike_p_value,
    null_proportion,
    ratio_from_proportion,
    two_sided_p_value,
)
from phso_insight_plugin.errors import InputError

# poisson.test(c(11, 21), c(800, 3011)): our later period (O2 = 11, E2 = 800) against the earlier (O1 = 21, E1 = 3011).
O1, E1, O2, E2 = 21, 1083 + 1050 + 878, 11, 800


@pytest.mark.parametrize("x, n, pi0, expected", [
    (1, 1, 1 / 2, 1.0),             # P(X >= 1) = 1/2, doubled
    (2, 2, 1 / 2, 1 / 2),           # P(X = 2) = 1/4, doubled
    (3, 3, 1 / 2, 1 / 4),           # P(X = 3) = 1/8, doubled
    (0, 3, 1 / 2, 1 / 4),           # O2 = 0: P(X = 0) = 1/8, doubled
    (3, 3, 1 / 3, 2 / 27),          # P(X = 3) = (1/3)^3
    (0, 3, 1 / 3, 16 / 27),         # P(X = 0) = (2/3)^3 = 8/27
    (1, 1, 1 / 3, 2 / 3),           # P(X = 1) = 1/3
    (10, 10, 1 / 2, 2 / 1024),      # O1 = 0 with ten later cases
    (0, 0, 1 / 2, 1.0),             # n = 0: nothing to test
])
def test_central_p_value_is_twice_the_smaller_hand_computed_tail(x, n, pi0, expected):
    assert central_p_value(x, n, pi0) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("x, n, pi0, expected", [
    (3, 3, 1 / 3, 1 / 27),          # pmf 8/27, 12/27, 6/27, 1/27: only x = 3 is as unlikely
    (0, 3, 1 / 3, 15 / 27),         # 8/27 + 6/27 + 1/27
    (1, 1, 1 / 3, 1 / 3),
    (2, 4, 1 / 2, 1.0),             # the mode
])
def test_minlike_p_value_sums_the_hand_computed_outcomes_no_likelier_than_observed(x, n, pi0, expected):
    assert minlike_p_value(x, n, pi0) == pytest.approx(expected, rel=1e-12)


def test_tails_of_three_trials_at_one_half_are_eighths():
    lower, upper = binomial_tails([0, 1, 2, 3], 3, 0.5)
    np.testing.assert_allclose(lower, [1 / 8, 4 / 8, 7 / 8, 1.0], rtol=1e-12)
    np.testing.assert_allclose(upper, [1.0, 7 / 8, 4 / 8, 1 / 8], rtol=1e-12)


def test_all_successes_give_the_hand_computed_clopper_pearson_limits():
    lower, upper = clopper_pearson([3, 0], [3, 3], 0.95)
    np.testing.assert_allclose(lower, [0.025 ** (1 / 3), 0.0], rtol=1e-12)
    np.testing.assert_allclose(upper, [1.0, 1 - 0.025 ** (1 / 3)], rtol=1e-12)


def test_no_trials_give_the_whole_unit_interval():
    lower, upper = clopper_pearson(0, 0, 0.998)
    assert (lower, upper) == (0.0, 1.0)


def test_clopper_pearson_matches_r_binom_test():
    lower, upper = clopper_pearson(682, 925, 0.95)
    assert lower == pytest.approx(0.7076683, abs=5e-8)
    assert upper == pytest.approx(0.7654066, abs=5e-8)


def test_minlike_p_value_matches_r_binom_test():
    assert minlike_p_value(682, 925, 3 / 4) == pytest.approx(0.3825, abs=5e-5)


def test_ratio_of_ratios_and_its_limits_match_r_poisson_test():
    n, pi0 = O1 + O2, null_proportion(E1, E2)
    lower, upper = clopper_pearson(O2, n, 0.95)
    assert n * pi0 == pytest.approx(6.717, abs=5e-4)
    assert ratio_from_proportion(O2 / n, E1, E2) == pytest.approx(1.971488, abs=5e-7)
    assert ratio_from_proportion(lower, E1, E2) == pytest.approx(0.8584264, abs=5e-8)
    assert ratio_from_proportion(upper, E1, E2) == pytest.approx(4.2772659, abs=5e-8)


def test_minlike_p_value_matches_r_poisson_test():
    assert minlike_p_value(O2, O1 + O2, null_proportion(E1, E2)) == pytest.approx(0.07967, abs=5e-6)


def test_where_r_reports_p_below_005_with_an_interval_holding_1_the_central_p_is_above_005():
    """Fay's exactci example: R's minlike p and central interval disagree; the central p agrees with the interval."""
    n, pi0 = 12, null_proportion(20000, 17877)
    lower, upper = clopper_pearson(2, n, 0.95)
    rr_lower, rr_upper = ratio_from_proportion(np.array([lower, upper]), 20000, 17877)
    assert minlike_p_value(2, n, pi0) == pytest.approx(0.04213, abs=5e-6)
    assert (rr_lower, rr_upper) == pytest.approx((0.02383738, 1.04995468), abs=5e-9)
    hand = 2 * sum(stats.binom.pmf(k, n, pi0) for k in range(3))
    assert central_p_value(2, n, pi0) == pytest.approx(hand, rel=1e-12) and hand > 0.05


def test_central_p_below_alpha_exactly_when_the_interval_excludes_the_null():
    rng = np.random.default_rng(7)
    n = rng.integers(1, 200, 2000).astype(float)
    x = np.floor(rng.random(2000) * (n + 1))
    pi0 = rng.uniform(0.05, 0.95, 2000)
    for confidence in (0.95, 0.998):
        lower, upper = clopper_pearson(x, n, confidence)
        excluded = (pi0 < lower) | (pi0 > upper)
        np.testing.assert_array_equal(central_p_value(x, n, pi0) < 1 - confidence, excluded)


def test_minlike_agrees_with_scipys_implementation_of_the_same_rule():
    rng = np.random.default_rng(8)
    for n, x, pi0 in zip(rng.integers(1, 80, 300), rng.random(300), rng.uniform(0.02, 0.98, 300)):
        k = int(x * (n + 1))
        assert minlike_p_value(k, n, pi0) == pytest.approx(stats.binomtest(k, int(n), pi0).pvalue, abs=1e-12)


def test_fractional_counts_are_continuous_and_whole_ones_agree_with_the_binomial():
    assert central_p_value(2.5, 5.0, 0.5) == 1.0     # the two tails are equal at the centre
    assert central_p_value(3.0, 9.0, 0.25) == pytest.approx(2 * stats.binom.sf(2, 9, 0.25), rel=1e-12)
    assert central_p_value(8.0, 9.0, 0.5) < central_p_value(7.6, 9.0, 0.5) < central_p_value(7.0, 9.0, 0.5)


def test_minlike_refuses_fractional_counts_naming_the_units():
    with pytest.raises(InputError, match="whole counts.*unit index 1"):
        minlike_p_value([2.0, 2.5], [4.0, 5.0], 0.5)


def test_the_two_sided_method_is_validated_listing_the_choices():
    with pytest.raises(InputError, match="'central', 'minlike'"):
        two_sided_p_value(1, 2, 0.5, "doubled")


def test_zero_expected_makes_the_null_undefined():
    assert np.isnan(null_proportion([0.0, 5.0], [5.0, 0.0])).all()
    assert np.isnan(central_p_value(1, 2, np.nan))


def test_power_to_detect_a_doubling_with_six_cases_is_hand_computed():
    """E1 = E2, n = 6: only 0 and 6 later cases reject (p = 2/64); under RR = 2 the later share is 2/3."""
    assert detection_power(6, 0.5, 2.0) == pytest.approx((2 / 3) ** 6 + (1 / 3) ** 6, rel=1e-12)
    assert detection_power(3, 0.5, 2.0) == 0.0           # p >= 1/4 whatever happens
    assert detection_power(0, 0.5, 2.0) == 0.0


def test_power_is_the_alternatives_probability_of_the_outcomes_the_test_rejects():
    rng = np.random.default_rng(9)
    for n, pi0 in zip(rng.integers(1, 150, 200), rng.uniform(0.05, 0.95, 200)):
        outcomes = np.arange(n + 1)
        rejected = central_p_value(outcomes, n, pi0) < 0.05
        pi1 = 0.5 * pi0 / (1 - pi0 + 0.5 * pi0)
        rejected_under_halving = stats.binom.pmf(outcomes[rejected], n, pi1).sum()
        assert detection_power(n, pi0, 0.5) == pytest.approx(rejected_under_halving, abs=1e-12)
