"""Count cases per area (and per group) — pure pandas/numpy; no QGIS imports.

Each case row stands for one case, or for the number in a count column. Codes are trimmed
and upper-cased on both sides before matching; rows whose code is blank or not among the
layer's codes are left out of the counts and reported (reasons in :mod:`.reasons`). With a
group column the counts are split into one field per group value, named by the rule in
:mod:`.field_names`. :func:`count_cases` reads each row's area code from a column;
:func:`count_cases_by_postcode` finds it through a postcode lookup, so that a million cases
are counted without first writing a million-row table of assigned cases.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..cancel import IsCancelled, check_cancelled
from ..errors import InputError
from . import _util
from .assign import PostcodeMatch, match_postcodes, without_areas
from .field_names import group_field_names
from .reasons import AREA_CODE_NOT_IN_AREAS, BLANK_AREA_CODE, COUNT_REASONS, check_case_table, unmatched_rows
from .vintage import vintage_hint


@dataclass
class CountResult:
    """Case counts per area.

    Attributes
    ----------
    counts:
        One row per area, in the order (and with the index) of ``area_codes``:
        the area code as given, ``<prefix>`` (total, int64) and, with a group
        column, one int64 ``<prefix>_<group>`` column per group value (sorted
        by value; ``<prefix>_missing`` last; names: :mod:`.field_names`). Areas
        without cases have 0.
    group_fields:
        ``{field name: group value}`` for the group columns (the value of the
        missing-group field is ``None``). Empty without a group column.
    unmatched:
        Case rows not counted (all input columns + ``source_row`` +
        ``reason``: ``"blank area code"`` or ``"area code not in areas"``).
    summary:
        ``rows_in``, ``rows_matched``, ``rows_unmatched``,
        ``unmatched_by_reason`` ({reason: rows}); and ``cases_in``,
        ``cases_matched``, ``cases_unmatched``, ``cases_unmatched_by_reason``,
        which sum the count column (equal to the row figures without one).
        (Named ``summary`` because ``counts`` is the table.)
    hint:
        Plain-English guess why codes did not match
        (:func:`~.vintage.vintage_hint`) or ``None``.
    total_field:
        Name of the total column: ``prefix`` put through
        :func:`~.field_names.sanitise_field_name` — ``prefix`` itself when it is already
        lower-case ASCII letters, digits and underscores (e.g. ``"cases"``),
        ``"complaints_2024"`` for ``"Complaints 2024"``.
    """

    counts: pd.DataFrame
    group_fields: dict = field(default_factory=dict)
    unmatched: pd.DataFrame = field(default_factory=pd.DataFrame)
    summary: dict = field(default_factory=dict)
    hint: str | None = None
    total_field: str = "cases"


def _count_values(cases: pd.DataFrame, count_col: str) -> np.ndarray:
    """Validated int64 counts; InputError naming rows for anything else."""
    raw = cases[count_col]
    rows = _util.row_numbers(cases)
    if pd.api.types.is_bool_dtype(raw.dtype):
        raise InputError(f"The count column '{count_col}' holds true/false values, not counts.")
    if pd.api.types.is_numeric_dtype(raw.dtype):
        text = None
        values = raw.to_numpy(dtype=float, na_value=np.nan)
        missing = np.isnan(values)
    else:
        text = raw.astype("string").str.strip()
        missing = (text.isna() | (text == "")).to_numpy()
        values = pd.to_numeric(text.to_numpy(dtype=object), errors="coerce").astype(float)
    not_number = ~missing & ~np.isfinite(values)
    finite = np.isfinite(values)
    negative = finite & (values < 0)
    fractional = finite & ~negative & (values != np.floor(values))
    too_big = finite & (values > 2**53)
    problems = []
    shown = raw if text is None else text
    for mask, what in (
        (missing, "empty"),
        (not_number, "not numbers"),
        (negative, "negative"),
        (fractional, "not whole numbers"),
        (too_big, "too large"),
    ):
        if mask.any():
            where = np.flatnonzero(mask)
            detail = f"rows {_util.format_rows(rows[where])}"
            if what != "empty":
                detail += f": {_util.format_examples(shown.iloc[where[:_util.MAX_EXAMPLES]].tolist())}"
            problems.append(f"{int(mask.sum())} {what} ({detail})")
    if problems:
        bad = int((missing | not_number | negative | fractional | too_big).sum())
        raise InputError(
            f"The count column '{count_col}' must hold a whole number ≥ 0 in every row; "
            f"{bad} of {len(raw)} rows do not: " + "; ".join(problems) + "."
        )
    return values.astype(np.int64)


def _layer_codes(area_codes: pd.Series) -> pd.Series:
    codes = _util.clean_codes(pd.Series(area_codes))
    dup = codes.notna() & codes.duplicated(keep=False)
    if dup.any():
        names = codes[dup].drop_duplicates()
        raise InputError(
            f"The area codes{f' in {area_codes.name!r}' if area_codes.name else ''} must be unique, but "
            f"{len(names)} code(s) appear more than once "
            f"({int(dup.sum())} areas): {_util.format_examples(names.tolist())} "
            "(after trimming spaces and upper-casing). Dissolve the layer by code first."
        )
    return codes


def count_cases(
    cases: pd.DataFrame,
    area_col: str,
    area_codes: pd.Series,
    count_col: str | None = None,
    group_col: str | None = None,
    prefix: str = "cases",
    is_cancelled: IsCancelled = None,
) -> CountResult:
    """Count cases per area, optionally split by a group column.

    Parameters
    ----------
    cases, area_col:
        Case rows with an area code (e.g. ``AssignResult.assigned``), and the
        column holding it (trimmed and upper-cased, like the layer's codes).
    area_codes:
        The area layer's codes, one per area (must be unique). The output has
        one row per entry, in this order.
    count_col:
        Optional column with the number of cases each row stands for (whole
        numbers ≥ 0). Without it every row is one case. Empty, non-numeric,
        negative or fractional values raise :class:`InputError` naming the
        rows — nothing is silently dropped.
    group_col:
        Optional column whose values split the counts into one field per
        value (naming rule in :mod:`.field_names`).
    prefix:
        Name of the total field and prefix of the group fields, sanitised
        like group values (see :attr:`CountResult.total_field`).
    is_cancelled:
        Polled between steps (see :mod:`~phso_insight_plugin.cancel`).

    Returns
    -------
    CountResult
        Checked: counts total ``cases_matched``; ``cases_in == cases_matched +
        cases_unmatched``, rows likewise; each area's groups sum to its total.
    """
    check_case_table(cases)
    _util.require_columns(cases, [area_col] + [c for c in (count_col, group_col) if c], "case table")
    return _counted(cases, cases[area_col], area_col, area_codes, count_col, group_col, prefix, is_cancelled)


def count_cases_by_postcode(
    cases: pd.DataFrame,
    postcode_col: str,
    lookup: pd.DataFrame,
    lookup_postcode_col: str,
    lookup_area_col: str,
    area_codes: pd.Series,
    count_col: str | None = None,
    group_col: str | None = None,
    prefix: str = "cases",
    terminated_col: str | None = None,
    is_cancelled: IsCancelled = None,
) -> CountResult:
    """Count cases per area straight from their postcodes: each case takes the area code
    ``lookup_area_col`` of its postcode's lookup row (postcodes cleaned and matched as
    :func:`~.assign.assign_by_postcode` does), then is counted as by :func:`count_cases`, without an
    assigned-cases table in between. Rows whose postcode is blank, malformed, not in the lookup or
    terminated (with ``terminated_col``), or whose directory area is blank or a pseudo code
    (:func:`~.assign.without_areas`), are unmatched with that reason; rows placed in an area code not
    in ``area_codes`` with the counting reason. Other parameters and the result as
    :func:`count_cases` (the code field of ``counts`` is named after ``area_codes``)."""
    check_case_table(cases)
    _util.require_columns(cases, [postcode_col] + [c for c in (count_col, group_col) if c], "case table")
    _util.require_columns(lookup, [lookup_postcode_col, lookup_area_col] + ([terminated_col] if terminated_col else []),
                          "postcode lookup")
    match = match_postcodes(cases, postcode_col, lookup, lookup_postcode_col, terminated_col, is_cancelled)
    match = without_areas(match, lookup, [lookup_area_col])
    placed = pd.isna(match.reasons)
    codes = np.full(len(cases), None, dtype=object)
    codes[placed] = lookup[lookup_area_col].to_numpy(dtype=object)[match.lookup_row[placed]]
    return _counted(cases, pd.Series(codes, index=cases.index), lookup_area_col, area_codes, count_col, group_col,
                    prefix, is_cancelled, match)


def _counted(cases: pd.DataFrame, raw_codes: pd.Series, area_col: str, area_codes: pd.Series, count_col: str | None,
             group_col: str | None, prefix: str, is_cancelled: IsCancelled,
             placing: PostcodeMatch | None = None) -> CountResult:
    """Count the rows by their ``raw_codes``; rows ``placing`` could not place keep its reasons."""
    area_codes = pd.Series(area_codes)
    layer = _layer_codes(area_codes)
    weights = _count_values(cases, count_col) if count_col else np.ones(len(cases), dtype=np.int64)
    check_cancelled(is_cancelled)
    codes = _util.clean_codes(raw_codes)
    check_cancelled(is_cancelled)
    area_pos, reasons = _match_areas(codes, layer)
    possible = COUNT_REASONS
    if placing is not None:
        unplaced = ~pd.isna(placing.reasons)
        area_pos[unplaced], reasons[unplaced] = -1, placing.reasons[unplaced]
        possible = placing.possible + COUNT_REASONS
    check_cancelled(is_cancelled)
    groups = _groups(cases, group_col, prefix)
    check_cancelled(is_cancelled)
    counts = _count_table(area_codes, area_col, area_pos, weights, groups)
    check_cancelled(is_cancelled)
    matched, unknown = area_pos >= 0, reasons == AREA_CODE_NOT_IN_AREAS
    return CountResult(
        counts=counts, group_fields=groups.group_fields, total_field=groups.total_field,
        unmatched=unmatched_rows(cases, np.flatnonzero(~matched), reasons),
        summary=_summary(matched, reasons, weights, int(counts[groups.total_field].sum()), possible),
        hint=vintage_hint(codes[unknown], layer.dropna()) if unknown.any() else None)


def _match_areas(codes: pd.Series, layer: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(position in the layer of each case's area or -1; reason per case row, None where matched)."""
    blank = codes.isna().to_numpy()
    present = np.flatnonzero(layer.notna().to_numpy())
    hit = pd.Index(layer.iloc[present].to_numpy(dtype=object)).get_indexer(codes.to_numpy(dtype=object))
    area_pos = np.where(hit >= 0, present[np.maximum(hit, 0)], -1)
    area_pos[blank] = -1
    reasons = np.full(len(codes), None, dtype=object)
    reasons[blank] = BLANK_AREA_CODE
    reasons[~blank & (area_pos < 0)] = AREA_CODE_NOT_IN_AREAS
    return area_pos, reasons


