r"""A fast, exact proof that polygons do not overlap, from the edges they share (pure shapely 2 / numpy).

Why it works
------------
Orient every ring of valid polygons the same way (exteriors counter-clockwise, holes clockwise).
The winding number of a polygon's boundary is then 1 inside the polygon and 0 outside, so the
winding number of *all* the boundaries together, ``w(x) = Σ_i wind(∂P_i, x)``, counts how many
polygons cover the point x. Two polygons overlap exactly where ``w ≥ 2``.

Winding numbers add, so an edge a→b of one polygon and the same edge b→a of its neighbour cancel:
removing both changes no ``w``. In a clean tiling (the ONS boundary sets, or any layer that
matches vertex for vertex along shared edges) every inner edge cancels, and what remains is the
outline of the whole layer: a few closed rings. When those rings are simple and do not touch, ``w``
inside each ring is the sum of the orientations (+1 counter-clockwise, −1 clockwise) of the rings
around it, itself included, and it is 0 outside them all. If that is at most 1 everywhere, no point
is covered twice: the interiors are pairwise disjoint.

Cost: one pass over the vertices (hashing each shared edge once), far less than testing the
polygons against their neighbours (``coverage_is_valid`` in GEOS ≥ 3.12, or a DE-9IM relate per
touching pair before). Every comparison is exact (coordinates compared as stored; orientation,
simplicity and containment by GEOS's robust predicates), so the answer is a proof, never a guess.
When the proof does not go through — edges that do not match vertex for vertex, an outline that
touches itself, or real overlaps — :func:`certainly_disjoint` says False and the caller checks pair
by pair.
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd
import shapely

__all__ = ["certainly_disjoint", "outline"]

#: Threads proving a layer (each takes parts of its polygons, then groups of its edges).
THREADS = 2
#: Parts of the polygons, and groups of the edges, the work is split into (at most 255).
PARTS = 16
#: Odd 64-bit constants of the vertex hash (splitmix64's).
_MIX = (np.uint64(0x9E3779B97F4A7C15), np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB))


def certainly_disjoint(polygons: np.ndarray, threads: int = THREADS) -> bool:
    """True when the valid (Multi)Polygons ``polygons`` (no None or empty) have pairwise disjoint
    interiors, proven by cancelling shared edges (module docstring); False when that cannot be
    proven, which does not mean they overlap."""
    return outline(polygons, threads) is not None


def outline(polygons: np.ndarray, threads: int = THREADS) -> tuple[np.ndarray, np.ndarray] | None:
    """The edges of the outline of the union of ``polygons`` (complex start and end points, inside on the
    left) when the shared-edge proof shows that the polygons are disjoint; None when it does not.

    The work runs in ``threads`` threads (GEOS, numpy and pandas release the GIL) over :data:`PARTS`
    parts: the edges of each part of the layer, sorted into groups by edge hash, then the cancelling
    within each group (an edge and its reverse always fall in the same group). Each thread reads its own
    polygons and builds its own arrays; small parts keep every array a few MB, which the allocator reuses
    and the cache holds (one array of all of England's 2.9 M edges is fresh memory every time)."""
    n_parts = max(1, min(PARTS, len(polygons)))
    with ThreadPoolExecutor(max(1, threads)) as pool:
        parts = [part.copy() for part in np.array_split(polygons, n_parts)]  # see threads.in_threads
        grouped = list(pool.map(lambda part: _edges_by_group(part, n_parts), parts))
        left = list(pool.map(lambda g: _uncancelled(*(np.concatenate([edges[g][c] for edges in grouped])
                                                      for c in range(4))), range(n_parts)))
    if any(part is None for part in left):
        return None
    start, end = (np.concatenate(column) for column in zip(*left))
    return (start, end) if _outline_covers_once(start, end) else None


def _edges_by_group(polygons: np.ndarray, n_groups: int) -> list[tuple[np.ndarray, ...]]:
    """The edges of ``polygons`` (:func:`_edges`) with their hash (the sum of their end points' hashes, the
    same in both directions), in ``n_groups`` groups by hash: ``[(start, end, against, key), …]``."""
    start, end, against, key = _edges(polygons)
    group = (key % np.uint64(n_groups)).astype(np.uint8)
    order = np.argsort(group, kind="stable")
    bounds = np.searchsorted(group[order], np.arange(n_groups + 1))
    columns = [column[order] for column in (start, end, against, key)]
    return [tuple(column[bounds[g]:bounds[g + 1]] for column in columns) for g in range(n_groups)]


def _edges(polygons: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Every edge of every ring as it is stored: complex start and end points (x + iy), whether the ring
    runs against the convention (exteriors counter-clockwise, holes clockwise) and the edge's hash (the
    sum of its end points' hashes, each vertex hashed once); zero-length edges (repeated points) left out."""
    parts = shapely.get_parts(polygons)
    rings, owner = shapely.get_rings(parts, return_index=True)
    exterior = np.ones(len(rings), dtype=bool)
    exterior[1:] = owner[1:] != owner[:-1]
    against = shapely.is_ccw(rings) != exterior
    xy, ring = shapely.get_coordinates(rings, return_index=True)
    points = (xy + 0.0).view(np.complex128).ravel()  # + 0.0 turns -0.0 into 0.0
    edge = (ring[1:] == ring[:-1]) & (points[1:] != points[:-1])
    hashes = _vertex_hash(points)
    return points[:-1][edge], points[1:][edge], against[ring[:-1][edge]], (hashes[:-1] + hashes[1:])[edge]


def _vertex_hash(points: np.ndarray) -> np.ndarray:
    """A well-mixed 64-bit hash of each point's two coordinates (as stored): every bit of either coordinate
    moves every bit of the hash, so coordinates whose low bits are all zero (whole metres, a grid) spread
    as well as any others."""
    bits = points.view(np.float64).reshape(-1, 2).view(np.uint64)
    return _mixed(bits[:, 0] ^ _mixed(bits[:, 1] + _MIX[0]))


def _mixed(words: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser of each 64-bit word (a bijection; a new array)."""
    z = words ^ (words >> np.uint64(30))
    z *= _MIX[1]
    z ^= z >> np.uint64(27)
    z *= _MIX[2]
    return z ^ (z >> np.uint64(31))


def _uncancelled(start: np.ndarray, end: np.ndarray, against: np.ndarray, key: np.ndarray
                 ) -> tuple[np.ndarray, np.ndarray] | None:
    """The directed edges (in the convention's orientation) left when every edge a→b is cancelled
    against an edge b→a, or None when some edge is left more than once (two polygons on the same
    side of it) or two different edges share a hash (never seen; the proof is then not attempted).

    An edge's hash (``key``) is the sum of its end points' hashes, the same in both directions, so
    one ``factorize`` groups every edge with its reverse; each counts +1 along its group's first edge
    and −1 against it."""
    group, _ = pd.factorize(key)
    first = np.empty(group.max() + 1 if len(group) else 0, dtype=np.int64)
    first[group[::-1]] = np.arange(len(group) - 1, -1, -1)
    a, b = start[first[group]], end[first[group]]
    along = (start == a) & (end == b)
    if not (along | ((start == b) & (end == a))).all():
        return None
    net = np.bincount(group, np.where(along != against, 1.0, -1.0), minlength=len(first))
    if np.abs(net).max(initial=0.0) > 1:
        return None
    keep = np.flatnonzero(net != 0)
    forward = net[keep] > 0
    a, b = start[first[keep]], end[first[keep]]
    return np.where(forward, a, b), np.where(forward, b, a)


def _outline_covers_once(start: np.ndarray, end: np.ndarray) -> bool:
    """Whether the directed edges left over are simple closed rings, none touching another, with the
    winding number inside each (the orientations of the rings around it, its own included) 0 or 1."""
    if not len(start):
        return True
    xy = np.stack([start, end], axis=1).view(np.float64).reshape(-1, 2, 2)
    rings = shapely.get_parts(shapely.line_merge(shapely.multilinestrings(shapely.linestrings(xy))))
    if not shapely.is_closed(rings).all() or not shapely.is_simple(shapely.multilinestrings(rings)):
        return False
    orientation = _ring_orientations(rings, start, end)
    if orientation is None:
        return False
    coordinates, ring = shapely.get_coordinates(rings, return_index=True)
    outlines = shapely.polygons(shapely.linearrings(coordinates, indices=ring))
    first_points = shapely.get_point(rings, 0)
    inner, outer = shapely.STRtree(outlines).query(first_points, predicate="within")
    winding = orientation + np.bincount(inner, orientation[outer], minlength=len(rings))
    return bool(((winding == 0) | (winding == 1)).all())


def _ring_orientations(rings: np.ndarray, start: np.ndarray, end: np.ndarray) -> np.ndarray | None:
    """+1 or −1 per ring: the orientation of the edges it was merged from (line merging may have
    reversed it); None when a vertex starts two of the edges."""
    starts = pd.Index(start)
    if not starts.is_unique:
        return None
    xy = shapely.get_coordinates(shapely.get_point(rings, 0)) + 0.0
    xy_next = shapely.get_coordinates(shapely.get_point(rings, 1)) + 0.0
    first, second = xy.view(np.complex128).ravel(), xy_next.view(np.complex128).ravel()
    edge = starts.get_indexer(first)
    if (edge < 0).any():
        return None
    along = end[edge] == second
    counter_clockwise = shapely.is_ccw(rings)
    return np.where(along == counter_clockwise, 1.0, -1.0)
