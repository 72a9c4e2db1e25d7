"""Hand-computed behaviour of the apportionment engine (phso_insight_plugin.geo.apportion).

Geometries are axis-aligned boxes so every share can be worked out on paper;
the expected numbers are written out in each test.
"""
import numpy as np
import pytest
import shapely
from shapely import box

from phso_insight_plugin.errors import InputError
from phso_insight_plugin.geo.apportion import ApportionCancelled, apportion


def geoms(*gs):
    return np.array(gs, dtype=object)


# A 10 × 10 source straddling the line x = 3: 30 % of its area on the left, 70 % right.
SQUARE = box(0, 0, 10, 10)
LEFT = box(-5, 0, 3, 10)
RIGHT = box(3, 0, 15, 10)


# ---------------------------------------------------------------- area weighting


def test_two_unit_squares_onto_shifted_square_take_half_of_each():
    # Sources [0,1]² (10) and [1,2]×[0,1] (20); target [0.5,1.5]×[0,1] covers half of each.
    res = apportion(geoms(box(0, 0, 1, 1), box(1, 0, 2, 1)), np.array([[10.0], [20.0]]),
                    geoms(box(0.5, 0, 1.5, 1)), method="area")
    assert res.target_values[:, 0] == pytest.approx([0.5 * 10 + 0.5 * 20])  # 15
    assert res.unallocated == pytest.approx([15.0])
    cw = res.crosswalk
    assert cw.source_index.tolist() == [0, 1]
    assert cw.target_index.tolist() == [0, 0]
    assert cw.area_share.tolist() == pytest.approx([0.5, 0.5])
    assert cw.weight_share.tolist() == pytest.approx([0.5, 0.5])
    assert cw.piece_area.tolist() == pytest.approx([0.5, 0.5])
    assert cw.population_share.isna().all()
    assert res.unallocated_sources.tolist() == [0, 1]


def test_check_sources_proves_a_tiling_of_sources_disjoint_beside_the_overlay():
    for threads in (1, 2):
        res = apportion(geoms(box(0, 0, 5, 10), box(5, 0, 10, 10)), np.array([1.0, 2.0]), geoms(LEFT, RIGHT),
                        method="area", check_sources=True, threads=threads)
        assert res.source_check.disjoint and res.source_check.overlaps().empty
    assert apportion(geoms(SQUARE), np.array([1.0]), geoms(LEFT, RIGHT), method="area").source_check is None


def test_check_sources_lists_overlapping_sources_and_a_repaired_bow_tie_by_index():
    # Sources 0 and 1 overlap on [4,5]×[0,10] (10 square units); source 2 is a bow-tie repaired to two triangles.
    bow_tie = shapely.Polygon([(20, 0), (30, 10), (30, 0), (20, 10)])
    res = apportion(geoms(box(0, 0, 5, 10), box(4, 0, 10, 10), bow_tie), np.array([1.0, 2.0, 3.0]),
                    geoms(LEFT, RIGHT), method="area", check_sources=True)
    assert not res.source_check.disjoint and res.source_check.n_repaired == 1
    found = res.source_check.overlaps()
    assert found[["i", "j"]].values.tolist() == [[0, 1]] and found.overlap_area.tolist() == pytest.approx([10.0])


def test_source_straddling_boundary_splits_30_70_by_area():
    res = apportion(geoms(SQUARE), np.array([[100.0, 10.0]]), geoms(LEFT, RIGHT), method="area")
    assert res.target_values.tolist() == [pytest.approx([30.0, 3.0]), pytest.approx([70.0, 7.0])]
    assert res.unallocated == pytest.approx([0.0, 0.0])
    assert res.split_sources.tolist() == [0]
    assert res.unallocated_sources.size == 0
    assert res.total_in == pytest.approx([100.0, 10.0])
    assert res.total_out == pytest.approx([100.0, 10.0])


