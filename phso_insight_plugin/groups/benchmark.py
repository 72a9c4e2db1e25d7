"""Groups within each area compared with their parent's pattern: the group benchmark of each area's parent.

Without a parent, a group's expected cases in area a follow the area's own population: every group raises
cases at the area's rate (by stratum when standardised). Against each area's **parent** p(a) — its region,
ICB or local authority — they follow the parent's own pattern of groups instead. With O[a, g, s] the cases
and P[a, g, s] the people of group g in stratum s:

* the parent's group rates ``r[p, g, s] = O[p, g, s] / P[p, g, s]`` (cases summed over the parent's areas,
  people over *all* its areas in the population table);
* weights ``w[a, g] = Σ_s r[p(a), g, s] · P[a, g, s]``, the cases the area's people would raise at those rates;
* expected ``E[a, g] = N_a · w[a, g] / Σ_h w[a, h]``, with N_a the area's cases of known group.

So Σ_g E[a, g] = N_a still, and a ratio of 1 means the group's share of the area's cases is what its parent's
pattern and the area's population would give: a group over-represented everywhere in the parent is not flagged
again in each of its areas, only where it is more (or less) over-represented than in the parent.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import InputError
from .population import AREA, GROUP, POPULATION, STRATUM

#: Areas or parents named in an error before "and N more".
MAX_NAMED = 5


def _named(names: Sequence[str]) -> str:
    listed = ", ".join(repr(n) for n in list(names)[:MAX_NAMED])
    return listed + (f" and {len(names) - MAX_NAMED} more" if len(names) > MAX_NAMED else "")


@dataclass(frozen=True)
class ParentPopulation:
    """The parents (``names``), the parent of each area of the population table (``parent_of``: area label →
    position in ``names``) and each parent's people by group and stratum (``people``: parents × groups × strata,
    in the given group and stratum order)."""

    names: list[str]
    parent_of: dict[str, int]
    people: np.ndarray


def parent_population(population: pd.DataFrame, parents: Mapping[str, str], groups: Sequence[str],
                      strata: Sequence[str]) -> ParentPopulation:
    """Each parent's population by group and stratum, from the tidy ``population`` (:mod:`.population`) and the
    parent of each of its areas (``parents``: area label → parent label). InputError naming the areas without a
    parent."""
    areas = population[AREA].astype(str)
    missing = sorted(set(areas) - set(parents))
    if missing:
        raise InputError(f"{len(missing)} area(s) of the population table have no parent: {_named(missing)}; "
                         "every area needs the parent it is compared within")
    names = sorted({str(parents[area]) for area in set(areas)})
    position = {name: i for i, name in enumerate(names)}
    parent_of = {area: position[str(parents[area])] for area in set(areas)}
    index = pd.MultiIndex.from_product([names, list(groups), list(strata)], names=["parent", GROUP, STRATUM])
    summed = population.assign(parent=areas.map(lambda a: names[parent_of[a]])).groupby(
        ["parent", GROUP, STRATUM])[POPULATION].sum()
    people = summed.reindex(index, fill_value=0.0).to_numpy(dtype=float)
    return ParentPopulation(names, parent_of, people.reshape(len(names), len(groups), len(strata)))


def parent_group_expected(observed: np.ndarray, population: np.ndarray, areas: Sequence[str],
                          parents: ParentPopulation, groups: Sequence[str]) -> np.ndarray:
    """(areas × groups) expected counts ``E[a, g] = N_a · w[a, g] / Σ_h w[a, h]`` (see the module docstring).

    ``observed`` and ``population`` are (areas × groups × strata) for the compared ``areas``. InputError naming
    the parents and groups with cases but no people in a stratum.
    """
    index = np.array([parents.parent_of[str(area)] for area in areas], dtype=np.intp)
    cases = np.zeros_like(parents.people)
    np.add.at(cases, index, observed)
    orphan = (parents.people == 0) & (cases > 0)
    if orphan.any():
        where = sorted({f"{parents.names[p]} / {groups[g]}" for p, g, _ in np.argwhere(orphan)})
        raise InputError(f"Cases but no people in the population of their parent for {_named(where)} (parent / "
                         "group): their rate there cannot be computed")
    rates = np.divide(cases, parents.people, out=np.zeros_like(cases), where=parents.people > 0)
    weights = np.einsum("ags,ags->ag", rates[index], population)
    totals = weights.sum(axis=1, keepdims=True)
    n = observed.sum(axis=(1, 2))[:, None]
    return np.divide(n * weights, totals, out=np.zeros_like(weights), where=totals > 0)
