"""phso_insight:grouprepresentation end to end through processing.run: hand numbers, sample data, errors."""
import json

import pandas as pd
import pytest
from qgis.core import QgsFeatureRequest, QgsProcessingException, QgsProcessingFeedback, QgsVectorLayer

from phso_insight_plugin.resources import SAMPLE_DIR
from tests.layers import attribute_rows, memory_layer

REL = 1e-12
SAMPLE_GPKG = SAMPLE_DIR / "sample.gpkg"


class RecordingFeedback(QgsProcessingFeedback):
    """Feedback that keeps every message, to check what the log tells the user."""

    def __init__(self):
        super().__init__()
        self.messages: list[str] = []

    def pushInfo(self, info):
        self.messages.append(info)

    def reportError(self, error, fatalError=False):
        self.messages.append(error)


def cases_layer(counts: dict[str, int], **extra_columns) -> QgsVectorLayer:
    """One row per case with field ``ethnicity``; ``extra_columns`` are per-case lists."""
    labels = [label for label, n in counts.items() for _ in range(n)]
    return memory_layer({"ethnicity": labels, **extra_columns}, types={"ethnicity": str})


def population_layer() -> QgsVectorLayer:
    return memory_layer({"group": ["Asian", "Black", "White"], "n": [1000, 2000, 2000]})


def run_groups(run_alg, cases, population=None, feedback=None, **parameters):
    defaults = {"CASES": cases, "GROUP_FIELD": "ethnicity", "POPULATION": population or population_layer(),
                "POP_GROUP_FIELD": "group", "POP_COUNT_FIELD": "n", "OUTPUT": "TEMPORARY_OUTPUT"}
    return run_alg("grouprepresentation", {**defaults, **parameters}, feedback=feedback)


def rows_by(result, *keys) -> dict:
    return {tuple(r[k] for k in keys) if len(keys) > 1 else r[keys[0]]: r for r in attribute_rows(result["OUTPUT"])}


def sample_layer(name: str) -> QgsVectorLayer:
    """A memory copy of a sample GeoPackage layer: no OGR layer outlives QGIS when a failing run's
    traceback keeps the parameters alive until interpreter exit (which crashes the process)."""
    layer = QgsVectorLayer(f"{SAMPLE_GPKG}|layername={name}", name, "ogr")
    assert layer.isValid()
    return layer.materialize(QgsFeatureRequest())


def sample_csv_layer(name: str) -> QgsVectorLayer:
    uri = f"file://{SAMPLE_DIR / name}?delimiter=,&detectTypes=yes&geomType=none"
    layer = QgsVectorLayer(uri, name, "delimitedtext")
    assert layer.isValid()
    return layer.materialize(QgsFeatureRequest())


def test_hand_computed_ratios_shares_and_tiers(run_alg):
    result = run_groups(run_alg, cases_layer({"Asian": 30, "Black": 50, "White": 20}), MULTIPLE_TESTING=0)
    rows = rows_by(result, "group")
    assert list(rows) == ["Asian", "Black", "White"]
    assert [rows[g]["case_share"] for g in rows] == pytest.approx([0.3, 0.5, 0.2], rel=REL)
    assert [rows[g]["population_share"] for g in rows] == pytest.approx([0.2, 0.4, 0.4], rel=REL)
    assert [rows[g]["ratio"] for g in rows] == pytest.approx([1.5, 1.25, 0.5], rel=REL)
    assert [rows[g]["tier"] for g in rows] == [1, 0, -2]
    assert (result["N_HIGH"], result["N_IN_LINE"], result["N_SIG_LOW"], result["N_CELLS"]) == (1, 1, 1, 3)


def test_output_is_a_table_with_the_documented_fields(run_alg):
    layer = run_groups(run_alg, cases_layer({"Asian": 30, "Black": 50, "White": 20}))["OUTPUT"]
    assert not layer.isSpatial()
    assert layer.fields().names() == [
        "group", "cases", "case_share", "case_share_lcl95", "case_share_ucl95", "population", "population_share",
        "expected", "ratio", "lcl95", "ucl95", "lcl998", "ucl998", "ci_method", "p_value", "q_value", "tier",
        "tier_label", "excluded_cases", "note"]


def test_benjamini_hochberg_is_the_default(run_alg):
    result = run_groups(run_alg, cases_layer({"Asian": 30, "Black": 50, "White": 20}))
    rows = rows_by(result, "group")
    assert [rows[g]["tier"] for g in rows] == [0, 0, -1]
    assert all(rows[g]["q_value"] is not None for g in rows)
    assert "Benjamini–Hochberg" in result["METHOD"]


