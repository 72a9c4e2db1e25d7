"""Assign case rows to areas: by postcode, by area code or by point location.

Pure pandas/numpy; no QGIS imports. Each function returns an
:class:`AssignResult` that accounts for every input row: it is either in
``assigned`` or in ``unmatched`` with a ``reason`` (see :mod:`.reasons`), and
``counts["rows_in"] == counts["rows_matched"] + counts["rows_unmatched"]``
is checked before returning.

Postcodes are cleaned with
:func:`~phso_insight_plugin.cases.postcodes.normalise_postcodes` (spacing,
case, O/0 and I/1 typos) and joined to the lookup on
:func:`~phso_insight_plugin.cases.postcodes.postcode_key`, so a lookup may hold
postcodes in the 7-character ``pcd7`` form (``"N1  9GU"``), the ``pcd8`` form
or the ``pcds`` form (``"N1 9GU"``).

Only :func:`assign_by_points` needs shapely (through
:mod:`phso_insight_plugin.geo.points`), and imports it when called: assigning by
postcode or area code, and counting, work without shapely.

Row numbers (``source_row``) are 1-based input rows; see
:mod:`phso_insight_plugin.cases._util` for how they follow a filtered
DataFrame's index.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from ..cancel import IsCancelled, check_cancelled, map_chunks
from ..errors import InputError
from ..geo.code_vintages import is_no_area
from . import _util
from .directory_columns import no_area_reason
from .postcodes import STATUS_BLANK, STATUS_MALFORMED, STATUS_OK, case_postcode_keys, lookup_postcode_keys
from .reasons import (
    AREA_CODE_NOT_IN_AREAS,
    BLANK_AREA_CODE,
    BLANK_POSTCODE,
    INVALID_COORDINATES,
    MALFORMED_POSTCODE,
    POINT_OUTSIDE,
    POSTCODE_NOT_IN_LOOKUP,
    TERMINATED_POSTCODE,
    check_case_table,
    unmatched_rows,
)
from .vintage import vintage_hint


@dataclass
class AssignResult:
    """Outcome of assigning case rows to areas.

    Attributes
    ----------
    assigned:
        Matched rows in original order and with the original index: the input
        columns (without the postcode column when ``drop_postcode`` was set)
        followed by the appended area column(s).
    unmatched:
        Unmatched rows in original order and with the original index: *all*
        input columns — the postcode is kept here even when it is dropped from
        ``assigned``, so that analysts can correct it — plus ``source_row``
        (1-based input row number) and ``reason``.
    counts:
        ``rows_in``, ``rows_matched``, ``rows_unmatched`` and
        ``unmatched_by_reason`` (``{reason: rows}`` for every reason the
        method can produce, zeros included).
    hint:
        Plain-English guess at why many codes did not match (e.g. "look like
        LSOA 2011 codes"), or ``None``. See :func:`~.vintage.vintage_hint`.
    """

    assigned: pd.DataFrame
    unmatched: pd.DataFrame
    counts: dict = field(default_factory=dict)
    hint: str | None = None


def _result(
    cases: pd.DataFrame,
    matched: np.ndarray,
    reasons: np.ndarray,
    possible: tuple[str, ...],
    assigned: pd.DataFrame,
    hint: str | None = None,
) -> AssignResult:
    """Build the unmatched table and counts; check the row invariant."""
    unmatched_pos = np.flatnonzero(~matched)
    unmatched = unmatched_rows(cases, unmatched_pos, reasons)
    by_reason = _util.reason_counts(reasons[unmatched_pos], possible)
    counts = {
        "rows_in": int(len(cases)),
        "rows_matched": int(len(assigned)),
        "rows_unmatched": int(len(unmatched)),
        "unmatched_by_reason": by_reason,
    }
    _util.check_invariant(counts["rows_in"], counts["rows_matched"], counts["rows_unmatched"])
    _util.check_invariant(counts["rows_unmatched"], 0, sum(by_reason.values()), "unmatched rows")
    return AssignResult(assigned=assigned, unmatched=unmatched, counts=counts, hint=hint)


def _match_keys(lookup: pd.DataFrame, column: str, lookup_keys: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """Lookup row of each case key (-1 if none); InputError on duplicate lookup postcodes.

    One sort of the usable lookup keys serves both the duplicate check and the
    search (``np.searchsorted`` with the case keys in sorted order).
    """
    usable = np.flatnonzero(lookup_keys >= 0)
    order = usable[np.argsort(lookup_keys[usable], kind="stable")]
    sorted_keys = lookup_keys[order]
    same = sorted_keys[1:] == sorted_keys[:-1]
    if same.any():
        dup_sorted = np.zeros(len(sorted_keys), dtype=bool)
        dup_sorted[1:] |= same
        dup_sorted[:-1] |= same
        rows = np.sort(order[dup_sorted])
        n_postcodes = int(np.count_nonzero(same & ~np.concatenate([[False], same[:-1]])))
        examples = lookup[column].iloc[rows[:40]].astype(str).drop_duplicates().head(_util.MAX_EXAMPLES)
        row_numbers = _util.row_numbers(lookup)[rows]
        raise InputError(
            f"The postcode lookup column '{column}' lists {n_postcodes} postcode(s) more than once "
            f"({len(rows)} rows), e.g. {_util.format_examples(examples)} (lookup rows "
            f"{_util.format_rows(row_numbers)}). Each postcode must appear once: remove duplicate "
            "rows, or pick a lookup with one row per postcode."
        )
    if len(sorted_keys) == 0:
        return np.full(len(keys), -1, dtype=np.int64)
    # Searching with sorted queries is cache-friendly (≈5× faster than random order).
    query_order = np.argsort(keys)
    at = np.empty(len(keys), dtype=np.int64)
    at[query_order] = np.searchsorted(sorted_keys, keys[query_order])
    at = np.minimum(at, len(sorted_keys) - 1)
    found = (keys >= 0) & (sorted_keys[at] == keys)
    return np.where(found, order[at], -1)


def assign_by_postcode(
    cases: pd.DataFrame,
    postcode_col: str,
    lookup: pd.DataFrame,
    lookup_postcode_col: str,
    area_cols: list[str],
    terminated_col: str | None = None,
    drop_postcode: bool = True,
    is_cancelled: IsCancelled = None,
) -> AssignResult:
    """Assign cases to areas through a postcode lookup (e.g. ONS NSPL/ONSPD); see the module docstring.

    Parameters
    ----------
    cases, postcode_col:
        One row per case (or per group of cases), and its column holding postcodes.
    lookup, lookup_postcode_col:
        Postcode lookup, one row per postcode, and its column holding postcodes. Lookup
        values that cannot be a postcode key (more than 7 letters/digits or other
        characters) never match; missing ones are ignored.
    area_cols:
        Lookup columns appended to the assigned cases (e.g. ``["lsoa21cd"]``), copied as they are;
        a blank or an ONS pseudo code (``E99999999``…) in one of them leaves the case unmatched
        (:func:`without_areas`), never placed in a fake area.
    terminated_col:
        Optional lookup column that is filled for terminated postcodes (ONS
        ``doterm``, e.g. ``"202003"``); such cases are unmatched with reason
        ``"terminated postcode"``. Without it, terminated postcodes are
        assigned like live ones.
    drop_postcode:
        Leave the postcode column out of ``assigned`` (it identifies people
        more precisely than the areas do). ``unmatched`` always keeps it.
    is_cancelled:
        Polled between chunks of work (see :mod:`~phso_insight_plugin.cancel`).

    Returns
    -------
    AssignResult
        Reasons: ``"blank postcode"``, ``"malformed postcode"``,
        ``"postcode not in lookup"``, ``"terminated postcode"`` and one
        ``"postcode has no … in the directory"`` per area column.

    Raises
    ------
    InputError
        Missing columns; no area columns; area columns that already exist in
        ``cases``; the same postcode more than once in the lookup.
    """
    area_cols = _check_postcode_columns(cases, postcode_col, lookup, lookup_postcode_col, area_cols,
                                        terminated_col)
    match = match_postcodes(cases, postcode_col, lookup, lookup_postcode_col, terminated_col, is_cancelled)
    match = without_areas(match, lookup, area_cols)
    matched = pd.isna(match.reasons)
    matched_pos = np.flatnonzero(matched)
    kept = [c for c in cases.columns if not (drop_postcode and c == postcode_col)]
    base = cases.iloc[matched_pos][kept]
    areas = lookup[area_cols].iloc[match.lookup_row[matched_pos]].set_axis(base.index, axis=0)
    return _result(cases, matched, match.reasons, match.possible, pd.concat([base, areas], axis=1))


@dataclass(frozen=True)
class PostcodeMatch:
    """Where each case row's postcode leads: ``lookup_row`` (position in the lookup, -1 if none) and
    ``reasons`` (None where the case is placed); ``possible`` lists the reasons this match can give."""

    lookup_row: np.ndarray
    reasons: np.ndarray
    possible: tuple[str, ...]


def match_postcodes(cases: pd.DataFrame, postcode_col: str, lookup: pd.DataFrame, lookup_postcode_col: str,
                    terminated_col: str | None = None, is_cancelled: IsCancelled = None) -> PostcodeMatch:
    """The lookup row of each case's postcode, cleaned and keyed as :func:`assign_by_postcode` does
    (the columns must exist; duplicate lookup postcodes are an :class:`InputError`)."""
    status, keys = map_chunks(case_postcode_keys, cases[postcode_col], is_cancelled)
    lookup_keys = map_chunks(lookup_postcode_keys, lookup[lookup_postcode_col], is_cancelled)
    check_cancelled(is_cancelled)
    lookup_pos = _match_keys(lookup, lookup_postcode_col, lookup_keys, keys)
    check_cancelled(is_cancelled)
    reasons, possible = _postcode_reasons(status, lookup_pos, lookup, terminated_col)
    return PostcodeMatch(lookup_pos, reasons, possible)


def without_areas(match: PostcodeMatch, lookup: pd.DataFrame, area_cols: list[str]) -> PostcodeMatch:
    """``match`` with the cases whose postcode has no area in an area column (blank, or a pseudo code such as
    ``E99999999``) unmatched: "postcode has no LSOA in the directory" (the first such column names it)."""
    reasons = match.reasons.copy()
    found = np.flatnonzero(pd.isna(reasons))
    column_reasons = [no_area_reason(column) for column in area_cols]
    for column, reason in zip(area_cols, column_reasons):
        values = lookup[column].to_numpy(dtype=object)[match.lookup_row[found]]
        no_area = is_no_area(values)
        reasons[found[no_area]] = reason
        found = found[~no_area]
    return PostcodeMatch(match.lookup_row, reasons, match.possible + tuple(dict.fromkeys(column_reasons)))


def _check_postcode_columns(cases: pd.DataFrame, postcode_col: str, lookup: pd.DataFrame, lookup_postcode_col: str,
                            area_cols: list[str], terminated_col: str | None) -> list[str]:
    """The area columns as a list, once every column exists and none would be overwritten."""
    check_case_table(cases)
    area_cols = list(area_cols)
    if not area_cols:
        raise InputError("Choose at least one lookup column to add to the cases (area_cols is empty).")
    _util.require_columns(cases, [postcode_col], "case table")
    needed = [lookup_postcode_col, *area_cols] + ([terminated_col] if terminated_col else [])
    _util.require_columns(lookup, needed, "postcode lookup")
    _util.refuse_existing_columns(cases, area_cols, "case table")
    return area_cols


def _postcode_reasons(status: np.ndarray, lookup_pos: np.ndarray, lookup: pd.DataFrame,
                      terminated_col: str | None) -> tuple[np.ndarray, tuple[str, ...]]:
    """(reason per case row, None where matched; the reasons this assignment can give)."""
    reasons = np.full(len(status), None, dtype=object)
    reasons[status == STATUS_BLANK] = BLANK_POSTCODE
    reasons[status == STATUS_MALFORMED] = MALFORMED_POSTCODE
    reasons[(status == STATUS_OK) & (lookup_pos < 0)] = POSTCODE_NOT_IN_LOOKUP
    possible = (BLANK_POSTCODE, MALFORMED_POSTCODE, POSTCODE_NOT_IN_LOOKUP)
    if terminated_col:
        found = np.flatnonzero(lookup_pos >= 0)
        terminated = lookup[terminated_col].iloc[lookup_pos[found]]
        reasons[found[~_util.is_blank(terminated)]] = TERMINATED_POSTCODE
        possible = possible + (TERMINATED_POSTCODE,)
    return reasons, possible


def assign_by_area_code(
    cases: pd.DataFrame, code_col: str, valid_codes: pd.Series | None = None, is_cancelled: IsCancelled = None
) -> AssignResult:
    """Assign cases that already carry an area code (e.g. an LSOA or ICB code).

    Codes are trimmed and upper-cased; in ``assigned`` the ``code_col`` column
    holds these normalised codes (text), ready to join to the area layer.
    ``unmatched`` keeps the codes as given.

    Parameters
    ----------
    cases:
        One row per case (or per group of cases).
    code_col:
        Column of ``cases`` holding area codes.
    valid_codes:
        The area layer's codes. When given, codes not among them (after the
        same trimming and upper-casing) are unmatched with reason
        ``"area code not in areas"`` and :attr:`AssignResult.hint` may say why
        (e.g. "look like LSOA 2011 codes").
    is_cancelled:
        Polled between steps (see :mod:`~phso_insight_plugin.cancel`).

    Returns
    -------
    AssignResult
        Reasons: ``"blank area code"`` and, with ``valid_codes``,
        ``"area code not in areas"``.
    """
    check_case_table(cases)
    _util.require_columns(cases, [code_col], "case table")
    check_cancelled(is_cancelled)
    codes = _util.clean_codes(cases[code_col])
    check_cancelled(is_cancelled)
    blank = codes.isna().to_numpy()
    reasons = np.full(len(cases), None, dtype=object)
    reasons[blank] = BLANK_AREA_CODE
    possible: tuple[str, ...] = (BLANK_AREA_CODE,)
    hint = None
    if valid_codes is not None:
        valid = pd.Index(_util.clean_codes(pd.Series(valid_codes)).dropna().unique())
        unknown = ~blank & ~codes.isin(valid).to_numpy()
        reasons[unknown] = AREA_CODE_NOT_IN_AREAS
        possible = possible + (AREA_CODE_NOT_IN_AREAS,)
        if unknown.any():
            hint = vintage_hint(codes[unknown], pd.Series(valid))
    matched = pd.isna(reasons)
    matched_pos = np.flatnonzero(matched)
    assigned = cases.iloc[matched_pos].copy()
    assigned[code_col] = codes.iloc[matched_pos].astype(object).to_numpy()
    return _result(cases, matched, reasons, possible, assigned, hint)


def _coordinates(values: ArrayLike) -> np.ndarray:
    """Float array; anything that is not a number (text, None…) becomes NaN."""
    arr = np.asarray(values)
    if arr.dtype.kind in "iuf":
        return arr.astype(float, copy=False).ravel()
    as_numbers = pd.to_numeric(pd.Series(arr.astype(object).ravel()), errors="coerce")
    return as_numbers.to_numpy(dtype=float, na_value=np.nan)


def assign_by_points(
    cases: pd.DataFrame,
    x: np.ndarray,
    y: np.ndarray,
    area_geoms: np.ndarray,
    area_codes: pd.Series,
    area_field: str,
    is_cancelled: IsCancelled = None,
) -> AssignResult:
    """Assign cases with coordinates to the area polygon containing them.

    The caller transforms the coordinates into the CRS of ``area_geoms``
    first. A point on a boundary shared by two areas goes to the area listed
    first (see :func:`~phso_insight_plugin.geo.points.locate_points`).

    Parameters
    ----------
    cases:
        One row per case, in the order of ``x`` and ``y``.
    x, y:
        Coordinates, one per case row. Missing, non-numeric (e.g. text) or
        infinite values give reason ``"invalid coordinates"``.
    area_geoms:
        Shapely polygons of the areas (array-like).
    area_codes:
        Area codes, one per polygon, in the same order.
    area_field:
        Name of the column appended to ``assigned`` with the area code.
    is_cancelled:
        Polled between chunks of points (see :mod:`~phso_insight_plugin.cancel`).

    Returns
    -------
    AssignResult
        Reasons: ``"invalid coordinates"``, ``"point outside all areas"``.
    """
    xs, ys, geoms, area_codes = _check_point_inputs(cases, x, y, area_geoms, area_codes, area_field)
    from ..geo.points import locate_points  # shapely: imported only for point location

    valid = np.isfinite(xs) & np.isfinite(ys)
    where = locate_points(np.where(valid, xs, np.nan), np.where(valid, ys, np.nan), geoms, is_cancelled)
    reasons = np.full(len(cases), None, dtype=object)
    reasons[~valid] = INVALID_COORDINATES
    reasons[valid & (where < 0)] = POINT_OUTSIDE
    matched = where >= 0
    matched_pos = np.flatnonzero(matched)
    assigned = cases.iloc[matched_pos].copy()
    assigned[area_field] = area_codes.to_numpy(dtype=object)[where[matched_pos]]
    return _result(cases, matched, reasons, (INVALID_COORDINATES, POINT_OUTSIDE), assigned)


def _check_point_inputs(cases: pd.DataFrame, x: ArrayLike, y: ArrayLike, area_geoms: ArrayLike, area_codes: ArrayLike,
                        area_field: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, pd.Series]:
    """(x, y as floats, polygons as an array, codes as a Series) once their lengths agree."""
    check_case_table(cases)
    n = len(cases)
    xs, ys = _coordinates(x), _coordinates(y)
    if len(xs) != n or len(ys) != n:
        raise InputError(
            f"There are {n} case rows but {len(xs)} x and {len(ys)} y coordinates; "
            "give one coordinate pair per case row."
        )
    geoms = np.asarray(area_geoms, dtype=object)
    area_codes = pd.Series(area_codes)
    if len(geoms) != len(area_codes):
        raise InputError(
            f"There are {len(geoms)} area polygons but {len(area_codes)} area codes; "
            "give one code per polygon."
        )
    _util.refuse_existing_columns(cases, [area_field], "case table")
    return xs, ys, geoms, area_codes
