"""Change over time of areas, from case rows: what ``phso_insight:representationchange`` computes (pure).

Each case row has an area code, a period (from its date, :func:`.periods.assign_periods`, or from a
period label, :func:`.periods.periods_from_labels`), optionally a stratum (e.g. age band) and a count
(default 1). The areas have a population: one for all periods, one per stratum (indirect
standardisation within each period), or one per period. :func:`area_change` counts the cases, runs
:func:`.analysis.representation_change` and lays the results out as the output layers hold them
(:mod:`phso_insight_plugin.results.change_columns`).

A case row is excluded, counted and reported, never dropped silently, when its date is missing,
unreadable or outside all periods, its area code is blank or not one of the areas, or (when
standardising) its stratum is blank.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from ..cancel import IsCancelled
from ..cases.field_names import sanitise_field_name
from ..errors import InputError
from ..results.change_columns import AREA_BY_PERIOD, CHANGE, RENAMED_FROM_CORE
from ..results.change_summary import ChangeSummary
from ..results.tiers import count_tiers
from ..stats.representation import MultipleTesting
from ..validation import describe_rows, numeric_column, numeric_matrix
from .analysis import ChangeResult, representation_change
from .by_period import PERIOD, UNIT
from .counts import tabulate
from .periods import EXCLUSION_REASONS, PeriodAssignment

NO_AREA = "no area code"
AREA_NOT_FOUND = "an area code not among the areas"
NO_STRATUM = "no value in the stratum field"
#: Example rows named per exclusion reason.
EXAMPLES = 3


@dataclass(frozen=True)
class CaseRows:
    """The case rows: ``areas`` the area code of each; ``dates`` the date (or period label) each was given,
    ``periods`` the periods read from them; ``strata`` each row's stratum (None: no standardisation);
    ``weights`` cases per row (None: 1 each)."""

    areas: ArrayLike
    dates: ArrayLike
    periods: PeriodAssignment
    strata: ArrayLike | None = None
    weights: ArrayLike | None = None

    def values_behind(self) -> dict[str, ArrayLike]:
        """Exclusion reason → the column whose value excluded the row (for examples)."""
        values = {text: self.dates for text in EXCLUSION_REASONS.values()}
        values.update({NO_AREA: self.areas, AREA_NOT_FOUND: self.areas, NO_STRATUM: self.strata})
        return values


@dataclass(frozen=True)
class AreaChange:
    """``result``: the core's :class:`~.analysis.ChangeResult`; ``layer_table``: the :data:`CHANGE` columns, one
    row per area in the areas' order, infinite values as NaN; ``by_period``: the :data:`AREA_BY_PERIOD` table;
    ``summary``: tiers, periods and exclusions."""

    result: ChangeResult
    layer_table: pd.DataFrame
    by_period: pd.DataFrame
    summary: ChangeSummary


def _text(values: ArrayLike) -> np.ndarray:
    """Values as stripped text (object array), None for missing and blank ones."""
    text = pd.Series(np.asarray(values, dtype=object)).astype("string").str.strip()
    text = text.mask(text == "")
    return text.astype(object).where(text.notna(), None).to_numpy()


def stratum_fields(strata: Sequence[str], fields: Sequence[str]) -> list[str]:
    """The population field of each stratum: the one field named ``<anything>_<stratum>`` with the stratum spelt as
    ``joincasecounts`` spells field names ("0-15" → ``pop_age_0_15``, "65+" → ``pop_age_65_plus``), or the
    stratum itself. InputError naming the strata with no field, or with several."""
    found, problems = [], []
    for stratum in strata:
        part = sanitise_field_name(stratum)
        matches = [f for f in fields if part and (f.lower() == part or f.lower().endswith("_" + part))]
        if len(matches) != 1:
            problems.append(f"{stratum!r} ({'none' if not matches else ', '.join(matches)})")
        found.extend(matches[:1])
    if problems:
        raise InputError(f"Each stratum of the cases needs exactly one population field whose name ends with the "
                         f"stratum (e.g. pop_age_65_plus for '65+'); fields found per stratum: {', '.join(problems)}. "
                         f"Population fields given: {', '.join(map(repr, fields))}.")
    return found


def date_reasons(periods: PeriodAssignment) -> np.ndarray:
    """The reason each row's date excluded it ('' when it has a period), as an object array."""
    lookup = np.array([EXCLUSION_REASONS.get(code, "") for code in range(max(EXCLUSION_REASONS) + 1)], dtype=object)
    return lookup[periods.status.astype(np.int64)]


