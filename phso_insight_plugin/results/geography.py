"""What the areas of a result are, in words: "constituencies", "small areas (LSOAs)".

Read from the areas' ONS (GSS) codes — ``E14001901`` is a constituency, ``E01000001`` an LSOA,
``E54000008`` an integrated care board — or, failing that, from ONS-style field names
(``PCON24CD``, ``LSOA21NM``). Which prefix names which geography is read from the code vintage table
(:mod:`phso_insight_plugin.geo.code_vintages`). The report and the maps title each layer with
:attr:`Geography.title`, never with a layer or file name.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

from ..geo.code_vintages import GSS_CODE, prefix_geographies


@dataclass(frozen=True)
class Geography:
    """A kind of area: its key (the ONS field prefix, e.g. ``PCON``) and its nouns."""

    key: str
    singular: str
    plural: str

    @property
    def title(self) -> str:
        """The plural with a capital: "Constituencies", "Small areas (LSOAs)"."""
        return capitalised(self.plural)


def capitalised(text: str) -> str:
    """``text`` with its first letter in upper case and the rest untouched ("ICBs" stays "ICBs")."""
    return text[:1].upper() + text[1:]


AREAS = Geography("", "area", "areas")
GEOGRAPHIES: dict[str, Geography] = {g.key: g for g in (
    Geography("OA", "output area", "output areas"),
    Geography("LSOA", "small area (LSOA)", "small areas (LSOAs)"),
    Geography("MSOA", "neighbourhood (MSOA)", "neighbourhoods (MSOAs)"),
    Geography("WD", "ward", "wards"),
    Geography("LAD", "local authority", "local authorities"),
    Geography("UTLA", "upper-tier local authority", "upper-tier local authorities"),
    Geography("CTYUA", "county or unitary authority", "counties and unitary authorities"),
    Geography("CTY", "county", "counties"),
    Geography("RGN", "region", "regions"),
    Geography("CTRY", "country", "countries"),
    Geography("PCON", "constituency", "constituencies"),
    Geography("ICB", "integrated care board (ICB)", "integrated care boards (ICBs)"),
    Geography("SICBL", "sub-ICB location", "sub-ICB locations"),
    Geography("NHSER", "NHS England region", "NHS England regions"),
    Geography("LHB", "local health board", "local health boards"),
)}
ONS_FIELD = re.compile(r"^([A-Za-z]+)\d{2}(?:CD|NM)$", re.IGNORECASE)


def geography_of_codes(values: Iterable) -> Geography | None:
    """The geography every non-empty value is a code of (English and Welsh LSOAs are both LSOAs);
    None when a value is not an ONS code, when they name several geographies, or when there are none."""
    keys = set()
    for value in values:
        if value is None or (isinstance(value, float) and value != value) or str(value).strip() == "":
            continue
        match = GSS_CODE.match(str(value).strip())
        key = prefix_geographies().get(match.group(1)) if match else None
        if key is None:
            return None
        keys.add(key)
    return GEOGRAPHIES[keys.pop()] if len(keys) == 1 else None


def area_code_field(frame: pd.DataFrame) -> tuple[str, Geography] | None:
    """The first text column holding one distinct ONS code per row (the areas' own codes, not a parent's),
    with the geography it names; None when there is none."""
    for column in frame.columns:
        values = frame[column]
        if pd.api.types.is_numeric_dtype(values) or values.isna().any() or values.duplicated().any():
            continue
        geography = geography_of_codes(values)
        if geography is not None:
            return str(column), geography
    return None


def geography_of_fields(fields: Sequence[str], preferred: str = "") -> Geography | None:
    """The geography named by ONS-style field names: ``preferred`` (e.g. the name field) first, then the
    first ``…CD`` field ("PCON24CD" → constituencies); None when no field is named so."""
    for field in [preferred, *(f for f in fields if f.upper().endswith("CD"))]:
        match = ONS_FIELD.match(field or "")
        if match and match.group(1).upper() in GEOGRAPHIES:
            return GEOGRAPHIES[match.group(1).upper()]
    return None


def geography_by_key(key: str) -> Geography:
    """The geography recorded as ``key`` (e.g. in run metadata); :data:`AREAS` for an empty or unknown key."""
    return GEOGRAPHIES.get(key, AREAS)
