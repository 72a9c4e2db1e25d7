"""Groups from an area attribute: cases by the deprivation decile of their LSOA."""
import pandas as pd
import pytest

from phso_insight_plugin.errors import InputError
from phso_insight_plugin.groups.area_attribute import (
    REASON_CODE_NOT_FOUND,
    REASON_NO_CODE,
    REASON_NO_VALUE,
    groups_from_area_attribute,
)
from phso_insight_plugin.groups.case_groups import case_table
from phso_insight_plugin.groups.representation import group_representation

#: Five LSOAs: deciles 10, 1, 2, 1 and one without a decile; two ICBs.
LSOAS = pd.DataFrame({
    "code": ["E01000001", "E01000002", "E01000003", "E01000004", "E01000005"],
    "imd_decile": [10, 1, 2, 1, None],
    "pop": [1500, 1000, 2500, 1000, 800],
    "icb": ["E54000001", "E54000001", "E54000002", "E54000002", "E54000002"],
})


def test_each_case_takes_the_attribute_of_its_area():
    linked = groups_from_area_attribute(pd.Series(["E01000002", "e01000001 ", "E01000003"]), LSOAS,
                                        "code", "imd_decile", "pop")
    assert linked.groups.tolist() == ["1", "10", "2"]
    assert linked.reasons.isna().all()


def test_population_by_attribute_is_summed_and_in_numeric_order():
    linked = groups_from_area_attribute(pd.Series(["E01000001"]), LSOAS, "code", "imd_decile", "pop")
    assert linked.population[["group", "population"]].values.tolist() == [["1", 2000.0], ["2", 2500.0],
                                                                           ["10", 1500.0]]


def test_areas_without_a_value_are_left_out_of_the_population_and_counted():
    linked = groups_from_area_attribute(pd.Series(["E01000005"]), LSOAS, "code", "imd_decile", "pop")
    assert (linked.areas_without_value, linked.population_without_value) == (1, 800.0)
    assert linked.reasons.tolist() == [REASON_NO_VALUE]


def test_cases_without_a_known_area_are_excluded_with_the_reason():
    linked = groups_from_area_attribute(pd.Series(["E01999999", None, " "]), LSOAS, "code", "imd_decile", "pop")
    assert linked.reasons.tolist() == [REASON_CODE_NOT_FOUND, REASON_NO_CODE, REASON_NO_CODE]
    assert linked.groups.isna().all()


def test_a_larger_area_breaks_the_population_down_by_area_and_attribute():
    linked = groups_from_area_attribute(pd.Series(["E01000004", "E01000001"]), LSOAS, "code", "imd_decile", "pop",
                                        area_col="icb")
    assert linked.areas.tolist() == ["E54000002", "E54000001"]
    assert linked.population[["area", "group", "population"]].values.tolist() == [
        ["E54000001", "1", 1000.0], ["E54000002", "1", 1000.0], ["E54000002", "2", 2500.0],
        ["E54000001", "10", 1500.0]]


def test_repeated_area_codes_are_an_error_naming_the_rows():
    layer = pd.concat([LSOAS, LSOAS.iloc[[1]]], ignore_index=True)
    with pytest.raises(InputError, match=r"repeats codes in 2 rows \(rows 2, 6\), e.g. 'E01000002'"):
        groups_from_area_attribute(pd.Series(["E01000001"]), layer, "code", "imd_decile", "pop")


def test_cases_by_decile_against_population_by_decile_is_one_analysis():
    codes = pd.Series(["E01000002"] * 30 + ["E01000004"] * 10 + ["E01000003"] * 25 + ["E01000001"] * 5
                      + ["E01999999"] * 2)
    linked = groups_from_area_attribute(codes, LSOAS, "code", "imd_decile", "pop")
    result = group_representation(case_table(linked.groups, reasons=linked.reasons), linked.population)
    table = result.table
    assert list(table["group"]) == ["1", "2", "10"]
    assert list(table["cases"]) == [40.0, 25.0, 5.0]
    assert list(table["population_share"]) == pytest.approx([2000 / 6000, 2500 / 6000, 1500 / 6000], rel=1e-12)
    assert list(table["ratio"]) == pytest.approx([(40 / 70) / (2 / 6), (25 / 70) / (2.5 / 6), (5 / 70) / (1.5 / 6)],
                                                 rel=1e-12)
    assert result.summary.excluded_by_reason == {REASON_CODE_NOT_FOUND: 2.0}


def test_per_area_cases_of_unknown_areas_are_counted_as_excluded_not_as_an_area():
    codes = pd.Series(["E01000002"] * 30 + ["E01000001"] * 10 + ["E01000004"] * 20 + ["E01999999"] * 3)
    linked = groups_from_area_attribute(codes, LSOAS, "code", "imd_decile", "pop", area_col="icb")
    result = group_representation(case_table(linked.groups, areas=linked.areas, reasons=linked.reasons),
                                  linked.population)
    assert sorted(result.table["area"].unique()) == ["E54000001", "E54000002"]
    assert result.summary.excluded_by_reason == {REASON_CODE_NOT_FOUND: 3.0}
    assert result.summary.compared_cases == 60
