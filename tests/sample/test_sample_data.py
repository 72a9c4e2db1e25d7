"""Checks of the bundled synthetic sample region (phso_insight_plugin/resources/sample).

The data are produced by ``python -m scripts.generate_sample_data`` (the package ``synthetic.sample``); these tests read
the committed files with OGR/pandas only (no QGIS).
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import shapely

from tests.shared_data import read_ogr_layer

from .sample_files import GPKG, REPO, SAMPLE, located, read_csv, read_planted

GENERATOR = "scripts.generate_sample_data"

AREA_LAYERS = ["lsoa", "constituency", "icb", "region"]
TABLES = ["postcode_lookup", "cases"]
AGE = ["pop_age_0_15", "pop_age_16_24", "pop_age_25_34", "pop_age_35_49",
       "pop_age_50_64", "pop_age_65_plus"]
SEX = ["pop_female", "pop_male"]
ETH = ["pop_eth_asian", "pop_eth_black", "pop_eth_mixed", "pop_eth_white", "pop_eth_other"]
DIS = ["pop_disabled", "pop_not_disabled"]
INWARD = "ABDEFGHJLNPQRSTUWXYZ"
PCDS_RE = re.compile(rf"^SX([1-9]|1[0-9]|20) [0-9][{INWARD}]{{2}}$")
# any UK-format postcode without spaces (for classifying the messy case postcodes)
UK_NOSPACE_RE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$")


def table(name: str) -> pd.DataFrame:
    """A GeoPackage attribute table as text, NULL → '' (the CSV convention)."""
    attrs, _ = read_ogr_layer(GPKG, name)
    return attrs.astype(object).where(attrs.notna(), "").astype(str)


@pytest.fixture(scope="module")
def lsoa():
    return read_ogr_layer(GPKG, "lsoa")


@pytest.fixture(scope="module")
def pcon():
    return read_ogr_layer(GPKG, "constituency")


@pytest.fixture(scope="module")
def icb():
    return read_ogr_layer(GPKG, "icb")


@pytest.fixture(scope="module")
def region():
    _, geoms = read_ogr_layer(GPKG, "region")
    assert len(geoms) == 1
    return geoms[0]


@pytest.fixture(scope="module")
def postcodes():
    return read_csv("postcode_lookup.csv")


@pytest.fixture(scope="module")
def cases():
    return read_csv("cases.csv")


@pytest.fixture(scope="module")
def planted():
    return read_planted()


def overlap_area(geoms: np.ndarray) -> float:
    tree = shapely.STRtree(geoms)
    a, b = tree.query(geoms, predicate="intersects")
    keep = a < b
    return float(shapely.area(shapely.intersection(geoms[a[keep]], geoms[b[keep]])).sum())


def located_lsoa(cases: pd.DataFrame, postcodes: pd.DataFrame) -> pd.Series:
    return located(cases, postcodes, "lsoa21cd")


# ------------------------------------------------------------------ layers --
def test_area_layers_are_multipolygons_in_british_national_grid():
    from osgeo import ogr

    ogr.UseExceptions()
    ds = ogr.Open(str(GPKG))
    names = {ds.GetLayer(i).GetName() for i in range(ds.GetLayerCount())}
    assert set(AREA_LAYERS + TABLES) <= names
    for name in AREA_LAYERS:
        lyr = ds.GetLayerByName(name)
        assert lyr.GetGeomType() == ogr.wkbMultiPolygon, name
        assert lyr.GetSpatialRef().GetAuthorityCode(None) == "27700", name
    for name in TABLES:
        assert ds.GetLayerByName(name).GetGeomType() == ogr.wkbNone, name


def test_lsoa_layer_has_the_documented_fields(lsoa):
    attrs, _ = lsoa
    assert list(attrs.columns) == (["LSOA21CD", "LSOA21NM", "ICB23CD", "imd_decile", "pop_total"]
                                   + AGE + SEX + ETH + DIS)


def test_lsoa_polygons_are_valid_and_tile_the_region(lsoa, region):
    _, geoms = lsoa
    assert 280 <= len(geoms) <= 320
    assert shapely.is_valid(geoms).all()
    union = shapely.union_all(geoms)
    assert abs(union.area - region.area) < 1.0
    assert shapely.symmetric_difference(union, region).area < 1.0
    assert overlap_area(geoms) < 1.0


def test_neighbouring_lsoas_share_boundaries_vertex_for_vertex(lsoa, region):
    _, geoms = lsoa
    # every interior edge is counted twice in the perimeters, the outline once
    linework = shapely.union_all(shapely.boundary(geoms))
    assert abs(shapely.length(geoms).sum() - (2 * linework.length - region.length)) < 1.0
    assert shapely.get_num_coordinates(geoms).mean() > 40      # densified, not bare Voronoi


def test_lsoa_codes_and_names_are_unique_and_ons_formatted(lsoa):
    attrs, _ = lsoa
    assert attrs["LSOA21CD"].str.fullmatch(r"E01\d{6}").all()
    assert attrs["LSOA21CD"].is_unique
    assert attrs["LSOA21NM"].str.fullmatch(r"[A-Z][A-Za-z ]+ \d{3}[A-Z]").all()
    assert attrs["LSOA21NM"].is_unique
    assert 3 <= attrs["LSOA21NM"].str.rsplit(" ", n=1).str[0].nunique() <= 4


def test_area_codes_of_constituencies_and_icbs_are_ons_formatted(pcon, icb, lsoa):
    p, _ = pcon
    i, _ = icb
    assert p["PCON24CD"].str.fullmatch(r"E14001\d{3}").all() and p["PCON24CD"].is_unique
    assert p["PCON24NM"].is_unique and 7 <= len(p) <= 8
    assert i["ICB23CD"].str.fullmatch(r"E54\d{6}").all() and i["ICB23CD"].is_unique
    assert i["ICB23NM"].str.fullmatch(r"NHS .+ Integrated Care Board").all()
    assert len(i) == 3
    assert set(lsoa[0]["ICB23CD"]) == set(i["ICB23CD"])


def test_population_breakdowns_sum_to_total(lsoa):
    attrs, _ = lsoa
    total = attrs["pop_total"]
    assert total.between(1200, 2500).all()
    for fields in (AGE, SEX, ETH, DIS):
        assert (attrs[fields] >= 0).all().all()
        assert (attrs[fields].sum(axis=1) == total).all(), fields


def test_population_varies_spatially_older_at_fringe_diverse_in_centre(lsoa):
    attrs, geoms = lsoa
    c = shapely.centroid(geoms)
    dist = np.hypot(shapely.get_x(c) - 530800.0, shapely.get_y(c) - 179600.0)
    share_65 = attrs["pop_age_65_plus"] / attrs["pop_total"]
    share_white = attrs["pop_eth_white"] / attrs["pop_total"]
    assert np.corrcoef(dist, share_65)[0, 1] > 0.4
    assert np.corrcoef(dist, share_white)[0, 1] > 0.4


def test_imd_deciles_are_complete_and_spatially_clustered(lsoa):
    attrs, geoms = lsoa
    dec = attrs["imd_decile"].to_numpy()
    assert set(dec) == set(range(1, 11))
    tree = shapely.STRtree(geoms)
    a, b = tree.query(geoms, predicate="touches")
    keep = a != b
    assert np.corrcoef(dec[a[keep]], dec[b[keep]])[0, 1] > 0.4


def test_disability_prevalence_rises_with_deprivation(lsoa):
    attrs, _ = lsoa
    prev = attrs["pop_disabled"] / attrs["pop_total"]
    by_dec = prev.groupby(attrs["imd_decile"]).mean()
    assert by_dec.loc[[1, 2, 3]].mean() > by_dec.loc[[8, 9, 10]].mean() * 1.2


def test_population_long_matches_the_lsoa_layer(lsoa):
    attrs, _ = lsoa
    long = read_csv("population_long.csv")
    assert list(long.columns) == ["lsoa21cd", "dimension", "group", "population"]
    labels = {
        "age_band": dict(zip(["0-15", "16-24", "25-34", "35-49", "50-64", "65+"], AGE)),
        "sex": dict(zip(["Female", "Male"], SEX)),
        "ethnicity": dict(zip(["Asian", "Black", "Mixed", "White", "Other"], ETH)),
        "disability": dict(zip(["Yes", "No"], DIS)),
    }
    assert len(long) == len(attrs) * 15
    wide = attrs.set_index("LSOA21CD")
    for row in long.itertuples(index=False):
        assert int(row.population) == wide.at[row.lsoa21cd, labels[row.dimension][row.group]]


def test_population_by_age_sums_to_the_marginals(lsoa):
    attrs, _ = lsoa
    by_age = read_csv("population_by_age.csv")
    by_age["population"] = by_age["population"].astype(int)
    long = read_csv("population_long.csv")
    long["population"] = long["population"].astype(int)
    summed = by_age.groupby(["lsoa21cd", "dimension", "group"])["population"].sum()
    marg = long[long["dimension"] != "age_band"].set_index(["lsoa21cd", "dimension", "group"])
    assert summed.sort_index().equals(marg["population"].sort_index())
    age = by_age.groupby(["lsoa21cd", "dimension", "age_band"])["population"].sum()
    age_marg = long[long["dimension"] == "age_band"].set_index(["lsoa21cd", "group"])["population"]
    for dim in ["sex", "ethnicity", "disability"]:
        got = age.xs(dim, level="dimension")
        got.index.names = ["lsoa21cd", "group"]
        assert got.sort_index().equals(age_marg.sort_index()), dim


# ------------------------------------------------------- ICBs, constituencies --
def test_icbs_nest_lsoas_exactly(lsoa, icb):
    attrs, geoms = lsoa
    i, igeoms = icb
    assert shapely.is_valid(igeoms).all()
    for code, g in zip(i["ICB23CD"], igeoms):
        members = shapely.union_all(geoms[(attrs["ICB23CD"] == code).to_numpy()])
        assert shapely.symmetric_difference(members, g).area < 1e-3, code
    # every LSOA lies in its own ICB and in no other
    for code, g in zip(i["ICB23CD"], igeoms):
        inside = shapely.area(shapely.intersection(geoms, g))
        own = (attrs["ICB23CD"] == code).to_numpy()
        assert np.allclose(inside[own], shapely.area(geoms[own]), rtol=1e-9, atol=1e-3)
        assert (inside[~own] < 1e-3).all()


def test_constituencies_cover_the_region_without_overlaps(pcon, region):
    _, geoms = pcon
    assert shapely.is_valid(geoms).all()
    union = shapely.union_all(geoms)
    assert shapely.symmetric_difference(union, region).area < 1.0
    assert overlap_area(geoms) < 1.0


def test_constituencies_cut_through_lsoas(lsoa, pcon):
    _, lgeoms = lsoa
    _, pgeoms = pcon
    share = np.stack([shapely.area(shapely.intersection(lgeoms, g)) for g in pgeoms], axis=1)
    share /= shapely.area(lgeoms)[:, None]
    second = np.sort(share, axis=1)[:, -2]
    assert (second >= 0.05).sum() >= 10


def test_a_constituency_straddles_an_icb_boundary(pcon, icb):
    _, pgeoms = pcon
    _, igeoms = icb
    share = np.stack([shapely.area(shapely.intersection(pgeoms, g)) for g in igeoms], axis=1)
    share /= shapely.area(pgeoms)[:, None]
    assert (np.sort(share, axis=1)[:, -2] >= 0.05).any()


# --------------------------------------------------------------- postcodes --
def test_postcode_lookup_has_valid_unique_fictional_postcodes(postcodes):
    assert list(postcodes.columns) == ["pcd7", "pcds", "lsoa21cd", "pcon24cd", "icb23cd",
                                       "x", "y", "doterm"]
    assert 4000 <= len(postcodes) <= 5000
    assert postcodes["pcds"].str.match(PCDS_RE).all()
    assert postcodes["pcds"].is_unique
    parts = postcodes["pcds"].str.split(" ")
    outward, inward = parts.str[0], parts.str[1]
    assert (postcodes["pcd7"] == outward.str.ljust(4) + inward).all()
    assert (postcodes["pcd7"].str.len() == 7).all()
    assert postcodes["pcd7"].is_unique


def test_postcodes_per_lsoa_and_terminations(postcodes, lsoa):
    per = postcodes.groupby("lsoa21cd").size()
    assert set(per.index) == set(lsoa[0]["LSOA21CD"])
    assert per.between(10, 20).all()
    term = postcodes["doterm"] != ""
    assert postcodes.loc[term, "doterm"].str.fullmatch(r"(19|20)\d{2}(0[1-9]|1[0-2])").all()
    assert 0.01 <= term.mean() <= 0.03
    assert (postcodes[~term].groupby("lsoa21cd").size() >= 8).all()


def test_postcode_points_lie_in_their_lsoa_constituency_and_icb(postcodes, lsoa, pcon):
    attrs, geoms = lsoa
    lsoa_geom = dict(zip(attrs["LSOA21CD"], geoms))
    pcon_geom = dict(zip(pcon[0]["PCON24CD"], pcon[1]))
    x = postcodes["x"].astype(float).to_numpy()
    y = postcodes["y"].astype(float).to_numpy()
    in_lsoa = [shapely.contains_xy(lsoa_geom[c], xi, yi)
               for c, xi, yi in zip(postcodes["lsoa21cd"], x, y)]
    in_pcon = [shapely.contains_xy(pcon_geom[c], xi, yi)
               for c, xi, yi in zip(postcodes["pcon24cd"], x, y)]
    assert all(in_lsoa) and all(in_pcon)
    icb_of = dict(zip(attrs["LSOA21CD"], attrs["ICB23CD"]))
    assert (postcodes["icb23cd"] == postcodes["lsoa21cd"].map(icb_of)).all()


def test_postcode_lookup_csv_matches_gpkg_table(postcodes):
    assert table("postcode_lookup").equals(postcodes)


# ------------------------------------------------------------------- cases --
def test_cases_have_expected_count_and_labels(cases):
    assert list(cases.columns) == ["case_id", "postcode", "age_band", "sex", "ethnicity",
                                   "disability", "case_type", "received_date"]
    assert 4700 <= len(cases) <= 5300
    assert cases["case_id"].str.fullmatch(r"PHSO-\d{6}").all() and cases["case_id"].is_unique
    assert set(cases["age_band"]) == {"0-15", "16-24", "25-34", "35-49", "50-64", "65+"}
    assert set(cases["sex"]) == {"Female", "Male"}
    assert set(cases["ethnicity"]) == {"Asian", "Black", "Mixed", "White", "Other",
                                       "Prefer not to say", ""}
    assert set(cases["disability"]) == {"Yes", "No", ""}
    assert cases["case_type"].str.fullmatch(r"(NHS|Parliamentary) – .+").all()
    dates = pd.to_datetime(cases["received_date"], format="%Y-%m-%d")
    assert dates.min() >= pd.Timestamp("2021-04-01") and dates.max() <= pd.Timestamp("2025-03-31")
    assert dates.is_monotonic_increasing


def test_cases_missing_demographics_shares(cases):
    n = len(cases)
    assert 0.02 <= (cases["ethnicity"] == "Prefer not to say").sum() / n <= 0.04
    assert 0.005 <= (cases["ethnicity"] == "").sum() / n <= 0.015
    assert 0.01 <= (cases["disability"] == "").sum() / n <= 0.03


def test_case_postcodes_are_messy_in_the_documented_shares(cases, postcodes):
    pc = cases["postcode"]
    norm = pc.str.upper().str.replace(" ", "", regex=False)
    lookup = dict(zip(postcodes["pcds"].str.replace(" ", "", regex=False), postcodes["doterm"]))
    blank = pc.str.strip() == ""
    malformed = ~blank & ~norm.str.match(UK_NOSPACE_RE)
    not_in_lookup = ~blank & ~malformed & ~norm.isin(list(lookup))
    terminated = norm.map(lookup).fillna("") != ""
    lowercase = pc.str.contains("[a-z]", regex=True)
    no_space = ~blank & ~pc.str.contains(" ") & ~malformed
    extra = ~blank & ((pc != pc.str.strip()) | pc.str.contains("  "))
    clean = pc.str.match(PCDS_RE) & ~not_in_lookup & ~terminated
    shares = {
        "lowercase": (lowercase, 0.03), "no_space": (no_space, 0.03),
        "extra_spaces": (extra, 0.01), "blank": (blank, 0.005),
        "malformed": (malformed, 0.004), "not_in_lookup": (not_in_lookup, 0.004),
        "terminated": (terminated, 0.003),
    }
    for name, (mask, target) in shares.items():
        assert 0.6 * target <= mask.mean() <= 1.6 * target, (name, mask.mean())
    assert 0.88 <= clean.mean() <= 0.95


def test_cases_csv_matches_gpkg_table(cases):
    gp = table("cases")
    gp["received_date"] = gp["received_date"].str.replace("/", "-", regex=False)
    assert gp.equals(cases)


# ----------------------------------------------------------------- planted --
def test_planted_json_codes_exist(planted, lsoa, pcon):
    codes = set(lsoa[0]["LSOA21CD"])
    assert len(planted["lsoa_high"]) == 3 and len(planted["lsoa_low"]) == 3
    assert set(planted["lsoa_high"]) <= codes and set(planted["lsoa_low"]) <= codes
    assert not set(planted["lsoa_high"]) & set(planted["lsoa_low"])
    assert planted["constituency_high"] in set(pcon[0]["PCON24CD"])
    m = planted["multipliers"]
    assert (m["lsoa_high"], m["lsoa_low"], m["constituency_high"]) == (3.0, 0.15, 1.4)
    assert m["disability"]["Yes"] == 1.8 and m["ethnicity"]["Asian"] == 0.6
    assert m["age_band"]["65+"] == 1.5 and m["age_band"]["16-24"] == 0.5
    assert m["imd_decile"]["1"] == 1.6 and m["imd_decile"]["10"] == 0.7


def test_planted_lsoas_stand_out_in_crude_ratios(planted, lsoa, cases, postcodes):
    obs, expected = crude_lsoa_counts(lsoa, cases, postcodes)
    ratio = obs / expected
    assert (ratio[planted["lsoa_high"]] > 2.0).all(), ratio[planted["lsoa_high"]]
    assert (ratio[planted["lsoa_low"]] < 0.4).all(), ratio[planted["lsoa_low"]]
    assert (expected[planted["lsoa_high"] + planted["lsoa_low"]] >= 15).all()


def crude_lsoa_counts(lsoa, cases, postcodes):
    attrs, _ = lsoa
    located = located_lsoa(cases, postcodes).dropna()
    obs = located.value_counts().reindex(attrs["LSOA21CD"]).fillna(0)
    expected = len(located) * attrs.set_index("LSOA21CD")["pop_total"] / attrs["pop_total"].sum()
    return obs, expected


def test_planted_lsoas_are_the_most_extreme_crude_ratios(planted, lsoa, cases, postcodes):
    obs, expected = crude_lsoa_counts(lsoa, cases, postcodes)
    ratio = (obs / expected).sort_values(kind="stable")
    assert set(ratio.index[-3:]) == set(planted["lsoa_high"])
    assert set(ratio.index[:3]) == set(planted["lsoa_low"])


def test_planted_lsoas_are_significant_at_99_8_percent(planted, lsoa, cases, postcodes):
    from scipy import stats
    obs, expected = crude_lsoa_counts(lsoa, cases, postcodes)
    z = stats.norm.ppf(0.999)

    def limits(o):   # PHE rule: exact below 10, Byar's from 10
        if o < 10:
            lo = 0.0 if o == 0 else stats.chi2.ppf(0.001, 2 * o) / 2
            return lo, stats.chi2.ppf(0.999, 2 * o + 2) / 2
        return (o * (1 - 1 / (9 * o) - z / (3 * np.sqrt(o))) ** 3,
                (o + 1) * (1 - 1 / (9 * (o + 1)) + z / (3 * np.sqrt(o + 1))) ** 3)

    for code in planted["lsoa_high"]:
        assert limits(obs[code])[0] > expected[code], code
    for code in planted["lsoa_low"]:
        assert limits(obs[code])[1] < expected[code], code


def test_deprivation_gradient_shows_in_the_cases(lsoa, cases, postcodes):
    attrs, _ = lsoa
    obs, expected = crude_lsoa_counts(lsoa, cases, postcodes)
    dec = attrs.set_index("LSOA21CD")["imd_decile"]
    by_dec = obs.groupby(dec).sum() / expected.groupby(dec).sum()
    assert by_dec.loc[[1, 2]].mean() > 1.5 * by_dec.loc[[9, 10]].mean()
    assert np.corrcoef(by_dec.index, by_dec.to_numpy())[0, 1] < -0.8


def test_planted_constituency_stands_out(planted, lsoa, cases, postcodes):
    attrs, _ = lsoa
    key = cases["postcode"].str.upper().str.replace(" ", "", regex=False)
    pcon_of = dict(zip(postcodes["pcds"].str.replace(" ", "", regex=False), postcodes["pcon24cd"]))
    case_pcon = key.map(pcon_of).dropna()
    # population of each constituency: LSOA population split by live-postcode shares
    live = postcodes[postcodes["doterm"] == ""]
    share = live.groupby(["lsoa21cd", "pcon24cd"]).size() / live.groupby("lsoa21cd").size()
    pop = attrs.set_index("LSOA21CD")["pop_total"]
    pcon_pop = (share * pop.reindex(share.index.get_level_values(0)).to_numpy()).groupby(
        level="pcon24cd").sum()
    ratio = case_pcon.value_counts() / (len(case_pcon) * pcon_pop / pop.sum())
    assert ratio[planted["constituency_high"]] > 1.3
    assert ratio.drop(planted["constituency_high"]).max() < 1.2


def test_planted_group_effects_show_in_the_cases(cases):
    by_age = read_csv("population_by_age.csv")
    by_age["population"] = by_age["population"].astype(int)
    age_pop = read_csv("population_long.csv").query("dimension == 'age_band'")
    age_pop = age_pop.assign(population=age_pop["population"].astype(int)) \
        .groupby("group")["population"].sum()
    age_rate = cases["age_band"].value_counts() / age_pop
    overall = len(cases) / age_pop.sum()
    assert age_rate["65+"] / overall > 1.3 and age_rate["16-24"] / overall < 0.7

    def age_standardised(dim, group):
        pop = by_age[(by_age["dimension"] == dim) & (by_age["group"] == group)] \
            .groupby("age_band")["population"].sum()
        known = cases[cases[dim].isin(set(by_age.loc[by_age["dimension"] == dim, "group"]))]
        rate = known["age_band"].value_counts() / age_pop
        return (known[dim] == group).sum() / (rate.reindex(pop.index) * pop).sum()

    assert age_standardised("disability", "Yes") / age_standardised("disability", "No") > 1.5
    assert 0.45 < age_standardised("ethnicity", "Asian") / age_standardised("ethnicity", "White") \
        < 0.75
    assert 0.85 < age_standardised("sex", "Female") / age_standardised("sex", "Male") < 1.15


def test_sample_folder_is_small():
    total = sum(p.stat().st_size for p in SAMPLE.rglob("*") if p.is_file())
    assert total < 5 * 1024 * 1024


# ------------------------------------------------------------ determinism --
#: Coordinates may differ by float noise (a micrometre) between machines; anything more is a change.
COORDINATE_TOLERANCE_M = 1e-6
TEXT_FILES = ["postcode_lookup.csv", "cases.csv", "population_long.csv", "population_by_age.csv", "README.md",
              "census2021-ts007-lsoa.csv", "census2021-ts038-lsoa.csv", "custom-lsoa-age6-ethnic6.csv",
              "File_7_IoD2025_sample.csv"]


def text_difference(name: str, fresh: Path) -> str | None:
    """None if ``name`` is the same in ``fresh`` and the shipped folder, else a one-line summary."""
    new = (fresh / name).read_text(encoding="utf-8").splitlines()
    old = (SAMPLE / name).read_text(encoding="utf-8").splitlines()
    if new == old:
        return None
    differing = [i for i, (a, b) in enumerate(zip(new, old)) if a != b] or [min(len(new), len(old))]
    first = differing[0]
    new_line, old_line = (lines[first][:80] if first < len(lines) else "<end of file>" for lines in (new, old))
    return (f"{name}: {len(new)} lines vs {len(old)} shipped, {len(differing)} differ; first at line {first + 1}: "
            f"{new_line!r} vs {old_line!r}")


def numbers_close(new, old) -> bool:
    """Parsed JSON equal, numbers to 1e-9 relative."""
    if isinstance(new, dict) and isinstance(old, dict):
        return new.keys() == old.keys() and all(numbers_close(new[k], old[k]) for k in new)
    if isinstance(new, list) and isinstance(old, list):
        return len(new) == len(old) and all(numbers_close(a, b) for a, b in zip(new, old))
    if isinstance(new, float) or isinstance(old, float):
        return bool(np.isclose(new, old, rtol=1e-9, atol=0.0))
    return new == old


def layer_difference(layer: str, fresh: Path) -> str | None:
    """None if the GeoPackage layer has the same attributes and, within the tolerance, geometries."""
    new_attrs, new_geoms = read_ogr_layer(fresh / "sample.gpkg", layer)
    old_attrs, old_geoms = read_ogr_layer(GPKG, layer)
    if list(new_attrs.columns) != list(old_attrs.columns) or len(new_attrs) != len(old_attrs):
        return f"{layer}: {len(new_attrs)} rows of {list(new_attrs.columns)} vs {len(old_attrs)} of " \
               f"{list(old_attrs.columns)} shipped"
    rows = [column for column in new_attrs.columns if not new_attrs[column].equals(old_attrs[column])]
    if rows:
        return f"{layer}: column(s) {rows} differ"
    if layer in AREA_LAYERS:
        moved = ~shapely.equals_exact(new_geoms, old_geoms, tolerance=COORDINATE_TOLERANCE_M)
        if moved.any():
            return f"{layer}: {int(moved.sum())} geometries differ by more than {COORDINATE_TOLERANCE_M} m"
    return None


@pytest.mark.slow
def test_regenerating_gives_the_shipped_content(tmp_path):
    """Same seed, same content: text and attributes exactly, numbers to 1e-9, coordinates to a micrometre.

    Differences are summarised one line per file (never a diff of whole files). The sample depends on
    GEOS through its geometry operations; it was made with GEOS 3.13 (QGIS 3.40 and 3.44 on Debian 13).
    """
    subprocess.run([sys.executable, "-m", GENERATOR, "--out", str(tmp_path), "--quiet"],
                   check=True, cwd=REPO, timeout=300)
    differences = [text_difference(name, tmp_path) for name in TEXT_FILES]
    differences += [layer_difference(layer, tmp_path) for layer in AREA_LAYERS + TABLES]
    planted_new = json.loads((tmp_path / "planted.json").read_text(encoding="utf-8"))
    if not numbers_close(planted_new, json.loads((SAMPLE / "planted.json").read_text(encoding="utf-8"))):
        differences.append("planted.json: different effects or numbers")
    differences = [d for d in differences if d]
    assert not differences, "regenerated sample differs from the shipped one:\n" + "\n".join(differences)
