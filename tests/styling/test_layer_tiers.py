"""Areas per tier of a layer, for the legends: every tier listed, NULL counted as "too few to say", bad values named."""
import pytest
from qgis.core import NULL

from phso_insight_plugin.errors import InputError
from phso_insight_plugin.styling.layer_tiers import layer_tier_counts
from tests.layers import memory_layer
from tests.styling.helpers import tier_layer


def test_layer_counts_read_the_tier_field_of_every_feature(qgis_app):
    assert layer_tier_counts(tier_layer([1, 1, None, 0])) == {2: 0, 1: 2, 0: 1, -1: 0, -2: 0, None: 1}


def test_null_attributes_and_whole_number_text_are_read_as_tiers(qgis_app):
    layer = memory_layer({"tier": [NULL, "2", "-2", "2"]}, types={"tier": str})
    assert layer_tier_counts(layer) == {2: 2, 1: 0, 0: 0, -1: 0, -2: 1, None: 1}


def test_a_value_that_is_not_a_tier_is_an_input_error_naming_the_layer_and_row(qgis_app):
    layer = memory_layer({"tier": ["1", "high"]})
    layer.setName("ICBs")
    with pytest.raises(InputError, match=r"Layer 'ICBs': field 'tier' should hold tiers .* in 1 row \(row 2\), "
                                         r"e\.g\. 'high'\."):
        layer_tier_counts(layer)
