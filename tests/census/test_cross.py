"""Tables crossing two variables (an ONS custom dataset of age × ethnic group, a nomis table of sex by single year
of age) give the population by group and stratum that ``grouprepresentation`` standardises by. The numbers are the
bundled fictional sample's (no real Census table crossing two variables is among the test data)."""
import pandas as pd
import pytest

from phso_insight_plugin.census import CrossTable, prepare_population, read_census_table
from phso_insight_plugin.errors import InputError
from tests.census.fixtures import AGE_ETHNIC_SAMPLE, ETHNIC_GROUPS, SAMPLE, TS009_SAMPLE, nomis, read

SIX = ["0-15", "16-24", "25-34", "35-49", "50-64", "65+"]


def sample_rows(name: str, dimension: str) -> pd.DataFrame:
    table = pd.read_csv(SAMPLE / name)
    return table[table["dimension"] == dimension].rename(columns={"lsoa21cd": "area_code"})


def sorted_rows(frame: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    return frame.sort_values(by).reset_index(drop=True).astype({"population": "int64"})


def test_a_custom_dataset_of_two_classifications_is_read_as_pairs_of_categories():
    table = read_census_table(read(AGE_ETHNIC_SAMPLE))
    assert isinstance(table, CrossTable)
    assert (table.variables, table.counts.shape, table.totals) == (("Age", "Ethnic group"), (300, 30), None)
    assert table.counts.loc["E01900001", ("Aged 15 years and under", "White")] == 381
    assert table.counts.to_numpy().sum() == 542_420


def test_ethnic_group_by_age_gives_the_sample_s_population_by_age_row_for_row():
    prepared = prepare_population(read(AGE_ETHNIC_SAMPLE), mapping=ETHNIC_GROUPS)
    assert list(prepared.long.columns) == ["area_code", "dimension", "group", "age_band", "population"]
    assert (prepared.dimension, prepared.stratum) == ("ethnicity", "age_band")
    keys = ["area_code", "group", "age_band"]
    pd.testing.assert_frame_equal(sorted_rows(prepared.long, keys),
                                  sorted_rows(sample_rows("population_by_age.csv", "ethnicity"), keys))


def test_the_age_strata_are_the_six_bands_in_order_and_the_wide_fields_sum_over_them():
    prepared = prepare_population(read(AGE_ETHNIC_SAMPLE), mapping=ETHNIC_GROUPS)
    assert prepared.long.head(6)["age_band"].tolist() == SIX
    assert prepared.long.head(6)["population"].tolist() == [10, 2, 4, 9, 3, 10]  # E01900001, Asian
    assert prepared.wide.sum().tolist() == [60_560, 50_549, 28_536, 382_850, 19_925]
    assert list(prepared.wide.columns) == ["pop_eth_asian", "pop_eth_black", "pop_eth_mixed", "pop_eth_white",
                                           "pop_eth_other"]


def test_the_stratum_can_be_the_other_variable():
    prepared = prepare_population(read(AGE_ETHNIC_SAMPLE), stratum="ethnic group")
    assert (prepared.dimension, prepared.stratum) == ("age_band", "ethnicity")
    keys = ["area_code", "group"]
    by_age = prepared.long.groupby(keys, as_index=False)["population"].sum()
    pd.testing.assert_frame_equal(sorted_rows(by_age, keys),
                                  sorted_rows(sample_rows("population_long.csv", "age_band")[keys + ["population"]],
                                              keys))


def test_nomis_sex_by_single_year_gives_the_sexes_by_the_six_bands_with_its_total_checked():
    prepared = prepare_population(read(TS009_SAMPLE))
    assert (prepared.dimension, prepared.stratum) == ("sex", "age_band")
    first = prepared.long[prepared.long["area_code"] == "E01900001"]
    assert first["population"].tolist() == [191, 55, 83, 115, 181, 224, 229, 47, 68, 149, 173, 157]
    assert prepared.wide.sum().tolist() == [11_054, 10_722]
    assert (prepared.totals.checked, prepared.totals.differing) == (True, 0)
    assert "'Age' has broad (11) and detailed (101) categories" in " ".join(prepared.notes)


def test_the_detailed_single_years_of_a_cross_give_the_same_strata():
    broad = prepare_population(read(TS009_SAMPLE)).long
    pd.testing.assert_frame_equal(broad, prepare_population(read(TS009_SAMPLE), level="detailed").long)


def test_a_perturbed_grand_total_is_counted_over_the_whole_cross():
    frame = read(TS009_SAMPLE)
    column = "Sex: All persons; Age: Total; measures: Value"
    frame.loc[2, column] = str(int(frame.loc[2, column]) + 4)
    totals = prepare_population(frame).totals
    assert (totals.differing, totals.largest, totals.largest_area) == (1, 4, "E01900003")
    with pytest.raises(InputError, match=r"In 1 area\(s\).*largest difference \+4 people, area E01900003"):
        prepare_population(frame, require_totals=True)


def test_a_stratum_that_is_neither_variable_is_named():
    with pytest.raises(InputError, match="'Religion' is neither of the table's variables, 'Age' and 'Ethnic "
                                         "group'") as error:
        prepare_population(read(AGE_ETHNIC_SAMPLE), stratum="Religion")
    assert error.value.about == "stratum"


def test_the_stratum_is_noted_as_unused_for_a_table_of_one_variable():
    prepared = prepare_population(nomis("Sex", {"All persons": [5, 7], "Female": [2, 3], "Male": [3, 4]}),
                                  stratum="Age")
    assert "the stratum 'Age' is not used" in " ".join(prepared.notes)
    assert prepared.stratum is None and list(prepared.long.columns) == ["area_code", "dimension", "group",
                                                                          "population"]


def test_all_persons_is_a_total_and_not_added_to_the_sexes():
    prepared = prepare_population(nomis("Sex", {"All persons": [5, 7], "Female": [2, 3], "Male": [3, 4]}))
    assert prepared.wide.to_numpy().sum() == 12 and prepared.totals.differing == 0


def test_a_pair_of_categories_missing_for_an_area_is_named():
    frame = read(AGE_ETHNIC_SAMPLE)
    frame = frame.drop(index=7)  # E01900001, Aged 16 to 24 years × Asian
    with pytest.raises(InputError, match=r"lacks some categories for 1 area\(s\), e.g. E01900001: every area needs "
                                         r"a row for every pair of categories"):
        prepare_population(frame)


def test_a_repeated_pair_of_categories_is_named_with_its_rows():
    frame = read(AGE_ETHNIC_SAMPLE)
    frame = pd.concat([frame.iloc[:3], frame.iloc[[2]]], ignore_index=True)
    with pytest.raises(InputError, match=r"same area and category more than once.*'Ethnic group \(6 categories\)'"
                                         r"\) in 2 rows \(rows 3, 4\)"):
        prepare_population(frame)


def test_does_not_apply_in_either_classification_is_left_out_and_counted():
    frame = read(AGE_ETHNIC_SAMPLE).iloc[:6].copy()
    frame.loc[0, "Observation"] = "3"                       # Ethnic group -8 "Does not apply"
    table = read_census_table(frame)
    assert (table.left_out, table.counts.shape) == (3, (1, 5))


def test_three_variables_are_refused():
    with pytest.raises(InputError, match="more than two variables"):
        read_census_table(nomis("Sex: Female; Age: Aged 4 years and under; Disability", {"Disabled": [1, 2]}))
    frame = read(AGE_ETHNIC_SAMPLE).assign(**{"Sex (2 categories) Code": "1", "Sex (2 categories)": "Female"})
    with pytest.raises(InputError, match="one or two classifications.*it has 1 and 3"):
        read_census_table(frame)


def test_a_mapping_regroups_the_group_variable_and_names_what_it_misses():
    with pytest.raises(InputError, match="no group for 1 category.*'Other ethnic group'") as error:
        prepare_population(read(AGE_ETHNIC_SAMPLE), mapping={k: v for k, v in ETHNIC_GROUPS.items() if v != "Other"})
    assert error.value.about == "mapping"


def test_the_area_layer_keeps_its_areas_of_the_cross():
    prepared = prepare_population(read(AGE_ETHNIC_SAMPLE), pd.Series(["E01900002", "E01900001"]))
    assert prepared.wide.index.tolist() == ["E01900002", "E01900001"] and prepared.areas_left_out == 298
    assert len(prepared.long) == 2 * 5 * 6 and prepared.long["area_code"].iloc[0] == "E01900001"
