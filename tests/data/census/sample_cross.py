"""Writes ``census2021-ts009-lsoa_sample.csv``: the first 12 LSOAs of the bundled (fictional) sample's population by
sex and age in the nomis bulk layout of TS009 (sex by single year of age), from the sample's
``population_by_age.csv`` (sex by the six age bands), each band split over its single years as
``synthetic/sample/census_tables.py`` splits it. Run from the repository root:
``python -m tests.data.census.sample_cross``.
"""
from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd

from synthetic.sample.census_tables import TS007_BANDS, single_years, year_label
from synthetic.sample.config import AGE_BANDS, AGE_FIELDS

HERE = Path(__file__).resolve().parent
SAMPLE = HERE.parents[2] / "phso_insight_plugin" / "resources" / "sample"
N_AREAS = 12


def age_columns(years: np.ndarray, sex: str) -> dict[str, np.ndarray]:
    """TS009's age columns of one sex: Total, then each of TS007's bands before its single years."""
    columns = {"Total": years.sum(axis=1)}
    for first, last, label in TS007_BANDS:
        columns[label] = years[:, first:last + 1].sum(axis=1)
        for age in range(first, last + 1):
            columns[year_label(age)] = years[:, age]
    return {f"Sex: {sex}; Age: {label}; measures: Value": values for label, values in columns.items()}


def main() -> None:
    by_age = pd.read_csv(SAMPLE / "population_by_age.csv")
    sexes = by_age[by_age["dimension"] == "sex"]
    codes = list(dict.fromkeys(sexes["lsoa21cd"]))[:N_AREAS]
    years = {}
    for sex in ("Female", "Male"):
        wide = sexes[sexes["group"] == sex].pivot(index="lsoa21cd", columns="age_band", values="population")
        bands = wide.loc[codes, AGE_BANDS].set_axis(AGE_FIELDS, axis=1)
        years[sex] = single_years(bands)
    columns = {**age_columns(years["Female"] + years["Male"], "All persons"), **age_columns(years["Female"], "Female"),
               **age_columns(years["Male"], "Male")}
    frame = pd.DataFrame({"date": "2021", "geography": [f"Sample {c}" for c in codes], "geography code": codes,
                          **columns})
    frame.to_csv(HERE / "census2021-ts009-lsoa_sample.csv", index=False, lineterminator="\n",
                 quoting=csv.QUOTE_NONNUMERIC)


if __name__ == "__main__":
    main()
