"""Stage 7 — aggregate: target totals, the conservation check, intensive averages and the crosswalk.

Extensive values (counts), per field::

    v_t = Σ_s v_s · w_st                 total_out = Σ_t v_t
    unallocated = Σ_s v_s · u_s          total_in  = Σ_s v_s   (every source, with geometry or not)

The conservation contract ``total_in == total_out + unallocated`` is checked on every run, to a
relative tolerance :data:`~.result.CONSERVATION_RTOL` of ``max(|total_in|, Σ_s |v_s|)``; a
violation raises :class:`~.result.ApportionInternalError`.

Intensive values (rates, shares, means) are averaged, not summed::

    r_t = Σ_s r_s · P(s∩t) / Σ_s P(s∩t)

with ``P(s∩t) = P_W(s∩t)`` for the population method, the area ``A(s∩t)`` for the area method
and, for best fit, ``P_W(s)`` (or ``A(s)`` without weights) of each source assigned to t.
Sources whose rate is NaN are left out of both sums; targets receiving no weight get NaN.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .best_fit import BestFit
from .inputs import Inputs
from .result import CONSERVATION_RTOL, SHARE_TOL, ApportionInternalError, ApportionResult
from .shares import Allocation, Pairs
from .weight_layer import WeightLayer
from .weights import Population


@dataclass(frozen=True)
class Totals:
    """Extensive values per target and field, and the three totals of the contract (per field)."""

    target_values: np.ndarray
    total_in: np.ndarray
    total_out: np.ndarray
    unallocated: np.ndarray


def build_result(method: str, inputs: Inputs, weights: WeightLayer | None, population: Population | None,
                 best_fit: BestFit | None, allocation: Allocation) -> ApportionResult:
    """Aggregate the allocation onto the targets and gather every report into the result."""
    pairs = allocation.pairs
    totals = target_totals(allocation, inputs)
    n_sources = len(inputs.sources.geometries)
    return ApportionResult(
        target_values=totals.target_values,
        target_intensive=intensive_averages(method, pairs, inputs, population),
        unallocated=totals.unallocated,
        total_in=totals.total_in,
        total_out=totals.total_out,
        crosswalk=crosswalk(pairs),
        fallback_sources=allocation.fallback_sources,
        split_sources=np.flatnonzero(
            np.bincount(pairs.source[pairs.weight_share > SHARE_TOL], minlength=n_sources) > 1).astype(np.int64),
        unallocated_sources=allocation.unallocated_sources,
        method=method,
        source_unallocated_share=allocation.unallocated_share,
        rescaled=allocation.rescaled,
        null_sources=inputs.sources.null,
        null_targets=inputs.targets.null,
        n_repaired={"source": inputs.sources.n_repaired, "target": inputs.targets.n_repaired,
                    "weight": weights.n_repaired if weights is not None else 0},
        weights_are_sources=weights is not None and weights.are_sources,
        best_fit_points=best_fit.points if best_fit is not None else None,
        best_fit_adjusted=best_fit.adjusted if best_fit is not None else np.empty(0, np.int64),
        nearest_sources=allocation.nearest_sources,
        messages=[*inputs.messages, *(weights.messages if weights is not None else ()), *allocation.messages],
    )


def target_totals(allocation: Allocation, inputs: Inputs) -> Totals:
    """``v_t`` per target and field and the totals, conservation checked."""
    pairs, values = allocation.pairs, inputs.values
    n_targets = len(inputs.targets.geometries)
    target_values = np.zeros((n_targets, values.shape[1]))
    for column in range(values.shape[1]):
        target_values[:, column] = np.bincount(pairs.target, values[pairs.source, column] * pairs.weight_share,
                                               minlength=n_targets)
    totals = Totals(target_values=target_values, total_in=values.sum(axis=0), total_out=target_values.sum(axis=0),
                    unallocated=(values * allocation.unallocated_share[:, None]).sum(axis=0))
    check_conservation(totals, values)
    return totals


def check_conservation(totals: Totals, values: np.ndarray) -> None:
    """Raise :class:`ApportionInternalError` unless ``total_in == total_out + unallocated`` per field.

    ``values`` are the source values, whose absolute sum scales the tolerance.
    """
    total_in, total_out, unallocated = totals.total_in, totals.total_out, totals.unallocated
    scale = np.maximum(np.abs(total_in), np.abs(values).sum(axis=0))
    gap = np.abs(total_in - (total_out + unallocated))
    if np.any(gap > CONSERVATION_RTOL * scale + 1e-300):
        worst = int(np.argmax(gap / np.maximum(scale, 1e-300)))
        raise ApportionInternalError(
            f"conservation failed for field {worst}: total in {total_in[worst]!r} != total out "
            f"{total_out[worst]!r} + unallocated {unallocated[worst]!r}")


def intensive_averages(method: str, pairs: Pairs, inputs: Inputs, population: Population | None) -> np.ndarray:
    """``r_t`` per target and intensive field (formula in the module docstring)."""
    if method == "population":
        piece_weight = pairs.population
    elif method == "area":
        piece_weight = pairs.area
    else:
        per_source = population.per_source if population is not None else np.nan_to_num(inputs.source_area)
        piece_weight = np.where(pairs.weight_share > 0, per_source[pairs.source], 0.0)
    n_targets = len(inputs.targets.geometries)
    averages = np.full((n_targets, inputs.intensive.shape[1]), np.nan)
    for column in range(inputs.intensive.shape[1]):
        rates = inputs.intensive[pairs.source, column]
        known = ~np.isnan(rates)
        weighted_sum = np.bincount(pairs.target[known], rates[known] * piece_weight[known], minlength=n_targets)
        weight_sum = np.bincount(pairs.target[known], piece_weight[known], minlength=n_targets)
        with np.errstate(invalid="ignore", divide="ignore"):
            averages[:, column] = np.where(weight_sum > 0, weighted_sum / weight_sum, np.nan)
    return averages


def crosswalk(pairs: Pairs) -> pd.DataFrame:
    """One row per piece with positive area, weight share or population (see :class:`~.result.ApportionResult`)."""
    keep = (pairs.area > 0) | (pairs.weight_share > 0)
    if pairs.population is not None:
        keep |= pairs.population > 0
    return pd.DataFrame({
        "source_index": pairs.source[keep].astype(np.int64),
        "target_index": pairs.target[keep].astype(np.int64),
        "weight_share": pairs.weight_share[keep],
        "population_share": pairs.population_share[keep],
        "area_share": pairs.area_share[keep],
        "piece_area": pairs.area[keep],
        "piece_population": pairs.population[keep] if pairs.population is not None
        else np.full(int(keep.sum()), np.nan),
    })
