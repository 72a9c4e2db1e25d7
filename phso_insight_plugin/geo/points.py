"""Point-in-polygon location (pure shapely 2 / numpy; no QGIS imports)."""
from __future__ import annotations

import numpy as np
import shapely

from ..cancel import IsCancelled, map_chunks
from ..errors import InputError

#: Points located per STRtree query between two cancel checks.
POINTS_PER_CHUNK = 100_000


def locate_points(x: np.ndarray, y: np.ndarray, polygons: np.ndarray, is_cancelled: IsCancelled = None) -> np.ndarray:
    """Index of the polygon containing each point, or -1.

    Parameters
    ----------
    x, y:
        Point coordinates, already in the CRS of ``polygons`` (same length).
        Points with a NaN or infinite coordinate are located nowhere (-1).
    polygons:
        Array of shapely (multi)polygons; ``None`` or empty geometries never
        contain anything.
    is_cancelled:
        Polled between chunks of :data:`POINTS_PER_CHUNK` points (see
        :mod:`~phso_insight_plugin.cancel`).

    Returns
    -------
    numpy.ndarray of int64
        For each point, the position in ``polygons`` of the polygon that
        contains it, -1 if none does. A point on a polygon's boundary counts
        as inside (one ``STRtree.query(..., predicate="intersects")`` for all
        points). A point in more than one polygon — on an edge or vertex
        shared by neighbours, or where polygons overlap — goes to exactly one,
        deterministically: the lowest index.
    """
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    if x.shape != y.shape or x.ndim != 1:
        raise InputError(
            f"x and y must be one-dimensional arrays of the same length; got shapes {x.shape} and {y.shape}."
        )
    polygons = np.asarray(polygons, dtype=object)
    result = np.full(len(x), -1, dtype=np.int64)
    finite = np.flatnonzero(np.isfinite(x) & np.isfinite(y))
    if len(finite) == 0 or len(polygons) == 0:
        return result
    tree = shapely.STRtree(polygons)
    result[finite] = map_chunks(lambda at: _first_polygon(tree, x[at], y[at]), finite, is_cancelled,
                                POINTS_PER_CHUNK)
    return result


def _first_polygon(tree: shapely.STRtree, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """For each point, the lowest index of a tree polygon intersecting it, or -1."""
    found = np.full(len(x), -1, dtype=np.int64)
    point_idx, poly_idx = tree.query(shapely.points(x, y), predicate="intersects")
    if len(point_idx) == 0:
        return found
    # Sort pairs by (point, polygon); the first pair of each point has its
    # lowest polygon index.
    order = np.lexsort((poly_idx, point_idx))
    point_idx, poly_idx = point_idx[order], poly_idx[order]
    first_points, first = np.unique(point_idx, return_index=True)
    found[first_points] = poly_idx[first]
    return found
