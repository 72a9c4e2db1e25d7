"""Disclosure control: counts 1-7 suppressed, others rounded to the nearest 5."""
import numpy as np
import pytest

from phso_insight_plugin.errors import InputError
from phso_insight_plugin.results.disclosure import (
    NHS_DISCLOSURE,
    DisclosurePolicy,
    suppress_and_round,
)
from tests.stats.nullable import as_list


def test_published_examples():
    got = suppress_and_round([0, 3, 7, 8, 12, 13, 1, 100])
    assert as_list(got) == [0, None, None, 10, 10, 15, None, 100]


def test_halves_round_up():
    assert list(suppress_and_round([12.5, 17.5, 22.4])) == [15, 20, 20]


def test_fractional_counts_are_rounded_to_whole_numbers_first():
    got = suppress_and_round([0.4, 0.5, 7.4, 7.5])
    assert as_list(got) == [0, None, None, 10]


def test_missing_counts_stay_missing():
    got = suppress_and_round([np.nan, 20])
    assert got.isna().tolist() == [True, False]


def test_custom_thresholds_and_base():
    assert as_list(suppress_and_round([4, 5, 14], low=1, high=4, base=10)) == [None, 10, 10]


def test_negative_counts_are_rejected_with_their_rows():
    with pytest.raises(InputError, match=r"Counts cannot be negative: 1 row \(row 2\) with a negative count"):
        suppress_and_round([3, -1])


def test_the_nhs_policy_suppresses_1_to_7_and_prints_them_as_less_than_8():
    assert as_list(NHS_DISCLOSURE.publishable([1, 7, 8, 22.5])) == [None, None, 10, 25]
    assert NHS_DISCLOSURE.suppressed_text == "<8"


def test_every_statement_quotes_the_policy_thresholds():
    policy = DisclosurePolicy(low=1, high=9, base=10)
    assert "counts of 1 to 9 are suppressed (NULL)" in policy.layer_statement(["observed"])
    assert "nearest 10 in the fields observed," in policy.layer_statement(["observed"])
    assert "(suppress 1 to 9, round to 10)" in policy.unrounded_layer_statement()
    assert "shown as “<10”" in policy.report_statement(True)
