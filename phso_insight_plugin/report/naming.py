"""Which field names each area, and what the areas are called in sentences ("constituencies").

ONS names and codes carry the geography in their field names: ``LSOA21NM``/``LSOA21CD``,
``PCON24NM``, ``ICB23NM``… The name field is the one chosen by the user, else the first ONS
``…NM`` field, else the first field called like a name, else the first text field that is not
one of the representation's own outputs.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..errors import InputError

ONS_NAME = re.compile(r"^([A-Za-z]+)\d{2}NM$", re.IGNORECASE)
ONS_CODE = re.compile(r"^([A-Za-z]+)\d{2}CD$", re.IGNORECASE)
NAME_LIKE = re.compile(r"(^|_)name$", re.IGNORECASE)
#: Text fields written by the representation algorithms: never area names.
RESULT_TEXT_FIELDS = frozenset({"ci_method", "tier_label", "flag", "method", "note"})


@dataclass(frozen=True)
class Noun:
    """How the areas of a layer are called: 'constituency' / 'constituencies'."""

    singular: str
    plural: str


AREAS = Noun("area", "areas")
GEOGRAPHY_NOUNS: dict[str, Noun] = {
    "LSOA": Noun("small area (LSOA)", "small areas (LSOAs)"),
    "MSOA": Noun("neighbourhood (MSOA)", "neighbourhoods (MSOAs)"),
    "OA": Noun("output area", "output areas"),
    "PCON": Noun("constituency", "constituencies"),
    "ICB": Noun("integrated care board (ICB)", "integrated care boards (ICBs)"),
    "SICBL": Noun("sub-ICB location", "sub-ICB locations"),
    "LAD": Noun("local authority", "local authorities"),
    "UTLA": Noun("upper-tier local authority", "upper-tier local authorities"),
    "CTYUA": Noun("county or unitary authority", "counties and unitary authorities"),
    "RGN": Noun("region", "regions"),
    "CTRY": Noun("country", "countries"),
    "WD": Noun("ward", "wards"),
}


def name_field(fields: Sequence[tuple[str, bool]], chosen: str | None = None) -> str:
    """The field naming each area, from ``(field name, is text)`` pairs in layer order.

    ``chosen`` wins when the layer has it. InputError when no text field can name the areas.
    """
    names = [name for name, _ in fields]
    if chosen and chosen in names:
        return chosen
    text = [name for name, is_text in fields if is_text and name.lower() not in RESULT_TEXT_FIELDS]
    for pattern in (ONS_NAME, NAME_LIKE):
        match = next((name for name in text if pattern.search(name)), None)
        if match:
            return match
    if text:
        return text[0]
    raise InputError(f"No text field to name the areas (fields: {', '.join(names)}); choose the area name field.")


def area_noun(fields: Sequence[str], name: str) -> Noun:
    """The noun for the areas: from the ONS prefix of the name field, else of the first ``…CD``
    field ('PCON24CD' → constituencies), else 'areas'."""
    candidates = [name, *(f for f in fields if ONS_CODE.match(f))]
    for field in candidates:
        match = ONS_NAME.match(field) or ONS_CODE.match(field)
        if match and match.group(1).upper() in GEOGRAPHY_NOUNS:
            return GEOGRAPHY_NOUNS[match.group(1).upper()]
    return AREAS


def capitalised(text: str) -> str:
    """``text`` with its first letter in upper case and the rest untouched ('ICBs' stays 'ICBs')."""
    return text[:1].upper() + text[1:]


def distinct_titles(titles: Sequence[str]) -> list[str]:
    """``titles`` with repeats numbered ('Representation', 'Representation (2)') so each input is
    named once in the report."""
    seen: dict[str, int] = {}
    distinct = []
    for title in titles:
        seen[title] = seen.get(title, 0) + 1
        distinct.append(title if seen[title] == 1 else f"{title} ({seen[title]})")
    return distinct
