"""Population tables by area, stratum and group, from long or wide census tables.

The tidy form used by the analysis has one row per (area, stratum, group) with
columns ``area``, ``stratum``, ``group`` (text labels) and ``population``
(persons). Rows of the input with the same area, stratum and group (compared
by label key, see :mod:`.labels`) are summed, so a per-LSOA table whose area
field holds the ICB code becomes a per-ICB table:

``P[area, stratum, group] = Σ rows with those labels``.

Without an area (or stratum) field every row is in the single area (stratum)
:data:`WHOLE`.
"""
from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from ..cancel import IsCancelled, check_cancelled
from ..errors import InputError
from ..validation import describe_rows, numeric_column, require_columns
from .labels import first_spelling, label_text

AREA, STRATUM, GROUP, POPULATION = "area", "stratum", "group", "population"
KEYS = [AREA, STRATUM, GROUP]
#: Label of the one area / stratum when the table has no such field.
WHOLE = ""


def _labels(frame: pd.DataFrame, column: str | None, what: str) -> pd.Series:
    """Text labels of ``column`` (or :data:`WHOLE`); blank labels are an error naming the rows."""
    if column is None:
        return pd.Series(WHOLE, index=frame.index, dtype="string")
    labels = label_text(frame[column])
    blank = labels.isna().to_numpy()
    if blank.any():
        raise InputError(
            f"The population table's {what} field {column!r} is blank in {describe_rows(blank)}; "
            "every population row needs one."
        )
    return labels


def sum_cells(tidy: pd.DataFrame) -> pd.DataFrame:
    """Sum ``population`` over rows with the same area, stratum and group keys (first spelling kept).

    Groups and strata stay in order of first appearance; areas too.
    """
    labelled = tidy.assign(**{k: first_spelling(tidy[k]) for k in KEYS})
    summed = labelled.groupby(KEYS, sort=False, dropna=False)[POPULATION].sum().reset_index()
    return summed.astype({k: "string" for k in KEYS})


def long_population(
    frame: pd.DataFrame,
    group_col: str,
    count_col: str,
    area_col: str | None = None,
    stratum_col: str | None = None,
    is_cancelled: IsCancelled = None,
) -> pd.DataFrame:
    """Tidy population from a long table: one row per (area, stratum, group) with its count.

    Raises InputError for missing fields, blank labels, or counts that are
    non-numeric, NULL or negative (naming the rows). ``is_cancelled`` is polled
    between steps (see :mod:`~phso_insight_plugin.cancel`).
    """
    require_columns(frame, [c for c in (group_col, count_col, area_col, stratum_col) if c], "population table")
    if len(frame) == 0:
        raise InputError("The population table has no rows.")
    columns = {}
    for key, column, what in ((AREA, area_col, "area"), (STRATUM, stratum_col, "stratum"), (GROUP, group_col, "group")):
        check_cancelled(is_cancelled)
        columns[key] = _labels(frame, column, what)
    tidy = pd.DataFrame({**columns, POPULATION: numeric_column(frame, count_col)})
    check_cancelled(is_cancelled)
    return sum_cells(tidy)


def wide_population(
    frame: pd.DataFrame,
    group_fields: Sequence[str],
    area_col: str | None = None,
    stratum_col: str | None = None,
    is_cancelled: IsCancelled = None,
) -> pd.DataFrame:
    """Tidy population from a wide table: one population field per group, the field name being the group label
    (``is_cancelled`` polled between steps)."""
    if not group_fields:
        raise InputError("Choose at least one population field (one per group).")
    require_columns(frame, [*group_fields, *(c for c in (area_col, stratum_col) if c)], "population table")
    if len(frame) == 0:
        raise InputError("The population table has no rows.")
    areas = _labels(frame, area_col, "area")
    strata = _labels(frame, stratum_col, "stratum")
    parts = []
    for field in group_fields:
        check_cancelled(is_cancelled)
        parts.append(pd.DataFrame({AREA: areas, STRATUM: strata,
                                   GROUP: pd.Series(field, index=frame.index, dtype="string"),
                                   POPULATION: numeric_column(frame, field)}))
    check_cancelled(is_cancelled)
    return sum_cells(pd.concat(parts, ignore_index=True))

