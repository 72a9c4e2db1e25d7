#!/usr/bin/env python3
"""Generate the bundled synthetic sample region of PHSO Insight.

Usage::

    python scripts/generate_sample_data.py [--out DIR] [--seed N]

Builds a fictional region ("Sampleton", EPSG:27700) with LSOA-like polygons,
Census-like population breakdowns, constituencies drawn independently of the
LSOAs, ICBs built from whole LSOAs, an NSPL-like postcode lookup and about
5,000 complaint cases drawn from a Poisson model with *planted* effects.
Everything planted is written to ``planted.json`` and ``README.md``.

The output is deterministic for a given seed and GEOS version: every random draw
comes from a numpy ``Generator`` derived from the seed (one independent stream
per component), no timestamps are written (``OGR_CURRENT_DATE`` is fixed for the
GeoPackage metadata) and files are rewritten from scratch on every run. The
geometry operations (Voronoi edges, noding, polygonising, overlays) differ in the
last bits between GEOS versions, and those differences move postcodes and cases;
the shipped sample was made with GEOS 3.13.1 (QGIS 3.40 and 3.44 on Debian 13),
seed 20250433: of the 47 seeds tried (20250414-20250460) the only one for which
every planted effect shows in every check of tests/sample, tests/groups and the
demo (most seeds miss one check, e.g. a chance LSOA with a more extreme crude
ratio than a planted one).

Nothing here is real: place names, codes and postcodes are fictional. Codes
follow the ONS formats (E01…, E14001…, E54…) but use numbers beyond the real
ranges (E019xxxxx, E140019xx, E540009xx) and the postcode area ``SX`` does not
exist, so the sample cannot be confused with, or joined to, real data.
"""
from __future__ import annotations

import argparse
import csv
import json
import math
import sys
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import shapely

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
from phso_insight_plugin.geo.voronoi import voronoi_cells  # noqa: E402

DEFAULT_OUT = REPO / "phso_insight_plugin" / "resources" / "sample"
DEFAULT_SEED = 20250433

EPSG = 27700
BBOX = (520000.0, 170000.0, 544000.0, 188000.0)
REGION_CENTRE = (532000.0, 179000.0)
CITY_CENTRE = (530800.0, 179600.0)
GPKG_DATE = "2025-04-01T00:00:00.000Z"  # fixed metadata date, no wall clock

N_LSOA = 300
N_PCON = 8
TARGET_CASES = 5000

# ---------------------------------------------------------------- labels --
AGE_BANDS = ["0-15", "16-24", "25-34", "35-49", "50-64", "65+"]
AGE_FIELDS = ["pop_age_0_15", "pop_age_16_24", "pop_age_25_34",
              "pop_age_35_49", "pop_age_50_64", "pop_age_65_plus"]
SEXES = ["Female", "Male"]
SEX_FIELDS = ["pop_female", "pop_male"]
ETHNICITIES = ["Asian", "Black", "Mixed", "White", "Other"]
ETH_FIELDS = ["pop_eth_asian", "pop_eth_black", "pop_eth_mixed",
              "pop_eth_white", "pop_eth_other"]
DISABILITY = ["Yes", "No"]
DIS_FIELDS = ["pop_disabled", "pop_not_disabled"]
STRATA_SHAPE = (len(AGE_BANDS), len(SEXES), len(ETHNICITIES), len(DISABILITY))
N_STRATA = int(np.prod(STRATA_SHAPE))

# ------------------------------------------------------- planted effects --
# Relative case rates by group; the rate of a person is
#   c * AGE * SEX * ETH * DIS * DEPRIVATION[decile] * LSOA * CONSTITUENCY
AGE_MULT = {"0-15": 0.3, "16-24": 0.5, "25-34": 1.0, "35-49": 1.0,
            "50-64": 1.0, "65+": 1.5}
SEX_MULT = {"Female": 1.0, "Male": 1.0}          # null effect (control)
ETH_MULT = {"Asian": 0.6, "Black": 1.0, "Mixed": 1.0, "White": 1.0, "Other": 1.0}
DIS_MULT = {"Yes": 1.8, "No": 1.0}
DEP_MULT = {d: round(1.6 - 0.1 * (d - 1), 10) for d in range(1, 11)}  # 1.6 … 0.7
LSOA_HIGH_MULT = 3.0
LSOA_LOW_MULT = 0.15
PCON_HIGH_MULT = 1.4
N_LSOA_HIGH = 3
N_LSOA_LOW = 3

CASE_TYPES = ["NHS – hospital", "NHS – GP", "NHS – mental health",
              "NHS – dental", "NHS – ambulance", "Parliamentary – DWP",
              "Parliamentary – HMRC", "Parliamentary – Home Office",
              "Parliamentary – other"]
CASE_TYPE_P = np.array([0.37, 0.14, 0.10, 0.04, 0.03, 0.12, 0.06, 0.06, 0.08])
DATE_START = date(2021, 4, 1)
DATE_END = date(2025, 3, 31)

# Messy-postcode shares (mutually exclusive categories, exact counts).
MESSY_SHARES = {
    "lowercase": 0.03,
    "no_space": 0.03,
    "extra_spaces": 0.01,
    "blank": 0.005,
    "malformed": 0.004,
    "not_in_lookup": 0.004,
    "terminated": 0.003,
}
MALFORMED_VALUES = ["SX1", "N/A", "12345", "UNKNOWN", "SX4 4A", "SX", "SXX 1AB",
                    "NFA", "SX12 ABC", "0"]
ETH_PNTS_SHARE = 0.03     # "Prefer not to say"
ETH_BLANK_SHARE = 0.01
DIS_BLANK_SHARE = 0.02

POSTCODE_AREA = "SX"
N_POSTCODE_DISTRICTS = 20
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"   # no C, I, K, M, O, V
TERMINATED_SHARE = 0.02

DISTRICTS = ["Sampleton", "Northfield Vale", "Easthaven", "Brackenmoor"]
DISTRICT_CAPITALS = np.array([[530800.0, 179600.0], [534200.0, 184900.0],
                              [539600.0, 175900.0], [524400.0, 175400.0]])
DISTRICT_REACH = np.array([1.0, 1.0, 1.0, 1.0])
ICB_OF_DISTRICT = {
    "Sampleton": "NHS Sampleton Integrated Care Board",
    "Northfield Vale": "NHS Northfield Vale and Easthaven Integrated Care Board",
    "Easthaven": "NHS Northfield Vale and Easthaven Integrated Care Board",
    "Brackenmoor": "NHS Brackenmoor Integrated Care Board",
}
# Constituency names by compass direction (degrees, 0 = east, counter-clockwise)
PCON_CENTRAL_NAME = "Sampleton Central"
PCON_DIRECTION_NAMES = [
    (90.0, "Northfield Vale"), (45.0, "Ashby and Fenwick"), (0.0, "Easthaven"),
    (-45.0, "Marsh End and Saltings"), (-90.0, "Sampleton South"),
    (-135.0, "Brackenmoor"), (180.0, "Westerleigh"),
    (135.0, "Orchard Green and Hatherley"),
]

STREAMS = ["outline", "lsoa_seeds", "lsoa_edges", "districts", "imd", "population",
           "pcon_seeds", "pcon_edges", "postcodes", "planted", "cases", "messy"]


# =================================================================== utils ==
def make_streams(seed: int) -> dict[str, np.random.Generator]:
    """One independent numpy Generator per component (stable if others change)."""
    children = np.random.SeedSequence(seed).spawn(len(STREAMS))
    return {name: np.random.default_rng(ss) for name, ss in zip(STREAMS, children)}


def gauss(xy: np.ndarray, centre, sigma: float) -> np.ndarray:
    d2 = ((xy - np.asarray(centre)) ** 2).sum(axis=1)
    return np.exp(-d2 / (2.0 * sigma * sigma))


def as_multipolygon(geom):
    if geom.geom_type == "MultiPolygon":
        return geom
    return shapely.MultiPolygon([geom])


# ================================================================= outline ==
def make_outline(rng: np.random.Generator):
    """Irregular, star-shaped region outline clipped to BBOX."""
    n = 720
    theta = np.linspace(0.0, 2.0 * np.pi, n, endpoint=False)
    a, b = 11000.0, 8000.0
    r = a * b / np.sqrt((b * np.cos(theta)) ** 2 + (a * np.sin(theta)) ** 2)
    wobble = np.zeros(n)
    for k in range(2, 31):
        amp = rng.normal(0.0, 0.09 / k)
        wobble += amp * np.cos(k * theta + rng.uniform(0, 2 * np.pi))
    # small-scale correlated roughness (like a boundary following fields)
    rough = np.convolve(np.r_[rng.normal(0, 1, n), rng.normal(0, 1, 8)],
                        np.ones(9) / 9.0, mode="valid")[:n]
    r = r * (1.0 + wobble) + 60.0 * rough
    xy = np.c_[REGION_CENTRE[0] + r * np.cos(theta), REGION_CENTRE[1] + r * np.sin(theta)]
    poly = shapely.Polygon(np.round(xy, 2))
    poly = shapely.intersection(poly, shapely.box(*BBOX))
    poly = shapely.set_precision(poly, 0.01)
    assert poly.geom_type == "Polygon" and poly.is_valid
    return poly


# ============================================================ seed points ==
def seed_density(xy: np.ndarray) -> np.ndarray:
    return (0.10 + gauss(xy, CITY_CENTRE, 2600.0)
            + 0.35 * gauss(xy, DISTRICT_CAPITALS[1], 1100.0)
            + 0.30 * gauss(xy, DISTRICT_CAPITALS[2], 1200.0)
            + 0.15 * gauss(xy, DISTRICT_CAPITALS[3], 1000.0))


