"""Counting case rows into a units x periods x strata array."""
import numpy as np
import pytest

from phso_insight_plugin.change.counts import tabulate
from phso_insight_plugin.errors import InputError


def test_cases_are_counted_by_unit_and_period_with_empty_periods_as_zero():
    cube = tabulate(["b", "a", "b", "b"], [0, 2, 2, 0], n_periods=3)
    assert cube.units.tolist() == ["a", "b"] and cube.strata == [None]
    assert cube.observed[:, :, 0].tolist() == [[0, 0, 1], [2, 0, 1]]


def test_excluded_rows_are_not_counted():
    cube = tabulate(["a", "a", "a"], [0, -1, 1], n_periods=2)
    assert cube.observed.sum() == 2


def test_given_units_keep_their_order_and_units_without_cases():
    cube = tabulate(["a"], [0], n_periods=1, units=["c", "a", "b"])
    assert cube.units.tolist() == ["c", "a", "b"] and cube.observed[:, 0, 0].tolist() == [0, 1, 0]


def test_rows_of_units_not_given_are_reported_not_counted():
    cube = tabulate(["a", "x", "a", "y"], [0, 0, -1, 1], n_periods=2, units=["a"])
    assert cube.unmatched.tolist() == [1, 3] and cube.observed.sum() == 1


def test_strata_split_the_counts_in_the_given_order():
    cube = tabulate(["a", "a", "a"], [0, 0, 1], 2, stratum=["65+", "0-15", "65+"], strata=["0-15", "65+"])
    assert cube.observed[0].tolist() == [[1, 1], [0, 1]]


def test_a_stratum_not_in_the_population_is_an_error_naming_it():
    with pytest.raises(InputError, match=r"'75\+' \(2 cases\)"):
        tabulate(["a", "a"], [0, 0], 1, stratum=["75+", "75+"], strata=["0-15", "65+"])


def test_weights_add_fractions_of_cases():
    cube = tabulate(["a", "a", "b"], [0, 0, 0], 1, weight=[0.25, 0.5, 1.0])
    np.testing.assert_allclose(cube.observed[:, 0, 0], [0.75, 1.0])


def test_negative_weights_are_refused():
    with pytest.raises(InputError, match="case weights has 1 negative"):
        tabulate(["a", "b"], [0, 0], 1, weight=[1.0, -1.0])


def test_one_period_position_per_case():
    with pytest.raises(InputError, match="2 units given for 3 period positions"):
        tabulate(["a", "b"], [0, 0, 0], 1)
