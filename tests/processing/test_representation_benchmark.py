"""phso_insight:representation against each area's parent (BENCHMARK): hand-computed expected counts, the
fields, tier labels, method and run metadata that say so, and the planted flips of the sample."""
import json

import pytest

from phso_insight_plugin.layer_run_metadata import run_metadata_of
from phso_insight_plugin.resources import SAMPLE_DIR
from tests.layers import attribute_rows, memory_layer, square
from tests.sample_pipeline import CASE_FIELDS, POP_FIELDS

PARENT = 1  # BENCHMARK option "Each area's parent"


def four_areas():
    """Areas A, B in ICB E54000901 and C, D in E54000902, two strata (hand-computed in tests/stats/test_benchmark)."""
    return memory_layer({"code": ["A", "B", "C", "D"], "icb": ["E54000901"] * 2 + ["E54000902"] * 2,
                         "o1": [2, 4, 1, 1], "o2": [6, 8, 3, 1], "p1": [100, 300, 100, 100],
                         "p2": [200, 200, 100, 300]}, [square(100 * i, 0) for i in range(4)])


def run_four(run_alg, output="TEMPORARY_OUTPUT", **options):
    return run_alg("representation", {"INPUT": four_areas(), "OBSERVED_FIELDS": ["o1", "o2"],
                                      "POPULATION_FIELDS": ["p1", "p2"], "OUTPUT": output, **options})


def test_expected_counts_use_each_areas_parent_rates(run_alg):
    rows = attribute_rows(run_four(run_alg, BENCHMARK=PARENT, BENCHMARK_FIELD="icb")["OUTPUT"])
    assert [r["expected"] for r in rows] == pytest.approx([8.5, 11.5, 2.0, 4.0], rel=1e-12)
    assert {r["benchmark"] for r in rows} == {"parent: icb"}
    assert [r["tier_label"] for r in rows] == ["In line with its ICB", "In line with its ICB", "Too few to say",
                                               "Too few to say"]


def test_the_whole_input_benchmark_is_the_default_and_says_so(run_alg):
    rows = attribute_rows(run_four(run_alg)["OUTPUT"])
    assert rows[0]["expected"] == pytest.approx(100 * 8 / 600 + 200 * 18 / 800, rel=1e-12)
    assert {r["benchmark"] for r in rows} == {"whole input"}


def test_method_and_run_metadata_name_the_parent_field(run_alg, tmp_path):
    result = run_four(run_alg, str(tmp_path / "within.gpkg"), BENCHMARK=PARENT, BENCHMARK_FIELD="icb")
    assert result["METHOD"].startswith("Indirectly standardised over 2 strata against the rates of each area's own "
                                       "ICB (2 ICBs, field icb)")
    from qgis.core import QgsVectorLayer

    run = run_metadata_of(QgsVectorLayer(result["OUTPUT"], "within", "ogr"))
    assert (run.benchmark, run.benchmark_field) == ("parent", "icb")
    assert run.method == result["METHOD"]


@pytest.mark.parametrize(("options", "message"), [
    ({"BENCHMARK": PARENT}, "needs the field naming each area's parent"),
    ({"BENCHMARK_FIELD": "icb"}, "only used with a parent benchmark"),
])
def test_benchmark_and_parent_field_go_together(run_alg, options, message):
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException, match=message):
        run_four(run_alg, **options)


def test_a_parent_benchmark_refuses_supplied_expected_counts(run_alg):
    from qgis.core import QgsProcessingException

    layer = memory_layer({"icb": ["X", "Y"], "o": [3, 4], "e": [3.0, 4.0]})
    with pytest.raises(QgsProcessingException, match="POPULATION_FIELDS"):
        run_alg("representation", {"INPUT": layer, "OBSERVED_FIELDS": ["o"], "EXPECTED_FIELD": "e",
                                   "BENCHMARK": PARENT, "BENCHMARK_FIELD": "icb", "OUTPUT": "TEMPORARY_OUTPUT"})


def test_an_area_without_a_parent_is_named(run_alg):
    from qgis.core import QgsProcessingException

    layer = memory_layer({"icb": ["X", None], "o": [3, 4], "p": [100, 100]}, types={"icb": str})
    with pytest.raises(QgsProcessingException, match="no parent"):
        run_alg("representation", {"INPUT": layer, "OBSERVED_FIELDS": ["o"], "POPULATION_FIELDS": ["p"],
                                   "BENCHMARK": PARENT, "BENCHMARK_FIELD": "icb", "OUTPUT": "TEMPORARY_OUTPUT"})


# --- the sample's planted pair (resources/sample/README.md, "Regional benchmark") -----------------------------
# The planted table counts the 15 cases with terminated postcodes, which the pipeline leaves out (4,944 located
# cases instead of 4,959): expected counts agree to 0.1.

PLANTED = json.loads((SAMPLE_DIR / "planted.json").read_text(encoding="utf-8"))


def sample_rows(run_alg, counts, observed, population, **options) -> dict:
    result = run_alg("representation", {"INPUT": counts, "OBSERVED_FIELDS": observed, "POPULATION_FIELDS": population,
                                        "MULTIPLE_TESTING": 0, "OUTPUT": "TEMPORARY_OUTPUT", **options})
    return {row["LSOA21CD"]: row for row in attribute_rows(result["OUTPUT"])}


