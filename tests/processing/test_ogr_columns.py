"""The columnar fast path reads exactly what the feature loop reads, and is used only for whole file layers."""
import pytest

from phso_insight_plugin.processing.layers import read_source
from phso_insight_plugin.processing.ogr_columns import ogr_layer_uri, read_columns
from phso_insight_plugin.resources import SAMPLE_DIR

GPKG = SAMPLE_DIR / "sample.gpkg"


@pytest.mark.parametrize("uri", [f"{GPKG}|layername=cases", f"{GPKG}|layername=lsoa",
                                 f"{GPKG}|layername=postcode_lookup", str(SAMPLE_DIR / "cases.csv")])
def test_columns_equal_the_feature_loop_values(qgis_app, uri):
    from qgis.core import QgsVectorLayer

    layer = QgsVectorLayer(uri, "t", "ogr")
    names = layer.fields().names()
    fast, _ = read_columns(layer.source(), names)
    loop = read_source(layer, keep_features=False).frame
    assert len(fast) == layer.featureCount()
    for name in names:
        assert fast[name].tolist() == loop[name].tolist(), name


def test_geometries_equal_the_feature_loop_geometries(qgis_app):
    import shapely
    from qgis.core import QgsProcessingContext, QgsVectorLayer

    layer = QgsVectorLayer(f"{GPKG}|layername=lsoa", "t", "ogr")
    _, fast = read_columns(layer.source(), ["LSOA21CD"], geometry="shapely")
    loop = read_source(layer, keep_features=False, geometries_in=layer.crs(),
                       context=QgsProcessingContext()).geometries
    assert shapely.equals_exact(fast, loop, tolerance=0).all()


def test_filtered_or_edited_layers_use_the_feature_loop(qgis_app, tmp_path):
    import shutil

    from qgis.core import QgsVectorLayer

    copy = shutil.copy(GPKG, tmp_path / "sample.gpkg")  # editing opens the file for update
    filtered = QgsVectorLayer(f"{copy}|layername=lsoa", "t", "ogr")
    filtered.setSubsetString("imd_decile = 1")
    edited = QgsVectorLayer(f"{copy}|layername=lsoa", "t", "ogr")
    edited.startEditing()
    edited.deleteFeature(next(edited.getFeatures()).id())
    assert ogr_layer_uri(filtered) is None
    assert ogr_layer_uri(edited) is None
    edited.rollBack()
    assert ogr_layer_uri(edited) == edited.source()


def test_a_field_not_stored_in_the_file_falls_back(qgis_app):
    assert read_columns(f"{GPKG}|layername=lsoa", ["LSOA21CD", "virtual_field"]) is None


def test_reading_no_attribute_columns_uses_the_feature_loop():
    assert read_columns(f"{GPKG}|layername=lsoa", [], geometry="shapely") is None