def sample_seeds(outline, n: int, rng: np.random.Generator, density=seed_density,
                 margin: float = 120.0, spacing_factor: float = 0.6) -> np.ndarray:
    """Blue-noise points with a spatially varying density, inside ``outline``."""
    inner = outline.buffer(-margin)
    shapely.prepare(inner)
    minx, miny, maxx, maxy = inner.bounds
    # area per point where density == 1 (Monte Carlo integral of density)
    grid = np.c_[rng.uniform(minx, maxx, 40000), rng.uniform(miny, maxy, 40000)]
    inside = shapely.contains_xy(inner, grid[:, 0], grid[:, 1])
    integral = density(grid[inside]).mean() * inner.area
    unit_area = integral / n
    dmax = density(grid[inside]).max()
    pts: list[np.ndarray] = []
    arr = np.empty((0, 2))
    for _ in range(400):
        cand = np.c_[rng.uniform(minx, maxx, 256), rng.uniform(miny, maxy, 256)]
        cand = cand[shapely.contains_xy(inner, cand[:, 0], cand[:, 1])]
        dens = density(cand)
        cand = cand[rng.uniform(0, dmax, len(cand)) < dens]
        for p in cand:
            spacing = spacing_factor * math.sqrt(unit_area / density(p[None, :])[0])
            if len(arr) and np.min(((arr - p) ** 2).sum(axis=1)) < spacing * spacing:
                continue
            pts.append(p)
            arr = np.asarray(pts)
            if len(pts) == n:
                return np.round(arr, 1)
    raise RuntimeError("could not place seed points")


# ============================================================ tessellation ==
def jitter_segment(p0, p1, rng, spacing, amp_frac, amp_max, harmonics, noise):
    """Densify p0→p1 and displace it sideways smoothly; endpoints stay fixed."""
    p0 = np.asarray(p0, float)
    p1 = np.asarray(p1, float)
    vec = p1 - p0
    length = float(np.hypot(*vec))
    nseg = max(2, int(math.ceil(length / spacing)))
    t = np.linspace(0.0, 1.0, nseg + 1)
    normal = np.array([-vec[1], vec[0]]) / length
    sigma = min(amp_frac * length, amp_max)
    disp = np.zeros_like(t)
    for k in range(1, harmonics + 1):
        disp += rng.normal(0.0, sigma / k) * np.sin(k * np.pi * t)
    disp[1:-1] += rng.normal(0.0, noise, nseg - 1) * np.sin(np.pi * t[1:-1])
    pts = p0 + t[:, None] * vec + disp[:, None] * normal
    pts[0], pts[-1] = p0, p1
    return np.round(pts, 2)


def tessellate(outline, seeds: np.ndarray, rng: np.random.Generator, *, spacing: float,
               amp_frac: float, amp_max: float, harmonics: int, noise: float) -> list:
    """Voronoi tessellation of ``outline`` with wiggly shared edges.

    The Voronoi edges are jittered once each and noded together with the
    outline ring, then polygonised, so neighbouring polygons share their
    boundary vertex for vertex and the faces tile the outline exactly.
    Faces are assigned to the seed whose straight Voronoi cell they overlap
    most; detached fragments are merged into the neighbour sharing the longest
    boundary. Returns one Polygon per seed, in seed order.
    """
    mp = shapely.multipoints(seeds)
    env = shapely.box(*outline.buffer(4000.0).bounds)
    cells = voronoi_cells(seeds, env)
    cells = shapely.intersection(cells, outline)
    edges = shapely.get_parts(shapely.voronoi_polygons(mp, extend_to=env, only_edges=True))
    clip = outline.buffer(400.0)
    lines = []
    for edge in edges:
        part = shapely.intersection(edge, clip)
        for piece in shapely.get_parts(part):
            if piece.geom_type != "LineString" or piece.length < 1e-6:
                continue
            coords = np.asarray(piece.coords)
            lines.append(shapely.LineString(jitter_segment(
                coords[0], coords[-1], rng, spacing, amp_frac, amp_max, harmonics, noise)))
    lines.append(outline.exterior)
    noded = shapely.union_all(lines)
    faces = shapely.get_parts(shapely.polygonize(shapely.get_parts(noded)))
    rp = shapely.point_on_surface(faces)
    faces = faces[shapely.contains_xy(outline, shapely.get_x(rp), shapely.get_y(rp))]

    tree = shapely.STRtree(cells)
    fi, ci = tree.query(faces, predicate="intersects")
    ov = shapely.area(shapely.intersection(faces[fi], cells[ci]))
    df = pd.DataFrame({"f": fi, "c": ci, "a": ov}).sort_values(["f", "a", "c"],
                                                               ascending=[True, False, True])
    owner = df.drop_duplicates("f").set_index("f")["c"].reindex(range(len(faces))).to_numpy()
    assert not np.isnan(owner.astype(float)).any()
    polys: list = [None] * len(seeds)
    orphans = []
    for c in range(len(seeds)):
        mine = faces[owner == c]
        if len(mine) == 0:
            raise RuntimeError(f"seed {c} lost its cell")
        u = shapely.union_all(mine)
        parts = sorted(shapely.get_parts(u), key=lambda g: -g.area)
        polys[c] = parts[0]
        orphans.extend(parts[1:])
    while orphans:
        p = orphans.pop(0)
        arr = np.array(polys, dtype=object)
        cand = shapely.STRtree(arr).query(p, predicate="intersects")
        shared = shapely.length(shapely.intersection(p.boundary, shapely.boundary(arr[cand])))
        best = int(cand[int(np.argmax(shared))])
        merged = shapely.union_all([polys[best], p])
        if merged.geom_type != "Polygon":
            raise RuntimeError("fragment merge produced a multipart polygon")
        polys[best] = merged
    out = np.array(polys, dtype=object)
    assert shapely.is_valid(out).all()
    assert abs(shapely.area(out).sum() - outline.area) < 1.0
    return list(out)


def balance_seeds(seeds, cent, pop, nb, outline, iters: int = 150, step: float = 0.05,
                  compact: float = 0.05):
    """Move Voronoi seeds so that their cells hold similar populations.

    Cells are approximated by assigning LSOA centroids to the nearest seed.
    For every pair of adjacent cells the seed of the smaller cell moves
    towards the other and the other moves away, shifting the bisector
    towards the larger cell; a small pull towards the population-weighted
    centroid keeps cells compact. Seeds are kept inside the outline.
    """
    s = np.asarray(seeds, float).copy()
    inner = outline.buffer(-800.0)
    shapely.prepare(inner)
    centre = np.array(inner.centroid.coords[0])
    pairs = np.array([(i, j) for i in range(len(nb)) for j in sorted(nb[i]) if i < j])
    for _ in range(iters):
        lab = np.argmin(((cent[:, None, :] - s[None]) ** 2).sum(-1), axis=1)
        P = np.bincount(lab, weights=pop, minlength=len(s))
        adj = {(min(a, b), max(a, b)) for a, b in zip(lab[pairs[:, 0]], lab[pairs[:, 1]]) if a != b}
        move = np.zeros_like(s)
        for a, b in sorted(adj):
            f = step * (P[b] - P[a]) / P.mean()
            move[a] += 0.5 * f * (s[b] - s[a])
            move[b] += 0.5 * f * (s[b] - s[a])
        s += move
        for j in range(len(s)):   # a little Lloyd pull keeps cells compact
            m = lab == j
            if m.any():
                s[j] += compact * ((cent[m] * pop[m, None]).sum(0) / pop[m].sum() - s[j])
        out = ~shapely.contains_xy(inner, s[:, 0], s[:, 1])
        s[out] = 0.8 * s[out] + 0.2 * centre
    return s


# ================================================================= naming ==
def kmeans(xy: np.ndarray, k: int, rng: np.random.Generator, weights=None, iters: int = 25):
    w = np.ones(len(xy)) if weights is None else np.asarray(weights, float)
    centres = xy[rng.choice(len(xy), size=k, replace=False)].copy()
    for _ in range(iters):
        lab = np.argmin(((xy[:, None, :] - centres[None]) ** 2).sum(-1), axis=1)
        for j in range(k):
            m = lab == j
            if m.any():
                centres[j] = (xy[m] * w[m, None]).sum(0) / w[m].sum()
    lab = np.argmin(((xy[:, None, :] - centres[None]) ** 2).sum(-1), axis=1)
    return lab, centres


def neighbours(polys: np.ndarray) -> list[set]:
    tree = shapely.STRtree(polys)
    a, b = tree.query(polys, predicate="intersects")
    keep = a < b
    a, b = a[keep], b[keep]
    shared = shapely.length(shapely.intersection(shapely.boundary(polys[a]),
                                                 shapely.boundary(polys[b])))
    nb = [set() for _ in range(len(polys))]
    for i, j, s in zip(a, b, shared):
        if s > 0.5:
            nb[i].add(int(j))
            nb[j].add(int(i))
    return nb


