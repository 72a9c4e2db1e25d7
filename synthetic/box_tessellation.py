"""Vectorised tiling of a box into zones with realistic, shared, wiggly edges (the England-scale benchmark).

Voronoi cells of the seed points are clipped to the box; every edge is then densified and jittered
*once*, so the two cells sharing it get exactly the same vertices and the tiling has no gaps or
overlaps. Everything is vectorised with shapely 2 and numpy, for tens of thousands of zones;
:mod:`synthetic.noded_tessellation` handles an irregular outline. Lengths in metres; an extent is
``(xmin, ymin, xmax, ymax)``.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely

from phso_insight_plugin.geo.voronoi import voronoi_cells

from .seeds import Extent

#: Standard deviations of the three sine modes of an edge's wiggle, as fractions of its length.
MODE_SIGMAS = np.array([0.035, 0.015, 0.008])
#: Standard deviation of per-vertex roughness, as a fraction of the edge length.
ROUGHNESS = 0.004


@dataclass(frozen=True)
class _Edges:
    """Edges of the clipped Voronoi cells: per occurrence (cell, start, unique edge, direction) and
    per unique edge (endpoints a → b in canonical order, whether it lies on the box)."""

    cell: np.ndarray
    start: np.ndarray
    unique: np.ndarray
    forward: np.ndarray
    a: np.ndarray
    b: np.ndarray
    on_box: np.ndarray


def tessellate(points: np.ndarray, vertices: int, rng: np.random.Generator, extent: Extent) -> np.ndarray:
    """Polygons tiling ``extent``, one per point (in point order), averaging ``vertices`` vertices.

    Edges that would make a polygon invalid are straightened (up to five rounds)."""
    box = shapely.box(*extent)
    cells = shapely.intersection(voronoi_cells(points, box), box)
    edges = _edges(cells, extent)
    counts = _interior_counts(cells, edges, vertices)
    n_unique = len(counts)
    amplitudes = np.clip(rng.normal(size=(n_unique, len(MODE_SIGMAS))) * MODE_SIGMAS, -2 * MODE_SIGMAS,
                         2 * MODE_SIGMAS)
    roughness = rng.normal(size=int(counts.sum())) * ROUGHNESS
    point_edge = np.repeat(np.arange(n_unique), counts)
    amplitudes[edges.on_box] = 0.0
    roughness[edges.on_box[point_edge]] = 0.0
    for _ in range(5):
        polygons = _polygons(edges, counts, amplitudes, roughness)
        invalid = ~shapely.is_valid(polygons)
        if not invalid.any():
            return polygons
        straighten = np.zeros(n_unique, dtype=bool)
        straighten[edges.unique[invalid[edges.cell]]] = True
        amplitudes[straighten] = 0.0
        roughness[straighten[point_edge]] = 0.0
    raise AssertionError(f"{int(invalid.sum())} generated polygons are still invalid.")


def _edges(cells: np.ndarray, extent: Extent) -> _Edges:
    coords, cell = shapely.get_coordinates(shapely.get_exterior_ring(cells), return_index=True)
    coords = np.round(coords, 2)
    start, end = coords[:-1], coords[1:]
    keep = (cell[:-1] == cell[1:]) & np.any(start != end, axis=1)
    start, end, cell = start[keep], end[keep], cell[:-1][keep]
    forward = (start[:, 0] < end[:, 0]) | ((start[:, 0] == end[:, 0]) & (start[:, 1] < end[:, 1]))
    a = np.where(forward[:, None], start, end)
    b = np.where(forward[:, None], end, start)
    keys, first, unique, uses = np.unique(np.hstack([a, b]), axis=0, return_index=True, return_inverse=True,
                                          return_counts=True)
    unique = unique.ravel()
    a_u, b_u = keys[:, :2], keys[:, 2:]
    xmin, ymin, xmax, ymax = extent
    on_box = np.zeros(len(keys), dtype=bool)
    for axis, bound in ((0, xmin), (0, xmax), (1, ymin), (1, ymax)):
        on_box |= (a_u[:, axis] == bound) & (b_u[:, axis] == bound)
    if np.any((uses != 2) & ~on_box) or np.any((uses != 1) & on_box):
        raise AssertionError("Voronoi cells do not share their edges exactly; the tiling would have gaps.")
    return _Edges(cell, start, unique, forward, a_u, b_u, on_box)


def _interior_counts(cells: np.ndarray, edges: _Edges, vertices: int) -> np.ndarray:
    """Interior points per unique edge, in proportion to its length relative to its smaller cell,
    so that cells average ``vertices`` vertices."""
    n_cells = len(cells)
    scale = np.full(len(edges.a), np.inf)
    np.minimum.at(scale, edges.unique, np.sqrt(shapely.area(cells))[edges.cell])
    ratio = np.hypot(*(edges.b - edges.a).T) / scale
    per_cell = np.bincount(edges.cell, weights=ratio[edges.unique], minlength=n_cells)
    edges_per_cell = len(edges.cell) / n_cells
    factor = max(vertices - edges_per_cell, 0.0) / per_cell.mean()
    return np.rint(factor * ratio).astype(np.int64)


def _interior_points(edges: _Edges, counts: np.ndarray, amplitudes: np.ndarray, roughness: np.ndarray):
    """Densified, jittered interior points of every unique edge, concatenated in a → b order.

    ``amplitudes`` (unique edges × modes) scale the sine modes, ``roughness`` (one per interior point)
    adds per-vertex noise; both are fractions of the edge length and vanish at the endpoints."""
    edge = np.repeat(np.arange(len(counts)), counts)
    offsets = np.concatenate([[0], np.cumsum(counts)[:-1]])
    t = (np.arange(len(edge)) - offsets[edge] + 1) / (counts[edge] + 1)
    delta = edges.b - edges.a
    normal = np.column_stack([-delta[:, 1], delta[:, 0]])
    modes = np.sin(np.pi * t[:, None] * np.arange(1, len(MODE_SIGMAS) + 1))
    wiggle = (modes * amplitudes[edge]).sum(axis=1) + roughness * modes[:, 0]
    return edges.a[edge] + t[:, None] * delta[edge] + wiggle[:, None] * normal[edge], offsets


def _polygons(edges: _Edges, counts: np.ndarray, amplitudes, roughness) -> np.ndarray:
    interior, offsets = _interior_points(edges, counts, amplitudes, roughness)
    per_use = 1 + counts[edges.unique]
    use = np.repeat(np.arange(len(edges.unique)), per_use)
    position = np.arange(len(use)) - np.repeat(np.cumsum(per_use) - per_use, per_use)
    u = edges.unique[use]
    coords = edges.start[use]
    inner = position > 0
    u, j = u[inner], position[inner]
    coords[inner] = interior[offsets[u] + np.where(edges.forward[use][inner], j - 1, counts[u] - j)]
    rings = shapely.linearrings(coords, indices=edges.cell[use])
    return shapely.polygons(rings)
