"""Postcode points of the England-scale directory: uniformly inside their zone, zones in a spatial order
so that a postcode district covers neighbouring zones as real ones do. Coordinates in metres."""
from __future__ import annotations

import numpy as np
import shapely


def spatial_order(points: np.ndarray, cell: float = 10_000.0) -> np.ndarray:
    """Order of ``points`` along rows of ``cell``-metre squares (serpentine), so neighbours stay close."""
    col = np.floor(points[:, 0] / cell).astype(np.int64)
    row = np.floor(points[:, 1] / cell).astype(np.int64)
    col = np.where(row % 2 == 0, col, -col)
    return np.lexsort((points[:, 0], col, row))


def points_in_zones(zones: np.ndarray, zone_of_point: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """One uniformly random point (n × 2) inside each ``zones[zone_of_point[i]]`` (rejection sampling;
    fastest with ``zone_of_point`` sorted)."""
    bounds = shapely.bounds(zones)[zone_of_point]
    points = np.empty((len(zone_of_point), 2))
    pending = np.arange(len(zone_of_point))
    while len(pending):
        lo, hi = bounds[pending, :2], bounds[pending, 2:]
        candidate = lo + rng.random((len(pending), 2)) * (hi - lo)
        inside = shapely.contains_xy(zones[zone_of_point[pending]], candidate[:, 0], candidate[:, 1])
        points[pending[inside]] = candidate[inside]
        pending = pending[~inside]
    return points
