"""Stage 3b — population weights: ``P_W(s)`` and ``P_W(s∩t)`` for every source and overlay pair.

Formulas
--------
For a region R (a source s, or a piece s∩t), the population the weight layer W puts in it is

* polygon weights, population spread evenly over each weight polygon::

      P_W(R) = Σ_w p_w · A(w∩R) / A(w)

* point weights: ``P_W(R) = Σ p_w`` over the points inside the closed region R. A point on the
  boundary shared by several targets counts once, in the target with the lowest index; it counts
  in every source whose closed polygon contains it (each source's value is distributed
  independently, so this cannot double count);

* the weight layer is the source layer: each source is its own weight feature, so
  ``P_W(s) = p_s`` and ``P_W(s∩t) = p_s · A(s∩t) / A(s)`` (the general formula when sources do
  not overlap each other), with no extra overlay.

Method (polygon weights)
------------------------
The overlays w×s and w×t give the (w, s) and (w, t) pairs; joining them on w gives the (w, s, t)
triples, and ``A(w∩s∩t)`` is ``A(w∩t)`` when s ``contains_properly`` w, ``A(w∩s)`` when t does,
and an extra intersection of the piece w∩s with t only when w crosses both boundaries. Pairs with
the source wholly inside the target take ``P_W(s∩t) = P_W(s)``. Memory is proportional to the
number of triples.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely

from .inputs import Inputs
from .overlay import Overlay, first_target_containing, intersection_areas, overlay
from .pair_keys import find_sorted, join_on_equal_keys, pair_keys
from .result import ApportionInternalError
from .runner import Runner
from .weight_layer import WeightLayer


@dataclass(frozen=True)
class SourcesAsWeights:
    """Each source is its own weight feature: its population is spread evenly over it."""


@dataclass(frozen=True)
class WeightPointsInSources:
    """Weight points and the sources containing them (one row per (source, point) pair).

    Attributes
    ----------
    points, population : arrays over the weight points
    source, point : int64 indices of each pair
    """

    points: np.ndarray
    population: np.ndarray
    source: np.ndarray
    point: np.ndarray


@dataclass(frozen=True)
class WeightPiecesInSources:
    """Weight polygons cut by the sources: the w×s overlay, with the pieces w∩s kept.

    Attributes
    ----------
    polygons : object array of the weight polygons
    density : float
        ``p_w / A(w)`` per weight polygon: population per square CRS unit (0 without area).
    overlay : Overlay
        Containers are sources, contained polygons are weight polygons.
    """

    polygons: np.ndarray
    density: np.ndarray
    overlay: Overlay


#: How the population of W lies inside each source (what best fit needs for its centroids).
PopulationInSources = SourcesAsWeights | WeightPointsInSources | WeightPiecesInSources


@dataclass(frozen=True)
class Population:
    """Population of each source and of each source/target piece.

    Attributes
    ----------
    per_source : (n_src,) float
        ``P_W(s)``; 0 for sources without geometry.
    per_pair : float, aligned with the source/target overlay pairs
        ``P_W(s∩t)``.
    in_sources : SourcesAsWeights, WeightPointsInSources or WeightPiecesInSources
    """

    per_source: np.ndarray
    per_pair: np.ndarray
    in_sources: PopulationInSources


def population_weights(layer: WeightLayer, inputs: Inputs, pairs: Overlay, run: Runner) -> Population:
    """``P_W(s)`` and ``P_W(s∩t)`` over the source/target ``pairs`` (formulas in the module docstring)."""
    run.report(52)
    if layer.are_sources:
        return _sources_as_weights(layer, inputs, pairs)
    if layer.kind == "point":
        return _point_weights(layer, inputs, pairs, run)
    return _polygon_weights(layer, inputs, pairs, run)


def _sources_as_weights(layer: WeightLayer, inputs: Inputs, pairs: Overlay) -> Population:
    population = layer.population
    area_share = pairs.area / inputs.source_area[pairs.contained]
    return Population(per_source=np.where(np.isnan(inputs.source_area), 0.0, population),
                      per_pair=population[pairs.contained] * area_share, in_sources=SourcesAsWeights())


def _point_weights(layer: WeightLayer, inputs: Inputs, pairs: Overlay, run: Runner) -> Population:
    """Each point counts in every source containing it and in one target at most (the lowest index)."""
    points, population = layer.geometries, layer.population
    points_tree = shapely.STRtree(points)
    first_target = first_target_containing(points, inputs.targets.geometries, points_tree, run)
    run.report(62)
    [(source, point)] = run.query(points_tree, inputs.sources.geometries, ("intersects",))
    run.report(80)
    per_source = np.bincount(source, population[point], minlength=len(inputs.sources.geometries))
    in_target = first_target[point] >= 0
    position = find_sorted(pairs.key, pair_keys(source[in_target], first_target[point[in_target]],
                                                len(inputs.targets.geometries)))
    if np.any(position < 0):  # a point in s and in t implies that s and t intersect
        raise ApportionInternalError("a weight point lies in a source and a target that do not intersect")
    per_pair = np.bincount(position, population[point[in_target]], minlength=len(pairs.key))
    return Population(per_source, per_pair, WeightPointsInSources(points, population, source, point))


def _polygon_weights(layer: WeightLayer, inputs: Inputs, pairs: Overlay, run: Runner) -> Population:
    """Population of the w×s and (w, s, t) pieces, spread evenly over each weight polygon."""
    polygons = layer.geometries
    polygon_area = shapely.area(polygons)
    tree = shapely.STRtree(polygons)
    in_sources = overlay(inputs.sources.geometries, polygons, tree, polygon_area, run, (52, 66), "weight/source",
                         keep_pieces=True)
    in_targets = overlay(inputs.targets.geometries, polygons, tree, polygon_area, run, (66, 76), "weight/target")
    density = np.divide(layer.population, polygon_area, out=np.zeros_like(layer.population),
                        where=polygon_area > 0)
    per_source = np.bincount(in_sources.container, density[in_sources.contained] * in_sources.area,
                             minlength=len(inputs.sources.geometries))
    per_pair = np.zeros(len(pairs.key))
    per_pair[pairs.inside] = per_source[pairs.contained[pairs.inside]]  # s inside t: P_W(s∩t) = P_W(s)
    position, weight, area = _triples(in_sources, in_targets, pairs, inputs.targets.geometries, run)
    per_pair += np.bincount(position, density[weight] * area, minlength=len(pairs.key))
    return Population(per_source, per_pair, WeightPiecesInSources(polygons, density, in_sources))


def _triples(in_sources: Overlay, in_targets: Overlay, pairs: Overlay, targets: np.ndarray,
             run: Runner) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The (w, s, t) triples of the boundary (s, t) pairs: (pair position, weight polygon, A(w∩s∩t)).

    A triple joins a w×s piece (row ``source_piece`` of ``in_sources``) and a w×t piece (row
    ``target_piece`` of ``in_targets``) of the same weight polygon w.

    Triples of pairs whose source lies inside the target are left out (their population is
    ``P_W(s)``, set by the caller).
    """
    source_piece, target_piece = join_on_equal_keys(in_sources.contained, in_targets.contained)
    source, target = in_sources.container[source_piece], in_targets.container[target_piece]
    position = find_sorted(pairs.key, pair_keys(source, target, len(targets)))
    keep = position >= 0
    keep[keep] &= ~pairs.inside[position[keep]]
    source_piece, target_piece, target, position = source_piece[keep], target_piece[keep], target[keep], position[keep]
    area = np.empty(len(source_piece))
    w_in_source, w_in_target = in_sources.inside[source_piece], in_targets.inside[target_piece]
    area[w_in_source] = in_targets.area[target_piece[w_in_source]]
    only_target = ~w_in_source & w_in_target
    area[only_target] = in_sources.area[source_piece[only_target]]
    crossing = np.flatnonzero(~w_in_source & ~w_in_target)

    def work(start: int, stop: int) -> np.ndarray:
        sel = crossing[start:stop]
        return intersection_areas(in_sources.pieces[source_piece[sel]], targets[target[sel]], "weight-piece/target",
                                  in_sources.contained[source_piece[sel]], target[sel], False)[0]

    parts = run.map(work, len(crossing), (76, 86))
    if parts:
        area[crossing] = np.concatenate(parts)
    return position, in_sources.contained[source_piece], area
