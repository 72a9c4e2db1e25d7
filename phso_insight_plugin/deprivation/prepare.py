"""The Index of Multiple Deprivation on an area layer's 2021 LSOAs (pure pandas/numpy; no QGIS imports).

:func:`prepare_deprivation` reads File 7 (:mod:`.file7`); an IoD2019 File 7 (2011 LSOAs) goes through the
ONS LSOA (2011) to LSOA (2021) lookup first (:mod:`.lsoa_change`). Every area LSOA gets the values of its
LSOA, or none when the file has none (counted and named); every LSOA of the file that the areas lack is
counted and named too, with a hint when the codes look like another vintage (the code vintage table, via
:func:`~phso_insight_plugin.cases.vintage.vintage_hint`).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..cancel import IsCancelled, check_cancelled
from ..cases.vintage import vintage_hint
from ..errors import InputError
from ..results.geography import geography_of_codes
from .file7 import Edition, File7
from .lsoa_change import lookup_columns, onto_2021, outside_lookup, parents_without_values

#: Output columns after the prefix: the IMD decile (1 = most deprived 10%), rank, score, the File 7 total
#: population denominator, whether the value is estimated (0/1) and the LSOA change code (U, S, M, X).
FIELDS = ("decile", "rank", "score", "population", "estimated", "change")


@dataclass
class DeprivationResult:
    """``values``: one row per area, in area order: the area code and :data:`FIELDS` (NaN / empty where the
    file has no value); the counts of areas with a value, estimated, and missing; the LSOAs missing on
    either side (named); through a 2011 → 2021 lookup, the file's 2011 LSOAs the lookup does not list
    (``outside_lookup``) and the 2021 LSOAs left without a value because a parent is not in the file
    (``partial_parents``); ``hint`` why codes did not match, or None."""

    edition: Edition
    values: pd.DataFrame
    n_areas: int
    n_matched: int
    n_estimated: int
    missing_in_file: list[str] = field(default_factory=list)
    not_in_areas: list[str] = field(default_factory=list)
    hint: str | None = None
    outside_lookup: list[str] = field(default_factory=list)
    partial_parents: list[str] = field(default_factory=list)


def prepare_deprivation(source: File7, area_codes: pd.Series, lsoa_lookup: pd.DataFrame | None = None,
                        is_cancelled: IsCancelled = None) -> DeprivationResult:
    """The IMD of each area (a 2021 LSOA) from File 7 (:func:`.file7.read_file7`); IoD2019 (2011 LSOAs) needs
    ``lsoa_lookup`` (ONS LSOA 2011 → 2021, see :mod:`.lsoa_change`), IoD2025 uses none. InputError when the
    areas are not LSOAs (:func:`lsoa_codes`) or the lookup is missing or lacks columns."""
    codes = lsoa_codes(area_codes)
    table, gaps = _on_2021_lsoas(source.table, source.edition, lsoa_lookup)
    check_cancelled(is_cancelled)
    values = pd.DataFrame({"code": codes}).merge(table, on="code", how="left")
    found = values["decile"].notna().to_numpy()
    missing = codes[~found].dropna().tolist()
    extra = sorted(set(table["code"]) - set(codes.dropna()))
    hint = vintage_hint(pd.Series(missing), pd.Series(table["code"])) if missing else None
    values["estimated"] = values["estimated"].astype("boolean").astype("Int64")
    return DeprivationResult(source.edition, values[["code", *FIELDS]], len(codes), int(found.sum()),
                             int(values["estimated"].fillna(0).sum()), missing, extra, hint,
                             gaps["outside_lookup"], [c for c in gaps["partial_parents"] if c in set(missing)])


def lsoa_codes(area_codes: pd.Series) -> pd.Series:
    """The area codes trimmed and upper-cased, once they are LSOA codes (English or Welsh), one each."""
    codes = pd.Series(area_codes, dtype="string").str.strip().str.upper().reset_index(drop=True)
    geography = geography_of_codes(codes.dropna())
    if geography is None or geography.key != "LSOA":
        what = geography.plural if geography is not None else "codes that are not all LSOA codes"
        raise InputError(f"The area code field holds {what}, e.g. {', '.join(codes.dropna().head(3))}: the "
                         "indices of deprivation are published for LSOAs (E01…), so give an LSOA layer.")
    repeated = codes[codes.duplicated() & codes.notna()]
    if len(repeated):
        raise InputError(f"The area layer lists {len(repeated)} LSOA code(s) more than once, e.g. "
                         f"{', '.join(repeated.head(3))}.")
    return codes


def _on_2021_lsoas(table: pd.DataFrame, edition: Edition,
                   lsoa_lookup: pd.DataFrame | None) -> tuple[pd.DataFrame, dict[str, list[str]]]:
    """File 7's values per 2021 LSOA — as published for IoD2025, through the lookup for IoD2019 — and what the
    lookup could not carry (``outside_lookup``, ``partial_parents``: see :class:`DeprivationResult`)."""
    if edition.lsoa_vintage == "2021":
        return table.assign(estimated=False, change=""), {"outside_lookup": [], "partial_parents": []}
    if lsoa_lookup is None:
        raise InputError(f"{edition.name} is published on 2011 LSOAs: give the ONS LSOA (2011) to LSOA (2021) "
                         "lookup (LSOA11CD, LSOA21CD, CHGIND) to carry it onto 2021 LSOAs.")
    lookup = lookup_columns(lsoa_lookup)
    return onto_2021(table, lookup), {"outside_lookup": outside_lookup(table, lookup),
                                      "partial_parents": parents_without_values(table, lookup)}


def estimated_sentence(result: DeprivationResult) -> str:
    """'12 of 4,994 areas have an estimated decile (2011 LSOAs split or merged …).'"""
    return (f"{result.n_estimated:,} of {result.n_areas:,} areas have an estimated decile (their 2011 LSOA was "
            "split, merged or redrawn: a split LSOA takes its parent's decile, a merged one the population-weighted "
            "decile of its parents).")
