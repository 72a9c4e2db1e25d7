"""The columns of the ONS postcode directories (ONSPD, NSPL) of every vintage, recognised by name
(pure Python; no QGIS imports).

The directories renamed their columns in 2025. Before: ``pcd, pcd2, pcds, doterm, lsoa11, lsoa21,
msoa21, pcon, icb, sicbl, ccg, oslaua`` (ONSPD) or ``laua`` (NSPL); from 2025: ``pcd7, pcd8, pcds,
doterm, lsoa21cd, msoa21cd, pcon24cd, icb23cd, sicbl24cd, lad25cd`` and, from 2026, ``icb26cd`` and
``sicbl26cd`` — a geography, the year of its vintage and ``cd``. Names are matched ignoring case
(the files are lower case, extracts made in QGIS or Excel are often not). Which geographies exist is
read from the code vintage table (:mod:`phso_insight_plugin.geo.code_vintages`).

:func:`directory_fields` picks the postcode, termination and area columns of a directory;
:func:`no_area_reason` is the unmatched reason of a case whose postcode the directory places in no
area of a column (blank, or an ONS pseudo code such as ``E99999999``).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ..geo.code_vintages import GSS_FIELD, prefix_geographies
from ..results.benchmark import short_noun
from ..results.geography import GEOGRAPHIES

#: Postcode columns, in order of preference (pcds, "N1 9GU", is in every vintage).
POSTCODE_COLUMNS = ("pcds", "pcd7", "pcd", "pcd8", "pcd2", "postcode")
#: The termination-date column (year and month, e.g. ``"202003"``; blank while live).
TERMINATION_COLUMNS = ("doterm",)
#: Area columns of the directories before 2025 → (geography key, two-digit vintage or "" when unnamed).
OLD_AREA_COLUMNS = {
    "lsoa01": ("LSOA", "01"), "lsoa11": ("LSOA", "11"), "lsoa21": ("LSOA", "21"), "msoa11": ("MSOA", "11"),
    "msoa21": ("MSOA", "21"), "oa11": ("OA", "11"), "oa21": ("OA", "21"), "pcon": ("PCON", ""),
    "icb": ("ICB", ""), "sicbl": ("SICBL", ""), "ccg": ("SICBL", ""), "oslaua": ("LAD", ""), "laua": ("LAD", ""),
    "osward": ("WD", ""), "ward": ("WD", ""), "rgn": ("RGN", ""), "ctry": ("CTRY", ""), "nhser": ("NHSER", ""),
}
#: The geography whose column is copied when nothing else is asked for.
DEFAULT_GEOGRAPHY = "LSOA"


@dataclass(frozen=True)
class AreaColumn:
    """A directory column holding area codes: its ``name`` as in the file, ``geography`` key and
    two-digit ``vintage`` ("" for an old name that gives none, e.g. ``pcon``)."""

    name: str
    geography: str
    vintage: str


@dataclass(frozen=True)
class DirectoryFields:
    """The columns picked from a directory; "" (or no areas) where none was recognised."""

    postcode: str = ""
    terminated: str = ""
    areas: list[str] = field(default_factory=list)


def area_column(name: str) -> AreaColumn | None:
    """What the column ``name`` holds, or None when it is not a directory area column."""
    lowered = name.strip().lower()
    if lowered in OLD_AREA_COLUMNS:
        return AreaColumn(name, *OLD_AREA_COLUMNS[lowered])
    match = GSS_FIELD.match(lowered)  # from 2025: lsoa21cd, icb26cd, wd25cd
    key = match.group(1).upper() if match else ""
    if key not in set(prefix_geographies().values()):
        return None
    return AreaColumn(name, key, match.group(2))


def area_columns(names: Sequence[str], geography: str, vintage: str = "") -> list[AreaColumn]:
    """The area columns of ``geography`` among ``names``: the two-digit ``vintage`` first when given, then
    the newest (years from 2000; old names without a year last)."""
    found = [column for column in map(area_column, names) if column is not None and column.geography == geography]
    return sorted(found, key=lambda column: (column.vintage == vintage != "", column.vintage), reverse=True)


def first_present(names: Sequence[str], wanted: Sequence[str]) -> str:
    """The first of ``wanted`` among ``names`` ignoring case, spelled as in ``names``; "" when none is."""
    lowered = {name.strip().lower(): name for name in names}
    return next((lowered[name] for name in wanted if name in lowered), "")


def directory_fields(names: Sequence[str], geography: str = DEFAULT_GEOGRAPHY, vintage: str = "") -> DirectoryFields:
    """The postcode column, the termination column and the area column of ``geography`` (the key of the
    areas the cases go to, e.g. ``PCON``; of ``vintage`` if there is one, else the newest) among the
    directory's column ``names``."""
    areas = area_columns(names, geography, vintage)
    return DirectoryFields(first_present(names, POSTCODE_COLUMNS), first_present(names, TERMINATION_COLUMNS),
                           [areas[0].name] if areas else [])


def no_area_reason(column: str) -> str:
    """Why a case is unmatched when the directory's ``column`` gives its postcode no area:
    "postcode has no LSOA in the directory" (the geography's short noun; "area" when unknown)."""
    recognised = area_column(column)
    noun = short_noun(GEOGRAPHIES[recognised.geography]) if recognised else "area"
    return f"postcode has no {noun} in the directory"
