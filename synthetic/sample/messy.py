"""Real-world mess in the sample cases: withheld or blank demographics and postcodes written badly,
in exact numbers (shares of the case count, rounded)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..codes import INWARD_LETTERS
from .config import (
    DIS_BLANK_SHARE,
    ETH_BLANK_SHARE,
    ETH_PNTS_SHARE,
    MALFORMED_VALUES,
    MESSY_SHARES,
    N_POSTCODE_DISTRICTS,
    POSTCODE_AREA,
)

#: Categories other than ``terminated``, assigned in this order to a random permutation of the clean cases.
REWRITTEN = ["lowercase", "no_space", "extra_spaces", "blank", "malformed", "not_in_lookup"]


def make_messy(cases: pd.DataFrame, postcodes: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """``cases`` with ethnicity 'Prefer not to say' or blank and disability blank for random cases, and
    postcodes rewritten by MESSY_SHARES; adds the private ``_category`` column (``clean`` or the rewrite)."""
    df = cases.copy()
    _blank_demographics(df, rng)
    category = _categories(df, postcodes, rng)
    df["postcode"] = _rewrite(df, postcodes, category, rng)
    df["_category"] = category
    return df


def _blank_demographics(df: pd.DataFrame, rng: np.random.Generator) -> None:
    n = len(df)
    idx = rng.permutation(n)
    n_pnts, n_blank = round(ETH_PNTS_SHARE * n), round(ETH_BLANK_SHARE * n)
    df.loc[idx[:n_pnts], "ethnicity"] = "Prefer not to say"
    df.loc[idx[n_pnts:n_pnts + n_blank], "ethnicity"] = ""
    idx = rng.permutation(n)
    df.loc[idx[:round(DIS_BLANK_SHARE * n)], "disability"] = ""


def _terminated_by_lsoa(postcodes: pd.DataFrame) -> dict[int, np.ndarray]:
    """pcds of the terminated postcodes of each LSOA row index that has any."""
    term = postcodes[postcodes["doterm"] != ""]
    return {k: g["pcds"].to_numpy() for k, g in term.groupby("_lsoa")}


def _categories(df: pd.DataFrame, postcodes: pd.DataFrame, rng: np.random.Generator) -> np.ndarray:
    """Category of each case: ``terminated`` among cases whose LSOA has a terminated postcode, then the
    REWRITTEN categories on a random permutation of the rest; exact counts round(share × cases)."""
    n = len(df)
    wanted = {k: int(round(v * n)) for k, v in MESSY_SHARES.items()}
    category = np.full(n, "clean", dtype=object)
    eligible = np.flatnonzero(np.isin(df["_lsoa"].to_numpy(), list(_terminated_by_lsoa(postcodes))))
    category[rng.choice(eligible, size=wanted["terminated"], replace=False)] = "terminated"
    free = rng.permutation(np.flatnonzero(category == "clean"))
    start = 0
    for k in REWRITTEN:
        category[free[start:start + wanted[k]]] = k
        start += wanted[k]
    return category


def _rewrite(df: pd.DataFrame, postcodes: pd.DataFrame, category: np.ndarray,
             rng: np.random.Generator) -> np.ndarray:
    """The case postcodes with each non-clean case rewritten by its category (cases in order)."""
    terminated = _terminated_by_lsoa(postcodes)
    existing = set(postcodes["pcds"])
    pc = df["postcode"].to_numpy().copy()
    lsoa = df["_lsoa"].to_numpy()
    for i in np.flatnonzero(category != "clean"):
        k = category[i]
        if k == "terminated":
            pc[i] = rng.choice(terminated[lsoa[i]])
        elif k == "lowercase":
            pc[i] = pc[i].lower()
        elif k == "no_space":
            pc[i] = pc[i].replace(" ", "")
        elif k == "extra_spaces":
            style = int(rng.integers(0, 3))
            pc[i] = [" " + pc[i], pc[i].replace(" ", "  "), pc[i] + " "][style]
        elif k == "blank":
            pc[i] = ""
        elif k == "malformed":
            pc[i] = MALFORMED_VALUES[int(rng.integers(0, len(MALFORMED_VALUES)))]
        else:
            pc[i] = random_valid_postcode(rng, existing)
    return pc


def random_valid_postcode(rng: np.random.Generator, existing: set[str]) -> str:
    """A validly formatted ``SX`` postcode (districts 1–N_POSTCODE_DISTRICTS) that is not in ``existing``."""
    while True:
        d = int(rng.integers(1, N_POSTCODE_DISTRICTS + 1))
        s = int(rng.integers(0, 10))
        u = "".join(rng.choice(list(INWARD_LETTERS), 2))
        pc = f"{POSTCODE_AREA}{d} {s}{u}"
        if pc not in existing:
            return pc