def _status(cases: CaseRows, codes: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """Exclusion reason per row ('' kept), the area text and the stratum text of each row."""
    reason = date_reasons(cases.periods)
    areas = _text(cases.areas)
    known = pd.Index(codes).get_indexer(areas) >= 0
    reason[(reason == "") & pd.isna(areas)] = NO_AREA
    reason[(reason == "") & ~known] = AREA_NOT_FOUND
    strata = None if cases.strata is None else _text(cases.strata)
    if strata is not None:
        reason[(reason == "") & pd.isna(strata)] = NO_STRATUM
    return reason, areas, strata


def _shown(value) -> str:
    """A value as an example names it: 'blank' when missing or empty, else its repr."""
    missing = value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value))
    return "blank" if missing or str(value).strip() == "" else repr(value)


def _examples(reason: np.ndarray, values: dict[str, ArrayLike]) -> dict[str, str]:
    """'row 3: blank' or 'rows 3: blank, 17: '31/02/2024', …' per reason: 1-based rows and the value that
    excluded them."""
    shown = {}
    for text in dict.fromkeys(r for r in reason if r):
        rows = np.flatnonzero(reason == text)
        listed = ", ".join(f"{r + 1}: {_shown(values[text][r])}" for r in rows[:EXAMPLES])
        shown[text] = f"{'row' if rows.size == 1 else 'rows'} {listed}{', …' if rows.size > EXAMPLES else ''}"
    return shown


def exclusions_sentence(reason: np.ndarray, weights: np.ndarray, values: dict[str, ArrayLike]) -> str:
    """'12 of 5,024 cases excluded: 7 with no date (rows 3: None, …); 5 with …' ('' when none is)."""
    excluded = reason != ""
    if not excluded.any():
        return ""
    parts = [f"{weights[reason == text].sum():,.0f} with {text} ({rows})"
             for text, rows in _examples(reason, values).items()]
    return f"{weights[excluded].sum():,.0f} of {weights.sum():,.0f} cases excluded: " + "; ".join(parts) + "."


def _area_codes(areas: pd.DataFrame, code_field: str) -> np.ndarray:
    """The areas' codes as text: every one present and distinct, else an InputError naming the rows."""
    codes = _text(areas[code_field])
    blank = pd.isna(codes)
    if blank.any():
        raise InputError(f"The area code field {code_field!r} is empty in {describe_rows(blank)}.")
    repeated = pd.Series(codes).duplicated(keep=False).to_numpy()
    if repeated.any():
        raise InputError(f"The area code field {code_field!r} repeats codes in {describe_rows(repeated)}, e.g. "
                         f"{codes[repeated][0]!r}; each area must appear once.")
    return codes


def _population(areas: pd.DataFrame, fields: list[str], strata: list | None, per_period: bool,
                labels: list[str]) -> dict:
    """The keyword argument of :func:`representation_change` holding the population."""
    if not fields:
        raise InputError("Give the areas' population field (one for all periods, one per stratum or one per period).")
    if per_period:
        if strata is not None:
            raise InputError("One population field per period cannot be combined with a stratum field: give one "
                             "population field per period without strata, or one per stratum for all periods.")
        if len(fields) != len(labels):
            listed = ", ".join(map(repr, fields))
            raise InputError(f"{len(fields)} population fields ({listed}) for {len(labels)} periods "
                             f"({', '.join(labels)}): give one per period, in time order.")
        return {"population_by_period": numeric_matrix(areas, fields)}
    if strata is not None:
        return {"population": numeric_matrix(areas, stratum_fields(strata, fields))}
    if len(fields) != 1:
        listed = ", ".join(map(repr, fields))
        raise InputError(f"{len(fields)} population fields given ({listed}): give one for all periods, "
                         "one per stratum with a stratum field, or one per period with the per-period option.")
    return {"population": numeric_column(areas, fields[0])}


def _weights(cases: CaseRows) -> np.ndarray:
    n = len(cases.periods.status)
    return np.ones(n) if cases.weights is None else np.asarray(cases.weights, dtype=float)


