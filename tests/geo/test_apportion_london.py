"""Real London data (ONS boundaries, Census 2021 population) through apportion().

* LSOA 2021 population onto the 2024 constituencies (ultra-generalised, so
  generalisation slivers leave a little population outside every constituency):
  totals conserved, unallocated reported and small.
* LSOAs onto ICBs built from them (exact nesting): equals the ONS lookup sums;
  best fit agrees with the lookup for every LSOA.
* Independent cross-check: population-weighted constituency totals against a
  brute-force overlay (bounding-box cartesian filter, intersection of every
  candidate pair, no containment shortcut, dense matrices) to 1e-9 relative.
"""
import numpy as np
import pandas as pd
import pytest
import shapely

from phso_insight_plugin.geo.apportion import apportion
from tests.shared_data import LONDON, london_layer

LONDON_POP_C21 = 8_799_687  # Census 2021 usual residents, sum of pop_total_c21


@pytest.fixture(scope="module")
def lsoa():
    return london_layer("lsoa21")


@pytest.fixture(scope="module")
def pcon():
    return london_layer("pcon24")


@pytest.fixture(scope="module")
def icb():
    return london_layer("icb24_from_lsoa21")


@pytest.fixture(scope="module")
def lad():
    return london_layer("lad24")


@pytest.fixture(scope="module")
def lookup():
    return pd.read_csv(LONDON / "london_lookup_lsoa21_sicbl24_icb24.csv")


def rel(a, b):
    a, b = np.asarray(a, float), np.asarray(b, float)
    return np.max(np.abs(a - b) / np.maximum(np.abs(b), 1.0))


# ------------------------------------------------------------------ LSOA → constituency


def test_lsoa_population_onto_constituencies_population_weighted_conserves_and_reports_slivers(lsoa, pcon):
    attrs, geoms = lsoa
    pop = attrs.pop_total_c21.to_numpy(float)
    res = apportion(geoms, pop, pcon[1], method="population", weight_geoms=geoms, weight_values=pop)
    assert res.weights_are_sources
    assert res.total_in[0] == LONDON_POP_C21
    assert res.total_in[0] == pytest.approx(res.total_out[0] + res.unallocated[0], rel=1e-12)
    # Ultra-generalised constituencies leave slivers of LSOAs outside: reported, < 1 %.
    assert 0 < res.unallocated[0] < 0.01 * LONDON_POP_C21
    assert res.unallocated_sources.size > 0
    assert res.fallback_sources.size == 0


def test_lsoa_population_onto_constituencies_area_weighted_conserves_and_reports_slivers(lsoa, pcon):
    attrs, geoms = lsoa
    pop = attrs.pop_total_c21.to_numpy(float)
    res = apportion(geoms, pop, pcon[1], method="area")
    assert res.total_in[0] == pytest.approx(res.total_out[0] + res.unallocated[0], rel=1e-12)
    assert 0 < res.unallocated[0] < 0.01 * LONDON_POP_C21
    assert abs(res.total_out[0] - LONDON_POP_C21) / LONDON_POP_C21 < 0.01


def test_population_weighting_by_the_sources_own_population_equals_area_weighting(lsoa, pcon):
    # v_s·P(s∩t)/P(s) with P(s∩t) = p_s·A(s∩t)/A(s) is exactly area weighting.
    attrs, geoms = lsoa
    pop = attrs.pop_total_c21.to_numpy(float)
    by_pop = apportion(geoms, pop, pcon[1], "population", weight_geoms=geoms, weight_values=pop)
    by_area = apportion(geoms, pop, pcon[1], "area")
    np.testing.assert_allclose(by_pop.target_values, by_area.target_values, rtol=1e-12)


