"""The sample's population as the Census 2021 tables are published, so that the demo prepares its population from
files as a user downloads them: by nomis (bulk CSV layout) ``census2021-ts007-lsoa.csv`` (age by single year, with
the table's own age bands beside the single years) and ``census2021-ts038-lsoa.csv`` (disability, broad and
detailed) — text is quoted, numbers are not, every name ends ``; measures: Value`` in TS007, as nomis writes them —
and as an ONS "Create a custom dataset" download crossing two variables, ``custom-lsoa-age6-ethnic6.csv``
(Lower layer Super Output Areas × Age (6 categories) × Ethnic group (6 categories), one row per area and pair of
categories, "Does not apply" rows of 0 included, unquoted as the ONS writes it): the sample's own population by age
band and ethnicity, exactly.

The sample has six age bands and two disability groups per LSOA; the finer categories are made by a fixed rule
(no randomness), so the files add up exactly to the sample's fields: each band is split over its single years
(evenly, except 65+, whose weights fall by 8% a year of age) and the disabled (not disabled) population 45 / 55
(12 / 88) into the detailed groups, whole people by largest remainder.
"""
from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd

from .config import AGE_FIELDS, DIS_FIELDS

#: (first, last) year of each of the sample's six bands; the last is the table's "100 years and over".
BAND_YEARS = [(0, 15), (16, 24), (25, 34), (35, 49), (50, 64), (65, 100)]
#: TS007's own age bands, listed before the single years they hold.
TS007_BANDS = [(0, 4, "Aged 4 years and under"), (5, 9, "Aged 5 to 9 years"), (10, 15, "Aged 10 to 15 years"),
               (16, 19, "Aged 16 to 19 years"), (20, 24, "Aged 20 to 24 years"), (25, 34, "Aged 25 to 34 years"),
               (35, 49, "Aged 35 to 49 years"), (50, 64, "Aged 50 to 64 years"), (65, 74, "Aged 65 to 74 years"),
               (75, 84, "Aged 75 to 84 years"), (85, 100, "Aged 85 years and over")]
TS038 = ["Total: All usual residents", "Disabled under the Equality Act",
         "Disabled under the Equality Act: Day-to-day activities limited a lot",
         "Disabled under the Equality Act: Day-to-day activities limited a little",
         "Not disabled under the Equality Act",
         "Not disabled under the Equality Act: Has long term physical or mental health condition but day-to-day "
         "activities are not limited",
         "Not disabled under the Equality Act: No long term physical or mental health conditions"]
#: ONS custom dataset classifications: (code, label), in the sample's AGE_BANDS and ETHNICITIES order.
AGE6 = [(1, "Aged 15 years and under"), (2, "Aged 16 to 24 years"), (3, "Aged 25 to 34 years"),
        (4, "Aged 35 to 49 years"), (5, "Aged 50 to 64 years"), (6, "Aged 65 years and over")]
ETHNIC6 = [(-8, "Does not apply"), (1, "Asian, Asian British or Asian Welsh"),
           (2, "Black, Black British, Black Welsh, Caribbean or African"), (3, "Mixed or Multiple ethnic groups"),
           (4, "White"), (5, "Other ethnic group")]
CUSTOM_AGE_ETHNIC = "custom-lsoa-age6-ethnic6.csv"


def year_label(age: int) -> str:
    if age == 0:
        return "Aged under 1 year"
    if age == 100:
        return "Aged 100 years and over"
    return "Aged 1 year" if age == 1 else f"Aged {age} years"


