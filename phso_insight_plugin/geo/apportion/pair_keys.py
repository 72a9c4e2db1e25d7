"""Vectorised bookkeeping of index pairs: one int64 key per pair, sorted look-ups and joins."""
from __future__ import annotations

import numpy as np


def pair_keys(rows: np.ndarray, columns: np.ndarray, n_columns: int) -> np.ndarray:
    """One int64 key per ``(row, column)`` pair: ``row · n_columns + column``.

    Keys sort like the pairs sorted by row, then column.
    """
    return rows.astype(np.int64) * np.int64(max(n_columns, 1)) + columns.astype(np.int64)


def find_sorted(sorted_keys: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """Position of each of ``keys`` in ``sorted_keys`` (ascending), or -1 where absent."""
    if len(sorted_keys) == 0:
        return np.full(len(keys), -1, dtype=np.int64)
    position = np.minimum(np.searchsorted(sorted_keys, keys), len(sorted_keys) - 1)
    return np.where(sorted_keys[position] == keys, position, -1)


def join_on_equal_keys(left_keys: np.ndarray, right_keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """All index pairs ``(i, j)`` with ``left_keys[i] == right_keys[j]`` (many-to-many join).

    Pairs come in the order of ``i``; for one ``i``, in the (stable) sorted order of ``right_keys``.
    """
    order = np.argsort(right_keys, kind="stable")
    right_sorted = right_keys[order]
    first = np.searchsorted(right_sorted, left_keys, "left")
    count = np.searchsorted(right_sorted, left_keys, "right") - first
    left = np.repeat(np.arange(len(left_keys)), count)
    within = np.arange(int(count.sum())) - np.repeat(np.cumsum(count) - count, count)
    right = order[np.repeat(first, count) + within]
    return left, right
