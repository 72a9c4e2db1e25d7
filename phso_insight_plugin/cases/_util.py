"""Small helpers shared by the case-preparation modules (private; pure pandas/numpy).

Row numbers
-----------
Messages and the ``source_row`` column number rows from 1. When the cases
DataFrame has a unique, non-negative integer index (the default ``RangeIndex``
of a table read from a file, or a subset of it such as
``AssignResult.assigned``), row *n* is the row whose index label is *n - 1*,
so numbers keep pointing at the original input rows after filtering.
Otherwise rows are numbered by position (1 = first row of the DataFrame).
"""
from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from ..errors import InputError

#: How many example values / row numbers an error message lists.
MAX_EXAMPLES = 10


def row_numbers(frame: pd.DataFrame | pd.Series) -> np.ndarray:
    """1-based input row numbers of ``frame`` (see module docstring)."""
    index = frame.index
    if (
        pd.api.types.is_integer_dtype(index.dtype)
        and index.is_unique
        and (len(index) == 0 or index.min() >= 0)
    ):
        return index.to_numpy(dtype=np.int64) + 1
    return np.arange(1, len(index) + 1, dtype=np.int64)


def format_examples(values: Iterable, limit: int = MAX_EXAMPLES) -> str:
    """``'a', 'b', 'c'`` (first ``limit`` values, quoted with repr)."""
    values = list(values)
    shown = ", ".join(repr(v) if isinstance(v, str) else str(v) for v in values[:limit])
    if len(values) > limit:
        shown += ", …"
    return shown


def format_rows(rows: Iterable[int], limit: int = MAX_EXAMPLES) -> str:
    """``2, 5, 9`` (first ``limit`` row numbers)."""
    rows = [int(r) for r in rows]
    shown = ", ".join(str(r) for r in rows[:limit])
    if len(rows) > limit:
        shown += ", …"
    return shown


def require_columns(frame: pd.DataFrame, columns: Iterable[str], what: str) -> None:
    """Raise :class:`InputError` if any of ``columns`` is missing from ``frame``."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise InputError(
            f"The {what} has no column {format_examples(missing)}. "
            f"Available columns: {format_examples(map(str, frame.columns), limit=30)}."
        )


def refuse_existing_columns(frame: pd.DataFrame, columns: Iterable[str], what: str) -> None:
    """Raise :class:`InputError` if appending ``columns`` would overwrite columns of ``frame``."""
    clash = [c for c in columns if c in frame.columns]
    if clash:
        raise InputError(
            f"The {what} already has column(s) {format_examples(clash)}, which this step "
            "adds to its output; rename or remove them first."
        )


def clean_codes(values: pd.Series) -> pd.Series:
    """Area codes trimmed and upper-cased (pandas ``string`` dtype); blank → ``<NA>``.

    The result keeps the index of ``values``.
    """
    return clean_text(values, upper=True)


def clean_text(values: pd.Series, upper: bool = False) -> pd.Series:
    """Text trimmed (and, with ``upper``, upper-cased) as pandas ``string``; blank → ``<NA>``; the index kept.

    Text repeats (a million cases in 35,000 areas or 19 age bands), so each distinct text is cleaned
    once; other values (numbers, mixed) are converted and cleaned one by one.
    """
    if pd.api.types.infer_dtype(values, skipna=True) != "string":
        return _cleaned(values.astype("string"), upper)
    position, distinct = pd.factorize(values.to_numpy(dtype=object))
    cleaned = _cleaned(pd.Series(distinct, dtype="string"), upper).array.take(position, allow_fill=True)
    return pd.Series(cleaned, index=values.index, name=values.name)


def _cleaned(text: pd.Series, upper: bool) -> pd.Series:
    text = text.str.strip()
    text = text.str.upper() if upper else text
    return text.mask(text == "")


def is_blank(values: pd.Series) -> np.ndarray:
    """Boolean mask: missing, or text that is empty after trimming."""
    as_text = values.astype("string").str.strip()
    return (as_text.isna() | (as_text == "")).to_numpy(dtype=bool)


def check_invariant(rows_in: int, rows_matched: int, rows_unmatched: int, what: str = "rows") -> None:
    """``rows_in == rows_matched + rows_unmatched`` or an AssertionError (kept under ``python -O``)."""
    if rows_in != rows_matched + rows_unmatched:
        raise AssertionError(
            f"Internal error: {what} in ({rows_in}) != matched ({rows_matched}) "
            f"+ unmatched ({rows_unmatched})."
        )


def reason_counts(reasons: np.ndarray, possible: Iterable[str]) -> dict[str, int]:
    """``{reason: n}`` for every reason in ``possible`` (zeros included, in that order)."""
    reasons = np.asarray(reasons, dtype=object)
    return {r: int(np.count_nonzero(reasons == r)) for r in possible}