@dataclass(frozen=True)
class _Groups:
    """The count fields: the total, one per group value (and missing), and each row's group."""

    total_field: str
    fields: list[str]
    group_fields: dict
    row_group: np.ndarray | None


def _groups(cases: pd.DataFrame, group_col: str | None, prefix: str) -> _Groups:
    """Group fields sorted by value, the missing-group field last (names: :mod:`.field_names`)."""
    if not group_col:
        return _Groups(group_field_names([], prefix, False)[0], [], {}, None)
    row_group, uniques = pd.factorize(_util.clean_text(cases[group_col]), sort=True)
    values = [str(v) for v in uniques]
    with_missing = bool((row_group < 0).any())
    total_field, value_fields, missing_field = group_field_names(values, prefix, with_missing)
    group_fields: dict[str, object] = {value_fields[v]: v for v in values}
    if with_missing:
        group_fields[missing_field] = None
    return _Groups(total_field, list(group_fields), group_fields,
                   np.where(row_group < 0, len(values), row_group))


def _count_table(area_codes: pd.Series, area_col: str, area_pos: np.ndarray, weights: np.ndarray,
                 groups: _Groups) -> pd.DataFrame:
    """One row per area: its code, the total and the group counts (int64)."""
    n_areas, n_groups = len(area_codes), len(groups.fields)
    matched = area_pos >= 0
    matched_pos = area_pos[matched]
    matched_weights = weights[matched].astype(float)
    totals = np.rint(np.bincount(matched_pos, weights=matched_weights, minlength=n_areas)).astype(np.int64)
    code_field = area_codes.name if isinstance(area_codes.name, str) and area_codes.name else area_col
    if code_field == groups.total_field or code_field in groups.fields:
        code_field = "area_code"
    table = {code_field: area_codes.to_numpy(dtype=object), groups.total_field: totals}
    if n_groups:
        flat = matched_pos * n_groups + groups.row_group[matched]
        by_group = np.rint(np.bincount(flat, weights=matched_weights, minlength=n_areas * n_groups)).astype(np.int64)
        by_group = by_group.reshape(n_areas, n_groups)
        for j, name in enumerate(groups.fields):
            table[name] = by_group[:, j]
        if not np.array_equal(by_group.sum(axis=1), totals):
            raise AssertionError("Internal error: group counts do not add up to the area totals.")
    return pd.DataFrame(table, index=area_codes.index)


