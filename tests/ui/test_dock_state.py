"""The dock's remembered choices survive their text encoding."""
from phso_insight_plugin.ui.dock_state import DockState


def test_every_kind_of_value_round_trips_through_entries():
    state = DockState(layer_id="areas_1", comparison="strata", observed_prefix="cases_", multiple_testing="bh",
                      min_expected=2.5, palette="RdBu", show_labels=True, hidden_tiers=[0, None])
    assert DockState.from_entries(state.to_entries()) == state


def test_missing_entries_keep_defaults():
    assert DockState.from_entries({"palette": '"Greyscale"'}) == DockState(palette="Greyscale")


def test_unreadable_or_mistyped_entries_keep_defaults():
    restored = DockState.from_entries({"min_expected": "not json", "show_labels": '"yes"', "overdispersion": "true",
                                       "comparison": '"nonsense"'})
    assert restored == DockState()


def test_whole_number_minimum_expected_is_read_as_a_float():
    restored = DockState.from_entries({"min_expected": "10"})
    assert restored.min_expected == 10.0 and isinstance(restored.min_expected, float)
