"""Outputs are atomic: written beside the destination and moved into place only when the run succeeded,
so a failed run leaves no partial file and an earlier file at the destination untouched."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from phso_insight_plugin.errors import InputError
from phso_insight_plugin.resources import SAMPLE_DIR
from tests.feedback import PhaseRecorder
from tests.sample_pipeline import (
    assign_parameters,
    representation_parameters,
)

EARLIER = b"an earlier output that must survive"


class LogRecorder(PhaseRecorder):
    """Also keeps the log lines (pushInfo)."""

    def __init__(self) -> None:
        super().__init__()
        self.log: list[str] = []

    def pushInfo(self, info: str) -> None:
        self.log.append(info)
        super().pushInfo(info)


@pytest.fixture()
def writing_fails_after_one_batch(monkeypatch):
    """Every output takes its first batch of features, then the run fails as on a bad value found mid-way."""
    from phso_insight_plugin.processing.io import layers

    write_rows = layers.write_rows

    def write_one_batch_then_fail(sink, fields, rows, *args, **kwargs):
        write_rows(sink, fields, rows[:layers.BATCH], *args, **kwargs)
        raise InputError("Row 2001 holds a value the output cannot take.")

    monkeypatch.setattr(layers, "write_rows", write_one_batch_then_fail)


def layer_counts(path: Path) -> dict[str, int]:
    """Layer name → feature count of every layer of a GeoPackage (read with GDAL, not QGIS's cache)."""
    from osgeo import ogr

    dataset = ogr.Open(str(path))
    layers = [dataset.GetLayer(i) for i in range(dataset.GetLayerCount())]
    return {layer.GetName(): layer.GetFeatureCount() for layer in layers}


def layer_uri(path: Path, layer: str) -> str:
    return f"ogr:dbname='{path}' table=\"{layer}\" (geom)"


def test_the_destination_is_all_that_appears_and_the_log_names_it(run_alg, sample_pipeline, tmp_path):
    feedback = LogRecorder()
    result = run_alg("representation", representation_parameters(sample_pipeline.counts, str(tmp_path / "out.gpkg")),
                     feedback=feedback)
    assert result["OUTPUT"] == str(tmp_path / "out.gpkg")
    assert [p.name for p in tmp_path.iterdir()] == ["out.gpkg"]
    assert layer_counts(tmp_path / "out.gpkg") == {"out": 300}
    assert f"Saved OUTPUT to {tmp_path / 'out.gpkg'}." in feedback.log


def test_a_run_failing_while_writing_leaves_no_partial_file_and_the_earlier_file_untouched(
        run_alg, tmp_path, writing_fails_after_one_batch):
    from qgis.core import QgsProcessingException

    (tmp_path / "assigned.gpkg").write_bytes(EARLIER)
    feedback = LogRecorder()
    with pytest.raises(QgsProcessingException, match="Row 2001 holds a value"):
        run_alg("assigncases", assign_parameters(str(tmp_path / "assigned.gpkg"), str(tmp_path / "unmatched.csv")),
                feedback=feedback)
    assert [p.name for p in tmp_path.iterdir()] == ["assigned.gpkg"]
    assert (tmp_path / "assigned.gpkg").read_bytes() == EARLIER
    assert "No output was written." in feedback.log
    assert not any(line.startswith("Saved") for line in feedback.log)


def test_a_run_failing_while_writing_leaves_the_earlier_geopackage_layer_untouched(
        run_alg, sample_pipeline, tmp_path, monkeypatch):
    from qgis.core import QgsProcessingException

    gpkg = tmp_path / "results.gpkg"
    run_alg("representation", representation_parameters(sample_pipeline.counts, layer_uri(gpkg, "lsoa")))
    run_alg("representation", representation_parameters(sample_pipeline.counts, layer_uri(gpkg, "other")))
    before = gpkg.read_bytes()
    from phso_insight_plugin.processing.io import layers

    def fail(*args, **kwargs):
        raise InputError("Row 7 holds a value the output cannot take.")

    monkeypatch.setattr(layers, "write_rows", fail)
    with pytest.raises(QgsProcessingException, match="Row 7"):
        run_alg("representation", representation_parameters(sample_pipeline.counts, layer_uri(gpkg, "lsoa")))
    assert gpkg.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["results.gpkg"]


def test_a_layer_for_an_existing_geopackage_is_added_and_the_other_layers_kept(run_alg, sample_pipeline, tmp_path):
    gpkg = tmp_path / "sample.gpkg"
    shutil.copy(SAMPLE_DIR / "sample.gpkg", gpkg)
    before = layer_counts(gpkg)
    result = run_alg("representation", representation_parameters(sample_pipeline.counts,
                                                                  layer_uri(gpkg, "representation")))
    assert result["OUTPUT"] == f"{gpkg}|layername=representation"
    assert layer_counts(gpkg) == {**before, "representation": 300}
    assert [p.name for p in tmp_path.iterdir()] == ["sample.gpkg"]


def test_writing_an_existing_geopackage_layer_again_replaces_only_that_layer(run_alg, sample_pipeline, tmp_path):
    gpkg = tmp_path / "results.gpkg"
    with_q_values = representation_parameters(sample_pipeline.counts, layer_uri(gpkg, "lsoa"))  # Benjamini–Hochberg
    run_alg("representation", with_q_values)
    run_alg("representation", {**with_q_values, "OUTPUT": layer_uri(gpkg, "other")})
    run_alg("representation", {**with_q_values, "MULTIPLE_TESTING": 0})  # no q-values
    assert layer_counts(gpkg) == {"lsoa": 300, "other": 300}
    assert q_values(gpkg, "lsoa") == 0 and q_values(gpkg, "other") == 300


def q_values(gpkg: Path, layer: str) -> int:
    """Number of features of the layer with a q-value."""
    from osgeo import ogr

    dataset = ogr.Open(str(gpkg))
    return sum(1 for feature in dataset.GetLayerByName(layer) if feature.IsFieldSetAndNotNull("q_value"))


def test_a_path_with_a_layer_name_writes_that_layer_of_the_geopackage(run_alg, sample_pipeline, tmp_path):
    result = run_alg("representation", representation_parameters(sample_pipeline.counts,
                                                                  f"{tmp_path / 'out.gpkg'}|layername=lsoa_tiers"))
    assert result["OUTPUT"] == f"{tmp_path / 'out.gpkg'}|layername=lsoa_tiers"
    assert layer_counts(tmp_path / "out.gpkg") == {"lsoa_tiers": 300}


def test_two_outputs_become_two_layers_of_one_new_geopackage(run_alg, tmp_path):
    gpkg = tmp_path / "cases.gpkg"
    result = run_alg("assigncases", assign_parameters(layer_uri(gpkg, "assigned"), layer_uri(gpkg, "unmatched")))
    assert layer_counts(gpkg) == {"assigned": result["ROWS_MATCHED"], "unmatched": result["ROWS_UNMATCHED"]}
    assert result["ROWS_MATCHED"] > 4000


def test_a_shapefile_is_moved_into_place_with_all_its_parts(run_alg, sample_pipeline, tmp_path):
    from qgis.core import QgsVectorLayer

    run_alg("representation", representation_parameters(sample_pipeline.counts, str(tmp_path / "tiers.shp")))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tiers.cpg", "tiers.dbf", "tiers.prj", "tiers.qmd",
                                                          "tiers.shp", "tiers.shx"]  # .qmd: the run metadata
    assert QgsVectorLayer(str(tmp_path / "tiers.shp"), "tiers", "ogr").featureCount() == 300


