"""The source/target overlay (geo.apportion.overlay): pieces of sources inside a proven coverage of targets
are completed by difference, and agree with intersecting every piece."""
import numpy as np
import shapely
from shapely import box

from phso_insight_plugin.geo.apportion.inputs import ApportionRequest, read_inputs
from phso_insight_plugin.geo.apportion.naming import FeatureNames
from phso_insight_plugin.geo.apportion.overlay import overlay, sources_inside_targets
from phso_insight_plugin.geo.apportion.runner import Runner

SQUARE = box(0, 0, 100, 100)


def voronoi(seed: int, n: int, extent=SQUARE) -> np.ndarray:
    """A tiling of ``extent`` by the Voronoi cells of random points (cells clipped to it)."""
    points = shapely.multipoints(np.random.default_rng(seed).uniform(0, 100, (n, 2)))
    return shapely.intersection(shapely.get_parts(shapely.voronoi_polygons(points, extend_to=extent)), extent)


def inputs_of(sources, targets):
    request = ApportionRequest(sources, np.ones(len(sources)), targets, "area")
    return read_inputs(request, FeatureNames())


def both_ways(inputs):
    tree = shapely.STRtree(inputs.sources.geometries)
    run = Runner(None, None, threads=2)
    try:
        complete = sources_inside_targets(inputs, tree)
        args = (inputs.targets.geometries, inputs.sources.geometries, tree, inputs.source_area, run, (0, 100), "s/t")
        return complete, overlay(*args), overlay(*args, complete=complete)
    finally:
        run.close()


def test_pieces_completed_by_difference_agree_with_intersecting_every_piece():
    sources, targets = voronoi(1, 400), voronoi(2, 12)
    complete, every, fewer = both_ways(inputs_of(sources, targets))
    assert complete.sum() > 300  # all but the sources along the square's edge
    np.testing.assert_array_equal(every.key, fewer.key)
    np.testing.assert_allclose(fewer.area, every.area, rtol=0, atol=1e-9)
    per_source = np.bincount(fewer.contained, fewer.area, minlength=len(sources))
    np.testing.assert_allclose(per_source[complete], shapely.area(sources)[complete], rtol=1e-13)


def test_sources_inside_a_proven_coverage_are_found_inside_exactly_as_contains_properly_finds_them():
    # Three squares (the fourth quadrant is left out); sources sharing edges with them from inside, crossing
    # them, on the outline, inside, in parts inside and out, in parts inside one, outside.
    targets = box(np.array([0.0, 50.0, 0.0]), np.array([0.0, 0.0, 50.0]), np.array([50.0, 100.0, 50.0]),
                  np.array([50.0, 50.0, 100.0]))
    sources = np.concatenate([voronoi(4, 300), [box(10, 10, 50, 20), box(0, 60, 10, 70), box(20, 20, 30, 30),
                                                shapely.multipolygons([box(60, 10, 70, 20), box(80, 60, 90, 70)]),
                                                shapely.multipolygons([box(60, 10, 70, 20), box(80, 10, 90, 20)]),
                                                box(200, 200, 210, 210)]])
    complete, every, fewer = both_ways(inputs_of(sources, targets))
    brute = shapely.contains_properly(targets[every.container], sources[every.contained])
    assert 100 < brute.sum() < len(brute) and fewer.inside[-3:].tolist() == [True, False, True]
    np.testing.assert_array_equal(fewer.key, every.key)
    np.testing.assert_array_equal(fewer.inside, brute)
    np.testing.assert_array_equal(every.inside, brute)
    assert not shapely.is_prepared(targets).any()


def test_sources_on_the_targets_outline_or_in_parts_are_not_taken_as_inside():
    targets = box(np.array([0.0, 50.0]), 0, np.array([50.0, 100.0]), 100)
    sources = np.array([box(10, 10, 60, 20), box(0, 40, 60, 50), shapely.multipolygons([box(20, 60, 30, 70),
                                                                                         box(40, 60, 60, 70)]),
                        box(90, 90, 110, 95)])
    complete, _, _ = both_ways(inputs_of(sources, targets))
    assert complete.tolist() == [True, False, False, False]  # touching the outline at x = 0; in parts; sticking out


def test_without_a_proven_coverage_of_targets_every_piece_is_intersected():
    overlapping = box(np.array([0.0, 40.0]), 0, np.array([60.0, 100.0]), 100)
    complete, every, fewer = both_ways(inputs_of(voronoi(3, 50), overlapping))
    assert complete is None
    np.testing.assert_array_equal(fewer.area, every.area)
