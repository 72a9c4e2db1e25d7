"""The MHCLG English Indices of Deprivation File 7 ("all ranks, deciles and scores … and population
denominators"), recognised by its published column headers (pure pandas; no QGIS imports).

IoD2025 (published 30 October 2025) is on 2021 LSOAs: ``LSOA code (2021)``, ``Total population: mid
2022``. IoD2019 is on 2011 LSOAs: ``LSOA code (2011)``, ``Total population: mid 2015 (excluding
prisoners)``. Both carry ``Index of Multiple Deprivation (IMD) Score``, ``… Rank (where 1 is most
deprived)`` and ``… Decile (where 1 is most deprived 10% of LSOAs)``. Headers are matched after
trimming and ignoring case (the IoD2019 CSV ends one header with a space).
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..errors import InputError
from ..validation import describe_rows, listing

SCORE = "Index of Multiple Deprivation (IMD) Score"
RANK = "Index of Multiple Deprivation (IMD) Rank (where 1 is most deprived)"
DECILE = "Index of Multiple Deprivation (IMD) Decile (where 1 is most deprived 10% of LSOAs)"


@dataclass(frozen=True)
class Edition:
    """One edition of the indices: its name, the LSOA vintage it is published on and its code and
    population columns."""

    name: str
    lsoa_vintage: str
    code: str
    population: str


EDITIONS = (
    Edition("IoD2025", "2021", "LSOA code (2021)", "Total population: mid 2022"),
    Edition("IoD2019", "2011", "LSOA code (2011)", "Total population: mid 2015 (excluding prisoners)"),
)


@dataclass(frozen=True)
class File7:
    """A File 7 read into columns: ``codes`` (text), ``score``, ``rank``, ``decile`` (int 1–10) and
    ``population`` per LSOA, one row each, in file order."""

    edition: Edition
    table: pd.DataFrame


def key(name: str) -> str:
    return " ".join(str(name).split()).lower()


def edition_of(columns: list[str]) -> Edition:
    """The edition whose LSOA code column is among ``columns``; InputError naming both when neither is."""
    present = {key(c) for c in columns}
    for edition in EDITIONS:
        if key(edition.code) in present:
            return edition
    raise InputError(f"The deprivation file has neither a {EDITIONS[0].code!r} column (IoD2025) nor a "
                     f"{EDITIONS[1].code!r} column (IoD2019): is it File 7 of the English Indices of Deprivation? "
                     f"Its columns: {listing(columns)}.")


def read_file7(frame: pd.DataFrame) -> File7:
    """The IMD score, rank, decile and total population per LSOA of a File 7 ``frame`` (as read, text or
    numbers); InputError naming missing columns, duplicate LSOAs, or deciles that are not 1–10."""
    edition = edition_of(list(frame.columns))
    by_key = {key(c): c for c in frame.columns}
    wanted = {"code": edition.code, "score": SCORE, "rank": RANK, "decile": DECILE, "population": edition.population}
    missing = [name for name in wanted.values() if key(name) not in by_key]
    if missing:
        raise InputError(f"The {edition.name} File 7 has no column {listing(missing)}.")
    table = pd.DataFrame({field: frame[by_key[key(name)]].to_numpy() for field, name in wanted.items()})
    table["code"] = table["code"].astype("string").str.strip().str.upper()
    for field in ("score", "rank", "decile", "population"):
        table[field] = pd.to_numeric(table[field], errors="coerce")
    _check(table, edition)
    table["decile"] = table["decile"].astype("int64")
    return File7(edition, table)


def _check(table: pd.DataFrame, edition: Edition) -> None:
    """Every row has an LSOA code, once, and a whole decile from 1 to 10 (data rows numbered from 1)."""
    bad = (table["code"].isna() | ~table["decile"].isin(range(1, 11))).to_numpy(dtype=bool)
    if bad.any():
        raise InputError(f"The {edition.name} File 7 has no LSOA code or no decile from 1 to 10 in "
                         f"{describe_rows(bad)}.")
    repeated = table["code"][table["code"].duplicated()]
    if len(repeated):
        raise InputError(f"The {edition.name} File 7 lists {len(repeated)} LSOA code(s) more than once: "
                         f"{listing(repeated.unique())}.")
