"""Run metadata travels with every result layer: written by the analyses, kept by the GeoPackage, by
exportstyled and by project files, and read by the report — nothing passes it by hand."""
import re

import pytest

from phso_insight_plugin.layer_run_metadata import run_metadata_of
from phso_insight_plugin.platform_info import plugin_version
from tests.layers import memory_layer, square
from tests.report.html_reading import visible_text

NAMES = ["Brackenmoor", "Easthaven", "Westerleigh", "Saltings", "Northfield Vale", "Marsh End"]
OBSERVED = [146, 80, 100, 3, 121, 75]


def constituencies():
    """Six constituencies with ONS codes, cases and populations (equal populations: E = 87.5 each)."""
    layer = memory_layer({"PCON24CD": [f"E1400190{i}" for i in range(1, 7)], "PCON24NM": NAMES,
                          "cases": OBSERVED, "pop": [10_000] * 6},
                         [square(100 * i, 0) for i in range(6)])
    layer.setName("constituency counts")
    return layer


def open_layer(path, name="fresh"):
    from qgis.core import QgsVectorLayer

    layer = QgsVectorLayer(str(path), name, "ogr")
    assert layer.isValid()
    return layer


def representation(run_alg, output, **options):
    return run_alg("representation", {"INPUT": constituencies(), "OBSERVED_FIELDS": ["cases"],
                                      "POPULATION_FIELDS": ["pop"], "OUTPUT": str(output), **options})


def test_a_representation_geopackage_carries_its_run_when_opened_afresh(run_alg, tmp_path):
    result = representation(run_alg, tmp_path / "constituencies.gpkg", MULTIPLE_TESTING=1, OVERDISPERSION=1,
                            MIN_EXPECTED=4)
    run = run_metadata_of(open_layer(result["OUTPUT"]))
    assert run.algorithm == "phso_insight:representation"
    assert run.method == result["METHOD"] and "Benjamini–Hochberg" in run.method
    assert (run.multiple_testing, run.overdispersion, run.min_expected) == ("bh", "multiplicative", 4.0)
    assert run.phi == pytest.approx(result["PHI"]) and run.tau2 == pytest.approx(result["TAU2"])
    assert (run.geography, run.code_field, run.benchmark) == ("PCON", "PCON24CD", "whole input")
    assert run.inputs == {"INPUT": "constituency counts"}
    assert run.fields["OBSERVED_FIELDS"] == ["cases"] and run.fields["POPULATION_FIELDS"] == ["pop"]
    assert run.software["plugin"] == plugin_version() and run.software["qgis"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", run.created)


def test_the_layer_metadata_reads_in_words(run_alg, tmp_path):
    result = representation(run_alg, tmp_path / "constituencies.gpkg")
    metadata = open_layer(result["OUTPUT"]).metadata()
    assert metadata.title() == "Constituencies: representation"
    assert metadata.abstract().startswith("Constituencies: representation ratios")
    assert metadata.abstract().endswith(f"Method: {result['METHOD']}")
    assert metadata.history()[-1].startswith(f"PHSO Insight {plugin_version()} (phso_insight:representation) on QGIS")


def test_a_memory_output_carries_its_run_on_the_layer(run_alg):
    result = representation(run_alg, "TEMPORARY_OUTPUT", OVERDISPERSION=2)
    run = run_metadata_of(result["OUTPUT"])
    assert (run.overdispersion, run.tau2) == ("additive", pytest.approx(result["TAU2"]))


def test_a_rerun_into_the_same_geopackage_layer_replaces_the_run(run_alg, tmp_path):
    output = f"ogr:dbname='{tmp_path / 'both.gpkg'}' table=\"constituencies\" (geom)"
    representation(run_alg, output)
    representation(run_alg, output, MULTIPLE_TESTING=1)
    run = run_metadata_of(open_layer(f"{tmp_path / 'both.gpkg'}|layername=constituencies"))
    assert run.multiple_testing == "bh"


def test_a_group_table_written_as_csv_keeps_its_run_beside_it(run_alg, tmp_path):
    cases = memory_layer({"disability": ["Yes"] * 30 + ["No"] * 70})
    population = memory_layer({"group": ["Yes", "No"], "people": [1800, 8200]})
    population.setName("population by disability")
    result = run_alg("grouprepresentation", {
        "CASES": cases, "GROUP_FIELD": "disability", "POPULATION": population, "POP_GROUP_FIELD": "group",
        "POP_COUNT_FIELD": "people", "OUTPUT": str(tmp_path / "groups.csv")})
    assert (tmp_path / "groups.qmd").is_file()
    run = run_metadata_of(open_layer(tmp_path / "groups.csv"))
    assert run.subject == "disability" and run.method == result["METHOD"]
    assert run.inputs["POPULATION"] == "population by disability"


def test_a_project_keeps_the_run_of_its_layers(run_alg, tmp_path):
    from qgis.core import QgsProject

    result = representation(run_alg, "TEMPORARY_OUTPUT", MULTIPLE_TESTING=1)
    project = QgsProject()
    layer = result["OUTPUT"]
    project.addMapLayer(layer)
    project.write(str(tmp_path / "project.qgz"))
    reopened = QgsProject()
    reopened.read(str(tmp_path / "project.qgz"))
    (restored,) = reopened.mapLayers().values()
    assert run_metadata_of(restored).method == result["METHOD"]
    project.clear()
    reopened.clear()


def test_exportstyled_keeps_the_run_and_the_report_reads_it_from_a_fresh_layer(run_alg, tmp_path):
    result = representation(run_alg, tmp_path / "constituency_representation.gpkg", MULTIPLE_TESTING=1)
    styled = run_alg("exportstyled", {"INPUT": result["OUTPUT"], "PUBLICATION_SAFE": True,
                                      "OUTPUT": str(tmp_path / "styled.gpkg")})
    fresh = open_layer(styled["OUTPUT"], "styled")
    assert run_metadata_of(fresh).method == result["METHOD"]
    assert fresh.metadata().rights()[0].startswith("Publication-safe: counts of 1 to 7 are suppressed")
    run_alg("insightreport", {"AREA_LAYERS": [fresh], "INCLUDE_MAP": False, "OUTPUT_HTML": str(tmp_path / "r.html")})
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    text = visible_text(html)
    assert "Constituencies" in re.findall(r"<h2[^>]*>([^<]*)</h2>", html)
    assert "constituency_representation" not in text and "styled" not in text
    assert f"Constituencies, as recorded with the layer: {result['METHOD']}" in text
    assert f"Constituencies was produced by PHSO Insight {plugin_version()} (phso_insight:representation)" in text


@pytest.mark.cli
def test_qgis_process_outputs_carry_their_run(qgis_process, tmp_path):
    output = tmp_path / "lsoa.gpkg"
    layer = memory_layer({"LSOA21CD": ["E01000001", "E01000002"], "cases": [10, 30], "pop": [1000, 1500]},
                         [square(0, 0), square(100, 0)])
    from qgis.core import QgsCoordinateTransformContext, QgsVectorFileWriter

    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    QgsVectorFileWriter.writeAsVectorFormatV3(layer, str(tmp_path / "in.gpkg"), QgsCoordinateTransformContext(),
                                              options)
    qgis_process("run", "phso_insight:representation", INPUT=str(tmp_path / "in.gpkg"), OBSERVED_FIELDS="cases",
                 POPULATION_FIELDS="pop", OUTPUT=str(output))
    run = run_metadata_of(open_layer(output))
    assert run.areas.title == "Small areas (LSOAs)" and run.inputs == {"INPUT": "in"}
