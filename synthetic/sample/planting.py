"""Which areas carry the planted effects: one constituency straddling an ICB boundary (×1.4), three
LSOAs ×3.0 and three ×0.15 chosen so that each is detectable and none is confounded with another effect."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import shapely

from ..shapes import xy
from .cases import stratum_multipliers
from .config import (
    DEP_MULT,
    LSOA_HIGH_MULT,
    LSOA_LOW_MULT,
    N_LSOA_HIGH,
    N_LSOA_LOW,
    PCON_CENTRAL_NAME,
    PCON_HIGH_MULT,
    TARGET_CASES,
)

#: Planted LSOAs lie at least this far apart (m).
MIN_PLANTED_DISTANCE = 2500.0


@dataclass(frozen=True)
class Planted:
    """Row indices of the planted LSOAs (sorted) and constituency, and the area multipliers they imply."""

    high: list[int]
    low: list[int]
    pcon: int
    lsoa_mult: np.ndarray
    pcon_mult: np.ndarray


def choose_planted(lsoa: pd.DataFrame, counts: np.ndarray, pcon: pd.DataFrame,
                   rng: np.random.Generator) -> Planted:
    """The planted constituency, then N_LSOA_HIGH high and N_LSOA_LOW low LSOAs outside it."""
    pcon_j = int(rng.choice(_straddling_constituencies(lsoa, pcon)))
    ok, crude_e, rel_ratio = _lsoa_candidates(lsoa, counts, pcon["geometry"].iloc[pcon_j])
    cent = xy(shapely.centroid(np.array(list(lsoa["geometry"]), dtype=object)))
    district = lsoa["LSOA21NM"].str.rsplit(" ", n=1).str[0].to_numpy()
    high = _pick_spread(ok & (crude_e >= 17) & (rel_ratio > 0.95), N_LSOA_HIGH, [], cent, district, rng)
    low = _pick_spread(ok & (crude_e >= 19) & (rel_ratio < 1.1), N_LSOA_LOW, high, cent, district, rng)
    lsoa_mult = np.ones(len(lsoa))
    lsoa_mult[high] = LSOA_HIGH_MULT
    lsoa_mult[low] = LSOA_LOW_MULT
    pcon_mult = np.ones(len(pcon))
    pcon_mult[pcon_j] = PCON_HIGH_MULT
    return Planted(sorted(high), sorted(low), pcon_j, lsoa_mult, pcon_mult)


def icb_geometries(lsoa: pd.DataFrame) -> dict[str, object]:
    """ICB code → union of its LSOAs, in code order."""
    geoms = np.array(list(lsoa["geometry"]), dtype=object)
    icb = lsoa["ICB23CD"].to_numpy()
    return {code: shapely.union_all(geoms[icb == code]) for code in sorted(set(icb))}


def _straddling_constituencies(lsoa: pd.DataFrame, pcon: pd.DataFrame) -> list[int]:
    """Constituencies other than the central one with ≥ 15% of their area in a second ICB."""
    icbs = icb_geometries(lsoa).values()
    eligible = []
    for j, g in enumerate(pcon["geometry"]):
        shares = sorted((shapely.intersection(g, ig).area / g.area for ig in icbs), reverse=True)
        if len(shares) > 1 and shares[1] >= 0.15 and pcon["PCON24NM"].iloc[j] != PCON_CENTRAL_NAME:
            eligible.append(j)
    assert eligible, "no constituency straddles an ICB boundary"
    return eligible


def _lsoa_candidates(lsoa: pd.DataFrame, counts: np.ndarray, planted_pcon) -> tuple[np.ndarray, ...]:
    """(eligible mask, crude expected cases, model ratio from composition and deprivation) per LSOA.

    Eligible: outside the planted constituency, IMD decile 3–8, composition close to average
    (model ratio 0.8–1.25), so a planted multiplier is not confounded with the systematic effects."""
    n = len(lsoa)
    geoms = np.array(list(lsoa["geometry"]), dtype=object)
    dep = np.array([DEP_MULT[d] for d in lsoa["imd_decile"]])
    pop = counts.reshape(n, -1).sum(1)
    rel = (counts.reshape(n, -1) * stratum_multipliers().reshape(-1)).sum(1) * dep
    rel_ratio = rel / pop / (rel.sum() / pop.sum())
    crude_e = TARGET_CASES * pop / pop.sum()
    touches = shapely.area(shapely.intersection(geoms, planted_pcon)) > 1.0
    dec = lsoa["imd_decile"].to_numpy()
    ok = (~touches) & (dec >= 3) & (dec <= 8) & (rel_ratio > 0.8) & (rel_ratio < 1.25)
    return ok, crude_e, rel_ratio


def _pick_spread(mask: np.ndarray, k: int, chosen: list[int], cent: np.ndarray, district: np.ndarray,
                 rng: np.random.Generator) -> list[int]:
    """``k`` LSOAs of ``mask`` in random order, ≥ MIN_PLANTED_DISTANCE from each other and from ``chosen``,
    from different districts where possible."""
    cand = rng.permutation(np.flatnonzero(mask))
    out: list[int] = []
    for distinct in (True, False):
        for i in cand:
            if len(out) == k:
                return out
            if i in out or any(np.hypot(*(cent[i] - cent[j])) < MIN_PLANTED_DISTANCE for j in chosen + out):
                continue
            if distinct and district[i] in {district[j] for j in out}:
                continue
            out.append(int(i))
    if len(out) == k:
        return out
    raise RuntimeError("not enough candidate LSOAs to plant")
