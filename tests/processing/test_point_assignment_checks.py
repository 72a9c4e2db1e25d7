"""phso_insight:assigncases by points: the areas and the coordinates' CRS are checked before anyone is placed."""
import re

import numpy as np
import pytest
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsFeature,
    QgsGeometry,
    QgsPointXY,
    QgsProject,
    QgsVectorLayer,
)

from tests.feedback import RecordingFeedback, error_of
from tests.layers import attribute_rows, memory_layer, square
from tests.shared_data import LONDON_GPKG

N_POINTS = 2000
BOW_TIE = "POLYGON((0 0,100 100,100 0,0 100,0 0))"


def london_lsoa() -> str:
    """The London LSOA layer, by its source: a failed run never frees the layer objects it was given (QGIS
    bindings), and a file layer left alive when QGIS exits crashes the interpreter."""
    return f"{LONDON_GPKG}|layername=lsoa21"


@pytest.fixture(scope="module")
def london_points(qgis_app):
    """A point inside each of the first 2,000 London LSOAs: (codes, eastings/northings, longitudes/latitudes)."""
    lsoa = QgsVectorLayer(london_lsoa(), "lsoa21", "ogr")
    to_wgs84 = QgsCoordinateTransform(lsoa.crs(), QgsCoordinateReferenceSystem("EPSG:4326"), QgsProject.instance())
    codes, metres, degrees = [], [], []
    for feature in lsoa.getFeatures():
        if len(codes) == N_POINTS:
            break
        point = feature.geometry().pointOnSurface().asPoint()
        codes.append(feature["lsoa21_code"])
        metres.append((point.x(), point.y()))
        lonlat = to_wgs84.transform(point)
        degrees.append((lonlat.x(), lonlat.y()))
    return codes, np.array(metres), np.array(degrees)


def coordinate_cases(xy: np.ndarray, codes=None) -> QgsVectorLayer:
    columns = {"case_id": list(range(len(xy))), "x": [float(v) for v in xy[:, 0]], "y": [float(v) for v in xy[:, 1]]}
    if codes is not None:
        columns["true_code"] = list(codes)
    return memory_layer(columns)


def point_layer(xy, crs: str) -> QgsVectorLayer:
    layer = QgsVectorLayer(f"Point?crs={crs}&field=case_id:integer", "cases", "memory")
    features = []
    for i, (x, y) in enumerate(xy):
        feature = QgsFeature(layer.fields())
        feature.setAttributes([i])
        feature.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(float(x), float(y))))
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    return layer


def by_coordinates(run_alg, cases, areas, area_field="lsoa21_code", feedback=None, **extra):
    return run_alg("assigncases", {
        "INPUT": cases, "LOCATION_TYPE": 3, "X_FIELD": "x", "Y_FIELD": "y", "AREAS": areas,
        "AREA_FIELD": area_field, "OUTPUT": "TEMPORARY_OUTPUT", "UNMATCHED": "TEMPORARY_OUTPUT", **extra},
        feedback=feedback)


def test_longitude_latitude_read_as_metres_is_refused_with_the_crs_to_set(run_alg, london_points):
    codes, _, degrees = london_points
    message = error_of(lambda: by_coordinates(run_alg, coordinate_cases(degrees), london_lsoa()))
    assert "Only 0% of the points fall in an area" in message
    assert "100% would" in message
    assert "These look like longitude/latitude: set COORDINATE_CRS to EPSG:4326." in message


def test_with_the_crs_set_every_longitude_latitude_point_gets_its_own_lsoa(run_alg, london_points):
    codes, _, degrees = london_points
    result = by_coordinates(run_alg, coordinate_cases(degrees, codes), london_lsoa(), COORDINATE_CRS="EPSG:4326")
    assert result["ROWS_MATCHED"] == N_POINTS
    assert all(r["lsoa21_code"] == r["true_code"] for r in attribute_rows(result["OUTPUT"]))


def test_metres_given_as_longitude_latitude_get_the_reverse_hint(run_alg, london_points):
    _, metres, _ = london_points
    message = error_of(lambda: by_coordinates(run_alg, coordinate_cases(metres), london_lsoa(),
                                              COORDINATE_CRS="EPSG:4326"))
    assert re.search(r"read in EPSG:4326; read as EPSG:27700 .*100% would\. These look like projected coordinates "
                     r"in metres: set COORDINATE_CRS to EPSG:27700\.", message)


def test_swapped_x_and_y_fields_are_spotted(run_alg, london_points):
    _, metres, _ = london_points
    message = error_of(lambda: by_coordinates(run_alg, coordinate_cases(metres[:, ::-1]), london_lsoa()))
    assert "with X and Y swapped, 100% would. It looks like you should exchange X_FIELD and Y_FIELD" in message


