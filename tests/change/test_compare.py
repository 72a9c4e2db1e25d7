"""Change between two periods per unit: the table, edge cases (zero counts, zero expected) and tiers."""
import numpy as np
import pandas as pd
import pytest

from phso_insight_plugin.change.compare import (
    CHANGE_COLUMNS,
    FLAG_NO_CASES,
    FLAG_NONE_BEFORE,
    FLAG_UNDEFINED,
    compare_periods,
)
from phso_insight_plugin.errors import InputError
from phso_insight_plugin.stats.significance import benjamini_hochberg
from tests.stats.nullable import as_list


def one(o1, e1, o2, e2, **options) -> pd.Series:
    return compare_periods([o1], [e1], [o2], [e2], **options).iloc[0]


def test_the_table_has_the_agreed_columns_one_row_per_unit():
    table = compare_periods([10, 20], [12, 18], [15, 25], [14, 20])
    assert list(table.columns) == CHANGE_COLUMNS and len(table) == 2
    assert table.change_tier.dtype == "Int64"


def test_each_period_ratio_and_the_ratio_of_ratios_follow_their_definitions():
    row = one(20, 25.0, 30, 20.0)
    assert (row.ratio_1, row.ratio_2) == (0.8, 1.5)
    assert row.ratio_of_ratios == pytest.approx(1.5 / 0.8, rel=1e-12)


def test_r_poisson_test_example_gives_its_ratio_interval_and_minlike_p():
    row = one(21, 3011.0, 11, 800.0, two_sided="minlike")
    assert row.ratio_of_ratios == pytest.approx(1.971488, abs=5e-7)
    assert (row.rr_lcl95, row.rr_ucl95) == pytest.approx((0.8584264, 4.2772659), abs=5e-8)
    assert row.p_value == pytest.approx(0.07967, abs=5e-6)


def test_no_earlier_case_gives_an_infinite_ratio_a_finite_lower_limit_and_a_flag():
    row = one(0, 10.0, 10, 10.0)
    assert row.ratio_of_ratios == np.inf and row.rr_ucl95 == np.inf
    assert row.rr_lcl95 == pytest.approx(0.025 ** 0.1 / (1 - 0.025 ** 0.1), rel=1e-12)
    assert row.p_value == pytest.approx(2 / 1024, rel=1e-12)
    assert row.change_flag == FLAG_NONE_BEFORE


def test_no_later_case_gives_a_ratio_of_zero_and_a_finite_upper_limit():
    row = one(3, 5.0, 0, 10.0)
    pi_upper = 1 - 0.025 ** (1 / 3)
    assert row.ratio_of_ratios == 0.0 and row.rr_lcl95 == 0.0
    assert row.rr_ucl95 == pytest.approx(pi_upper / (1 - pi_upper) * 5 / 10, rel=1e-12)
    assert row.p_value == pytest.approx(2 * (1 / 3) ** 3, rel=1e-12)   # P(O2 = 0) = (E1/(E1+E2))^3
    assert row.change_flag == ""


def test_no_case_in_either_period_is_too_few_to_say_with_p_one():
    row = one(0, 5.0, 0, 5.0)
    assert np.isnan(row.ratio_of_ratios) and row.p_value == 1.0 and row.power == 0.0
    assert (row.rr_lcl95, row.rr_ucl95) == (0.0, np.inf)
    assert pd.isna(row.change_tier) and row.change_label == "Too few to say" and row.change_flag == FLAG_NO_CASES


@pytest.mark.parametrize("e1, e2", [(0.0, 5.0), (5.0, 0.0), (0.0, 0.0)])
def test_zero_expected_in_a_compared_period_leaves_the_change_undefined(e1, e2):
    row = one(3, e1, 4, e2)
    numbers = row[["ratio_of_ratios", "rr_lcl95", "rr_ucl95", "rr_lcl998", "rr_ucl998", "p_value", "power"]]
    assert numbers.isna().all()
    assert pd.isna(row.change_tier) and row.change_flag == FLAG_UNDEFINED


def test_tiers_follow_p_and_direction_at_95_and_998_percent():
    table = compare_periods([100, 100, 100, 100, 100], [100] * 5, [100, 140, 170, 70, 55], [100] * 5)
    assert as_list(table.change_tier) == [0, 1, 2, -1, -2]
    assert table.change_label.tolist() == ["No clear change", "Increased (95%)", "Significantly increased (99.8%)",
                                           "Decreased (95%)", "Significantly decreased (99.8%)"]


def test_the_95_percent_tier_agrees_with_the_95_percent_interval():
    rng = np.random.default_rng(11)
    e1, e2 = rng.uniform(20, 200, 500), rng.uniform(20, 200, 500)
    table = compare_periods(rng.poisson(e1), e1, rng.poisson(e2 * 1.3), e2)
    significant = table.change_tier.fillna(0).abs() >= 1
    np.testing.assert_array_equal(significant, (table.rr_lcl95 > 1) | (table.rr_ucl95 < 1))


def test_without_power_to_see_a_doubling_no_change_becomes_too_few_to_say():
    """E1 = E2: 80 cases give power 0.82 against a doubling or halving, 70 cases 0.79."""
    table = compare_periods([40, 35], [50.0, 50.0], [40, 35], [50.0, 50.0])
    assert table.power.round(2).tolist() == [0.82, 0.79]
    assert table.change_label.tolist() == ["No clear change", "Too few to say"]


def test_a_significant_change_is_never_hidden_by_the_power_rule():
    row = one(0, 10.0, 10, 10.0)
    assert row.power < 0.8 and row.p_value < 0.002 and row.change_tier == 2


def test_the_power_threshold_and_ratio_are_options():
    row = one(35, 50.0, 35, 50.0, min_power=0.5)
    assert row.change_label == "No clear change"
    assert one(40, 50.0, 40, 50.0, detectable_ratio=1.5).change_label == "Too few to say"


def test_benjamini_hochberg_q_values_across_units_drive_the_tiers():
    """135 against 100 cases is significant at 95% alone (p = 0.026), not among six units (q = 0.16)."""
    o2 = [135, 100, 100, 100, 100, 100]
    table = compare_periods([100] * 6, [100.0] * 6, o2, [100.0] * 6, multiple_testing="bh")
    unadjusted = compare_periods([100] * 6, [100.0] * 6, o2, [100.0] * 6)
    np.testing.assert_allclose(table.q_value, benjamini_hochberg(unadjusted.p_value.to_numpy()))
    assert unadjusted.q_value.isna().all()
    assert unadjusted.p_value[0] == pytest.approx(0.026, abs=5e-4) and unadjusted.change_tier[0] == 1
    assert table.q_value[0] == pytest.approx(6 * unadjusted.p_value[0], rel=1e-12) and table.change_tier[0] == 0


@pytest.mark.parametrize("kwargs, fragment", [
    ({"multiple_testing": "bonferroni"}, "'none' or 'bh'"),
    ({"two_sided": "doubled"}, "'central', 'minlike'"),
    ({"min_power": 1.5}, "min_power"),
])
def test_options_are_validated_with_the_allowed_values(kwargs, fragment):
    with pytest.raises(InputError, match=fragment):
        compare_periods([1], [1.0], [1], [1.0], **kwargs)


def test_counts_must_be_one_per_unit_and_not_negative():
    with pytest.raises(InputError, match="3 values for 2 units"):
        compare_periods([1, 2], [1.0, 1.0], [1, 2, 3], [1.0, 1.0])
    with pytest.raises(InputError, match="negative.*unit index 1"):
        compare_periods([1, -2], [1.0, 1.0], [1, 2], [1.0, 1.0])
