"""Conservation properties of apportion() on random geometries (hypothesis-driven seeds).

Targets are Voronoi tilings (non-overlapping) clipped to a random window that
need not cover the sources; sources are random convex polygons that may overlap
each other and stick out of the targets; weights are random points or boxes.
"""
import numpy as np
import pytest
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from phso_insight_plugin.geo.apportion import SHARE_TOL, apportion

SEEDS = st.integers(min_value=0, max_value=2**32 - 1)
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def random_case(seed):
    rng = np.random.default_rng(seed)
    n_src = int(rng.integers(1, 40))
    centres = rng.uniform(0, 100, (n_src, 2))
    clouds = centres[:, None, :] + rng.normal(0, rng.uniform(1, 15), (n_src, 8, 2))
    src = shapely.convex_hull(shapely.multipoints(clouds))
    n_tgt = int(rng.integers(1, 25))
    seeds = shapely.multipoints(rng.uniform(-10, 110, (max(n_tgt, 2), 2)))
    window = shapely.box(*rng.uniform(-20, 20, 2), *rng.uniform(80, 120, 2))
    tgt = shapely.intersection(shapely.get_parts(shapely.voronoi_polygons(seeds, extend_to=window)), window)
    tgt = tgt[~shapely.is_empty(tgt)]
    values = rng.integers(0, 1000, (n_src, 3)).astype(float)
    values[:, 2] = rng.normal(0, 100, n_src)  # a field with negative values too
    if rng.random() < 0.5:
        w = shapely.points(rng.uniform(-20, 120, (200, 2)))
    else:
        lo = rng.uniform(-20, 110, (60, 2))
        w = shapely.box(lo[:, 0], lo[:, 1], lo[:, 0] + rng.uniform(1, 20, 60), lo[:, 1] + rng.uniform(1, 20, 60))
    p = rng.integers(0, 50, len(w)).astype(float)
    return src, values, tgt, w, p


def check_conservation(res):
    np.testing.assert_allclose(res.total_in, res.total_out + res.unallocated, rtol=1e-9,
                               atol=1e-9 * np.abs(res.total_in).max(initial=1.0))
    np.testing.assert_allclose(res.total_out, res.target_values.sum(axis=0), rtol=1e-12)


@SETTINGS
@given(seed=SEEDS)
def test_area_weighting_conserves_totals_and_unallocated_is_the_part_outside_all_targets(seed):
    src, values, tgt, _, _ = random_case(seed)
    res = apportion(src, values, tgt, method="area", overlap_tolerance=1e-6)
    check_conservation(res)
    # Independent: share of each source outside the union of targets.
    outside = shapely.area(shapely.difference(src, shapely.union_all(tgt))) / shapely.area(src)
    np.testing.assert_allclose(res.source_unallocated_share, np.where(outside > SHARE_TOL, outside, 0),
                               atol=1e-9)
    np.testing.assert_allclose(res.unallocated, (values * outside[:, None]).sum(axis=0),
                               rtol=1e-9, atol=1e-6)


@SETTINGS
@given(seed=SEEDS)
def test_population_weighting_conserves_totals(seed):
    src, values, tgt, w, p = random_case(seed)
    res = apportion(src, values, tgt, method="population", weight_geoms=w, weight_values=p,
                    overlap_tolerance=1e-6)
    check_conservation(res)
    shares = np.bincount(res.crosswalk.source_index, res.crosswalk.weight_share, minlength=len(src))
    np.testing.assert_allclose(shares + res.source_unallocated_share, 1.0, atol=1e-12)


@SETTINGS
@given(seed=SEEDS)
def test_rescaling_allocates_everything_and_reports_what_it_moved(seed):
    src, values, tgt, w, p = random_case(seed)
    for method in ("area", "population", "best_fit"):
        kw = dict(method=method, weight_geoms=w, weight_values=p, overlap_tolerance=1e-6)
        plain = apportion(src, values, tgt, **kw)
        res = apportion(src, values, tgt, rescale=True, **kw)
        check_conservation(res)
        np.testing.assert_allclose(res.total_out, res.total_in, rtol=1e-9, atol=1e-6)
        np.testing.assert_allclose(res.unallocated, 0.0, atol=1e-6)
        np.testing.assert_allclose(res.rescaled, plain.unallocated, rtol=1e-9, atol=1e-6)


@SETTINGS
@given(seed=SEEDS)
def test_best_fit_conserves_totals_and_never_splits(seed):
    src, values, tgt, w, p = random_case(seed)
    res = apportion(src, values, tgt, method="best_fit", weight_geoms=w, weight_values=p,
                    overlap_tolerance=1e-6)
    check_conservation(res)
    assert res.split_sources.size == 0
    assert set(np.unique(res.crosswalk.weight_share)) <= {0.0, 1.0}
    # Every best-fit point lies in its source, and in its target when assigned.
    assert shapely.intersects(src, res.best_fit_points).all()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_threads_do_not_change_results_on_random_layers(seed):
    src, values, tgt, w, p = random_case(seed)
    a = apportion(src, values, tgt, "population", weight_geoms=w, weight_values=p, threads=1,
                  overlap_tolerance=1e-6)
    b = apportion(src, values, tgt, "population", weight_geoms=w, weight_values=p, threads=2,
                  overlap_tolerance=1e-6)
    np.testing.assert_array_equal(a.target_values, b.target_values)
