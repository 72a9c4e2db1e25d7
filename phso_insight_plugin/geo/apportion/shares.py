"""Stage 5 — shares: the part ``w_st`` of each source's value that each target receives.

For a source s with extensive value v_s and a target t, ``v_t = Σ_s v_s · w_st`` where

* **area** weighting: ``w_st = A(s∩t) / A(s)``, hence ``v_t = Σ_s v_s · A(s∩t) / A(s)``;
* **population** (dasymetric) weighting: ``w_st = P_W(s∩t) / P_W(s)`` (see :mod:`.weights`);
  a source with ``P_W(s) = 0`` falls back to its area shares and is listed in
  ``fallback_sources``;
* **best fit**: ``w_st = 1`` for the target containing the source's best-fit point (see
  :mod:`.best_fit`), 0 elsewhere.

A source's shares come from overlay areas, whose floating-point noise is about 1e-15 relative.
If they sum to within ``SHARE_TOL`` of 1 or above 1 (tiny target overlaps within the overlap
tolerance), they are divided by their sum, so that source is fully allocated and nothing is
counted twice. The rest, ``u_s = 1 − Σ_t w_st`` (1 for a source without geometry), is the
source's *unallocated* share, reported per source and per field; ``SHARE_TOL`` is also the
threshold for listing a source as unallocated.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from .best_fit import BestFit
from .inputs import Inputs
from .naming import FeatureNames
from .overlay import Overlay
from .pair_keys import find_sorted, pair_keys
from .result import SHARE_TOL
from .weights import Population


@dataclass(frozen=True)
class Pairs:
    """(source, target) pairs sorted by source, then target, with their measures and shares.

    Attributes
    ----------
    source, target : int64 indices
    area : float
        ``A(s∩t)``, square CRS units.
    area_share : float
        ``A(s∩t) / A(s)``.
    population_share : float
        ``P_W(s∩t) / P_W(s)``; NaN without weights or where ``P_W(s) = 0``.
    population : float or None
        ``P_W(s∩t)``; None without weights.
    weight_share : float
        ``w_st``, the share of ``v_s`` given to t.
    n_targets : int
    """

    source: np.ndarray
    target: np.ndarray
    area: np.ndarray
    area_share: np.ndarray
    population_share: np.ndarray
    population: np.ndarray | None
    weight_share: np.ndarray
    n_targets: int

    def keys(self) -> np.ndarray:
        """Ascending pair keys (see :func:`~.pair_keys.pair_keys`)."""
        return pair_keys(self.source, self.target, self.n_targets)

    def including(self, sources: np.ndarray, targets: np.ndarray) -> tuple[Pairs, np.ndarray]:
        """These pairs with ``(sources, targets)`` added where missing (no overlap: zero measures,
        NaN population share), still sorted; and the positions of the requested pairs in them."""
        wanted = pair_keys(sources, targets, self.n_targets)
        missing = find_sorted(self.keys(), wanted) < 0
        if not missing.any():
            return self, find_sorted(self.keys(), wanted)
        zeros = np.zeros(int(missing.sum()))
        grown = {
            "source": np.concatenate([self.source, sources[missing]]),
            "target": np.concatenate([self.target, targets[missing]]),
            "area": np.concatenate([self.area, zeros]),
            "area_share": np.concatenate([self.area_share, zeros]),
            "population_share": np.concatenate([self.population_share, np.full(zeros.size, np.nan)]),
            "population": None if self.population is None else np.concatenate([self.population, zeros]),
            "weight_share": np.concatenate([self.weight_share, zeros]),
        }
        order = np.lexsort((grown["target"], grown["source"]))
        pairs = replace(self, **{name: None if column is None else column[order] for name, column in grown.items()})
        return pairs, find_sorted(pairs.keys(), wanted)


def source_target_pairs(overlay: Overlay, inputs: Inputs, population: Population | None) -> Pairs:
    """The overlay's pairs with their area and population shares (weight shares still 0)."""
    source, target = overlay.contained, overlay.container
    if population is not None:
        per_source = population.per_source[source]
        with np.errstate(invalid="ignore", divide="ignore"):
            population_share = np.where(per_source > 0, population.per_pair / per_source, np.nan)
    else:
        population_share = np.full(len(source), np.nan)
    return Pairs(source=source, target=target, area=overlay.area,
                 area_share=overlay.area / inputs.source_area[source], population_share=population_share,
                 population=None if population is None else population.per_pair,
                 weight_share=np.zeros(len(source)), n_targets=len(inputs.targets.geometries))


