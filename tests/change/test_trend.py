"""Score test for a log-linear trend (Breslow & Day): hand-computed examples, power and edge cases."""
import numpy as np
import pytest
from scipy import stats

from phso_insight_plugin.change.trend import TREND_COLUMNS, score_statistics, trend_test
from phso_insight_plugin.errors import InputError


def test_rising_counts_against_level_expected_counts_give_the_hand_computed_score():
    """O = 10, 20, 30; E = 20 each; t = 0, 1, 2: U = 20, V = 100 - 60^2/60 = 40, z = sqrt(10)."""
    u, v = score_statistics([[10, 20, 30]], [[20, 20, 20]])
    assert (u[0], v[0]) == pytest.approx((20.0, 40.0), rel=1e-12)
    row = trend_test([[10, 20, 30]], [[20, 20, 20]]).iloc[0]
    assert row.trend_z == pytest.approx(np.sqrt(10), rel=1e-12)
    assert row.trend_p == pytest.approx(2 * stats.norm.sf(np.sqrt(10)), rel=1e-12)


def test_expected_counts_are_rescaled_to_the_units_total_before_scoring():
    """O = 5, 5, 10; E = 10, 20, 10 -> E* = 5, 10, 5; U = -5 + 2*5 = 5, V = 30 - 20^2/20 = 10."""
    u, v = score_statistics([[5, 5, 10]], [[10, 20, 10]])
    assert (u[0], v[0]) == pytest.approx((5.0, 10.0), rel=1e-12)


def test_scores_can_space_the_periods_unequally():
    """Scores 0, 1, 3: U = -5 + 3*5 = 10, V = (10 + 45) - 25^2/20 = 23.75."""
    row = trend_test([[5, 5, 10]], [[10, 20, 10]], scores=[0, 1, 3]).iloc[0]
    assert row.trend_z == pytest.approx(10 / np.sqrt(23.75), rel=1e-12)


def test_shifting_the_scores_does_not_change_the_test():
    a = trend_test([[12, 9, 20, 25]], [[15, 15, 16, 18]], scores=[0, 1, 2, 3]).trend_z[0]
    b = trend_test([[12, 9, 20, 25]], [[15, 15, 16, 18]], scores=[2021, 2022, 2023, 2024]).trend_z[0]
    assert a == pytest.approx(b, rel=1e-9)


def test_falling_ratios_give_a_negative_score_and_a_falling_tier():
    row = trend_test([[60, 40, 20]], [[40, 40, 40]]).iloc[0]
    assert row.trend_z < 0 and row.trend_tier == -2 and row.trend_label == "Significantly falling (99.8%)"


def test_counts_in_proportion_to_expected_show_no_trend():
    row = trend_test([[50, 100, 150]], [[10, 20, 30]]).iloc[0]
    assert row.trend_z == pytest.approx(0.0, abs=1e-12) and row.trend_label == "No clear trend"


def test_power_is_the_normal_approximation_against_a_doubling_over_the_span():
    """V = 40, span 2: beta sqrt(V) = ln(2)/2 * sqrt(40) = 2.1919..."""
    row = trend_test([[10, 20, 30]], [[20, 20, 20]]).iloc[0]
    shift = np.log(2) / 2 * np.sqrt(40)
    critical = stats.norm.ppf(0.975)
    assert row.trend_power == pytest.approx(stats.norm.cdf(shift - critical) + stats.norm.cdf(-shift - critical))


def test_a_significant_trend_is_kept_even_without_power_to_see_a_doubling():
    row = trend_test([[10, 20, 30]], [[20, 20, 20]]).iloc[0]
    assert row.trend_power < 0.8 and row.trend_tier == 2


def test_a_non_significant_trend_without_power_is_too_few_to_say():
    row = trend_test([[3, 2, 4]], [[3, 3, 3]]).iloc[0]
    assert row.trend_power < 0.8 and row.trend_label == "Too few to say"


def test_a_unit_without_cases_has_no_trend():
    row = trend_test([[0, 0, 0], [5, 6, 7]], [[3, 3, 3], [6, 6, 6]]).iloc[0]
    assert np.isnan(row.trend_z) and np.isnan(row.trend_p) and row.trend_label == "Too few to say"


def test_benjamini_hochberg_adds_q_values_across_units():
    table = trend_test([[10, 20, 30], [20, 20, 20]], [[20, 20, 20]] * 2, multiple_testing="bh")
    assert list(table.columns) == TREND_COLUMNS
    assert table.trend_p[1] == pytest.approx(1.0)           # z = 0
    assert table.trend_q[0] == pytest.approx(2 * table.trend_p[0], rel=1e-12)   # m = 2, rank 1


@pytest.mark.parametrize("observed, expected, kwargs, fragment", [
    ([[1, 2]], [[1, 2]], {}, "at least 3 periods"),
    ([[1, 2, 3]], [[1, 2]], {}, "units x periods"),
    ([[1, 2, 3]], [[1, 2, 3]], {"scores": [1, 1, 1]}, "not all equal"),
    ([[1, 2, 3]], [[1, 2, 3]], {"scores": [0, 1]}, "give 3 finite period scores"),
    ([[1, -2, 3]], [[1, 2, 3]], {}, "negative"),
])
def test_bad_input_is_refused_with_a_sentence(observed, expected, kwargs, fragment):
    with pytest.raises(InputError, match=fragment):
        trend_test(observed, expected, **kwargs)
