"""How numbers are printed, which field names the areas and what the areas are called."""
import pytest

from phso_insight_plugin.errors import InputError
from phso_insight_plugin.report.naming import AREAS, GEOGRAPHY_NOUNS, area_noun, distinct_titles, name_field
from phso_insight_plugin.report.numbers import count_text, ratio_with_interval, share_text


@pytest.mark.parametrize("count, safe, printed", [
    (3, True, "<8"), (7, True, "<8"), (8, True, "10"), (12, True, "10"), (0, True, "0"), (4952, True, "4,950"),
    (3, False, "3"), (802.55, False, "803"), (4952, False, "4,952"), (None, True, "–"),
])
def test_counts_are_suppressed_and_rounded_only_when_publication_safe(count, safe, printed):
    assert count_text(count, safe) == printed


def test_ratio_is_printed_with_its_95_percent_interval():
    assert ratio_with_interval(1.4299, 1.3327, 1.5323) == "1.43 (1.33 to 1.53)"


@pytest.mark.parametrize("share, printed", [(0.18, "18%"), (0.074, "7.4%"), (0.0, "0%"), (0.0999, "10%")])
def test_shares_are_whole_percentages_from_ten_percent(share, printed):
    assert share_text(share) == printed


def test_ons_name_field_is_preferred_to_the_code_and_other_text():
    fields = [("PCON24CD", True), ("ci_method", True), ("PCON24NM", True), ("observed", False)]
    assert name_field(fields) == "PCON24NM"


def test_a_field_called_name_is_used_when_there_is_no_ons_name():
    assert name_field([("code", True), ("area_name", True)]) == "area_name"


def test_the_first_text_field_that_is_not_a_result_is_the_last_resort():
    assert name_field([("tier_label", True), ("ward", True), ("observed", False)]) == "ward"


def test_the_chosen_name_field_wins_when_the_layer_has_it():
    assert name_field([("LSOA21NM", True), ("label", True)], chosen="label") == "label"


def test_a_layer_without_text_fields_needs_a_name_field():
    with pytest.raises(InputError, match="No text field to name the areas"):
        name_field([("observed", False), ("tier_label", True)])


@pytest.mark.parametrize("fields, name, plural", [
    (["PCON24CD", "PCON24NM"], "PCON24NM", "constituencies"),
    (["LSOA21CD", "LSOA21NM", "ICB23CD"], "LSOA21NM", "small areas (LSOAs)"),
    (["ICB23CD", "label"], "label", "integrated care boards (ICBs)"),
    (["code", "name"], "name", "areas"),
])
def test_areas_are_called_after_their_ons_geography(fields, name, plural):
    assert area_noun(fields, name).plural == plural


def test_unknown_geographies_are_areas():
    assert area_noun(["XYZ99CD"], "XYZ99CD") == AREAS and "XYZ" not in GEOGRAPHY_NOUNS


def test_repeated_layer_names_are_numbered():
    assert distinct_titles(["Representation", "Representation", "icb"]) == \
        ["Representation", "Representation (2)", "icb"]
