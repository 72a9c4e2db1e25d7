"""Representation per unit and period, with expected counts standardised within each period."""
import numpy as np
import pandas as pd
import pytest

from phso_insight_plugin.change.by_period import BY_PERIOD_COLUMNS, ratios_by_period
from phso_insight_plugin.errors import InputError
from phso_insight_plugin.results.columns import REPRESENTATION
from phso_insight_plugin.stats.representation import representation

OBSERVED = np.array([[30, 45], [10, 25], [20, 20]])          # 3 units x 2 periods
POPULATION = np.array([1000.0, 500.0, 800.0])
AGE_OBSERVED = np.array([[[10, 20], [15, 30]], [[4, 6], [10, 15]], [[12, 8], [9, 11]]])   # 3 x 2 periods x 2 strata
AGE_POPULATION = np.array([[600.0, 400.0], [300.0, 200.0], [500.0, 300.0]])


def test_the_long_table_has_one_row_per_unit_and_period_unit_by_unit():
    table = ratios_by_period(OBSERVED, ["A", "B"], ["x", "y", "z"], population=POPULATION).table
    assert list(table.columns) == BY_PERIOD_COLUMNS
    assert table.unit.tolist() == ["x", "x", "y", "y", "z", "z"]
    assert table.period.tolist() == ["A", "B"] * 3
    assert table.observed.tolist() == OBSERVED.ravel().tolist()


def test_crude_expected_counts_share_out_each_periods_own_total():
    result = ratios_by_period(OBSERVED, ["A", "B"], population=POPULATION)
    np.testing.assert_allclose(result.expected.sum(axis=0), OBSERVED.sum(axis=0))
    np.testing.assert_allclose(result.expected[:, 1], OBSERVED[:, 1].sum() * POPULATION / POPULATION.sum())


def test_a_rise_in_total_demand_does_not_change_any_ratio():
    twice_as_many_later = np.column_stack([OBSERVED[:, 0], 2 * OBSERVED[:, 0]])
    table = ratios_by_period(twice_as_many_later, ["A", "B"], population=POPULATION).table
    np.testing.assert_allclose(table.ratio[0::2].to_numpy(), table.ratio[1::2].to_numpy())


def test_each_period_is_exactly_representation_run_on_that_period_alone():
    table = ratios_by_period(AGE_OBSERVED, ["A", "B"], population=AGE_POPULATION, multiple_testing="bh").table
    for k, label in enumerate(["A", "B"]):
        alone = representation(AGE_OBSERVED[:, k], AGE_POPULATION, multiple_testing="bh").table
        mine = table[table.period == label].reset_index(drop=True)[REPRESENTATION.names]
        pd.testing.assert_frame_equal(mine, alone)


def test_strata_standardise_indirectly_within_each_period():
    result = ratios_by_period(AGE_OBSERVED, ["A", "B"], population=AGE_POPULATION)
    rates = AGE_OBSERVED[:, 1].sum(axis=0) / AGE_POPULATION.sum(axis=0)
    np.testing.assert_allclose(result.expected[:, 1], AGE_POPULATION @ rates)
    assert result.method == "Indirectly standardised over 2 strata against the study total"


def test_a_population_per_period_is_used_for_its_period():
    by_period = np.column_stack([POPULATION, POPULATION[::-1]])
    result = ratios_by_period(OBSERVED, ["A", "B"], population_by_period=by_period)
    np.testing.assert_allclose(result.expected[:, 1], OBSERVED[:, 1].sum() * POPULATION[::-1] / POPULATION.sum())


def test_expected_counts_can_be_given_per_unit_and_period():
    expected = np.array([[25.0, 40.0], [15.0, 30.0], [20.0, 20.0]])
    result = ratios_by_period(OBSERVED, ["A", "B"], expected=expected)
    np.testing.assert_allclose(result.table.ratio, (OBSERVED / expected).ravel())


def test_tiers_are_returned_per_unit_and_period_with_nan_for_too_few():
    result = ratios_by_period(np.array([[90, 90], [10, 10], [0, 1]]), ["A", "B"], population=[1000.0, 1000.0, 30.0])
    assert result.tiers.shape == (3, 2)
    assert result.tiers[0, 0] == 2 and result.tiers[1, 1] == -2 and np.isnan(result.tiers[2, 0])


@pytest.mark.parametrize("kwargs, fragment", [
    ({"population": POPULATION, "expected": OBSERVED}, "exactly one of population"),
    ({}, "exactly one of population"),
    ({"population": POPULATION[:2]}, r"needs shape \(3, 1\)"),
    ({"population_by_period": np.ones((3, 3))}, r"needs shape \(3, 2, 1\)"),
    ({"expected": np.ones((3, 3))}, "one per unit and period"),
])
def test_inconsistent_shapes_are_refused_naming_the_input(kwargs, fragment):
    with pytest.raises(InputError, match=fragment):
        ratios_by_period(OBSERVED, ["A", "B"], **kwargs)


def test_period_labels_must_match_the_period_columns():
    with pytest.raises(InputError, match="2 period columns but 3 period labels"):
        ratios_by_period(OBSERVED, ["A", "B", "C"], population=POPULATION)


def test_unit_labels_must_match_the_rows():
    with pytest.raises(InputError, match="2 unit labels given for 3 units"):
        ratios_by_period(OBSERVED, ["A", "B"], ["x", "y"], population=POPULATION)
