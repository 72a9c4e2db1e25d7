"""Geometry helpers shared by the generators: smooth bumps, as_multipolygon, neighbours, k-means, point-in-zone.

Coordinates are British National Grid metres (EPSG:27700) throughout.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import shapely


def gauss(xy: np.ndarray, centre: Sequence[float], sigma: float) -> np.ndarray:
    """Gaussian bump ``exp(−d² / 2σ²)`` at each point of ``xy`` (n × 2, m); ``sigma`` in metres; 1 at the centre."""
    d2 = ((xy - np.asarray(centre)) ** 2).sum(axis=1)
    return np.exp(-d2 / (2.0 * sigma * sigma))


def as_multipolygon(geom):
    """``geom`` as a MultiPolygon (a Polygon becomes a one-part MultiPolygon)."""
    if geom.geom_type == "MultiPolygon":
        return geom
    return shapely.MultiPolygon([geom])


def xy(points) -> np.ndarray:
    """Coordinates (n × 2, m) of an array of shapely points."""
    return np.c_[shapely.get_x(points), shapely.get_y(points)]


def neighbours(polys: np.ndarray) -> list[set[int]]:
    """For each polygon, the indices of the polygons sharing more than 0.5 m of boundary with it."""
    tree = shapely.STRtree(polys)
    a, b = tree.query(polys, predicate="intersects")
    keep = a < b
    a, b = a[keep], b[keep]
    shared = shapely.length(shapely.intersection(shapely.boundary(polys[a]), shapely.boundary(polys[b])))
    nb: list[set[int]] = [set() for _ in range(len(polys))]
    for i, j, length in zip(a, b, shared):
        if length > 0.5:
            nb[i].add(int(j))
            nb[j].add(int(i))
    return nb


def components(idx, nb: list[set[int]]) -> list[list[int]]:
    """Connected components (sorted index lists, in order of their smallest index) of ``idx`` under ``nb``."""
    members = {int(i) for i in idx}
    out, seen = [], set()
    for start in sorted(members):
        if start in seen:
            continue
        stack, comp = [start], []
        seen.add(start)
        while stack:
            i = stack.pop()
            comp.append(i)
            for j in sorted(nb[i]):
                if j in members and j not in seen:
                    seen.add(j)
                    stack.append(j)
        out.append(sorted(comp))
    return out


def kmeans(points: np.ndarray, k: int, rng: np.random.Generator, weights=None,
           iters: int = 25) -> tuple[np.ndarray, np.ndarray]:
    """Lloyd's k-means of ``points`` (n × 2) from ``k`` random starting points: (label per point, centres)."""
    w = np.ones(len(points)) if weights is None else np.asarray(weights, float)
    centres = points[rng.choice(len(points), size=k, replace=False)].copy()
    for _ in range(iters):
        lab = np.argmin(((points[:, None, :] - centres[None]) ** 2).sum(-1), axis=1)
        for j in range(k):
            m = lab == j
            if m.any():
                centres[j] = (points[m] * w[m, None]).sum(0) / w[m].sum()
    lab = np.argmin(((points[:, None, :] - centres[None]) ** 2).sum(-1), axis=1)
    return lab, centres


def zone_of(points: np.ndarray, zones: np.ndarray) -> np.ndarray:
    """Index of the zone containing each point (n × 2, m); the lowest index on a shared boundary.

    Bounding-box candidates from an STRtree over the points, then one prepared ``intersects_xy``
    per (zone, point) pair, in zone order. Raises when a point lies in no zone.
    """
    zone, point = shapely.STRtree(shapely.points(points)).query(zones)
    shapely.prepare(zones)
    inside = shapely.intersects_xy(zones[zone], points[point, 0], points[point, 1])
    result = np.full(len(points), len(zones))
    np.minimum.at(result, point[inside], zone[inside])
    if np.any(result == len(zones)):
        raise AssertionError("Some points fall outside every zone; the zones should tile the area.")
    return result
