"""phso_insight:joincasecounts: counts per area (and group) on the layer, conservation across geographies."""
import json

import pandas as pd
import pytest

from phso_insight_plugin.resources import SAMPLE_DIR
from tests.feedback import error_of
from tests.layers import attribute_rows, memory_layer, square

SAMPLE = SAMPLE_DIR / "sample.gpkg"


def sample_layer(name):
    from qgis.core import QgsVectorLayer

    return QgsVectorLayer(f"{SAMPLE}|layername={name}", name, "ogr")


@pytest.fixture(scope="module")
def assigned_sample_cases(plugin):
    """The sample cases with LSOA, constituency and ICB codes from the postcode lookup."""
    from qgis import processing

    return processing.run("phso_insight:assigncases", {
        "INPUT": str(SAMPLE_DIR / "cases.csv"), "LOCATION_TYPE": 0, "LOCATION_FIELD": "postcode",
        "POSTCODE_LOOKUP": sample_layer("postcode_lookup"), "LOOKUP_POSTCODE_FIELD": "pcds",
        "LOOKUP_AREA_FIELDS": ["lsoa21cd", "pcon24cd", "icb23cd"], "LOOKUP_TERMINATED_FIELD": "doterm",
        "OUTPUT": "TEMPORARY_OUTPUT"})


def join(run_alg, cases, case_field, areas, area_field, **extra):
    return run_alg("joincasecounts", {"INPUT": cases, "CASE_AREA_FIELD": case_field, "AREAS": areas,
                                      "AREA_FIELD": area_field, "OUTPUT": "TEMPORARY_OUTPUT",
                                      "UNMATCHED": "TEMPORARY_OUTPUT", **extra})


def test_counts_per_lsoa_equal_an_independent_pandas_count(run_alg, assigned_sample_cases):
    cases = assigned_sample_cases["OUTPUT"]
    result = join(run_alg, cases, "lsoa21cd", sample_layer("lsoa"), "LSOA21CD")
    independent = pd.DataFrame(attribute_rows(cases)).groupby("lsoa21cd").size()
    got = {r["LSOA21CD"]: r["cases"] for r in attribute_rows(result["OUTPUT"])}
    assert {k: v for k, v in got.items() if v} == independent.to_dict()
    assert result["OUTPUT"].featureCount() == sample_layer("lsoa").featureCount()


def test_every_case_is_counted_once_on_lsoa_constituency_and_icb_layers(run_alg, assigned_sample_cases):
    cases = assigned_sample_cases["OUTPUT"]
    n = cases.featureCount()
    for field, layer, code in (("lsoa21cd", "lsoa", "LSOA21CD"), ("pcon24cd", "constituency", "PCON24CD"),
                               ("icb23cd", "icb", "ICB23CD")):
        result = join(run_alg, cases, field, sample_layer(layer), code)
        assert sum(r["cases"] for r in attribute_rows(result["OUTPUT"])) == n == result["CASES_MATCHED"]


def test_group_breakdown_fields_sum_to_the_total(run_alg, assigned_sample_cases):
    result = join(run_alg, assigned_sample_cases["OUTPUT"], "lsoa21cd", sample_layer("lsoa"), "LSOA21CD",
                  GROUP_FIELD="age_band")
    fields = json.loads(result["GROUP_FIELDS"])
    assert set(fields) == {"cases_0_15", "cases_16_24", "cases_25_34", "cases_35_49", "cases_50_64",
                           "cases_65_plus"}
    for row in attribute_rows(result["OUTPUT"]):
        assert sum(row[f] for f in fields) == row["cases"]


def test_pre_aggregated_rows_are_summed_and_unknown_codes_reported(run_alg):
    areas = memory_layer({"code": ["E01000001", "E01000002"]}, [square(0, 0), square(100, 0)])
    cases = memory_layer({"area": ["E01000001", "e01000001 ", "E01000002", "E01999999", None],
                          "n": [3, 2, 4, 5, 1]}, types={"area": str})
    result = join(run_alg, cases, "area", areas, "code", COUNT_FIELD="n")
    assert [r["cases"] for r in attribute_rows(result["OUTPUT"])] == [5, 4]
    assert (result["CASES_IN"], result["CASES_MATCHED"], result["CASES_UNMATCHED"]) == (15, 9, 6)
    assert (result["ROWS_IN"], result["ROWS_MATCHED"], result["ROWS_UNMATCHED"]) == (5, 3, 2)
    assert sorted(r["reason"] for r in attribute_rows(result["UNMATCHED"])) == ["area code not in areas",
                                                                               "blank area code"]


