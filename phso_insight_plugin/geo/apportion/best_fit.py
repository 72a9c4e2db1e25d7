"""Stage 4 (best fit only) — each source's best-fit point and the target containing it.

ONS best fit: each source goes wholly to the target containing its best-fit point; it is never
split. The point is the population-weighted centroid of the source::

    c_s = Σ_i P_i · x_i / Σ_i P_i

over the weight points i inside s (``P_i = p_i``, ``x_i`` the point), or over the pieces w∩s of
the weight polygons (``P_i = p_w · A(w∩s) / A(w)``, ``x_i`` the piece's centroid); when the
sources are their own weights it is the source's centroid. ``point_on_surface(s)`` is used when
no weights are given or the source has no population (``fallback``). If the weighted centroid
falls outside the source (U-shaped zones), the representative point of the source's most
populous weight piece (or its most populous weight point; its point on surface when the sources
are their own weights) is used instead, so a zone is never assigned to a target it does not
touch (``adjusted``). A best-fit point on a target boundary goes to the lowest-index target.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely

from .inputs import Inputs
from .overlay import first_target_containing
from .runner import Runner
from .weights import Population, SourcesAsWeights, WeightPiecesInSources, WeightPointsInSources


@dataclass(frozen=True)
class BestFit:
    """Where each source goes under best fit.

    Attributes
    ----------
    points : (n_src,) object array
        Best-fit point of each source (None for sources without geometry).
    target : (n_src,) int64
        Lowest index of the target containing the point; -1 when none does (or no geometry).
    fallback : int64 indices
        Sources with a weight layer but no population in it (point on surface used).
    adjusted : int64 indices
        Sources whose weighted centroid lay outside them.
    messages : tuple of str
    """

    points: np.ndarray
    target: np.ndarray
    fallback: np.ndarray
    adjusted: np.ndarray
    messages: tuple[str, ...]


@dataclass(frozen=True)
class _Candidates:
    """Per source: weighted centroid, the point of its most populous part, whether it has population."""

    centroid: np.ndarray
    most_populous: np.ndarray
    has_population: np.ndarray


def locate_best_fit(inputs: Inputs, population: Population | None, run: Runner) -> BestFit:
    """Best-fit point of every source and the target containing it (rules in the module docstring)."""
    sources, present = inputs.sources.geometries, inputs.sources.present
    points = np.full(len(sources), None, dtype=object)
    surface = shapely.point_on_surface(sources)  # None for None
    fallback = adjusted = np.empty(0, np.int64)
    if population is None:
        points[:] = surface
    else:
        candidates = _candidates(population, sources, surface, present & (population.per_source > 0))
        has_population = candidates.has_population
        points[:] = surface
        points[has_population] = candidates.centroid[has_population]
        outside = has_population & ~shapely.intersects(sources, points)
        if outside.any():
            points[outside] = candidates.most_populous[outside]
            adjusted = np.flatnonzero(outside).astype(np.int64)
        fallback = np.flatnonzero(present & ~has_population).astype(np.int64)
    run.report(90)
    target = first_target_containing(points, inputs.targets.geometries, shapely.STRtree(points), run)
    target[~present] = -1
    return BestFit(points, target, fallback, adjusted, _messages(fallback, adjusted, run))


def _messages(fallback: np.ndarray, adjusted: np.ndarray, run: Runner) -> tuple[str, ...]:
    messages = []
    if fallback.size:
        messages.append(
            f"{fallback.size} source(s) have no population in the weight layer; their best-fit "
            f"point is a point on their surface ({run.names('source', fallback)})")
    if adjusted.size:
        messages.append(
            f"{adjusted.size} source(s) have a population-weighted centroid outside the zone; "
            f"the most populous part was used instead ({run.names('source', adjusted)})")
    return tuple(messages)


def _candidates(population: Population, sources: np.ndarray, surface: np.ndarray,
                has_population: np.ndarray) -> _Candidates:
    within = population.in_sources
    if isinstance(within, SourcesAsWeights):
        return _Candidates(shapely.centroid(sources), surface, has_population)
    if isinstance(within, WeightPointsInSources):
        return _centroids_of_points(within, len(sources), has_population)
    return _centroids_of_pieces(within, len(sources), has_population)


def _centroids_of_points(within: WeightPointsInSources, n_sources: int, has_population: np.ndarray) -> _Candidates:
    xy = shapely.get_coordinates(within.points)[within.point]
    weight = within.population[within.point]
    centroid, has_population = _weighted_centres(within.source, weight, xy, n_sources, has_population)
    top = _group_argmax(within.source, weight, n_sources)
    most_populous = np.full(n_sources, None, dtype=object)
    most_populous[top >= 0] = within.points[within.point[top[top >= 0]]]
    return _Candidates(centroid, most_populous, has_population)


def _centroids_of_pieces(within: WeightPiecesInSources, n_sources: int, has_population: np.ndarray) -> _Candidates:
    pieces_overlay = within.overlay
    piece_population = within.density[pieces_overlay.contained] * pieces_overlay.area
    pieces = np.where(pieces_overlay.inside, within.polygons[pieces_overlay.contained], pieces_overlay.pieces)
    # The centroid of an empty piece is empty (no coordinates): leave those out, and unpopulated ones.
    centres = shapely.centroid(pieces)
    usable = ~shapely.is_empty(centres) & (piece_population > 0)
    xy = np.zeros((len(pieces), 2))
    if usable.any():
        xy[usable] = shapely.get_coordinates(centres[usable])
    weight = np.where(usable, piece_population, 0.0)
    centroid, has_population = _weighted_centres(pieces_overlay.container, weight, xy, n_sources, has_population)
    top = _group_argmax(pieces_overlay.container, weight, n_sources)
    most_populous = np.full(n_sources, None, dtype=object)
    most_populous[top >= 0] = shapely.point_on_surface(pieces[top[top >= 0]])
    return _Candidates(centroid, most_populous, has_population)


def _weighted_centres(group: np.ndarray, weight: np.ndarray, xy: np.ndarray, n_groups: int,
                      has_population: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Weighted mean point of each group ``Σ weight·xy / Σ weight``, where it has population.

    Returns the points (None elsewhere) and ``has_population`` narrowed to groups with weight.
    """
    total = np.bincount(group, weight, minlength=n_groups)
    with np.errstate(invalid="ignore", divide="ignore"):
        x = np.bincount(group, weight * xy[:, 0], minlength=n_groups) / total
        y = np.bincount(group, weight * xy[:, 1], minlength=n_groups) / total
    has_population = has_population & (total > 0)
    centres = np.full(n_groups, None, dtype=object)
    centres[has_population] = shapely.points(x[has_population], y[has_population])
    return centres, has_population


def _group_argmax(group: np.ndarray, value: np.ndarray, n_groups: int) -> np.ndarray:
    """For each group, the row index with the largest value (ties → first row), -1 if empty."""
    best = np.full(n_groups, -1, dtype=np.int64)
    if len(group) == 0:
        return best
    order = np.lexsort((np.arange(len(group)), -value, group))
    sorted_group = group[order]
    first = np.ones(len(sorted_group), dtype=bool)
    first[1:] = sorted_group[1:] != sorted_group[:-1]
    best[sorted_group[first]] = order[first]
    return best
