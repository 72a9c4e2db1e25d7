"""Fictional identifiers: ONS-style area codes, case ids, population field names and postcodes.

Postcode formats: outward A9, A99, AA9, AA99, A9A, AA9A; inward 9AA with the letters real inward
codes use. ``pcds`` is ``outward + " " + inward``; ``pcd7`` pads the outward code to 4 characters
(``SX1 4AB``, ``SX124AB``), as in the ONS postcode directories.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

#: Letters used in the last two characters of an inward code (never C I K M O V).
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
#: Postcode areas a directory may use; an area starting with Z is never in one.
AREA_FIRST = list("ABCDEFGHJKLMNOPRSTUWY")
AREA_SECOND = list("ABCDEFGHKLMNOPRSTUVWXY")
UNUSED_AREA = "ZY"
#: Inward codes a district can have (10 sectors × 20 × 20 units) and how many a directory uses on average.
INWARD_PER_DISTRICT = 10 * len(INWARD_LETTERS) ** 2
USED_PER_DISTRICT = 2_000
#: Share of districts with a letter suffix (A9A / AA9A, as in central London).
LETTER_DISTRICT_SHARE = 0.05


def ons_codes(prefix: str, first: int, count: int, digits: int) -> np.ndarray:
    """``count`` codes ``prefix`` + a ``digits``-digit number from ``first`` (``E01``, 900001, …, 6 → E01900001 …)."""
    return np.array([f"{prefix}{first + i:0{digits}d}" for i in range(count)], dtype=object)


def case_ids(count: int, digits: int) -> np.ndarray:
    """``PHSO-`` + a ``digits``-digit running number from 1."""
    return np.array([f"PHSO-{i:0{digits}d}" for i in range(1, count + 1)], dtype=object)


def population_field(band: str, prefix: str = "pop_") -> str:
    """Field name of an age band's population: ``65+`` → ``pop_65_plus``, ``0-15`` → ``pop_0_15``."""
    return prefix + band.replace("-", "_").replace("+", "_plus")


def pcds(outward: np.ndarray, inward: np.ndarray) -> np.ndarray:
    """``outward inward`` (one space), element-wise over object arrays of text."""
    return np.asarray(outward, dtype=object) + " " + np.asarray(inward, dtype=object)


def pcd7(outward: np.ndarray, inward: np.ndarray) -> np.ndarray:
    """Outward code left-justified to 4 characters + inward code (7 characters), element-wise."""
    return pd.Series(outward, dtype=object).str.ljust(4).to_numpy(dtype=object) + np.asarray(inward, dtype=object)


def postcode_key(postcodes: pd.Series) -> pd.Series:
    """Upper case without spaces (blank for missing): the key that matches messy postcodes to a directory."""
    return postcodes.fillna("").str.upper().str.replace(" ", "", regex=False)


def inward_codes(indices: np.ndarray) -> np.ndarray:
    """Inward code of each index in 0 … INWARD_PER_DISTRICT − 1 (0 → 0AA)."""
    letters = np.array(list(INWARD_LETTERS))
    n_letters = len(letters)
    sector = indices // n_letters ** 2
    first = letters[(indices // n_letters) % n_letters]
    second = letters[indices % n_letters]
    return np.char.add(np.char.add(sector.astype(str), first), second)


def outward_codes(n: int, rng: np.random.Generator) -> np.ndarray:
    """``n`` distinct outward codes: one- or two-letter areas, districts 1–99, a few 1–9 with a letter."""
    areas = rng.permutation(np.array(AREA_FIRST[:6] + [a + b for a in AREA_FIRST for b in AREA_SECOND], dtype=object))
    per_area = -(-n // len(areas))
    if per_area > 99:
        raise ValueError(f"{n} outward codes do not fit in {len(areas)} areas.")
    district = np.tile(np.arange(1, per_area + 1), len(areas))[:n]
    lettered = (district < 10) & (rng.random(n) < LETTER_DISTRICT_SHARE)
    suffix = np.where(lettered, rng.choice(list("ABEHMNPRVWXY"), n), "").astype(object)
    return np.repeat(areas, per_area)[:n] + district.astype(str).astype(object) + suffix


def directory_codes(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """(pcds, pcd7) of ``n`` unique postcodes, grouped by district in order, USED_PER_DISTRICT per district."""
    n_districts = -(-n // USED_PER_DISTRICT)
    outward = outward_codes(n_districts, rng)
    chosen = np.sort(np.argsort(rng.random((n_districts, INWARD_PER_DISTRICT)), axis=1)[:, :USED_PER_DISTRICT],
                     axis=1).ravel()[:n]
    district = np.repeat(np.arange(n_districts), USED_PER_DISTRICT)[:n]
    inward = inward_codes(chosen).astype(object)
    out = outward[district]
    return pcds(out, inward), pcd7(out, inward)