def test_duplicate_area_codes_are_an_error_naming_them(run_alg):
    from qgis.core import QgsProcessingException

    areas = memory_layer({"code": ["A", "A", "B"]}, [square(0, 0), square(100, 0), square(200, 0)])
    with pytest.raises(QgsProcessingException, match="A"):
        join(run_alg, memory_layer({"area": ["A"]}), "area", areas, "code")


def test_negative_counts_are_an_error_naming_rows(run_alg):
    from qgis.core import QgsProcessingException

    areas = memory_layer({"code": ["A"]}, [square(0, 0)])
    with pytest.raises(QgsProcessingException, match="2"):
        join(run_alg, memory_layer({"area": ["A", "A"], "n": [1, -3]}), "area", areas, "code", COUNT_FIELD="n")


def test_field_prefix_is_sanitised_like_group_names(run_alg):
    areas = memory_layer({"code": ["A"]}, [square(0, 0)])
    result = join(run_alg, memory_layer({"area": ["A", "A"], "band": ["65+", "0-15"]}), "area", areas, "code",
                  GROUP_FIELD="band", FIELD_PREFIX="Complaints 2024")
    row = attribute_rows(result["OUTPUT"])[0]
    assert (row["complaints_2024"], row["complaints_2024_65_plus"], row["complaints_2024_0_15"]) == (2, 1, 1)


def by_postcode(run_alg, **extra):
    """The sample cases counted per LSOA straight from their postcodes."""
    return run_alg("joincasecounts", {
        "INPUT": str(SAMPLE_DIR / "cases.csv"), "POSTCODE_FIELD": "postcode",
        "POSTCODE_LOOKUP": sample_layer("postcode_lookup"), "LOOKUP_POSTCODE_FIELD": "pcds",
        "LOOKUP_AREA_FIELD": "lsoa21cd", "LOOKUP_TERMINATED_FIELD": "doterm", "GROUP_FIELD": "age_band",
        "AREAS": sample_layer("lsoa"), "AREA_FIELD": "LSOA21CD", "OUTPUT": "TEMPORARY_OUTPUT",
        "UNMATCHED": "TEMPORARY_OUTPUT", **extra})


def test_counting_by_postcode_gives_the_counts_of_assigning_then_joining(run_alg, assigned_sample_cases):
    direct = by_postcode(run_alg)
    two_steps = join(run_alg, assigned_sample_cases["OUTPUT"], "lsoa21cd", sample_layer("lsoa"), "LSOA21CD",
                     GROUP_FIELD="age_band")
    assert attribute_rows(direct["OUTPUT"]) == attribute_rows(two_steps["OUTPUT"])
    assert direct["GROUP_FIELDS"] == two_steps["GROUP_FIELDS"]
    assert direct["CASES_MATCHED"] == assigned_sample_cases["ROWS_MATCHED"] == two_steps["CASES_IN"]


def without_empty_area_reasons(by_reason: dict) -> dict:
    """The reasons, less the zero "postcode has no … in the directory" ones (one per area column copied)."""
    return {reason: n for reason, n in by_reason.items() if n or not reason.startswith("postcode has no")}


def test_cases_whose_postcode_cannot_be_placed_are_unmatched_with_the_assignment_reasons(
        run_alg, assigned_sample_cases):
    direct = by_postcode(run_alg)
    assert direct["ROWS_IN"] == assigned_sample_cases["ROWS_IN"]
    expected = {**json.loads(assigned_sample_cases["UNMATCHED_BY_REASON"]), "blank area code": 0,
                "area code not in areas": 0}
    assert without_empty_area_reasons(json.loads(direct["UNMATCHED_BY_REASON"])) == \
        without_empty_area_reasons(expected)
    reasons = pd.DataFrame(attribute_rows(direct["UNMATCHED"]))["reason"].value_counts().to_dict()
    assert sum(reasons.values()) == direct["ROWS_UNMATCHED"] == assigned_sample_cases["ROWS_UNMATCHED"]


def test_an_area_code_field_and_a_postcode_lookup_together_are_refused(run_alg):
    uris = {"POSTCODE_LOOKUP": f"{SAMPLE}|layername=postcode_lookup", "AREAS": f"{SAMPLE}|layername=lsoa"}
    assert "not both" in error_of(lambda: by_postcode(run_alg, CASE_AREA_FIELD="postcode", **uris))
    assert "(LOOKUP_AREA_FIELD)" in error_of(lambda: by_postcode(run_alg, LOOKUP_AREA_FIELD=None, **uris))
