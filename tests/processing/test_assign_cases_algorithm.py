"""phso_insight:assigncases end to end on the bundled sample, messy postcodes, tables from CSV/XLSX and points."""
import json

import pandas as pd
import pytest

from phso_insight_plugin.resources import SAMPLE_DIR
from tests.layers import attribute_rows, memory_layer, square

LOOKUP_CSV = SAMPLE_DIR / "postcode_lookup.csv"
CASES_CSV = SAMPLE_DIR / "cases.csv"


def lookup_layer():
    from qgis.core import QgsVectorLayer

    return QgsVectorLayer(f"{SAMPLE_DIR / 'sample.gpkg'}|layername=postcode_lookup", "lookup", "ogr")


def by_postcode(run_alg, cases, **extra):
    return run_alg("assigncases", {
        "INPUT": cases, "LOCATION_TYPE": 0, "LOCATION_FIELD": "postcode", "POSTCODE_LOOKUP": lookup_layer(),
        "LOOKUP_POSTCODE_FIELD": "pcds", "LOOKUP_AREA_FIELDS": ["lsoa21cd", "pcon24cd", "icb23cd"],
        "LOOKUP_TERMINATED_FIELD": "doterm", "OUTPUT": "TEMPORARY_OUTPUT", "UNMATCHED": "TEMPORARY_OUTPUT",
        **extra})


def test_every_sample_case_is_matched_or_unmatched_with_a_reason(run_alg):
    result = by_postcode(run_alg, str(CASES_CSV))
    n_cases = len(pd.read_csv(CASES_CSV))
    assert result["ROWS_IN"] == n_cases
    assert result["ROWS_MATCHED"] + result["ROWS_UNMATCHED"] == n_cases
    assert result["OUTPUT"].featureCount() == result["ROWS_MATCHED"]
    assert result["UNMATCHED"].featureCount() == result["ROWS_UNMATCHED"]
    assert sum(json.loads(result["UNMATCHED_BY_REASON"]).values()) == result["ROWS_UNMATCHED"]


def test_sample_counts_per_lsoa_equal_an_independent_count_of_clean_postcodes(run_alg):
    """Rows whose postcode is already in display form match exactly the lookup's LSOA, counted by pandas."""
    result = by_postcode(run_alg, str(CASES_CSV), DROP_POSTCODE=False)
    cases = pd.read_csv(CASES_CSV, dtype=str)
    lookup = pd.read_csv(LOOKUP_CSV, dtype=str)
    live = lookup[lookup.doterm.isna()]
    clean = cases.merge(live, left_on="postcode", right_on="pcds")
    assigned = pd.DataFrame(attribute_rows(result["OUTPUT"]))
    assigned_clean = assigned[assigned.postcode.isin(live.pcds)]
    assert assigned_clean.groupby("lsoa21cd").size().to_dict() == clean.groupby("lsoa21cd").size().to_dict()


def test_messy_postcodes_are_cleaned_and_each_failure_has_its_reason(run_alg):
    lookup = pd.read_csv(LOOKUP_CSV, dtype=str)
    live = lookup[lookup.doterm.isna()].pcds.iloc[0]
    terminated = lookup[lookup.doterm.notna()].pcds.iloc[0]
    outward, inward = live.split(" ")
    postcodes = [live, live.lower(), outward + inward, f"  {outward}   {inward} ", f"{outward}\u00a0{inward}",
                 "", "N/A", "SX99 9ZZ", terminated, "SX1 1ÅA"]
    cases = memory_layer({"case_id": [f"C{i}" for i in range(len(postcodes))], "postcode": postcodes})
    result = by_postcode(run_alg, cases)
    assert result["ROWS_MATCHED"] == 5
    reasons = {r["case_id"]: r["reason"] for r in attribute_rows(result["UNMATCHED"])}
    assert reasons == {"C5": "blank postcode", "C6": "malformed postcode", "C7": "postcode not in lookup",
                       "C8": "terminated postcode", "C9": "malformed postcode"}


def test_postcode_is_dropped_from_the_output_but_kept_for_unmatched_rows(run_alg):
    cases = memory_layer({"case_id": ["A", "B"], "postcode": [pd.read_csv(LOOKUP_CSV).pcds.iloc[0], "nonsense"]})
    result = by_postcode(run_alg, cases)
    assert "postcode" not in result["OUTPUT"].fields().names()
    assert attribute_rows(result["UNMATCHED"])[0]["postcode"] == "nonsense"
    assert attribute_rows(result["UNMATCHED"])[0]["source_row"] == 2


def test_xlsx_cases_are_read_like_csv(run_alg, tmp_path):
    cases = pd.read_csv(CASES_CSV, dtype=str, keep_default_na=False).head(200)
    path = tmp_path / "cases.xlsx"
    # Real exports have typed columns; GDAL detects the header row when the first row differs in type.
    cases.assign(received_date=pd.to_datetime(cases.received_date)).to_excel(path, index=False, sheet_name="cases")
    from_xlsx = by_postcode(run_alg, f"{path}|layername=cases")
    from_frame = by_postcode(run_alg, memory_layer({c: list(cases[c]) for c in cases.columns}))
    assert from_xlsx["ROWS_IN"] == 200
    assert from_xlsx["ROWS_MATCHED"] == from_frame["ROWS_MATCHED"]


