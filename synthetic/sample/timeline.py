"""Change-over-time planting (issue 14): when cases were received.

Each case's received date is drawn from its time profile, a day weight that is piecewise constant:

* everyone: 1 (level demand over the four financial years);
* cases in the outreach-pilot constituency: × PILOT_MULT from PILOT_START on;
* disabled people's cases: × TREND_PER_YEAR per financial year (FY2021/22 = 1, FY2022/23 = TREND, …).

A case's profile depends on its true constituency (that of the postcode drawn for it, before any
messy rewrite) and its true disability (before blanking). Only the dates are drawn here: the number of
cases of every area and group is that drawn by the four-year model, so every pooled figure stays as
it was. Given its four-year total, a Poisson process whose rate follows the profile places each event
independently with density ∝ profile, so this is the same as drawing counts per period from the
profile's rates, conditioned on the four-year totals. Days count from DATE_START (day 0).
"""
from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd

from ..codes import case_ids
from .config import DATE_END, DATE_START, PILOT_MULT, PILOT_START, TREND_PER_YEAR

N_DAYS = (DATE_END - DATE_START).days + 1


def financial_years() -> list[tuple[str, date, date]]:
    """(label ``FY2021/22``, first day, last day) of each financial year (April–March) in the period."""
    years = []
    for start_year in range(DATE_START.year, DATE_END.year):
        first, last = date(start_year, 4, 1), date(start_year + 1, 3, 31)
        years.append((f"FY{start_year}/{(start_year + 1) % 100:02d}", first, last))
    assert years[0][1] == DATE_START and years[-1][2] == DATE_END
    return years


def fiscal_year_of_day() -> np.ndarray:
    """Financial-year index (0 = FY2021/22) of every day of the period."""
    days = np.array([DATE_START + timedelta(days=int(d)) for d in range(N_DAYS)])
    return np.array([d.year - (d.month < 4) - DATE_START.year for d in days])


def fiscal_year_index(received: pd.Series) -> np.ndarray:
    """Financial-year index (0 = FY2021/22) of each ISO date in ``received``."""
    dates = pd.to_datetime(received, format="%Y-%m-%d")
    return (dates.dt.year - (dates.dt.month < 4) - DATE_START.year).to_numpy()


def pilot_period() -> int:
    """Index of the financial year in which the pilot starts (it starts on that year's first day)."""
    index = int(fiscal_year_of_day()[(PILOT_START - DATE_START).days])
    assert financial_years()[index][1] == PILOT_START, "the pilot must start on 1 April"
    return index


def day_weights(pilot: bool, disabled: bool) -> np.ndarray:
    """Relative rate on each day (N_DAYS) for a case in (or not in) the pilot constituency, disabled or not."""
    weights = np.ones(N_DAYS)
    if pilot:
        weights[(PILOT_START - DATE_START).days:] *= PILOT_MULT
    if disabled:
        weights *= TREND_PER_YEAR ** fiscal_year_of_day()
    return weights


def choose_pilot(cases: pd.DataFrame, n_pcon: int, excluded: set[int]) -> int:
    """The pilot constituency: the one with the most cases (by true location) outside ``excluded``,
    which gives the change the most power."""
    per = np.bincount(cases["_pcon"].to_numpy(), minlength=n_pcon).astype(float)
    per[sorted(excluded)] = -1.0
    return int(np.argmax(per))


def profile_classes(cases: pd.DataFrame, pilot_pcon: int) -> tuple[np.ndarray, np.ndarray]:
    """(in the pilot constituency, disabled) of each case, by its true constituency and disability."""
    return cases["_pcon"].to_numpy() == pilot_pcon, cases["_disabled"].to_numpy()


def redate(cases: pd.DataFrame, pilot_pcon: int, rng: np.random.Generator) -> pd.DataFrame:
    """``cases`` with received dates drawn from their time profiles, in date order (ties at random) and
    renumbered ``PHSO-000001 …``."""
    in_pilot, disabled = profile_classes(cases, pilot_pcon)
    day = np.empty(len(cases), dtype=np.int64)
    for pilot in (False, True):
        for dis in (False, True):
            members = np.flatnonzero((in_pilot == pilot) & (disabled == dis))
            weights = day_weights(pilot, dis)
            day[members] = rng.choice(N_DAYS, size=len(members), p=weights / weights.sum())
    order = np.lexsort((rng.uniform(size=len(cases)), day))
    df = cases.iloc[order].reset_index(drop=True)
    df["received_date"] = [(DATE_START + timedelta(days=int(d))).isoformat() for d in day[order]]
    df["case_id"] = case_ids(len(df), 6)
    return df
