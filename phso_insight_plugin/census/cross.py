"""Population by group and stratum from a census table crossing two variables (pure pandas; no QGIS).

One variable gives the groups (e.g. ethnic group), the other the strata that ``grouprepresentation`` standardises
by (e.g. age). By default the stratum is the variable whose categories are ages, else the second variable. Each
variable's categories are taken at one level (:mod:`.categories`); the group variable's go into groups as a
single-variable table's do (:mod:`.grouping`: a mapping table, the six age bands, or each its own), the stratum
variable's into the six age bands when they are ages, else each its own stratum. For each area *a*, group *g* and
stratum *s*

``P[a, g, s] = Σ counts[a, c, d] over the categories c of g and d of s``  (people, whole numbers),

and the published total of an area is checked against the sum over every chosen pair of categories.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..errors import InputError
from .categories import ages_of, chosen_level
from .checks import TotalsCheck, check_totals
from .grouping import groups_of, naming
from .layouts import CrossTable


@dataclass(frozen=True)
class Grouped:
    """Areas × groups, or × (group, stratum) pairs for a table of two variables; the variable that gave the groups,
    the one that gave the strata (None for a table of one variable), and the check of the published totals."""

    counts: pd.DataFrame
    variable: str
    stratum_variable: str | None
    totals: TotalsCheck


def stratum_index(variables: tuple[str, str], categories: list[list[str]], stratum: str | None) -> int:
    """Which of the two variables gives the strata: the one named ``stratum`` (its census name or its dimension,
    e.g. "Age" or "age_band", any case); by default the one of ages, else the second."""
    if stratum:
        wanted = stratum.strip().casefold()
        for index, variable in enumerate(variables):
            if wanted in (variable.casefold(), naming(variable)[0]):
                return index
        raise InputError(f"The stratum {stratum!r} is neither of the table's variables, {variables[0]!r} and "
                         f"{variables[1]!r}: name one of them.", about="stratum")
    ages = [i for i, labels in enumerate(categories) if ages_of(labels) is not None]
    return ages[0] if ages else 1


def cross_counts(table: CrossTable, level: str, mapping: dict[str, str] | None, stratum: str | None,
                 require_totals: bool, notes: list[str]) -> Grouped:
    """The table's counts summed into (group, stratum) pairs (see the module docstring)."""
    columns = table.counts.columns
    categories = [list(dict.fromkeys(columns.get_level_values(i))) for i in (0, 1)]
    s = stratum_index(table.variables, categories, stratum)
    g = 1 - s
    chosen = [chosen_level(categories[i], level, table.variables[i], notes) for i in (0, 1)]
    pairs = [pair for pair in columns if pair[0] in chosen[0] and pair[1] in chosen[1]]
    totals = check_totals(table.counts[pairs], table.totals, require_totals)
    to_group, to_stratum = groups_of(chosen[g], mapping), groups_of(chosen[s], None)
    key = {pair: (to_group[pair[g]], to_stratum[pair[s]]) for pair in pairs}
    order = [(group, st) for group in dict.fromkeys(to_group.values()) for st in dict.fromkeys(to_stratum.values())]
    counts = pd.DataFrame({k: table.counts[[p for p in pairs if key[p] == k]].sum(axis=1) for k in order},
                          index=table.counts.index).astype("int64")
    notes.append(f"Groups from {table.variables[g]!r}, strata from {table.variables[s]!r}: "
                 f"{len(dict.fromkeys(to_group.values()))} × {len(dict.fromkeys(to_stratum.values()))}.")
    return Grouped(counts, table.variables[g], table.variables[s], totals)
