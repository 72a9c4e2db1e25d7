"""Deprivation and population of the sample LSOAs, and the population tables written beside them.

Population is one array ``counts`` of people, LSOAs × age (6) × sex (2) × ethnicity (5) × disability (2)
(STRATA_SHAPE), so every breakdown of an LSOA sums exactly to its total. Coordinates in metres.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..shapes import gauss
from .config import AGE_BANDS, BBOX, CITY_CENTRE, DIMENSIONS, STRATA_SHAPE

#: Clusters of Asian and Black residents, east and south of the city centre (m).
ASIAN_CENTRE, BLACK_CENTRE = (537200.0, 177600.0), (530600.0, 175800.0)


def make_imd(cent: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """IMD decile of each LSOA (1 = most deprived … 10; equal numbers per decile) from a smooth score:
    city centre, Easthaven docks, a north-west estate, Brackenmoor south, six random bumps, noise."""
    score = (0.45 * gauss(cent, CITY_CENTRE, 2000.0)
             + 0.9 * gauss(cent, (539300.0, 174300.0), 1800.0)   # Easthaven docks
             + 0.7 * gauss(cent, (524600.0, 183600.0), 1500.0)   # north-west estate
             + 0.5 * gauss(cent, (527000.0, 173800.0), 1500.0))  # Brackenmoor south
    for _ in range(6):
        c = (rng.uniform(BBOX[0], BBOX[2]), rng.uniform(BBOX[1], BBOX[3]))
        score += rng.normal(0, 0.35) * gauss(cent, c, rng.uniform(1800, 3500))
    score += rng.normal(0.0, 0.12, len(cent))
    rank = np.argsort(np.argsort(-score, kind="stable"), kind="stable")  # 0 = most deprived
    return (rank * 10 // len(cent) + 1).astype(int)


def make_population(cent: np.ndarray, imd: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """People per LSOA × stratum (STRATA_SHAPE): one multinomial draw of 1,200–2,500 people per LSOA from a
    joint distribution that varies with distance from the city centre and with deprivation."""
    n = len(cent)
    u = np.clip(np.hypot(cent[:, 0] - CITY_CENTRE[0], cent[:, 1] - CITY_CENTRE[1]) / 9000.0, 0.0, 1.3)
    dep = (10 - imd) / 9.0                                     # 1 = most deprived
    total = _totals(u, rng)
    p_age = _age_shares(u, dep, rng)
    p_sex = _sex_shares(n, rng)
    p_eth = _ethnicity_shares(cent, dep, rng)
    p_dis = _disability_shares(dep, rng)
    joint = (p_age[:, :, None, None, None] * p_sex[:, :, :, None, None]
             * p_eth[:, :, None, :, None] * p_dis[:, :, None, None, :])
    joint = joint.reshape(n, -1)
    joint /= joint.sum(1, keepdims=True)
    counts = np.stack([rng.multinomial(total[i], joint[i]) for i in range(n)])
    return counts.reshape((n,) + STRATA_SHAPE)


def _totals(u: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """People per LSOA: normal, mean 1,740 (+120 towards the centre), sd 270, redrawn outside 1,200–2,500."""
    total = np.round(rng.normal(1740.0, 270.0, len(u)) + 120 * (1 - u))
    while True:
        bad = (total < 1200) | (total > 2500)
        if not bad.any():
            return total.astype(np.int64)
        total[bad] = np.round(rng.normal(1740.0, 270.0, bad.sum()) + 120 * (1 - u[bad]))


def _age_shares(u: np.ndarray, dep: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Age shares (LSOAs × 6): young adults in the centre, older people at the fringe, children where deprived."""
    base_age = np.log([0.185, 0.105, 0.14, 0.20, 0.19, 0.18])
    alpha = np.array([-0.1, 0.9, 1.0, 0.15, -0.35, -1.1])     # centre vs fringe
    beta = np.array([0.35, 0.2, 0.1, 0.0, -0.15, -0.35])      # deprived vs affluent
    la = (base_age[None] + alpha[None] * (0.5 - u[:, None]) + beta[None] * (dep[:, None] - 0.5)
          + rng.normal(0.0, 0.08, (len(u), 6)))
    p_age = np.exp(la)
    return p_age / p_age.sum(1, keepdims=True)