def area_change(areas: pd.DataFrame, code_field: str, population_fields: Sequence[str], cases: CaseRows,
                population_per_period: bool = False, compare: tuple | None = None,
                multiple_testing: MultipleTesting = "none", is_cancelled: IsCancelled = None) -> AreaChange:
    """Representation per area and period, change between two periods (default: the last two), trend, persistence.

    ``areas``: one row per area, with ``code_field`` and the ``population_fields`` (one; one per stratum of
    ``cases.strata``, matched by name, see :func:`stratum_fields`; or, with ``population_per_period``, one per
    period in time order). ``compare``: two period labels, the earlier first. Other options as in
    :func:`.analysis.representation_change`.
    """
    codes = _area_codes(areas, code_field)
    labels = cases.periods.labels
    reason, case_areas, strata = _status(cases, codes)
    kept = reason == ""
    stratum_labels = sorted(set(strata[kept])) if strata is not None else None
    population = _population(areas, list(population_fields), stratum_labels, population_per_period, labels)
    weights = _weights(cases)
    period = np.where(kept, cases.periods.period, -1)
    cube = tabulate(case_areas, period, len(labels), units=codes, stratum=strata, strata=stratum_labels,
                    weight=weights)
    result = representation_change(cube.observed, labels, codes, compare=compare, multiple_testing=multiple_testing,
                                   is_cancelled=is_cancelled, **population)
    summary = change_summary(result, reason, weights, exclusions_sentence(reason, weights, cases.values_behind()),
                             cube.observed.sum(axis=(0, 2)))
    return AreaChange(result, change_layer_table(result), by_period_table(result, cases.periods), summary)


def _finite(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` with every infinite number replaced by NaN (written as NULL; the flag column says why)."""
    numbers = table.select_dtypes(include="float").columns
    return table.assign(**{c: table[c].where(np.isfinite(table[c])) for c in numbers})


def change_layer_table(result: ChangeResult) -> pd.DataFrame:
    """The :data:`CHANGE` columns of every unit, in the units' order: the compared periods' labels, the core's
    columns under the layer's names, infinite ratios of ratios and limits as NaN."""
    first, second = result.summary["compared"]
    table = _finite(result.change.drop(columns=UNIT).rename(columns=RENAMED_FROM_CORE))
    return table.assign(period_1=first, period_2=second)[CHANGE.names]


def period_bounds(periods: PeriodAssignment) -> dict[str, tuple[str, str]]:
    """Period label → its first and last day as ISO text ('' for an open end)."""
    return {p.label: (p.start.isoformat() if p.start else "", p.end.isoformat() if p.end else "")
            for p in periods.periods}


def by_period_table(result: ChangeResult, periods: PeriodAssignment) -> pd.DataFrame:
    """The :data:`AREA_BY_PERIOD` table: one row per area and period (area-major), with the period's bounds."""
    bounds = period_bounds(periods)
    table = _finite(result.by_period.rename(columns={UNIT: "area"}))
    table["period_start"] = [bounds[label][0] for label in table[PERIOD]]
    table["period_end"] = [bounds[label][1] for label in table[PERIOD]]
    return table[AREA_BY_PERIOD.names]


#: Why an area's case row is left out, in the order reported.
AREA_EXCLUSIONS = (*EXCLUSION_REASONS.values(), NO_AREA, AREA_NOT_FOUND, NO_STRATUM)


def change_summary(result: ChangeResult, reason: np.ndarray, weights: np.ndarray, exclusions: str,
                   cases_by_period: np.ndarray, reasons: Sequence[str] = AREA_EXCLUSIONS) -> ChangeSummary:
    """The typed summary of a run: tiers, periods, cases in and excluded per reason (each of ``reasons``), the
    method."""
    excluded = {text: float(weights[reason == text].sum()) for text in reasons}
    method = result.summary["method"]
    return ChangeSummary(
        periods=tuple(result.summary["periods"]), compared=tuple(result.summary["compared"]),
        n_units=int(result.summary["n_units"]), change_tier_counts=count_tiers(result.change["change_tier"]),
        trend_tier_counts=count_tiers(result.change["trend_tier"]) if len(result.summary["periods"]) >= 3 else {},
        persistence_counts=dict(result.summary["persistence_counts"]), cases_in=float(weights.sum()),
        excluded_by_reason=excluded, method=f"{method} {exclusions}" if exclusions else method,
        published_method=method, exclusions=exclusions, cases_by_period=tuple(float(n) for n in cases_by_period))
