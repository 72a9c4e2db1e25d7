"""Which small areas lie (at least partly) in which larger areas (pure shapely 2 / numpy; no QGIS imports).

A small area is *in* a larger area when at least ``min_share`` of its own area lies inside it: an LSOA cut by
a constituency boundary is in both constituencies when each holds a visible part of it (the briefings draw the
small areas clipped to each area and list those drawn).
"""
from __future__ import annotations

import numpy as np
import shapely

from ..cancel import IsCancelled, check_cancelled

#: Share of a small area's own area that must lie in a larger area for it to count as in it.
MIN_SHARE = 0.1


def overlapping_pairs(parts: np.ndarray, wholes: np.ndarray, min_share: float = MIN_SHARE,
                      is_cancelled: IsCancelled = None) -> tuple[np.ndarray, np.ndarray]:
    """(part index, whole index) of every part with at least ``min_share`` of its area inside a whole.

    ``parts`` and ``wholes`` are shapely polygon arrays in one projected CRS (None or empty geometries are in
    nothing). Parts within a whole count without computing their intersection; only parts crossing a boundary
    are intersected. Pairs come sorted by part, then whole.
    """
    parts, wholes = np.asarray(parts, dtype=object), np.asarray(wholes, dtype=object)
    if len(parts) == 0 or len(wholes) == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    tree = shapely.STRtree(wholes)
    part, whole = tree.query(parts, predicate="intersects")
    check_cancelled(is_cancelled)
    inside = shapely.within(parts[part], wholes[whole])
    crossing = np.flatnonzero(~inside)
    share = np.ones(len(part))
    own_area = shapely.area(parts[part[crossing]])
    shared = shapely.area(shapely.intersection(parts[part[crossing]], wholes[whole[crossing]]))
    share[crossing] = np.divide(shared, own_area, out=np.zeros_like(shared), where=own_area > 0)
    check_cancelled(is_cancelled)
    keep = share >= min_share
    order = np.lexsort((whole[keep], part[keep]))
    return part[keep][order].astype(np.int64), whole[keep][order].astype(np.int64)
