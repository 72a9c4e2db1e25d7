"""``planted.json``: the planted effects, with the sizes a perfect estimator would approach and the counts
actually drawn. Rates are cases per person over the four years; ratios are observed / expected."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..codes import postcode_key
from ..writers import EPSG
from .cases import CaseModel, live_postcodes
from .config import (
    DATE_END,
    DATE_START,
    DEP_MULT,
    DIMENSIONS,
    GROUP_MULT,
    LSOA_HIGH_MULT,
    LSOA_LOW_MULT,
    MALFORMED_VALUES,
    MESSY_SHARES,
    PCON_HIGH_MULT,
    STRATA_SHAPE,
    TARGET_CASES,
)
from .planting import Planted

GENERATOR = "synthetic.sample (python -m scripts.generate_sample_data)"
DESCRIPTION = ("Effects planted in the synthetic PHSO Insight sample data. Rate of a person = baseline_rate_per_person"
               " * age * sex * ethnicity * disability * deprivation(imd_decile) * lsoa * constituency multipliers.")


def locate(cases: pd.DataFrame, postcodes: pd.DataFrame, column: str) -> pd.Series:
    """``column`` of the lookup row each case's postcode matches (upper case, no spaces); NaN if none."""
    lookup = dict(zip(postcodes["pcds"].str.replace(" ", "", regex=False), postcodes[column]))
    return postcode_key(cases["postcode"]).map(lookup)


def constituency_population(postcodes: pd.DataFrame, pop: np.ndarray) -> pd.Series:
    """People per constituency code: each LSOA's population split by its live postcodes' constituencies."""
    live = live_postcodes(postcodes)
    n_live = live.groupby("_lsoa").size()
    share = live.groupby(["_lsoa", "pcon24cd"]).size().div(n_live, level="_lsoa")
    return (share * pd.Series(pop).reindex(share.index.get_level_values(0)).to_numpy()).groupby(
        level="pcon24cd").sum()


def build_planted(seed: int, lsoa: pd.DataFrame, counts: np.ndarray, postcodes: pd.DataFrame, pcon: pd.DataFrame,
                  cases: pd.DataFrame, model: CaseModel, planted: Planted) -> dict:
    """The content of ``planted.json``."""
    pop = counts.reshape(len(lsoa), -1).sum(1)
    located = locate(cases, postcodes, "lsoa21cd")
    n_loc = int(located.notna().sum())
    loc_by_lsoa = located.value_counts().reindex(lsoa["LSOA21CD"]).fillna(0).astype(int).to_numpy()
    crude_all = loc_by_lsoa / (n_loc * pop / pop.sum())
    others = np.delete(crude_all, planted.high + planted.low)
    return {
        "description": DESCRIPTION,
        "generator": GENERATOR,
        "seed": seed,
        "crs": f"EPSG:{EPSG}",
        "period": {"start": DATE_START.isoformat(), "end": DATE_END.isoformat()},
        "target_expected_cases": TARGET_CASES,
        "cases_generated": int(len(cases)),
        "cases_located_by_postcode": n_loc,
        "baseline_rate_per_person": float(f"{model.c:.10g}"),
        "lsoa_high": [lsoa["LSOA21CD"].iat[i] for i in planted.high],
        "lsoa_low": [lsoa["LSOA21CD"].iat[i] for i in planted.low],
        "constituency_high": pcon["PCON24CD"].iat[planted.pcon],
        "multipliers": {
            "lsoa_high": LSOA_HIGH_MULT, "lsoa_low": LSOA_LOW_MULT, "constituency_high": PCON_HIGH_MULT,
            **GROUP_MULT, "imd_decile": {str(k): v for k, v in DEP_MULT.items()},
        },
        "details": {
            **_lsoa_details(lsoa, pop, cases, model, planted, loc_by_lsoa, n_loc),
            "constituency_high": _constituency_detail(pcon, planted, cases, postcodes, pop, n_loc),
            "other_lsoas_crude_ratio": {"min": round(float(others.min()), 3), "max": round(float(others.max()), 3)},
            "groups": group_ratios(counts, model),
            "imd_decile": deprivation_table(lsoa, counts, model),
        },
        "null_effects": ["sex"],
        "messy_data": _messy_summary(cases),
    }