def test_one_dimensional_values_are_one_field():
    res = apportion(geoms(SQUARE), np.array([100.0]), geoms(LEFT, RIGHT), method="area")
    assert res.target_values.shape == (2, 1)
    assert res.target_values[:, 0] == pytest.approx([30.0, 70.0])


def test_source_wholly_inside_target_gets_everything_without_overlay_noise():
    res = apportion(geoms(box(1, 1, 2, 2)), np.array([7.0]), geoms(box(0, 0, 10, 10)), method="area")
    assert res.target_values[0, 0] == 7.0  # exact: contains_properly shortcut, share 1
    assert res.crosswalk.area_share.tolist() == [1.0]


# ---------------------------------------------------------------- population weighting


def test_point_weights_put_everything_where_the_people_are():
    # 100 people, all in the left 30 % (x = 1 and x = 2): the whole count goes left.
    pts = geoms(shapely.Point(1, 5), shapely.Point(2, 5))
    res = apportion(geoms(SQUARE), np.array([[100.0]]), geoms(LEFT, RIGHT), method="population",
                    weight_geoms=pts, weight_values=np.array([60.0, 40.0]))
    assert res.target_values[:, 0] == pytest.approx([100.0, 0.0])
    assert res.split_sources.size == 0
    row = res.crosswalk.set_index("target_index").loc[0]
    assert row.population_share == pytest.approx(1.0)
    assert row.piece_population == pytest.approx(100.0)
    assert row.area_share == pytest.approx(0.3)


def test_point_weights_split_by_people_not_area():
    # 25 people left, 75 right: 25/75 although the area split is 30/70.
    pts = geoms(shapely.Point(1, 5), shapely.Point(8, 5))
    res = apportion(geoms(SQUARE), np.array([[200.0]]), geoms(LEFT, RIGHT), method="population",
                    weight_geoms=pts, weight_values=np.array([25.0, 75.0]))
    assert res.target_values[:, 0] == pytest.approx([50.0, 150.0])


def test_point_on_shared_target_boundary_counts_once_in_lowest_target_index():
    # Targets listed right first (index 0), left second (index 1). A point on x = 3
    # lies on both; it must count once, in target 0 (RIGHT).
    pts = geoms(shapely.Point(3, 5), shapely.Point(1, 5))
    res = apportion(geoms(SQUARE), np.array([[100.0]]), geoms(RIGHT, LEFT), method="population",
                    weight_geoms=pts, weight_values=np.array([50.0, 50.0]))
    assert res.target_values[:, 0] == pytest.approx([50.0, 50.0])
    assert res.unallocated == pytest.approx([0.0])


def test_polygon_weights_spread_population_evenly_over_each_weight_polygon():
    # w1 = [0,5]×[0,10], 100 people, wholly in the source.
    # w2 = [5,15]×[0,10], 100 people, half inside the source.
    # P_W(s)   = 100 + 100·50/100                    = 150
    # P_W(s∩L) = 100·30/50                            = 60   → share 0.4
    # P_W(s∩R) = 100·20/50 + 100·50/100               = 90   → share 0.6
    w = geoms(box(0, 0, 5, 10), box(5, 0, 15, 10))
    res = apportion(geoms(SQUARE), np.array([[90.0]]), geoms(LEFT, RIGHT), method="population",
                    weight_geoms=w, weight_values=np.array([100.0, 100.0]))
    assert res.target_values[:, 0] == pytest.approx([36.0, 54.0])
    cw = res.crosswalk
    assert cw.population_share.tolist() == pytest.approx([0.4, 0.6])
    assert cw.piece_population.tolist() == pytest.approx([60.0, 90.0])
    assert cw.area_share.tolist() == pytest.approx([0.3, 0.7])
    assert not res.weights_are_sources


