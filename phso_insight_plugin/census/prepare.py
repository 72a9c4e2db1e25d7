"""Population of areas by group from a census table as published (pure pandas; no QGIS).

:func:`prepare_population` reads the table (:mod:`.layouts`), chooses one level of its categories
(:mod:`.categories`: broad by default, never both), puts each category in a group (:mod:`.grouping`: a mapping
table, the six age bands, or each category its own) and sums, for each area *a* and group *g*,

``P[a, g] = Σ counts[a, c] over the categories c of group g``  (people, whole numbers).

A table crossing two variables gives groups and strata (:mod:`.cross`): ``P[a, g, s]``.

With the area layer's codes it checks that both hold one geography, that every area of the layer is in the table
and keeps only those areas. The result is a long table (``area_code``, ``dimension``, ``group`` [, the stratum,
e.g. ``age_band``], ``population``: what ``phso_insight:grouprepresentation`` reads, the stratum column as its
POP_STRATUM_FIELD) and a wide one (one field ``<prefix>_<group>`` per group, summed over the strata: what
``phso_insight:representation`` reads).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..cancel import IsCancelled, check_cancelled
from ..cases.field_names import group_field_names
from ..errors import InputError
from .categories import BROAD, chosen_level
from .checks import TotalsCheck, areas_in_table, check_totals, layer_codes, same_geography
from .cross import Grouped, cross_counts
from .grouping import groups_of, naming
from .layouts import CensusTable, CrossTable, read_census_table

AREA_CODE, DIMENSION, GROUP, POPULATION = "area_code", "dimension", "group", "population"


@dataclass
class PreparedPopulation:
    """``long``: one row per area and group (and stratum); ``wide``: one row per area (index: code), one field per
    group; ``group_fields``: {field: group}; ``stratum``: the long table's stratum column (None for a table of one
    variable); ``notes``: sentences for the log."""

    long: pd.DataFrame
    wide: pd.DataFrame
    group_fields: dict[str, str]
    dimension: str
    level: str
    totals: TotalsCheck
    table: CensusTable | CrossTable
    areas_left_out: int = 0
    notes: list[str] = field(default_factory=list)
    stratum: str | None = None


def grouped_counts(counts: pd.DataFrame, groups: dict[str, str]) -> pd.DataFrame:
    """Areas × groups: the sum of each group's categories (groups in order of first appearance)."""
    order = list(dict.fromkeys(groups.values()))
    return pd.DataFrame({g: counts[[c for c, to in groups.items() if to == g]].sum(axis=1) for g in order},
                        index=counts.index).astype("int64")


def one_variable(table: CensusTable, level: str, mapping: dict[str, str] | None, require_totals: bool,
                 notes: list[str]) -> Grouped:
    """The single-variable table's counts by group."""
    categories = chosen_level(list(table.counts.columns), level, table.variable, notes)
    totals = check_totals(table.counts[list(categories)], table.totals, require_totals)
    return Grouped(grouped_counts(table.counts, groups_of(categories, mapping)), table.variable, None, totals)


def restricted(counts: pd.DataFrame, codes: pd.Series | None) -> tuple[pd.DataFrame, int]:
    """The counts of the layer's areas, in the layer's order (after the checks of :mod:`.checks`)."""
    if codes is None:
        return counts, 0
    codes = layer_codes(codes)
    same_geography(counts.index, codes)
    left_out = areas_in_table(counts.index, codes)
    return counts.loc[codes.to_numpy()], left_out


def long_table(counts: pd.DataFrame, dimension: str, stratum: str | None) -> pd.DataFrame:
    """One row per area and column of ``counts`` (a group, or a (group, stratum) pair), sorted by area code."""
    keys = list(counts.columns)
    n = len(counts)
    long = pd.DataFrame({AREA_CODE: np.repeat(counts.index.to_numpy(), len(keys)), DIMENSION: dimension})
    if stratum is None:
        long[GROUP] = np.tile(np.array(keys, dtype=object), n)
    else:
        long[GROUP] = np.tile(np.array([k[0] for k in keys], dtype=object), n)
        long[stratum] = np.tile(np.array([k[1] for k in keys], dtype=object), n)
    long[POPULATION] = counts.to_numpy(dtype="int64").ravel()
    return long.sort_values(AREA_CODE, kind="stable").reset_index(drop=True)


def by_group(counts: pd.DataFrame, stratified: bool) -> pd.DataFrame:
    """Areas × groups: a stratified table summed over its strata."""
    return counts.T.groupby(level=0, sort=False).sum().T.astype("int64") if stratified else counts


def prepare_population(frame: pd.DataFrame, area_codes: pd.Series | None = None, level: str = BROAD,
                       mapping: dict[str, str] | None = None, dimension: str | None = None,
                       field_prefix: str | None = None, require_totals: bool = False, stratum: str | None = None,
                       is_cancelled: IsCancelled = None) -> PreparedPopulation:
    """The population of ``frame`` (a census table as read from its file) by group — and by stratum for a table
    of two variables (``stratum`` names the stratum variable; default age) — for the areas of ``area_codes`` when
    given (see the module docstring). ``mapping``: {case-folded category label: group}, as
    :func:`~phso_insight_plugin.groups.labels.read_mapping` reads it; it groups the group variable's categories."""
    table = read_census_table(frame)
    notes = [read_note(table)]
    if table.left_out:
        notes.append(f"{table.left_out} people in the category 'Does not apply' are left out.")
    check_cancelled(is_cancelled)
    if isinstance(table, CrossTable):
        grouped = cross_counts(table, level, mapping, stratum, require_totals, notes)
    else:
        if stratum:
            notes.append(f"The table has one variable, so the stratum {stratum!r} is not used.")
        grouped = one_variable(table, level, mapping, require_totals, notes)
    check_cancelled(is_cancelled)
    counts, left_out = restricted(grouped.counts, area_codes)
    if counts.empty:
        raise InputError("The population table has no areas.")
    default_dimension, default_prefix = naming(grouped.variable)
    dimension = dimension or default_dimension
    stratum_column = None if grouped.stratum_variable is None else naming(grouped.stratum_variable)[0]
    wide = by_group(counts, stratum_column is not None)
    _, fields, _ = group_field_names(list(wide.columns), field_prefix or default_prefix, with_missing=False)
    return PreparedPopulation(long_table(counts, dimension, stratum_column), wide.rename(columns=fields),
                              {f: g for g, f in fields.items()}, dimension, level, grouped.totals, table, left_out,
                              notes, stratum_column)


def read_note(table: CensusTable | CrossTable) -> str:
    """What was read, for the log."""
    if isinstance(table, CrossTable):
        shape = " × ".join(str(table.counts.columns.get_level_values(i).nunique()) for i in (0, 1))
        return (f"Read the {table.layout} table of {table.variables[0]!r} by {table.variables[1]!r}: "
                f"{len(table.counts)} areas, {shape} categories.")
    return f"Read the {table.layout} table of {table.variable!r}: {len(table.counts)} areas, " \
           f"{table.counts.shape[1]} categories."
