"""Apportion counts and rates from source zones to misaligned target zones (pure shapely 2 + numpy).

The Processing algorithm reads layers as WKB, converts them once with ``shapely.from_wkb`` and
calls :func:`apportion`. All areas are planar, in square CRS units (m² in British National
Grid, EPSG:27700): the caller supplies a projected CRS. ``A(g)`` is the area of g.

For a source zone s with extensive value v_s (a count) and a target zone t:

* **area** weighting: ``v_t = Σ_s v_s · A(s∩t) / A(s)``;
* **population** (dasymetric) weighting with a finer population layer W:
  ``v_t = Σ_s v_s · P_W(s∩t) / P_W(s)``, ``P_W(R) = Σ_w p_w · A(w∩R) / A(w)`` for polygons,
  the population of the points inside R for points; area weighting where ``P_W(s) = 0``;
* **best fit** (ONS): each source wholly to the target containing its population-weighted
  centroid (or point on surface); never split.

Whatever falls in no target is reported as *unallocated* (or placed locally with
``rescale=True``), and ``total_in == total_out + unallocated`` is checked on every run.

The pipeline, one stage per module (:mod:`.pipeline` runs them in this order):

====================  =====================================================================
:mod:`.inputs`        request checked, zones repaired (NULL/empty → None), value matrices
:mod:`.overlay`       STRtree pairs, containment shortcut, piece areas ``A(s∩t)``, overlapping targets
:mod:`.weight_layer`  the population layer checked (points or polygons; sources as weights)
:mod:`.weights`       ``P_W(s)`` and ``P_W(s∩t)``
:mod:`.best_fit`      best-fit points and the targets containing them (best fit only)
:mod:`.shares`        the share ``w_st`` of each source's value per target, normalised; unallocated
:mod:`.rescale`       what fell outside every target placed locally (``rescale=True`` only)
:mod:`.aggregate`     target totals, conservation check, intensive averages, crosswalk
====================  =====================================================================

Support: :mod:`.result` (result type, errors, tolerances), :mod:`.runner` (progress,
cancellation, thread pool), :mod:`.naming` (features named in messages), :mod:`.pair_keys`
(integer keys of index pairs).

Performance: one ``STRtree`` bulk query for all pairs; pairs where the target
``contains_properly`` the source need no overlay; only boundary pairs are intersected, in
chunks on a thread pool (GEOS releases the GIL); sums use ``np.bincount``. Memory is
proportional to the number of intersecting pairs (triples for polygon weights). Progress is
reported and cancellation checked between chunks.
"""
from __future__ import annotations

from ..apportion_methods import DEFAULT_METHOD, METHODS, ApportionMethod
from .pipeline import apportion
from .result import (
    CONSERVATION_RTOL,
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
    "DEFAULT_METHOD",
    "ApportionMethod",
    "SHARE_TOL",
    "CONSERVATION_RTOL",
]
