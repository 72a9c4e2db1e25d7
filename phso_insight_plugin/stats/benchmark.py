"""Expected counts against each area's parent: indirect standardisation within the parent.

For areas a, each in one parent p(a) (its region, ICB or local authority), and strata k, with
observed counts O[a, k] and populations P[a, k] (persons):

* the parent's own rates ``r[p, k] = O[p, k] / P[p, k]`` (events per person), with
  ``O[p, k] = Σ_{a in p} O[a, k]`` and ``P[p, k]`` likewise;
* expected count ``E_a = Σ_k r[p(a), k] · P[a, k]`` (events).

With one stratum this is crude: ``E_a = O_p · P_a / P_p``. Within every parent the expected counts add
up to its observed total, so each parent's areas are compared with one another only: an area of a
parent that runs high overall is judged against that higher rate.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from ..errors import InputError
from ._validate import describe_rows
from .expected import validated_counts

#: Parents listed by name in an error before "and N more".
MAX_NAMED = 5


def parent_codes(parents: ArrayLike, n: int) -> tuple[np.ndarray, list]:
    """Each area's parent as an index into the list of distinct parents (in order of first appearance).

    InputError when the number of parents is not ``n`` or some are missing (None, NaN or blank), naming
    the area indices (0-based rows).
    """
    values = pd.Series(list(parents) if not isinstance(parents, pd.Series) else parents.to_list(), dtype=object)
    if len(values) != n:
        raise InputError(f"{len(values)} parent values given for {n} areas; give one per area")
    text = values.map(lambda v: "" if v is None or (isinstance(v, float) and np.isnan(v)) else str(v).strip())
    missing = np.flatnonzero((text == "").to_numpy())
    if missing.size:
        raise InputError(f"{missing.size} of {n} areas have no parent (empty value) at area index "
                         f"{describe_rows(missing)}: every area needs the parent it is compared within")
    codes, uniques = pd.factorize(text, sort=False)
    return codes.astype(np.intp), list(uniques)


def parent_rates(observed: np.ndarray, population: np.ndarray, codes: np.ndarray, names: list) -> np.ndarray:
    """(parents × strata) rates ``r[p, k] = O[p, k] / P[p, k]``; 0 where a parent has neither cases nor people
    in a stratum. InputError naming the parents with cases in a stratum but no population there."""
    n_parents = len(names)
    cases = np.zeros((n_parents, observed.shape[1]))
    people = np.zeros_like(cases)
    np.add.at(cases, codes, observed)
    np.add.at(people, codes, population)
    orphan = (people == 0) & (cases > 0)
    if orphan.any():
        bad = np.flatnonzero(orphan.any(axis=1))
        listed = ", ".join(repr(names[p]) for p in bad[:MAX_NAMED]) + (
            f" and {bad.size - MAX_NAMED} more" if bad.size > MAX_NAMED else "")
        raise InputError(f"{bad.size} parent(s) have cases in a stratum in which their areas have no population "
                         f"({listed}; stratum column(s) {describe_rows(np.flatnonzero(orphan.any(axis=0)))}): "
                         "their rate there cannot be computed")
    return np.divide(cases, people, out=np.zeros_like(cases), where=people > 0)


def parent_expected_counts(observed: ArrayLike, population: ArrayLike, parents: ArrayLike) -> np.ndarray:
    """Expected count per area against its parent's rates, ``E_a = Σ_k r[p(a), k] · P[a, k]`` (events).

    Parameters
    ----------
    observed : (n_areas, k) or (n_areas,) observed counts.
    population : same shape; persons at risk.
    parents : (n_areas,) each area's parent (a code or name; compared as text).

    Raises InputError as :func:`.expected.validated_counts` does, for areas without a parent, and for
    a parent with cases in a stratum where its areas have no population.
    """
    obs, pop = validated_counts(observed, population)
    codes, names = parent_codes(parents, obs.shape[0])
    rates = parent_rates(obs, pop, codes, names)
    return np.einsum("ak,ak->a", rates[codes], pop)