def test_weights_that_are_the_sources_reduce_to_population_times_area_share():
    srcs = geoms(box(0, 0, 10, 10), box(10, 0, 20, 10))
    tgts = geoms(box(-5, 0, 3, 10), box(3, 0, 25, 10))
    res = apportion(srcs, np.array([[100.0], [40.0]]), tgts, method="population",
                    weight_geoms=srcs, weight_values=np.array([1000.0, 500.0]))
    assert res.weights_are_sources
    assert res.target_values[:, 0] == pytest.approx([30.0, 70.0 + 40.0])
    assert res.crosswalk.piece_population.tolist() == pytest.approx([300.0, 700.0, 500.0])


def test_weights_equal_to_sources_but_a_different_array_take_the_shortcut_and_agree_with_general_path():
    srcs = geoms(box(0, 0, 10, 10), box(10, 0, 20, 10))
    tgts = geoms(box(-5, 0, 3, 10), box(3, 0, 12, 10), box(12, 0, 25, 10))
    vals = np.array([[100.0], [40.0]])
    pops = np.array([1000.0, 500.0])
    copy = shapely.from_wkb(shapely.to_wkb(srcs))
    reversed_rings = shapely.reverse(srcs)  # same polygons, not equal_exact → general overlay path
    shortcut = apportion(srcs, vals, tgts, "population", weight_geoms=copy, weight_values=pops)
    general = apportion(srcs, vals, tgts, "population", weight_geoms=reversed_rings, weight_values=pops)
    assert shortcut.weights_are_sources and not general.weights_are_sources
    np.testing.assert_allclose(general.target_values, shortcut.target_values, rtol=1e-12)
    assert shortcut.target_values[:, 0] == pytest.approx([30.0, 70.0 + 8.0, 32.0])


def test_zero_population_source_falls_back_to_area_weighting_and_is_reported():
    # Source 0 has a person; source 1 (x 10..20) has none → area weighting, 30/70 by area.
    srcs = geoms(box(0, 0, 10, 10), box(10, 0, 20, 10))
    tgts = geoms(box(0, 0, 13, 10), box(13, 0, 20, 10))
    pts = geoms(shapely.Point(5, 5))
    res = apportion(srcs, np.array([[10.0], [100.0]]), tgts, method="population",
                    weight_geoms=pts, weight_values=np.array([3.0]))
    assert res.fallback_sources.tolist() == [1]
    assert res.target_values[:, 0] == pytest.approx([10.0 + 30.0, 70.0])
    assert any("by area" in m and "1 source" in m for m in res.messages)
    fb = res.crosswalk[res.crosswalk.source_index == 1]
    assert fb.population_share.isna().all()
    assert fb.weight_share.tolist() == pytest.approx([0.3, 0.7])


def test_population_method_without_weights_is_an_input_error():
    with pytest.raises(InputError, match="population layer"):
        apportion(geoms(SQUARE), np.array([1.0]), geoms(LEFT), method="population")


# ---------------------------------------------------------------- unallocated and rescaling


def test_source_partly_outside_all_targets_reports_unallocated():
    # Target covers 60 % of the source: 30 of 50 allocated, 20 unallocated.
    res = apportion(geoms(SQUARE), np.array([[50.0]]), geoms(box(0, 0, 10, 6)), method="area")
    assert res.target_values[0, 0] == pytest.approx(30.0)
    assert res.unallocated == pytest.approx([20.0])
    assert res.unallocated_sources.tolist() == [0]
    assert res.source_unallocated_share == pytest.approx([0.4])
    assert res.total_in == pytest.approx(res.total_out + res.unallocated)
    assert res.rescaled == pytest.approx([0.0])


def test_rescale_gives_the_outside_part_to_the_targets_of_the_same_source():
    # Source A (50) is 60 % in T0, 40 % outside; source B (10) is wholly in T1.
    # Rescaled: T0 gets all 50 (20 moved), T1 gets 10; nothing remains unallocated.
    srcs = geoms(SQUARE, box(20, 0, 30, 10))
    tgts = geoms(box(0, 0, 10, 6), box(19, -1, 31, 11))
    res = apportion(srcs, np.array([[50.0], [10.0]]), tgts, method="area", rescale=True)
    assert res.target_values[:, 0] == pytest.approx([50.0, 10.0])
    assert res.total_out == pytest.approx(res.total_in)
    assert res.unallocated == pytest.approx([0.0])
    assert res.rescaled == pytest.approx([20.0])
    assert res.unallocated_sources.tolist() == [0]  # reported even though rescaled
    assert res.crosswalk.weight_share.tolist() == pytest.approx([1.0, 1.0])
    assert res.crosswalk.area_share.tolist() == pytest.approx([0.6, 1.0])