def split(totals: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Whole numbers per (row, weight) adding up to ``totals``: shares by ``weights``, largest remainder."""
    exact = totals[:, None] * weights[None] / weights.sum()
    whole = np.floor(exact).astype(np.int64)
    short = totals - whole.sum(axis=1)
    order = np.argsort(-(exact - whole), axis=1, kind="stable")
    for row, n in enumerate(short):
        whole[row, order[row, :n]] += 1
    return whole


def single_years(lsoa: pd.DataFrame) -> np.ndarray:
    """LSOAs × ages 0…100: each of the sample's bands split over its years."""
    parts = []
    for (first, last), field in zip(BAND_YEARS, AGE_FIELDS):
        ages = np.arange(first, last + 1)
        weights = 0.92 ** (ages - first) if last == 100 else np.ones(len(ages))
        parts.append(split(lsoa[field].to_numpy(dtype=np.int64), weights))
    return np.concatenate(parts, axis=1)


def nomis_frame(lsoa: pd.DataFrame, columns: dict[str, np.ndarray]) -> pd.DataFrame:
    return pd.DataFrame({"date": "2021", "geography": lsoa["LSOA21NM"].to_numpy(),
                         "geography code": lsoa["LSOA21CD"].to_numpy(), **columns})


def ts007(lsoa: pd.DataFrame) -> pd.DataFrame:
    """Age by single year (TS007) in the nomis bulk layout."""
    years = single_years(lsoa)
    columns = {"Age: Total": years.sum(axis=1)}
    for first, last, label in TS007_BANDS:
        columns[f"Age: {label}"] = years[:, first:last + 1].sum(axis=1)
        for age in range(first, last + 1):
            columns[f"Age: {year_label(age)}"] = years[:, age]
    return nomis_frame(lsoa, {f"{name}; measures: Value": values for name, values in columns.items()})


def ts038(lsoa: pd.DataFrame) -> pd.DataFrame:
    """Disability (TS038) in the nomis bulk layout."""
    disabled, not_disabled = (lsoa[field].to_numpy(dtype=np.int64) for field in DIS_FIELDS)
    values = [disabled + not_disabled, disabled, *split(disabled, np.array([45.0, 55.0])).T, not_disabled,
              *split(not_disabled, np.array([12.0, 88.0])).T]
    return nomis_frame(lsoa, {f"Disability: {label}": v for label, v in zip(TS038, values)})


def custom_age_ethnicity(lsoa: pd.DataFrame, counts: np.ndarray) -> pd.DataFrame:
    """Age (6 categories) × Ethnic group (6 categories) by LSOA in the ONS custom dataset layout, from the
    population array (LSOAs × age × sex × ethnicity × disability) summed over sex and disability."""
    by_age = counts.sum(axis=(2, 4))                                   # LSOAs × 6 ages × 5 ethnicities
    observations = np.concatenate([np.zeros(by_age.shape[:2] + (1,), dtype=np.int64), by_age], axis=2)
    n_areas, n_ages, n_groups = observations.shape
    return pd.DataFrame({
        "Lower layer Super Output Areas Code": np.repeat(lsoa["LSOA21CD"].to_numpy(), n_ages * n_groups),
        "Lower layer Super Output Areas": np.repeat(lsoa["LSOA21NM"].to_numpy(), n_ages * n_groups),
        "Age (6 categories) Code": np.tile(np.repeat([c for c, _ in AGE6], n_groups), n_areas),
        "Age (6 categories)": np.tile(np.repeat([label for _, label in AGE6], n_groups), n_areas),
        "Ethnic group (6 categories) Code": np.tile([c for c, _ in ETHNIC6], n_areas * n_ages),
        "Ethnic group (6 categories)": np.tile([label for _, label in ETHNIC6], n_areas * n_ages),
        "Observation": observations.reshape(-1)})


def write_census_tables(lsoa: pd.DataFrame, counts: np.ndarray, out: Path) -> None:
    """``census2021-ts007-lsoa.csv``, ``census2021-ts038-lsoa.csv`` and ``custom-lsoa-age6-ethnic6.csv`` in
    ``out``."""
    for name, frame in (("census2021-ts007-lsoa.csv", ts007(lsoa)), ("census2021-ts038-lsoa.csv", ts038(lsoa))):
        frame.to_csv(out / name, index=False, encoding="utf-8", lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC)
    custom_age_ethnicity(lsoa, counts).to_csv(out / CUSTOM_AGE_ETHNIC, index=False, encoding="utf-8",
                                              lineterminator="\n")
