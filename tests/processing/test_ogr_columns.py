"""The columnar fast path reads exactly what the feature loop reads, for every file format, and is
used only for whole file layers."""
import pandas as pd
import pytest
from qgis.core import QgsProcessingContext, QgsProcessingFeatureSource, QgsVectorLayer

from phso_insight_plugin.processing.io.layers import read_source, read_table
from phso_insight_plugin.processing.io.ogr_columns import ogr_layer_uri, read_columns
from phso_insight_plugin.processing.io.source_origin import origin_of
from phso_insight_plugin.resources import SAMPLE_DIR

GPKG = SAMPLE_DIR / "sample.gpkg"
#: (dataset, format) of the sample cut (``sample_formats``) in every file format OGR reads.
FILE_FORMATS = [("cases", "gpkg_table"), ("cases", "gpkg_layer"), ("cases", "csv_ogr"), ("cases", "xlsx"),
                ("cases", "shapefile"), ("cases", "geojson"), ("lookup", "xlsx"), ("population", "shapefile"),
                ("areas", "csv_ogr_wkt"), ("areas", "shapefile"), ("areas", "geojson"), ("rep", "xlsx")]


def as_source(layer) -> QgsProcessingFeatureSource:
    """``layer`` as Processing gives it to an algorithm: a feature source that does not say where it comes from."""
    return QgsProcessingFeatureSource(layer, QgsProcessingContext())


def read_both_ways(layer, **options):
    """(columnar, feature loop): ``layer`` read as an algorithm reads a whole file, and as it reads selected
    features of it (same file and driver, not the whole file)."""
    return (read_source(as_source(layer), origin=origin_of(layer, "INPUT"), **options),
            read_source(as_source(layer), origin=origin_of(layer, "INPUT", selected_only=True), **options))


@pytest.mark.parametrize("uri", [f"{GPKG}|layername=cases", f"{GPKG}|layername=lsoa",
                                 f"{GPKG}|layername=postcode_lookup", str(SAMPLE_DIR / "cases.csv")])
def test_columns_equal_the_feature_loop_values(qgis_app, uri):
    layer = QgsVectorLayer(uri, "t", "ogr")
    names = layer.fields().names()
    fast, _ = read_columns(layer.source(), names)
    loop = read_table(as_source(layer), keep_features=False).frame
    assert len(fast) == layer.featureCount()
    for name in names:
        assert fast[name].tolist() == loop[name].tolist(), name


@pytest.mark.parametrize(("dataset", "fmt"), FILE_FORMATS, ids=[f"{d}-{f}" for d, f in FILE_FORMATS])
def test_every_file_format_reads_the_same_values_and_geometries_both_ways(opened, dataset, fmt):
    layer = opened.layer(dataset, fmt)
    fast, loop = read_both_ways(layer)
    assert fast.frame.columns.tolist() == layer.fields().names()
    assert len(fast.frame) == len(opened.files.data.get(dataset).base)
    pd.testing.assert_frame_equal(fast.frame, loop.frame)  # values and dtypes (NULL integers: NaN floats)
    assert fast.wkb == loop.wkb


@pytest.mark.parametrize(("dataset", "fmt"), [("population", "gpkg_table"), ("cases", "csv_ogr"),
                                              ("population", "xlsx"), ("population", "shapefile")])
def test_a_table_without_geometry_gives_a_null_geometry_per_row(opened, dataset, fmt):
    layer = opened.layer(dataset, fmt)
    frame, wkbs = read_columns(layer.source(), layer.fields().names()[:2], geometry="wkb")
    _, shapes = read_columns(layer.source(), layer.fields().names()[:2], geometry="shapely")
    assert wkbs == [None] * len(frame) == [None] * len(opened.files.data.get(dataset).base)
    assert shapes.tolist() == [None] * len(frame)


def test_blank_csv_cells_are_null_both_ways(opened):
    """OGR gives '' for an empty CSV cell, every other reader NULL: the reader makes them NULL."""
    layer = opened.layer("cases", "csv_ogr")
    gpkg = read_source(opened.layer("cases", "gpkg_table")).frame
    for frame in (table.frame for table in read_both_ways(layer)):
        assert frame.ethnicity.isna().sum() == (opened.files.data.cases.base.ethnicity == "").sum() > 0
        assert frame.x.isna().tolist() == gpkg.x.isna().tolist()


def test_geometries_equal_the_feature_loop_geometries(qgis_app):
    import shapely

    layer = QgsVectorLayer(f"{GPKG}|layername=lsoa", "t", "ogr")
    _, fast = read_columns(layer.source(), ["LSOA21CD"], geometry="shapely")
    loop = read_table(as_source(layer), keep_features=False, geometries_in=layer.crs(),
                      context=QgsProcessingContext()).geometries
    assert shapely.equals_exact(fast, loop, tolerance=0).all()


def test_open_options_of_the_uri_are_used(tmp_path, qgis_app):
    import openpyxl

    book = openpyxl.Workbook()
    for row in (["code", "name"], ["A", "x"], ["B", "y"]):
        book.active.append(row)
    book.save(tmp_path / "text.xlsx")
    frame, _ = read_columns(f"{tmp_path / 'text.xlsx'}|layername=Sheet|option:HEADERS=FORCE", ["code", "name"])
    assert frame.to_dict("list") == {"code": ["A", "B"], "name": ["x", "y"]}


@pytest.mark.parametrize("part", ["layerid=0", "subset=imd_decile = 1", "geometrytype=Polygon"])
def test_uri_parts_that_select_features_use_the_feature_loop(part):
    assert read_columns(f"{GPKG}|layername=lsoa|{part}", ["LSOA21CD"]) is None


def test_filtered_or_edited_layers_use_the_feature_loop(qgis_app, tmp_path):
    import shutil

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


def test_selected_features_only_use_the_feature_loop(qgis_app):
    layer = QgsVectorLayer(f"{GPKG}|layername=lsoa", "t", "ogr")
    assert origin_of(layer, "INPUT", selected_only=True).whole_file_uri is None
    assert origin_of(layer, "INPUT").whole_file_uri == layer.source()


def test_a_field_not_stored_in_the_file_falls_back(qgis_app):
    assert read_columns(f"{GPKG}|layername=lsoa", ["LSOA21CD", "virtual_field"]) is None


def test_reading_no_attribute_columns_uses_the_feature_loop():
    assert read_columns(f"{GPKG}|layername=lsoa", [], geometry="shapely") is None


def test_only_a_source_whose_origin_is_given_is_read_by_columns(qgis_app, monkeypatch):
    from phso_insight_plugin.processing.io import layers

    read = []
    monkeypatch.setattr(layers, "read_columns", lambda uri, *args, **kwargs: read.append(uri) or read_columns(
        uri, *args, **kwargs))
    layer = QgsVectorLayer(f"{GPKG}|layername=lsoa", "t", "ogr")
    read_source(as_source(layer), keep_features=False)
    assert read == []
    read_source(as_source(layer), keep_features=False, origin=origin_of(layer, "INPUT"))
    assert read == [layer.source()]