def test_rescale_gives_a_source_reaching_no_target_to_the_nearest_target():
    # Source 1 ([100,110]²) touches no target; target 1 is 5 away, target 0 is 94 away.
    srcs = geoms(SQUARE, box(100, 100, 110, 110))
    tgts = geoms(box(0, 0, 10, 6), box(100, 115, 110, 120))
    res = apportion(srcs, np.array([[50.0], [5.0]]), tgts, method="area", rescale=True)
    assert res.target_values[:, 0] == pytest.approx([50.0, 5.0])
    assert res.nearest_sources.tolist() == [1]
    assert res.unallocated == pytest.approx([0.0])
    assert res.rescaled == pytest.approx([20.0 + 5.0])
    assert any("nearest" in m and "up to 5 CRS units" in m for m in res.messages)


def test_rescale_cannot_place_a_null_source():
    res = apportion(geoms(SQUARE, None), np.array([[50.0], [5.0]]), geoms(box(0, 0, 10, 6)), method="area",
                    rescale=True)
    assert res.target_values[0, 0] == pytest.approx(50.0)
    assert res.unallocated == pytest.approx([5.0])
    assert res.total_in == pytest.approx(res.total_out + res.unallocated)


def test_population_outside_all_targets_is_unallocated_even_if_area_is_inside():
    # 90 % of the area is inside the target, but the only person lives outside it.
    pts = geoms(shapely.Point(9.5, 5))
    res = apportion(geoms(SQUARE), np.array([[40.0]]), geoms(box(0, 0, 9, 10)), method="population",
                    weight_geoms=pts, weight_values=np.array([1.0]))
    assert res.target_values[0, 0] == pytest.approx(0.0)
    assert res.unallocated == pytest.approx([40.0])


# ---------------------------------------------------------------- best fit


def test_best_fit_never_splits_and_follows_the_population_weighted_centroid():
    # 70 % of the area is right of x = 3, but the population-weighted centroid
    # (100·(1,5) + 20·(8,5)) / 120 = (2.1667, 5) is left of it → all to LEFT.
    pts = geoms(shapely.Point(1, 5), shapely.Point(8, 5))
    res = apportion(geoms(SQUARE), np.array([[60.0, 6.0]]), geoms(LEFT, RIGHT), method="best_fit",
                    weight_geoms=pts, weight_values=np.array([100.0, 20.0]))
    assert res.target_values.tolist() == [[60.0, 6.0], [0.0, 0.0]]
    assert res.split_sources.size == 0
    assert shapely.get_coordinates(res.best_fit_points[0]).ravel().tolist() == pytest.approx([13 / 6, 5.0])
    cw = res.crosswalk.set_index("target_index")
    assert cw.weight_share.tolist() == [1.0, 0.0]
    assert cw.area_share.tolist() == pytest.approx([0.3, 0.7])


def test_best_fit_with_polygon_weights_uses_centroids_of_the_pieces_inside_the_source():
    # w1 = [0,2]×[0,10], 40 people, wholly inside: centroid (1,5), population 40.
    # w2 = [8,20]×[0,10], 120 people, 20/120 of it inside: piece [8,10]×[0,10],
    #   centroid (9,5), population 20 (not the whole polygon's centroid (14,5)).
    # Weighted centroid x = (40·1 + 20·9)/60 = 11/3 > 3 → RIGHT.
    w = geoms(box(0, 0, 2, 10), box(8, 0, 20, 10))
    res = apportion(geoms(SQUARE), np.array([[5.0]]), geoms(LEFT, RIGHT), method="best_fit",
                    weight_geoms=w, weight_values=np.array([40.0, 120.0]))
    assert shapely.get_coordinates(res.best_fit_points[0]).ravel().tolist() == pytest.approx([11 / 3, 5.0])
    assert res.target_values[:, 0].tolist() == [0.0, 5.0]


