"""Counting cases per area and group (cases.counts), naming group fields (cases.field_names), hints about
code vintages (cases.vintage)."""
import numpy as np
import pandas as pd
import pytest

from phso_insight_plugin.cases.counts import CountResult, count_cases
from phso_insight_plugin.cases.field_names import sanitise_field_name
from phso_insight_plugin.cases.vintage import vintage_hint
from phso_insight_plugin.errors import InputError
from tests.shared_data import london_layer

AREAS = pd.Series(["E01000001", "E01000002", "E01000003", "E01000005"], name="lsoa21cd")


def cases(codes, **columns):
    return pd.DataFrame({"lsoa": codes, **columns})


def test_counts_follow_area_order_and_index_with_zero_where_no_cases():
    areas = AREAS.set_axis([40, 30, 20, 10])
    res = count_cases(cases(["E01000003", "E01000001", "E01000003"]), "lsoa", areas)
    assert isinstance(res, CountResult)
    assert res.counts.index.tolist() == [40, 30, 20, 10]
    assert res.counts["lsoa21cd"].tolist() == AREAS.tolist()
    assert res.counts["cases"].tolist() == [1, 0, 2, 0]
    assert res.counts["cases"].dtype == np.int64


def test_count_column_is_summed_and_summary_reports_rows_and_cases():
    res = count_cases(cases(["E01000001", "E01000001", "E01000002", "E09999999", ""], n=[3, 4, 0, 5, 2]), "lsoa",
                      AREAS, count_col="n")
    assert res.counts["cases"].tolist() == [7, 0, 0, 0]
    assert res.summary == {
        "rows_in": 5,
        "rows_matched": 3,
        "rows_unmatched": 2,
        "unmatched_by_reason": {"blank area code": 1, "area code not in areas": 1},
        "cases_in": 14,
        "cases_matched": 7,
        "cases_unmatched": 7,
        "cases_unmatched_by_reason": {"blank area code": 2, "area code not in areas": 5},
    }


def test_unmatched_rows_carry_source_row_and_reason():
    res = count_cases(cases(["E01000001", None, "E01999999", " "]), "lsoa", AREAS)
    assert res.unmatched["source_row"].tolist() == [2, 3, 4]
    assert res.unmatched["reason"].tolist() == ["blank area code", "area code not in areas", "blank area code"]


def test_codes_are_trimmed_and_upper_cased_on_both_sides():
    areas = pd.Series([" e01000001", "E01000002 "])
    res = count_cases(cases(["E01000001 ", "e01000002", "E01000002"]), "lsoa", areas)
    assert res.counts["cases"].tolist() == [1, 2]
    assert res.counts.iloc[:, 0].tolist() == [" e01000001", "E01000002 "]  # as given


def test_text_in_the_count_column_raises_naming_rows_and_count():
    with pytest.raises(InputError) as err:
        count_cases(cases(["E01000001"] * 4, n=["1", "two", "3", "x"]), "lsoa", AREAS, count_col="n")
    msg = str(err.value)
    assert "count column 'n'" in msg
    assert "2 of 4 rows" in msg
    assert "2 not numbers (rows 2, 4: 'two', 'x')" in msg


def test_negative_and_fractional_counts_raise_naming_rows():
    with pytest.raises(InputError) as err:
        count_cases(cases(["E01000001"] * 5, n=[1, -2, 1.5, 4, -1]), "lsoa", AREAS, count_col="n")
    msg = str(err.value)
    assert "3 of 5 rows" in msg
    assert "2 negative (rows 2, 5: -2.0, -1.0)" in msg
    assert "1 not whole numbers (rows 3: 1.5)" in msg


def test_missing_counts_raise_rather_than_being_dropped():
    with pytest.raises(InputError, match=r"1 empty \(rows 2\)"):
        count_cases(cases(["E01000001"] * 3, n=[1, np.nan, 2]), "lsoa", AREAS, count_col="n")
    with pytest.raises(InputError, match=r"2 empty \(rows 1, 3\)"):
        count_cases(cases(["E01000001"] * 3, n=["", "2", None]), "lsoa", AREAS, count_col="n")


