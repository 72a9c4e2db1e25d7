"""Poisson and Wilson intervals: PHE rule, edge cases and properties."""
import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy import stats

from phso_insight_plugin.errors import InputError
from phso_insight_plugin.stats.intervals import (
    exact_poisson_lower,
    exact_poisson_upper,
    poisson_count_ci,
    wilson_ci,
)

counts = st.floats(min_value=0, max_value=1e5, allow_nan=False)
expecteds = st.floats(min_value=1e-3, max_value=1e5, allow_nan=False)


def ratio_interval(o, e, confidence):
    lower, upper, _ = poisson_count_ci(o, confidence)
    return lower / e, upper / e


def test_zero_count_has_lower_limit_zero_and_finite_upper():
    lower, upper, method = poisson_count_ci(0, 0.95)
    assert lower == 0.0
    assert upper == pytest.approx(-np.log(0.025), rel=1e-12)  # P(X = 0 | upper) = 2.5%
    assert method == "Exact"


def test_exact_limits_are_gamma_quantiles_for_integer_counts():
    o = np.arange(1, 10)
    np.testing.assert_allclose(exact_poisson_lower(o, 0.95), stats.gamma.ppf(0.025, o), rtol=1e-12)
    np.testing.assert_allclose(exact_poisson_upper(o, 0.95), stats.gamma.ppf(0.975, o + 1), rtol=1e-12)


def test_phe_rule_switches_from_exact_to_byars_at_ten():
    _, _, method = poisson_count_ci([0, 9, 9.99, 10, 10.5, 1000], 0.95)
    assert list(method) == ["Exact", "Exact", "Exact", "Byars", "Byars", "Byars"]


def test_switch_at_ten_changes_interval_width_by_under_one_percent():
    """The only discontinuity of the PHE rule: exact just below 10 vs Byar's at 10."""
    for confidence in (0.95, 0.998):
        lower, upper, _ = poisson_count_ci([10 - 1e-9, 10], confidence)
        width = upper - lower
        assert abs(width[1] / width[0] - 1) < 0.01


def test_fractional_counts_get_finite_limits_between_neighbouring_integers():
    lower, upper, _ = poisson_count_ci([3, 3.5, 4], 0.95)
    assert lower[0] < lower[1] < lower[2]
    assert upper[0] < upper[1] < upper[2]


def test_confidence_outside_zero_one_is_rejected_with_the_value():
    with pytest.raises(InputError, match="95"):
        poisson_count_ci(5, 95)


def test_wilson_interval_is_nan_for_empty_denominator():
    lower, upper = wilson_ci(0, 0, 0.95)
    assert np.isnan(lower) and np.isnan(upper)


@settings(max_examples=300, deadline=None)
@given(o=counts, e=expecteds, confidence=st.sampled_from([0.95, 0.998]))
def test_ratio_interval_contains_the_ratio(o, e, confidence):
    lower, upper = ratio_interval(o, e, confidence)
    assert lower <= o / e <= upper


@settings(max_examples=300, deadline=None)
@given(o=counts, e=expecteds)
def test_99_8_percent_interval_contains_95_percent_interval(o, e):
    lower95, upper95 = ratio_interval(o, e, 0.95)
    lower998, upper998 = ratio_interval(o, e, 0.998)
    assert lower998 <= lower95 and upper95 <= upper998


@settings(max_examples=300, deadline=None)
@given(
    ratio=st.floats(min_value=0.05, max_value=20),
    e_small=st.floats(min_value=0.01, max_value=1e4),
    factor=st.floats(min_value=1.001, max_value=100),
    confidence=st.sampled_from([0.95, 0.998]),
)
def test_ratio_interval_narrows_as_expected_grows_at_fixed_ratio(ratio, e_small, factor, confidence):
    e = np.array([e_small, e_small * factor])
    o = ratio * e
    # Within one method of the PHE rule; the switch at O = 10 is covered by its own test.
    assume((o[0] < 10) == (o[1] < 10))
    lower, upper = ratio_interval(o, e, confidence)
    width = upper - lower
    assert width[1] < width[0]


@settings(max_examples=200, deadline=None)
@given(
    n=st.integers(min_value=1, max_value=10**7),
    share=st.floats(min_value=0, max_value=1),
    confidence=st.sampled_from([0.95, 0.998]),
)
def test_wilson_interval_lies_in_unit_range_and_contains_the_proportion(n, share, confidence):
    x = round(share * n)
    lower, upper = wilson_ci(x, n, confidence)
    assert -1e-12 <= lower <= x / n + 1e-12
    assert x / n - 1e-12 <= upper <= 1 + 1e-12
