"""Apportion counts and rates from source zones to misaligned target zones.

Pure shapely 2 + numpy (no QGIS). The Processing algorithm reads layers as WKB,
converts them once with ``shapely.from_wkb`` and calls :func:`apportion`.

Units and formulas
==================
All areas are planar areas in square CRS units (m² in British National Grid,
EPSG:27700); the caller must supply a projected CRS. ``A(g)`` is the area of g.

For a source zone s with extensive value v_s (a count) and a target zone t:

* **area** weighting::

      v_t = Σ_s v_s · A(s∩t) / A(s)

* **population** (dasymetric) weighting with a finer population layer W::

      v_t = Σ_s v_s · P_W(s∩t) / P_W(s)

  where, for polygon weights, ``P_W(region) = Σ_w p_w · A(w∩region) / A(w)``
  (population spread evenly over each weight polygon) and, for point
  weights, ``P_W(region)`` is the sum of p_w over points inside the region.
  Sources with ``P_W(s) = 0`` fall back to area weighting and are listed in
  :attr:`ApportionResult.fallback_sources`. When the weight layer *is* the
  source layer (LSOA counts weighted by LSOA population), each source is its
  own weight feature: ``P_W(s) = p_s`` and ``P_W(s∩t) = p_s·A(s∩t)/A(s)``
  (the general formula when sources do not overlap each other), detected by
  identity or equal geometries and computed without any extra overlay.

* **best fit** (ONS method): each source goes wholly to the target containing
  its best-fit point; never split. The point is the population-weighted
  centroid of the source (weighted mean of the weight points inside it, or of
  the centroids of the pieces w∩s weighted by their population
  ``p_w·A(w∩s)/A(w)``); ``point_on_surface(s)`` when no weights are given or
  the source has no population. If the weighted centroid falls outside the
  source (U-shaped zones), the representative point of the source's most
  populous weight piece (or its most populous weight point) is used instead,
  so a zone is never assigned to a target it does not touch; such sources are
  listed in :attr:`ApportionResult.best_fit_adjusted`.

Intensive values (rates, shares, means) are averaged, not summed::

    r_t = Σ_s r_s · P(s∩t) / Σ_s P(s∩t)

with ``P(s∩t) = P_W(s∩t)`` (population) for the population method, the area
``A(s∩t)`` for the area method, and, for best fit, ``P_W(s)`` (or ``A(s)``
without weights) of each source assigned to t. Sources whose rate is NaN are
left out of both sums; targets receiving no weight get NaN.

Geometric conventions
=====================
* Zones are closed sets. A weight point on the boundary shared by several
  targets counts once, in the target with the lowest index; it counts in every
  source whose closed polygon contains it (each source's value is distributed
  independently, so this cannot double count). A best-fit point on a target
  boundary goes to the lowest-index target too.
* Whatever falls in no target is *unallocated* and reported, per field and per
  source; ``rescale=True`` places it locally instead (see :func:`apportion`).
  The conservation contract ``total_in == total_out + unallocated`` (relative
  tolerance 1e-9) is checked on every run; a violation raises
  :class:`ApportionInternalError`.
* A source's shares are computed from overlay areas, whose floating-point noise
  is about 1e-15 relative. If a source's shares sum to within ``SHARE_TOL``
  (1e-9) of 1 or above 1 (tiny target overlaps within the tolerance), they are
  divided by their sum, so that source is fully allocated and nothing is
  counted twice. ``SHARE_TOL`` is also the threshold for listing a source as
  split or unallocated.
* Targets overlapping each other inside a source by more than
  ``overlap_tolerance`` square CRS units would count that part of the source
  twice: this raises :class:`~phso_insight_plugin.errors.InputError` naming the
  overlapping target pairs. Detection is free: such a source's pieces add up
  to more than its area. (Overlaps where there are no sources cannot affect
  the result and are not searched for, and an overlap inside a source that
  also sticks out of all targets by more than the overlap is not seen; use
  :func:`~phso_insight_plugin.geo.geometry_checks.overlapping_pairs` for a
  full check of a target layer.)
* Invalid polygons are repaired with ``shapely.make_valid`` (polygonal parts
  kept) and counted; NULL or empty sources cannot be placed, so their whole
  value is unallocated and they are listed in ``null_sources``.

Performance
===========
One ``STRtree`` bulk query finds all intersecting (target, source) pairs and a
second one the pairs where the target ``contains_properly`` the source; those
need no overlay (A(s∩t) = A(s)). Only boundary pairs are intersected, with
vectorised ``shapely.intersection``/``shapely.area`` over chunks of pairs run
in a thread pool (GEOS releases the GIL). Predicates run in the calling
thread only: GEOS prepared geometries are not safe to share between threads.
Sums use ``np.bincount``.

Polygon weights: the same overlay gives w×s and w×t pairs; joining them on w
gives the (w, s, t) triples, and ``A(w∩s∩t)`` is A(w∩t) when s contains w,
A(w∩s) when t contains w, and an extra intersection only when w crosses both
boundaries. Point weights: an ``STRtree`` of the points is queried with the
(prepared) polygons. Memory is proportional to the number of intersecting
pairs (triples for polygon weights). Progress is reported and cancellation
checked between chunks.
"""
from __future__ import annotations

from .pipeline import apportion
from .result import (
    CONSERVATION_RTOL,
    METHODS,
    SHARE_TOL,
    ApportionCancelled,
    ApportionInternalError,
    ApportionResult,
)

__all__ = [
    "apportion",
    "ApportionResult",
    "ApportionCancelled",
    "ApportionInternalError",
    "METHODS",
    "SHARE_TOL",
    "CONSERVATION_RTOL",
]
