"""``phso_insight:preparepopulation`` end to end: census tables as published (CSV and XLSX) onto area layers, the
long table read by ``grouprepresentation`` as it comes, and what the log says."""
from __future__ import annotations

import json

import pytest
from qgis.core import QgsCoordinateTransformContext, QgsVectorFileWriter, QgsVectorLayer

from phso_insight_plugin.resources import SAMPLE_DIR
from tests.census.fixtures import AGE6_LONDON, TS009_SAMPLE, TS038_LONDON
from tests.feedback import RecordingFeedback
from tests.shared_data import LONDON_GPKG

SAMPLE_LSOA = f"{SAMPLE_DIR / 'sample.gpkg'}|layername=lsoa"
LONDON_LSOA = f"{LONDON_GPKG}|layername=lsoa21"
SIX = ["0_15", "16_24", "25_34", "35_49", "50_64", "65_plus"]


def as_xlsx(csv_path, xlsx_path) -> str:
    """The CSV saved as a spreadsheet by GDAL (as a user saves a download from Excel or LibreOffice)."""
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "XLSX"
    layer = QgsVectorLayer(f"{csv_path}|option:AUTODETECT_TYPE=YES", "table", "ogr")  # numbers as numbers
    error = QgsVectorFileWriter.writeAsVectorFormatV3(layer, str(xlsx_path), QgsCoordinateTransformContext(), options)
    assert error[0] == QgsVectorFileWriter.WriterError.NoError, error
    return str(xlsx_path)


def by_code(source, code_field: str, fields: list[str]) -> dict:
    layer = source if isinstance(source, QgsVectorLayer) else QgsVectorLayer(source, "t", "ogr")
    return {f[code_field]: [f[name] for name in fields] for f in layer.getFeatures()}


def test_the_sample_ts007_file_gives_exactly_the_sample_s_age_fields(run_alg, tmp_path):
    result = run_alg("preparepopulation", {"INPUT": str(SAMPLE_DIR / "census2021-ts007-lsoa.csv"),
                                           "AREAS": SAMPLE_LSOA, "AREA_FIELD": "LSOA21CD", "FIELD_PREFIX": "prepared",
                                           "OUTPUT": str(tmp_path / "lsoa.gpkg")})
    prepared = by_code(result["OUTPUT"], "LSOA21CD", [f"prepared_{s}" for s in SIX])
    assert prepared == by_code(SAMPLE_LSOA, "LSOA21CD", [f"pop_age_{s}" for s in SIX])
    assert (result["N_AREAS"], result["POPULATION_TOTAL"], result["TOTALS_DIFFERING"]) == (300, 542_420, 0)


def test_an_xlsx_saved_from_the_ons_download_gives_the_london_age_bands(run_alg, tmp_path):
    xlsx = as_xlsx(AGE6_LONDON, tmp_path / "custom_age6_lsoa_london.xlsx")
    result = run_alg("preparepopulation", {"INPUT": xlsx, "AREAS": LONDON_LSOA, "AREA_FIELD": "lsoa21_code",
                                           "OUTPUT": str(tmp_path / "london.gpkg")})
    prepared = by_code(result["OUTPUT"], "lsoa21_code", [f"pop_age_{s}" for s in SIX])
    assert prepared == by_code(LONDON_LSOA, "lsoa21_code", [f"age_{s}" for s in SIX])
    assert result["POPULATION_TOTAL"] == 8_799_687


