"""What the apportionment engine promises: its methods, tolerances, result type and errors."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ...errors import Cancelled
from ..geometry_checks import EdgeCheck

#: Shares within this of 0 or 1 are floating-point noise of the overlay (about 1e-15 relative).
#: A source whose shares sum to ≥ 1 − SHARE_TOL is fully allocated (its shares are divided by
#: their sum, so nothing is counted twice); it is also the threshold for listing a source as
#: split or unallocated, and, relative to the source's area, for an excess of pieces that means
#: the targets overlap.
SHARE_TOL = 1e-9

#: Relative tolerance of the conservation contract ``total_in == total_out + unallocated``.
CONSERVATION_RTOL = 1e-9


class ApportionCancelled(Cancelled):
    """Raised when ``is_cancelled()`` returned True; no partial result is returned."""


class ApportionInternalError(AssertionError):
    """An internal invariant (conservation of totals) failed: a bug, not bad input."""


@dataclass
class ApportionResult:
    """Outcome of :func:`~phso_insight_plugin.geo.apportion.apportion`.

    Indices refer to positions in the input arrays.

    Attributes
    ----------
    target_values : (n_tgt, n_fields) float
        Apportioned extensive values (same units as ``source_values``).
    target_intensive : (n_tgt, n_int) float
        Weighted averages of ``intensive_values``; NaN where a target got no weight.
    unallocated : (n_fields,) float
        Value that fell in no target. With ``rescale=True`` only the value of
        sources without geometry remains here (see ``rescaled``).
    total_in, total_out : (n_fields,) float
        Σ source values (all sources, including NULL geometries) and Σ target values.
        Always ``total_in == total_out + unallocated`` (rtol :data:`CONSERVATION_RTOL`).
    crosswalk : DataFrame
        One row per (source, target) piece with positive area or positive
        weight: ``source_index``, ``target_index``, ``weight_share`` (share of
        the source's value given to the target, as applied, i.e. after any
        rescaling), ``population_share`` (P_W(s∩t)/P_W(s); NaN without weights
        or when P_W(s)=0), ``area_share`` (A(s∩t)/A(s)), ``piece_area``
        (A(s∩t), square CRS units) and ``piece_population`` (P_W(s∩t); NaN
        without weights). Sorted by source, then target.
    fallback_sources : int64 indices
        Sources with P_W(s) = 0 that used area weighting (population method) or
        point_on_surface (best fit).
    split_sources : int64 indices
        Sources giving a share > SHARE_TOL to more than one target.
    unallocated_sources : int64 indices
        Sources with a share > SHARE_TOL in no target (including NULL/empty
        geometries), before rescaling.
    method : str
    source_unallocated_share : (n_src,) float
        Share of each source's value left unallocated (after rescaling).
    rescaled : (n_fields,) float
        With ``rescale=True``: value that fell outside all targets and was
        redistributed (to the targets of the same source, or to the nearest
        target); 0 without rescaling.
    null_sources, null_targets : int64 indices
        NULL or empty geometries (after repair).
    n_repaired : dict
        Invalid geometries repaired per role: ``source``, ``target``, ``weight``.
    weights_are_sources : bool
        True when the weight layer is the source layer (shortcut used).
    best_fit_points : object array or None
        Best-fit point of each source (None for NULL sources); best_fit only.
    best_fit_adjusted : int64 indices
        Sources whose weighted centroid lay outside the source (best_fit only).
    nearest_sources : int64 indices
        With ``rescale=True``: sources that reached no target and were given
        wholly to the nearest target.
    source_check : EdgeCheck or None
        With ``check_sources=True``: the shared-edge proof that the sources do not overlap, tried on the
        repaired sources (:func:`~phso_insight_plugin.geo.geometry_checks.shared_edge_check`); its
        ``overlaps()`` lists overlapping source pairs.
    messages : list of str
        Human-readable notes for the Processing log (repairs, fallbacks, …).
    """

    target_values: np.ndarray
    target_intensive: np.ndarray
    unallocated: np.ndarray
    total_in: np.ndarray
    total_out: np.ndarray
    crosswalk: pd.DataFrame
    fallback_sources: np.ndarray
    split_sources: np.ndarray
    unallocated_sources: np.ndarray
    method: str
    source_unallocated_share: np.ndarray = field(default_factory=lambda: np.empty(0))
    rescaled: np.ndarray = field(default_factory=lambda: np.empty(0))
    null_sources: np.ndarray = field(default_factory=lambda: np.empty(0, np.int64))
    null_targets: np.ndarray = field(default_factory=lambda: np.empty(0, np.int64))
    n_repaired: dict = field(default_factory=dict)
    weights_are_sources: bool = False
    best_fit_points: np.ndarray | None = None
    best_fit_adjusted: np.ndarray = field(default_factory=lambda: np.empty(0, np.int64))
    nearest_sources: np.ndarray = field(default_factory=lambda: np.empty(0, np.int64))
    messages: list = field(default_factory=list)
    source_check: EdgeCheck | None = None
