"""Voronoi cells in seed order on any GEOS ≥ 3.9 (used by the sample and benchmark generators).

``shapely.voronoi_polygons(..., ordered=True)`` needs GEOS ≥ 3.12, but shapely must use the
GEOS that QGIS loads (3.11 on Debian 12). Each seed lies strictly inside its own cell, so one
``STRtree`` query of the seeds against the cells gives the order.
"""
from __future__ import annotations

import numpy as np
import shapely


def voronoi_cells(seeds: np.ndarray, extend_to) -> np.ndarray:
    """Voronoi polygon of each seed ((n, 2) coordinates), in seed order, covering ``extend_to``."""
    points = shapely.points(np.asarray(seeds, dtype="float64"))
    cells = shapely.get_parts(shapely.voronoi_polygons(shapely.multipoints(points), extend_to=extend_to))
    seed_index, cell_index = shapely.STRtree(cells).query(points, predicate="within")
    if seed_index.size != len(points) or np.unique(seed_index).size != len(points):
        raise ValueError("Voronoi seeds must be distinct points")
    ordered = np.empty(len(points), dtype=object)
    ordered[seed_index] = cells[cell_index]
    return ordered
