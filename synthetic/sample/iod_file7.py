"""The sample's deprivation as MHCLG publishes the English Indices of Deprivation 2025, File 7 ("all ranks,
deciles and scores for the indices of deprivation, and population denominators", on 2021 LSOAs), so that the
demo prepares the IMD decile from a file as a user downloads it: ``File_7_IoD2025_sample.csv``, with the
published headers of IoD2025 File 7.

Only what the plugin reads is filled: the code and name, a fictional local authority, the IMD score, rank and
decile, and the total population (the sample's ``pop_total``); the domain columns are left empty. Ranks are
among England's 33,755 LSOAs, so each LSOA's rank lies within its decile: the LSOAs of decile *d* are spread
evenly, in code order, over ranks ``(d − 1)·N/10 + 1 … d·N/10``; the score falls with the rank,
``score = 1.5 + 60·(1 − rank/N)²`` (3 decimals). A fixed rule: no randomness.
"""
from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd

FILE_NAME = "File_7_IoD2025_sample.csv"
#: LSOAs ranked by IoD2025 in England.
N_ENGLAND = 33755
DISTRICT = ("E06900001", "Sampleshire")
DOMAINS = ("Income Score (rate)", "Employment Score (rate)", "Education, Skills and Training Score",
           "Health Deprivation and Disability Score", "Crime Score", "Barriers to Housing and Services Score",
           "Living Environment Score",
           "Income Deprivation Affecting Children Index (IDACI) Score (rate)",
           "Income Deprivation Affecting Older People (IDAOPI) Score (rate)")
RANKED = "{0} Rank (where 1 is most deprived)"
DECILED = "{0} Decile (where 1 is most deprived 10% of LSOAs)"
IMD = "Index of Multiple Deprivation (IMD)"
DENOMINATORS = ("Dependent Children aged 0-15: mid 2022", "Older population aged 60 and over: mid 2022",
                "Working age population 18-66 (for use with Employment Deprivation Domain): mid 2022")


def domain_name(score_column: str) -> str:
    """'Income Score (rate)' → 'Income', the stem of its rank and decile columns."""
    return score_column.split(" Score")[0]


def headers() -> list[str]:
    """The 38 column headers of IoD2025 File 7, in published order."""
    columns = ["LSOA code (2021)", "LSOA name (2021)", "Local Authority District code (2024)",
               "Local Authority District name (2024)", f"{IMD} Score", RANKED.format(IMD), DECILED.format(IMD)]
    for score in DOMAINS:
        columns += [score, RANKED.format(domain_name(score)), DECILED.format(domain_name(score))]
    return columns + ["Total population: mid 2022", *DENOMINATORS]


def imd_ranks(deciles: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """England-wide ranks (1 = most deprived) consistent with ``deciles``: each decile's LSOAs spread evenly, in
    code order, over its tenth of the ranks."""
    ranks = np.zeros(len(deciles), dtype=np.int64)
    tenth = N_ENGLAND / 10
    for decile in np.unique(deciles):
        members = np.flatnonzero(deciles == decile)
        members = members[np.argsort(codes[members], kind="stable")]
        positions = (np.arange(len(members)) + 0.5) / len(members)
        ranks[members] = np.floor((decile - 1) * tenth + 1 + positions * (tenth - 1)).astype(np.int64)
    return ranks


def file7_table(lsoa: pd.DataFrame) -> pd.DataFrame:
    """The File 7 rows of the sample's LSOAs (columns :func:`headers`; empty text where not filled)."""
    codes = lsoa["LSOA21CD"].to_numpy().astype(str)
    deciles = lsoa["imd_decile"].to_numpy().astype(np.int64)
    ranks = imd_ranks(deciles, codes)
    table = pd.DataFrame({column: "" for column in headers()}, index=range(len(lsoa)))
    table["LSOA code (2021)"] = codes
    table["LSOA name (2021)"] = lsoa["LSOA21NM"].to_numpy()
    table["Local Authority District code (2024)"], table["Local Authority District name (2024)"] = DISTRICT
    table[f"{IMD} Score"] = [f"{1.5 + 60 * (1 - r / N_ENGLAND) ** 2:.3f}" for r in ranks]
    table[RANKED.format(IMD)] = ranks
    table[DECILED.format(IMD)] = deciles
    table["Total population: mid 2022"] = lsoa["pop_total"].to_numpy().astype(np.int64)
    return table


def write_file7(lsoa: pd.DataFrame, out: Path) -> Path:
    """Write ``File_7_IoD2025_sample.csv`` into ``out`` (headers with commas quoted, as published)."""
    path = out / FILE_NAME
    file7_table(lsoa).to_csv(path, index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    return path