def test_the_long_table_is_read_by_grouprepresentation_as_it_comes(run_alg, tmp_path):
    mapping = tmp_path / "groups.csv"
    mapping.write_text("category,group\nDisabled under the Equality Act,Yes\nNot disabled under the Equality Act,No\n",
                       encoding="utf-8")
    prepared = run_alg("preparepopulation", {
        "INPUT": str(SAMPLE_DIR / "census2021-ts038-lsoa.csv"), "MAPPING": str(mapping), "MAPPING_FROM": "category",
        "MAPPING_TO": "group", "OUTPUT_TABLE": str(tmp_path / "disability.csv")})
    common = {"CASES": str(SAMPLE_DIR / "cases.csv"), "GROUP_FIELD": "disability", "POP_GROUP_FIELD": "group",
              "POP_COUNT_FIELD": "population"}
    ours = run_alg("grouprepresentation", {**common, "POPULATION": prepared["OUTPUT_TABLE"],
                                           "OUTPUT": str(tmp_path / "ours.csv")})
    sample = run_alg("grouprepresentation", {**common, "POPULATION": str(SAMPLE_DIR / "population_long.csv"),
                                             "POP_FILTER": "\"dimension\" = 'disability'",
                                             "OUTPUT": str(tmp_path / "sample.csv")})
    fields = ["group", "cases", "population", "expected", "ratio", "tier"]
    assert by_code(ours["OUTPUT"], "group", fields) == by_code(sample["OUTPUT"], "group", fields)


def test_the_log_says_which_level_was_used_and_how_many_areas_were_left_out(run_alg, tmp_path):
    feedback = RecordingFeedback()
    areas = QgsVectorLayer(LONDON_LSOA, "lsoa", "ogr")
    areas.setSubsetString("lsoa21_code LIKE 'E0100000%'")
    result = run_alg("preparepopulation", {"INPUT": str(TS038_LONDON), "AREAS": areas, "AREA_FIELD": "lsoa21_code",
                                           "OUTPUT_TABLE": "TEMPORARY_OUTPUT", "OUTPUT": "TEMPORARY_OUTPUT"}, feedback)
    assert result["AREAS_LEFT_OUT"] == 4994 - result["N_AREAS"]
    assert feedback.said(f"{4994 - result['N_AREAS']} area(s) of the table are not in the area layer")
    assert json.loads(result["GROUP_FIELDS"]) == {
        "pop_disability_disabled_under_the_equality_act": "Disabled under the Equality Act",
        "pop_disability_not_disabled_under_the_equality_act": "Not disabled under the Equality Act"}
    del areas


def test_both_levels_of_the_sample_disability_table_are_reported_and_only_one_is_used(run_alg):
    feedback = RecordingFeedback()
    result = run_alg("preparepopulation", {"INPUT": str(SAMPLE_DIR / "census2021-ts038-lsoa.csv"), "LEVEL": 1,
                                           "OUTPUT_TABLE": "TEMPORARY_OUTPUT"}, feedback)
    assert feedback.said("broad (2) and detailed (4) categories; the detailed ones are used")
    assert (result["N_GROUPS"], result["POPULATION_TOTAL"]) == (4, 542_420)


@pytest.mark.parametrize("level", [0, 1])
def test_either_level_of_ts038_adds_up_to_the_published_total(run_alg, level):
    result = run_alg("preparepopulation", {"INPUT": str(SAMPLE_DIR / "census2021-ts038-lsoa.csv"), "LEVEL": level,
                                           "REQUIRE_TOTALS": True, "OUTPUT_TABLE": "TEMPORARY_OUTPUT"})
    assert result["TOTALS_DIFFERING"] == 0


def ethnic_mapping(tmp_path) -> str:
    """The sample's five groups for the labels of Ethnic group (6 categories) (quoted: they hold commas)."""
    path = tmp_path / "ethnic_groups.csv"
    path.write_text('category,group\n"Asian, Asian British or Asian Welsh",Asian\n'
                    '"Black, Black British, Black Welsh, Caribbean or African",Black\n'
                    "Mixed or Multiple ethnic groups,Mixed\nWhite,White\nOther ethnic group,Other\n", encoding="utf-8")
    return str(path)


