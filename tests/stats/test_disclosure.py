"""Disclosure control: counts 1-7 suppressed, others rounded to the nearest 5."""
import numpy as np
import pytest

from phso_insight_plugin.errors import InputError
from phso_insight_plugin.stats.disclosure import suppress_and_round
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
    with pytest.raises(InputError, match="1 negative value.*area index 1"):
        suppress_and_round([3, -1])