@dataclass(frozen=True)
class Allocation:
    """How each source's value is shared out.

    Attributes
    ----------
    pairs : Pairs
        With their weight shares ``w_st`` (normalised; rescaled when asked).
    share_sum : (n_src,) float
        ``Σ_t w_st`` after normalisation (before rescaling).
    unallocated_share : (n_src,) float
        ``u_s``, the share of each source's value in no target (after rescaling).
    unallocated_sources : int64 indices
        Sources with ``u_s > SHARE_TOL`` before rescaling.
    fallback_sources : int64 indices
        See :attr:`~.result.ApportionResult.fallback_sources`.
    rescaled : (n_fields,) float
        Value moved into targets by rescaling (0 without).
    nearest_sources : int64 indices
        Sources given wholly to their nearest target by rescaling.
    messages : tuple of str
    """

    pairs: Pairs
    share_sum: np.ndarray
    unallocated_share: np.ndarray
    unallocated_sources: np.ndarray
    fallback_sources: np.ndarray
    rescaled: np.ndarray
    nearest_sources: np.ndarray
    messages: tuple[str, ...]


def allocate(method: str, pairs: Pairs, inputs: Inputs, population: Population | None,
             best_fit: BestFit | None, names: FeatureNames) -> Allocation:
    """The method's shares, normalised, and what stays unallocated (rules in the module docstring)."""
    if method == "area":
        pairs, fallback, messages = replace(pairs, weight_share=pairs.area_share.copy()), np.empty(0, np.int64), ()
    elif method == "population":
        pairs, fallback, messages = _population_shares(pairs, inputs, population, names)
    else:
        pairs, fallback, messages = _best_fit_shares(pairs, best_fit)
    n_sources = len(inputs.sources.geometries)
    share_sum = np.bincount(pairs.source, pairs.weight_share, minlength=n_sources)
    full = share_sum >= 1.0 - SHARE_TOL
    pairs = replace(pairs, weight_share=pairs.weight_share / np.where(full, share_sum, 1.0)[pairs.source])
    share_sum = np.where(full, 1.0, share_sum)
    unallocated_share = np.where(inputs.sources.present, 1.0 - share_sum, 1.0)
    unallocated_sources = np.flatnonzero(unallocated_share > SHARE_TOL).astype(np.int64)
    if unallocated_sources.size:
        messages += (f"{unallocated_sources.size} source(s) lie partly or wholly outside every target "
                     f"({names('source', unallocated_sources)})",)
    return Allocation(pairs=pairs, share_sum=share_sum, unallocated_share=unallocated_share,
                      unallocated_sources=unallocated_sources, fallback_sources=fallback,
                      rescaled=np.zeros(inputs.values.shape[1]), nearest_sources=np.empty(0, np.int64),
                      messages=messages)


def _population_shares(pairs: Pairs, inputs: Inputs, population: Population,
                       names: FeatureNames) -> tuple[Pairs, np.ndarray, tuple[str, ...]]:
    """``P_W(s∩t) / P_W(s)``; area shares for sources without population."""
    without_population = inputs.sources.present & ~(population.per_source > 0)
    fallback = np.flatnonzero(without_population).astype(np.int64)
    shares = np.where(without_population[pairs.source], pairs.area_share, pairs.population_share)
    messages = (
        f"{fallback.size} source(s) have no population in the weight layer and were "
        f"apportioned by area ({names('source', fallback)})",
    ) if fallback.size else ()
    return replace(pairs, weight_share=shares), fallback, messages


def _best_fit_shares(pairs: Pairs, best_fit: BestFit) -> tuple[Pairs, np.ndarray, tuple[str, ...]]:
    """Share 1 to the target containing the best-fit point (the pair is added if the areas do not meet)."""
    placed = np.flatnonzero(best_fit.target >= 0)
    pairs, position = pairs.including(placed, best_fit.target[placed])
    shares = pairs.weight_share.copy()
    shares[position] = 1.0
    return replace(pairs, weight_share=shares), best_fit.fallback, best_fit.messages
