"""Geometry checks and repairs for area layers: apportionment and point assignment (pure shapely 2 / numpy).

Everything here is vectorised over numpy arrays of shapely geometries; nothing
loops in Python over features or pairs of features. Areas are planar, in the
square units of the layer's CRS (square metres for British National Grid,
EPSG:27700); the QGIS layer is responsible for providing a projected CRS.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import shapely

from ..cancel import IsCancelled, check_cancelled, map_chunks, run_cancellable
from .shared_edges import certainly_disjoint
from .threads import in_threads

#: Polygons whose neighbours are examined between two cancel checks (non-coverage path).
POLYGONS_PER_CHUNK = 2000

__all__ = [
    "as_geometry_array",
    "repair_geometries",
    "null_or_empty",
    "non_polygonal",
    "overlapping_pairs",
    "disjoint_interiors",
    "shared_edge_check",
    "EdgeCheck",
    "check_polygons",
    "pair_labels",
    "PolygonCheck",
]

_POLYGONAL = (shapely.GeometryType.POLYGON, shapely.GeometryType.MULTIPOLYGON)


def as_geometry_array(geoms) -> np.ndarray:
    """Return ``geoms`` as a 1-D numpy object array of shapely geometries (or None).

    Accepts a numpy array, a list/tuple, a pandas Series or a single geometry.
    Raises ``TypeError`` if an element is neither None nor a shapely geometry.
    """
    if isinstance(geoms, pd.Series):
        geoms = geoms.to_numpy()
    arr = np.asarray(geoms, dtype=object)
    if arr.ndim == 0:
        arr = arr.reshape(1)
    if arr.ndim != 1:
        raise TypeError(f"expected a 1-D array of geometries, got shape {arr.shape}")
    if arr.size and not np.all(shapely.is_missing(arr) | shapely.is_geometry(arr)):
        bad = np.flatnonzero(~(shapely.is_missing(arr) | shapely.is_geometry(arr)))
        raise TypeError(
            f"{bad.size} element(s) are not shapely geometries, e.g. index {int(bad[0])}: "
            f"{type(arr[bad[0]]).__name__}"
        )
    return arr


def null_or_empty(geoms) -> np.ndarray:
    """Indices (int64, ascending) of geometries that are None (NULL) or empty."""
    arr = as_geometry_array(geoms)
    return np.flatnonzero(shapely.is_missing(arr) | shapely.is_empty(arr)).astype(np.int64)


def non_polygonal(geoms, allow_collections: bool = False) -> np.ndarray:
    """Indices of non-null, non-empty geometries that are not (Multi)Polygons.

    With ``allow_collections=True`` GeometryCollections are not listed (their
    polygonal parts can be kept by :func:`repair_geometries`).
    """
    arr = as_geometry_array(geoms)
    present = ~(shapely.is_missing(arr) | shapely.is_empty(arr))
    types = shapely.get_type_id(arr)
    ok = _POLYGONAL + ((shapely.GeometryType.GEOMETRYCOLLECTION,) if allow_collections else ())
    return np.flatnonzero(present & ~np.isin(types, ok)).astype(np.int64)


def _polygonal_parts(geoms: np.ndarray) -> np.ndarray:
    """Keep only the polygonal parts of each geometry (lines/points dropped).

    Polygons and MultiPolygons are returned unchanged; a GeometryCollection
    becomes the MultiPolygon of its polygonal parts (empty if it has none);
    anything else becomes an empty polygon. Nulls stay null.
    """
    out = geoms.copy()
    types = shapely.get_type_id(geoms)
    missing = shapely.is_missing(geoms)
    fix = np.flatnonzero(~missing & ~np.isin(types, _POLYGONAL))
    if fix.size == 0:
        return out
    # Explode twice: GeometryCollection -> members -> single parts (MultiPolygon -> Polygon).
    parts, owner = shapely.get_parts(geoms[fix], return_index=True)
    parts2, owner2 = shapely.get_parts(parts, return_index=True)
    owner = owner[owner2]
    keep = shapely.get_type_id(parts2) == shapely.GeometryType.POLYGON
    keep &= ~shapely.is_empty(parts2)
    result = np.full(fix.size, None, dtype=object)
    if keep.any():
        # ``multipolygons(indices=...)`` needs dense, sorted indices.
        present, dense = np.unique(owner[keep], return_inverse=True)
        order = np.argsort(dense, kind="stable")
        result[present] = shapely.multipolygons(parts2[keep][order], indices=dense[order])
    empty = np.array([v is None for v in result], dtype=bool)
    result[empty] = shapely.from_wkt("POLYGON EMPTY")
    # Single-part results are simpler as plain Polygons.
    single = ~empty & (shapely.get_num_geometries(result) == 1)
    result[single] = shapely.get_geometry(result[single], 0)
    out[fix] = result
    return out


def repair_geometries(geoms) -> tuple[np.ndarray, int]:
    """Repair invalid polygons with ``shapely.make_valid`` and keep polygonal parts only.

    Returns ``(repaired, n_repaired)``: a new array (the input is not modified)
    and the number of geometries that were invalid and therefore replaced.
    Valid geometries are returned as they are (same objects). A bow-tie
    polygon becomes a MultiPolygon of its two triangles; a degenerate polygon
    with no area becomes an empty polygon (see :func:`null_or_empty`).
    GeometryCollections (valid or not) are reduced to their polygonal parts too,
    but only invalid inputs are counted as repaired.
    """
    arr = as_geometry_array(geoms)
    idx = _invalid(arr)
    return _repaired(arr, idx), int(idx.size)


def _invalid(arr: np.ndarray) -> np.ndarray:
    """Indices of the non-null geometries GEOS finds invalid."""
    return np.flatnonzero(~shapely.is_missing(arr) & ~valid_in_threads(arr))


def valid_in_threads(arr: np.ndarray) -> np.ndarray:
    """``shapely.is_valid`` of every geometry, on two threads for large layers (:mod:`.threads`)."""
    return in_threads(shapely.is_valid, arr)


def _repaired(arr: np.ndarray, invalid: np.ndarray) -> np.ndarray:
    """Copy of ``arr`` with the ``invalid`` ones made valid, polygonal parts only."""
    out = arr.copy()
    if invalid.size:
        out[invalid] = shapely.make_valid(arr[invalid])
    return _polygonal_parts(out)


def overlapping_pairs(geoms, tolerance_m2: float = 1.0, is_cancelled: IsCancelled = None,
                      all_valid: bool = False, edges_tried: bool = False) -> pd.DataFrame:
    """Pairs of polygons whose overlap area exceeds ``tolerance_m2``.

    Returns a DataFrame with int64 columns ``i`` < ``j`` (indices into
    ``geoms``) and float ``overlap_area`` = A(g_i ∩ g_j) in square CRS units,
    sorted by (i, j). Polygons that merely touch (shared edges) have overlap
    area 0 and are not listed. Null/empty geometries are ignored.

    Fast path: valid polygons proven disjoint cannot overlap, so no pair is
    examined (:func:`disjoint_interiors`). Otherwise one ``STRtree`` bulk query
    finds candidate pairs, a DE-9IM relate (``2********``: interiors meet in an
    area) keeps only real overlaps, and only those are intersected to measure
    the overlap area. ``all_valid`` says the caller has checked that every
    polygon is valid (GEOS validity is then not tested again); ``edges_tried``
    that the shared-edge proof was tried and failed (:func:`shared_edge_check`).

    ``is_cancelled`` is polled around the proof, during the coverage check (run in a worker thread)
    and between chunks of :data:`POLYGONS_PER_CHUNK` polygons (see :mod:`~phso_insight_plugin.cancel`).
    """
    arr = as_geometry_array(geoms)
    ok = np.flatnonzero(~(shapely.is_missing(arr) | shapely.is_empty(arr)))
    sub = arr[ok]
    check_cancelled(is_cancelled)
    if ok.size < 2 or ((all_valid or valid_in_threads(sub).all())
                       and disjoint_interiors(sub, is_cancelled, edges_tried)):
        a, b, area = np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0, float)
    else:
        tree = shapely.STRtree(sub)
        a, b, area = map_chunks(lambda rows: _overlaps(tree, sub, rows, tolerance_m2), np.arange(sub.size),
                                is_cancelled, POLYGONS_PER_CHUNK)
    frame = pd.DataFrame({"i": ok[a].astype(np.int64), "j": ok[b].astype(np.int64), "overlap_area": area})
    return frame.sort_values(["i", "j"], kind="stable").reset_index(drop=True)


def disjoint_interiors(polygons: np.ndarray, is_cancelled: IsCancelled = None, edges_tried: bool = False) -> bool:
    """Whether the valid polygons are proven to have pairwise disjoint interiors: by cancelling their
    shared edges (:mod:`.shared_edges`, exact and fast for layers that match vertex for vertex; unless
    ``edges_tried``), else, on GEOS ≥ 3.12, by ``coverage_is_valid`` (which also accepts outlines that
    touch at a point). False means "not proven": the caller checks pair by pair."""
    if not edges_tried and certainly_disjoint(polygons):
        return True
    check_cancelled(is_cancelled)
    return shapely.geos_version >= (3, 12, 0) and bool(
        run_cancellable(lambda: shapely.coverage_is_valid(polygons), is_cancelled))


@dataclass
class EdgeCheck:
    """The first, fast part of an overlap check (:func:`shared_edge_check`): the polygons repaired
    (``repaired``, ``n_repaired``), and whether their shared edges prove them disjoint."""

    repaired: np.ndarray
    n_repaired: int
    disjoint: bool

    def overlaps(self, tolerance_m2: float = 1.0, is_cancelled: IsCancelled = None) -> pd.DataFrame:
        """:func:`overlapping_pairs` of the repaired polygons, knowing what the check found."""
        if self.disjoint:
            return overlapping_pairs([], tolerance_m2)
        return overlapping_pairs(self.repaired, tolerance_m2, is_cancelled, not self.n_repaired, edges_tried=True)


def shared_edge_check(repaired: np.ndarray, n_repaired: int) -> EdgeCheck:
    """The shared-edge proof (:mod:`.shared_edges`) tried on the valid, non-empty polygons of ``repaired``
    (the output of :func:`repair_geometries`, or None where empty; ``n_repaired`` of them were repaired,
    and only those are tested for validity again): only reads the geometries (no prepared geometry), so
    it may run beside other work on them."""
    present = repaired[~(shapely.is_missing(repaired) | shapely.is_empty(repaired))]
    valid = not n_repaired or bool(valid_in_threads(present).all())
    return EdgeCheck(repaired, n_repaired, len(present) < 2 or (valid and certainly_disjoint(present)))


def _overlaps(tree: shapely.STRtree, geoms: np.ndarray, rows: np.ndarray, tolerance_m2: float
              ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(i, j, area) for the polygons ``rows`` of ``geoms`` and each later polygon j > i of the tree
    whose interior meets theirs over more than ``tolerance_m2``."""
    found, b = tree.query(geoms[rows], predicate="intersects")
    a = rows[found]
    keep = a < b
    a, b = a[keep], b[keep]
    interiors = shapely.relate_pattern(geoms[a], geoms[b], "2********")
    a, b = a[interiors], b[interiors]
    area = shapely.area(shapely.intersection(geoms[a], geoms[b])) if a.size else np.empty(0, float)
    hit = area > tolerance_m2
    return a[hit], b[hit], area[hit]


