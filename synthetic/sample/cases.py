"""The sample's complaint cases: Poisson counts per LSOA × stratum with the planted rate multipliers, a live
postcode of the LSOA, a case type and a received date each."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import numpy as np
import pandas as pd

from ..codes import case_ids
from .config import (
    AGE_BANDS,
    AGE_MULT,
    CASE_TYPE_P,
    CASE_TYPES,
    DATE_END,
    DATE_START,
    DEP_MULT,
    DIS_MULT,
    DISABILITY,
    ETH_MULT,
    ETHNICITIES,
    N_STRATA,
    SEX_MULT,
    SEXES,
    STRATA_SHAPE,
    TARGET_CASES,
)


@dataclass(frozen=True)
class CaseModel:
    """Expected cases ``lam`` (LSOAs × N_STRATA, over the four years) and the baseline rate ``c``
    (cases per person over the four years before multipliers)."""

    lam: np.ndarray
    c: float


def stratum_multipliers() -> np.ndarray:
    """Rate multiplier of each stratum, age × sex × ethnicity × disability (STRATA_SHAPE)."""
    return (np.array([AGE_MULT[a] for a in AGE_BANDS])[:, None, None, None]
            * np.array([SEX_MULT[s] for s in SEXES])[None, :, None, None]
            * np.array([ETH_MULT[e] for e in ETHNICITIES])[None, None, :, None]
            * np.array([DIS_MULT[d] for d in DISABILITY])[None, None, None, :])


def live_postcodes(postcodes: pd.DataFrame) -> pd.DataFrame:
    """The postcodes without a termination date."""
    return postcodes[postcodes["doterm"] == ""]


def case_model(lsoa: pd.DataFrame, counts: np.ndarray, postcodes: pd.DataFrame, lsoa_mult: np.ndarray,
               pcon_mult: np.ndarray) -> CaseModel:
    """Expected cases per LSOA × stratum: people × stratum × deprivation × LSOA multiplier × the mean
    constituency multiplier of the LSOA's live postcodes, scaled to TARGET_CASES in total."""
    n_lsoa = len(lsoa)
    dep = np.array([DEP_MULT[d] for d in lsoa["imd_decile"]])
    live = live_postcodes(postcodes)
    pc_mult = pcon_mult[live["_pcon"].to_numpy()]
    const_eff = pd.Series(pc_mult).groupby(live["_lsoa"].to_numpy()).mean().reindex(range(n_lsoa)).to_numpy()
    area_mult = dep * lsoa_mult * const_eff
    raw = counts.reshape(n_lsoa, -1) * stratum_multipliers().reshape(-1)[None, :] * area_mult[:, None]
    c = TARGET_CASES / raw.sum()
    return CaseModel(c * raw, c)


def draw_cases(model: CaseModel, postcodes: pd.DataFrame, pcon_mult: np.ndarray,
               rng: np.random.Generator) -> pd.DataFrame:
    """Cases in order of a provisional received date, uniform over the period: case_id, postcode (pcds of a
    live postcode of the LSOA, weighted by its constituency multiplier), age_band, sex, ethnicity, disability,
    case_type, received_date (ISO text) and the private true ``_lsoa``, ``_pcon`` row indices and ``_disabled``.
    The row order fixes which cases the messiness hits; :mod:`.timeline` then draws the final dates."""
    n_lsoa = len(model.lam)
    cell = np.repeat(np.arange(n_lsoa * N_STRATA), rng.poisson(model.lam).ravel())
    li = cell // N_STRATA
    a, s, e, d = np.unravel_index(cell % N_STRATA, STRATA_SHAPE)
    pcode, pcon = _postcodes(li, n_lsoa, postcodes, pcon_mult, rng)
    ctype = _case_types(a, d, rng)
    day = rng.integers(0, (DATE_END - DATE_START).days + 1, len(cell))
    order = np.lexsort((rng.uniform(size=len(cell)), day))
    df = pd.DataFrame({
        "postcode": pcode[order],
        "age_band": np.array(AGE_BANDS, dtype=object)[a[order]],
        "sex": np.array(SEXES, dtype=object)[s[order]],
        "ethnicity": np.array(ETHNICITIES, dtype=object)[e[order]],
        "disability": np.array(DISABILITY, dtype=object)[d[order]],
        "case_type": np.array(CASE_TYPES, dtype=object)[ctype[order]],
        "received_date": [(DATE_START + timedelta(days=int(x))).isoformat() for x in day[order]],
        "_lsoa": li[order],
        "_pcon": pcon[order],
        "_disabled": d[order] == 0,
    })
    df.insert(0, "case_id", case_ids(len(df), 6))
    return df


def _postcodes(li: np.ndarray, n_lsoa: int, postcodes: pd.DataFrame, pcon_mult: np.ndarray,
               rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """For each case in LSOA ``li``, a live postcode (pcds) of that LSOA drawn with weight = the constituency
    multiplier at the postcode point (equivalent to Poisson sampling per postcode), and its constituency index."""
    pcode = np.empty(len(li), dtype=object)
    pcon = np.full(len(li), -1)
    live_by_lsoa = dict(iter(live_postcodes(postcodes).groupby("_lsoa")))
    for i in range(n_lsoa):
        m = np.flatnonzero(li == i)
        if len(m) == 0:
            continue
        g = live_by_lsoa[i]
        w = pcon_mult[g["_pcon"].to_numpy()]
        pick = rng.choice(len(g), size=len(m), p=w / w.sum())
        pcode[m] = g["pcds"].to_numpy()[pick]
        pcon[m] = g["_pcon"].to_numpy()[pick]
    return pcode, pcon


def _case_types(a: np.ndarray, d: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Case type index (into CASE_TYPES) of each case from its age band ``a`` and disability ``d`` index:
    disabled people more often DWP, 65+ more often hospital, 0-15 NHS only (not a planted effect)."""
    p = np.tile(CASE_TYPE_P, (len(a), 1))
    p[d == 0, 5] *= 3.0                       # disabled: more DWP cases
    p[a == 5, 0] *= 1.3                       # 65+: more hospital
    p[a == 5, 5] *= 0.3
    p[a == 5, 6] *= 0.5
    p[a == 0, 5:] = 0.0                       # children: NHS only
    p /= p.sum(1, keepdims=True)
    return np.argmax(p.cumsum(1) > rng.uniform(0, 1, len(a))[:, None], axis=1)
