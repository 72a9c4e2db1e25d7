"""Expected counts: crude and indirect standardisation, and input validation messages."""
import numpy as np
import pytest

from phso_insight_plugin.errors import InputError
from phso_insight_plugin.stats.expected import expected_counts, reference_rates_from_counts


def test_single_stratum_is_crude_share_of_total():
    observed = np.array([10, 10, 0])
    population = np.array([1000, 3000, 1000])
    np.testing.assert_allclose(expected_counts(observed, population), 20 * population / 5000, rtol=1e-15)


def test_indirect_standardisation_sums_reference_rate_times_population():
    observed = np.array([[1, 9], [3, 7]])
    population = np.array([[100, 300], [300, 100]])
    rates = np.array([4 / 400, 16 / 400])
    want = [100 * rates[0] + 300 * rates[1], 300 * rates[0] + 100 * rates[1]]
    np.testing.assert_allclose(expected_counts(observed, population), want, rtol=1e-15)


def test_expected_counts_add_up_to_observed_total_with_internal_reference():
    rng = np.random.default_rng(3)
    population = rng.integers(0, 5000, size=(50, 6))
    observed = rng.poisson(population * 0.01)
    assert expected_counts(observed, population).sum() == pytest.approx(observed.sum(), rel=1e-12)


def test_supplied_reference_rates_replace_the_input_totals():
    population = np.array([[100, 200], [50, 50]])
    got = expected_counts(np.zeros((2, 2)), population, reference_rates=[0.1, 0.01])
    np.testing.assert_allclose(got, [12.0, 5.5], rtol=1e-15)


def test_reference_rate_is_zero_where_stratum_has_no_population_and_no_cases():
    np.testing.assert_array_equal(reference_rates_from_counts([2, 0], [100, 0]), [0.02, 0.0])


def test_stratum_with_cases_but_no_reference_population_is_named():
    with pytest.raises(InputError, match="stratum column 1"):
        reference_rates_from_counts([2, 5], [100, 0])


def test_internal_reference_stratum_with_cases_but_no_population_is_named():
    observed = np.array([[1, 2, 0], [1, 0, 0]])
    population = np.array([[10, 0, 5], [10, 0, 5]])
    with pytest.raises(InputError, match="stratum column 1"):
        expected_counts(observed, population)


def test_shape_mismatch_reports_both_shapes():
    with pytest.raises(InputError, match=r"\(3, 2\).*\(3, 1\)"):
        expected_counts(np.ones((3, 2)), np.ones((3, 1)))


def test_negative_population_names_column_rows_and_count():
    population = np.ones((12, 3))
    population[[2, 5], 1] = -1
    with pytest.raises(InputError) as excinfo:
        expected_counts(np.ones((12, 3)), population)
    message = str(excinfo.value)
    assert "population has 2 negative value(s) in 2 of 12 rows" in message
    assert "stratum column(s) 1 at area index 2, 5" in message


def test_missing_observed_value_is_reported_as_missing():
    observed = np.array([1.0, np.nan, 3.0])
    with pytest.raises(InputError, match=r"observed counts has 1 missing \(NaN\).*area index 1"):
        expected_counts(observed, [10, 10, 10])


def test_long_lists_of_bad_rows_are_truncated_with_a_count():
    population = -np.ones(25)
    with pytest.raises(InputError, match="and 15 more"):
        expected_counts(np.ones(25), population)


def test_zero_total_population_is_rejected():
    with pytest.raises(InputError, match="total population is zero"):
        expected_counts([0, 0], [0, 0])


def test_wrong_number_of_reference_rates_is_rejected():
    with pytest.raises(InputError, match="3 reference rates given for 2 strata"):
        expected_counts(np.ones((2, 2)), np.ones((2, 2)), reference_rates=[0.1, 0.1, 0.1])
