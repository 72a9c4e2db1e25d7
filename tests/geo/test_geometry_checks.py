"""Geometry checks used before apportioning (phso_insight_plugin.geo.geometry_checks)."""
import numpy as np
import pytest
import shapely
from shapely import box

from phso_insight_plugin.geo.geometry_checks import (
    check_polygons,
    non_polygonal,
    null_or_empty,
    overlapping_pairs,
    pair_labels,
    repair_geometries,
)

BOW_TIE = shapely.from_wkt("POLYGON((0 0, 2 2, 2 0, 0 2, 0 0))")


def test_bow_tie_is_repaired_into_two_triangles_and_counted():
    fixed, n = repair_geometries(np.array([BOW_TIE, box(0, 0, 1, 1)], dtype=object))
    assert n == 1
    assert shapely.is_valid(fixed).all()
    assert shapely.get_type_id(fixed[0]) == shapely.GeometryType.MULTIPOLYGON
    assert shapely.area(fixed[0]) == pytest.approx(2.0)  # two triangles of area 1


def test_valid_geometries_are_returned_unchanged_and_not_counted():
    g = np.array([box(0, 0, 1, 1), None], dtype=object)
    fixed, n = repair_geometries(g)
    assert n == 0
    assert fixed[0] is g[0]
    assert fixed[1] is None


def test_repair_keeps_polygonal_parts_only():
    # make_valid of a polygon with a dangling spike gives polygon + line; the line is dropped.
    spike = shapely.from_wkt("POLYGON((0 0, 1 0, 1 1, 0 1, 0 0.5, -1 0.5, 0 0.5, 0 0))")
    assert not shapely.is_valid(spike)
    fixed, n = repair_geometries([spike])
    assert n == 1
    assert shapely.get_type_id(fixed[0]) == shapely.GeometryType.POLYGON
    assert shapely.area(fixed[0]) == pytest.approx(1.0)


def test_degenerate_polygon_becomes_empty():
    flat = shapely.from_wkt("POLYGON((0 0, 1 0, 2 0, 0 0))")
    fixed, n = repair_geometries([flat])
    assert n == 1
    assert null_or_empty(fixed).tolist() == [0]


def test_null_or_empty_finds_none_and_empty_geometries():
    g = [box(0, 0, 1, 1), None, shapely.from_wkt("POLYGON EMPTY"), box(1, 1, 2, 2)]
    assert null_or_empty(g).tolist() == [1, 2]


def test_non_polygonal_finds_points_and_lines_but_not_nulls():
    g = [box(0, 0, 1, 1), shapely.Point(0, 0), None, shapely.LineString([(0, 0), (1, 1)])]
    assert non_polygonal(g).tolist() == [1, 3]


def test_overlapping_pairs_lists_overlap_areas_and_ignores_touching():
    g = [box(0, 0, 10, 10), box(5, 0, 15, 10), box(15, 0, 20, 10), box(2, 2, 3, 3)]
    df = overlapping_pairs(g)
    # 0∩1 = 50; 0 contains 3 (area 1, not above tolerance 1.0); 1 and 2 only touch.
    assert df.to_dict("list") == {"i": [0], "j": [1], "overlap_area": [50.0]}
    assert overlapping_pairs(g, tolerance_m2=0.5).i.tolist() == [0, 0]


def test_overlapping_pairs_of_a_clean_tiling_is_empty():
    xs = np.arange(5.0)
    tiles = box(xs, 0, xs + 1, 1)
    assert overlapping_pairs(tiles).empty


def test_non_polygonal_can_allow_geometry_collections():
    gc = shapely.from_wkt("GEOMETRYCOLLECTION(POLYGON((0 0, 1 0, 1 1, 0 0)), POINT(5 5))")
    assert non_polygonal([gc]).tolist() == [0]
    assert non_polygonal([gc], allow_collections=True).size == 0


def test_check_polygons_repairs_and_lists_the_invalid_ones():
    check = check_polygons([box(0, 0, 1, 1), BOW_TIE, None])
    assert check.repaired.tolist() == [1]
    assert shapely.area(check.geometries[1]) == pytest.approx(2.0)
    assert check.geometries[0] is not None and shapely.is_valid(check.geometries[1])


def test_check_polygons_lists_null_empty_and_degenerate_polygons_as_empty():
    line_like = shapely.from_wkt("POLYGON((0 0, 1 1, 2 2, 0 0))")  # no area: empty after repair
    check = check_polygons([box(0, 0, 1, 1), None, shapely.from_wkt("POLYGON EMPTY"), line_like])
    assert check.empty.tolist() == [1, 2, 3]
    assert check.repaired.tolist() == [3]
    assert [g is None for g in check.geometries] == [False, True, True, True]


def test_check_polygons_finds_overlaps_after_repair():
    check = check_polygons([box(0, 0, 10, 10), box(5, 0, 15, 10), box(20, 0, 30, 10)])
    assert check.overlaps.to_dict("list") == {"i": [0], "j": [1], "overlap_area": [50.0]}


def test_pair_labels_name_overlapping_pairs_by_code():
    pairs = overlapping_pairs([box(0, 0, 10, 10), box(20, 0, 30, 10), box(5, 0, 25, 10)])
    assert pair_labels(pairs, ["E01", "E02", "E03"]) == ["E01/E03", "E02/E03"]
