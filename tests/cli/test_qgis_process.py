"""The installed plugin works from the command line through qgis_process.bin."""
import pytest

from tests.layers import memory_layer, square

pytestmark = pytest.mark.cli


def write_gpkg(layer, path):
    from qgis.core import QgsCoordinateTransformContext, QgsVectorFileWriter

    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    error = QgsVectorFileWriter.writeAsVectorFormatV3(layer, str(path), QgsCoordinateTransformContext(), options)
    assert error[0] == QgsVectorFileWriter.NoError, error
    return path


def test_algorithms_are_listed(qgis_process):
    listed = qgis_process("list")
    ids = {alg_id for provider in listed["providers"].values() for alg_id in provider.get("algorithms", {})}
    assert "phso_insight:representation" in ids


def test_representation_runs_from_the_command_line(qgis_process, qgis_app, tmp_path):
    from qgis.core import QgsVectorLayer

    areas = memory_layer({"code": ["A", "B", "C"], "cases": [60, 100, 100], "pop": [2000, 10000, 10000]},
                         [square(0, 0), square(100, 0), square(200, 0)])
    source = write_gpkg(areas, tmp_path / "areas.gpkg")
    out = tmp_path / "representation.gpkg"
    result = qgis_process("run", "phso_insight:representation", INPUT=str(source), OBSERVED_FIELDS="cases",
                          POPULATION_FIELDS="pop", OUTPUT=str(out))
    assert result["results"]["N_AREAS"] == 3
    assert result["results"]["N_SIG_HIGH"] == 1
    layer = QgsVectorLayer(str(out), "out", "ogr")
    rows = {f["code"]: f for f in layer.getFeatures()}
    assert rows["A"]["expected"] == pytest.approx(260 * 2000 / 22000, rel=1e-12)
    assert rows["A"]["tier"] == 2