def test_rescaled_lsoa_population_onto_constituencies_totals_london(lsoa, pcon):
    attrs, geoms = lsoa
    pop = attrs.pop_total_c21.to_numpy(float)
    res = apportion(geoms, pop, pcon[1], "area", rescale=True)
    assert res.total_out[0] == pytest.approx(LONDON_POP_C21, rel=1e-9)
    assert res.unallocated[0] == pytest.approx(0.0, abs=1e-6)
    assert 0 < res.rescaled[0] < 0.01 * LONDON_POP_C21
    # Two riverside LSOAs fall wholly outside the ultra-generalised constituencies
    # (26 m and 183 m away): they go to the nearest constituency.
    assert sorted(attrs.lsoa21_name[res.nearest_sources]) == ["Greenwich 035E", "Tower Hamlets 031C"]


# ------------------------------------------------------------------ LSOA → ICB (nested)


@pytest.mark.parametrize("method", ["area", "population"])
def test_lsoa_population_onto_nested_icbs_equals_lookup_sums(lsoa, icb, lookup, method):
    attrs, geoms = lsoa
    pop = attrs.pop_total_c21.to_numpy(float)
    res = apportion(geoms, pop, icb[1], method=method, weight_geoms=geoms, weight_values=pop)
    codes = attrs.lsoa21_code.map(lookup.set_index("lsoa21_code").icb24_code)
    assert codes.notna().all()
    expected = pd.Series(pop).groupby(codes.to_numpy()).sum().reindex(icb[0].icb24_code)
    assert rel(res.target_values[:, 0], expected.to_numpy()) < 1e-6
    assert res.unallocated[0] == pytest.approx(0.0, abs=1e-6 * LONDON_POP_C21)


@pytest.mark.parametrize("weighted", [False, True], ids=["point_on_surface", "population_weighted"])
def test_best_fit_lsoa_to_icb_agrees_with_the_ons_lookup_for_every_lsoa(lsoa, icb, lookup, weighted):
    attrs, geoms = lsoa
    pop = attrs.pop_total_c21.to_numpy(float)
    kw = dict(weight_geoms=geoms, weight_values=pop) if weighted else {}
    res = apportion(geoms, pop, icb[1], method="best_fit", **kw)
    assigned = res.crosswalk[res.crosswalk.weight_share == 1.0].set_index("source_index").target_index
    assert assigned.index.tolist() == list(range(len(geoms)))  # every LSOA exactly once
    got = icb[0].icb24_code.to_numpy()[assigned.to_numpy()]
    expected = attrs.lsoa21_code.map(lookup.set_index("lsoa21_code").icb24_code).to_numpy()
    assert (got == expected).mean() == 1.0
    assert res.split_sources.size == 0
    assert res.target_values[:, 0] == pytest.approx(icb[0].pop_total_c21.to_numpy(), rel=1e-12)


# ------------------------------------------------------------------ independent brute-force overlay


def bbox_pairs(a, b, chunk=2000):
    """All (i, j) whose bounding boxes overlap, from a dense cartesian comparison."""
    ba, bb = shapely.bounds(a), shapely.bounds(b)
    out_i, out_j = [], []
    for start in range(0, len(a), chunk):
        x = ba[start:start + chunk, None, :]
        hit = ((x[..., 0] <= bb[None, :, 2]) & (x[..., 2] >= bb[None, :, 0])
               & (x[..., 1] <= bb[None, :, 3]) & (x[..., 3] >= bb[None, :, 1]))
        i, j = np.nonzero(hit)
        out_i.append(i + start)
        out_j.append(j)
    return np.concatenate(out_i), np.concatenate(out_j)


