"""The shared-edge proof that polygons do not overlap (phso_insight_plugin.geo.shared_edges)."""
import numpy as np
import shapely
from shapely import box

from phso_insight_plugin.geo.geometry_checks import overlapping_pairs
from phso_insight_plugin.geo.shared_edges import PARTS, certainly_disjoint

FRAME_WITH_HOLE = shapely.Polygon([(0, 0), (10, 0), (10, 10), (0, 10)], [[(2, 2), (2, 8), (8, 8), (8, 2)]])


def grid(n: int = 4) -> np.ndarray:
    """n × n unit squares matching vertex for vertex."""
    xs, ys = np.meshgrid(np.arange(float(n)), np.arange(float(n)))
    return box(xs.ravel(), ys.ravel(), xs.ravel() + 1, ys.ravel() + 1)


def voronoi_tiling(seed: int, n: int = 60) -> np.ndarray:
    """Voronoi cells of random points clipped to a square: a tiling whose neighbours share exact vertices."""
    points = shapely.multipoints(np.random.default_rng(seed).uniform(0, 100, (n, 2)))
    return shapely.get_parts(shapely.voronoi_polygons(points, extend_to=box(-50, -50, 150, 150)))


def test_a_grid_of_squares_is_proven_disjoint():
    assert certainly_disjoint(grid())


def test_rings_stored_clockwise_are_proven_disjoint_too():
    assert certainly_disjoint(shapely.reverse(grid()))


def test_a_gap_between_polygons_does_not_stop_the_proof():
    squares = grid()
    assert certainly_disjoint(np.delete(squares, 5))


def test_an_island_filling_a_hole_exactly_is_proven_disjoint():
    assert certainly_disjoint(np.array([FRAME_WITH_HOLE, box(2, 2, 8, 8)]))


def test_an_island_inside_a_hole_is_proven_disjoint():
    assert certainly_disjoint(np.array([FRAME_WITH_HOLE, box(3, 3, 7, 7)]))


def test_multipolygon_parts_count_like_polygons():
    squares = grid()
    merged = np.array([shapely.multipolygons([squares[0], squares[15]]), *squares[1:15]])
    assert certainly_disjoint(merged)


def test_overlapping_squares_are_not_proven_disjoint():
    assert not certainly_disjoint(np.array([box(0, 0, 2, 2), box(1, 0, 3, 2)]))


def test_a_shifted_tile_is_not_proven_disjoint():
    squares = grid()
    squares[5] = shapely.transform(squares[5], lambda xy: xy + [0.1, 0.0])
    assert not certainly_disjoint(squares)


def test_a_duplicated_tile_is_not_proven_disjoint():
    squares = grid()
    assert not certainly_disjoint(np.append(squares, squares[3]))


def test_a_polygon_inside_another_is_not_proven_disjoint():
    assert not certainly_disjoint(np.array([box(0, 0, 10, 10), box(2, 2, 3, 3)]))


def test_an_island_crossing_the_edge_of_a_hole_is_not_proven_disjoint():
    assert not certainly_disjoint(np.array([FRAME_WITH_HOLE, box(1, 3, 7, 7)]))


def test_edges_not_matching_vertex_for_vertex_are_left_to_the_pairwise_check():
    # The right square's left edge has an extra vertex at (1, 0.5): touching only, yet not provable here.
    left, right = box(0, 0, 1, 1), shapely.Polygon([(1, 0), (2, 0), (2, 1), (1, 1), (1, 0.5)])
    assert not certainly_disjoint(np.array([left, right]))
    assert overlapping_pairs([left, right]).empty


def test_squares_touching_at_a_corner_are_left_to_the_pairwise_check():
    corner = np.array([box(0, 0, 1, 1), box(1, 1, 2, 2)])
    assert not certainly_disjoint(corner)
    assert overlapping_pairs(corner).empty


def test_a_layer_cut_into_many_parts_is_proven_as_one_whatever_the_threads():
    # 900 squares: 16 parts of about 56, whose shared edges cancel across parts.
    squares = grid(30)
    assert PARTS < len(squares)
    for threads in (1, 2):
        assert certainly_disjoint(squares, threads)
        assert not certainly_disjoint(np.append(squares, squares[0]), threads)  # a tile again, in the last part


def test_a_national_grid_in_whole_metres_is_proven_disjoint():
    # 100 m squares at whole-metre British National Grid coordinates: the coordinates' low 40 bits are all
    # zero, which a hash must still spread (a weak one makes different edges collide and gives up the proof).
    xs, ys = np.meshgrid(530_000.0 + 100 * np.arange(80.0), 180_000.0 + 100 * np.arange(80.0))
    assert certainly_disjoint(box(xs.ravel(), ys.ravel(), xs.ravel() + 100, ys.ravel() + 100))


def test_random_tilings_are_proven_disjoint_and_any_moved_cell_is_never_proven():
    for seed in range(20):
        cells = voronoi_tiling(seed)
        assert certainly_disjoint(cells), seed
        moved = cells.copy()
        moved[seed] = shapely.transform(moved[seed], lambda xy: xy + [0.5, 0.25])
        truly_overlapping = not overlapping_pairs(moved, tolerance_m2=0.0).empty
        assert truly_overlapping and not certainly_disjoint(moved), seed


def test_overlapping_pairs_agree_with_and_without_the_proof_on_a_tiling_with_an_overlap():
    cells = voronoi_tiling(7)
    cells[3] = shapely.buffer(cells[3], 1.0)
    found = overlapping_pairs(cells)
    neighbours = shapely.STRtree(cells).query(cells[3], predicate="intersects")
    brute = sorted(int(j) for j in neighbours
                   if j != 3 and shapely.area(shapely.intersection(cells[3], cells[j])) > 1.0)
    assert sorted(set(found.i) | set(found.j)) == sorted({3, *brute})