def test_best_fit_intensive_values_are_weighted_by_source_population():
    # Both sources go wholly to target 0: (0.1·100 + 0.4·300)/400 = 0.325.
    srcs = geoms(box(0, 0, 1, 1), box(1, 0, 2, 1))
    res = apportion(srcs, np.array([1.0, 1.0]), geoms(box(-1, -1, 3, 2)), method="best_fit",
                    weight_geoms=srcs, weight_values=np.array([100.0, 300.0]),
                    intensive_values=np.array([0.1, 0.4]))
    assert res.target_intensive[0, 0] == pytest.approx(0.325)


def test_best_fit_without_weights_uses_point_on_surface():
    # point_on_surface of the square is its middle (x = 5) → RIGHT.
    res = apportion(geoms(SQUARE), np.array([[60.0]]), geoms(LEFT, RIGHT), method="best_fit")
    assert res.target_values[:, 0] == pytest.approx([0.0, 60.0])
    assert shapely.intersects(SQUARE, res.best_fit_points[0])


def test_best_fit_centroid_outside_a_u_shaped_zone_uses_its_most_populous_part():
    # U shape: two arms (x 0..2 and 8..10) joined at the bottom (y 0..2).
    u = shapely.union_all([box(0, 0, 2, 10), box(8, 0, 10, 10), box(0, 0, 10, 2)])
    # People in both arms: weighted centroid (40·(1,8) + 60·(9,8))/100 = (5.8, 8) lies in the notch.
    pts = geoms(shapely.Point(1, 8), shapely.Point(9, 8))
    tgts = geoms(box(-1, -1, 5, 11), box(5, 3, 7, 11), box(5, -1, 11, 3), box(7, 3, 11, 11))
    res = apportion(geoms(u), np.array([[10.0]]), tgts, method="best_fit",
                    weight_geoms=pts, weight_values=np.array([40.0, 60.0]))
    assert res.best_fit_adjusted.tolist() == [0]
    # Most populous point (9, 8) is in target 3, not the notch target 1.
    assert res.target_values[:, 0].tolist() == [0.0, 0.0, 0.0, 10.0]


def test_best_fit_point_in_no_target_is_unallocated():
    res = apportion(geoms(SQUARE), np.array([[8.0]]), geoms(box(0, 0, 3, 10)), method="best_fit")
    assert res.target_values[0, 0] == 0.0
    assert res.unallocated == pytest.approx([8.0])
    assert res.unallocated_sources.tolist() == [0]


# ---------------------------------------------------------------- intensive values


def test_intensive_values_are_area_weighted_averages_under_area_method():
    # Target covers all of A (area 1, rate 0.1) and half of B (area 0.5, rate 0.4):
    # (0.1·1 + 0.4·0.5) / 1.5 = 0.2.
    srcs = geoms(box(0, 0, 1, 1), box(1, 0, 2, 1))
    res = apportion(srcs, np.array([[1.0], [1.0]]), geoms(box(-1, 0, 1.5, 1), box(5, 5, 6, 6)), method="area",
                    intensive_values=np.array([[0.1], [0.4]]))
    assert res.target_intensive[0, 0] == pytest.approx(0.2)
    assert np.isnan(res.target_intensive[1, 0])  # target 1 receives nothing


def test_intensive_values_are_population_weighted_averages_under_population_method():
    # Populations 100 (A) and 300 (B); target holds all of A and half of B's people:
    # (0.1·100 + 0.4·150) / 250 = 0.28.
    srcs = geoms(box(0, 0, 1, 1), box(1, 0, 2, 1))
    res = apportion(srcs, np.array([[1.0], [1.0]]), geoms(box(-1, 0, 1.5, 1)), method="population",
                    weight_geoms=srcs, weight_values=np.array([100.0, 300.0]),
                    intensive_values=np.array([0.1, 0.4]))
    assert res.target_intensive[0, 0] == pytest.approx(0.28)


