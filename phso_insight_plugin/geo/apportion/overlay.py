"""Stage 2 — overlay: which polygons intersect, and the area of each intersection.

Method
------
One ``STRtree`` bulk query finds every intersecting (container, contained) pair and a second
one the pairs where the container ``contains_properly`` the contained polygon: those need no
overlay, ``A(c∩k) = A(k)``. Sources on targets proven disjoint need no second query (see
:func:`inside_pairs`). Only the remaining boundary pairs are intersected, with vectorised
``shapely.intersection``/``shapely.area`` over chunks of pairs run on the thread pool (GEOS
releases the GIL). The queries run on the pool too, each thread preparing its own containers
(see :meth:`~.runner.Runner.query`). Areas are planar, in square CRS units.

A source split by several targets need not have every piece intersected when its pieces are
known to make it up whole: when the targets are proven disjoint (by their shared edges,
:mod:`~phso_insight_plugin.geo.shared_edges`) and the source is a polygon touching no edge of
their union's outline, it lies inside that union, so ``Σ_t A(s∩t) = A(s)``. Its largest piece (by
bounding boxes) is then ``A(s)`` less the others, which saves about half the intersections of a
national overlay (England's LSOAs by constituency: 11,098 of 24,197); the two ways agree to the
last few bits (about 1e-16 of the source's area).

Overlapping targets
-------------------
Targets overlapping each other inside a source by more than ``overlap_tolerance`` square CRS
units would count that part of the source twice, so :func:`refuse_overlapping_targets` raises
:class:`~phso_insight_plugin.errors.InputError` naming the overlapping target pairs. Detection
is free: such a source's pieces add up to more than its area, ``Σ_t A(s∩t) > A(s)`` (targets whose
pieces are completed by difference are proven disjoint already). (Overlaps
where there are no sources cannot affect the result and are not searched for, and an overlap
inside a source that also sticks out of all targets by more than the overlap is not seen; use
:func:`~phso_insight_plugin.geo.geometry_checks.overlapping_pairs` for a full check of a
target layer.)
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from shapely.errors import GEOSException

from ...errors import InputError
from ..geometry_checks import overlapping_pairs, valid_in_threads
from ..shared_edges import outline
from .inputs import Inputs
from .naming import MAX_LISTED, FeatureNames
from .pair_keys import find_sorted, pair_keys
from .result import SHARE_TOL
from .runner import Runner


@dataclass(frozen=True)
class Overlay:
    """Intersecting (container, contained) polygon pairs, sorted by contained, then container.

    Attributes
    ----------
    container, contained : int64 indices
        The pair's polygons in the container and contained arrays.
    key : int64
        ``pair_keys(contained, container, n_containers)``, ascending (see :mod:`.pair_keys`).
    inside : bool
        The container ``contains_properly`` the contained polygon (no intersection computed).
    area : float
        ``A(container ∩ contained)``, square CRS units.
    pieces : object array or None
        ``container ∩ contained`` geometries (None where ``inside``), when requested.
    """

    container: np.ndarray
    contained: np.ndarray
    key: np.ndarray
    inside: np.ndarray
    area: np.ndarray
    pieces: np.ndarray | None


def overlay(container: np.ndarray, contained: np.ndarray, contained_tree: shapely.STRtree,
            contained_area: np.ndarray, run: Runner, percent: tuple[float, float],
            what: str, keep_pieces: bool = False, complete: np.ndarray | None = None) -> Overlay:
    """Overlay two polygon layers: their intersecting pairs, the containment shortcut and piece areas.

    ``contained_tree`` and ``contained_area`` are the STRtree and areas of ``contained``;
    ``what`` names the pair in error messages (e.g. ``"source/target"``); progress moves
    through ``percent``. With ``keep_pieces`` the intersections themselves are kept.
    ``complete`` (without ``keep_pieces``) marks the contained polygons whose pieces make up the
    whole polygon (see :func:`sources_inside_targets`): of each one split by several containers,
    the largest piece is not intersected, its area being the polygon's less the other pieces'.
    """
    lo, hi = percent
    queried = lo + (hi - lo) * 0.2
    predicates = ("intersects",) if complete is not None else ("intersects", "contains_properly")
    (container_idx, contained_idx), *properly = run.query(contained_tree, container, predicates, (lo, queried))
    key = pair_keys(contained_idx, container_idx, len(container))
    order = np.argsort(key, kind="stable")
    container_idx, contained_idx, key = container_idx[order], contained_idx[order], key[order]
    if complete is not None:
        inside = inside_pairs(container, contained, container_idx, contained_idx, complete)
    else:
        inside = np.zeros(len(key), dtype=bool)
        position = find_sorted(key, pair_keys(properly[0][1], properly[0][0], len(container)))
        inside[position[position >= 0]] = True
    area = np.empty(len(key), dtype=float)
    area[inside] = contained_area[contained_idx[inside]]
    by_difference = np.zeros(len(key), dtype=bool) if complete is None or keep_pieces else \
        largest_pieces(container, contained, container_idx, contained_idx, ~inside & complete[contained_idx])
    boundary = np.flatnonzero(~inside & ~by_difference)
    pieces = np.full(len(key), None, dtype=object) if keep_pieces else None

    def work(start: int, stop: int) -> tuple[np.ndarray, np.ndarray | None]:
        sel = boundary[start:stop]
        return intersection_areas(contained[contained_idx[sel]], container[container_idx[sel]], what,
                                  contained_idx[sel], container_idx[sel], keep_pieces)

    parts = run.map(work, len(boundary), (queried, hi))
    if parts:
        area[boundary] = np.concatenate([part[0] for part in parts])
        if keep_pieces:
            pieces[boundary] = np.concatenate([part[1] for part in parts])
    if by_difference.any():
        others = np.bincount(contained_idx[~by_difference], area[~by_difference], minlength=len(contained))
        whole = contained_idx[by_difference]
        area[by_difference] = np.maximum(contained_area[whole] - others[whole], 0.0)
    return Overlay(container=container_idx, contained=contained_idx, key=key, inside=inside, area=area,
                   pieces=pieces)


def inside_pairs(container: np.ndarray, contained: np.ndarray, container_idx: np.ndarray,
                 contained_idx: np.ndarray, complete: np.ndarray) -> np.ndarray:
    """Whether the container ``contains_properly`` the contained polygon, for each intersecting pair, when
    the containers are proven to have disjoint interiors and ``complete`` marks the contained polygons
    lying inside their union U without touching its outline (:func:`sources_inside_targets`).

    Such a polygon s is inside the interior of a container t exactly when t is the only container it
    meets. If s ⊂ int(t), any other container t' meeting s would meet int(t), which only a container
    overlapping t can. If t is the only one, s ⊂ U lies in t, and it touches no point p of t's boundary:
    p, inside U, is also in another container (the points near p outside t are), which s would meet. So
    only the polygons not ``complete`` that meet one container are tested, with ``contains_properly``
    on their containers, prepared here (in this thread only; see :meth:`.runner.Runner.query`).
    """
    alone = np.bincount(contained_idx, minlength=len(contained))[contained_idx] == 1
    inside = alone & complete[contained_idx]
    test = np.flatnonzero(alone & ~complete[contained_idx])
    if test.size:
        used = container[np.unique(container_idx[test])]
        fresh = used[~shapely.is_prepared(used)]
        shapely.prepare(fresh)
        try:
            inside[test] = shapely.contains_properly(container[container_idx[test]], contained[contained_idx[test]])
        finally:
            shapely.destroy_prepared(fresh)
    return inside


def largest_pieces(container: np.ndarray, contained: np.ndarray, container_idx: np.ndarray,
                   contained_idx: np.ndarray, candidate: np.ndarray) -> np.ndarray:
    """Per contained polygon with two or more ``candidate`` pairs, its pair whose bounding boxes overlap
    most (the likely largest piece), as a mask over the pairs."""
    count = np.bincount(contained_idx[candidate], minlength=len(contained))
    rows = np.flatnonzero(candidate & (count[contained_idx] >= 2))
    chosen = np.zeros(len(contained_idx), dtype=bool)
    if not rows.size:
        return chosen
    a, b = shapely.bounds(contained[contained_idx[rows]]), shapely.bounds(container[container_idx[rows]])
    width = np.minimum(a[:, 2], b[:, 2]) - np.maximum(a[:, 0], b[:, 0])
    height = np.minimum(a[:, 3], b[:, 3]) - np.maximum(a[:, 1], b[:, 1])
    order = np.lexsort((-(width * height), contained_idx[rows]))
    ordered = contained_idx[rows][order]
    chosen[rows[order][np.r_[True, ordered[1:] != ordered[:-1]]]] = True
    return chosen


def intersection_areas(left: np.ndarray, right: np.ndarray, what: str, left_ids: np.ndarray,
                       right_ids: np.ndarray, keep_pieces: bool) -> tuple[np.ndarray, np.ndarray | None]:
    """``(A(left ∩ right), left ∩ right or None)`` pairwise; on a GEOS error name the failing pairs.

    GEOS 3.11's overlay raises the floating-point "invalid" flag on some valid inputs, which
    numpy reports as a RuntimeWarning although the results are exact (the London cross-checks
    agree with brute force to 1e-9); the flag is ignored here, real GEOS errors still raise.
    """
    try:
        with np.errstate(invalid="ignore"):
            pieces = shapely.intersection(left, right)
    except GEOSException:
        bad = []
        for pair in range(len(left)):  # error path only: find the offending pairs
            try:
                shapely.intersection(left[pair], right[pair])
            except GEOSException:
                bad.append(f"({int(left_ids[pair])}, {int(right_ids[pair])})")
        raise InputError(
            f"the geometry engine could not intersect {len(bad)} {what} pair(s) "
            f"(indices {', '.join(bad[:MAX_LISTED])}); check those geometries for "
            "self-intersections or repair the layers"
        ) from None
    return shapely.area(pieces), (pieces if keep_pieces else None)


def overlay_sources_on_targets(inputs: Inputs, run: Runner) -> Overlay:
    """The (target, source) overlay: pairs sorted by source, then target, with ``A(s∩t)``."""
    sources = inputs.sources.geometries
    tree = shapely.STRtree(sources)
    return overlay(inputs.targets.geometries, sources, tree, inputs.source_area, run, (5, 50), "source/target",
                   complete=sources_inside_targets(inputs, tree))


def sources_inside_targets(inputs: Inputs, sources_tree: shapely.STRtree) -> np.ndarray | None:
    """Which sources lie inside the union of the targets, so that ``Σ_t A(s∩t) = A(s)``: single polygons
    touching no edge of the union's outline, when the targets are proven disjoint by their shared edges
    (:func:`~phso_insight_plugin.geo.shared_edges.outline`); None when the targets are not proven so."""
    targets = inputs.targets.geometries[inputs.targets.present]
    valid = not inputs.targets.n_repaired or valid_in_threads(targets).all()  # repaired ones are tested again
    edges = outline(targets) if len(targets) and valid else None
    if edges is None:
        return None
    sources = inputs.sources.geometries
    inside = inputs.sources.present & (shapely.get_type_id(sources) == shapely.GeometryType.POLYGON)
    lines = shapely.linestrings(np.stack(edges, axis=1).view(np.float64).reshape(-1, 2, 2))
    inside[sources_tree.query(lines, predicate="intersects")[1]] = False
    return inside


def first_target_containing(points: np.ndarray, targets: np.ndarray, points_tree: shapely.STRtree,
                            run: Runner) -> np.ndarray:
    """Lowest index of the target (closed polygon) containing each point, -1 if none.

    A point on the boundary shared by several targets goes to the lowest-index one.
    """
    [(target, point)] = run.query(points_tree, targets, ("intersects",))
    first = np.full(len(points), np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(first, point, target)
    first[first == np.iinfo(np.int64).max] = -1
    return first


def refuse_overlapping_targets(pairs: Overlay, inputs: Inputs, tolerance: float, names: FeatureNames) -> None:
    """Raise :class:`InputError` if targets overlap inside some source by more than ``tolerance``.

    A source is affected when ``Σ_t A(s∩t) − A(s)`` exceeds both ``tolerance`` (square CRS
    units) and ``SHARE_TOL · A(s)``; the overlapping pairs among the targets it touches are
    then found with :func:`~phso_insight_plugin.geo.geometry_checks.overlapping_pairs`.
    """
    n_sources = len(inputs.sources.geometries)
    source_area = np.nan_to_num(inputs.source_area)
    excess = np.bincount(pairs.contained, pairs.area, minlength=n_sources) - source_area
    over = np.flatnonzero((excess > tolerance) & (excess > SHARE_TOL * source_area))
    if not over.size:
        return
    involved = np.unique(pairs.container[np.isin(pairs.contained, over)])
    overlaps = overlapping_pairs(inputs.targets.geometries[involved], tolerance_m2=tolerance)
    listed = ", ".join(
        f"({names.one('target', involved[i])}, {names.one('target', involved[j])}: {area:.6g})"
        for i, j, area in overlaps.head(MAX_LISTED).itertuples(index=False)
    )
    raise InputError(
        f"target polygons overlap, so values would be counted twice: {len(overlaps)} pair(s) of "
        f"targets overlap by more than {tolerance:g} square CRS units "
        f"(targets and overlap area: {listed or 'pairs not isolated'}), "
        f"affecting {over.size} source(s) ({names('source', over)}); fix the target layer "
        "(e.g. dissolve or clean overlaps) before apportioning.", about="target"
    )
