"""Representation of groups among cases: each group's case share against its population share.

For each area a (the whole input when there is no area field) and group g, with
O[a, g] the cases whose group is known and found in the population table,
N_a = Σ_g O[a, g] and P[a, g] the population:

* case share ``c = O / N_a`` with its Wilson 95% interval;
* population share ``p = P[a, g] / Σ_g P[a, g]``;
* expected cases ``E[a, g] = p × N_a``, so ``ratio = O / E = c / p``;
* standardised over strata s (age bands), indirectly within each area:
  ``E[a, g] = Σ_s r[a, s] × P[a, g, s]`` with ``r[a, s] = O[a, s] / P[a, s]`` the
  area's case rate in stratum s over all groups. Still ``Σ_g E[a, g] = N_a``, but a
  group whose people are mostly in strata that raise few cases (the young) is
  expected to raise few, so its age profile is not read as under-representation;
  ``crude_ratio = c / p`` is then reported beside the standardised ``ratio``.

Ratio limits (PHE: exact Poisson below 10, Byar's from 10), two-sided exact
Poisson p-values, Benjamini–Hochberg q-values across all compared cells, and the
six tiers come from :func:`phso_insight_plugin.stats.representation.representation`
with these expected counts, so groups are tiered by the same rules as areas.

Cases not compared are never dropped: excluded cases (group not known …) are
counted per area in ``excluded_cases``; a group label or an area missing from the
population table gets a row of its own with its cases and a note.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..cancel import IsCancelled, check_cancelled
from ..errors import InputError
from ..results.benchmark import Benchmark
from ..results.columns import RATIO, TIER, group_columns
from ..results.summaries import GroupSummary
from ..stats.expected import expected_counts
from ..stats.intervals import wilson_ci
from ..stats.representation import CONFIDENCE_95, representation
from .benchmark import ParentPopulation, parent_group_expected, parent_population
from .case_groups import CASES, EXCLUDED
from .labels import label_key
from .population import AREA, GROUP, POPULATION, STRATUM, WHOLE, sum_cells

COMPARED, UNMATCHED_GROUP, UNMATCHED_AREA = "compared", "unmatched group", "unmatched area"
NOT_COMPARED = "Not compared"
NOTE_UNMATCHED_GROUP = "label not in the population table (add it to the mapping): not compared"
NOTE_UNMATCHED_AREA = "area not in the population table, or its population is zero: not compared"
#: The columns the area comparison (:func:`~phso_insight_plugin.stats.representation.representation`) gives each cell.
RATIO_COLUMNS = [column.name for column in (*RATIO, *TIER)]


@dataclass(frozen=True)
class GroupResult:
    """``table``: one row per (area, group), columns :func:`results.columns.group_columns`;
    ``summary``: cells per tier, where every case went and the method sentence."""

    table: pd.DataFrame
    summary: GroupSummary


def _spelling(labels: pd.Series, known: pd.Series) -> pd.Series:
    """Case labels replaced by the population's spelling of the same key; <NA> where unknown."""
    lookup = pd.Series(known.to_numpy(), index=label_key(known).to_numpy())
    return label_key(labels).map(lookup).astype("string")


def _match(cases: pd.DataFrame, population: pd.DataFrame, is_cancelled: IsCancelled = None) -> pd.DataFrame:
    """Cases with labels in the population's spelling, ``area_known`` and a ``status``
    (excluded reason, or compared / unmatched group / unmatched area)."""
    totals = population.groupby(AREA, sort=False)[POPULATION].sum()
    areas = _spelling(cases[AREA], pd.Series(totals.index[totals.to_numpy() > 0], dtype="string"))
    check_cancelled(is_cancelled)
    groups = _spelling(cases[GROUP], population[GROUP].drop_duplicates())
    check_cancelled(is_cancelled)
    strata = _spelling(cases[STRATUM], population[STRATUM].drop_duplicates())
    check_cancelled(is_cancelled)
    status = cases[EXCLUDED].astype(object)
    status = status.mask(status.isna() & areas.isna(), UNMATCHED_AREA)
    status = status.mask(status.isna() & groups.isna(), UNMATCHED_GROUP)
    status = status.fillna(COMPARED)
    _check_strata(cases[STRATUM][(status == COMPARED) & strata.isna()], cases[CASES], population)
    return cases.assign(**{AREA: areas.fillna(cases[AREA]), GROUP: groups.fillna(cases[GROUP]), STRATUM: strata,
                           "status": status, "area_known": areas.notna()})


