"""Which field names the areas, and how repeated titles are told apart (numbers: tests/results)."""
import pytest

from phso_insight_plugin.errors import InputError
from phso_insight_plugin.report.naming import distinct_titles, name_field


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


def test_repeated_layer_names_are_numbered():
    assert distinct_titles(["Representation", "Representation", "icb"]) == \
        ["Representation", "Representation (2)", "icb"]
