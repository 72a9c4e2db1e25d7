"""Stage 3a — the population (weight) layer W, checked.

W is a finer layer of features w with a population ``p_w`` (finite, ≥ 0): all polygons or all
points. A feature without geometry is ignored and reported with its population; a MultiPoint is
split into its points, its population shared equally; polygons are repaired like the zones and
a polygon left with no area is ignored. When W *is* the source layer (the same array, or equal
geometries in the same order, e.g. LSOA counts weighted by LSOA population) each source is its
own weight feature, which :mod:`.weights` computes without any extra overlay.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import shapely
from numpy.typing import ArrayLike

from ...errors import InputError
from ..geometry_checks import as_geometry_array
from .inputs import ApportionRequest, Inputs, prepare_zones, repaired_message
from .naming import FeatureNames

_POINT_TYPES = (shapely.GeometryType.POINT, shapely.GeometryType.MULTIPOINT)
_POLYGON_TYPES = (shapely.GeometryType.POLYGON, shapely.GeometryType.MULTIPOLYGON)


@dataclass(frozen=True)
class WeightLayer:
    """The population layer ready for :func:`~.weights.population_weights`.

    Attributes
    ----------
    geometries : object array
        Points (MultiPoints split) or repaired polygons (None where they have no geometry).
    population : float array
        ``p_w`` per geometry (0 for polygons that are ignored).
    kind : "point" or "polygon"
    are_sources : bool
        The layer is the source layer: each source is its own weight feature.
    n_repaired : int
        Invalid weight polygons repaired.
    messages : tuple of str
        What was ignored, split or repaired.
    """

    geometries: np.ndarray
    population: np.ndarray
    kind: Literal["point", "polygon"]
    are_sources: bool
    n_repaired: int
    messages: tuple[str, ...]


def read_weight_layer(request: ApportionRequest, inputs: Inputs, names: FeatureNames) -> WeightLayer:
    """Check the weight geometries and population of ``request``.

    Raises
    ------
    InputError
        Geometries that are not shapely geometries; population that is not numbers, not one
        per geometry, missing, infinite or negative; a layer mixing points and polygons or
        holding other geometry types.
    """
    try:
        geometries = as_geometry_array(request.weight_geoms)
    except TypeError as exc:
        raise InputError(f"weight geometries: {exc}") from None
    population = _population(request.weight_values, len(geometries), names)
    if request.weight_geoms is request.source_geoms:  # the source array itself: checked and repaired
        return WeightLayer(inputs.sources.geometries, population, "polygon", True, 0, ())
    present = ~(shapely.is_missing(geometries) | shapely.is_empty(geometries))
    is_point = _point_or_polygon(geometries, present, names)
    missing = np.flatnonzero(~present)
    messages = (
        f"{missing.size} weight feature(s) have no geometry and were ignored "
        f"(population {population[missing].sum():g}; {names('weight', missing)})",
    ) if missing.size else ()
    if is_point.any():
        return _point_layer(geometries[is_point], population[is_point], messages)
    return _polygon_layer(geometries, population, present, inputs.sources.geometries, messages, names)


def _population(values: ArrayLike, n_geometries: int, names: FeatureNames) -> np.ndarray:
    try:
        population = np.asarray(values, dtype=float).reshape(-1)
    except (TypeError, ValueError):
        raise InputError("weight values (population) must be numbers") from None
    if len(population) != n_geometries:
        raise InputError(f"weight layer: {n_geometries} geometries but {len(population)} population values")
    bad = np.flatnonzero(~np.isfinite(population) | (population < 0))
    if bad.size:
        raise InputError(
            f"population weights must be finite and ≥ 0: {bad.size} are missing or negative "
            f"({names('weight', bad)})", about="weight")
    return population


def _point_or_polygon(geometries: np.ndarray, present: np.ndarray, names: FeatureNames) -> np.ndarray:
    """Which features are (Multi)Points; InputError unless all present ones are points or all polygons."""
    types = shapely.get_type_id(geometries)
    is_point = present & np.isin(types, _POINT_TYPES)
    is_polygon = present & np.isin(types, _POLYGON_TYPES)
    other = present & ~is_point & ~is_polygon
    if other.any() or (is_point.any() and is_polygon.any()):
        bad = np.flatnonzero(other) if other.any() else np.flatnonzero(is_point)
        raise InputError(
            "the population layer must be all polygons or all points: "
            f"{bad.size} feature(s) differ ({names('weight', bad)})", about="weight")
    return is_point


def _point_layer(points: np.ndarray, population: np.ndarray, messages: tuple[str, ...]) -> WeightLayer:
    """Points; MultiPoints split into their points with the population shared equally."""
    if not (shapely.get_type_id(points) == shapely.GeometryType.MULTIPOINT).any():
        return WeightLayer(points, population, "point", False, 0, messages)
    parts, owner = shapely.get_parts(points, return_index=True)
    n_parts = np.bincount(owner, minlength=len(points))
    if (n_parts > 1).any():
        messages += (f"{int((n_parts > 1).sum())} multipoint weight feature(s) were split into "
                     "their points, population shared equally",)
    return WeightLayer(parts, population[owner] / n_parts[owner], "point", False, 0, messages)


def _polygon_layer(geometries: np.ndarray, population: np.ndarray, present: np.ndarray, sources: np.ndarray,
                   messages: tuple[str, ...], names: FeatureNames) -> WeightLayer:
    """Repaired polygons; recognised as the sources themselves when their geometries are equal."""
    zones = prepare_zones(geometries, "weight", names)
    if zones.n_repaired:
        messages += (repaired_message(zones.n_repaired, "weight"),)
    are_sources = (
        len(zones.geometries) == len(sources)
        and bool(np.all(shapely.is_missing(zones.geometries) == shapely.is_missing(sources)))
        and _same_geometries(zones.geometries, sources)
    )
    if are_sources:
        return WeightLayer(zones.geometries, population, "polygon", True, zones.n_repaired, messages)
    lost = np.flatnonzero(~zones.present & present)
    if lost.size:
        messages += (f"{lost.size} weight polygon(s) had no area after repair and were ignored "
                     f"(population {population[lost].sum():g})",)
    return WeightLayer(zones.geometries, np.where(zones.present, population, 0.0), "polygon", False,
                       zones.n_repaired, messages)


def _same_geometries(a: np.ndarray, b: np.ndarray) -> bool:
    """Equal bounds, then exactly equal coordinates, wherever ``a`` has a geometry."""
    ok = ~shapely.is_missing(a)
    if not np.array_equal(shapely.bounds(a[ok]), shapely.bounds(b[ok])):
        return False
    return bool(np.all(shapely.equals_exact(a[ok], b[ok], tolerance=0.0)))