def _check_strata(unknown: pd.Series, counts: pd.Series, population: pd.DataFrame) -> None:
    """Standardising needs every case stratum in the population table (else: a mapping error)."""
    if unknown.empty:
        return
    n = counts[unknown.index].groupby(unknown).sum()
    listed = ", ".join(f"{label!r} ({count:g} cases)" for label, count in n.head(10).items())
    known = ", ".join(repr(s) for s in population[STRATUM].drop_duplicates().head(20))
    raise InputError(
        f"Standardisation strata of the cases not found in the population table: {listed}. "
        f"The population's strata are {known}; add the case labels to the mapping table."
    )


def _grid(table: pd.DataFrame, value: str, areas: list, groups: list, strata: list) -> np.ndarray:
    """``value`` summed into an (areas × groups × strata) array; absent combinations are 0."""
    index = pd.MultiIndex.from_product([areas, groups, strata], names=[AREA, GROUP, STRATUM])
    summed = table.groupby([AREA, GROUP, STRATUM])[value].sum()
    return summed.reindex(index, fill_value=0.0).to_numpy(dtype=float).reshape(len(areas), len(groups), len(strata))


def _check_stratum_population(observed: np.ndarray, pop: np.ndarray, areas: list, strata: list) -> None:
    """A stratum with cases in an area but no population there has no rate: an error naming both."""
    bad = np.argwhere((observed.sum(axis=1) > 0) & (pop.sum(axis=1) == 0))
    if bad.size:
        listed = ", ".join(f"{strata[s]!r} in area {areas[a]!r}" for a, s in bad[:10])
        raise InputError(f"{len(bad)} stratum/area pair(s) have cases but zero population: {listed}.")


#: Areas standardised between two cancel checks.
AREAS_PER_CHECK = 2000


def _expected(observed: np.ndarray, pop: np.ndarray, is_cancelled: IsCancelled = None) -> np.ndarray:
    """(areas × groups) expected counts: indirect standardisation within each area (crude with one stratum)."""
    rows = []
    for a in range(observed.shape[0]):
        if a % AREAS_PER_CHECK == 0:
            check_cancelled(is_cancelled)
        rows.append(expected_counts(observed[a], pop[a]))
    return np.vstack(rows)


def _compared_table(matched: pd.DataFrame, population: pd.DataFrame, multiple_testing: str,
                    min_expected: float, is_cancelled: IsCancelled = None,
                    parents: ParentPopulation | None = None) -> tuple[pd.DataFrame, dict]:
    """Rows for every group of the population in every matched area that has cases (expected counts within
    each area, or after its parent's pattern of groups when ``parents`` is given: :mod:`.benchmark`)."""
    in_areas = matched[matched["area_known"]]
    areas = sorted(in_areas[AREA].unique())
    groups = list(population[GROUP].drop_duplicates())
    strata = list(population[STRATUM].drop_duplicates())
    check_cancelled(is_cancelled)
    observed = _grid(in_areas[in_areas["status"] == COMPARED], CASES, areas, groups, strata)
    check_cancelled(is_cancelled)
    pop = _grid(population[population[AREA].isin(areas)], POPULATION, areas, groups, strata)
    _check_stratum_population(observed, pop, areas, strata)
    if parents is None:
        expected = _expected(observed, pop, is_cancelled)
    else:
        expected = parent_group_expected(observed, pop, areas, parents, groups)

    o, p = observed.sum(axis=2), pop.sum(axis=2)
    n_area = np.repeat(o.sum(axis=1, keepdims=True), len(groups), axis=1)
    p_area = np.repeat(p.sum(axis=1, keepdims=True), len(groups), axis=1)
    result = representation(o.ravel(), expected=expected.ravel(), multiple_testing=multiple_testing,
                            min_expected=min_expected, is_cancelled=is_cancelled)
    check_cancelled(is_cancelled)
    lower, upper = wilson_ci(o.ravel(), n_area.ravel(), CONFIDENCE_95)
    with np.errstate(divide="ignore", invalid="ignore"):
        case_share = np.where(n_area > 0, o / n_area, np.nan).ravel()
        population_share = (p / p_area).ravel()
    table = pd.DataFrame({
        AREA: np.repeat(areas, len(groups)), GROUP: np.tile(groups, len(areas)), CASES: o.ravel(),
        "case_share": case_share, "case_share_lcl95": lower, "case_share_ucl95": upper,
        POPULATION: p.ravel(), "population_share": population_share, "expected": expected.ravel(),
        **{c: result.table[c].array for c in RATIO_COLUMNS},
        "note": result.table["flag"].to_numpy(),
    })
    if len(strata) > 1:
        with np.errstate(divide="ignore", invalid="ignore"):
            crude = np.where(population_share > 0, case_share / population_share, np.nan)
        table.insert(table.columns.get_loc("ratio") + 1, "crude_ratio", crude)
    return table, result.summary


