"""Writes this folder's London fixtures from ``tests/data/london`` (the real Census 2021 numbers) in the layouts
the ONS and nomis publish (see README.md); run from the repository root: ``python -m tests.data.census.reshape_london``.
"""
from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
LONDON = HERE.parent / "london"
AGE6 = ["Aged 15 years and under", "Aged 16 to 24 years", "Aged 25 to 34 years", "Aged 35 to 49 years",
        "Aged 50 to 64 years", "Aged 65 years and over"]
DISABILITY = {"Disabled under the Equality Act": "Disability: Disabled under the Equality Act",
              "Not disabled under the Equality Act": "Disability: Not disabled under the Equality Act"}


def custom_age6(age: pd.DataFrame) -> pd.DataFrame:
    """ONS "Create a custom dataset" download: LSOAs × Age (6 categories), one row per area and category."""
    return pd.DataFrame({"Lower layer Super Output Areas Code": age["lsoa21_code"],
                         "Lower layer Super Output Areas": age["lsoa21_name"],
                         "Age (6 categories) Code": age["age_group"].map({c: i for i, c in enumerate(AGE6, 1)}),
                         "Age (6 categories)": age["age_group"], "Observation": age["usual_residents"]})


def nomis_ts038(disability: pd.DataFrame, names: pd.Series) -> pd.DataFrame:
    """nomis bulk layout of TS038 (the total and the two broad categories the London data has; text quoted,
    numbers not, as nomis writes them)."""
    wide = disability.pivot(index="lsoa21_code", columns="disability", values="n").rename(columns=DISABILITY)
    totals = disability.groupby("lsoa21_code")["total_residents"].first()
    return pd.DataFrame({"date": "2021", "geography": names.reindex(wide.index).to_numpy(),
                         "geography code": wide.index,
                         "Disability: Total: All usual residents": totals.reindex(wide.index).to_numpy(),
                         **{column: wide[column].to_numpy() for column in DISABILITY.values()}})


def main() -> None:
    age = pd.read_csv(LONDON / "london_census2021_age6_by_lsoa21.csv")
    disability = pd.read_csv(LONDON / "london_census2021_disability_ts038_by_lsoa21.csv")
    names = age.drop_duplicates("lsoa21_code").set_index("lsoa21_code")["lsoa21_name"]
    custom_age6(age).to_csv(HERE / "custom_age6_lsoa_london.csv", index=False)
    nomis_ts038(disability, names).to_csv(HERE / "census2021-ts038-lsoa_london.csv", index=False,
                                          quoting=csv.QUOTE_NONNUMERIC)


if __name__ == "__main__":
    main()