def test_missing_values_are_excluded_counted_and_stated(run_alg):
    cases = cases_layer({"Asian": 30, "Black": 50, "White": 20, "Prefer not to say": 4, "Refused": 2, "": 1})
    result = run_groups(run_alg, cases, MISSING_VALUES="Prefer not to say;Refused")
    rows = rows_by(result, "group")
    assert list(rows) == ["Asian", "Black", "White"]
    assert {rows[g]["excluded_cases"] for g in rows} == {7.0}
    assert (result["TOTAL_CASES"], result["COMPARED_CASES"], result["EXCLUDED_CASES"]) == (107, 100, 7)
    assert "7 cases excluded from the shares" in result["METHOD"]


def test_an_unmapped_label_gets_a_row_and_a_log_message(run_alg):
    feedback = RecordingFeedback()
    result = run_groups(run_alg, cases_layer({"Asian": 30, "Black": 50, "White": 20, "Roma": 3}), feedback=feedback)
    roma = rows_by(result, "group")["Roma"]
    assert (roma["cases"], roma["ratio"], roma["tier"], roma["tier_label"]) == (3.0, None, None, "Not compared")
    assert result["NOT_COMPARED_CASES"] == 3
    assert json.loads(result["UNMATCHED"]) == {"labels": {"Roma": 3.0}, "areas": {}}
    assert any("'Roma' is not in the population table" in m for m in feedback.messages)


def test_a_mapping_table_translates_case_labels(run_alg):
    mapping = memory_layer({"case_label": ["A", "B"], "census_label": ["Asian", "Black"]})
    result = run_groups(run_alg, cases_layer({"A": 30, "B": 50, "White": 20}), MAPPING=mapping,
                        MAPPING_FROM="case_label", MAPPING_TO="census_label")
    assert [r["cases"] for r in attribute_rows(result["OUTPUT"])] == [30.0, 50.0, 20.0]


def test_aggregated_case_rows_use_the_count_field(run_alg):
    cases = memory_layer({"ethnicity": ["Asian", "Black", "White", "Asian"], "n_cases": [10, 50, 20, 20]})
    result = run_groups(run_alg, cases, COUNT_FIELD="n_cases")
    assert [r["cases"] for r in attribute_rows(result["OUTPUT"])] == [30.0, 50.0, 20.0]


def test_per_area_breakdown_sums_lsoa_population_rows_to_the_area(run_alg):
    cases = cases_layer({"Asian": 30, "White": 10}, icb=["E54000001"] * 20 + ["E54000002"] * 20)
    population = memory_layer({"lsoa": ["L1", "L2", "L1", "L2", "L3", "L3"],
                               "icb": ["E54000001", "E54000001", "E54000001", "E54000001", "E54000002", "E54000002"],
                               "group": ["Asian", "Asian", "White", "White", "Asian", "White"],
                               "n": [100, 300, 300, 300, 500, 500]})
    result = run_groups(run_alg, cases, population, AREA_FIELD="icb", POP_AREA_FIELD="icb")
    rows = rows_by(result, "area", "group")
    assert rows[("E54000001", "Asian")]["population"] == 400
    assert rows[("E54000001", "Asian")]["ratio"] == pytest.approx(1.0 / 0.4, rel=REL)
    assert rows[("E54000002", "White")]["ratio"] == pytest.approx(0.5 / 0.5, rel=REL)
    assert result["N_AREAS"] == 2


def test_wide_population_takes_groups_from_field_names(run_alg):
    population = memory_layer({"Asian": [600, 400], "Black": [2000, 0], "White": [1500, 500]})
    result = run_groups(run_alg, cases_layer({"Asian": 30, "Black": 50, "White": 20}), population,
                        POP_GROUP_FIELD=None, POP_COUNT_FIELD=None, POP_WIDE_FIELDS=["Asian", "Black", "White"])
    assert [r["ratio"] for r in attribute_rows(result["OUTPUT"])] == pytest.approx([1.5, 1.25, 0.5], rel=REL)


