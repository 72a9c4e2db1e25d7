r"""2011-based values onto 2021 LSOAs through the ONS "LSOA (2011) to LSOA (2021) to Local Authority
District (2022) Exact Fit Lookup for EW" (pure pandas/numpy; no QGIS imports).

The lookup has one row per pair of a 2011 and a 2021 LSOA that share population, with ``LSOA11CD``,
``LSOA21CD`` and ``CHGIND``: ``U`` unchanged, ``S`` split (one 2011 LSOA became several 2021 ones),
``M`` merged (several became one), ``X`` irregular (redrawn). Each 2021 LSOA takes:

* one 2011 parent (``U``, ``S``): the parent's decile and score — for a split, the same for every child
  (estimated: the children are not scored separately);
* several parents (``M``, ``X``): the population-weighted decile :math:`\mathrm{round}(\sum_p w_p d_p /
  \sum_p w_p)` (halves rounded up) and the weighted score :math:`\sum_p w_p s_p / \sum_p w_p`, the
  weights :math:`w_p` being the parents' File 7 total population denominators (mid-2015, excluding
  prisoners, for IoD2019); the rank is left empty, since it no longer ranks a published area;
* every value not from an unchanged LSOA counts as estimated;
* a 2021 LSOA whose parents are not all in the file gets no value (a weighted decile of some of its parents
  would pass for the whole), and :func:`parents_without_values` names it.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import InputError
from ..validation import listing

COLUMNS = ("LSOA11CD", "LSOA21CD", "CHGIND")
CHANGES = ("U", "S", "M", "X")


def lookup_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """The lookup's ``LSOA11CD``, ``LSOA21CD`` and ``CHGIND`` (found ignoring case), cleaned; InputError naming
    missing columns or unknown change codes."""
    by_upper = {str(c).strip().upper(): c for c in frame.columns}
    missing = [c for c in COLUMNS if c not in by_upper]
    if missing:
        raise InputError(f"The LSOA (2011) to LSOA (2021) lookup has no column {listing(missing)}; its columns: "
                         f"{listing(frame.columns, 30)}.")
    table = pd.DataFrame({c: frame[by_upper[c]].astype("string").str.strip().str.upper() for c in COLUMNS})
    unknown = table["CHGIND"][~table["CHGIND"].isin(CHANGES)]
    if len(unknown):
        raise InputError(f"The lookup's CHGIND holds {listing(unknown.unique())}, not one of U, S, M, X "
                         f"(unchanged, split, merged, irregular).")
    return table


def parents_without_values(values: pd.DataFrame, lookup: pd.DataFrame) -> list[str]:
    """The 2021 LSOAs of ``lookup`` with a 2011 parent that ``values`` (column ``code``) lacks, sorted."""
    lacking = ~lookup["LSOA11CD"].isin(values["code"])
    return sorted(set(lookup.loc[lacking, "LSOA21CD"].dropna()))


def outside_lookup(values: pd.DataFrame, lookup: pd.DataFrame) -> list[str]:
    """The 2011 LSOAs of ``values`` that ``lookup`` does not list (their values reach no 2021 LSOA), sorted."""
    return sorted(set(values["code"].dropna()) - set(lookup["LSOA11CD"].dropna()))


def onto_2021(values: pd.DataFrame, lookup: pd.DataFrame) -> pd.DataFrame:
    """2011-based ``values`` (columns ``code``, ``score``, ``rank``, ``decile``, ``population``) as one row per
    2021 LSOA of ``lookup`` (:func:`lookup_columns`) that has a 2011 parent in ``values``: ``code`` (2021),
    ``score``, ``rank``, ``decile``, ``population`` (the parents' total when each goes wholly into it, else
    empty), ``estimated`` (bool) and ``change``
    (the CHGIND; several parents' codes joined, e.g. "M")."""
    complete = lookup[~lookup["LSOA21CD"].isin(parents_without_values(values, lookup))]
    pairs = complete.merge(values, left_on="LSOA11CD", right_on="code", how="inner")
    children = lookup["LSOA11CD"].value_counts()
    pairs = pairs.assign(weight=pairs["population"].fillna(0.0).astype(float),
                         whole=pairs["LSOA11CD"].map(children).to_numpy() == 1)
    pairs["weighted_decile"] = pairs["weight"] * pairs["decile"]
    pairs["weighted_score"] = pairs["weight"] * pairs["score"]
    grouped = pairs.groupby("LSOA21CD", sort=False)
    out = grouped.agg(parents=("LSOA11CD", "size"), weight=("weight", "sum"), wd=("weighted_decile", "sum"),
                      ws=("weighted_score", "sum"), decile=("decile", "first"), score=("score", "first"),
                      rank=("rank", "first"), population=("population", "sum"), whole=("whole", "all"),
                      change=("CHGIND", lambda c: "".join(sorted(set(c)))))
    several = (out["parents"] > 1).to_numpy()
    if several.any() and (out["weight"].to_numpy()[several] <= 0).any():
        raise InputError("Some merged 2021 LSOAs have parents without a population denominator, so their "
                         "population-weighted decile cannot be computed.")
    weight = np.where(several, out["weight"].to_numpy(), 1.0)
    out["decile"] = np.where(several, np.floor(out["wd"].to_numpy() / weight + 0.5), out["decile"]).astype("int64")
    out["score"] = np.where(several, out["ws"].to_numpy() / weight, out["score"])
    out["rank"] = out["rank"].where(~several)
    out["population"] = out["population"].where(out["whole"])
    out["estimated"] = out["change"] != "U"
    return out.reset_index().rename(columns={"LSOA21CD": "code"})[
        ["code", "score", "rank", "decile", "population", "estimated", "change"]]
