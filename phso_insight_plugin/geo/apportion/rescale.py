"""Stage 6 (``rescale=True`` only) — place what fell outside every target, locally.

Every source with a geometry ends fully allocated (``Σ_t w_st = 1``):

1. a source reaching some target has its shares divided by their sum, ``w_st / Σ_t' w_st'``,
   so the part lying outside all targets goes to the targets the same source reaches, in
   proportion;
2. (population method) a source whose population lies wholly outside the targets but whose
   area reaches some is apportioned by area: ``A(s∩t) / Σ_t' A(s∩t')``;
3. a source reaching no target at all goes wholly to the nearest target (planar distance from
   the source polygon, or from its best-fit point under best fit; ties → lowest target index)
   and is listed in ``nearest_sources``.

The value so moved, ``Σ_s v_s · u_s`` over the sources placed, is reported as ``rescaled``;
their unallocated share ``u_s`` becomes 0, so only sources without geometry stay unallocated
and ``total_in == total_out + unallocated`` still holds exactly.
"""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import shapely

from .best_fit import BestFit
from .inputs import Inputs
from .runner import Runner
from .shares import Allocation, Pairs


def rescale(allocation: Allocation, method: str, inputs: Inputs, best_fit: BestFit | None,
            run: Runner) -> Allocation:
    """The allocation with every placeable source fully allocated (steps in the module docstring)."""
    present = inputs.sources.present
    reaching = present & (allocation.share_sum > 0)
    pairs = allocation.pairs
    divisor = np.where(reaching, allocation.share_sum, 1.0)[pairs.source]
    pairs = replace(pairs, weight_share=pairs.weight_share / divisor)
    stuck = present & ~reaching
    messages = allocation.messages
    if method == "population" and stuck.any():
        pairs, by_area = _by_area(pairs, stuck)
        stuck &= ~by_area
        if by_area.any():
            messages += (f"rescaling: {int(by_area.sum())} source(s) have all their population outside every "
                         f"target and were apportioned by area ({run.names('source', np.flatnonzero(by_area))})",)
    placed = present & ~stuck
    pairs, nearest, nearest_messages = _to_nearest_targets(pairs, np.flatnonzero(stuck), inputs, best_fit, run)
    placed[nearest] = True
    moved = placed & (allocation.unallocated_share > 0)
    rescaled = (inputs.values * np.where(moved, allocation.unallocated_share, 0.0)[:, None]).sum(axis=0)
    return replace(allocation, pairs=pairs, unallocated_share=np.where(moved, 0.0, allocation.unallocated_share),
                   rescaled=rescaled, nearest_sources=nearest, messages=messages + nearest_messages)


def _by_area(pairs: Pairs, stuck: np.ndarray) -> tuple[Pairs, np.ndarray]:
    """Area shares, divided by their sum, for the stuck sources whose area reaches some target."""
    area_sum = np.bincount(pairs.source, pairs.area_share, minlength=len(stuck))
    by_area = stuck & (area_sum > 0)
    if not by_area.any():
        return pairs, by_area
    shares = pairs.weight_share.copy()
    selected = by_area[pairs.source]
    shares[selected] = pairs.area_share[selected] / area_sum[pairs.source[selected]]
    return replace(pairs, weight_share=shares), by_area


def _to_nearest_targets(pairs: Pairs, stuck: np.ndarray, inputs: Inputs, best_fit: BestFit | None,
                        run: Runner) -> tuple[Pairs, np.ndarray, tuple[str, ...]]:
    """Each of the ``stuck`` sources wholly to its nearest target: (pairs, sources placed, messages)."""
    targets = inputs.targets.geometries
    if stuck.size == 0:
        return pairs, np.empty(0, np.int64), ()
    if not inputs.targets.present.any():
        return pairs, np.empty(0, np.int64), (
            f"rescaling cannot place {stuck.size} source(s): no target has a geometry",)
    probe = best_fit.points[stuck] if best_fit is not None else inputs.sources.geometries[stuck]
    (query, target), distance = shapely.STRtree(targets).query_nearest(probe, all_matches=True,
                                                                      return_distance=True)
    nearest = np.full(stuck.size, np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(nearest, query, target)
    farthest = np.zeros(stuck.size)
    np.maximum.at(farthest, query, distance)
    pairs, position = pairs.including(stuck, nearest)
    shares = pairs.weight_share.copy()
    shares[position] = 1.0
    run.check()
    return replace(pairs, weight_share=shares), stuck.astype(np.int64), (
        f"rescaling: {stuck.size} source(s) reach no target and were given to the nearest one "
        f"(up to {farthest.max():.6g} CRS units away; {run.names('source', stuck)})",)
