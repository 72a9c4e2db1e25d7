"""phso_insight:tierstyle through processing.run: styles the layer, writes QML/SLD, saves into a GeoPackage."""
import time
import xml.etree.ElementTree as ET

import pytest
from qgis.core import QgsProcessingException, QgsVectorLayer

from phso_insight_plugin.styling.palettes import palette
from tests.styling.helpers import ALL_TIERS, geopackage_copy, tier_layer


def fill_colours(layer) -> list[str]:
    categories = layer.renderer().categories()
    return [c.symbol().symbolLayer(0).color().name() for c in categories]


def test_input_layer_gets_the_chosen_palette_and_labels(run_alg):
    layer = tier_layer()
    result = run_alg("tierstyle", {"INPUT": layer, "PALETTE": "RdBu", "LABEL_FIELD": "name"})
    assert result["OUTPUT"] == layer.id()
    assert fill_colours(layer) == [palette("RdBu").fills[t].colour for t in ALL_TIERS]
    assert layer.labelsEnabled()


def test_default_style_is_puor_on_the_tier_field_without_labels(run_alg):
    layer = tier_layer()
    run_alg("tierstyle", {"INPUT": layer})
    assert layer.renderer().classAttribute() == "tier"
    assert fill_colours(layer)[0] == "#e66101"
    assert not layer.labelsEnabled()


def test_qml_and_sld_files_are_written_on_request(run_alg, tmp_path):
    result = run_alg("tierstyle", {"INPUT": tier_layer(), "PALETTE": "Greyscale",
                                   "OUTPUT_QML": str(tmp_path / "t.qml"), "OUTPUT_SLD": str(tmp_path / "t.sld")})
    assert result["OUTPUT_QML"] == str(tmp_path / "t.qml")
    fresh = tier_layer([0])
    assert fresh.loadNamedStyle(result["OUTPUT_QML"])[1]
    assert fill_colours(fresh) == [palette("Greyscale").fills[t].colour for t in ALL_TIERS]
    rules = list(ET.parse(result["OUTPUT_SLD"]).getroot().iter("{http://www.opengis.net/se}Rule"))
    assert len(rules) == 6


def test_without_file_outputs_nothing_is_written(run_alg):
    result = run_alg("tierstyle", {"INPUT": tier_layer()})
    assert result["OUTPUT_QML"] is None and result["OUTPUT_SLD"] is None


def test_style_is_saved_as_the_geopackage_default(run_alg, tmp_path):
    layer = geopackage_copy(tier_layer(), tmp_path / "areas.gpkg")
    run_alg("tierstyle", {"INPUT": layer, "PALETTE": "RdBu", "SAVE_TO_GPKG": True})
    fresh = QgsVectorLayer(f"{tmp_path / 'areas.gpkg'}|layername=areas", "fresh", "ogr")
    assert fresh.renderer().type() == "categorizedSymbol"
    assert fill_colours(fresh) == [palette("RdBu").fills[t].colour for t in ALL_TIERS]


def test_saving_into_a_geopackage_needs_a_geopackage_layer(run_alg):
    with pytest.raises(QgsProcessingException, match="is not read from a GeoPackage"):
        run_alg("tierstyle", {"INPUT": tier_layer(), "SAVE_TO_GPKG": True})


def test_tier_values_that_are_not_tiers_are_reported_with_their_rows(run_alg):
    from tests.layers import memory_layer, square

    layer = memory_layer({"tier": [1, 7, 0]}, [square(0, 0), square(100, 0), square(200, 0)])
    with pytest.raises(QgsProcessingException, match=r"other values in 1 row \(row 2\), e.g. 7"):
        run_alg("tierstyle", {"INPUT": layer})


def test_in_a_background_task_the_layer_is_restyled_when_the_task_finishes(plugin, tmp_path):
    from qgis.core import (
        QgsApplication,
        QgsProcessingAlgRunnerTask,
        QgsProcessingContext,
        QgsProcessingFeedback,
        QgsProject,
    )

    layer = tier_layer()
    QgsProject.instance().addMapLayer(layer)
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    feedback = QgsProcessingFeedback()  # referenced here: the task does not own it
    algorithm = QgsApplication.processingRegistry().createAlgorithmById("phso_insight:tierstyle")
    task = QgsProcessingAlgRunnerTask(algorithm, {"INPUT": layer.id(), "PALETTE": "RdBu",
                                                  "OUTPUT_QML": str(tmp_path / "t.qml")}, context, feedback)
    outcome = []
    task.executed.connect(lambda ok, results: outcome.append(ok))
    QgsApplication.taskManager().addTask(task)
    deadline = time.monotonic() + 30
    while not outcome and time.monotonic() < deadline:
        QgsApplication.processEvents()
    try:
        assert outcome == [True]
        assert (tmp_path / "t.qml").exists()
        assert fill_colours(layer)[0] == "#ca0020"
    finally:
        QgsProject.instance().removeMapLayer(layer.id())


@pytest.mark.cli
def test_qgis_process_saves_the_style_into_the_geopackage(qgis_process, tmp_path):
    areas = geopackage_copy(tier_layer(), tmp_path / "areas.gpkg")
    qgis_process("run", "phso_insight:tierstyle", INPUT=areas.source(), PALETTE="Greyscale", SAVE_TO_GPKG="true",
                 OUTPUT_QML=str(tmp_path / "areas.qml"))
    fresh = QgsVectorLayer(areas.source(), "fresh", "ogr")
    assert fill_colours(fresh) == [palette("Greyscale").fills[t].colour for t in ALL_TIERS]
    assert (tmp_path / "areas.qml").exists()
