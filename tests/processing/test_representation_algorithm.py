"""phso_insight:representation end to end through processing.run, on published and hand-computed numbers."""
import pytest

from tests.layers import attribute_rows, memory_layer, square
from tests.shared_data import phe_csv

REL = 1e-9


def output_rows(result):
    return attribute_rows(result["OUTPUT"])


@pytest.fixture()
def phe_isr_layers():
    """The PHEindicatormethods ISR test areas as a table (obs_/pop_ field per age band) and reference table."""
    data = phe_csv("testdata_DSR_ISR__testdata_multiarea.csv")
    ref = phe_csv("testdata_DSR_ISR__refdata.csv")
    bands = list(ref["Age Band"])
    names = {band: f"b{i:02d}" for i, band in enumerate(bands)}
    columns = {"area": []}
    for band in bands:
        columns[f"obs_{names[band]}"] = []
        columns[f"pop_{names[band]}"] = []
    for area, rows in data.groupby("area", sort=False):
        columns["area"].append(area)
        for _, row in rows.iterrows():
            # PHE sums counts with na.rm = TRUE: the one missing count (tiny, 10-14) contributes 0.
            columns[f"obs_{names[row.ageband]}"].append(0 if row.isna()["count"] else int(row["count"]))
            columns[f"pop_{names[row.ageband]}"].append(int(row["pop"]))
    areas = memory_layer(columns)
    reference = memory_layer({"stratum": [f"obs_{names[b]}" for b in bands],
                              "refcount": [int(v) for v in ref.refcount], "refpop": [int(v) for v in ref.refpop]})
    return areas, reference, [f"obs_{names[b]}" for b in bands], [f"pop_{names[b]}" for b in bands]


def test_indirectly_standardised_ratios_match_phe_published_values(run_alg, phe_isr_layers):
    areas, reference, obs, pop = phe_isr_layers
    result = run_alg("representation", {
        "INPUT": areas, "OBSERVED_FIELDS": obs, "POPULATION_FIELDS": pop, "REFERENCE": reference,
        "REFERENCE_STRATUM_FIELD": "stratum", "REFERENCE_COUNT_FIELD": "refcount",
        "REFERENCE_POPULATION_FIELD": "refpop", "OUTPUT": "TEMPORARY_OUTPUT"})
    expected = phe_csv("testdata_DSR_ISR__testresults_ISR.csv")
    expected = expected[expected.statistic == "indirectly standardised ratio x 1"].set_index("area")
    rows = {r["area"]: r for r in output_rows(result)}
    assert set(rows) == {"testdata_big", "testdata_small", "testdata_tiny"}
    for area, ref in expected.iterrows():
        got = rows[area]
        assert got["observed"] == ref.observed
        assert got["expected"] == pytest.approx(ref.expected, rel=REL)
        assert got["ratio"] == pytest.approx(ref.value, rel=REL)
        assert got["lcl95"] == pytest.approx(ref.lower95_0cl, rel=REL)
        assert got["ucl95"] == pytest.approx(ref.upper95_0cl, rel=REL)
        assert got["lcl998"] == pytest.approx(ref.lower99_8cl, rel=REL)
        assert got["ucl998"] == pytest.approx(ref.upper99_8cl, rel=REL)
        assert got["ci_method"] == ref.method


def test_crude_ratio_is_observed_over_population_share_of_total(run_alg):
    areas = memory_layer({"code": ["A", "B"], "cases": [10, 10], "pop": [1000, 3000]},
                         [square(0, 0), square(100, 0)])
    result = run_alg("representation", {"INPUT": areas, "OBSERVED_FIELDS": ["cases"],
                                        "POPULATION_FIELDS": ["pop"], "OUTPUT": "TEMPORARY_OUTPUT"})
    rows = output_rows(result)
    assert [r["expected"] for r in rows] == pytest.approx([5.0, 15.0], rel=REL)
    assert [r["ratio"] for r in rows] == pytest.approx([2.0, 10 / 15], rel=REL)
    assert result["OVERALL_RATE"] == pytest.approx(20 / 4000, rel=REL)
    assert result["N_AREAS"] == 2


