"""Change, trend and persistence tiers: labels, the 'too few to say' rule and persistence."""
import numpy as np
import pandas as pd
import pytest

from phso_insight_plugin.change.tiers import (
    check_power_options,
    persistence,
    significance_tiers,
    tier_counts,
    tier_labels,
    too_few_to_say,
)
from phso_insight_plugin.errors import InputError
from phso_insight_plugin.results.change_tiers import CHANGE_TIER_LABELS, PERSISTENCE_LABELS, TREND_TIER_LABELS
from tests.stats.nullable import as_list


def test_change_labels_are_the_six_agreed_ones_in_order():
    assert list(CHANGE_TIER_LABELS.values()) == [
        "Significantly increased (99.8%)", "Increased (95%)", "No clear change", "Decreased (95%)",
        "Significantly decreased (99.8%)", "Too few to say"]


def test_trend_labels_mirror_the_change_labels():
    assert list(TREND_TIER_LABELS) == list(CHANGE_TIER_LABELS) and TREND_TIER_LABELS[None] == "Too few to say"


def test_significance_tiers_use_p_thresholds_and_the_sign_of_the_direction():
    tiers = significance_tiers([0.001, 0.01, 0.2, 0.01, 0.0019, np.nan], [1.0, 2.0, 3.0, -1.0, -5.0, 1.0])
    assert as_list(tiers) == [2, 1, 0, -1, -2, None]


def test_too_few_to_say_hides_only_non_significant_results_without_power():
    tiers = too_few_to_say(pd.array([0, 0, 2, -1, 0], dtype="Int64"), [0.5, 0.9, 0.1, 0.0, np.nan], 0.8)
    assert as_list(tiers) == [None, 0, 2, -1, None]


def test_labels_follow_the_codes_with_na_as_too_few_to_say():
    labels = tier_labels(pd.array([2, None, -1], dtype="Int64"), CHANGE_TIER_LABELS)
    assert labels.tolist() == ["Significantly increased (99.8%)", "Too few to say", "Decreased (95%)"]


def test_tier_counts_list_every_label_in_order_with_zeros():
    counts = tier_counts(["Increased (95%)", "Increased (95%)", "Too few to say"], CHANGE_TIER_LABELS)
    assert list(counts) == list(CHANGE_TIER_LABELS.values())
    assert counts["Increased (95%)"] == 2 and counts["No clear change"] == 0 and sum(counts.values()) == 3


def test_persistence_needs_a_significant_tier_of_the_same_sign_in_every_period():
    tiers = pd.DataFrame({"a": pd.array([1, 2, -1, 1, 1], dtype="Int64"),
                          "b": pd.array([2, 0, -2, None, -1], dtype="Int64")})
    assert as_list(persistence(tiers)) == [1, 0, -1, 0, 0]
    assert PERSISTENCE_LABELS[1] == "Higher than expected in every period"


@pytest.mark.parametrize("min_power, ratio, fragment", [
    (1.0, 2.0, "min_power"), (-0.1, 2.0, "min_power"), (0.8, 1.0, "detectable_ratio"), (0.8, 0.5, "above 1")])
def test_power_options_are_validated(min_power, ratio, fragment):
    with pytest.raises(InputError, match=fragment):
        check_power_options(min_power, ratio)
