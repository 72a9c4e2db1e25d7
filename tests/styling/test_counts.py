"""Areas per tier for legends: every tier listed, NULL and NaN counted as "too few to say", bad values named."""
import pytest
from qgis.core import NULL

from phso_insight_plugin.errors import InputError
from phso_insight_plugin.styling.counts import layer_tier_counts, tier_counts
from tests.styling.helpers import tier_layer


def test_counts_every_tier_in_order_with_zero_for_absent_tiers():
    assert tier_counts([2, 2, -1, None]) == {2: 2, 1: 0, 0: 0, -1: 1, -2: 0, None: 1}


def test_null_nan_and_whole_number_text_or_floats_are_read_as_tiers():
    assert tier_counts([NULL, float("nan"), 2.0, "-2"]) == {2: 1, 1: 0, 0: 0, -1: 0, -2: 1, None: 2}


def test_values_that_are_not_tiers_are_an_input_error_naming_rows():
    with pytest.raises(InputError, match=r"Field 'tier' should hold tiers .* in 2 rows \(rows 2, 4\), e.g. 'high', 3"):
        tier_counts([1, 3, 0, "high"])


def test_layer_counts_read_the_tier_field_of_every_feature(qgis_app):
    assert layer_tier_counts(tier_layer([1, 1, None, 0])) == {2: 0, 1: 2, 0: 1, -1: 0, -2: 0, None: 1}
