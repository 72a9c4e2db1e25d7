"""Population of areas by group from a census table as published (pure pandas; no QGIS).

:func:`prepare_population` reads the table (:mod:`.layouts`), chooses one level of its categories
(:mod:`.categories`: broad by default, never both), puts each category in a group (:mod:`.grouping`: a mapping
table, the six age bands, or each category its own) and sums, for each area *a* and group *g*,

``P[a, g] = Σ counts[a, c] over the categories c of group g``  (people, whole numbers).

With the area layer's codes it checks that both hold one geography, that every area of the layer is in the table
and keeps only those areas. The result is a long table (``area_code``, ``dimension``, ``group``, ``population``:
what ``phso_insight:grouprepresentation`` reads) and a wide one (one field ``<prefix>_<group>`` per group: what
``phso_insight:representation`` reads).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..cancel import IsCancelled, check_cancelled
from ..cases.field_names import group_field_names
from ..errors import InputError
from .categories import BROAD, LEVELS, category_levels
from .checks import TotalsCheck, areas_in_table, check_totals, layer_codes, same_geography
from .grouping import groups_of, naming
from .layouts import CensusTable, read_census_table

AREA_CODE, DIMENSION, GROUP, POPULATION = "area_code", "dimension", "group", "population"


@dataclass
class PreparedPopulation:
    """``long``: one row per area and group; ``wide``: one row per area (index: code), one field per group;
    ``group_fields``: {field: group}; ``notes``: sentences for the log."""

    long: pd.DataFrame
    wide: pd.DataFrame
    group_fields: dict[str, str]
    dimension: str
    level: str
    totals: TotalsCheck
    table: CensusTable
    areas_left_out: int = 0
    notes: list[str] = field(default_factory=list)


def chosen_categories(table: CensusTable, level: str, notes: list[str]) -> tuple[str, ...]:
    """The categories of ``level`` (both levels of a table are never added together)."""
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}, not {level!r}")
    levels = category_levels(list(table.counts.columns))
    if levels.both:
        notes.append(f"The table has broad ({len(levels.broad)}) and detailed ({len(levels.detailed)}) categories; "
                     f"the {level} ones are used, never both.")
    return levels.of(level)


def grouped_counts(counts: pd.DataFrame, groups: dict[str, str]) -> pd.DataFrame:
    """Areas × groups: the sum of each group's categories (groups in order of first appearance)."""
    order = list(dict.fromkeys(groups.values()))
    return pd.DataFrame({g: counts[[c for c, to in groups.items() if to == g]].sum(axis=1) for g in order},
                        index=counts.index).astype("int64")


def restricted(counts: pd.DataFrame, codes: pd.Series | None) -> tuple[pd.DataFrame, int]:
    """The counts of the layer's areas, in the layer's order (after the checks of :mod:`.checks`)."""
    if codes is None:
        return counts, 0
    codes = layer_codes(codes)
    same_geography(counts.index, codes)
    left_out = areas_in_table(counts.index, codes)
    return counts.loc[codes.to_numpy()], left_out


def prepare_population(frame: pd.DataFrame, area_codes: pd.Series | None = None, level: str = BROAD,
                       mapping: dict[str, str] | None = None, dimension: str | None = None,
                       field_prefix: str | None = None, require_totals: bool = False,
                       is_cancelled: IsCancelled = None) -> PreparedPopulation:
    """The population of ``frame`` (a census table as read from its file) by group, for the areas of
    ``area_codes`` when given (see the module docstring). ``mapping``: {case-folded category label: group}, as
    :func:`~phso_insight_plugin.groups.labels.read_mapping` reads it."""
    table = read_census_table(frame)
    notes = [f"Read the {table.layout} table of {table.variable!r}: {len(table.counts)} areas, "
             f"{table.counts.shape[1]} categories."]
    if table.left_out:
        notes.append(f"{table.left_out} people in the category 'Does not apply' are left out.")
    check_cancelled(is_cancelled)
    categories = chosen_categories(table, level, notes)
    totals = check_totals(table.counts[list(categories)], table.totals, require_totals)
    groups = grouped_counts(table.counts, groups_of(categories, mapping))
    check_cancelled(is_cancelled)
    groups, left_out = restricted(groups, area_codes)
    default_dimension, default_prefix = naming(table.variable)
    dimension = dimension or default_dimension
    _, fields, _ = group_field_names(list(groups.columns), field_prefix or default_prefix, with_missing=False)
    long = groups.rename_axis(AREA_CODE).reset_index().melt(id_vars=AREA_CODE, var_name=GROUP, value_name=POPULATION)
    long.insert(1, DIMENSION, dimension)
    long = long.sort_values(AREA_CODE, kind="stable").reset_index(drop=True)
    if long.empty:
        raise InputError("The population table has no areas.")
    return PreparedPopulation(long, groups.rename(columns=fields), {f: g for g, f in fields.items()}, dimension,
                              level, totals, table, left_out, notes)
