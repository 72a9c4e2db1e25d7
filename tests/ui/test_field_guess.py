"""First guesses for the field pickers."""
from phso_insight_plugin.ui.field_guess import (
    guess_area_code_fields,
    guess_fields,
    guess_postcode_field,
    guess_strata_prefixes,
)

SAMPLE_LSOA = ["fid", "LSOA21CD", "LSOA21NM", "ICB23CD", "imd_decile", "pop_total", "pop_age_0_15", "pop_female"]


def test_ons_names_and_total_population_are_recognised():
    assert guess_fields(SAMPLE_LSOA) == {"name_field": "LSOA21NM", "population_field": "pop_total"}


def test_count_fields_are_recognised_by_what_they_say():
    assert guess_fields(["code", "name", "cases", "population", "expected_cases"]) == {
        "name_field": "name", "observed_field": "cases", "population_field": "population",
        "expected_field": "expected_cases"}


def test_fields_that_merely_start_like_a_role_are_not_guessed():
    assert guess_fields(["fid", "cases_0_15", "pop_age_0_15", "casesnote"]) == {}


def test_postcode_field_prefers_the_display_form():
    assert guess_postcode_field(["pcd7", "pcds", "lsoa21cd"]) == "pcds"
    assert guess_postcode_field(["Postcode", "area"]) == "Postcode"


def test_area_codes_pair_across_spellings_of_the_same_ons_code():
    table = ["pcd7", "pcds", "lsoa21cd", "pcon24cd", "icb23cd", "x", "y"]
    result = ["LSOA21CD", "LSOA21NM", "ICB23CD", "ratio"]
    assert guess_area_code_fields(table, result) == ("lsoa21cd", "LSOA21CD")


def test_no_shared_code_field_gives_no_guess():
    assert guess_area_code_fields(["pcds", "x"], ["code", "name"]) == ("", "")


def test_strata_prefixes_are_the_pair_matching_most_fields():
    fields = ["LSOA21CD", "cases_0_15", "cases_16_24", "cases_65_plus", "pop_total", "pop_age_0_15",
              "pop_age_16_24", "pop_age_65_plus", "pop_female"]
    assert guess_strata_prefixes(fields) == ("cases_", "pop_age_")


def test_a_single_pair_is_not_strata():
    assert guess_strata_prefixes(["cases_all", "pop_all"]) == ("", "")


def test_an_older_directory_column_pairs_with_the_layer_code_of_the_same_geography_and_vintage():
    onspd_2023 = ["pcd", "pcds", "doterm", "pcon", "lsoa11", "icb", "lsoa21"]
    assert guess_area_code_fields(onspd_2023, ["LSOA21CD", "LSOA21NM"]) == ("lsoa21", "LSOA21CD")
    assert guess_area_code_fields(onspd_2023, ["PCON24CD"]) == ("", "")  # pcon of 2023 is the 2010 set
