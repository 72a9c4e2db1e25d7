"""Population by group from census tables as published: the six age bands, one level of categories, mappings,
and the checks against the area layer and the published totals (real London and Hartlepool numbers)."""
import pandas as pd
import pytest

from phso_insight_plugin.census import prepare_population
from phso_insight_plugin.errors import InputError
from tests.census.fixtures import AGE6_LONDON, TS007_HARTLEPOOL, TS038_LONDON, nomis, read

#: London residents aged 65 and over (Census 2021; the sum of the age table's "Aged 65 years and over" rows).
LONDON_65_PLUS = 1_043_459
SIX = ["pop_age_0_15", "pop_age_16_24", "pop_age_25_34", "pop_age_35_49", "pop_age_50_64", "pop_age_65_plus"]
TS021 = {"Total: All usual residents": [1000, 800], "Asian, Asian British or Asian Welsh": [300, 100],
         "Asian, Asian British or Asian Welsh: Indian": [200, 60], "Asian, Asian British or Asian Welsh: Chinese":
         [100, 40], "White": [700, 700], "White: Irish": [50, 20], "White: Other White": [650, 680]}


def test_the_london_age_table_gives_the_six_plugin_bands_and_its_total():
    prepared = prepare_population(read(AGE6_LONDON))
    assert list(prepared.wide.columns) == SIX
    assert prepared.wide.loc["E01000001"].tolist() == [125, 110, 291, 336, 245, 370]
    assert prepared.wide.to_numpy().sum() == 8_799_687
    assert (prepared.dimension, prepared.totals.checked) == ("age_band", False)


def test_the_long_table_has_what_grouprepresentation_reads():
    long = prepare_population(read(AGE6_LONDON)).long
    assert list(long.columns) == ["area_code", "dimension", "group", "population"]
    assert long.head(6)["group"].tolist() == ["0-15", "16-24", "25-34", "35-49", "50-64", "65+"]
    assert long.groupby("group", sort=False)["population"].sum()["65+"] == LONDON_65_PLUS


def test_single_years_of_ts007_make_the_six_bands_from_its_broad_bands():
    prepared = prepare_population(read(TS007_HARTLEPOOL))
    assert prepared.wide.loc["E02002483"].tolist() == [2065, 982, 1324, 2007, 2057, 1807]
    assert "broad (11) and detailed (101)" in " ".join(prepared.notes)
    assert prepared.totals.differing == 0


def test_the_detailed_single_years_give_the_same_bands():
    broad = prepare_population(read(TS007_HARTLEPOOL)).wide
    detailed = prepare_population(read(TS007_HARTLEPOOL), level="detailed").wide
    pd.testing.assert_frame_equal(broad, detailed)


def test_five_year_bands_that_straddle_a_band_are_refused_with_what_to_do():
    frame = nomis("Age", {"Total": [30, 30], "Aged 14 years and under": [10, 10], "Aged 15 to 19 years": [10, 10],
                          "Aged 20 years and over": [10, 10]})
    with pytest.raises(InputError, match=r"'Aged 15 to 19 years' \(ages 15–19\) spans the bands 0-15 and 16-24.*TS007"):
        prepare_population(frame)


def test_london_disability_comes_out_as_its_two_published_groups_with_totals_checked():
    prepared = prepare_population(read(TS038_LONDON))
    assert prepared.group_fields == {
        "pop_disability_disabled_under_the_equality_act": "Disabled under the Equality Act",
        "pop_disability_not_disabled_under_the_equality_act": "Not disabled under the Equality Act"}
    assert (prepared.totals.checked, prepared.totals.differing) == (True, 0)
    assert prepared.wide.loc["E01000001"].tolist() == [152, 1323]


def test_ethnic_groups_use_the_broad_level_and_never_add_both_levels():
    prepared = prepare_population(nomis("Ethnic group", TS021))
    assert prepared.wide.loc["E01000001"].tolist() == [300, 700]
    assert prepared.wide.to_numpy().sum() == 1800
    assert list(prepared.wide.columns) == ["pop_eth_asian_asian_british_or_asian_welsh", "pop_eth_white"]


def test_the_detailed_ethnic_groups_are_named_by_their_last_part():
    prepared = prepare_population(nomis("Ethnic group", TS021), level="detailed")
    assert list(prepared.group_fields.values()) == ["Indian", "Chinese", "Irish", "Other White"]
    assert prepared.wide.loc["E01000002"].tolist() == [60, 40, 20, 680]


def test_a_mapping_regroups_categories_by_label():
    mapping = {"disabled under the equality act": "disabled", "not disabled under the equality act": "not_disabled"}
    prepared = prepare_population(read(TS038_LONDON), mapping=mapping, field_prefix="pop")
    assert list(prepared.wide.columns) == ["pop_disabled", "pop_not_disabled"]
    assert prepared.long.head(2)["group"].tolist() == ["disabled", "not_disabled"]


def test_a_category_the_mapping_misses_is_named():
    with pytest.raises(InputError, match="no group for 1 category.*'White'") as error:
        prepare_population(nomis("Ethnic group", TS021), mapping={"asian, asian british or asian welsh": "Asian"})
    assert error.value.about == "mapping"


def test_perturbed_totals_are_counted_and_the_largest_difference_reported():
    frame = nomis("Disability", {"Total: All usual residents": [100, 200], "Disabled under the Equality Act": [20, 30],
                                 "Not disabled under the Equality Act": [77, 168]})
    totals = prepare_population(frame).totals
    assert (totals.differing, totals.largest, totals.largest_area) == (2, 3, "E01000001")


def test_differing_totals_are_an_error_only_when_asked():
    frame = nomis("Disability", {"Total: All usual residents": [100, 200], "Disabled under the Equality Act": [20, 30],
                                 "Not disabled under the Equality Act": [77, 168]})
    with pytest.raises(InputError, match=r"In 2 area\(s\).*largest difference \+3 people, area E01000001"):
        prepare_population(frame, require_totals=True)


def test_the_area_layer_keeps_its_areas_in_its_order_and_the_rest_is_counted():
    codes = pd.Series(["E01000003", "e01000001 "])
    prepared = prepare_population(read(AGE6_LONDON), area_codes=codes)
    assert prepared.wide.index.tolist() == ["E01000003", "E01000001"]
    assert prepared.areas_left_out == 4992
    assert set(prepared.long["area_code"]) == {"E01000001", "E01000003"}


def test_areas_of_the_layer_missing_from_the_table_are_named_and_counted():
    with pytest.raises(InputError, match=r"2 area\(s\) of the area layer are not in the population table: E01999998, "
                                         r"E01999999") as error:
        prepare_population(read(AGE6_LONDON), area_codes=pd.Series(["E01000001", "E01999998", "E01999999"]))
    assert error.value.about == "areas"


def test_a_table_of_another_geography_than_the_layer_is_refused():
    with pytest.raises(InputError, match="holds neighbourhoods \\(MSOAs\\).*area layer holds small areas"):
        prepare_population(read(TS007_HARTLEPOOL), area_codes=pd.Series(["E01000001"]))


def test_repeated_codes_of_the_area_layer_are_named():
    with pytest.raises(InputError, match="codes more than once: E01000001"):
        prepare_population(read(AGE6_LONDON), area_codes=pd.Series(["E01000001", "E01000001"]))
