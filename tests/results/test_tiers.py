"""The tier vocabulary: labels in display order, parsing attribute values, counting."""
import math

import pandas as pd
import pytest

from phso_insight_plugin.errors import InputError
from phso_insight_plugin.results.tiers import (
    TIER_KEYS,
    TIER_LABELS,
    TIER_ORDER,
    count_tiers,
    counts_by_label,
    parse_tier,
    parse_tiers,
    tier_rank,
)


class NullVariant:
    """Stands in for a NULL QVariant: the vocabulary reads nulls by ``isNull()``, without importing Qt."""

    def isNull(self) -> bool:
        return True


def test_tiers_run_from_significantly_higher_to_too_few_to_say():
    assert TIER_ORDER == [2, 1, 0, -1, -2, None]
    assert [TIER_LABELS[t] for t in TIER_ORDER][::5] == ["Significantly higher than expected (99.8%)",
                                                        "Too few to say"]
    assert list(TIER_KEYS) == TIER_ORDER


@pytest.mark.parametrize("value, code", [
    (2, 2), (2.0, 2), ("-2", -2), (" 1 ", 1), (0, 0), (None, None), (math.nan, None), (pd.NA, None),
    (NullVariant(), None),
])
def test_attribute_values_are_read_as_tier_codes(value, code):
    assert parse_tier(value) == code


@pytest.mark.parametrize("value", [3, 1.5, "high", -3])
def test_anything_else_is_not_a_tier(value):
    with pytest.raises(ValueError):
        parse_tier(value)


def test_parsing_a_column_gives_nullable_integers():
    codes = parse_tiers([2, None, "-1", 0.0])
    assert codes.dtype == "Int64"
    assert codes.tolist() == [2, pd.NA, -1, 0]


def test_values_that_are_not_tiers_are_an_input_error_naming_layer_field_and_rows():
    with pytest.raises(InputError, match=r"^Layer 'ICBs': field 'tier' should hold tiers \(2, 1, 0, -1, -2 or NULL\) "
                                         r"but has other values in 2 rows \(rows 2, 4\), e\.g\. 'high', 3\.$"):
        parse_tiers([1, 3, 0, "high"], "tier", "Layer 'ICBs'")


def test_counts_list_every_tier_in_display_order_with_zero_for_absent_tiers():
    assert list(count_tiers([0, 0, 2, None, pd.NA]).items()) == [(2, 1), (1, 0), (0, 2), (-1, 0), (-2, 0), (None, 2)]


def test_counts_by_label_keep_the_display_order():
    assert list(counts_by_label({2: 3, None: 1}).items())[::5] == [
        ("Significantly higher than expected (99.8%)", 3), ("Too few to say", 1)]


def test_sorting_by_rank_puts_too_few_to_say_last():
    assert sorted([None, -2, 0, 2], key=tier_rank) == [2, 0, -2, None]