def test_output_keeps_geometry_and_input_fields(run_alg):
    areas = memory_layer({"code": ["A", "B"], "cases": [10, 10], "pop": [1000, 3000]},
                         [square(0, 0), square(100, 0)])
    result = run_alg("representation", {"INPUT": areas, "OBSERVED_FIELDS": ["cases"],
                                        "POPULATION_FIELDS": ["pop"], "OUTPUT": "TEMPORARY_OUTPUT"})
    layer = result["OUTPUT"]
    assert layer.crs().authid() == "EPSG:27700"
    assert [f.geometry().area() for f in layer.getFeatures()] == [10000.0, 10000.0]
    assert layer.fields().names()[:3] == ["code", "cases", "pop"]
    for name in ["observed", "expected", "ratio", "lcl95", "ucl95", "lcl998", "ucl998", "ci_method",
                 "p_value", "q_value", "z_score", "tier", "tier_label"]:
        assert name in layer.fields().names()


def test_proportional_input_is_in_line_with_population(run_alg):
    areas = memory_layer({"cases": [20, 40, 60], "pop": [1000, 2000, 3000]})
    result = run_alg("representation", {"INPUT": areas, "OBSERVED_FIELDS": ["cases"],
                                        "POPULATION_FIELDS": ["pop"], "OUTPUT": "TEMPORARY_OUTPUT"})
    rows = output_rows(result)
    assert [r["ratio"] for r in rows] == [1.0, 1.0, 1.0]
    assert [r["tier"] for r in rows] == [0, 0, 0]
    assert result["N_IN_LINE"] == 3


def test_planted_excess_is_flagged_significantly_higher(run_alg):
    areas = memory_layer({"cases": [60, 100, 100, 100], "pop": [2000, 10000, 10000, 10000]})
    result = run_alg("representation", {"INPUT": areas, "OBSERVED_FIELDS": ["cases"],
                                        "POPULATION_FIELDS": ["pop"], "OUTPUT": "TEMPORARY_OUTPUT"})
    rows = output_rows(result)
    assert rows[0]["tier"] == 2
    assert rows[0]["tier_label"] == "Significantly higher than expected (99.8%)"
    assert result["N_SIG_HIGH"] == 1


def test_small_expected_without_significance_is_too_few_to_say(run_alg):
    areas = memory_layer({"cases": [1, 200], "pop": [100, 20000]})
    result = run_alg("representation", {"INPUT": areas, "OBSERVED_FIELDS": ["cases"], "POPULATION_FIELDS": ["pop"],
                                        "MIN_EXPECTED": 5, "OUTPUT": "TEMPORARY_OUTPUT"})
    rows = output_rows(result)
    assert rows[0]["expected"] == pytest.approx(201 * 100 / 20100, rel=REL)
    assert rows[0]["tier"] is None
    assert rows[0]["tier_label"] == "Too few to say"
    assert result["N_TOO_FEW"] == 1


def test_zero_population_area_gets_no_ratio_and_a_flag(run_alg):
    areas = memory_layer({"cases": [0, 30, 30], "pop": [0, 1000, 1000]})
    result = run_alg("representation", {"INPUT": areas, "OBSERVED_FIELDS": ["cases"],
                                        "POPULATION_FIELDS": ["pop"], "OUTPUT": "TEMPORARY_OUTPUT"})
    first = output_rows(result)[0]
    assert first["expected"] == 0.0
    assert first["ratio"] is None and first["lcl95"] is None and first["ucl95"] is None
    assert first["tier"] is None
    assert "expected" in first["flag"]


def test_expected_counts_can_be_supplied_directly(run_alg):
    areas = memory_layer({"cases": [30, 12], "exp": [15.0, 12.0]})
    result = run_alg("representation", {"INPUT": areas, "OBSERVED_FIELDS": ["cases"], "EXPECTED_FIELD": "exp",
                                        "OUTPUT": "TEMPORARY_OUTPUT"})
    assert [r["ratio"] for r in output_rows(result)] == pytest.approx([2.0, 1.0], rel=REL)


