"""Validation of tabular inputs shared by the core packages (pure pandas/numpy).

Every check raises :class:`~phso_insight_plugin.errors.InputError` with a message that
names the field, the offending 1-based row numbers (first ten) and how many rows.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .errors import InputError

MAX_ROWS_LISTED = 10


def describe_rows(mask: np.ndarray) -> str:
    """'3 rows (rows 2, 5, 9)': count and first row numbers (1-based) where ``mask`` is true."""
    rows = np.flatnonzero(mask) + 1
    listed = ", ".join(str(r) for r in rows[:MAX_ROWS_LISTED])
    more = ", …" if rows.size > MAX_ROWS_LISTED else ""
    noun = "row" if rows.size == 1 else "rows"
    return f"{rows.size} {noun} ({noun} {listed}{more})"


def listing(values: Sequence, limit: int = MAX_ROWS_LISTED) -> str:
    """'E01000001, E01000002, …': the first ``limit`` values (codes, ids) as text, '…' if more."""
    values = list(values)
    more = ", …" if len(values) > limit else ""
    return ", ".join(str(v) for v in values[:limit]) + more


def require_columns(frame: pd.DataFrame, columns: Sequence[str], what: str = "input") -> None:
    """Raise if any of ``columns`` is missing from ``frame``, listing the fields that exist."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise InputError(
            f"Field(s) {', '.join(repr(c) for c in missing)} not found in the {what}; "
            f"available fields: {', '.join(map(str, frame.columns))}."
        )


def numeric_column(
    frame: pd.DataFrame,
    column: str,
    *,
    allow_negative: bool = False,
    whole_numbers: bool = False,
    allow_missing: bool = False,
) -> np.ndarray:
    """Return ``frame[column]`` as float64, rejecting text, missing, negative or fractional values.

    Text that parses as a number ("12", " 7 ") is accepted; anything else is an error, as
    are NULLs unless ``allow_missing`` (then they stay NaN). Nothing is dropped silently.
    """
    require_columns(frame, [column])
    raw = frame[column]
    values = pd.to_numeric(raw.astype("object").where(raw.notna(), None), errors="coerce")
    missing = raw.isna().to_numpy()
    text = values.isna().to_numpy() & ~missing
    if text.any():
        examples = ", ".join(repr(v) for v in raw[text].astype(str).unique()[:3])
        raise InputError(f"Field {column!r} has non-numeric values in {describe_rows(text)}, e.g. {examples}.")
    if missing.any() and not allow_missing:
        raise InputError(
            f"Field {column!r} is empty (NULL) in {describe_rows(missing)}; fill them (e.g. with 0) or remove them."
        )
    array = values.to_numpy(dtype="float64")
    if not np.isfinite(array[~missing]).all():
        bad = ~np.isfinite(array) & ~missing
        raise InputError(f"Field {column!r} has infinite values in {describe_rows(bad)}.")
    if not allow_negative and (array < 0).any():
        raise InputError(f"Field {column!r} has negative values in {describe_rows(array < 0)}; counts cannot be "
                         "negative.")
    if whole_numbers:
        fractional = ~missing & (np.floor(array) != array)
        if fractional.any():
            raise InputError(f"Field {column!r} must hold whole numbers; fractions in {describe_rows(fractional)}.")
    return array


def numeric_matrix(frame: pd.DataFrame, columns: Sequence[str], **kwargs) -> np.ndarray:
    """Stack several validated numeric columns into an (n_rows, n_columns) float64 array."""
    if not columns:
        return np.empty((len(frame), 0))
    return np.column_stack([numeric_column(frame, c, **kwargs) for c in columns])