def _lsoa_details(lsoa, pop, cases, model: CaseModel, planted: Planted, loc_by_lsoa, n_loc) -> dict:
    """``lsoa_high`` and ``lsoa_low``: per planted LSOA its model and observed counts and crude ratio."""
    gen_by_lsoa = np.bincount(cases["_lsoa"].to_numpy(), minlength=len(lsoa))
    total_lam = model.lam.sum()

    def detail(i: int, mult: float) -> dict:
        crude_e_obs = n_loc * pop[i] / pop.sum()
        return {
            "code": lsoa["LSOA21CD"].iat[i], "name": lsoa["LSOA21NM"].iat[i],
            "multiplier": mult, "imd_decile": int(lsoa["imd_decile"].iat[i]),
            "pop_total": int(pop[i]),
            "model_expected_cases": round(float(model.lam[i].sum()), 3),
            "crude_expected_at_region_rate": round(float(total_lam * pop[i] / pop.sum()), 3),
            "cases_generated": int(gen_by_lsoa[i]),
            "cases_located_by_postcode": int(loc_by_lsoa[i]),
            "crude_ratio_located": round(float(loc_by_lsoa[i] / crude_e_obs), 3),
        }

    return {"lsoa_high": [detail(i, LSOA_HIGH_MULT) for i in planted.high],
            "lsoa_low": [detail(i, LSOA_LOW_MULT) for i in planted.low]}


def _constituency_detail(pcon, planted: Planted, cases, postcodes, pop, n_loc) -> dict:
    """The planted constituency: population by postcode share, located cases, crude ratio."""
    code = pcon["PCON24CD"].iat[planted.pcon]
    pcon_pop = constituency_population(postcodes, pop)
    observed = int((locate(cases, postcodes, "pcon24cd") == code).sum())
    expected = n_loc * pcon_pop[code] / pop.sum()
    return {"code": code, "name": pcon["PCON24NM"].iat[planted.pcon], "multiplier": PCON_HIGH_MULT,
            "population_by_postcode_share": int(round(pcon_pop[code])), "cases_located": observed,
            "crude_ratio_located": round(float(observed / expected), 3)}


def group_ratios(counts: np.ndarray, model: CaseModel) -> dict:
    """Per dimension and group: multiplier, population, model expected cases, model crude ratio and model
    ratio indirectly standardised by age (reference: everyone)."""
    lam5 = model.lam.reshape((len(counts),) + STRATA_SHAPE)
    rate_all = lam5.sum() / counts.sum()
    age_rate = lam5.sum(axis=(0, 2, 3, 4)) / counts.sum(axis=(0, 2, 3, 4))
    groups = {}
    for axis, (dim, labels, _) in enumerate(DIMENSIONS, start=1):
        out = {}
        for gi, g in enumerate(labels):
            sl = [slice(None)] * 5
            sl[axis] = gi
            lg, ng = lam5[tuple(sl)], counts[tuple(sl)]
            if axis == 1:
                std = 1.0
            else:   # ng has axes (LSOA, age, …) with the group axis removed
                n_by_age = ng.sum(axis=tuple(ax for ax in range(ng.ndim) if ax != 1))
                std = lg.sum() / (n_by_age * age_rate).sum()
            out[g] = {"rate_multiplier": GROUP_MULT[dim][g], "population": int(ng.sum()),
                      "model_expected_cases": round(float(lg.sum()), 3),
                      "model_crude_ratio": round(float(lg.sum() / (ng.sum() * rate_all)), 4),
                      "model_age_standardised_ratio": round(float(std), 4)}
        groups[dim] = out
    return groups


def deprivation_table(lsoa: pd.DataFrame, counts: np.ndarray, model: CaseModel) -> dict:
    """Per IMD decile: multiplier, LSOAs, population and model crude ratio."""
    pop = counts.reshape(len(lsoa), -1).sum(1)
    rate_all = model.lam.sum() / counts.sum()
    lam_l = model.lam.sum(1)
    dec = lsoa["imd_decile"].to_numpy()
    table = {}
    for d in range(1, 11):
        m = dec == d
        table[str(d)] = {"rate_multiplier": DEP_MULT[d], "n_lsoa": int(m.sum()), "population": int(pop[m].sum()),
                         "model_crude_ratio": round(float(lam_l[m].sum() / (pop[m].sum() * rate_all)), 4)}
    return table


def _messy_summary(cases: pd.DataFrame) -> dict:
    cat_counts = cases["_category"].value_counts()
    return {
        "postcode_categories": {k: int(cat_counts.get(k, 0)) for k in MESSY_SHARES},
        "postcode_clean": int(cat_counts.get("clean", 0)),
        "malformed_values_used": MALFORMED_VALUES,
        "ethnicity_prefer_not_to_say": int((cases["ethnicity"] == "Prefer not to say").sum()),
        "ethnicity_blank": int((cases["ethnicity"] == "").sum()),
        "disability_blank": int((cases["disability"] == "").sum()),
    }
