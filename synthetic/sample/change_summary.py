"""The ``change_over_time`` part of planted.json: what was planted in the received dates, the expected and
observed counts per financial year, and how likely the tests of issue 14 are to find it.

Counts are located cases (postcode found in the lookup), as the plugin sees them after assignment.
Model expectations are conditional on the cases drawn: a case of profile class c falls in period k with
probability ``frac_c(k)`` (its day weights summed over the period / over all days). Expected counts
against a reference are standardised within each period, crude: ``E_k = C_k · share`` with ``C_k`` the
reference's cases in period k, so a ratio of ratios is ``(O2/O1) / (C2/C1)``.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..codes import postcode_key
from .config import PILOT_MULT, PILOT_START, TREND_GROUP, TREND_PER_YEAR
from .significance import conditional_binomial_power, normal_power, trend_score_z
from .timeline import day_weights, financial_years, fiscal_year_index, fiscal_year_of_day, pilot_period, profile_classes

LEVELS = {"95%": 0.95, "99.8%": 0.998}


def period_fractions(pilot: np.ndarray, disabled: np.ndarray) -> np.ndarray:
    """Probability (cases × 4) that each case falls in each financial year, from its profile class."""
    fy = fiscal_year_of_day()
    out = np.empty((len(pilot), 4))
    for p in (False, True):
        for d in (False, True):
            w = day_weights(p, d)
            out[(pilot == p) & (disabled == d)] = np.bincount(fy, weights=w, minlength=4) / w.sum()
    return out


def change_over_time(cases: pd.DataFrame, postcodes: pd.DataFrame, pcon: pd.DataFrame, pilot_pcon: int,
                     disabled_share: float) -> dict:
    """planted.json's ``change_over_time``; ``disabled_share`` is the disabled share of the population."""
    lookup = dict(zip(postcodes["pcds"].str.replace(" ", "", regex=False), postcodes["pcon24cd"]))
    case_pcon = postcode_key(cases["postcode"]).map(lookup)
    located = cases[case_pcon.notna().to_numpy()]
    fracs = period_fractions(*profile_classes(located, pilot_pcon))
    fy = fiscal_year_index(located["received_date"])
    code = pcon["PCON24CD"].iat[pilot_pcon]
    return {
        "periods": [{"label": label, "start": first.isoformat(), "end": last.isoformat()}
                    for label, first, last in financial_years()],
        "construction": CONSTRUCTION,
        "pilot": _pilot(case_pcon.dropna().to_numpy() == code, fy, fracs, code, pcon["PCON24NM"].iat[pilot_pcon]),
        "group_trend": _group_trend(located, fy, fracs, disabled_share),
    }


CONSTRUCTION = (
    "Only received dates carry these effects: every case's date is drawn from its time profile (day weight "
    f"1; ×{PILOT_MULT} from {PILOT_START.isoformat()} for cases in the pilot constituency; ×{TREND_PER_YEAR} per "
    "financial year for disabled people's cases; multiplied together), by the case's true constituency and "
    "disability. The number of cases of every area and group over the four years is unchanged, so the "
    "four-year effects stay as they were.")


def _by_period(mask: np.ndarray, fy: np.ndarray) -> np.ndarray:
    return np.bincount(fy[mask], minlength=4).astype(float)


def _pilot(in_pilot: np.ndarray, fy: np.ndarray, fracs: np.ndarray, code: str, name: str) -> dict:
    """The pilot constituency: counts per year, ratios of ratios (the pilot year vs the one before, after vs
    before the start) against the whole region and the rest of it, and the power of the exact test."""
    observed, region = _by_period(in_pilot, fy), _by_period(np.ones(len(fy), dtype=bool), fy)
    model, model_region = fracs[in_pilot].sum(0), fracs.sum(0)
    start = pilot_period()
    labels = [label for label, _, _ in financial_years()]
    comparisons = {f"{labels[start]} vs {labels[start - 1]}": ([start - 1], [start]),
                   f"after vs before {PILOT_START.isoformat()}": (list(range(start)), list(range(start, 4)))}
    return {"code": code, "name": name, "rate_multiplier": PILOT_MULT, "start_date": PILOT_START.isoformat(),
            "cases_located": int(in_pilot.sum()), "located_by_period": observed.astype(int).tolist(),
            "model_located_by_period": _rounded(model, 1),
            "region_located_by_period": region.astype(int).tolist(),
            "model_region_located_by_period": _rounded(model_region, 1),
            "comparisons": {label: _comparison(observed, region, model, model_region, *periods)
                            for label, periods in comparisons.items()}}


def _comparison(observed, reference, model, model_reference, before: list[int], after: list[int]) -> dict:
    """Ratio of ratios of the ``after`` vs ``before`` periods against the rest of the reference and against
    all of it (model and observed), and the exact conditional test's power against all of it."""
    def rr(o, c):
        return (o[after].sum() / o[before].sum()) / (c[after].sum() / c[before].sum())

    n = model[before].sum() + model[after].sum()
    p0 = model_reference[after].sum() / (model_reference[before].sum() + model_reference[after].sum())
    return {"model_expected_cases": [round(float(model[before].sum()), 1), round(float(model[after].sum()), 1)],
            "model_ratio_of_ratios_vs_rest": round(float(rr(model, model_reference - model)), 4),
            "model_ratio_of_ratios_vs_all": round(float(rr(model, model_reference)), 4),
            "observed_ratio_of_ratios_vs_all": round(float(rr(observed, reference)), 4),
            "power_exact_conditional_binomial": {
                key: round(conditional_binomial_power(n, p0, model[after].sum() / n, level), 3)
                for key, level in LEVELS.items()}}


def _group_trend(cases: pd.DataFrame, fy: np.ndarray, fracs: np.ndarray, population_share: float) -> dict:
    """The rising group: its share of the cases with a recorded value per year, model and observed, ratios
    of ratios, and the power of the exact test and of the trend score test."""
    dimension, group = TREND_GROUP
    recorded = (cases[dimension] != "").to_numpy()
    members = (cases[dimension] == group).to_numpy()
    observed, known = _by_period(members, fy), _by_period(recorded, fy)
    model, model_known = fracs[members].sum(0), fracs[recorded].sum(0)
    expected = model_known * population_share
    z = trend_score_z(model, expected, np.arange(4.0))
    labels = [label for label, _, _ in financial_years()]
    comparisons = {f"{labels[3]} vs {labels[2]}": ([2], [3]), f"{labels[3]} vs {labels[0]}": ([0], [3])}
    return {"dimension": dimension, "group": group, "rate_multiplier_per_year": TREND_PER_YEAR,
            "population_share": round(population_share, 4),
            "located_recorded_by_period": known.astype(int).tolist(),
            "located_by_period": observed.astype(int).tolist(),
            "model_share_by_period": _rounded(model / model_known, 4),
            "observed_share_by_period": _rounded(observed / known, 4),
            "model_ratio_by_period": _rounded(model / expected, 4),
            "comparisons": {label: _comparison(observed, known, model, model_known, *periods)
                            for label, periods in comparisons.items()},
            "trend_score_test": {"model_z": round(z, 2),
                                 "power": {key: round(normal_power(z, level), 3) for key, level in LEVELS.items()}}}


def _rounded(values: np.ndarray, digits: int) -> list[float]:
    return [round(float(v), digits) for v in values]