def test_the_custom_age_by_ethnic_group_table_standardises_as_the_sample_s_population_by_age(run_alg, tmp_path):
    prepared = run_alg("preparepopulation", {
        "INPUT": str(SAMPLE_DIR / "custom-lsoa-age6-ethnic6.csv"), "MAPPING": ethnic_mapping(tmp_path),
        "MAPPING_FROM": "category", "MAPPING_TO": "group", "OUTPUT_TABLE": str(tmp_path / "ethnicity.csv")})
    assert (prepared["N_GROUPS"], prepared["N_STRATA"], prepared["POPULATION_TOTAL"]) == (5, 6, 542_420)
    common = {"CASES": str(SAMPLE_DIR / "cases.csv"), "GROUP_FIELD": "ethnicity", "STANDARDISE_BY": "age_band",
              "POP_GROUP_FIELD": "group", "POP_COUNT_FIELD": "population", "POP_STRATUM_FIELD": "age_band"}
    ours = run_alg("grouprepresentation", {**common, "POPULATION": prepared["OUTPUT_TABLE"],
                                           "OUTPUT": str(tmp_path / "ours.csv")})
    sample = run_alg("grouprepresentation", {**common, "POPULATION": str(SAMPLE_DIR / "population_by_age.csv"),
                                             "POP_FILTER": "\"dimension\" = 'ethnicity'",
                                             "OUTPUT": str(tmp_path / "sample.csv")})
    fields = ["group", "cases", "population", "expected", "ratio", "tier"]
    assert by_code(ours["OUTPUT"], "group", fields) == by_code(sample["OUTPUT"], "group", fields)
    assert by_code(ours["OUTPUT"], "group", ["tier"])["Asian"] == ["-2"]  # planted ×0.6 (CSV read back as text)


def test_an_xlsx_of_a_nomis_sex_by_age_table_gives_the_sample_s_sex_fields_and_strata(run_alg, tmp_path):
    feedback = RecordingFeedback()
    xlsx = as_xlsx(TS009_SAMPLE, tmp_path / "census2021-ts009-lsoa_sample.xlsx")
    areas = QgsVectorLayer(SAMPLE_LSOA, "lsoa", "ogr")
    areas.setSubsetString("LSOA21CD <= 'E01900012'")
    result = run_alg("preparepopulation", {"INPUT": xlsx, "AREAS": areas, "AREA_FIELD": "LSOA21CD",
                                           "FIELD_PREFIX": "prepared", "REQUIRE_TOTALS": True,
                                           "OUTPUT": str(tmp_path / "lsoa.gpkg")}, feedback)
    assert (result["N_AREAS"], result["N_GROUPS"], result["N_STRATA"]) == (12, 2, 6)
    assert by_code(result["OUTPUT"], "LSOA21CD", ["prepared_female", "prepared_male"]) == by_code(
        areas, "LSOA21CD", ["pop_female", "pop_male"])
    assert feedback.said("by 6 strata in its column 'age_band'")
    del areas


def test_the_london_disability_population_is_compared_with_the_age_tables_total(run_alg):
    """TS038 onto London's LSOAs against their age-band total (TS007-based ``pop_total_c21``): each Census table is
    perturbed on its own, so 3,303 of the 4,994 LSOAs differ, by at most 8 people (E01004451), as pandas counts
    from the two files."""
    feedback = RecordingFeedback()
    result = run_alg("preparepopulation", {"INPUT": str(TS038_LONDON), "AREAS": LONDON_LSOA,
                                           "AREA_FIELD": "lsoa21_code", "TOTAL_FIELD": "pop_total_c21",
                                           "OUTPUT_TABLE": "TEMPORARY_OUTPUT"}, feedback=feedback)
    assert (result["OTHER_TOTAL_DIFFERING"], result["LARGEST_OTHER_TOTAL_DIFFERENCE"]) == (3303, 8)
    assert feedback.said("In 3303 of 4994 area(s) the population prepared differs from pop_total_c21",
                         "+8 people", "E01004451")


def test_a_total_field_without_an_area_layer_is_refused(run_alg):
    from tests.feedback import error_of

    message = error_of(lambda: run_alg("preparepopulation", {
        "INPUT": str(TS038_LONDON), "TOTAL_FIELD": "pop_total_c21", "OUTPUT_TABLE": "TEMPORARY_OUTPUT"}))
    assert "TOTAL_FIELD" in message and "AREAS" in message
