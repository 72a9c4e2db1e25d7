"""Assigning case rows to areas (phso_insight_plugin.cases.assign)."""
import numpy as np
import pandas as pd
import pytest
from shapely import box

from phso_insight_plugin.cases.assign import (
    AssignResult,
    assign_by_area_code,
    assign_by_points,
    assign_by_postcode,
)
from phso_insight_plugin.cases.reasons import REASONS
from phso_insight_plugin.errors import InputError

# A small lookup in the ONS pcd7 form; N1 9GU was terminated in March 2020.
LOOKUP_PCD7 = pd.DataFrame(
    {
        "pcd7": ["SW1A1AA", "N1  9GU", "E1  6AN", "W1A 0AX", "SE1 7PB"],
        "lsoa21cd": ["E01004736", "E01002711", "E01004309", "E01004763", "E01003930"],
        "icb24cd": ["E54000027", "E54000028", "E54000029", "E54000027", "E54000030"],
        "doterm": [None, "202003", "", None, None],
    }
)


def lookup_pcds():
    """The same lookup with postcodes in the pcds display form."""
    out = LOOKUP_PCD7.rename(columns={"pcd7": "pcds"})
    out["pcds"] = ["SW1A 1AA", "N1 9GU", "E1 6AN", "W1A 0AX", "SE1 7PB"]
    return out


CASES = pd.DataFrame(
    {
        "case_id": [101, 102, 103, 104, 105, 106, 107, 108, 109, 110],
        "postcode": [
            "sw1a 1aa",  # ok
            "",  # blank
            "W1A0AX",  # ok
            "not known",  # malformed
            "N1 9GU",  # terminated
            None,  # blank
            "SE1 7PB",  # ok
            "ZZ99 9ZZ",  # well-formed, not in lookup
            "SW1A 1CA",  # malformed (C in inward code)
            "e1-6an",  # ok
        ],
    }
)


def test_lookup_in_pcd7_form_and_in_pcds_form_give_the_same_assignment():
    a = assign_by_postcode(CASES, "postcode", LOOKUP_PCD7, "pcd7", ["lsoa21cd"])
    b = assign_by_postcode(CASES, "postcode", lookup_pcds(), "pcds", ["lsoa21cd"])
    pd.testing.assert_frame_equal(a.assigned, b.assigned)
    assert a.assigned["case_id"].tolist() == [101, 103, 105, 107, 110]
    assert a.assigned["lsoa21cd"].tolist() == ["E01004736", "E01004763", "E01002711", "E01003930", "E01004309"]


def test_every_postcode_reason_is_counted_and_rows_add_up():
    res = assign_by_postcode(CASES, "postcode", LOOKUP_PCD7, "pcd7", ["lsoa21cd", "icb24cd"], terminated_col="doterm")
    assert isinstance(res, AssignResult)
    assert res.counts == {
        "rows_in": 10,
        "rows_matched": 4,
        "rows_unmatched": 6,
        "unmatched_by_reason": {
            "blank postcode": 2,
            "malformed postcode": 2,
            "postcode not in lookup": 1,
            "terminated postcode": 1,
            "postcode has no LSOA in the directory": 0,
            "postcode has no ICB in the directory": 0,
        },
    }
    assert res.counts["rows_in"] == res.counts["rows_matched"] + res.counts["rows_unmatched"]
    assert res.unmatched["reason"].tolist() == [
        "blank postcode",
        "malformed postcode",
        "terminated postcode",
        "blank postcode",
        "postcode not in lookup",
        "malformed postcode",
    ]


def test_assigned_keeps_order_and_index_appends_areas_and_drops_the_postcode():
    cases = CASES.set_axis(range(100, 110))
    res = assign_by_postcode(cases, "postcode", LOOKUP_PCD7, "pcd7", ["lsoa21cd", "icb24cd"], terminated_col="doterm")
    assert res.assigned.columns.tolist() == ["case_id", "lsoa21cd", "icb24cd"]
    assert res.assigned.index.tolist() == [100, 102, 106, 109]
    assert res.assigned["icb24cd"].tolist() == ["E54000027", "E54000027", "E54000030", "E54000029"]


def test_unmatched_keep_the_postcode_and_give_one_based_source_rows():
    res = assign_by_postcode(CASES, "postcode", LOOKUP_PCD7, "pcd7", ["lsoa21cd"], terminated_col="doterm")
    assert res.unmatched.columns.tolist() == ["case_id", "postcode", "source_row", "reason"]
    assert res.unmatched["source_row"].tolist() == [2, 4, 5, 6, 8, 9]
    assert res.unmatched["postcode"].tolist()[:3] == ["", "not known", "N1 9GU"]