def test_a_point_layer_with_the_wrong_crs_is_told_which_crs_to_give_it(run_alg, london_points):
    _, _, degrees = london_points
    message = error_of(lambda: run_alg("assigncases", {
        "INPUT": point_layer(degrees[:200], "EPSG:27700"), "LOCATION_TYPE": 2, "AREAS": london_lsoa(),
        "AREA_FIELD": "lsoa21_code", "OUTPUT": "TEMPORARY_OUTPUT"}))
    assert "set the CRS of the case layer (INPUT) to EPSG:4326" in message


def test_a_few_points_far_away_are_unmatched_with_an_extent_warning(run_alg):
    feedback = RecordingFeedback()
    result = by_coordinates(run_alg, coordinate_cases(np.array([[0.0, 0.0], [10.0, 10.0]])), london_lsoa(),
                            feedback=feedback)
    assert result["ROWS_UNMATCHED"] == 2
    assert feedback.said("None of the points lies within the extent of the areas", "x 0 to 10")


def test_points_proj_cannot_transform_are_invalid_coordinates_not_a_failure(run_alg, london_points):
    codes, metres, degrees = london_points
    mixed = np.vstack([degrees[:1500], metres[:500]])  # metres read as degrees: latitude 180,000
    result = by_coordinates(run_alg, coordinate_cases(mixed), london_lsoa(), COORDINATE_CRS="EPSG:4326")
    assert (result["ROWS_MATCHED"], result["ROWS_UNMATCHED"]) == (1500, 500)
    assert {r["reason"] for r in attribute_rows(result["UNMATCHED"])} == {"invalid coordinates"}


def test_areas_without_a_crs_are_refused_naming_the_layer_and_parameter(run_alg):
    areas = memory_layer({"code": ["A"]}, [square(0, 0)], crs="", name="wards")
    message = error_of(lambda: by_coordinates(run_alg, coordinate_cases(np.array([[50.0, 50.0]])), areas, "code"))
    assert "(AREAS): the layer 'wards' has no coordinate reference system (CRS)" in message


def test_a_case_point_layer_without_a_crs_is_refused(run_alg):
    areas = memory_layer({"code": ["A"]}, [square(0, 0)])
    message = error_of(lambda: run_alg("assigncases", {
        "INPUT": point_layer([(50, 50)], ""), "LOCATION_TYPE": 2, "AREAS": areas, "AREA_FIELD": "code",
        "OUTPUT": "TEMPORARY_OUTPUT"}))
    assert "(INPUT): the layer 'cases' has no coordinate reference system (CRS)" in message


def test_an_area_table_without_geometry_is_refused(run_alg):
    areas = memory_layer({"code": ["A"]}, name="codes only")
    message = error_of(lambda: by_coordinates(run_alg, coordinate_cases(np.array([[50.0, 50.0]])), areas, "code"))
    assert "(AREAS): 'codes only' is a table without geometry, but this needs polygons" in message


def test_invalid_area_polygons_are_repaired_counted_and_used(run_alg):
    feedback = RecordingFeedback()
    areas = memory_layer({"code": ["BOWTIE", "B"]}, [BOW_TIE, square(200, 0)])
    inside_triangle, between_triangles = [50.0, 10.0], [10.0, 50.0]
    result = by_coordinates(run_alg, coordinate_cases(np.array([inside_triangle, between_triangles])), areas,
                            "code", feedback=feedback)
    assert [r["code"] for r in attribute_rows(result["OUTPUT"])] == ["BOWTIE"]
    assert result["ROWS_UNMATCHED"] == 1
    assert feedback.said("1 invalid area polygon(s) were repaired", "BOWTIE")


def test_areas_with_empty_geometry_are_named_by_code(run_alg):
    feedback = RecordingFeedback()
    areas = memory_layer({"code": ["A", "EMPTY1", "EMPTY2"]}, [square(0, 0), "POLYGON EMPTY", "POLYGON EMPTY"])
    result = by_coordinates(run_alg, coordinate_cases(np.array([[50.0, 50.0]])), areas, "code", feedback=feedback)
    assert result["ROWS_MATCHED"] == 1
    assert feedback.said("2 area(s) have no geometry (NULL or empty)", "EMPTY1, EMPTY2")


def test_an_area_layer_whose_geometries_are_all_empty_is_refused(run_alg):
    areas = memory_layer({"code": ["E1", "E2"]}, ["POLYGON EMPTY", "POLYGON EMPTY"])
    message = error_of(lambda: by_coordinates(run_alg, coordinate_cases(np.array([[50.0, 50.0]])), areas, "code"))
    assert "None of the 2 areas (AREAS) has a geometry" in message


def test_overlapping_areas_are_reported_by_code_and_the_first_listed_wins(run_alg):
    feedback = RecordingFeedback()
    areas = memory_layer({"code": ["NORTH", "SOUTH"]}, [square(0, 0), square(50, 0)])
    result = by_coordinates(run_alg, coordinate_cases(np.array([[75.0, 50.0]])), areas, "code", feedback=feedback)
    assert [r["code"] for r in attribute_rows(result["OUTPUT"])] == ["NORTH"]
    assert feedback.said("1 pair(s) of areas overlap", "NORTH/SOUTH")
