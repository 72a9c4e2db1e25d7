"""Point-in-polygon location (phso_insight_plugin.geo.points.locate_points).

Hand-made boxes for the edge cases (shared edges, shared vertices, holes,
overlaps), then real London LSOAs (ONS, EPSG:27700).
"""
import numpy as np
import pytest
import shapely
from shapely import box

from phso_insight_plugin.errors import InputError
from phso_insight_plugin.geo.points import locate_points
from tests.cases._london import random_points_in
from tests.shared_data import london_layer


def geoms(*gs):
    return np.array(gs, dtype=object)


def test_point_inside_one_polygon_gets_its_index():
    polys = geoms(box(0, 0, 1, 1), box(5, 5, 6, 6))
    assert locate_points(np.array([5.5, 0.5]), np.array([5.5, 0.5]), polys).tolist() == [1, 0]


def test_point_outside_all_polygons_gets_minus_one():
    polys = geoms(box(0, 0, 1, 1), box(1, 0, 2, 1))
    assert locate_points(np.array([3.0, -0.1]), np.array([0.5, 0.5]), polys).tolist() == [-1, -1]


def test_point_on_shared_edge_goes_to_lowest_index_whatever_the_order():
    left, right = box(0, 0, 1, 1), box(1, 0, 2, 1)
    x, y = np.array([1.0]), np.array([0.5])
    assert locate_points(x, y, geoms(left, right)).tolist() == [0]
    assert locate_points(x, y, geoms(right, left)).tolist() == [0]


def test_point_at_vertex_shared_by_four_squares_goes_to_lowest_index():
    # Four unit squares meet at (1, 1); listed in scrambled order, index 0 is the top-right one.
    squares = geoms(box(1, 1, 2, 2), box(0, 0, 1, 1), box(1, 0, 2, 1), box(0, 1, 1, 2))
    assert locate_points(np.array([1.0]), np.array([1.0]), squares).tolist() == [0]
    assert locate_points(np.array([1.0]), np.array([1.0]), squares[::-1]).tolist() == [0]


def test_points_at_a_polygons_own_corners_are_inside_it():
    polys = geoms(box(10, 10, 20, 20), box(0, 0, 2, 2))
    x = np.array([0.0, 2.0, 2.0, 0.0])
    y = np.array([0.0, 0.0, 2.0, 2.0])
    assert locate_points(x, y, polys).tolist() == [1, 1, 1, 1]


def test_overlapping_polygons_give_the_lowest_index():
    polys = geoms(box(0, 0, 10, 10), box(2, 2, 4, 4), box(3, 3, 5, 5))
    assert locate_points(np.array([3.5, 4.5]), np.array([3.5, 4.5]), polys[::-1]).tolist() == [0, 0]


def test_point_in_a_hole_belongs_to_the_island_not_the_ring():
    ring = shapely.Polygon([(0, 0), (10, 0), (10, 10), (0, 10)], holes=[[(3, 3), (7, 3), (7, 7), (3, 7)]])
    island = box(4, 4, 6, 6)
    x = np.array([5.0, 3.5, 1.0])
    y = np.array([5.0, 5.0, 1.0])
    assert locate_points(x, y, geoms(ring, island)).tolist() == [1, -1, 0]


def test_nan_and_infinite_coordinates_are_located_nowhere():
    polys = geoms(box(-1e9, -1e9, 1e9, 1e9))
    x = np.array([np.nan, np.inf, 0.0, 0.0, -np.inf])
    y = np.array([0.0, 0.0, np.nan, 0.0, 0.0])
    assert locate_points(x, y, polys).tolist() == [-1, -1, -1, 0, -1]


def test_missing_and_empty_polygons_contain_nothing():
    polys = geoms(None, shapely.Polygon(), box(0, 0, 1, 1))
    assert locate_points(np.array([0.5]), np.array([0.5]), polys).tolist() == [2]


def test_no_points_and_no_polygons_give_empty_or_minus_one():
    assert locate_points(np.array([]), np.array([]), geoms(box(0, 0, 1, 1))).tolist() == []
    assert locate_points(np.array([0.5]), np.array([0.5]), geoms()).tolist() == [-1]


def test_result_is_int64():
    out = locate_points(np.array([0.5]), np.array([0.5]), geoms(box(0, 0, 1, 1)))
    assert out.dtype == np.int64


def test_x_and_y_of_different_lengths_raise():
    with pytest.raises(InputError, match="same length"):
        locate_points(np.array([0.0, 1.0]), np.array([0.0]), geoms(box(0, 0, 1, 1)))


# ------------------------------------------------------------------ real London


@pytest.fixture(scope="module")
def lsoa():
    return london_layer("lsoa21")


def test_random_points_in_london_lsoas_are_located_to_the_lsoa_they_came_from(lsoa):
    attrs, polys = lsoa
    rng = np.random.default_rng(20240704)
    x, y, owner = random_points_in(polys, np.full(len(polys), 3), rng)
    assert len(x) == 3 * 4994
    located = locate_points(x, y, polys)
    np.testing.assert_array_equal(located, owner)


def test_point_on_surface_of_every_london_lsoa_is_located_to_it(lsoa):
    _, polys = lsoa
    pts = shapely.point_on_surface(polys)
    located = locate_points(shapely.get_x(pts), shapely.get_y(pts), polys)
    np.testing.assert_array_equal(located, np.arange(len(polys)))


def test_lsoa_vertices_on_shared_boundaries_go_to_the_lowest_touching_lsoa(lsoa):
    # First exterior vertex of 60 LSOAs: almost all lie on boundaries shared with
    # neighbours. Expected answer by brute force over all 4,994 polygons.
    _, polys = lsoa
    rng = np.random.default_rng(7)
    chosen = rng.choice(len(polys), 60, replace=False)
    first_parts = shapely.get_geometry(polys[chosen], 0)
    vertices = shapely.get_point(shapely.get_exterior_ring(first_parts), 0)
    x, y = shapely.get_x(vertices), shapely.get_y(vertices)
    touching = shapely.intersects(polys[None, :], vertices[:, None])  # (60, 4994)
    expected = touching.argmax(axis=1)
    assert touching.any(axis=1).all()
    assert (touching.sum(axis=1) > 1).sum() >= 50  # really shared vertices
    np.testing.assert_array_equal(locate_points(x, y, polys), expected)


def test_points_outside_london_are_minus_one(lsoa):
    attrs, polys = lsoa
    # Trafalgar Square is inside; Birmingham (406000, 287000) and Brighton are not.
    x = np.array([530000.0, 406000.0, 531000.0])
    y = np.array([180400.0, 287000.0, 104000.0])
    located = locate_points(x, y, polys)
    assert attrs.loc[located[0], "ltla24_name"] == "Westminster"
    assert located[1:].tolist() == [-1, -1]
