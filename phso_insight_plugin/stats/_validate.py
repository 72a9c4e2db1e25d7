"""Input checks shared by the statistics modules.

Every failure raises :class:`~phso_insight_plugin.errors.InputError` with a
message that says what was wrong, where (area index = 0-based row position in
input order; stratum = 0-based column) and how many rows were affected.
"""
from __future__ import annotations

import numpy as np

from ..errors import InputError

_MAX_LISTED = 10


def describe_rows(rows: np.ndarray) -> str:
    """Render area indices as ``"3, 7, 12"``, truncated after ten with a count of the rest."""
    rows = np.asarray(rows)
    listed = ", ".join(str(int(r)) for r in rows[:_MAX_LISTED])
    if rows.size > _MAX_LISTED:
        listed += f" and {rows.size - _MAX_LISTED} more"
    return listed


def as_float_array(values, name: str, ndim: tuple[int, ...] = (1,)) -> np.ndarray:
    """Convert ``values`` to a float array with one of the allowed dimensions.

    Raises InputError when the values are not numeric or the dimension is wrong.
    """
    try:
        arr = np.asarray(values, dtype=float)
    except (TypeError, ValueError) as exc:
        raise InputError(f"{name} must be numeric: {exc}") from exc
    if arr.ndim not in ndim:
        raise InputError(
            f"{name} must have {' or '.join(map(str, ndim))} dimension(s), got shape {arr.shape}"
        )
    return arr


def check_non_negative(arr: np.ndarray, name: str, index_name: str = "area index") -> None:
    """Reject NaN, infinite and negative entries, naming the rows (and strata) affected.

    ``arr`` is 1-D (one value per area, or per stratum with
    ``index_name="stratum column"``) or 2-D (areas x strata).
    """
    n_rows = arr.shape[0]
    for problem, bad in (("missing (NaN) or infinite", ~np.isfinite(arr)), ("negative", arr < 0)):
        if not bad.any():
            continue
        where = np.nonzero(bad.any(axis=1) if arr.ndim == 2 else bad)[0]
        if arr.ndim == 2:
            columns = np.nonzero(bad.any(axis=0))[0]
            place = f"stratum column(s) {describe_rows(columns)} at area index {describe_rows(where)}"
        else:
            place = f"{index_name} {describe_rows(where)}"
        raise InputError(
            f"{name} has {int(bad.sum())} {problem} value(s) in {where.size} of {n_rows} rows: {place}"
        )