def test_missing_intensive_values_are_left_out_of_the_average():
    srcs = geoms(box(0, 0, 1, 1), box(1, 0, 2, 1))
    res = apportion(srcs, np.array([[1.0], [1.0]]), geoms(box(-1, 0, 3, 1)), method="area",
                    intensive_values=np.array([[0.1], [np.nan]]))
    assert res.target_intensive[0, 0] == pytest.approx(0.1)


# ---------------------------------------------------------------- geometry problems


def test_bow_tie_source_is_repaired_and_counted():
    # Bow-tie (0,0)-(2,2)-(2,0)-(0,2): two triangles of area 1. The target [0,1]×[0,2]
    # holds the left triangle: half of 10.
    bow = shapely.from_wkt("POLYGON((0 0, 2 2, 2 0, 0 2, 0 0))")
    assert not shapely.is_valid(bow)
    res = apportion(geoms(bow), np.array([[10.0]]), geoms(box(0, 0, 1, 2)), method="area")
    assert res.n_repaired["source"] == 1
    assert res.target_values[0, 0] == pytest.approx(5.0)
    assert res.unallocated == pytest.approx([5.0])
    assert any("repaired" in m for m in res.messages)


def test_null_source_geometry_is_reported_and_its_value_unallocated():
    res = apportion(geoms(SQUARE, None), np.array([[10.0], [7.0]]), geoms(box(-1, -1, 11, 11)), method="area")
    assert res.null_sources.tolist() == [1]
    assert res.unallocated == pytest.approx([7.0])
    assert res.target_values[0, 0] == pytest.approx(10.0)
    assert res.unallocated_sources.tolist() == [1]
    assert res.total_in == pytest.approx([17.0])


def test_null_target_geometry_is_reported_and_receives_nothing():
    res = apportion(geoms(SQUARE), np.array([[10.0]]), geoms(None, box(-1, -1, 11, 11)), method="area")
    assert res.null_targets.tolist() == [0]
    assert res.target_values[:, 0] == pytest.approx([0.0, 10.0])


def test_overlapping_targets_are_an_input_error_naming_the_pair():
    # Targets 0 and 1 overlap on [5,10]×[0,10] = 50 square units inside the source.
    tgts = geoms(box(0, 0, 10, 10), box(5, 0, 15, 10), box(15, 0, 20, 10))
    with pytest.raises(InputError, match=r"overlap.*\(0, 1: 50\)"):
        apportion(geoms(box(0, 0, 20, 10)), np.array([1.0]), tgts, method="area")


def test_overlapping_targets_are_named_by_their_labels_when_given():
    tgts = geoms(box(0, 0, 10, 10), box(5, 0, 15, 10), box(15, 0, 20, 10))
    with pytest.raises(InputError, match=r"\(targets and overlap area: \(E14A, E14B: 50\)\), affecting 1 source\(s\) "
                                         r"\(E01X\)"):
        apportion(geoms(box(0, 0, 20, 10)), np.array([1.0]), tgts, method="area",
                  labels={"source": ["E01X"], "target": ["E14A", "E14B", "E14C"]})


def test_population_layer_rows_are_named_by_row_number_when_labelled():
    with pytest.raises(InputError, match=r"1 are missing or negative \(population layer rows 2\)"):
        apportion(geoms(SQUARE), np.array([1.0]), geoms(LEFT), "population",
                  weight_geoms=geoms(shapely.Point(1, 1), shapely.Point(2, 2)), weight_values=np.array([3.0, -1.0]),
                  labels={"weight": [1, 2]})


