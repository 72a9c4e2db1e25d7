"""The orchestrator: :func:`apportion` runs the stages of the package in order."""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np

from ..apportion_methods import DEFAULT_METHOD, ApportionMethod
from ..geometry_checks import shared_edge_check
from .aggregate import build_result
from .best_fit import locate_best_fit
from .inputs import ApportionRequest, check_method, read_inputs
from .naming import FeatureNames
from .overlay import overlay_sources_on_targets, refuse_overlapping_targets
from .rescale import rescale as rescale_allocation
from .result import ApportionResult
from .runner import Runner
from .shares import allocate, source_target_pairs
from .weight_layer import read_weight_layer
from .weights import population_weights


def apportion(source_geoms: np.ndarray, source_values: np.ndarray, target_geoms: np.ndarray,
              method: ApportionMethod = DEFAULT_METHOD,
              weight_geoms: np.ndarray | None = None, weight_values: np.ndarray | None = None,
              intensive_values: np.ndarray | None = None, rescale: bool = False,
              progress: Callable[[float], None] | None = None, is_cancelled: Callable[[], bool] | None = None,
              threads: int = 2, overlap_tolerance: float = 1.0,
              labels: Mapping[str, Sequence | None] | None = None, check_sources: bool = False) -> ApportionResult:
    """Apportion source-zone values to target zones (formulas: package docstring and stage modules).

    Parameters
    ----------
    source_geoms : (n_src,) shapely (Multi)Polygons in a projected CRS.
    source_values : (n_src, n_fields) or (n_src,) float
        Extensive values (counts), finite. A 1-D array is one field; the output is always 2-D.
    target_geoms : (n_tgt,) shapely (Multi)Polygons in the same CRS; they must not overlap.
    method : "population" (default), "area" or "best_fit"
    weight_geoms, weight_values : (n_w,) polygons or points, and their population (≥ 0), optional
        Required for "population", optional for "best_fit" (population-weighted centroids),
        informative for "area" (crosswalk ``population_share``). The source geometries
        themselves (same array or equal geometries) use the exact shortcut of :mod:`.weights`.
    intensive_values : (n_src, n_int) or (n_src,) float, optional
        Rates averaged as in :mod:`.aggregate`; NaN = missing.
    rescale : bool
        False: what falls in no target is reported in ``unallocated``. True: it is placed
        locally (:mod:`.rescale`) and reported in ``rescaled``.
    progress : callable(percent 0..100), optional
    is_cancelled : callable() -> bool, optional
        Polled between chunks; once True, :class:`ApportionCancelled` is raised.
    threads : int
        Worker threads for the overlays.
    overlap_tolerance : float
        Square CRS units (m² in EPSG:27700) targets may overlap by inside a source.
    labels : mapping, optional
        ``{"source": ids, "target": ids, "weight": row numbers}`` naming features in messages
        (see :class:`~.naming.FeatureNames`); unlabelled features are named by 0-based index.
    check_sources : bool
        Also try the shared-edge proof that the (repaired) sources do not overlap, beside the overlay on
        the thread pool (:attr:`ApportionResult.source_check`); the sources are repaired once for both.

    Returns
    -------
    ApportionResult

    Raises
    ------
    InputError
        Bad input: shapes, non-finite values, negative population, non-polygon zones,
        missing weights, overlapping targets.
    ApportionCancelled
        ``is_cancelled()`` returned True.
    ApportionInternalError
        Conservation contract violated (a bug).
    """
    request = ApportionRequest(source_geoms, source_values, target_geoms, method, weight_geoms, weight_values,
                               intensive_values, rescale, overlap_tolerance, check_sources)
    run = Runner(progress, is_cancelled, threads, FeatureNames(labels))
    try:
        return _run_stages(request, run)
    finally:
        run.close()


def _run_stages(request: ApportionRequest, run: Runner) -> ApportionResult:
    """inputs → overlay → weights → (best fit) → shares → (rescale) → aggregate."""
    check_method(request.method)
    run.report(0)
    inputs = read_inputs(request, run.names)
    run.report(3)
    run.check()
    source_check = run.beside(shared_edge_check, inputs.sources.geometries, inputs.sources.n_repaired) \
        if request.check_sources else None
    overlay = overlay_sources_on_targets(inputs, run)
    refuse_overlapping_targets(overlay, inputs, request.overlap_tolerance, run.names)
    weights = read_weight_layer(request, inputs, run.names) if request.has_weights else None
    population = population_weights(weights, inputs, overlay, run) if weights is not None else None
    run.report(88)
    run.check()
    pairs = source_target_pairs(overlay, inputs, population)
    best_fit = locate_best_fit(inputs, population, run) if request.method == "best_fit" else None
    allocation = allocate(request.method, pairs, inputs, population, best_fit, run.names)
    if request.rescale:
        allocation = rescale_allocation(allocation, request.method, inputs, best_fit, run)
    run.report(92)
    result = build_result(request.method, inputs, weights, population, best_fit, allocation)
    if source_check is not None:
        result.source_check = run.result(source_check)
    run.report(100)
    return result