def test_more_than_ten_bad_rows_lists_the_first_ten():
    with pytest.raises(InputError, match=r"12 not numbers \(rows 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, …"):
        count_cases(cases(["E01000001"] * 12, n=["?"] * 12), "lsoa", AREAS, count_col="n")


def test_numeric_text_counts_are_accepted():
    res = count_cases(cases(["E01000001", "E01000002"], n=[" 2", "3.0"]), "lsoa", AREAS, count_col="n")
    assert res.counts["cases"].tolist() == [2, 3, 0, 0]


def test_duplicate_area_codes_raise_naming_them_and_how_many():
    areas = pd.Series(["E01000001", "e01000001 ", "E01000002", "E01000003", "E01000003", "E01000003"])
    with pytest.raises(InputError) as err:
        count_cases(cases(["E01000001"]), "lsoa", areas)
    msg = str(err.value)
    assert "2 code(s) appear more than once (5 areas)" in msg
    assert "'E01000001', 'E01000003'" in msg


def test_group_fields_are_sanitised_per_documented_rule():
    groups = ["0-15", "65+", "NHS – GP", "Café", "16-24", "65+"]
    res = count_cases(cases(["E01000001"] * 6, g=groups), "lsoa", AREAS, group_col="g")
    assert res.group_fields == {
        "cases_0_15": "0-15",
        "cases_16_24": "16-24",
        "cases_65_plus": "65+",
        "cases_cafe": "Café",
        "cases_nhs_gp": "NHS – GP",
    }
    assert res.counts.columns.tolist() == ["lsoa21cd", "cases", *res.group_fields]
    assert res.counts.loc[0, ["cases", "cases_65_plus", "cases_0_15"]].tolist() == [6, 2, 1]


def test_groups_that_sanitise_alike_get_unique_fields():
    res = count_cases(cases(["E01000001", "E01000002", "E01000002"], g=["A-B", "A B", "a_b"]), "lsoa", AREAS,
                      group_col="g")
    assert res.group_fields == {"cases_a_b": "A B", "cases_a_b_2": "A-B", "cases_a_b_3": "a_b"}
    assert res.counts["cases_a_b_2"].tolist() == [1, 0, 0, 0]
    assert res.counts["cases_a_b"].tolist() == [0, 1, 0, 0]


def test_missing_and_blank_groups_are_counted_in_the_missing_field():
    res = count_cases(cases(["E01000001"] * 4, g=["x", None, " ", "missing"]), "lsoa", AREAS, group_col="g")
    assert res.group_fields == {"cases_missing_2": "missing", "cases_x": "x", "cases_missing": None}
    assert res.counts.loc[0, ["cases_missing", "cases_missing_2", "cases_x"]].tolist() == [2, 1, 1]


def test_group_counts_add_up_to_totals_with_a_count_column():
    res = count_cases(
        cases(["E01000001", "E01000001", "E01000002", "E01000005"], n=[2, 3, 7, 1], g=["f", "m", "f", None]),
        "lsoa", AREAS, count_col="n", group_col="g", prefix="complaints",
    )
    t = res.counts
    assert t["complaints"].tolist() == [5, 7, 0, 1]
    assert t["complaints_f"].tolist() == [2, 7, 0, 0]
    assert t["complaints_m"].tolist() == [3, 0, 0, 0]
    assert t["complaints_missing"].tolist() == [0, 0, 0, 1]


def test_long_group_names_are_cut_to_60_characters_and_stay_unique():
    # Identical for their first 60 sanitised characters.
    long_a = "Department for Levelling Up, Housing and Communities — complaints about housing"
    long_b = "Department for Levelling Up, Housing and Communities — complaints about planning"
    res = count_cases(cases(["E01000001"] * 2, g=[long_a, long_b]), "lsoa", AREAS, group_col="g")
    names = list(res.group_fields)
    assert all(len(n) <= 60 for n in names)
    assert len(set(names)) == 2
    assert names[1].endswith("_2")


