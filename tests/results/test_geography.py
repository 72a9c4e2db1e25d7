"""What the areas are called, from their ONS codes or, failing that, ONS-style field names."""
import pandas as pd
import pytest

from phso_insight_plugin.results.geography import (
    AREAS,
    GEOGRAPHIES,
    area_code_field,
    geography_by_key,
    geography_of_codes,
    geography_of_fields,
)


@pytest.mark.parametrize("codes, title", [
    (["E14001901", "E14001902"], "Constituencies"),
    (["E54000008", "E54000027"], "Integrated care boards (ICBs)"),
    (["E01000001", "W01000001"], "Small areas (LSOAs)"),
    (["E38000001"], "Sub-ICB locations"),
    (["E09000007", "E08000003", "E06000001", "E07000008"], "Local authorities"),
])
def test_ons_code_prefixes_name_the_geography_in_words(codes, title):
    assert geography_of_codes(codes).title == title


def test_blank_codes_are_skipped_but_other_text_or_mixed_geographies_name_nothing():
    assert geography_of_codes(["E14001901", None, ""]).key == "PCON"
    assert geography_of_codes(["E14001901", "Brackenmoor"]) is None
    assert geography_of_codes(["E14001901", "E54000008"]) is None
    assert geography_of_codes([]) is None


def test_the_areas_own_code_field_holds_one_distinct_code_per_row():
    frame = pd.DataFrame({"ICB23CD": ["E54000008", "E54000008"], "LSOA21CD": ["E01000001", "E01000002"],
                          "cases": [3, 4]})
    assert area_code_field(frame) == ("LSOA21CD", GEOGRAPHIES["LSOA"])


def test_a_table_without_ons_codes_has_no_code_field():
    assert area_code_field(pd.DataFrame({"name": ["A", "B"], "code": [1, 2]})) is None


@pytest.mark.parametrize("fields, name, plural", [
    (["PCON24CD", "PCON24NM"], "PCON24NM", "constituencies"),
    (["LSOA21CD", "LSOA21NM"], "LSOA21NM", "small areas (LSOAs)"),
    (["code", "ICB23CD"], "name", "integrated care boards (ICBs)"),
])
def test_ons_field_names_name_the_geography_when_codes_do_not(fields, name, plural):
    assert geography_of_fields(fields, name).plural == plural


def test_unknown_geographies_are_areas():
    assert geography_of_fields(["code", "name"], "name") is None
    assert geography_by_key("") is AREAS and geography_by_key("XYZ") is AREAS
    assert AREAS.title == "Areas"