def test_age_standardisation_finds_a_young_group_in_line(run_alg):
    # Same rates by age in both groups; G1 young, G2 old (see tests/groups/test_standardisation.py).
    cases = memory_layer({"ethnicity": ["G1", "G1", "G2", "G2"], "age": ["young", "old", "young", "old"],
                          "n": [40, 40, 10, 160]})
    population = memory_layer({"group": ["G1", "G1", "G2", "G2"], "age": ["young", "old", "young", "old"],
                               "n": [8000, 2000, 2000, 8000]})
    crude = run_groups(run_alg, cases, population, COUNT_FIELD="n", POP_STRATUM_FIELD="age")
    standardised = run_groups(run_alg, cases, population, COUNT_FIELD="n", STANDARDISE_BY="age",
                              POP_STRATUM_FIELD="age")
    assert [r["tier"] for r in attribute_rows(crude["OUTPUT"])] == [-2, 2]
    assert [r["ratio"] for r in attribute_rows(standardised["OUTPUT"])] == pytest.approx([1.0, 1.0], rel=REL)
    assert [r["crude_ratio"] for r in attribute_rows(standardised["OUTPUT"])] == pytest.approx([0.64, 1.36])
    assert "standardised by 'age'" in standardised["METHOD"]


def test_sample_ethnicity_from_a_filtered_long_population_table(run_alg):
    result = run_alg("grouprepresentation", {
        "CASES": sample_layer("cases"), "GROUP_FIELD": "ethnicity",
        "POPULATION": sample_csv_layer("population_long.csv"),
        "POP_FILTER": "\"dimension\" = 'ethnicity'", "POP_GROUP_FIELD": "group", "POP_COUNT_FIELD": "population",
        "OUTPUT": "TEMPORARY_OUTPUT"})
    rows = rows_by(result, "group")
    assert list(rows) == ["Asian", "Black", "Mixed", "White", "Other"]
    assert sum(rows[g]["population_share"] for g in rows) == pytest.approx(1.0, rel=REL)
    assert sum(rows[g]["case_share"] for g in rows) == pytest.approx(1.0, rel=REL)
    assert rows["Asian"]["tier"] == -2


def test_sample_wide_population_fields_with_a_mapping_agree_with_the_long_table(run_alg):
    groups = ["Asian", "Black", "Mixed", "White", "Other"]
    mapping = memory_layer({"case": groups, "field": [f"pop_eth_{g.lower()}" for g in groups]})
    common = {"CASES": sample_layer("cases"), "GROUP_FIELD": "ethnicity", "OUTPUT": "TEMPORARY_OUTPUT"}
    wide = run_alg("grouprepresentation", {
        **common, "POPULATION": sample_layer("lsoa"), "POP_WIDE_FIELDS": [f"pop_eth_{g.lower()}" for g in groups],
        "MAPPING": mapping, "MAPPING_FROM": "case", "MAPPING_TO": "field"})
    long = run_alg("grouprepresentation", {
        **common, "POPULATION": sample_csv_layer("population_long.csv"), "POP_FILTER": "\"dimension\" = 'ethnicity'",
        "POP_GROUP_FIELD": "group", "POP_COUNT_FIELD": "population"})
    assert [r["group"] for r in attribute_rows(wide["OUTPUT"])] == [f"pop_eth_{g.lower()}" for g in groups]
    assert [r["ratio"] for r in attribute_rows(wide["OUTPUT"])] == pytest.approx(
        [r["ratio"] for r in attribute_rows(long["OUTPUT"])], rel=REL)


def test_sample_asian_under_representation_survives_age_standardisation(run_alg):
    result = run_alg("grouprepresentation", {
        "CASES": sample_layer("cases"), "GROUP_FIELD": "ethnicity", "STANDARDISE_BY": "age_band",
        "POPULATION": sample_csv_layer("population_by_age.csv"), "POP_FILTER": "\"dimension\" = 'ethnicity'",
        "POP_GROUP_FIELD": "group", "POP_COUNT_FIELD": "population", "POP_STRATUM_FIELD": "age_band",
        "OUTPUT": "TEMPORARY_OUTPUT"})
    asian = rows_by(result, "group")["Asian"]
    assert asian["tier"] <= -1
    assert asian["crude_ratio"] < asian["ratio"] < 1


@pytest.fixture(scope="module")
def sample_cases_with_lsoa(plugin):
    """The sample cases with the LSOA of their postcode (pandas merge of the postcode lookup)."""
    cases = pd.read_csv(SAMPLE_DIR / "cases.csv", dtype=str, keep_default_na=False)
    lookup = pd.read_csv(SAMPLE_DIR / "postcode_lookup.csv", dtype=str, keep_default_na=False)

    def key(s):
        return s.str.upper().str.replace(r"\s+", "", regex=True)

    lsoa = key(cases["postcode"]).map(pd.Series(lookup["lsoa21cd"].to_numpy(), index=key(lookup["pcds"])))
    return memory_layer({"case_id": list(cases["case_id"]), "lsoa21cd": [c if isinstance(c, str) else None
                                                                        for c in lsoa]}, types={"lsoa21cd": str})