def _sex_shares(n: int, rng: np.random.Generator) -> np.ndarray:
    """Female, male shares by age (LSOAs × 6 × 2): more women among the old, a little noise."""
    fem = np.array([0.488, 0.49, 0.505, 0.505, 0.505, 0.55])
    p_sex = np.stack([fem, 1 - fem], axis=-1)[None].repeat(n, 0)
    return p_sex + rng.normal(0.0, 0.008, (n, 6, 1)) * np.array([1, -1])


def _ethnicity_shares(cent: np.ndarray, dep: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Ethnicity shares by age (LSOAs × 6 × 5, ETHNICITIES order): diverse in the centre, an Asian cluster
    east and a Black cluster south of it; minority groups younger."""
    n = len(cent)
    minority = np.clip(0.07 + 0.45 * gauss(cent, CITY_CENTRE, 3400.0) + 0.30 * gauss(cent, ASIAN_CENTRE, 1800.0)
                       + 0.22 * gauss(cent, BLACK_CENTRE, 1600.0) + rng.normal(0, 0.03, n), 0.03, 0.8)
    comp = np.c_[0.38 + 1.2 * gauss(cent, ASIAN_CENTRE, 1800.0),          # Asian
                 0.25 + 1.0 * gauss(cent, BLACK_CENTRE, 1600.0),          # Black
                 0.20 + 0.0 * dep,                                        # Mixed
                 0.14 + 0.0 * dep]                                        # Other
    comp = comp * np.exp(rng.normal(0.0, 0.1, comp.shape))
    comp /= comp.sum(1, keepdims=True)
    f_age = np.array([1.3, 1.25, 1.15, 1.0, 0.7, 0.4])
    mino = minority[:, None, None] * comp[:, None, :] * f_age[None, :, None]   # (n, 6, 4)
    p_eth = np.empty((n, 6, 5))
    p_eth[..., [0, 1, 2, 4]] = mino
    p_eth[..., 3] = 1.0 - mino.sum(-1)
    assert (p_eth[..., 3] > 0.05).all()
    return p_eth


def _disability_shares(dep: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Disabled, not disabled shares by age (LSOAs × 6 × 2): prevalence rises with age and deprivation."""
    prev = np.array([0.045, 0.085, 0.10, 0.13, 0.20, 0.33])
    dep_factor = 0.75 + 0.65 * dep
    dis = np.clip(prev[None] * dep_factor[:, None] * np.exp(rng.normal(0, 0.08, (len(dep), 1))), 0, 0.7)
    return np.stack([dis, 1 - dis], axis=-1)


def breakdown_columns(counts: np.ndarray) -> dict[str, np.ndarray]:
    """The LSOA layer's population fields (``pop_age_0_15`` … ``pop_not_disabled``): one marginal each."""
    columns = {}
    for axis, (_, _, fields) in enumerate(DIMENSIONS, start=1):
        marginal = counts.sum(axis=tuple(ax for ax in range(1, 5) if ax != axis))
        for j, field in enumerate(fields):
            columns[field] = marginal[:, j]
    return columns


def population_long(codes: np.ndarray, counts: np.ndarray) -> pd.DataFrame:
    """``lsoa21cd, dimension, group, population``: every LSOA's breakdown by each dimension."""
    columns = breakdown_columns(counts)
    rows = [(code, dim, group, int(columns[field][i]))
            for i, code in enumerate(codes)
            for dim, groups, fields in DIMENSIONS
            for group, field in zip(groups, fields)]
    return pd.DataFrame(rows, columns=["lsoa21cd", "dimension", "group", "population"])


def population_by_age(codes: np.ndarray, counts: np.ndarray) -> pd.DataFrame:
    """``lsoa21cd, dimension, group, age_band, population``: sex, ethnicity and disability each by age band."""
    rows = []
    for i, code in enumerate(codes):
        for axis, (dim, groups, _) in enumerate(DIMENSIONS[1:], start=2):
            by_age = counts[i][None].sum(axis=tuple(ax for ax in (2, 3, 4) if ax != axis))[0]   # (6, groups)
            for gi, group in enumerate(groups):
                for ai, band in enumerate(AGE_BANDS):
                    rows.append((code, dim, group, band, int(by_age[ai, gi])))
    return pd.DataFrame(rows, columns=["lsoa21cd", "dimension", "group", "age_band", "population"])
