"""Vectorised shapely functions spread over threads (GEOS releases the GIL while it works)."""
from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import numpy as np

#: Threads used, and the smallest array worth splitting (a thread costs about 0.1 ms to start).
THREADS = 2
MINIMUM = 5000


def in_threads(function: Callable[[np.ndarray], np.ndarray], values: np.ndarray, threads: int = THREADS,
               minimum: int = MINIMUM) -> np.ndarray:
    """``function(values)`` computed on ``threads`` consecutive parts of ``values`` at once, concatenated.

    ``function`` must work element by element and only read shared geometries (no prepared geometry).
    Each thread gets its own copy of its part: shapely marks an array read-only while it works on it,
    which must not meet another thread doing the same to a view of the same array.
    """
    if len(values) < minimum or threads < 2:
        return function(values)
    parts = [part.copy() for part in np.array_split(values, threads)]
    with ThreadPoolExecutor(threads) as pool:
        return np.concatenate(list(pool.map(function, parts)))