def test_area_codes_are_normalised_and_checked_against_the_layer(run_alg):
    areas = memory_layer({"code": ["E01000001", "E01000002"]}, [square(0, 0), square(100, 0)])
    cases = memory_layer({"area": [" e01000001", "E01000002", "", "E01999999"]})
    result = run_alg("assigncases", {"INPUT": cases, "LOCATION_TYPE": 1, "LOCATION_FIELD": "area",
                                     "AREAS": areas, "AREA_FIELD": "code", "OUTPUT": "TEMPORARY_OUTPUT",
                                     "UNMATCHED": "TEMPORARY_OUTPUT"})
    assert [r["area"] for r in attribute_rows(result["OUTPUT"])] == ["E01000001", "E01000002"]
    assert [r["reason"] for r in attribute_rows(result["UNMATCHED"])] == ["blank area code", "area code not in areas"]


def test_coordinates_in_another_crs_are_located_in_the_area_crs(run_alg):
    from qgis.core import QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsPointXY, QgsProject

    areas = memory_layer({"code": ["W", "E"]}, [square(530000, 180000, 1000), square(531000, 180000, 1000)])
    to_wgs84 = QgsCoordinateTransform(QgsCoordinateReferenceSystem("EPSG:27700"),
                                      QgsCoordinateReferenceSystem("EPSG:4326"), QgsProject.instance())
    west = to_wgs84.transform(QgsPointXY(530500, 180500))
    east = to_wgs84.transform(QgsPointXY(531500, 180500))
    cases = memory_layer({"lon": [west.x(), east.x(), 0.5, None], "lat": [west.y(), east.y(), 40.0, None]},
                         types={"lon": float, "lat": float})
    result = run_alg("assigncases", {"INPUT": cases, "LOCATION_TYPE": 3, "X_FIELD": "lon", "Y_FIELD": "lat",
                                     "COORDINATE_CRS": "EPSG:4326", "AREAS": areas, "AREA_FIELD": "code",
                                     "OUTPUT": "TEMPORARY_OUTPUT", "UNMATCHED": "TEMPORARY_OUTPUT"})
    assert [r["code"] for r in attribute_rows(result["OUTPUT"])] == ["W", "E"]
    assert [r["reason"] for r in attribute_rows(result["UNMATCHED"])] == ["point outside all areas",
                                                                         "invalid coordinates"]


def test_postcode_mode_without_a_lookup_is_a_clear_error(run_alg):
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException, match="postcode lookup"):
        run_alg("assigncases", {"INPUT": memory_layer({"postcode": ["SX1 1AA"]}), "LOCATION_TYPE": 0,
                                "LOCATION_FIELD": "postcode", "OUTPUT": "TEMPORARY_OUTPUT"})


def test_left_empty_the_directory_fields_are_recognised_in_a_2025_nspl_and_the_pseudo_codes_reported(run_alg):
    from tests.feedback import RecordingFeedback
    from tests.shared_data import SHARED_DATA

    feedback = RecordingFeedback()
    cases = memory_layer({"case_id": ["A", "B", "C"], "postcode": ["ca8 7jg", "BR8 7QP", "BR87QW"]})
    result = run_alg("assigncases", {
        "INPUT": cases, "LOCATION_TYPE": 0, "LOCATION_FIELD": "postcode",
        "POSTCODE_LOOKUP": str(SHARED_DATA / "postcode_directories" / "nspl_2025.csv"),
        "OUTPUT": "TEMPORARY_OUTPUT", "UNMATCHED": "TEMPORARY_OUTPUT"}, feedback)
    assert [r["lsoa21cd"] for r in attribute_rows(result["OUTPUT"])] == ["E01027484", "E01000720", "E01000720"]
    assert feedback.said("LOOKUP_POSTCODE_FIELD not given", "pcds")
    assert feedback.said("LOOKUP_AREA_FIELDS not given", "lsoa21cd")
    assert feedback.said("LOOKUP_TERMINATED_FIELD not given", "doterm")


def test_the_directory_column_of_the_area_layer_geography_is_the_one_copied(run_alg):
    from tests.shared_data import SHARED_DATA

    cases = memory_layer({"case_id": ["A"], "postcode": ["BR8 7QP"]})
    areas = memory_layer({"PCON24CD": ["E14001417"]}, [square(0, 0)])
    result = run_alg("assigncases", {
        "INPUT": cases, "LOCATION_TYPE": 0, "LOCATION_FIELD": "postcode", "AREAS": areas, "AREA_FIELD": "PCON24CD",
        "POSTCODE_LOOKUP": str(SHARED_DATA / "postcode_directories" / "nspl_2025.csv"),
        "OUTPUT": "TEMPORARY_OUTPUT"})
    assert attribute_rows(result["OUTPUT"]) == [{"case_id": "A", "pcon24cd": "E14001417"}]