def brute_force_population(src, values, tgt, w, p):
    """v_t = Σ_s v_s·P(s∩t)/P(s) with dense matrices, area fallback when P(s) = 0.

    Polygon weights: P(s∩t) = Σ_w p_w·A((w∩t)∩s)/A(w) (pieces w∩t intersected
    with s, the opposite order to the engine). Points: lowest-index target.
    """
    n_s, n_t = len(src), len(tgt)
    i, j = bbox_pairs(src, tgt)
    a_st = np.zeros((n_s, n_t))
    np.add.at(a_st, (i, j), shapely.area(shapely.intersection(src[i], tgt[j])))
    area_share = a_st / shapely.area(src)[:, None]
    p_st = np.zeros((n_s, n_t))
    p_s = np.zeros(n_s)
    if shapely.get_type_id(w[0]) == shapely.GeometryType.POINT:
        wi, ti = bbox_pairs(w, tgt)
        inside_t = shapely.intersects(tgt[ti], w[wi])
        first_t = np.full(len(w), n_t)
        np.minimum.at(first_t, wi[inside_t], ti[inside_t])
        wi, si = bbox_pairs(w, src)
        inside_s = shapely.intersects(src[si], w[wi])
        wi, si = wi[inside_s], si[inside_s]
        np.add.at(p_s, si, p[wi])
        ok = first_t[wi] < n_t
        np.add.at(p_st, (si[ok], first_t[wi[ok]]), p[wi[ok]])
    else:
        dens = p / shapely.area(w)
        wi, si = bbox_pairs(w, src)
        np.add.at(p_s, si, dens[wi] * shapely.area(shapely.intersection(w[wi], src[si])))
        wi, ti = bbox_pairs(w, tgt)
        pieces = shapely.intersection(w[wi], tgt[ti])
        keep = ~shapely.is_empty(pieces)
        pieces, wi, ti = pieces[keep], wi[keep], ti[keep]
        k, si = bbox_pairs(pieces, src)
        np.add.at(p_st, (si, ti[k]), dens[wi[k]] * shapely.area(shapely.intersection(pieces[k], src[si])))
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(p_s[:, None] > 0, p_st / p_s[:, None], area_share)
    return share.T @ values


def test_crosscheck_borough_population_onto_constituencies_with_lsoa_polygon_weights(lsoa, lad, pcon):
    attrs, lsoa_geoms = lsoa
    pop = attrs.pop_total_c21.to_numpy(float)
    lad_attrs, lad_geoms = lad
    lad_pop = pd.Series(pop).groupby(attrs.ltla24_code.to_numpy()).sum().reindex(lad_attrs.ltla24_code)
    values = np.column_stack([lad_pop.to_numpy(), np.arange(1.0, len(lad_geoms) + 1)])
    res = apportion(lad_geoms, values, pcon[1], "population", weight_geoms=lsoa_geoms, weight_values=pop)
    assert not res.weights_are_sources
    expected = brute_force_population(lad_geoms, values, pcon[1], lsoa_geoms, pop)
    assert rel(res.target_values, expected) < 1e-9
    assert res.total_in[0] == pytest.approx(res.total_out[0] + res.unallocated[0], rel=1e-12)


def test_crosscheck_borough_population_onto_constituencies_with_lsoa_point_weights(lsoa, lad, pcon):
    attrs, lsoa_geoms = lsoa
    pop = attrs.pop_total_c21.to_numpy(float)
    points = shapely.point_on_surface(lsoa_geoms)
    lad_attrs, lad_geoms = lad
    lad_pop = pd.Series(pop).groupby(attrs.ltla24_code.to_numpy()).sum().reindex(lad_attrs.ltla24_code)
    values = lad_pop.to_numpy()[:, None]
    res = apportion(lad_geoms, values, pcon[1], "population", weight_geoms=points, weight_values=pop)
    expected = brute_force_population(lad_geoms, values, pcon[1], points, pop)
    assert rel(res.target_values, expected) < 1e-9


def test_crosscheck_lsoa_older_people_onto_constituencies_weighted_by_lsoa_population(lsoa, pcon):
    attrs, geoms = lsoa
    pop = attrs.pop_total_c21.to_numpy(float)
    values = attrs[["age_65_plus", "age_0_15"]].to_numpy(float)
    res = apportion(geoms, values, pcon[1], "population", weight_geoms=geoms, weight_values=pop)
    expected = brute_force_population(geoms, values, pcon[1], geoms, pop)
    assert rel(res.target_values, expected) < 1e-9
