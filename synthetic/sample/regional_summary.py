"""The ``regional_benchmark`` part of planted.json: the two LSOAs whose verdict flips when they are
benchmarked against their own ICB instead of the whole region, with every number a test needs.

Expected counts are located cases (postcode in the lookup), crude (population share) or indirectly
standardised by age band, against the whole region or against the LSOA's ICB (the rows of that ICB as
the reference). Verdicts are exact Poisson tests at 95% and 99.8%, without multiple-testing adjustment; the
Benjamini–Hochberg q-value across all LSOAs is given beside them.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .regional import RegionalPlant, benchmark_table
from .significance import benjamini_hochberg, poisson_p

CONSTRUCTION = (
    "Parent: the ICB with the highest case rate. X and Y lie in it and wholly in one constituency; "
    "{moved} of Y's clean cases (chosen at random) were given live postcodes of X. Region, ICB and "
    "constituency totals, by age band too, are unchanged, so no other area's observed or expected count "
    "moves. Moving a random thinning of Y's cases to X is, in distribution, a rate multiplier on each. The "
    "pair and the number moved were chosen to make both flips as clear as LSOA-sized counts allow.")


def verdict(observed: float, expected: float) -> str:
    """``higher`` / ``lower`` with the level (99.8% or 95%) when the exact Poisson test says so, else ``typical``."""
    p = float(poisson_p(observed, expected))
    side = "higher" if observed > expected else "lower"
    if p < 0.002:
        return f"{side} (99.8%)"
    return f"{side} (95%)" if p < 0.05 else "typical"


def regional_benchmark(lsoa: pd.DataFrame, counts: np.ndarray, postcodes: pd.DataFrame, cases: pd.DataFrame,
                       icb: pd.DataFrame, plant: RegionalPlant) -> dict:
    """planted.json's ``regional_benchmark``."""
    table = benchmark_table(lsoa, counts, postcodes, cases)
    for column in ("national_crude", "national_age", "parent_crude", "parent_age"):
        table[f"q_{column}"] = benjamini_hochberg(poisson_p(table["observed"], table[column]))
    mine = table["parent"] == plant.parent
    parent_ratio = {kind: round(float(table.loc[mine, "observed"].sum() / table.loc[mine, f"national_{kind}"].sum()), 4)
                    for kind in ("crude", "age")}
    return {
        "parent_field": "ICB23CD",
        "parent": {"code": plant.parent, "name": icb.set_index("ICB23CD").at[plant.parent, "ICB23NM"],
                   "lsoas": int(mine.sum()), "cases_located": int(table.loc[mine, "observed"].sum()),
                   "ratio_to_region": parent_ratio},
        "cases_moved_from_y_to_x": plant.moved,
        "construction": CONSTRUCTION.format(moved=plant.moved),
        "high_nationally_typical_in_parent": _area(lsoa, table, plant.x),
        "typical_nationally_low_in_parent": _area(lsoa, table, plant.y),
    }


def _area(lsoa: pd.DataFrame, table: pd.DataFrame, i: int) -> dict:
    row = table.loc[i]
    out = {"code": lsoa["LSOA21CD"].iat[i], "name": lsoa["LSOA21NM"].iat[i],
           "imd_decile": int(lsoa["imd_decile"].iat[i]), "observed": int(row["observed"])}
    for benchmark in ("national", "parent"):
        for kind, label in (("crude", "crude"), ("age", "age_standardised")):
            expected = float(row[f"{benchmark}_{kind}"])
            out[f"{benchmark}_{label}"] = {
                "expected": round(expected, 3), "ratio": round(float(row["observed"] / expected), 4),
                "p_value": round(float(poisson_p(row["observed"], expected)), 4),
                "q_value_bh": round(float(row[f"q_{benchmark}_{kind}"]), 4),
                "verdict": verdict(row["observed"], expected)}
    return out
