"""Recognising the columns of the ONS postcode directories of every vintage (cases.directory_columns), and the
unmatched reason of a postcode the directory places in no area, on real header rows and published rows."""
import pandas as pd
import pytest

from phso_insight_plugin.cases.assign import assign_by_postcode
from phso_insight_plugin.cases.directory_columns import area_column, directory_fields, no_area_reason
from tests.shared_data import SHARED_DATA

DIRECTORIES = SHARED_DATA / "postcode_directories"


def header(name: str) -> list[str]:
    return pd.read_csv(DIRECTORIES / name, nrows=0).columns.tolist()


def directory(name: str) -> pd.DataFrame:
    return pd.read_csv(DIRECTORIES / name, dtype=str, keep_default_na=False)


@pytest.mark.parametrize("name, postcode, area", [
    ("onspd_2018_05_header.csv", "pcds", "lsoa11"),
    ("onspd_2023_02_header.csv", "pcds", "lsoa21"),
    ("nspl_2023.csv", "pcds", "lsoa21"),
    ("nspl_2025.csv", "pcds", "lsoa21cd"),
    ("nspl_2026_08_header.csv", "pcds", "lsoa21cd"),
])
def test_every_vintage_gives_its_postcode_termination_and_lsoa_columns(name, postcode, area):
    assert directory_fields(header(name)) == directory_fields(header(name), "LSOA")
    fields = directory_fields(header(name))
    assert (fields.postcode, fields.terminated, fields.areas) == (postcode, "doterm", [area])


@pytest.mark.parametrize("name, geography, area", [
    ("onspd_2018_05_header.csv", "PCON", "pcon"),
    ("onspd_2018_05_header.csv", "SICBL", "ccg"),
    ("onspd_2023_02_header.csv", "ICB", "icb"),
    ("nspl_2023.csv", "LAD", "laua"),
    ("nspl_2025.csv", "ICB", "icb23cd"),
    ("nspl_2025.csv", "PCON", "pcon24cd"),
    ("nspl_2026_08_header.csv", "ICB", "icb26cd"),
    ("nspl_2026_08_header.csv", "SICBL", "sicbl26cd"),
    ("nspl_2026_08_header.csv", "LAD", "lad26cd"),
])
def test_the_area_column_of_each_geography_is_found_under_its_old_or_new_name(name, geography, area):
    assert directory_fields(header(name), geography).areas == [area]


def test_names_are_matched_ignoring_case_and_kept_as_spelled():
    fields = directory_fields(["PCD7", "PCDS", "DOTERM", "LSOA11CD", "LSOA21CD"])
    assert (fields.postcode, fields.terminated, fields.areas) == ("PCDS", "DOTERM", ["LSOA21CD"])


def test_the_vintage_of_the_area_layer_is_preferred_to_the_newest():
    names = ["pcds", "icb23cd", "icb26cd"]
    assert directory_fields(names, "ICB").areas == ["icb26cd"]
    assert directory_fields(names, "ICB", "23").areas == ["icb23cd"]


def test_columns_that_hold_no_area_codes_are_not_area_columns():
    assert area_column("lat") is None and area_column("imd20ind") is None and area_column("usrtypind") is None
    assert area_column("oa21cd").geography == "OA" and area_column("wd25cd").vintage == "25"


def test_the_no_area_reason_names_the_geography_of_the_column():
    assert no_area_reason("lsoa21cd") == "postcode has no LSOA in the directory"
    assert no_area_reason("icb") == "postcode has no ICB in the directory"
    assert no_area_reason("pcon24cd") == "postcode has no constituency in the directory"
    assert no_area_reason("my_area") == "postcode has no area in the directory"


def test_a_blank_lsoa_in_the_published_nspl_row_is_its_own_unmatched_reason():
    cases = pd.DataFrame({"postcode": ["ab1 0aa"]})
    result = assign_by_postcode(cases, "postcode", directory("nspl_2023.csv"), "pcds", ["lsoa21"])
    assert result.unmatched["reason"].tolist() == ["postcode has no LSOA in the directory"]


def test_pseudo_codes_in_the_published_nspl_rows_are_never_a_fake_area():
    cases = pd.DataFrame({"postcode": ["CA8 7JG", "BR8 7QP", "BR8 7QW", "AB1 0AA"]})
    nspl = directory("nspl_2025.csv")
    by_ward = assign_by_postcode(cases, "postcode", nspl, "pcd7", ["lsoa21cd", "ced25cd"], "doterm")
    assert by_ward.assigned.empty  # every ced25cd is E99999999: no county electoral division
    assert by_ward.unmatched["reason"].tolist() == ["postcode has no area in the directory"] * 3 + [
        "postcode not in lookup"]
    by_lsoa = assign_by_postcode(cases, "postcode", nspl, "pcd7", ["lsoa21cd", "icb23cd"], "doterm")
    assert by_lsoa.assigned["lsoa21cd"].tolist() == ["E01027484", "E01000720", "E01000720"]
    assert by_lsoa.assigned["icb23cd"].tolist() == ["E54000050", "E54000030", "E54000030"]
    assert by_lsoa.counts["unmatched_by_reason"]["postcode has no ICB in the directory"] == 0