def test_prefix_is_sanitised_too_and_reported_as_total_field():
    res = count_cases(cases(["E01000001"], g=["65+"]), "lsoa", AREAS, group_col="g", prefix="Complaints 2024")
    assert res.total_field == "complaints_2024"
    assert res.counts.columns.tolist() == ["lsoa21cd", "complaints_2024", "complaints_2024_65_plus"]
    assert count_cases(cases(["E01000001"]), "lsoa", AREAS).total_field == "cases"


def test_sanitise_field_name_rule():
    assert sanitise_field_name("  Age 65+ ") == "age_65_plus"
    assert sanitise_field_name("Health & care") == "health_and_care"
    assert sanitise_field_name("<18") == "lt_18"
    assert sanitise_field_name("–") == ""


def test_case_table_without_area_column_raises():
    with pytest.raises(InputError, match="no column 'lsoa_code'"):
        count_cases(cases(["E01000001"]), "lsoa_code", AREAS)


# ------------------------------------------------------------------ vintage hints


@pytest.fixture(scope="module")
def london():
    return london_layer("lsoa21")[0]


def test_hint_lsoa_2011_codes_against_london_2021_layer(london):
    layer = london["lsoa21_code"]
    # London's 2011 LSOAs are E01000001–E01004765; these ones no longer exist in 2021.
    old_range = pd.Series([f"E01{i:06d}" for i in range(1, 4766)])
    retired = old_range[~old_range.isin(layer)]
    assert len(retired) == 259
    hint = vintage_hint(retired, layer)
    assert "look like LSOA 2011 codes" in hint
    assert "259 of 259" in hint


def test_hint_lsoa_2021_codes_against_a_2011_layer(london):
    layer_2011 = london.loc[london["lsoa21_code"] <= "E01033768", "lsoa21_code"]
    new_2021 = london.loc[london["lsoa21_code"] > "E01033768", "lsoa21_code"]
    assert len(new_2021) == 335
    hint = vintage_hint(new_2021, layer_2011)
    assert "LSOA 2021 codes" in hint and "did not exist in 2011" in hint


def test_hint_sub_icb_codes_against_the_london_icb_layer(london):
    hint = vintage_hint(london["sicbl24_code"], london_layer("icb24_from_lsoa21")[0]["icb24_code"])
    assert hint.startswith("4994 of 4994 unmatched codes")
    assert "sub-ICB location (E38" in hint and "ICB (E54)" in hint


def test_hint_2010_constituency_codes_against_2024_constituencies():
    layer = london_layer("pcon24")[0]["pcon24_code"]
    old = pd.Series(["E14000639", "E14000540", "E14000692"])  # codes of the 2010–2023 boundaries
    assert "2010–2023 boundaries" in vintage_hint(old, layer)


def test_hint_welsh_lsoas_against_english_layer(london):
    hint = vintage_hint(pd.Series(["W01000001", "W01001958", "E01999999"]), london["lsoa21_code"])
    assert "Welsh codes" in hint and "W01 (Welsh LSOA)" in hint


def test_hint_names_instead_of_codes(london):
    hint = vintage_hint(pd.Series(["Camden", "Hackney"]), london["lsoa21_code"])
    assert "do not look like ONS area codes" in hint


def test_hint_generic_prefix_mismatch(london):
    hint = vintage_hint(london["ward24_code"], london["lsoa21_code"])
    assert "start with E05 (electoral ward)" in hint and "start with E01 (LSOA)" in hint


def test_no_hint_when_unmatched_codes_are_a_mixed_bag(london):
    assert vintage_hint(pd.Series(["E54000027", "E05000001", "X"]), london["lsoa21_code"]) is None
    assert vintage_hint(pd.Series([], dtype=object), london["lsoa21_code"]) is None


def test_count_cases_reports_the_hint(london):
    icb_codes = london_layer("icb24_from_lsoa21")[0]["icb24_code"]
    res = count_cases(pd.DataFrame({"code": ["E38000244", "E38000255"]}), "code", icb_codes)
    assert res.summary["rows_unmatched"] == 2
    assert "sub-ICB" in res.hint
