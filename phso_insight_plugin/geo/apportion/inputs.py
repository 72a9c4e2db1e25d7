"""Stage 1 — inputs: the request checked, the zones repaired, the values as matrices.

Conventions
-----------
* Zones are polygons (closed sets) in one projected CRS supplied by the caller; every area in
  the engine is planar, in square CRS units (m² in British National Grid, EPSG:27700).
* Invalid polygons are repaired with ``shapely.make_valid`` (polygonal parts kept) and counted.
  NULL or empty zones become ``None``: a source without geometry cannot be placed, so its whole
  value is unallocated and it is listed in ``null_sources``; a target without geometry receives
  nothing.
* Extensive values (counts) must be finite; intensive values (rates) may be NaN (missing), not
  infinite. A 1-D array is one field; the engine works on (n_sources, n_fields) matrices.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from numpy.typing import ArrayLike

from ...errors import InputError
from ..apportion_methods import METHODS
from ..geometry_checks import as_geometry_array, non_polygonal, repair_geometries
from .naming import FeatureNames


@dataclass(frozen=True)
class ApportionRequest:
    """The arguments of :func:`~phso_insight_plugin.geo.apportion.apportion` as the caller gave them."""

    source_geoms: ArrayLike
    source_values: ArrayLike
    target_geoms: ArrayLike
    method: str
    weight_geoms: ArrayLike | None = None
    weight_values: ArrayLike | None = None
    intensive_values: ArrayLike | None = None
    rescale: bool = False
    overlap_tolerance: float = 1.0
    check_sources: bool = False

    @property
    def has_weights(self) -> bool:
        """Whether a population (weight) layer was given."""
        return self.weight_geoms is not None


@dataclass(frozen=True)
class Zones:
    """One polygon layer ready for the overlay.

    Attributes
    ----------
    geometries : (n,) object array
        Valid (Multi)Polygons; ``None`` where the input was NULL or empty (after repair).
    present : (n,) bool
        Whether each zone has a geometry.
    null : int64 indices
        The zones without geometry (``~present``).
    n_repaired : int
        Invalid geometries that were repaired.
    """

    geometries: np.ndarray
    present: np.ndarray
    null: np.ndarray
    n_repaired: int


@dataclass(frozen=True)
class Inputs:
    """Sources, targets and their values, checked.

    Attributes
    ----------
    sources, targets : Zones
    source_area : (n_src,) float
        ``A(s)`` in square CRS units; NaN for sources without geometry.
    values : (n_src, n_fields) float
        Extensive values (counts), finite.
    intensive : (n_src, n_int) float
        Intensive values (rates); NaN = missing. ``n_int`` is 0 when none were given.
    messages : tuple of str
        Repairs and missing geometries, for the run's log.
    """

    sources: Zones
    targets: Zones
    source_area: np.ndarray
    values: np.ndarray
    intensive: np.ndarray
    messages: tuple[str, ...]


def check_method(method: str) -> None:
    """Raise :class:`InputError` unless ``method`` is one of :data:`~.result.METHODS`."""
    if method not in METHODS:
        raise InputError(f"unknown apportionment method {method!r}; use one of {', '.join(METHODS)}")


def read_inputs(request: ApportionRequest, names: FeatureNames) -> Inputs:
    """Check and prepare the sources, targets and their values (weights come later).

    Raises
    ------
    InputError
        Geometries that are not shapely geometries or not polygonal; values of the wrong
        shape or not finite; population weighting without a population layer; weight
        geometries without weight values or the reverse.
    """
    try:
        n_sources = len(as_geometry_array(request.source_geoms))
    except TypeError as exc:
        raise InputError(f"source geometries: {exc}") from None
    values = value_matrix(request.source_values, n_sources, "source values", allow_nan=False, names=names)
    intensive = value_matrix(request.intensive_values, n_sources, "intensive values", allow_nan=True,
                             names=names)
    sources = prepare_zones(request.source_geoms, "source", names)
    targets = prepare_zones(request.target_geoms, "target", names)
    messages = _zone_messages(sources, targets, names)
    if request.method == "population" and (request.weight_geoms is None or request.weight_values is None):
        raise InputError("population weighting needs a population layer: weight_geoms and weight_values")
    if (request.weight_geoms is None) != (request.weight_values is None):
        raise InputError("weight_geoms and weight_values must be given together")
    return Inputs(sources=sources, targets=targets, source_area=shapely.area(sources.geometries),
                  values=values, intensive=intensive, messages=messages)


def _zone_messages(sources: Zones, targets: Zones, names: FeatureNames) -> tuple[str, ...]:
    messages = [repaired_message(zones.n_repaired, role)
                for zones, role in ((sources, "source"), (targets, "target")) if zones.n_repaired]
    if sources.null.size:
        messages.append(
            f"{sources.null.size} source(s) have no geometry (NULL or empty; {names('source', sources.null)}); "
            "their values are unallocated")
    if targets.null.size:
        messages.append(f"{targets.null.size} target(s) have no geometry ({names('target', targets.null)})")
    return tuple(messages)


def repaired_message(n_repaired: int, role: str) -> str:
    """``"3 invalid source geometries were repaired"``."""
    return f"{n_repaired} invalid {role} geometr{'y was' if n_repaired == 1 else 'ies were'} repaired"


def prepare_zones(geoms: ArrayLike, role: str, names: FeatureNames) -> Zones:
    """Repair ``geoms``, blank out empty ones (→ None) and refuse anything not polygonal.

    ``role`` (``"source"``, ``"target"``, ``"weight"``) names the layer in messages and in
    :attr:`InputError.about`. GeometryCollections are accepted: repair keeps their polygonal parts.
    """
    try:
        geometries = as_geometry_array(geoms)
    except TypeError as exc:
        raise InputError(f"{role} geometries: {exc}") from None
    bad = non_polygonal(geometries, allow_collections=True)
    if bad.size:
        kinds = sorted(set(shapely.get_type_id(geometries[bad]).tolist()))
        kinds_text = ", ".join(shapely.GeometryType(t).name.title() for t in kinds)
        raise InputError(
            f"{role} layer must be polygons: {bad.size} feature(s) are {kinds_text} "
            f"({names(role, bad)})", about=role
        )
    geometries, n_repaired = repair_geometries(geometries)
    null = shapely.is_missing(geometries) | shapely.is_empty(geometries)
    geometries = geometries.copy()
    geometries[null] = None
    return Zones(geometries=geometries, present=~null, null=np.flatnonzero(null).astype(np.int64),
                 n_repaired=n_repaired)


def value_matrix(values: ArrayLike | None, n_sources: int, what: str, allow_nan: bool,
                 names: FeatureNames) -> np.ndarray:
    """``values`` as an (n_sources, n_fields) float matrix; (n_sources, 0) when None.

    Raises :class:`InputError` for non-numbers, a wrong shape, and non-finite values
    (NaN is allowed with ``allow_nan``; infinity never is), naming the sources concerned.
    """
    if values is None:
        return np.zeros((n_sources, 0))
    try:
        matrix = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise InputError(f"{what} must be numbers") from None
    if matrix.ndim == 1:
        matrix = matrix.reshape(-1, 1)
    if matrix.ndim != 2 or matrix.shape[0] != n_sources:
        raise InputError(f"{what} has shape {matrix.shape}; expected ({n_sources}, n_fields), one row per source")
    bad = ~np.isfinite(matrix) if not allow_nan else np.isinf(matrix)
    if bad.any():
        rows = np.flatnonzero(bad.any(axis=1))
        raise InputError(
            f"{what}: {int(bad.sum())} value(s) are {'missing or infinite' if not allow_nan else 'infinite'} "
            f"in {rows.size} source(s) ({names('source', rows)}); fill or drop them first",
            about="source"
        )
    return matrix
