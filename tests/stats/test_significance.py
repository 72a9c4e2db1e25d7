"""Exact Poisson p-values, Benjamini-Hochberg q-values and z-scores."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from phso_insight_plugin.errors import InputError
from phso_insight_plugin.stats.intervals import exact_poisson_lower, exact_poisson_upper
from phso_insight_plugin.stats.significance import benjamini_hochberg, poisson_p_value, z_scores


def test_poisson_p_value_doubles_the_smaller_tail():
    o = np.array([0, 2, 8, 30])
    e = np.array([3.0, 6.0, 3.0, 30.0])
    lower = stats.poisson.cdf(o, e)
    upper = stats.poisson.sf(o - 1, e)
    want = np.minimum(1, 2 * np.minimum(lower, upper))
    np.testing.assert_allclose(poisson_p_value(o, e), want, rtol=1e-10)


def test_poisson_p_value_is_nan_when_expected_is_zero():
    assert np.isnan(poisson_p_value([0, 4], [0, 0])).all()


def test_poisson_p_value_is_one_when_observed_equals_expected_at_zero():
    assert poisson_p_value(0, 1e-9) == pytest.approx(1.0)


@settings(max_examples=200, deadline=None)
@given(o=st.integers(min_value=0, max_value=500), e=st.floats(min_value=0.01, max_value=1000))
def test_p_below_5_percent_exactly_when_expected_is_outside_exact_95_interval(o, e):
    lower, upper = exact_poisson_lower(o, 0.95), exact_poisson_upper(o, 0.95)
    distance = min(abs(e - lower), abs(e - upper)) / e
    if distance > 1e-9:  # away from the boundary itself
        assert (poisson_p_value(o, e) < 0.05) == (e < lower or e > upper)


def test_benjamini_hochberg_hand_example():
    """Sorted p 0.005, 0.01, 0.03, 0.04 -> 4p/rank 0.02, 0.02, 0.04, 0.04, already monotone."""
    np.testing.assert_allclose(benjamini_hochberg([0.01, 0.04, 0.03, 0.005]), [0.02, 0.04, 0.04, 0.02])


def test_benjamini_hochberg_step_up_takes_minimum_over_larger_p():
    """p 0.01, 0.02, 0.021 (m = 3): raw 0.03, 0.03, 0.021 -> step-up 0.021 for all."""
    np.testing.assert_allclose(benjamini_hochberg([0.021, 0.01, 0.02]), [0.021, 0.021, 0.021])


def test_benjamini_hochberg_caps_at_one():
    np.testing.assert_allclose(benjamini_hochberg([0.9, 0.8]), [0.9, 0.9])
    assert benjamini_hochberg([0.6, 0.7, 1.0]).max() == 1.0


def test_benjamini_hochberg_ignores_nan_and_keeps_it():
    q = benjamini_hochberg([0.01, np.nan, 0.04, 0.03, 0.005])
    assert np.isnan(q[1])
    np.testing.assert_allclose(q[[0, 2, 3, 4]], [0.02, 0.04, 0.04, 0.02])


def test_benjamini_hochberg_of_all_nan_is_all_nan():
    assert np.isnan(benjamini_hochberg([np.nan, np.nan])).all()


def test_benjamini_hochberg_rejects_matrices():
    with pytest.raises(InputError, match="one-dimensional"):
        benjamini_hochberg(np.ones((2, 2)))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(min_value=0, max_value=1), min_size=1, max_size=50))
def test_q_values_are_at_least_p_and_keep_their_order(p):
    p = np.array(p)
    q = benjamini_hochberg(p)
    assert (q >= p - 1e-15).all() and (q <= 1).all()
    order = np.argsort(p, kind="stable")
    assert (np.diff(q[order]) >= -1e-15).all()


def test_sqrt_z_score_is_twice_difference_of_roots():
    np.testing.assert_allclose(z_scores([0, 16, 9], [4, 4, 16]), [-4.0, 4.0, -2.0])


def test_log_z_score_is_log_ratio_times_root_expected_and_nan_at_zero():
    z = z_scores([0, 8], [4, 4], transform="log")
    assert np.isnan(z[0])
    assert z[1] == pytest.approx(np.log(2) * 2)


def test_z_score_is_nan_when_expected_is_zero():
    assert np.isnan(z_scores([3, 0], [0, 0])).all()


def test_unknown_transform_is_rejected():
    with pytest.raises(InputError, match="'sqrt' or 'log'"):
        z_scores([1], [1], transform="logit")
