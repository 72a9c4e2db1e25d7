"""The report's inputs, checked: representation outputs for areas and group representation tables.

Both are read by the Processing layer into DataFrames, with the run metadata recorded with each
layer; here their columns are validated (clear errors naming the layer and the missing fields) and
normalised: numbers as floats (NULL → NaN), tiers as nullable integers 2…-2 (NULL → "too few to
say"). Each input is named by what it holds (:func:`area_geography`), never by its layer name.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..cancel import IsCancelled, check_cancelled
from ..errors import InputError
from ..groups.representation import NOT_COMPARED
from ..results.benchmark import Benchmark
from ..results.columns import AREA_READ, GROUP_READ
from ..results.geography import AREAS, Geography, area_code_field, geography_of_fields
from ..results.run_metadata import RunMetadata
from ..results.tiers import parse_tiers
from ..validation import numeric_column, require_columns

NAME, AREA, CODE, PARENT = "name", "area", "code", "parent"


@dataclass(frozen=True)
class AreaResults:
    """One representation layer: ``table`` has name, code (the recorded code field's, else the name), parent
    (the recorded parent field's, else ""), observed, expected, ratio, lcl95, ucl95, tier (Int64), q_value and
    ci_method; ``noun`` what its areas are; ``run`` the run metadata recorded with the layer (None for a layer
    without it)."""

    title: str
    noun: Geography
    table: pd.DataFrame
    run: RunMetadata | None = None

    @property
    def method(self) -> str:
        """The method sentence recorded with the layer ("" without run metadata)."""
        return self.run.method if self.run is not None else ""

    @property
    def benchmark(self) -> Benchmark:
        """Whose rates gave the expected counts, as the layer's run recorded (the whole input without a record)."""
        return Benchmark.of_run(self.run, self.table[PARENT])

    @property
    def heading(self) -> str:
        """What the layer holds in words: "Small areas (LSOAs)"; "Small areas (LSOAs) within their ICB"."""
        benchmark = self.benchmark
        return f"{self.noun.title} within their {benchmark.noun}" if benchmark.is_parent else self.noun.title

    @property
    def uses_false_discovery_rate(self) -> bool:
        """True when tiers came from Benjamini–Hochberg q-values (as recorded, else: the q_value field is filled)."""
        if self.run is not None:
            return self.run.uses_false_discovery_rate
        return bool(self.table["q_value"].notna().any())

    @property
    def has_fractional_counts(self) -> bool:
        """True when some observed counts are not whole numbers (they were apportioned)."""
        observed = self.table["observed"].dropna()
        return bool((observed != np.floor(observed)).any())


@dataclass(frozen=True)
class GroupResults:
    """One group representation table, compared rows only: ``table`` has area ('' when the
    table has no area breakdown), group, cases, case_share, population_share, expected, ratio,
    crude_ratio (NaN unless standardised), lcl95, ucl95, tier (Int64), q_value.
    ``excluded_cases``: cases left out of the shares (group not known…); ``not_compared_cases``:
    cases whose label or area is missing from the population table; ``run`` the run metadata recorded
    with the table (None without it)."""

    title: str
    table: pd.DataFrame
    excluded_cases: float = 0.0
    not_compared_cases: float = 0.0
    run: RunMetadata | None = None

    @property
    def method(self) -> str:
        return self.run.method if self.run is not None else ""

    @property
    def subject(self) -> str:
        """What the groups are, for sentences ("disability"); "" when no run recorded it."""
        return self.run.subject if self.run is not None else ""

    @property
    def by_area(self) -> bool:
        """True when the table compares groups within each of several areas."""
        return bool((self.table[AREA] != "").any())

    @property
    def standardised(self) -> bool:
        """True when expected counts were standardised (the table has a crude ratio beside the ratio)."""
        return bool(self.table["crude_ratio"].notna().any())

    @property
    def uses_false_discovery_rate(self) -> bool:
        """True when tiers came from Benjamini–Hochberg q-values (as recorded, else: the q_value field is filled)."""
        if self.run is not None:
            return self.run.uses_false_discovery_rate
        return bool(self.table["q_value"].notna().any())


def _numbers(frame: pd.DataFrame, columns, what: str, is_cancelled: IsCancelled = None) -> dict[str, np.ndarray]:
    """Each column as floats (NULL → NaN), errors prefixed with ``what``; ``is_cancelled`` polled per column."""
    numbers = {}
    for c in columns:
        check_cancelled(is_cancelled)
        try:
            numbers[c] = numeric_column(frame, c, allow_negative=True, allow_missing=True) if c in frame.columns \
                else np.full(len(frame), np.nan)
        except InputError as err:
            raise InputError(f"{what}: {err}") from err
    return numbers


def tier_codes(frame: pd.DataFrame, what: str) -> pd.arrays.IntegerArray:
    """The ``tier`` column as Int64 (NULL → <NA>); InputError for anything but 2, 1, 0, -1, -2."""
    return parse_tiers(frame["tier"], "tier", what)


def _text(frame: pd.DataFrame, column: str, default: str = "") -> pd.Series:
    if column not in frame.columns:
        return pd.Series(default, index=frame.index, dtype=object)
    return frame[column].map(lambda v: default if v is None or (isinstance(v, float) and np.isnan(v)) else str(v))


def area_geography(frame: pd.DataFrame, name_field: str, run: RunMetadata | None = None) -> Geography:
    """What the areas of a representation layer are: as its run recorded, else from the ONS codes it holds,
    else from ONS-style field names, else :data:`~phso_insight_plugin.results.geography.AREAS`."""
    if run is not None and run.geography:
        return run.areas
    found = area_code_field(frame)
    if found is not None:
        return found[1]
    return geography_of_fields([str(c) for c in frame.columns], name_field) or AREAS


def area_results(frame: pd.DataFrame, title: str, name_field: str, noun: Geography, run: RunMetadata | None = None,
                 is_cancelled: IsCancelled = None) -> AreaResults:
    """Validated :class:`AreaResults` from a representation layer's attribute table (``is_cancelled``
    polled between columns, see :mod:`~phso_insight_plugin.cancel`)."""
    what = f"Layer {title!r}"
    require_columns(frame, [*AREA_READ, name_field], f"layer {title!r} (is it a representation output?)")
    numbers = _numbers(frame, ["observed", "expected", "ratio", "lcl95", "ucl95", "q_value"], what, is_cancelled)
    check_cancelled(is_cancelled)
    names = _text(frame, name_field, "(no name)")
    code_field = run.code_field if run is not None and run.code_field in frame.columns else name_field
    parent_field = run.benchmark_field if run is not None else ""
    table = pd.DataFrame({NAME: names, CODE: _text(frame, code_field), PARENT: _text(frame, parent_field), **numbers,
                          "tier": tier_codes(frame, what), "ci_method": _text(frame, "ci_method")})
    return AreaResults(title, noun, table.reset_index(drop=True), run)


def _excluded_total(frame: pd.DataFrame, areas: pd.Series, what: str) -> float:
    """Excluded cases are repeated on every row of their area: one value per area, summed."""
    excluded = pd.Series(_numbers(frame, ["excluded_cases"], what)["excluded_cases"], index=frame.index)
    return float(excluded.groupby(areas).first().sum())


def group_results(frame: pd.DataFrame, title: str, run: RunMetadata | None = None, is_cancelled: IsCancelled = None
                  ) -> GroupResults:
    """Validated :class:`GroupResults` from a group representation table ("Not compared" rows are
    counted in ``not_compared_cases`` and left out of the table); ``is_cancelled`` polled between columns."""
    what = f"Table {title!r}"
    require_columns(frame, GROUP_READ, f"table {title!r} (is it a group representation output?)")
    areas = _text(frame, AREA)
    numbers = _numbers(frame, ["cases", "case_share", "population_share", "expected", "ratio", "crude_ratio",
                               "lcl95", "ucl95", "q_value"], what, is_cancelled)
    check_cancelled(is_cancelled)
    groups = _text(frame, "group", "(no label)")
    check_cancelled(is_cancelled)
    table = pd.DataFrame({AREA: areas, "group": groups, **numbers, "tier": tier_codes(frame, what)})
    check_cancelled(is_cancelled)
    compared = (_text(frame, "tier_label") != NOT_COMPARED).to_numpy()
    if not compared.any():
        raise InputError(f"{what} has no compared groups: every row is “{NOT_COMPARED}” (labels or areas missing "
                         "from the population table).")
    return GroupResults(title, table[compared].reset_index(drop=True),
                        excluded_cases=_excluded_total(frame, areas, what),
                        not_compared_cases=float(np.nansum(table["cases"][~compared])), run=run)