def _uncompared_table(matched: pd.DataFrame, status: str, note: str) -> pd.DataFrame:
    """One row per (area, label) of the cases with ``status``: their count and ``note``, no ratio."""
    rows = matched[matched["status"] == status].groupby([AREA, GROUP], sort=True)[CASES].sum().reset_index()
    return rows.assign(tier=pd.array([pd.NA] * len(rows), dtype="Int64"), tier_label=NOT_COMPARED, note=note)


def _by(matched: pd.DataFrame, status: str | None, column: str) -> dict[str, float]:
    """Cases per value of ``column`` among the rows with ``status`` (all rows when None)."""
    rows = matched if status is None else matched[matched["status"] == status]
    return {str(k): float(v) for k, v in rows.groupby(column)[CASES].sum().items()}


def _expected_clause(strata: int) -> str:
    """How the groups' expected counts were obtained."""
    if strata > 1:
        text = (f"Expected cases of each group indirectly standardised over {strata} strata within each area: "
                "E = Σ_s r_s × P_group,s, r_s the area's case rate in stratum s among cases with a known group")
    else:
        text = ("Case share of each group compared with its population share: expected = population share × "
                "cases with a known group in the same area, so ratio = case share / population share")
    return text + "; case share intervals are Wilson 95%"


def _parent_clause(strata: int, benchmark: Benchmark, parents: int) -> str:
    """How the groups' expected counts were obtained against each area's parent."""
    by = f" by {strata} strata" if strata > 1 else ""
    return (f"Expected cases of each group within each area after the pattern of groups in its own {benchmark.noun}"
            f" ({parents} {'of them' if parents > 1 else 'in all'}, field {benchmark.field}): E = N_area × w_group / "
            f"Σ w, w = Σ_s r_parent,group,s × P_group,s, the parent's case rates of each group{by}; case share "
            "intervals are Wilson 95%")


def _parents(population: pd.DataFrame, parents: Mapping[str, str] | None, cases: pd.DataFrame
             ) -> ParentPopulation | None:
    """The parents' populations by group and stratum (None without ``parents``)."""
    if parents is None:
        return None
    if (cases[AREA] == WHOLE).all():
        raise InputError("A parent benchmark compares groups within each area with its parent: give the cases an "
                         "area field")
    return parent_population(population, parents, list(population[GROUP].drop_duplicates()),
                             list(population[STRATUM].drop_duplicates()))


def _count_clauses(excluded: pd.DataFrame, matched: pd.DataFrame) -> tuple[str, ...]:
    """How many cases were left out of the comparison, and why."""
    clauses = []
    reasons = _by(excluded, None, "status")
    if reasons:
        listed = ", ".join(f"{reason}: {n:g}" for reason, n in reasons.items())
        clauses.append(f"{sum(reasons.values()):g} cases excluded from the shares ({listed})")
    for what, status in (("labels not in the population table", UNMATCHED_GROUP),
                         ("areas not in the population table", UNMATCHED_AREA)):
        n = float(matched.loc[matched["status"] == status, CASES].sum())
        if n:
            clauses.append(f"{n:g} cases with {what} not compared (rows with a note)")
    return tuple(clauses)


def _check_some_area_matches(matched: pd.DataFrame, population: pd.DataFrame) -> None:
    """At least one case area must be in the population table, else the fields are surely wrong."""
    if matched["area_known"].any():
        return
    case_areas = ", ".join(repr(a) for a in matched[AREA].drop_duplicates().head(5))
    pop_areas = ", ".join(repr(a) for a in population[AREA].drop_duplicates().head(5))
    raise InputError(
        f"None of the cases' areas is in the population table (cases: {case_areas} …; population: {pop_areas} …). "
        "Check that the case area field and the population area field hold the same codes."
    )