def test_source_rows_follow_the_original_index_after_filtering():
    subset = CASES.iloc[3:]  # index 3..9 = input rows 4..10
    res = assign_by_postcode(subset, "postcode", LOOKUP_PCD7, "pcd7", ["lsoa21cd"])
    assert res.unmatched["source_row"].tolist() == [4, 6, 8, 9]


def test_drop_postcode_false_keeps_the_postcode_in_assigned():
    res = assign_by_postcode(CASES, "postcode", LOOKUP_PCD7, "pcd7", ["lsoa21cd"], drop_postcode=False)
    assert res.assigned.columns.tolist() == ["case_id", "postcode", "lsoa21cd"]
    assert res.assigned["postcode"].tolist()[0] == "sw1a 1aa"


def test_without_terminated_column_terminated_postcodes_are_assigned():
    res = assign_by_postcode(CASES, "postcode", LOOKUP_PCD7, "pcd7", ["lsoa21cd"])
    assert res.counts["rows_matched"] == 5
    assert "terminated postcode" not in res.counts["unmatched_by_reason"]


def test_numeric_termination_dates_count_as_terminated_and_nan_as_live():
    lookup = LOOKUP_PCD7.assign(doterm=[np.nan, 202003.0, np.nan, 201901.0, np.nan])
    res = assign_by_postcode(CASES, "postcode", lookup, "pcd7", ["lsoa21cd"], terminated_col="doterm")
    assert res.counts["unmatched_by_reason"]["terminated postcode"] == 2  # N1 9GU and W1A 0AX


def test_duplicate_postcodes_in_the_lookup_raise_with_examples_and_counts():
    lookup = pd.DataFrame(
        {
            "pcds": ["SW1A 1AA", "N1 9GU", "SW1A1AA", "E1 6AN", "N1 9GU", "N1  9GU"],
            "lsoa21cd": ["a", "b", "c", "d", "e", "f"],
        }
    )
    with pytest.raises(InputError) as err:
        assign_by_postcode(CASES, "postcode", lookup, "pcds", ["lsoa21cd"])
    msg = str(err.value)
    assert "2 postcode(s) more than once (5 rows)" in msg
    assert "'SW1A 1AA'" in msg and "'N1 9GU'" in msg
    assert "rows 1, 2, 3, 5, 6" in msg


def test_lookup_missing_a_column_raises_naming_it_and_the_available_ones():
    with pytest.raises(InputError, match=r"postcode lookup has no column 'lsoa11cd'.*'pcd7'"):
        assign_by_postcode(CASES, "postcode", LOOKUP_PCD7, "pcd7", ["lsoa11cd"])
    with pytest.raises(InputError, match="no column 'pcd'"):
        assign_by_postcode(CASES, "postcode", LOOKUP_PCD7, "pcd", ["lsoa21cd"])
    with pytest.raises(InputError, match="no column 'dateterm'"):
        assign_by_postcode(CASES, "postcode", LOOKUP_PCD7, "pcd7", ["lsoa21cd"], terminated_col="dateterm")


def test_cases_missing_the_postcode_column_raise():
    with pytest.raises(InputError, match="case table has no column 'pc'"):
        assign_by_postcode(CASES, "pc", LOOKUP_PCD7, "pcd7", ["lsoa21cd"])


def test_area_column_already_in_cases_raises():
    cases = CASES.assign(lsoa21cd="x")
    with pytest.raises(InputError, match="already has column"):
        assign_by_postcode(cases, "postcode", LOOKUP_PCD7, "pcd7", ["lsoa21cd"])


def test_no_area_columns_raise():
    with pytest.raises(InputError, match="at least one"):
        assign_by_postcode(CASES, "postcode", LOOKUP_PCD7, "pcd7", [])


def test_lookup_rows_without_a_postcode_are_ignored():
    lookup = pd.concat([LOOKUP_PCD7, pd.DataFrame({"pcd7": [None, ""], "lsoa21cd": ["x", "y"]})], ignore_index=True)
    res = assign_by_postcode(CASES, "postcode", lookup, "pcd7", ["lsoa21cd"])
    assert res.counts["rows_matched"] == 5