@pytest.mark.parametrize("standardised", [False, True], ids=["crude", "by age"])
def test_brackenmoor_001c_is_high_nationally_but_typical_within_its_icb(run_alg, sample_pipeline, standardised):
    observed, population = (CASE_FIELDS, POP_FIELDS) if standardised else (["cases"], ["pop_total"])
    region = sample_rows(run_alg, sample_pipeline.counts, observed, population)["E01900003"]
    icb = sample_rows(run_alg, sample_pipeline.counts, observed, population, BENCHMARK=PARENT,
                      BENCHMARK_FIELD="ICB23CD")["E01900003"]
    assert region["observed"] == icb["observed"] == 36
    assert (region["expected"], icb["expected"]) == (pytest.approx(19.8 if standardised else 19.6, abs=0.1),
                                                     pytest.approx(26.9 if standardised else 27.2, abs=0.1))
    assert (region["tier"], region["tier_label"]) == (2, "Significantly higher than expected (99.8%)")
    assert (icb["tier"], icb["tier_label"]) == (0, "In line with its ICB")


@pytest.mark.parametrize("standardised", [False, True], ids=["crude", "by age"])
def test_brackenmoor_002d_is_typical_nationally_but_low_within_its_icb(run_alg, sample_pipeline, standardised):
    observed, population = (CASE_FIELDS, POP_FIELDS) if standardised else (["cases"], ["pop_total"])
    region = sample_rows(run_alg, sample_pipeline.counts, observed, population)["E01900010"]
    icb = sample_rows(run_alg, sample_pipeline.counts, observed, population, BENCHMARK=PARENT,
                      BENCHMARK_FIELD="ICB23CD")["E01900010"]
    assert region["observed"] == icb["observed"] == 11
    assert (region["expected"], icb["expected"]) == (pytest.approx(16.0 if standardised else 16.1, abs=0.1),
                                                     pytest.approx(21.8 if standardised else 22.2, abs=0.1))
    assert (region["tier"], icb["tier"]) == (0, -1)
    assert icb["tier_label"] == "Lower than its ICB (95%)"


def test_the_report_pairs_two_runs_of_the_same_areas_with_different_benchmarks(run_alg, tmp_path):
    from tests.report.html_reading import visible_text

    whole = run_four(run_alg, str(tmp_path / "whole.gpkg"))["OUTPUT"]
    within = run_four(run_alg, str(tmp_path / "within.gpkg"), BENCHMARK=PARENT, BENCHMARK_FIELD="icb")["OUTPUT"]
    report = run_alg("insightreport", {"AREA_LAYERS": [whole, within], "INCLUDE_MAP": False,
                                       "OUTPUT_HTML": str(tmp_path / "report.html")})
    text = visible_text((tmp_path / "report.html").read_text(encoding="utf-8"))
    assert "Areas within their ICB" in text
    assert "Compared with their own ICB rather than the whole input" in report["HEADLINES"]
    assert "Areas: against the whole input and within their ICB" in text


# --- grouprepresentation against each area's parent -----------------------------------------------------------

def group_inputs():
    """Cases and a long population of areas A, B (ICB E54000901) and C, D (E54000902); see tests/groups."""
    counts = {("A", "Yes"): 6, ("A", "No"): 4, ("B", "Yes"): 2, ("B", "No"): 8, ("C", "Yes"): 3, ("C", "No"): 7}
    cases = memory_layer({"area": [a for (a, _), n in counts.items() for _ in range(n)],
                          "disability": [g for (_, g), n in counts.items() for _ in range(n)]}, name="cases")
    population = memory_layer({
        "area": ["A", "A", "B", "B", "C", "C", "D", "D"], "group": ["Yes", "No"] * 4,
        "people": [100, 400, 100, 400, 50, 50, 100, 300],
        "icb": ["E54000901"] * 4 + ["E54000902"] * 4}, name="population")
    return {"CASES": cases, "GROUP_FIELD": "disability", "AREA_FIELD": "area", "POPULATION": population,
            "POP_GROUP_FIELD": "group", "POP_COUNT_FIELD": "people", "POP_AREA_FIELD": "area", "MULTIPLE_TESTING": 0}


def test_groups_within_each_area_can_be_compared_with_their_parents_pattern(run_alg, tmp_path):
    result = run_alg("grouprepresentation", {**group_inputs(), "BENCHMARK": PARENT, "BENCHMARK_FIELD": "icb",
                                             "OUTPUT": str(tmp_path / "groups.csv")})
    from qgis.core import QgsVectorLayer

    layer = QgsVectorLayer(result["OUTPUT"], "groups", "ogr")
    rows = {(r["area"], r["group"]): r for r in attribute_rows(layer)}
    assert float(rows[("A", "Yes")]["expected"]) == pytest.approx(4.0, rel=1e-12)
    assert float(rows[("C", "Yes")]["expected"]) == pytest.approx(5.0, rel=1e-12)
    assert {r["benchmark"] for r in rows.values()} == {"parent: icb"}
    assert "after the pattern of groups in its own ICB" in result["METHOD"]
    run = run_metadata_of(layer)
    assert (run.benchmark, run.benchmark_field) == ("parent", "icb")


def test_a_group_parent_benchmark_needs_areas_and_a_parent_field(run_alg):
    from qgis.core import QgsProcessingException

    inputs = {**group_inputs(), "BENCHMARK": PARENT, "OUTPUT": "TEMPORARY_OUTPUT"}
    with pytest.raises(QgsProcessingException, match="BENCHMARK_FIELD"):
        run_alg("grouprepresentation", inputs)
    with pytest.raises(QgsProcessingException, match="only used with a parent benchmark"):
        run_alg("grouprepresentation", {**group_inputs(), "BENCHMARK_FIELD": "icb", "OUTPUT": "TEMPORARY_OUTPUT"})
