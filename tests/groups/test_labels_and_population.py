"""Reading group labels, missing values, label mappings and population tables."""
import pandas as pd
import pytest

from phso_insight_plugin.errors import InputError
from phso_insight_plugin.groups.case_groups import BLANK_AREA, REASON_GROUP_MISSING, case_table
from phso_insight_plugin.groups.labels import (
    DEFAULT_MISSING_VALUES,
    apply_mapping,
    is_missing,
    label_text,
    parse_missing_values,
    read_mapping,
)
from phso_insight_plugin.groups.population import long_population, wide_population


def test_labels_are_trimmed_text_and_whole_decimals_lose_their_point():
    labels = label_text(pd.Series([" White ", 3.0, 10, 2.5, None, float("nan"), "  "], dtype=object))
    assert labels.tolist()[:4] == ["White", "3", "10", "2.5"]
    assert labels[4:].isna().all()


def test_default_missing_values_cover_prefer_not_to_say_and_blank():
    keys = parse_missing_values(DEFAULT_MISSING_VALUES)
    assert keys == {"prefer not to say", "not known", "unknown"}
    labels = label_text(pd.Series(["PREFER NOT TO SAY", "Not known", "", None, "Asian"], dtype=object))
    assert is_missing(labels, keys).tolist() == [True, True, True, True, False]


def test_mapping_translates_case_labels_and_leaves_others():
    mapping = read_mapping(pd.DataFrame({"from": ["Yes", "No"], "to": ["Disabled", "Not disabled"]}), "from", "to")
    mapped = apply_mapping(label_text(pd.Series(["yes", "No", "Maybe"])), mapping)
    assert mapped.tolist() == ["Disabled", "Not disabled", "Maybe"]


def test_mapping_one_label_to_two_targets_is_an_error():
    table = pd.DataFrame({"from": ["Asian", "asian "], "to": ["Asian British", "Other"]})
    with pytest.raises(InputError, match="maps 1 case label\\(s\\) to more than one population label"):
        read_mapping(table, "from", "to")


def test_mapping_rows_with_a_blank_side_are_an_error_naming_the_rows():
    table = pd.DataFrame({"from": ["Asian", "Black", None], "to": ["Asian British", "", "White"]})
    with pytest.raises(InputError, match=r"2 rows \(rows 2, 3\)"):
        read_mapping(table, "from", "to")


def test_cases_mapped_to_a_missing_value_are_excluded():
    mapping = {"pnts": "Prefer not to say"}
    table = case_table(pd.Series(["PNTS", "Asian"]), missing_keys=parse_missing_values(DEFAULT_MISSING_VALUES),
                       mapping=mapping)
    assert table["excluded"].tolist()[0] == REASON_GROUP_MISSING
    assert pd.isna(table["excluded"].tolist()[1])


def test_cases_with_a_blank_area_keep_a_visible_area_label():
    table = case_table(pd.Series(["Asian", "Black"]), areas=pd.Series(["E54000001", None]))
    assert table["area"].tolist() == ["E54000001", BLANK_AREA]


def test_long_population_sums_rows_of_the_same_area_and_group():
    frame = pd.DataFrame({"icb": ["X", "X", "x ", "Y"], "age": ["65+", "65+", "65+", "65+"], "n": [10, 20, 5, 7]})
    tidy = long_population(frame, "age", "n", area_col="icb")
    assert tidy[["area", "group", "population"]].values.tolist() == [["X", "65+", 35.0], ["Y", "65+", 7.0]]


def test_wide_population_takes_group_labels_from_field_names():
    frame = pd.DataFrame({"icb": ["X", "Y", "X"], "Asian": [5, 6, 1], "White": [10, 20, 3]})
    tidy = wide_population(frame, ["Asian", "White"], area_col="icb")
    assert tidy.values.tolist() == [
        ["X", "", "Asian", 6.0], ["Y", "", "Asian", 6.0], ["X", "", "White", 13.0], ["Y", "", "White", 20.0]]


def test_population_counts_must_be_non_negative_numbers():
    frame = pd.DataFrame({"group": ["A", "B", "C"], "n": [10, -1, "lots"]})
    with pytest.raises(InputError, match="non-numeric values in 1 row \\(row 3\\)"):
        long_population(frame, "group", "n")
    with pytest.raises(InputError, match="negative values in 1 row \\(row 2\\)"):
        long_population(frame.iloc[:2], "group", "n")


def test_population_rows_without_a_group_are_an_error_naming_the_rows():
    frame = pd.DataFrame({"group": ["A", None, " "], "n": [10, 1, 2]})
    with pytest.raises(InputError, match=r"group field 'group' is blank in 2 rows \(rows 2, 3\)"):
        long_population(frame, "group", "n")


def test_a_missing_population_field_is_an_error_listing_the_fields():
    with pytest.raises(InputError, match="'pop' not found in the population table; available fields: group, n"):
        long_population(pd.DataFrame({"group": ["A"], "n": [1]}), "group", "pop")