def test_empty_case_table_gives_empty_results():
    res = assign_by_postcode(CASES.iloc[:0], "postcode", LOOKUP_PCD7, "pcd7", ["lsoa21cd"])
    assert res.counts["rows_in"] == 0 and len(res.assigned) == 0 and len(res.unmatched) == 0


# ------------------------------------------------------------------ area codes


def test_area_codes_are_trimmed_and_upper_cased_and_blanks_unmatched():
    cases = pd.DataFrame({"id": [1, 2, 3, 4], "lsoa": [" e01000001 ", "E01000002", "  ", None]})
    res = assign_by_area_code(cases, "lsoa")
    assert res.assigned["lsoa"].tolist() == ["E01000001", "E01000002"]
    assert res.counts["unmatched_by_reason"] == {"blank area code": 2}
    assert res.unmatched["source_row"].tolist() == [3, 4]
    assert res.unmatched["lsoa"].tolist() == ["  ", None]  # kept as given


def test_codes_not_among_the_valid_codes_are_unmatched():
    cases = pd.DataFrame({"lsoa": ["E01000001", "E01999999", "", "e01000002"]})
    res = assign_by_area_code(cases, "lsoa", valid_codes=pd.Series(["E01000001", "E01000002"]))
    assert res.counts == {
        "rows_in": 4,
        "rows_matched": 2,
        "rows_unmatched": 2,
        "unmatched_by_reason": {"blank area code": 1, "area code not in areas": 1},
    }


def test_sub_icb_codes_against_icb_codes_come_with_a_hint():
    cases = pd.DataFrame({"code": ["E38000244", "E38000255", "E38000240"]})
    res = assign_by_area_code(cases, "code", valid_codes=pd.Series(["E54000027", "E54000028", "E54000029"]))
    assert res.counts["rows_unmatched"] == 3
    assert "sub-ICB location (E38" in res.hint and "ICB (E54)" in res.hint


# ------------------------------------------------------------------ points

AREAS = np.array([box(0, 0, 10, 10), box(10, 0, 20, 10)], dtype=object)
AREA_CODES = pd.Series(["A", "B"])


def test_points_get_the_code_of_the_area_containing_them():
    cases = pd.DataFrame({"id": [1, 2, 3]})
    res = assign_by_points(cases, np.array([5.0, 15.0, 10.0]), np.array([5.0, 5.0, 5.0]), AREAS, AREA_CODES, "area")
    # The third point lies on the shared edge x = 10: the first-listed area wins.
    assert res.assigned["area"].tolist() == ["A", "B", "A"]


def test_invalid_coordinates_and_points_outside_are_counted_separately():
    cases = pd.DataFrame({"id": range(7)})
    x = np.array([5.0, np.nan, "abc", 25.0, np.inf, None, 15.0], dtype=object)
    y = np.array([5.0, 5.0, 5.0, 5.0, 5.0, 5.0, -3.0], dtype=object)
    res = assign_by_points(cases, x, y, AREAS, AREA_CODES, "area")
    assert res.counts == {
        "rows_in": 7,
        "rows_matched": 1,
        "rows_unmatched": 6,
        "unmatched_by_reason": {"invalid coordinates": 4, "point outside all areas": 2},
    }
    assert res.unmatched["source_row"].tolist() == [2, 3, 4, 5, 6, 7]


def test_numeric_text_coordinates_are_accepted():
    cases = pd.DataFrame({"id": [1]})
    res = assign_by_points(cases, np.array(["12.5"], dtype=object), np.array([" 3 "], dtype=object), AREAS, AREA_CODES,
                           "area")
    assert res.assigned["area"].tolist() == ["B"]


def test_coordinate_count_must_match_case_rows():
    with pytest.raises(InputError, match="3 case rows but 2 x"):
        assign_by_points(pd.DataFrame({"id": [1, 2, 3]}), np.zeros(2), np.zeros(2), AREAS, AREA_CODES, "area")


def test_polygon_and_code_counts_must_match():
    with pytest.raises(InputError, match="2 area polygons but 3 area codes"):
        assign_by_points(pd.DataFrame({"id": [1]}), np.zeros(1), np.zeros(1), AREAS, pd.Series(["A", "B", "C"]), "area")


def test_reason_strings_are_the_documented_ones():
    assert REASONS == (
        "blank postcode",
        "malformed postcode",
        "postcode not in lookup",
        "terminated postcode",
        "point outside all areas",
        "invalid coordinates",
        "blank area code",
        "area code not in areas",
    )