@dataclass
class PolygonCheck:
    """An area layer's polygons made ready for use, and what had to be done (indices into the layer).

    ``geometries``: invalid polygons repaired, empty ones (also after repair) set to None.
    ``repaired``: polygons that were invalid. ``empty``: NULL or empty geometries.
    ``overlaps``: pairs overlapping by more than the tolerance (see :func:`overlapping_pairs`).
    """

    geometries: np.ndarray
    repaired: np.ndarray
    empty: np.ndarray
    overlaps: pd.DataFrame


def check_polygons(geoms, tolerance_m2: float = 1.0, is_cancelled: IsCancelled = None) -> PolygonCheck:
    """Repair, find empty and overlapping polygons of an area layer in one pass (validity tested once).

    Raises ``TypeError`` for elements that are not geometries; non-polygons should be refused
    before (see :func:`non_polygonal`).
    """
    arr = as_geometry_array(geoms)
    invalid = _invalid(arr)
    out = _repaired(arr, invalid)
    empty = null_or_empty(out)
    out[empty] = None
    return PolygonCheck(out, invalid.astype(np.int64), empty,
                        overlapping_pairs(out, tolerance_m2, is_cancelled, all_valid=not invalid.size))


def pair_labels(pairs: pd.DataFrame, labels) -> list[str]:
    """'E01000001/E01000002' for each pair (columns ``i``, ``j``) of :func:`overlapping_pairs`,
    named by ``labels`` (area codes or ids, one per geometry)."""
    labels = np.asarray(labels, dtype=object)
    return [f"{labels[i]}/{labels[j]}" for i, j in zip(pairs["i"], pairs["j"])]