def deprivation_parameters(cases, **extra) -> dict:
    return {"CASES": cases, "GROUP_SOURCE": 1, "CASE_AREA_CODE_FIELD": "lsoa21cd",
            "AREA_ATTRIBUTE_LAYER": sample_layer("lsoa"), "AREA_ATTRIBUTE_CODE_FIELD": "LSOA21CD",
            "AREA_ATTRIBUTE_FIELD": "imd_decile", "AREA_ATTRIBUTE_POPULATION_FIELD": "pop_total",
            "OUTPUT": "TEMPORARY_OUTPUT", **extra}


def test_sample_cases_fall_with_deprivation_in_one_run(run_alg, sample_cases_with_lsoa):
    result = run_alg("grouprepresentation", deprivation_parameters(sample_cases_with_lsoa))
    rows = rows_by(result, "group")
    assert list(rows) == [str(d) for d in range(1, 11)]
    assert min(rows[str(d)]["ratio"] for d in range(1, 6)) > 1 > max(rows[str(d)]["ratio"] for d in range(6, 11))
    assert (rows["1"]["tier"], rows["10"]["tier"]) == (2, -2)
    assert result["EXCLUDED_CASES"] > 0
    assert "area attribute 'imd_decile'" in result["METHOD"]


def test_sample_deprivation_per_icb_from_the_lsoa_layer(run_alg, sample_cases_with_lsoa):
    result = run_alg("grouprepresentation", deprivation_parameters(
        sample_cases_with_lsoa, AREA_ATTRIBUTE_AREA_FIELD="ICB23CD"))
    rows = attribute_rows(result["OUTPUT"])
    assert result["N_AREAS"] == 3 and len(rows) == 30
    shares = pd.DataFrame(rows).groupby("area")["population_share"].sum()
    assert list(shares) == pytest.approx([1.0, 1.0, 1.0], rel=REL)


def test_output_can_be_written_to_a_geopackage_table(run_alg, tmp_path):
    path = tmp_path / "groups.gpkg"
    result = run_groups(run_alg, cases_layer({"Asian": 30, "Black": 50, "White": 20}), OUTPUT=str(path))
    layer = QgsVectorLayer(result["OUTPUT"], "groups", "ogr")
    assert [r["group"] for r in attribute_rows(layer)] == ["Asian", "Black", "White"]
    assert [r["tier"] for r in attribute_rows(layer)] == [0, 0, -1]


@pytest.mark.parametrize("parameters, message", [
    ({"GROUP_FIELD": None}, "Choose the group field of the cases"),
    ({"GROUP_FIELD": "religion"}, r"\(GROUP_FIELD\): the layer given for Cases \(CASES\) has no field 'religion'"),
    ({"POP_WIDE_FIELDS": ["n"]}, "either in long form .* or in wide form"),
    ({"POP_COUNT_FIELD": None}, r"needs both a group field \(POP_GROUP_FIELD\) and a count field \(POP_COUNT_FIELD\)"),
    ({"AREA_FIELD": "ethnicity"}, "per-area breakdown needs the population's area field"),
    ({"STANDARDISE_BY": "ethnicity"},
     r"Standardising by 'ethnicity' \(STANDARDISE_BY\) needs the population's stratum field \(POP_STRATUM_FIELD\)"),
    ({"POP_FILTER": "\"group\" = 'Martian'"}, "No population rows match the filter"),
    ({"CASE_AREA_CODE_FIELD": "ethnicity"}, "Leave CASE_AREA_CODE_FIELD empty when the group comes from a case field"),
    ({"COUNT_FIELD": "ethnicity"}, "Field 'ethnicity' has non-numeric values in 3 rows"),
])
def test_bad_parameters_fail_with_a_clear_message(run_alg, parameters, message):
    with pytest.raises(QgsProcessingException, match=message):
        run_groups(run_alg, cases_layer({"Asian": 1, "Black": 1, "White": 1}), **parameters)


def test_area_attribute_mode_refuses_a_population_table(run_alg, sample_cases_with_lsoa):
    with pytest.raises(QgsProcessingException, match="Leave POPULATION empty when the group comes from an area"):
        run_alg("grouprepresentation", deprivation_parameters(sample_cases_with_lsoa, POPULATION=population_layer()))


def test_area_attribute_mode_needs_its_fields(run_alg, sample_cases_with_lsoa):
    with pytest.raises(QgsProcessingException,
                       match=r"choose the cases' area code field \(CASE_AREA_CODE_FIELD\) and the area layer's"):
        run_alg("grouprepresentation", deprivation_parameters(sample_cases_with_lsoa, AREA_ATTRIBUTE_FIELD=None))