def _collapsed(population: pd.DataFrame, cases: pd.DataFrame) -> pd.DataFrame:
    """Population summed over areas (strata) when the cases have no area (stratum)."""
    whole = {k: WHOLE for k in (AREA, STRATUM) if (cases[k] == WHOLE).all()}
    return sum_cells(population.assign(**whole)) if whole else population


def _ordered(compared: pd.DataFrame, unmatched_groups: pd.DataFrame, unmatched_areas: pd.DataFrame) -> pd.DataFrame:
    """Areas in label order, each with its groups (population order) then its unmatched labels;
    areas missing from the population last."""
    in_population = pd.concat([compared.assign(_part=0), unmatched_groups.assign(_part=1)], ignore_index=True)
    in_population = in_population.sort_values([AREA, "_part"], kind="stable").drop(columns="_part")
    return pd.concat([in_population, unmatched_areas], ignore_index=True)


def group_representation(
    cases: pd.DataFrame,
    population: pd.DataFrame,
    multiple_testing: str = "bh",
    min_expected: float = 5.0,
    is_cancelled: IsCancelled = None,
    parents: Mapping[str, str] | None = None,
    benchmark: Benchmark | None = None,
) -> GroupResult:
    """Representation of each population group among the cases, per area.

    ``cases`` comes from :func:`.cases.case_table` (one row per case or aggregated
    row), ``population`` from :mod:`.population` (tidy, one row per area, stratum
    and group). Labels match by key. Without case areas (strata) the population is
    summed over its areas (strata); with them, each case stratum must be in the
    population. ``multiple_testing``: "bh" (default; tiers from Benjamini–Hochberg
    q-values across all compared cells) or "none" (tiers from the 95%/99.8%
    limits). Tier 0 becomes "Too few to say" where expected < ``min_expected``.
    The ``area`` column is left out when the cases have no area. ``is_cancelled`` is polled
    between steps (see :mod:`~phso_insight_plugin.cancel`). ``parents`` (area label → parent label, for
    every area of the population table) compares each area's groups with its parent's pattern of groups
    (:mod:`.benchmark`); ``benchmark`` names the parent in tiers and the method.
    """
    if len(cases) == 0:
        raise InputError("There are no cases to analyse.")
    if population[POPULATION].sum() <= 0:
        raise InputError("The population table's total population is zero.")
    population = _collapsed(population, cases)
    check_cancelled(is_cancelled)
    matched = _match(cases, population, is_cancelled)
    _check_some_area_matches(matched, population)
    strata = population[STRATUM].nunique()
    check_cancelled(is_cancelled)
    within = _parents(population, parents, cases)
    compared, stats_summary = _compared_table(matched, population, multiple_testing, min_expected, is_cancelled,
                                              within)
    benchmark = benchmark or (Benchmark.of_parent("parent", parents.values()) if parents else Benchmark())
    if within is not None:
        compared["tier_label"] = benchmark.tier_labels(compared["tier"])
    check_cancelled(is_cancelled)
    table = _ordered(
        compared,
        _uncompared_table(matched, UNMATCHED_GROUP, NOTE_UNMATCHED_GROUP),
        _uncompared_table(matched, UNMATCHED_AREA, NOTE_UNMATCHED_AREA),
    )
    check_cancelled(is_cancelled)
    excluded = matched[~matched["status"].isin([COMPARED, UNMATCHED_GROUP, UNMATCHED_AREA])]
    table["excluded_cases"] = table[AREA].map(excluded.groupby(AREA)[CASES].sum()).fillna(0.0).to_numpy()
    summary = GroupSummary(
        tier_counts=stats_summary.tier_counts, n_cells=len(compared), n_areas=compared[AREA].nunique(),
        total_cases=float(cases[CASES].sum()), compared_cases=float(compared[CASES].sum()),
        excluded_cases=float(excluded[CASES].sum()), standardised=strata > 1,
        method=stats_summary.method.with_expected(
            _expected_clause(strata) if within is None else _parent_clause(strata, benchmark, len(within.names)),
            _count_clauses(excluded, matched)),
        excluded_by_reason=_by(excluded, None, "status"), unmatched_groups=_by(matched, UNMATCHED_GROUP, GROUP),
        unmatched_areas=_by(matched, UNMATCHED_AREA, AREA))
    columns = group_columns(standardised=strata > 1, by_area=not (population[AREA] == WHOLE).all())
    return GroupResult(table=table.reindex(columns=columns).reset_index(drop=True), summary=summary)