def test_benjamini_hochberg_fills_q_values(run_alg):
    areas = memory_layer({"cases": [60, 100, 100, 100], "pop": [2000, 10000, 10000, 10000]})
    result = run_alg("representation", {"INPUT": areas, "OBSERVED_FIELDS": ["cases"], "POPULATION_FIELDS": ["pop"],
                                        "MULTIPLE_TESTING": 1, "OUTPUT": "TEMPORARY_OUTPUT"})
    rows = output_rows(result)
    assert all(r["q_value"] is not None and r["q_value"] >= r["p_value"] for r in rows)
    assert rows[0]["tier"] == 2
    assert "Benjamini" in result["METHOD"]


# --- bad input: a clear error, nothing written -------------------------------------------------

def error_of(run_alg, parameters):
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException) as info:
        run_alg("representation", {"OUTPUT": "TEMPORARY_OUTPUT", **parameters})
    return str(info.value)


def test_text_in_a_count_field_names_the_field_and_rows(run_alg):
    areas = memory_layer({"cases": ["12", "x", "7"], "pop": [100, 200, 300]})
    message = error_of(run_alg, {"INPUT": areas, "OBSERVED_FIELDS": ["cases"], "POPULATION_FIELDS": ["pop"]})
    assert "'cases'" in message and "1 row (row 2)" in message and "'x'" in message


def test_negative_counts_are_rejected_with_row_numbers(run_alg):
    areas = memory_layer({"cases": [5, -1, -2], "pop": [100, 200, 300]})
    message = error_of(run_alg, {"INPUT": areas, "OBSERVED_FIELDS": ["cases"], "POPULATION_FIELDS": ["pop"]})
    assert "negative" in message and "2 rows (rows 2, 3)" in message


def test_null_counts_are_rejected_not_dropped(run_alg):
    areas = memory_layer({"cases": [5, None, 3], "pop": [100, 200, 300]}, types={"cases": int})
    message = error_of(run_alg, {"INPUT": areas, "OBSERVED_FIELDS": ["cases"], "POPULATION_FIELDS": ["pop"]})
    assert "NULL" in message and "row 2" in message


def test_mismatched_field_lists_are_rejected(run_alg):
    areas = memory_layer({"a": [1], "b": [2], "pa": [100]})
    message = error_of(run_alg, {"INPUT": areas, "OBSERVED_FIELDS": ["a", "b"], "POPULATION_FIELDS": ["pa"]})
    assert "2 observed fields (OBSERVED_FIELDS) but 1 population fields (POPULATION_FIELDS)" in message


def test_missing_population_and_expected_is_rejected(run_alg):
    areas = memory_layer({"a": [1]})
    assert "population fields" in error_of(run_alg, {"INPUT": areas, "OBSERVED_FIELDS": ["a"]})


def test_missing_field_is_named(run_alg):
    areas = memory_layer({"cases": [1, 2], "pop": [10, 20]})
    message = error_of(run_alg, {"INPUT": areas, "OBSERVED_FIELDS": ["cases"], "POPULATION_FIELDS": ["popn"]})
    assert "popn" in message


def test_zero_total_population_is_rejected(run_alg):
    areas = memory_layer({"cases": [1, 2], "pop": [0, 0]})
    message = error_of(run_alg, {"INPUT": areas, "OBSERVED_FIELDS": ["cases"], "POPULATION_FIELDS": ["pop"]})
    assert "population" in message.lower() and "zero" in message.lower()


def test_empty_layer_is_rejected(run_alg):
    areas = memory_layer({"cases": [], "pop": []}, types={"cases": int, "pop": int})
    assert "empty" in error_of(run_alg, {"INPUT": areas, "OBSERVED_FIELDS": ["cases"], "POPULATION_FIELDS": ["pop"]})
