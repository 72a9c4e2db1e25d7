"""The sample's NSPL-like postcode lookup: points inside each LSOA, districts and sectors by k-means,
fictional ``SX`` codes, about 2% terminated. Coordinates are integer metres (EPSG:27700)."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import shapely

from ..codes import INWARD_LETTERS, pcd7, pcds
from ..shapes import kmeans, zone_of
from .config import CITY_CENTRE, MIN_LIVE_POSTCODES, N_POSTCODE_DISTRICTS, POSTCODE_AREA, TERMINATED_SHARE


def make_postcodes(lsoa: pd.DataFrame, pcon: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """pcd7, pcds, lsoa21cd, pcon24cd, icb23cd, x, y, doterm (``YYYYMM`` or blank) and the private
    ``_lsoa``/``_pcon`` row indices, sorted by pcd7: 12–18 postcodes per LSOA, each ≥ 1 m inside its LSOA
    and its constituency."""
    n_lsoa = len(lsoa)
    n_per = rng.integers(12, 19, n_lsoa)
    pcon_inner = shapely.buffer(np.array(list(pcon["geometry"]), dtype=object), -1.0)
    points, lsoa_idx = _points(lsoa, pcon_inner, n_per, rng)
    pcon_idx = zone_of(points.astype(float), pcon_inner)
    outward, inward = _codes(points, rng)
    doterm = _terminations(lsoa_idx, n_lsoa, rng)
    df = pd.DataFrame({
        "pcd7": pcd7(outward, inward), "pcds": pcds(outward, inward),
        "lsoa21cd": lsoa["LSOA21CD"].to_numpy()[lsoa_idx],
        "pcon24cd": pcon["PCON24CD"].to_numpy()[pcon_idx],
        "icb23cd": lsoa["ICB23CD"].to_numpy()[lsoa_idx],
        "x": points[:, 0], "y": points[:, 1], "doterm": doterm,
        "_lsoa": lsoa_idx, "_pcon": pcon_idx,
    })
    assert df["pcds"].is_unique
    return df.sort_values("pcd7", kind="stable").reset_index(drop=True)


def sample_points(poly_inner, n: int, rng: np.random.Generator, extra_inner=()) -> np.ndarray:
    """``n`` integer-metre points (n × 2) strictly inside ``poly_inner`` and inside one of ``extra_inner``."""
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


def _points(lsoa: pd.DataFrame, pcon_inner: np.ndarray, n_per: np.ndarray,
            rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """``n_per[i]`` points in each LSOA i (≥ 1 m from LSOA and constituency boundaries) and their LSOA index."""
    lsoa_inner = shapely.buffer(np.array(list(lsoa["geometry"]), dtype=object), -1.0)
    for g in pcon_inner:
        shapely.prepare(g)
    xs, lsoa_idx = [], []
    for i, g in enumerate(lsoa_inner):
        shapely.prepare(g)
        near = [p for p in pcon_inner if shapely.intersects(p, g)]
        pts = sample_points(g, int(n_per[i]), rng, near)
        xs.append(pts)
        lsoa_idx.append(np.full(len(pts), i))
    return np.concatenate(xs), np.concatenate(lsoa_idx)


def _codes(points: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """(outward, inward) codes: N_POSTCODE_DISTRICTS districts by k-means numbered outwards from the city
    centre (SX1 central), 2–9 sectors per district numbered by bearing, units drawn without replacement."""
    dlab, dcen = kmeans(points.astype(float), N_POSTCODE_DISTRICTS, rng)
    dd = np.hypot(dcen[:, 0] - CITY_CENTRE[0], dcen[:, 1] - CITY_CENTRE[1])
    dnum = np.empty(N_POSTCODE_DISTRICTS, int)
    dnum[np.argsort(dd, kind="stable")] = np.arange(1, N_POSTCODE_DISTRICTS + 1)
    sector = np.zeros(len(points), int)
    unit = np.empty(len(points), dtype=object)
    pairs = np.array([a + b for a in INWARD_LETTERS for b in INWARD_LETTERS])
    for j in range(N_POSTCODE_DISTRICTS):
        idx = np.flatnonzero(dlab == j)
        k = int(np.clip(round(len(idx) / 90.0), 2, 9))
        slab, scen = kmeans(points[idx].astype(float), k, rng)
        ang = np.arctan2(scen[:, 1] - dcen[j, 1], scen[:, 0] - dcen[j, 0])
        digit = np.empty(k, int)
        digit[np.argsort(-ang, kind="stable")] = (np.arange(k) + 1) % 10
        sector[idx] = digit[slab]
        for s in range(k):
            m = idx[slab == s]
            unit[m] = pairs[rng.choice(len(pairs), size=len(m), replace=False)]
    outward = np.array([f"{POSTCODE_AREA}{dnum[j]}" for j in dlab], dtype=object)
    inward = np.array([f"{s}{u}" for s, u in zip(sector, unit)], dtype=object)
    return outward, inward


def _terminations(lsoa_idx: np.ndarray, n_lsoa: int, rng: np.random.Generator) -> np.ndarray:
    """``YYYYMM`` (2005–2023) for TERMINATED_SHARE of the postcodes in random order, blank for the rest,
    never leaving an LSOA with MIN_LIVE_POSTCODES or fewer live ones."""
    n_term = int(round(TERMINATED_SHARE * len(lsoa_idx)))
    doterm = np.full(len(lsoa_idx), "", dtype=object)
    live_left = np.bincount(lsoa_idx, minlength=n_lsoa)
    chosen = 0
    for p in rng.permutation(len(lsoa_idx)):
        if chosen == n_term:
            break
        if live_left[lsoa_idx[p]] > MIN_LIVE_POSTCODES:
            y = int(rng.integers(2005, 2024))
            m = int(rng.integers(1, 13))
            doterm[p] = f"{y}{m:02d}"
            live_left[lsoa_idx[p]] -= 1
            chosen += 1
    return doterm

