"""Seeded random points inside real London polygons (test helper)."""
from __future__ import annotations

import numpy as np
import shapely


def random_points_in(geoms: np.ndarray, n_per: np.ndarray, rng: np.random.Generator):
    """``n_per[i]`` uniformly random points strictly inside ``geoms[i]``.

    Rejection sampling in each polygon's bounding box, vectorised over all
    points (rounds, not a loop per point); the rare point still missing after
    the rounds uses ``point_on_surface``. Returns ``(x, y, owner)`` with
    ``owner`` the index of the polygon each point was generated in.
    """
    owner = np.repeat(np.arange(len(geoms)), n_per)
    x = np.full(len(owner), np.nan)
    y = np.full(len(owner), np.nan)
    bounds = shapely.bounds(geoms)
    todo = np.arange(len(owner))
    for _ in range(60):
        if len(todo) == 0:
            break
        b = bounds[owner[todo]]
        cx = rng.uniform(b[:, 0], b[:, 2])
        cy = rng.uniform(b[:, 1], b[:, 3])
        inside = shapely.contains_xy(geoms[owner[todo]], cx, cy)
        x[todo[inside]] = cx[inside]
        y[todo[inside]] = cy[inside]
        todo = todo[~inside]
    if len(todo):
        pts = shapely.point_on_surface(geoms[owner[todo]])
        x[todo] = shapely.get_x(pts)
        y[todo] = shapely.get_y(pts)
    assert shapely.contains_xy(geoms[owner], x, y).all()
    return x, y, owner