def _summary(matched: np.ndarray, reasons: np.ndarray, weights: np.ndarray, counted: int,
             possible: tuple[str, ...] = COUNT_REASONS) -> dict:
    """Rows and cases in, matched and unmatched (by reason); invariants checked against ``counted``."""
    unmatched_reasons = reasons[~matched]
    unmatched_weights = weights[~matched]
    summary = {
        "rows_in": int(len(matched)),
        "rows_matched": int(matched.sum()),
        "rows_unmatched": int((~matched).sum()),
        "unmatched_by_reason": _util.reason_counts(unmatched_reasons, possible),
        "cases_in": int(weights.sum()),
        "cases_matched": int(weights[matched].sum()),
        "cases_unmatched": int(unmatched_weights.sum()),
        "cases_unmatched_by_reason": {r: int(unmatched_weights[unmatched_reasons == r].sum()) for r in possible},
    }
    _util.check_invariant(summary["rows_in"], summary["rows_matched"], summary["rows_unmatched"])
    _util.check_invariant(summary["cases_in"], summary["cases_matched"], summary["cases_unmatched"], "cases")
    if counted != summary["cases_matched"]:
        raise AssertionError(
            f"Internal error: counts add up to {counted}, matched cases are {summary['cases_matched']}."
        )
    return summary
