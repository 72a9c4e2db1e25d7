""""Brief this area": the selected area's one-page briefing written by phso_insight:areabriefings and opened."""
from pathlib import Path

import pytest

from tests.layers import memory_layer, square


@pytest.fixture()
def opened(analysed):
    """Paths the dock asked to open (instead of a PDF viewer)."""
    paths = []
    analysed.open_file = paths.append
    return paths


def select(dock, name: str) -> None:
    row = next(row for row in dock._rows if row.name == name)
    dock.sync.select_fids([row.fid])


def test_the_selected_areas_briefing_is_written_and_opened(analysed, opened):
    select(analysed, "Ashby")
    analysed.ui.briefButton.click()
    assert [Path(path).name for path in opened] == ["E01000001_Ashby.pdf"]
    assert Path(opened[0]).read_bytes()[:5] == b"%PDF-"
    assert analysed.ui.statusLabel.text() == f"Briefing: saved {opened[0]}"


def test_without_a_selected_area_the_dock_asks_for_one(analysed, opened):
    analysed.result_layer.removeSelection()
    analysed.ui.briefButton.click()
    assert opened == [] and analysed.ui.statusLabel.text() == "Select an area in the table first."


def test_the_button_waits_for_a_result(dock):
    assert not dock.ui.briefButton.isEnabled()


def representation_result(run_alg, codes, name, **parameters):
    """A representation result of squares with codes ``codes`` (10 cases, 1,000 people each, one 20 cases), added to
    the project."""
    from qgis.core import QgsProject

    layer = memory_layer({"code": codes, "cases": [20] + [10] * (len(codes) - 1), "pop": [1000] * len(codes),
                          "region": ["R1"] * len(codes)}, [square(100 * i, 0) for i in range(len(codes))], name=name)
    output = run_alg("representation", {"INPUT": layer, "OBSERVED_FIELDS": ["cases"], "POPULATION_FIELDS": ["pop"],
                                        "OUTPUT": "TEMPORARY_OUTPUT", **parameters})["OUTPUT"]
    QgsProject.instance().addMapLayer(output)
    return output


def test_result_layers_of_lsoas_are_drawn_inside_larger_areas_against_both_benchmarks(run_alg):
    from qgis.core import QgsProject

    from phso_insight_plugin.ui.briefing_action import briefing_layers, briefing_parameters

    constituencies = representation_result(run_alg, ["E14001901", "E14001902"], "constituencies")
    lsoas = representation_result(run_alg, ["E01000001", "E01000002", "E01000003"], "lsoas")
    within = representation_result(run_alg, ["E01000001", "E01000002", "E01000003"], "lsoas within their region",
                                   BENCHMARK=1, BENCHMARK_FIELD="region")
    try:
        found = briefing_layers(QgsProject.instance(), constituencies)
        assert (found.small_areas, found.small_areas_other, found.other_benchmark) == (lsoas, within, None)
        parameters = briefing_parameters(constituencies, None, found)
        assert (parameters["SMALL_AREAS"], parameters["SMALL_AREAS_OTHER"]) == (lsoas, within)
        assert "OTHER_BENCHMARK" not in parameters and "CHANGE" not in parameters
        of_lsoas = briefing_layers(QgsProject.instance(), lsoas)
        assert (of_lsoas.small_areas, of_lsoas.other_benchmark) == (None, within)
    finally:
        QgsProject.instance().removeMapLayers([constituencies.id(), lsoas.id(), within.id()])


def test_a_change_layer_of_the_same_geography_in_the_project_is_briefed_with_its_area(run_alg, constituencies,
                                                                                     financial_years):
    """The sample's constituencies and their change by financial year: the briefing of the constituencies'
    representation finds the change layer; a layer of another geography is not taken for it."""
    from qgis.core import QgsProject, QgsVectorLayer

    from phso_insight_plugin.ui.briefing_action import briefing_layers, briefing_parameters

    # any representation result of the constituencies will do (here: residents 65+ against all residents)
    representation = run_alg("representation", {"INPUT": constituencies, "OBSERVED_FIELDS": ["pop_age_65_plus"],
                                                "POPULATION_FIELDS": ["pop_total"], "OUTPUT": "TEMPORARY_OUTPUT"})
    shown = representation["OUTPUT"]
    change = QgsVectorLayer(financial_years["OUTPUT"], "change", "ogr")
    QgsProject.instance().addMapLayers([shown, change])
    try:
        found = briefing_layers(QgsProject.instance(), shown)
        assert found.change is change and briefing_parameters(shown, None, found)["CHANGE"] is change
        assert briefing_layers(QgsProject.instance(), change).change is None
    finally:
        QgsProject.instance().removeMapLayers([shown.id(), change.id()])
