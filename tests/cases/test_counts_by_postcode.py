"""Counting cases per area straight from their postcodes (cases.counts.count_cases_by_postcode): the same counts,
unmatched rows and summary as assigning them first and counting the assigned table, without that table."""
import pandas as pd
import pytest

from phso_insight_plugin.cases.assign import assign_by_postcode
from phso_insight_plugin.cases.counts import count_cases, count_cases_by_postcode
from phso_insight_plugin.errors import InputError

AREAS = pd.Series(["E01000001", "E01000002", "E01000003"], name="LSOA21CD")
LOOKUP = pd.DataFrame({
    "pcds": ["N1 9GU", "SW1A 1AA", "E1 6AN", "M1 1AE", "B1 1AA", "LS1 1UR"],
    "lsoa21cd": ["e01000001 ", "E01000002", "E01000003", "E01009999", None, "E01000001"],
    "doterm": [None, None, None, None, None, "202003"]})
CASES = pd.DataFrame({
    "postcode": ["n19gu", "SW1A 1AA", "", "NOT A POSTCODE", "ZZ9 9ZZ", "M1 1AE", "B1 1AA", "LS1 1UR", "E1 6AN",
                 "N1 9GU"],
    "n": [2, 1, 1, 1, 1, 3, 1, 1, 4, 1],
    "age_band": ["0-15", "16-24", "0-15", None, "0-15", "16-24", "0-15", "0-15", " ", "16-24"]})


def both_ways(**options):
    """(straight from postcodes, assign then count) with the same options."""
    direct = count_cases_by_postcode(CASES, "postcode", LOOKUP, "pcds", "lsoa21cd", AREAS, terminated_col="doterm",
                                     **options)
    assigned = assign_by_postcode(CASES, "postcode", LOOKUP, "pcds", ["lsoa21cd"], terminated_col="doterm")
    counted = count_cases(assigned.assigned, "lsoa21cd", AREAS, **options)
    return direct, assigned, counted


def test_counts_equal_assigning_then_counting():
    direct, _, counted = both_ways(count_col="n", group_col="age_band")
    pd.testing.assert_frame_equal(direct.counts, counted.counts)
    assert direct.counts["cases"].tolist() == [3, 1, 4]  # N1 9GU twice (one messy); SW1A 1AA; E1 6AN
    assert direct.group_fields == counted.group_fields


def test_every_row_not_counted_is_unmatched_once_with_its_reason_and_input_row():
    direct, assigned, counted = both_ways()
    assert direct.unmatched["source_row"].tolist() == [3, 4, 5, 6, 7, 8]
    assert direct.unmatched["reason"].tolist() == [
        "blank postcode", "malformed postcode", "postcode not in lookup", "area code not in areas",
        "postcode has no LSOA in the directory", "terminated postcode"]
    both = pd.concat([assigned.unmatched, counted.unmatched]).sort_values("source_row")
    assert direct.unmatched[["source_row", "reason"]].values.tolist() == both[["source_row", "reason"]].values.tolist()
    assert direct.unmatched.columns.tolist() == [*CASES.columns, "source_row", "reason"]  # the postcode kept


def test_the_summary_accounts_for_every_case_by_reason():
    direct, _, _ = both_ways(count_col="n")
    assert direct.summary["rows_in"] == 10 and direct.summary["rows_matched"] == 4
    assert direct.summary["cases_in"] == 16 == direct.summary["cases_matched"] + direct.summary["cases_unmatched"]
    assert direct.summary["cases_matched"] == 8
    assert direct.summary["unmatched_by_reason"] == {
        "blank postcode": 1, "malformed postcode": 1, "postcode not in lookup": 1, "terminated postcode": 1,
        "postcode has no LSOA in the directory": 1, "blank area code": 0, "area code not in areas": 1}
    assert direct.summary["cases_unmatched_by_reason"]["area code not in areas"] == 3


def test_a_lookup_without_the_area_column_is_an_error_naming_it():
    with pytest.raises(InputError, match="postcode lookup has no column 'lsoa11cd'"):
        count_cases_by_postcode(CASES, "postcode", LOOKUP, "pcds", "lsoa11cd", AREAS)


def test_a_case_table_that_already_has_the_lookup_area_column_is_counted_by_postcode():
    stale = CASES.assign(lsoa21cd="E01000003")  # an older assignment: the postcodes decide
    result = count_cases_by_postcode(stale, "postcode", LOOKUP, "pcds", "lsoa21cd", AREAS)
    assert result.counts["cases"].tolist() == [3, 1, 1]
