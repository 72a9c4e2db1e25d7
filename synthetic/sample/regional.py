"""Regional benchmarking planting (issue 15): an LSOA that is high against the whole region but typical
against its own ICB, and one typical against the region but low against its ICB.

The ICB with the highest case rate (its deprivation and the planted constituency make it so) is the
parent. Within it, a pair of LSOAs X and Y lying wholly in one constituency is chosen, and k of Y's
clean cases are re-addressed to live postcodes of X. Region, ICB and constituency totals, by age band
too, stay exactly as drawn, so every other area's observed and expected counts are unchanged. Moving
a Poisson thinning of Y to X is, in distribution, a rate multiplier on each (×(1 + k/λ_X) and
×(1 − k/λ_Y) in expectation). The pair and k are those that make both flips clearest, judged by exact
Poisson p-values against crude and age-standardised expected counts (the worse of the two).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..codes import postcode_key
from .config import AGE_BANDS, REGIONAL_ALPHA, REGIONAL_MAX_MOVED
from .planting import Planted
from .significance import poisson_p


@dataclass(frozen=True)
class RegionalPlant:
    """Row indices of the parent ICB's high-nationally LSOA ``x`` and low-within LSOA ``y``, the ICB code,
    the row index of the constituency holding both, and the number of Y's cases moved to X."""

    parent: str
    x: int
    y: int
    pcon: int
    moved: int


def benchmark_table(lsoa: pd.DataFrame, counts: np.ndarray, postcodes: pd.DataFrame,
                    cases: pd.DataFrame) -> pd.DataFrame:
    """Per LSOA (rows in layer order): located cases ``observed`` and the expected cases against the whole
    region and against the LSOA's ICB, crude (population share) and indirectly standardised by age band."""
    located = postcode_key(cases["postcode"]).map(
        dict(zip(postcodes["pcds"].str.replace(" ", "", regex=False), postcodes["_lsoa"])))
    keep = located.notna().to_numpy()
    lsoa_idx = located[keep].astype(int).to_numpy()
    band = pd.Categorical(cases["age_band"][keep], categories=AGE_BANDS).codes
    by_age = np.zeros((len(lsoa), len(AGE_BANDS)))
    np.add.at(by_age, (lsoa_idx, band), 1.0)
    people = counts.sum(axis=(2, 3, 4)).astype(float)
    parent = lsoa["ICB23CD"].to_numpy()
    table = pd.DataFrame({"observed": by_age.sum(1), "parent": parent})
    table["national_crude"], table["national_age"] = _expected(by_age, people)
    table["parent_crude"] = 0.0
    table["parent_age"] = 0.0
    for code in sorted(set(parent)):
        m = parent == code
        table.loc[m, "parent_crude"], table.loc[m, "parent_age"] = _expected(by_age[m], people[m])
    return table


def _expected(by_age: np.ndarray, people: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Crude and age-standardised expected cases of each row, with the rows' own totals as reference."""
    crude = by_age.sum() * people.sum(1) / people.sum()
    return crude, people @ (by_age.sum(0) / people.sum(0))


def choose_regional(lsoa: pd.DataFrame, counts: np.ndarray, postcodes: pd.DataFrame, cases: pd.DataFrame,
                    planted: Planted) -> RegionalPlant:
    """The parent ICB, the pair X, Y and the number of cases to move (see the module docstring)."""
    table = benchmark_table(lsoa, counts, postcodes, cases)
    sums = table.groupby("parent")[["observed", "national_crude"]].sum()
    parent = str((sums["observed"] / sums["national_crude"]).idxmax())
    single = postcodes.groupby("_lsoa")["_pcon"].agg(lambda s: s.iloc[0] if s.nunique() == 1 else -1)
    clean = cases[cases["_category"] == "clean"].groupby("_lsoa").size().reindex(range(len(lsoa)), fill_value=0)
    candidates = [i for i in np.flatnonzero(table["parent"].to_numpy() == parent)
                  if single[i] >= 0 and i not in planted.high + planted.low]
    best = None
    for x in candidates:
        for y in candidates:
            if x == y or single[x] != single[y]:
                continue
            for k in range(1, min(REGIONAL_MAX_MOVED, int(clean[y])) + 1):
                score = _clarity(table.loc[x], table.loc[y], k)
                if score is not None and (best is None or score > best[0]):
                    best = (score, x, y, k)
    if best is None:
        raise RuntimeError(f"no pair of LSOAs in {parent} can show the regional benchmark flips")
    return RegionalPlant(parent, int(best[1]), int(best[2]), int(single[best[1]]), best[3])


def _clarity(x: pd.Series, y: pd.Series, k: int) -> float | None:
    """How clearly the flips show after moving ``k`` cases from Y to X: the smallest distance, in log10
    units, of the four verdicts' p-values from REGIONAL_ALPHA (X against the region and Y against its ICB
    significant, X against its ICB and Y against the region not), crude and age-standardised alike;
    None unless X is above and Y below expectation and every verdict is the intended one."""
    ox, oy = x["observed"] + k, y["observed"] - k
    if ox <= x["national_crude"] or oy >= y["parent_crude"]:
        return None
    significant = max(poisson_p(ox, [x["national_crude"], x["national_age"]]).max(),
                      poisson_p(oy, [y["parent_crude"], y["parent_age"]]).max())
    typical = min(poisson_p(ox, [x["parent_crude"], x["parent_age"]]).min(),
                  poisson_p(oy, [y["national_crude"], y["national_age"]]).min())
    margin = min(np.log10(REGIONAL_ALPHA / significant), np.log10(typical / REGIONAL_ALPHA))
    return float(margin) if margin > 0 else None


def move_cases(cases: pd.DataFrame, postcodes: pd.DataFrame, plant: RegionalPlant,
               rng: np.random.Generator) -> pd.DataFrame:
    """``cases`` with ``plant.moved`` random clean cases of Y given random live postcodes (pcds) of X."""
    df = cases.copy()
    mine = np.flatnonzero((df["_lsoa"].to_numpy() == plant.y) & (df["_category"].to_numpy() == "clean"))
    chosen = np.sort(rng.choice(mine, size=plant.moved, replace=False))
    live = postcodes[(postcodes["_lsoa"] == plant.x) & (postcodes["doterm"] == "")]["pcds"].to_numpy()
    df.loc[chosen, "postcode"] = live[rng.choice(len(live), size=plant.moved)]
    df.loc[chosen, "_lsoa"] = plant.x
    df["_moved"] = False
    df.loc[chosen, "_moved"] = True
    return df