def assign_districts(polys, cent, rng):
    d = np.sqrt(((cent[:, None, :] - DISTRICT_CAPITALS[None]) ** 2).sum(-1))
    noise = rng.normal(0.0, 0.04, d.shape)
    lab = np.argmin(d / DISTRICT_REACH[None] * (1 + noise), axis=1)
    nb = neighbours(polys)
    # contiguity clean-up: an LSOA with no same-district neighbour joins the
    # district most of its neighbours belong to; then drop small exclaves.
    for _ in range(10):
        changed = False
        for i in range(len(polys)):
            ns = [lab[j] for j in sorted(nb[i])]
            if ns and lab[i] not in ns:
                lab[i] = np.bincount(ns, minlength=len(DISTRICTS)).argmax()
                changed = True
        for k in range(len(DISTRICTS)):
            comp = components(np.flatnonzero(lab == k), nb)
            for c in sorted(comp, key=len)[:-1]:
                for i in c:
                    ns = [lab[j] for j in sorted(nb[i]) if lab[j] != k]
                    if ns:
                        lab[i] = np.bincount(ns, minlength=len(DISTRICTS)).argmax()
                        changed = True
        if not changed:
            break
    return lab, nb


def components(idx, nb) -> list[list[int]]:
    idx = set(int(i) for i in idx)
    out, seen = [], set()
    for s in sorted(idx):
        if s in seen:
            continue
        stack, comp = [s], []
        seen.add(s)
        while stack:
            i = stack.pop()
            comp.append(i)
            for j in sorted(nb[i]):
                if j in idx and j not in seen:
                    seen.add(j)
                    stack.append(j)
        out.append(sorted(comp))
    return out


def name_lsoas(cent, district):
    """ONS-style names '<District> 001A' (MSOA numbered north to south)."""
    names = np.empty(len(cent), dtype=object)
    for k, dname in enumerate(DISTRICTS):
        groups = bisect_groups(np.flatnonzero(district == k), cent, max_size=6)
        gcent = np.array([cent[g].mean(0) for g in groups])
        order = np.lexsort((gcent[:, 0], -np.round(gcent[:, 1], -2)))
        for number, j in enumerate(order, start=1):
            members = groups[j][np.lexsort((cent[groups[j], 0], -cent[groups[j], 1]))]
            for pos, i in enumerate(members):
                names[i] = f"{dname} {number:03d}{chr(ord('A') + pos)}"
    return names


def bisect_groups(idx: np.ndarray, cent: np.ndarray, max_size: int) -> list[np.ndarray]:
    """MSOA-like groups: split along the longer axis at the median until small."""
    if len(idx) <= max_size:
        return [idx]
    span = cent[idx].max(0) - cent[idx].min(0)
    axis = int(np.argmax(span))
    srt = idx[np.argsort(cent[idx, axis], kind="stable")]
    half = len(srt) // 2
    return bisect_groups(srt[:half], cent, max_size) + bisect_groups(srt[half:], cent, max_size)