def test_when_one_output_cannot_be_saved_no_output_is(run_alg, tmp_path):
    from qgis.core import QgsProcessingException

    not_a_geopackage = tmp_path / "notes.gpkg"
    not_a_geopackage.write_bytes(EARLIER)
    with pytest.raises(QgsProcessingException, match="Could not save UNMATCHED .* No output was written"):
        run_alg("assigncases", assign_parameters(str(tmp_path / "assigned.gpkg"),
                                                 layer_uri(not_a_geopackage, "unmatched")))
    assert [p.name for p in tmp_path.iterdir()] == ["notes.gpkg"]
    assert not_a_geopackage.read_bytes() == EARLIER


def test_qgis_loads_the_output_from_its_destination_when_the_run_completes(plugin, sample_pipeline, tmp_path):
    from qgis import processing
    from qgis.core import (
        QgsProcessingContext,
        QgsProcessingOutputLayerDefinition,
        QgsProject,
    )

    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    destination = QgsProcessingOutputLayerDefinition(str(tmp_path / "tiers.gpkg"), QgsProject.instance())
    processing.run("phso_insight:representation", representation_parameters(sample_pipeline.counts, destination),
                   context=context)
    assert list(context.layersToLoadOnCompletion()) == [str(tmp_path / "tiers.gpkg")]


def test_a_geopackage_still_open_with_a_write_ahead_log_is_moved_complete_and_alone(tmp_path):
    """What a connection left in the -wal file is written into the database before the move; the -wal and
    -shm files are not moved beside the destination (a stale log would be replayed into a later file)."""
    import sqlite3

    from qgis.core import QgsProcessingFeedback

    from phso_insight_plugin.processing.io.destinations import FileTarget
    from phso_insight_plugin.processing.io.outputs import OutputStaging

    staging = OutputStaging(QgsProcessingFeedback())
    staged = staging.stage("OUTPUT", FileTarget(str(tmp_path / "out.gpkg")))
    still_open = sqlite3.connect(staged.staged_path)
    still_open.execute("PRAGMA journal_mode=WAL")
    still_open.execute("CREATE TABLE counts (n INTEGER)")
    still_open.execute("INSERT INTO counts VALUES (4926)")
    still_open.commit()
    assert Path(staged.staged_path + "-wal").stat().st_size > 0
    staging.commit({})
    still_open.close()
    assert [p.name for p in tmp_path.iterdir()] == ["out.gpkg"]
    with sqlite3.connect(tmp_path / "out.gpkg") as moved:
        assert moved.execute("SELECT n FROM counts").fetchall() == [(4926,)]