def test_target_overlap_below_tolerance_is_not_counted_twice():
    # 0.5 square units of overlap (< 1.0 tolerance): shares are normalised, total conserved.
    tgts = geoms(box(0, 0, 10.05, 10), box(10, 0, 20, 10))
    res = apportion(geoms(box(0, 0, 20, 10)), np.array([100.0]), tgts, method="area")
    assert res.total_out == pytest.approx([100.0])
    assert res.unallocated == pytest.approx([0.0])


def test_geometry_collection_source_keeps_its_polygonal_parts():
    gc = shapely.from_wkt("GEOMETRYCOLLECTION(POLYGON((0 0, 10 0, 10 10, 0 10, 0 0)), LINESTRING(0 0, 50 50))")
    res = apportion(geoms(gc), np.array([[100.0]]), geoms(LEFT, RIGHT), method="area")
    assert res.target_values[:, 0] == pytest.approx([30.0, 70.0])


def test_point_target_layer_is_an_input_error():
    with pytest.raises(InputError, match=r"target layer must be polygons: 1 feature\(s\) are Point"):
        apportion(geoms(SQUARE), np.array([1.0]), geoms(shapely.Point(1, 1)), method="area")


def test_missing_source_values_are_an_input_error_naming_rows():
    with pytest.raises(InputError, match=r"1 value\(s\) are missing.*indices 1"):
        apportion(geoms(SQUARE, SQUARE), np.array([[1.0], [np.nan]]), geoms(LEFT), method="area")


def test_mismatched_value_rows_are_an_input_error():
    with pytest.raises(InputError, match=r"shape \(3, 1\); expected \(2"):
        apportion(geoms(SQUARE, SQUARE), np.ones((3, 1)), geoms(LEFT), method="area")


def test_negative_population_is_an_input_error():
    with pytest.raises(InputError, match=r"1 are missing or negative \(weight indices 0\)"):
        apportion(geoms(SQUARE), np.array([1.0]), geoms(LEFT), "population",
                  weight_geoms=geoms(shapely.Point(1, 1)), weight_values=np.array([-1.0]))


def test_unknown_method_is_an_input_error():
    with pytest.raises(InputError, match="unknown apportionment method"):
        apportion(geoms(SQUARE), np.array([1.0]), geoms(LEFT), method="nearest")


# ---------------------------------------------------------------- progress, cancel, threads


def _grid(n, size, offset=0.0):
    xs, ys = np.meshgrid(np.arange(n) * size + offset, np.arange(n) * size + offset)
    return box(xs.ravel(), ys.ravel(), xs.ravel() + size, ys.ravel() + size)


def test_progress_rises_to_100():
    seen = []
    apportion(_grid(30, 1.0), np.ones(900), _grid(4, 7.7, 0.3), method="area", progress=seen.append)
    assert seen[-1] == 100.0
    assert all(b >= a for a, b in zip(seen, seen[1:]))


def test_cancellation_raises_apportion_cancelled():
    calls = []

    def cancelled():
        calls.append(1)
        return len(calls) > 2

    with pytest.raises(ApportionCancelled):
        apportion(_grid(30, 1.0), np.ones(900), _grid(4, 7.7, 0.3), method="area", is_cancelled=cancelled)


def test_one_and_several_threads_give_identical_results():
    src, tgt = _grid(40, 1.0), _grid(6, 6.9, 0.35)
    vals = np.arange(1600, dtype=float)
    one = apportion(src, vals, tgt, method="area", threads=1)
    two = apportion(src, vals, tgt, method="area", threads=3)
    np.testing.assert_array_equal(one.target_values, two.target_values)
    assert one.crosswalk.equals(two.crosswalk)


def test_conservation_contract_is_enforced(monkeypatch):
    import phso_insight_plugin.geo.apportion.aggregate as mod
    from phso_insight_plugin.geo.apportion import ApportionInternalError

    monkeypatch.setattr(mod, "CONSERVATION_RTOL", -1.0)  # any gap, even 0, now "violates" it
    with pytest.raises(ApportionInternalError, match="conservation failed"):
        apportion(geoms(SQUARE), np.array([1.0]), geoms(LEFT), method="area")