# ============================================================ demography ==
def make_imd(cent, rng):
    score = (0.45 * gauss(cent, CITY_CENTRE, 2000.0)
             + 0.9 * gauss(cent, (539300.0, 174300.0), 1800.0)   # Easthaven docks
             + 0.7 * gauss(cent, (524600.0, 183600.0), 1500.0)   # north-west estate
             + 0.5 * gauss(cent, (527000.0, 173800.0), 1500.0))  # Brackenmoor south
    for _ in range(6):
        c = (rng.uniform(BBOX[0], BBOX[2]), rng.uniform(BBOX[1], BBOX[3]))
        score += rng.normal(0, 0.35) * gauss(cent, c, rng.uniform(1800, 3500))
    score += rng.normal(0.0, 0.12, len(cent))
    rank = np.argsort(np.argsort(-score, kind="stable"), kind="stable")  # 0 = most deprived
    return (rank * 10 // len(cent) + 1).astype(int), score


def make_population(cent, imd, rng):
    """Joint counts (L, age, sex, ethnicity, disability) summing to pop_total."""
    L = len(cent)
    dist = np.hypot(cent[:, 0] - CITY_CENTRE[0], cent[:, 1] - CITY_CENTRE[1])
    u = np.clip(dist / 9000.0, 0.0, 1.3)
    dep = (10 - imd) / 9.0                                     # 1 = most deprived
    pop_total = np.round(rng.normal(1740.0, 270.0, L) + 120 * (1 - u))
    while True:   # truncated normal: redraw the few outside 1,200–2,500
        bad = (pop_total < 1200) | (pop_total > 2500)
        if not bad.any():
            break
        pop_total[bad] = np.round(rng.normal(1740.0, 270.0, bad.sum()) + 120 * (1 - u[bad]))
    pop_total = pop_total.astype(np.int64)

    base_age = np.log([0.185, 0.105, 0.14, 0.20, 0.19, 0.18])
    alpha = np.array([-0.1, 0.9, 1.0, 0.15, -0.35, -1.1])     # centre vs fringe
    beta = np.array([0.35, 0.2, 0.1, 0.0, -0.15, -0.35])      # deprived vs affluent
    la = (base_age[None] + alpha[None] * (0.5 - u[:, None]) + beta[None] * (dep[:, None] - 0.5)
          + rng.normal(0.0, 0.08, (L, 6)))
    p_age = np.exp(la)
    p_age /= p_age.sum(1, keepdims=True)

    fem = np.array([0.488, 0.49, 0.505, 0.505, 0.505, 0.55])
    p_sex = np.stack([fem, 1 - fem], axis=-1)[None].repeat(L, 0)       # (L,6,2)
    p_sex = p_sex + rng.normal(0.0, 0.008, (L, 6, 1)) * np.array([1, -1])

    asian_c, black_c = (537200.0, 177600.0), (530600.0, 175800.0)
    minority = np.clip(0.07 + 0.45 * gauss(cent, CITY_CENTRE, 3400.0)
                       + 0.30 * gauss(cent, asian_c, 1800.0)
                       + 0.22 * gauss(cent, black_c, 1600.0)
                       + rng.normal(0, 0.03, L), 0.03, 0.8)
    comp = np.c_[0.38 + 1.2 * gauss(cent, asian_c, 1800.0),          # Asian
                 0.25 + 1.0 * gauss(cent, black_c, 1600.0),          # Black
                 0.20 + 0.0 * dep,                                   # Mixed
                 0.14 + 0.0 * dep]                                   # Other
    comp = comp * np.exp(rng.normal(0.0, 0.1, comp.shape))
    comp /= comp.sum(1, keepdims=True)
    f_age = np.array([1.3, 1.25, 1.15, 1.0, 0.7, 0.4])
    mino = minority[:, None, None] * comp[:, None, :] * f_age[None, :, None]   # (L,6,4)
    p_eth = np.empty((L, 6, 5))
    p_eth[..., [0, 1, 2, 4]] = mino
    p_eth[..., 3] = 1.0 - mino.sum(-1)
    assert (p_eth[..., 3] > 0.05).all()

    prev = np.array([0.045, 0.085, 0.10, 0.13, 0.20, 0.33])
    dep_factor = 0.75 + 0.65 * dep
    dis = np.clip(prev[None] * dep_factor[:, None] * np.exp(rng.normal(0, 0.08, (L, 1))), 0, 0.7)
    p_dis = np.stack([dis, 1 - dis], axis=-1)                               # (L,6,2)

    joint = (p_age[:, :, None, None, None] * p_sex[:, :, :, None, None]
             * p_eth[:, :, None, :, None] * p_dis[:, :, None, None, :])
    joint = joint.reshape(L, -1)
    joint /= joint.sum(1, keepdims=True)
    counts = np.stack([rng.multinomial(pop_total[i], joint[i]) for i in range(L)])
    return counts.reshape((L,) + STRATA_SHAPE)


# ================================================================ postcodes ==
def sample_points(poly_inner, n, rng, extra_inner=()):
    """n integer-metre points strictly inside poly_inner (and inside one of extra)."""
    minx, miny, maxx, maxy = poly_inner.bounds
    got = np.empty((0, 2))
    while len(got) < n:
        m = 64
        cand = np.c_[rng.integers(math.floor(minx), math.ceil(maxx) + 1, m),
                     rng.integers(math.floor(miny), math.ceil(maxy) + 1, m)].astype(float)
        ok = shapely.contains_xy(poly_inner, cand[:, 0], cand[:, 1])
        if extra_inner:
            in_any = np.zeros(len(cand), bool)
            for g in extra_inner:
                in_any |= shapely.contains_xy(g, cand[:, 0], cand[:, 1])
            ok &= in_any
        got = np.r_[got, cand[ok]]
    return got[:n].astype(np.int64)


def make_postcodes(lsoa, pcon, rng):
    L = len(lsoa)
    n_per = rng.integers(12, 19, L)
    lsoa_inner = shapely.buffer(np.array(list(lsoa["geometry"]), dtype=object), -1.0)
    pcon_geoms = np.array(list(pcon["geometry"]), dtype=object)
    pcon_inner = shapely.buffer(pcon_geoms, -1.0)
    for g in pcon_inner:
        shapely.prepare(g)
    xs, lsoa_idx = [], []
    for i in range(L):
        g = lsoa_inner[i]
        shapely.prepare(g)
        cands = [pi for pi in range(len(pcon_inner))
                 if shapely.intersects(pcon_inner[pi], g)]
        pts = sample_points(g, int(n_per[i]), rng, [pcon_inner[pi] for pi in cands])
        xs.append(pts)
        lsoa_idx.append(np.full(len(pts), i))
    xy = np.concatenate(xs)
    lsoa_idx = np.concatenate(lsoa_idx)
    pcon_idx = np.full(len(xy), -1)
    for pi, g in enumerate(pcon_inner):
        pcon_idx[shapely.contains_xy(g, xy[:, 0], xy[:, 1])] = pi
    assert (pcon_idx >= 0).all()

    # postcode districts: k-means on postcode points, numbered from the centre
    dlab, dcen = kmeans(xy.astype(float), N_POSTCODE_DISTRICTS, rng)
    dd = np.hypot(dcen[:, 0] - CITY_CENTRE[0], dcen[:, 1] - CITY_CENTRE[1])
    dnum = np.empty(N_POSTCODE_DISTRICTS, int)
    dnum[np.argsort(dd, kind="stable")] = np.arange(1, N_POSTCODE_DISTRICTS + 1)
    sector = np.zeros(len(xy), int)
    unit = np.empty(len(xy), dtype=object)
    pairs = np.array([a + b for a in INWARD_LETTERS for b in INWARD_LETTERS])
    for j in range(N_POSTCODE_DISTRICTS):
        idx = np.flatnonzero(dlab == j)
        k = int(np.clip(round(len(idx) / 90.0), 2, 9))
        slab, scen = kmeans(xy[idx].astype(float), k, rng)
        ang = np.arctan2(scen[:, 1] - dcen[j, 1], scen[:, 0] - dcen[j, 0])
        digit = np.empty(k, int)
        digit[np.argsort(-ang, kind="stable")] = (np.arange(k) + 1) % 10
        sector[idx] = digit[slab]
        for s in range(k):
            m = idx[slab == s]
            unit[m] = pairs[rng.choice(len(pairs), size=len(m), replace=False)]
    outward = np.array([f"{POSTCODE_AREA}{dnum[j]}" for j in dlab], dtype=object)
    inward = np.array([f"{s}{u}" for s, u in zip(sector, unit)], dtype=object)
    pcds = np.array([f"{o} {i}" for o, i in zip(outward, inward)], dtype=object)
    pcd7 = np.array([f"{o:<4}{i}" for o, i in zip(outward, inward)], dtype=object)
    assert len(set(pcds)) == len(pcds)

    # terminated postcodes (keep at least 8 live per LSOA)
    n_term = int(round(TERMINATED_SHARE * len(xy)))
    doterm = np.full(len(xy), "", dtype=object)
    order = rng.permutation(len(xy))
    live_left = np.bincount(lsoa_idx, minlength=L)
    chosen = 0
    for p in order:
        if chosen == n_term:
            break
        if live_left[lsoa_idx[p]] > 8:
            y = int(rng.integers(2005, 2024))
            m = int(rng.integers(1, 13))
            doterm[p] = f"{y}{m:02d}"
            live_left[lsoa_idx[p]] -= 1
            chosen += 1
    df = pd.DataFrame({
        "pcd7": pcd7, "pcds": pcds,
        "lsoa21cd": lsoa["LSOA21CD"].to_numpy()[lsoa_idx],
        "pcon24cd": pcon["PCON24CD"].to_numpy()[pcon_idx],
        "icb23cd": lsoa["ICB23CD"].to_numpy()[lsoa_idx],
        "x": xy[:, 0], "y": xy[:, 1], "doterm": doterm,
        "_lsoa": lsoa_idx, "_pcon": pcon_idx,
    })
    return df.sort_values("pcd7", kind="stable").reset_index(drop=True)


# =================================================================== cases ==
def stratum_multipliers() -> np.ndarray:
    m = (np.array([AGE_MULT[a] for a in AGE_BANDS])[:, None, None, None]
         * np.array([SEX_MULT[s] for s in SEXES])[None, :, None, None]
         * np.array([ETH_MULT[e] for e in ETHNICITIES])[None, None, :, None]
         * np.array([DIS_MULT[d] for d in DISABILITY])[None, None, None, :])
    return m


def random_valid_postcode(rng, existing: set) -> str:
    while True:
        d = int(rng.integers(1, N_POSTCODE_DISTRICTS + 1))
        s = int(rng.integers(0, 10))
        u = "".join(rng.choice(list(INWARD_LETTERS), 2))
        pc = f"{POSTCODE_AREA}{d} {s}{u}"
        if pc not in existing:
            return pc


def make_cases(lsoa, counts, postcodes, lsoa_mult, pcon_mult, rng, rng_messy):
    L = len(lsoa)
    dep = np.array([DEP_MULT[d] for d in lsoa["imd_decile"]])
    live = postcodes[postcodes["doterm"] == ""]
    pc_mult = pcon_mult[live["_pcon"].to_numpy()]
    const_eff = (pd.Series(pc_mult).groupby(live["_lsoa"].to_numpy()).mean()
                 .reindex(range(L)).to_numpy())
    area_mult = dep * lsoa_mult * const_eff
    strat = stratum_multipliers().reshape(-1)
    raw = counts.reshape(L, -1) * strat[None, :] * area_mult[:, None]
    c = TARGET_CASES / raw.sum()
    lam = c * raw
    n = rng.poisson(lam)
    cell = np.repeat(np.arange(L * N_STRATA), n.ravel())
    li = cell // N_STRATA
    a, s, e, d = np.unravel_index(cell % N_STRATA, STRATA_SHAPE)
    N = len(cell)

    # postcode: a live postcode of the LSOA, weighted by the constituency multiplier
    pcode = np.empty(N, dtype=object)
    live_by_lsoa = {k: g for k, g in live.groupby("_lsoa")}
    for i in range(L):
        m = np.flatnonzero(li == i)
        if len(m) == 0:
            continue
        g = live_by_lsoa[i]
        w = pcon_mult[g["_pcon"].to_numpy()]
        pcode[m] = g["pcds"].to_numpy()[rng.choice(len(g), size=len(m), p=w / w.sum())]

    # case type depends (mildly) on age and disability; not a planted effect
    p = np.tile(CASE_TYPE_P, (N, 1))
    p[d == 0, 5] *= 3.0                       # disabled: more DWP cases
    p[a == 5, 0] *= 1.3                       # 65+: more hospital
    p[a == 5, 5] *= 0.3
    p[a == 5, 6] *= 0.5
    p[a == 0, 5:] = 0.0                       # children: NHS only
    p /= p.sum(1, keepdims=True)
    ctype = np.argmax(p.cumsum(1) > rng.uniform(0, 1, N)[:, None], axis=1)
    day = rng.integers(0, (DATE_END - DATE_START).days + 1, N)
    order = np.lexsort((rng.uniform(size=N), day))

    df = pd.DataFrame({
        "postcode": pcode[order],
        "age_band": np.array(AGE_BANDS, dtype=object)[a[order]],
        "sex": np.array(SEXES, dtype=object)[s[order]],
        "ethnicity": np.array(ETHNICITIES, dtype=object)[e[order]],
        "disability": np.array(DISABILITY, dtype=object)[d[order]],
        "case_type": np.array(CASE_TYPES, dtype=object)[ctype[order]],
        "received_date": [(DATE_START + timedelta(days=int(x))).isoformat() for x in day[order]],
        "_lsoa": li[order],
    })
    df.insert(0, "case_id", [f"PHSO-{i:06d}" for i in range(1, N + 1)])

    # ---- messiness --------------------------------------------------------
    r = rng_messy
    idx = r.permutation(N)
    n_pnts, n_eblank = round(ETH_PNTS_SHARE * N), round(ETH_BLANK_SHARE * N)
    df.loc[idx[:n_pnts], "ethnicity"] = "Prefer not to say"
    df.loc[idx[n_pnts:n_pnts + n_eblank], "ethnicity"] = ""
    idx = r.permutation(N)
    df.loc[idx[:round(DIS_BLANK_SHARE * N)], "disability"] = ""

    term = postcodes[postcodes["doterm"] != ""]
    term_by_lsoa = {k: g["pcds"].to_numpy() for k, g in term.groupby("_lsoa")}
    counts_messy = {k: int(round(v * N)) for k, v in MESSY_SHARES.items()}
    category = np.full(N, "clean", dtype=object)
    eligible_term = np.flatnonzero(np.isin(df["_lsoa"].to_numpy(), list(term_by_lsoa)))
    pick = r.choice(eligible_term, size=counts_messy["terminated"], replace=False)
    category[pick] = "terminated"
    free = r.permutation(np.flatnonzero(category == "clean"))
    start = 0
    for k in ["lowercase", "no_space", "extra_spaces", "blank", "malformed", "not_in_lookup"]:
        category[free[start:start + counts_messy[k]]] = k
        start += counts_messy[k]
    existing = set(postcodes["pcds"])
    pc = df["postcode"].to_numpy().copy()
    for i in np.flatnonzero(category != "clean"):
        k = category[i]
        if k == "terminated":
            pc[i] = r.choice(term_by_lsoa[df.at[i, "_lsoa"]])
        elif k == "lowercase":
            pc[i] = pc[i].lower()
        elif k == "no_space":
            pc[i] = pc[i].replace(" ", "")
        elif k == "extra_spaces":
            style = int(r.integers(0, 3))
            pc[i] = [" " + pc[i], pc[i].replace(" ", "  "), pc[i] + " "][style]
        elif k == "blank":
            pc[i] = ""
        elif k == "malformed":
            pc[i] = MALFORMED_VALUES[int(r.integers(0, len(MALFORMED_VALUES)))]
        elif k == "not_in_lookup":
            pc[i] = random_valid_postcode(r, existing)
    df["postcode"] = pc
    df["_category"] = category
    return df, lam, c


# ===================================================== planted selection ==
def choose_planted(lsoa, counts, pcon, icb_of_lsoa, rng):
    L = len(lsoa)
    geoms = np.array(list(lsoa["geometry"]), dtype=object)
    pcon_geoms = np.array(list(pcon["geometry"]), dtype=object)
    # constituency: one that straddles an ICB boundary (>= 15% of its area in a
    # second ICB) and is not the central one
    icb_geoms = {}
    for code in sorted(set(icb_of_lsoa)):
        icb_geoms[code] = shapely.union_all(geoms[icb_of_lsoa == code])
    eligible = []
    for j, g in enumerate(pcon_geoms):
        shares = sorted((shapely.intersection(g, ig).area / g.area for ig in icb_geoms.values()),
                        reverse=True)
        if len(shares) > 1 and shares[1] >= 0.15 and pcon["PCON24NM"].iloc[j] != PCON_CENTRAL_NAME:
            eligible.append(j)
    assert eligible, "no constituency straddles an ICB boundary"
    pcon_j = int(rng.choice(eligible))

    # LSOAs: outside the planted constituency, large population, mid deprivation,
    # composition close to average, spread out (>= 2.5 km apart, distinct MSOAs)
    strat = stratum_multipliers().reshape(-1)
    dep = np.array([DEP_MULT[d] for d in lsoa["imd_decile"]])
    pop = counts.reshape(L, -1).sum(1)
    rel = (counts.reshape(L, -1) * strat).sum(1) * dep
    rel_ratio = rel / pop / (rel.sum() / pop.sum())
    crude_e = TARGET_CASES * pop / pop.sum()
    touches = shapely.area(shapely.intersection(geoms, pcon_geoms[pcon_j])) > 1.0
    cent = np.c_[shapely.get_x(shapely.centroid(geoms)), shapely.get_y(shapely.centroid(geoms))]
    dec = lsoa["imd_decile"].to_numpy()
    base_ok = (~touches) & (dec >= 3) & (dec <= 8) & (rel_ratio > 0.8) & (rel_ratio < 1.25)
    chosen: list[int] = []

    district = lsoa["LSOA21NM"].str.rsplit(" ", n=1).str[0].to_numpy()

    def pick(mask, k):
        """k spread-out LSOAs, preferably from different districts."""
        cand = rng.permutation(np.flatnonzero(mask))
        out: list[int] = []
        for distinct in (True, False):
            for i in cand:
                if len(out) == k:
                    return out
                if i in out or any(np.hypot(*(cent[i] - cent[j])) < 2500 for j in chosen + out):
                    continue
                if distinct and district[i] in {district[j] for j in out}:
                    continue
                out.append(int(i))
        if len(out) == k:
            return out
        raise RuntimeError("not enough candidate LSOAs to plant")

    high = pick(base_ok & (crude_e >= 17) & (rel_ratio > 0.95), N_LSOA_HIGH)
    chosen.extend(high)
    low = pick(base_ok & (crude_e >= 19) & (rel_ratio < 1.1), N_LSOA_LOW)
    chosen.extend(low)
    lsoa_mult = np.ones(L)
    lsoa_mult[high] = LSOA_HIGH_MULT
    lsoa_mult[low] = LSOA_LOW_MULT
    pcon_mult = np.ones(len(pcon))
    pcon_mult[pcon_j] = PCON_HIGH_MULT
    return sorted(high), sorted(low), pcon_j, lsoa_mult, pcon_mult


# ================================================================ outputs ==
def write_gpkg(path: Path, layers: list[dict]) -> None:
    from osgeo import gdal, ogr, osr

    ogr.UseExceptions()
    gdal.SetConfigOption("OGR_CURRENT_DATE", GPKG_DATE)
    try:
        if path.exists():
            path.unlink()
        ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
        srs = osr.SpatialReference()
        srs.ImportFromEPSG(EPSG)
        for spec in layers:
            df = spec["df"]
            geom = spec.get("geometry")
            opts = ["FID=fid", f"DESCRIPTION={spec['description']}"]
            if geom is not None:
                lyr = ds.CreateLayer(spec["name"], srs, ogr.wkbMultiPolygon,
                                     options=opts + ["GEOMETRY_NAME=geom", "SPATIAL_INDEX=YES"])
            else:
                lyr = ds.CreateLayer(spec["name"], None, ogr.wkbNone, options=opts)
            for col, kind in spec["fields"]:
                ftype = {"str": ogr.OFTString, "int": ogr.OFTInteger,
                         "date": ogr.OFTDate}[kind]
                fd = ogr.FieldDefn(col, ftype)
                lyr.CreateField(fd)
            defn = lyr.GetLayerDefn()
            ds.StartTransaction()
            cols = [c for c, _ in spec["fields"]]
            kinds = [k for _, k in spec["fields"]]
            values = [df[c].to_numpy() for c in cols]
            for r in range(len(df)):
                feat = ogr.Feature(defn)
                feat.SetFID(r + 1)
                for ci, (v, kind) in enumerate(zip(values, kinds)):
                    val = v[r]
                    if kind == "str":
                        if val is None or val == "":
                            feat.SetFieldNull(ci)
                        else:
                            feat.SetField(ci, str(val))
                    elif kind == "int":
                        feat.SetField(ci, int(val))
                    else:
                        y, m, dd = (int(x) for x in str(val).split("-"))
                        feat.SetField(ci, y, m, dd, 0, 0, 0.0, 0)
                if geom is not None:
                    g = as_multipolygon(geom[r])
                    feat.SetGeometryDirectly(ogr.CreateGeometryFromWkb(shapely.to_wkb(g)))
                lyr.CreateFeature(feat)
            ds.CommitTransaction()
        ds = None
    finally:
        gdal.SetConfigOption("OGR_CURRENT_DATE", None)


def write_csv(path: Path, df: pd.DataFrame) -> None:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(df.columns)
        for row in df.itertuples(index=False):
            w.writerow(row)


# ================================================================== main ==
def generate(out: Path, seed: int = DEFAULT_SEED, verbose: bool = True) -> dict:
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    rs = make_streams(seed)

    def log(msg):
        if verbose:
            print(msg, file=sys.stderr)

    # ---- geometry -----------------------------------------------------------
    outline = make_outline(rs["outline"])
    seeds = sample_seeds(outline, N_LSOA, rs["lsoa_seeds"])
    lsoa_polys = np.array(tessellate(outline, seeds, rs["lsoa_edges"], spacing=45.0,
                                     amp_frac=0.07, amp_max=60.0, harmonics=3, noise=4.0),
                          dtype=object)
    log(f"lsoa tessellation: {len(lsoa_polys)} polygons")
    cent = np.c_[shapely.get_x(shapely.point_on_surface(lsoa_polys)),
                 shapely.get_y(shapely.point_on_surface(lsoa_polys))]
    district, nb = assign_districts(lsoa_polys, cent, rs["districts"])
    names = name_lsoas(cent, district)
    dorder = {k: i for i, k in enumerate(sorted(DISTRICTS))}
    order = sorted(range(len(names)), key=lambda i: (dorder[DISTRICTS[district[i]]], names[i]))
    order = np.array(order)
    lsoa_polys, cent, district, names = (lsoa_polys[order], cent[order],
                                         district[order], names[order])
    codes = np.array([f"E01{900001 + i:06d}" for i in range(len(order))], dtype=object)

    icb_names = sorted(set(ICB_OF_DISTRICT.values()))
    icb_code_of = {nm: f"E54000{901 + i:03d}" for i, nm in enumerate(icb_names)}
    lsoa_icb = np.array([icb_code_of[ICB_OF_DISTRICT[DISTRICTS[k]]] for k in district],
                        dtype=object)

    # ---- demography ---------------------------------------------------------
    imd, _ = make_imd(cent, rs["imd"])
    counts = make_population(cent, imd, rs["population"])            # (L,6,2,5,2)
    lsoa = pd.DataFrame({"LSOA21CD": codes, "LSOA21NM": names, "ICB23CD": lsoa_icb,
                         "imd_decile": imd, "pop_total": counts.reshape(len(codes), -1).sum(1)})
    for axis_keep, fields in [(1, AGE_FIELDS), (2, SEX_FIELDS), (3, ETH_FIELDS),
                              (4, DIS_FIELDS)]:
        other = tuple(ax for ax in range(1, 5) if ax != axis_keep)
        marg = counts.sum(axis=other)
        for j, f in enumerate(fields):
            lsoa[f] = marg[:, j]
    lsoa["geometry"] = list(lsoa_polys)

    # ---- ICBs ---------------------------------------------------------------
    icb_rows = []
    for nm in icb_names:
        code = icb_code_of[nm]
        g = shapely.union_all(lsoa_polys[lsoa_icb == code])
        assert g.geom_type == "Polygon", f"ICB {nm} is not contiguous"
        icb_rows.append({"ICB23CD": code, "ICB23NM": nm, "geometry": g})
    icb = pd.DataFrame(icb_rows)

    # ---- constituencies (independent of LSOA boundaries) ---------------------
    pop = lsoa["pop_total"].to_numpy().astype(float)
    # one seed near the city centre, the others on a jittered ring around it
    rp = rs["pcon_seeds"]
    ang0 = rp.uniform(0, 2 * np.pi)
    ang = ang0 + 2 * np.pi * np.arange(N_PCON - 1) / (N_PCON - 1) + rp.normal(0, 0.12, N_PCON - 1)
    rad = rp.uniform(5200.0, 6800.0, N_PCON - 1)
    init = np.r_[[np.array(CITY_CENTRE) + rp.normal(0, 400.0, 2)],
                 np.c_[CITY_CENTRE[0] + 1.25 * rad * np.cos(ang),
                       CITY_CENTRE[1] + 0.9 * rad * np.sin(ang)]]
    pseeds = np.round(balance_seeds(init, cent, pop, neighbours(lsoa_polys), outline), 1)
    pcon_polys = np.array(tessellate(outline, pseeds, rs["pcon_edges"], spacing=50.0,
                                     amp_frac=0.07, amp_max=320.0, harmonics=8, noise=12.0),
                          dtype=object)
    pc = np.c_[shapely.get_x(shapely.centroid(pcon_polys)),
               shapely.get_y(shapely.centroid(pcon_polys))]
    dcen = np.hypot(pc[:, 0] - CITY_CENTRE[0], pc[:, 1] - CITY_CENTRE[1])
    central = int(np.argmin(dcen))
    pnames = [None] * N_PCON
    pnames[central] = PCON_CENTRAL_NAME
    used = set()
    ang = np.degrees(np.arctan2(pc[:, 1] - CITY_CENTRE[1], pc[:, 0] - CITY_CENTRE[0]))
    for j in np.argsort(ang, kind="stable"):
        if j == central:
            continue
        best = min((abs((ang[j] - a + 180) % 360 - 180), nm) for a, nm in PCON_DIRECTION_NAMES
                   if nm not in used)
        pnames[j] = best[1]
        used.add(best[1])
    porder = np.argsort(np.array(pnames, dtype=object), kind="stable")
    pcon = pd.DataFrame({
        "PCON24CD": [f"E14001{901 + i:03d}" for i in range(N_PCON)],
        "PCON24NM": [pnames[j] for j in porder],
        "geometry": list(pcon_polys[porder]),
    })

    # ---- postcodes ----------------------------------------------------------
    postcodes = make_postcodes(lsoa, pcon, rs["postcodes"])
    log(f"postcodes: {len(postcodes)}")

    # ---- planted effects and cases ---------------------------------------------
    high, low, pcon_j, lsoa_mult, pcon_mult = choose_planted(
        lsoa, counts, pcon, lsoa_icb, rs["planted"])
    cases, lam, c = make_cases(lsoa, counts, postcodes, lsoa_mult, pcon_mult,
                               rs["cases"], rs["messy"])
    log(f"cases: {len(cases)}")

    # ---- population_long ----------------------------------------------------
    long_rows = []
    dims = [("age_band", AGE_BANDS, AGE_FIELDS), ("sex", SEXES, SEX_FIELDS),
            ("ethnicity", ETHNICITIES, ETH_FIELDS), ("disability", DISABILITY, DIS_FIELDS)]
    for i, code in enumerate(codes):
        for dim, groups, fields in dims:
            for gname, f in zip(groups, fields):
                long_rows.append((code, dim, gname, int(lsoa[f].iat[i])))
    pop_long = pd.DataFrame(long_rows, columns=["lsoa21cd", "dimension", "group", "population"])
    by_age_rows = []
    for i, code in enumerate(codes):
        for dim, groups, axis in [("sex", SEXES, 2), ("ethnicity", ETHNICITIES, 3),
                                  ("disability", DISABILITY, 4)]:
            other = tuple(ax for ax in (2, 3, 4) if ax != axis)
            m = counts[i][None].sum(axis=other)[0]            # (6, groups)
            for gi, gname in enumerate(groups):
                for ai, aname in enumerate(AGE_BANDS):
                    by_age_rows.append((code, dim, gname, aname, int(m[ai, gi])))
    pop_by_age = pd.DataFrame(by_age_rows, columns=["lsoa21cd", "dimension", "group",
                                                    "age_band", "population"])

    # ---- planted.json -------------------------------------------------------
    planted = build_planted(seed, lsoa, counts, postcodes, pcon, cases, lam, c,
                            high, low, pcon_j)

    # ---- write --------------------------------------------------------------
    lsoa_fields = ([("LSOA21CD", "str"), ("LSOA21NM", "str"), ("ICB23CD", "str"),
                    ("imd_decile", "int"), ("pop_total", "int")]
                   + [(f, "int") for f in AGE_FIELDS + SEX_FIELDS + ETH_FIELDS + DIS_FIELDS])
    pc_cols = ["pcd7", "pcds", "lsoa21cd", "pcon24cd", "icb23cd", "x", "y", "doterm"]
    case_cols = ["case_id", "postcode", "age_band", "sex", "ethnicity", "disability",
                 "case_type", "received_date"]
    region = pd.DataFrame({"name": ["Sampleton sample region (fictional)"]})
    write_gpkg(out / "sample.gpkg", [
        {"name": "lsoa", "df": lsoa, "geometry": list(lsoa["geometry"]), "fields": lsoa_fields,
         "description": "Synthetic LSOA-like areas with Census-like population"},
        {"name": "constituency", "df": pcon, "geometry": list(pcon["geometry"]),
         "fields": [("PCON24CD", "str"), ("PCON24NM", "str")],
         "description": "Synthetic constituencies, drawn independently of LSOAs"},
        {"name": "icb", "df": icb, "geometry": list(icb["geometry"]),
         "fields": [("ICB23CD", "str"), ("ICB23NM", "str")],
         "description": "Synthetic ICBs: unions of whole LSOAs"},
        {"name": "region", "df": region, "geometry": [outline], "fields": [("name", "str")],
         "description": "Outline of the synthetic region"},
        {"name": "postcode_lookup", "df": postcodes, "geometry": None,
         "fields": [("pcd7", "str"), ("pcds", "str"), ("lsoa21cd", "str"), ("pcon24cd", "str"),
                    ("icb23cd", "str"), ("x", "int"), ("y", "int"), ("doterm", "str")],
         "description": "Synthetic NSPL-like postcode lookup"},
        {"name": "cases", "df": cases, "geometry": None,
         "fields": [(c_, "date" if c_ == "received_date" else "str") for c_ in case_cols],
         "description": "Synthetic complaint cases with planted effects"},
    ])
    write_csv(out / "postcode_lookup.csv", postcodes[pc_cols])
    write_csv(out / "cases.csv", cases[case_cols])
    write_csv(out / "population_long.csv", pop_long)
    write_csv(out / "population_by_age.csv", pop_by_age)
    with open(out / "planted.json", "w", encoding="utf-8", newline="\n") as fh:
        json.dump(planted, fh, indent=2, ensure_ascii=False)
        fh.write("\n")
    (out / "README.md").write_text(render_readme(planted, lsoa, pcon, icb, postcodes, cases),
                                   encoding="utf-8")
    log(f"written to {out}")
    return planted


def locate_cases(cases: pd.DataFrame, postcodes: pd.DataFrame) -> pd.Series:
    """LSOA code of each case via normalised postcode (None if not located)."""
    key = cases["postcode"].fillna("").str.upper().str.replace(" ", "", regex=False)
    lut = dict(zip(postcodes["pcds"].str.replace(" ", "", regex=False), postcodes["lsoa21cd"]))
    return key.map(lut)


def build_planted(seed, lsoa, counts, postcodes, pcon, cases, lam, c, high, low, pcon_j):
    L = len(lsoa)
    pop = counts.reshape(L, -1).sum(1)
    total_lam = lam.sum()
    gen_by_lsoa = np.bincount(cases["_lsoa"].to_numpy(), minlength=L)
    located = locate_cases(cases, postcodes)
    loc_by_lsoa = located.value_counts().reindex(lsoa["LSOA21CD"]).fillna(0).astype(int).to_numpy()
    n_loc = int(located.notna().sum())
    crude_all = loc_by_lsoa / (n_loc * pop / pop.sum())

    def lsoa_detail(i, mult):
        crude_e_model = total_lam * pop[i] / pop.sum()
        crude_e_obs = n_loc * pop[i] / pop.sum()
        return {
            "code": lsoa["LSOA21CD"].iat[i], "name": lsoa["LSOA21NM"].iat[i],
            "multiplier": mult, "imd_decile": int(lsoa["imd_decile"].iat[i]),
            "pop_total": int(pop[i]),
            "model_expected_cases": round(float(lam[i].sum()), 3),
            "crude_expected_at_region_rate": round(float(crude_e_model), 3),
            "cases_generated": int(gen_by_lsoa[i]),
            "cases_located_by_postcode": int(loc_by_lsoa[i]),
            "crude_ratio_located": round(float(loc_by_lsoa[i] / crude_e_obs), 3),
        }

    # constituency of each located case (postcode point), crude ratio
    pc_lut = dict(zip(postcodes["pcds"].str.replace(" ", "", regex=False), postcodes["pcon24cd"]))
    key = cases["postcode"].fillna("").str.upper().str.replace(" ", "", regex=False)
    case_pcon = key.map(pc_lut)
    pcode = pcon["PCON24CD"].iat[pcon_j]
    # population of the constituency by postcode share of each LSOA (live postcodes)
    live = postcodes[postcodes["doterm"] == ""]
    n_live = live.groupby("_lsoa").size()
    share = live.groupby(["_lsoa", "pcon24cd"]).size().div(n_live, level="_lsoa")
    pcon_pop = (share * pd.Series(pop).reindex(share.index.get_level_values(0)).to_numpy()) \
        .groupby(level="pcon24cd").sum()
    pc_obs = int((case_pcon == pcode).sum())
    pc_e = n_loc * pcon_pop[pcode] / pop.sum()
    lam_l = lam.sum(1)

    # model-expected group ratios, crude and indirectly age-standardised
    lam5 = lam.reshape((L,) + STRATA_SHAPE)
    rate_all = lam5.sum() / counts.sum()
    age_rate = lam5.sum(axis=(0, 2, 3, 4)) / counts.sum(axis=(0, 2, 3, 4))
    groups = {}
    for dim, labels, axis in [("age_band", AGE_BANDS, 1), ("sex", SEXES, 2),
                              ("ethnicity", ETHNICITIES, 3), ("disability", DISABILITY, 4)]:
        out = {}
        for gi, g in enumerate(labels):
            sl = [slice(None)] * 5
            sl[axis] = gi
            lg, ng = lam5[tuple(sl)], counts[tuple(sl)]
            crude = lg.sum() / (ng.sum() * rate_all)
            # ng has axes (L, [age], ...) with the group axis removed
            if axis == 1:
                std = 1.0
            else:
                n_by_age = ng.sum(axis=tuple(ax for ax in range(ng.ndim) if ax != 1))
                std = lg.sum() / (n_by_age * age_rate).sum()
            out[g] = {"rate_multiplier": {"age_band": AGE_MULT, "sex": SEX_MULT,
                                          "ethnicity": ETH_MULT, "disability": DIS_MULT}[dim][g],
                      "population": int(ng.sum()),
                      "model_expected_cases": round(float(lg.sum()), 3),
                      "model_crude_ratio": round(float(crude), 4),
                      "model_age_standardised_ratio": round(float(std), 4)}
        groups[dim] = out
    dec = lsoa["imd_decile"].to_numpy()
    dep_tab = {}
    for d in range(1, 11):
        m = dec == d
        dep_tab[str(d)] = {"rate_multiplier": DEP_MULT[d], "n_lsoa": int(m.sum()),
                           "population": int(pop[m].sum()),
                           "model_crude_ratio": round(float(lam_l[m].sum() / (pop[m].sum()
                                                                               * rate_all)), 4)}
    cat_counts = cases["_category"].value_counts()
    return {
        "description": "Effects planted in the synthetic PHSO Insight sample data. "
                       "Rate of a person = baseline_rate_per_person * age * sex * ethnicity * "
                       "disability * deprivation(imd_decile) * lsoa * constituency multipliers.",
        "generator": "scripts/generate_sample_data.py",
        "seed": seed,
        "crs": f"EPSG:{EPSG}",
        "period": {"start": DATE_START.isoformat(), "end": DATE_END.isoformat()},
        "target_expected_cases": TARGET_CASES,
        "cases_generated": int(len(cases)),
        "cases_located_by_postcode": n_loc,
        "baseline_rate_per_person": float(f"{c:.10g}"),
        "lsoa_high": [lsoa["LSOA21CD"].iat[i] for i in high],
        "lsoa_low": [lsoa["LSOA21CD"].iat[i] for i in low],
        "constituency_high": pcode,
        "multipliers": {
            "lsoa_high": LSOA_HIGH_MULT, "lsoa_low": LSOA_LOW_MULT,
            "constituency_high": PCON_HIGH_MULT,
            "age_band": AGE_MULT, "sex": SEX_MULT, "ethnicity": ETH_MULT,
            "disability": DIS_MULT,
            "imd_decile": {str(k): v for k, v in DEP_MULT.items()},
        },
        "details": {
            "lsoa_high": [lsoa_detail(i, LSOA_HIGH_MULT) for i in high],
            "lsoa_low": [lsoa_detail(i, LSOA_LOW_MULT) for i in low],
            "constituency_high": {
                "code": pcode, "name": pcon["PCON24NM"].iat[pcon_j],
                "multiplier": PCON_HIGH_MULT,
                "population_by_postcode_share": int(round(pcon_pop[pcode])),
                "cases_located": pc_obs,
                "crude_ratio_located": round(float(pc_obs / pc_e), 3),
            },
            "other_lsoas_crude_ratio": {
                "min": round(float(np.delete(crude_all, high + low).min()), 3),
                "max": round(float(np.delete(crude_all, high + low).max()), 3),
            },
            "groups": groups,
            "imd_decile": dep_tab,
        },
        "null_effects": ["sex"],
        "messy_data": {
            "postcode_categories": {k: int(cat_counts.get(k, 0)) for k in MESSY_SHARES},
            "postcode_clean": int(cat_counts.get("clean", 0)),
            "malformed_values_used": MALFORMED_VALUES,
            "ethnicity_prefer_not_to_say": int((cases["ethnicity"] == "Prefer not to say").sum()),
            "ethnicity_blank": int((cases["ethnicity"] == "").sum()),
            "disability_blank": int((cases["disability"] == "").sum()),
        },
    }


def pcon_share_matrix(lsoa, pcon) -> np.ndarray:
    lg = np.array(list(lsoa["geometry"]), dtype=object)
    share = np.stack([shapely.area(shapely.intersection(lg, g)) for g in pcon["geometry"]], 1)
    return share / shapely.area(lg)[:, None]


def pcon_population(lsoa, pcon) -> np.ndarray:
    return (pcon_share_matrix(lsoa, pcon) * lsoa["pop_total"].to_numpy()[:, None]).sum(0)


def pcon_split_share(lsoa, pcon) -> np.ndarray:
    """Share of each LSOA's area outside its main constituency (second largest part)."""
    return np.sort(pcon_share_matrix(lsoa, pcon), axis=1)[:, -2]


def render_readme(planted, lsoa, pcon, icb, postcodes, cases) -> str:
    d = planted["details"]
    lines = []
    add = lines.append
    add("# PHSO Insight sample data (synthetic)\n")
    add("Everything in this folder is **fictional** and was generated by "
        "`scripts/generate_sample_data.py` (seed "
        f"{planted['seed']}). No real person, case, place or postcode is represented. "
        "Codes follow ONS formats but use numbers outside the real ranges "
        "(LSOA `E019xxxxx`, constituency `E140019xx`, ICB `E540009xx`) and the postcode "
        "area `SX` does not exist, so the sample cannot be joined to real data by accident.\n")
    add("Regenerate with `make sample`, or `python scripts/generate_sample_data.py "
        f"[--out DIR] [--seed {planted['seed']}]` in the QGIS environment. Deterministic: the same seed "
        "and the same GEOS give identical content. The geometry operations depend on the GEOS version; "
        "this sample was made with GEOS 3.13 (QGIS 3.40 and 3.44 on Debian 13).\n")
    add("## Files\n")
    add("| file | content |\n|---|---|")
    add(f"| `sample.gpkg` | layers `lsoa` ({len(lsoa)}), `constituency` ({len(pcon)}), "
        f"`icb` ({len(icb)}), `region` (1); attribute tables `postcode_lookup` "
        f"({len(postcodes)} rows), `cases` ({len(cases)} rows). EPSG:27700, MultiPolygon. |")
    add("| `postcode_lookup.csv` | same rows as the `postcode_lookup` table |")
    add("| `cases.csv` | same rows as the `cases` table |")
    add("| `population_long.csv` | `lsoa21cd, dimension, group, population`; dimension ∈ "
        "`age_band`, `sex`, `ethnicity`, `disability`; group labels identical to the case labels |")
    add("| `population_by_age.csv` | `lsoa21cd, dimension, group, age_band, population`: sex, "
        "ethnicity and disability each by age band (for age-standardised group comparisons) |")
    add("| `planted.json` | machine-readable list of planted effects "
        "(read by tests and the demo) |")
    add("")
    add("CSV files are UTF-8 (case types contain an en dash `–`), comma-separated, `\\n` line "
        "ends. Blank values are empty strings in CSV and NULL in the GeoPackage. **Read CSVs "
        "as text without NA conversion** (pandas: `dtype=str, keep_default_na=False`), "
        "otherwise the malformed postcode `N/A` turns into a missing value.\n")
    add("## Layers and fields\n")
    add("- `lsoa`: `LSOA21CD` (E01900001…), `LSOA21NM` (`<district> 001A`, districts "
        + ", ".join(DISTRICTS) + "), `ICB23CD` (LSOA→ICB lookup), `imd_decile` (1 = most "
          "deprived … 10; 30 LSOAs per decile; spatially clustered), `pop_total`, "
        + ", ".join(f"`{f}`" for f in AGE_FIELDS + SEX_FIELDS + ETH_FIELDS + DIS_FIELDS)
        + ". Every breakdown sums exactly to `pop_total`.")
    add("- `constituency`: `PCON24CD` (E14001901…), `PCON24NM`. Drawn independently of the "
        "LSOAs (Voronoi of other seeds with wiggly edges), so boundaries cut through LSOAs; "
        "the union is the region outline.")
    add("- `icb`: `ICB23CD` (E54000901…), `ICB23NM`. Unions of whole districts, hence of whole "
        "LSOAs (they nest exactly), and misaligned with constituencies.")
    add("- `region`: `name`; the outline that all three area layers tile exactly.")
    add("- `postcode_lookup` (NSPL-like): `pcd7` (outward code left-justified to 4 characters "
        "+ inward code, e.g. `SX1 4AB`, `SX124AB`), `pcds` (`SX1 4AB`), `lsoa21cd`, `pcon24cd`, "
        "`icb23cd`, `x`, `y` (integer easting/northing of a point ≥ 1 m inside both the LSOA "
        "and the constituency), `doterm` (`YYYYMM` for terminated postcodes, blank when live). "
        f"Postcode districts SX1–SX{N_POSTCODE_DISTRICTS} (SX1 central), 12–18 postcodes per "
        "LSOA, inward letters from `ABDEFGHJLNPQRSTUWXYZ`; about 2% terminated.")
    add("- `cases`: `case_id` (PHSO-000001…, in order of `received_date`), `postcode`, "
        "`age_band` (0-15, 16-24, 25-34, 35-49, 50-64, 65+), `sex` (Female/Male), `ethnicity` "
        "(Asian, Black, Mixed, White, Other, Prefer not to say, blank), `disability` (Yes/No/"
        "blank), `case_type`, `received_date` (2021-04-01 … 2025-03-31; a Date field in the "
        "GeoPackage, ISO text in CSV).\n")
    add("## How it was generated\n")
    minx, miny, maxx, maxy = shapely.total_bounds(np.array(list(lsoa["geometry"]), dtype=object))
    add(f"1. Region outline: a wobbly ellipse around ({REGION_CENTRE[0]:.0f}, "
        f"{REGION_CENTRE[1]:.0f}), extent {minx:.0f}–{maxx:.0f} E, {miny:.0f}–{maxy:.0f} N "
        f"(about {(maxx - minx) / 1000:.0f} × {(maxy - miny) / 1000:.0f} km, "
        f"{shapely.area(np.array(list(lsoa['geometry']), dtype=object)).sum() / 1e6:.0f} km²).")
    add(f"2. LSOAs: {len(lsoa)} blue-noise seed points, denser in the city centre of Sampleton "
        "and three town centres; Voronoi edges densified (~45 m) and displaced sideways by "
        "smooth random curves, noded with the outline and polygonised, so neighbours share "
        "edges vertex for vertex and the layer tiles the outline without gaps or overlaps.")
    add("3. Districts by distance to four district centres (contiguity cleaned up); "
        "MSOA-like groups of 5–6 LSOAs (recursive bisection), numbered north to south within "
        "each district, give the names; LSOA codes follow district then name order. ICBs are "
        "unions of districts: " + "; ".join(
            f"{r.ICB23NM} = " + " + ".join(k for k, v in ICB_OF_DISTRICT.items() if v == r.ICB23NM)
            for r in icb.itertuples()) + ".")
    add("4. Deprivation: a smooth score (city centre, Easthaven docks, a north-west estate, "
        "random bumps, noise) ranked into deciles.")
    add("5. Population: per LSOA a joint distribution age × sex × ethnicity × disability, "
        "drawn as one multinomial of `pop_total` people (1,200–2,500). Older population at the "
        "fringe, young adults in the centre; ethnic diversity highest in the centre with an "
        "Asian cluster east and a Black cluster south of the centre; minority groups are "
        "younger; disability rises with age and with deprivation.")
    ppop = pcon_population(lsoa, pcon)
    add(f"6. Constituencies: {len(pcon)} seeds (one at the city centre, the rest on a ring) "
        "moved until their Voronoi cells hold similar populations "
        f"({ppop.min() / 1000:.0f}k–{ppop.max() / 1000:.0f}k, area-weighted), then the same "
        "wiggly-edge tessellation with larger wiggles; independent of LSOA edges, so "
        f"{int((pcon_split_share(lsoa, pcon) >= 0.05).sum())} LSOAs have ≥ 5% of their area "
        "in a second constituency.")
    add("7. Postcodes: integer points sampled uniformly inside each LSOA (≥ 1 m from LSOA and "
        "constituency boundaries); districts and sectors by k-means of the points; units drawn "
        "without replacement; each live postcode carries an equal share of its LSOA's "
        "population.")
    add("8. Cases: Poisson counts per LSOA × stratum (6 age × 2 sex × 5 ethnicity × 2 "
        "disability) with rate = baseline × multipliers below, scaled so that the expected "
        f"total is {TARGET_CASES}. A case's postcode is a live postcode of its LSOA, drawn "
        "with weight = constituency multiplier of the postcode point (equivalent to Poisson "
        "sampling per postcode). Then the messiness below is applied.\n")
    add("## Planted effects\n")
    add(f"Baseline rate per person over the 4 years: {planted['baseline_rate_per_person']:.6g}. "
        f"Cases generated: {planted['cases_generated']}, of which "
        f"{planted['cases_located_by_postcode']} have a postcode found in the lookup "
        "(after upper-casing and removing spaces).\n")
    add("### Areas\n")
    add("| kind | code | name | multiplier | IMD decile | population | model expected | "
        "crude expected | cases generated | located | crude O/E (located) |")
    add("|---|---|---|---|---|---|---|---|---|---|---|")
    for kind in ["lsoa_high", "lsoa_low"]:
        for r in d[kind]:
            add(f"| {kind} | {r['code']} | {r['name']} | ×{r['multiplier']} | {r['imd_decile']} "
                f"| {r['pop_total']} | {r['model_expected_cases']:.1f} | "
                f"{r['crude_expected_at_region_rate']:.1f} | {r['cases_generated']} | "
                f"{r['cases_located_by_postcode']} | {r['crude_ratio_located']:.2f} |")
    ch = d["constituency_high"]
    add(f"| constituency_high | {ch['code']} | {ch['name']} | ×{ch['multiplier']} | – | "
        f"{ch['population_by_postcode_share']} | – | – | – | {ch['cases_located']} | "
        f"{ch['crude_ratio_located']:.2f} |")
    add("")
    add("The planted LSOAs lie outside the planted constituency, in IMD deciles 3–8, with "
        "crude expected counts ≥ 17 (high) / ≥ 19 (low), so each is detectable at 99.8%. The "
        "planted constituency straddles an ICB boundary, so its effect is diluted at ICB "
        "level; LSOAs wholly inside it have 1.4× the rate they would otherwise have, LSOAs "
        "cut by its boundary proportionally less (the multiplier applies per postcode point).\n")
    add("The planted systematic effects also show in a crude LSOA analysis: deprived LSOAs "
        "(decile 1 ×1.6), LSOAs with many disabled or older residents and LSOAs inside the "
        f"planted constituency have crude ratios up to {d['other_lsoas_crude_ratio']['max']:.2f}"
        ", and affluent LSOAs with young populations down to "
        f"{d['other_lsoas_crude_ratio']['min']:.2f}, so some of them are flagged too. The planted "
        "LSOAs are the three most extreme in each direction. Age standardisation removes the "
        "age part only.\n")
    add("### Groups (rate multipliers, conditional on everything else)\n")
    add("| dimension | group | multiplier | population | model crude ratio | "
        "model age-standardised ratio |")
    add("|---|---|---|---|---|---|")
    for dim, gs in d["groups"].items():
        for g, r in gs.items():
            add(f"| {dim} | {g} | ×{r['rate_multiplier']} | {r['population']} | "
                f"{r['model_crude_ratio']:.3f} | {r['model_age_standardised_ratio']:.3f} |")
    add("")
    dy = d["groups"]["disability"]["Yes"]["model_age_standardised_ratio"]
    dn = d["groups"]["disability"]["No"]["model_age_standardised_ratio"]
    add("Age profile: 0-15 ×0.3 (complaints about children are rare), 16-24 ×0.5 and 65+ ×1.5 "
        "(planted), 25-64 ×1.0. Because age structure varies across the region, indirect "
        "standardisation by age changes the area ratios. Disabled ×1.8 and Asian ×0.6 are "
        "conditional effects; their crude ratios differ mainly because disabled people are "
        "older and live more often in deprived areas, and Asian residents are younger (ethnic "
        "minority groups are only slightly more often in deprived areas, so the "
        "age-standardised ratios of the groups without an effect stay within a few per cent "
        "of each other). The model ratios above are what a perfect estimator would "
        "approach. Model ratios compare a group with the whole population (indirect "
        "standardisation, reference = everyone), so the "
        f"×1.8 disabled group shows {dy:.2f} against everyone but {dy / dn:.2f} against "
        "non-disabled people (age-standardised). Sex has no effect (a null control).\n")
    add("### Deprivation gradient\n")
    add("| IMD decile | multiplier | LSOAs | population | model crude ratio |")
    add("|---|---|---|---|---|")
    for k, r in d["imd_decile"].items():
        add(f"| {k} | ×{r['rate_multiplier']} | {r['n_lsoa']} | {r['population']} | "
            f"{r['model_crude_ratio']:.3f} |")
    add("")
    add("### Messy data\n")
    m = planted["messy_data"]
    add("| postcode category | cases | rule |\n|---|---|---|")
    rules = {"lowercase": "pcds lower-cased (`sx1 4ab`)",
             "no_space": "space removed (`SX14AB`)",
             "extra_spaces": "leading, trailing or doubled space",
             "blank": "empty (NULL in the GeoPackage)",
             "malformed": "one of " + ", ".join(f"`{v}`" for v in MALFORMED_VALUES),
             "not_in_lookup": "valid format `SX…` but absent from the lookup",
             "terminated": "a terminated postcode (doterm set) of the case's LSOA, pcds form"}
    for k, v in m["postcode_categories"].items():
        add(f"| {k} | {v} | {rules[k]} |")
    add(f"| clean | {m['postcode_clean']} | pcds form of a live postcode |")
    add("")
    add(f"Ethnicity: {m['ethnicity_prefer_not_to_say']} cases 'Prefer not to say' and "
        f"{m['ethnicity_blank']} blank (replacing the true value at random); disability: "
        f"{m['disability_blank']} blank. Case type depends mildly on age and disability "
        "(disabled people more often DWP; 65+ more often hospital; 0-15 NHS only); this is "
        "not a planted effect. Received dates are uniform over the period.\n")
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed")
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args(argv)
    generate(args.out, args.seed, verbose=not args.quiet)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
