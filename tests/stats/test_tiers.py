"""Significance tiers and the "too few to say" rule."""
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from phso_insight_plugin.results.tiers import TIER_LABELS, TIER_ORDER, tier_labels
from phso_insight_plugin.stats.tiers import (
    apply_too_few_to_say,
    tiers_from_limits,
    tiers_from_q,
    tiers_from_z,
)
from tests.stats.nullable import as_list


def test_tier_order_runs_from_significantly_higher_to_too_few_to_say():
    assert TIER_ORDER == [2, 1, 0, -1, -2, None]
    assert set(TIER_LABELS) == set(TIER_ORDER)
    assert TIER_LABELS[None] == "Too few to say"


def test_tiers_from_limits_follow_phe_order():
    #                   sig high  high   in line  low    sig low
    lcl95 = np.array([1.2, 1.05, 0.8, 0.5, 0.2])
    ucl95 = np.array([2.0, 1.60, 1.3, 0.95, 0.6])
    lcl998 = np.array([1.01, 0.9, 0.6, 0.4, 0.1])
    ucl998 = np.array([2.5, 2.0, 1.5, 1.1, 0.9])
    assert list(tiers_from_limits(lcl95, ucl95, lcl998, ucl998)) == [2, 1, 0, -1, -2]


def test_tiers_from_limits_are_missing_when_limits_are_undefined():
    tier = tiers_from_limits([np.nan], [np.nan], [np.nan], [np.nan])
    assert tier.dtype == "Int64" and tier.isna().all()


def test_limit_exactly_one_is_not_significant():
    assert list(tiers_from_limits([1.0], [2.0], [0.9], [2.5])) == [0]


def test_tiers_from_q_take_direction_from_observed_minus_expected():
    q = [0.001, 0.001, 0.01, 0.01, 0.2, np.nan]
    o = [10, 1, 10, 1, 10, 5]
    e = [5, 5, 5, 5, 5, 5]
    assert as_list(tiers_from_q(q, o, e)) == [2, -2, 1, -1, 0, None]


def test_tiers_from_z_use_two_sided_95_and_99_8_percent_cut_offs():
    z = [3.1, 3.08, 1.97, 1.95, -1.97, -3.1, np.nan]
    assert as_list(tiers_from_z(z)) == [2, 1, 1, 0, -1, -2, None]


def test_small_expected_not_significant_becomes_too_few_to_say():
    tier = apply_too_few_to_say(pd.array([0, 0, 0], dtype="Int64"), [4.9, 5.0, 50], min_expected=5)
    assert as_list(tier) == [None, 0, 0]


def test_zero_or_missing_expected_is_too_few_to_say():
    tier = apply_too_few_to_say(pd.array([0, 0], dtype="Int64"), [0.0, np.nan], min_expected=0)
    assert tier.isna().all()


@settings(max_examples=200, deadline=None)
@given(
    tier=st.sampled_from([2, 1, -1, -2]),
    expected=st.floats(min_value=1e-6, max_value=1e6),
    min_expected=st.floats(min_value=0, max_value=1e7),
)
def test_too_few_to_say_never_hides_a_significant_tier(tier, expected, min_expected):
    result = apply_too_few_to_say(pd.array([tier], dtype="Int64"), [expected], min_expected)
    assert result[0] == tier


def test_labels_follow_the_tier_codes_and_missing_is_too_few_to_say():
    labels = tier_labels(pd.array([2, 1, 0, -1, -2, None], dtype="Int64"))
    assert list(labels) == [TIER_LABELS[t] for t in TIER_ORDER]


@pytest.mark.parametrize("code", [2, 1, 0, -1, -2])
def test_every_tier_code_has_a_label(code):
    assert tier_labels(pd.array([code], dtype="Int64"))[0] == TIER_LABELS[code]
