"""The apportionment pipeline: :func:`apportion` (formulas in the package docstring)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Literal

import numpy as np
import pandas as pd
import shapely

from ...errors import InputError
from ..geometry_checks import as_geometry_array
from .inputs import ApportionRequest, check_method, prepare_zones, read_inputs, repaired_message
from .naming import FeatureNames
from .overlay import (first_target_containing, intersection_areas, overlay, overlay_sources_on_targets,
                      refuse_overlapping_targets)
from .pair_keys import find_sorted, join_on_equal_keys, pair_keys
from .result import CONSERVATION_RTOL, SHARE_TOL, ApportionInternalError, ApportionResult
from .runner import Runner



def _group_argmax(group: np.ndarray, value: np.ndarray, n_groups: int) -> np.ndarray:
    """For each group, the row index with the largest value (ties → first row), -1 if empty."""
    out = np.full(n_groups, -1, dtype=np.int64)
    if len(group) == 0:
        return out
    order = np.lexsort((np.arange(len(group)), -value, group))
    g = group[order]
    first = np.ones(len(g), dtype=bool)
    first[1:] = g[1:] != g[:-1]
    out[g[first]] = order[first]
    return out


# --------------------------------------------------------------------------- main entry


def apportion(source_geoms: np.ndarray, source_values: np.ndarray,
              target_geoms: np.ndarray,
              method: Literal["population", "area", "best_fit"] = "area",
              weight_geoms: np.ndarray | None = None,
              weight_values: np.ndarray | None = None,
              intensive_values: np.ndarray | None = None,
              rescale: bool = False,
              progress: Callable[[float], None] | None = None,
              is_cancelled: Callable[[], bool] | None = None,
              threads: int = 2,
              overlap_tolerance: float = 1.0,
              labels: dict | None = None) -> ApportionResult:
    """Apportion source-zone values to target zones (see the module docstring for formulas).

    Parameters
    ----------
    source_geoms : (n_src,) shapely (Multi)Polygons, projected CRS.
    source_values : (n_src, n_fields) or (n_src,) float
        Extensive values (counts) to distribute; must be finite. A 1-D array is
        one field. Output is always 2-D.
    target_geoms : (n_tgt,) shapely (Multi)Polygons in the same CRS. Must not overlap.
    method : "area", "population" or "best_fit".
    weight_geoms : (n_w,) polygons or points, optional
        Finer population layer; required for "population", optional for
        "best_fit" (population-weighted centroids) and informative for "area"
        (crosswalk ``population_share``). Passing the source geometries (same
        array, or equal geometries) uses the exact shortcut
        ``P_W(s) = p_s``, ``P_W(s∩t) = p_s·A(s∩t)/A(s)``. MultiPoints are
        split into their points with the population shared equally.
    weight_values : (n_w,) float, ≥ 0. Population of each weight feature.
    intensive_values : (n_src, n_int) or (n_src,) float, optional
        Rates/shares/means averaged as described in the module doc; NaN = missing.
    rescale : bool
        False (default): value falling in no target is reported in
        ``unallocated`` and not placed anywhere. True: totals are preserved,
        locally:

        1. a source reaching some target has its shares divided by their sum,
           so the part lying outside all targets goes to the targets the same
           source reaches, in proportion;
        2. (population method) a source whose population lies wholly outside
           the targets but whose area reaches some is apportioned by area
           (shares divided by their sum);
        3. a source reaching no target at all goes wholly to the nearest target
           (planar distance; ties → lowest index), listed in ``nearest_sources``
           (best fit: nearest to its best-fit point).

        ``rescaled`` reports the value moved by these steps (what
        ``unallocated`` would have been without rescaling, less NULL sources);
        ``unallocated`` keeps only sources without geometry (0 otherwise), so
        ``total_in == total_out + unallocated`` still holds exactly.
    progress : callable(percent 0..100), optional.
    is_cancelled : callable() -> bool, optional; polled between chunks; when it
        returns True, :class:`ApportionCancelled` is raised.
    threads : worker threads for the overlays (GEOS releases the GIL).
    overlap_tolerance : float
        Square CRS units (m² in EPSG:27700). Targets overlapping inside a
        source by more than this raise :class:`InputError`.
    labels : dict, optional
        How messages name features: ``{"source": ids, "target": ids, "weight": row numbers}``
        (one label per feature; any role may be left out). Unlabelled features are named by
        their 0-based index.

    Raises
    ------
    InputError
        Bad input: shapes, non-finite values, negative population,
        non-polygon zones, missing weights, overlapping targets.
    ApportionCancelled
        ``is_cancelled()`` returned True.
    ApportionInternalError
        Conservation contract violated (a bug).
    """
    run = Runner(progress, is_cancelled, threads, FeatureNames(labels))
    try:
        return _apportion(run, source_geoms, source_values, target_geoms, method, weight_geoms,
                          weight_values, intensive_values, rescale, overlap_tolerance)
    finally:
        run.close()


def _apportion(run, source_geoms, source_values, target_geoms, method, weight_geoms,
               weight_values, intensive_values, rescale, overlap_tolerance) -> ApportionResult:
    request = ApportionRequest(source_geoms, source_values, target_geoms, method, weight_geoms, weight_values,
                               intensive_values, rescale, overlap_tolerance)
    check_method(method)
    run.report(0)
    names = run.names
    inputs = read_inputs(request, names)
    messages: list[str] = list(inputs.messages)
    values, intensive = inputs.values, inputs.intensive
    src, tgt = inputs.sources.geometries, inputs.targets.geometries
    null_src, null_tgt = inputs.sources.null, inputs.targets.null
    n_src, n_tgt = len(src), len(tgt)
    n_fields, n_int = values.shape[1], intensive.shape[1]
    n_repaired = {"source": inputs.sources.n_repaired, "target": inputs.targets.n_repaired, "weight": 0}
    run.report(3)
    run.check()
    a_src = inputs.source_area

    # ---- source × target overlay ----------------------------------------------------
    st = overlay_sources_on_targets(inputs, run)
    refuse_overlapping_targets(st, inputs, overlap_tolerance, names)
    s_idx, t_idx = st.contained, st.container
    pair_key = pair_keys(s_idx, t_idx, n_tgt)  # sorted
    area_share = st.area / a_src[s_idx]

    # ---- weights ----------------------------------------------------------------------
    have_w = weight_geoms is not None
    p_src = None  # P_W(s), (n_src,)
    p_pair = None  # P_W(s∩t), per pair
    w_info = None  # for best fit centroids
    weights_are_sources = False
    if have_w:
        w_arr, w_vals, w_kind, weights_are_sources, rep_w, w_msgs = _prepare_weights(
            weight_geoms, weight_values, src, same_object=weight_geoms is source_geoms, names=names)
        n_repaired["weight"] = rep_w
        messages.extend(w_msgs)
        run.report(52)
        if weights_are_sources:
            p_src = np.where(np.isnan(a_src), 0.0, w_vals)
            p_pair = w_vals[s_idx] * area_share
            w_info = ("self", None)
        elif w_kind == "point":
            p_src, p_pair, w_info = _point_weights(w_arr, w_vals, src, tgt, s_idx, pair_key, n_tgt, run)
        else:
            p_src, p_pair, w_info = _polygon_weights(
                w_arr, w_vals, src, tgt, st, pair_key, n_tgt, run, keep_pieces=(method == "best_fit"))
    run.report(88)
    run.check()

    present_src = ~shapely.is_missing(src)

    # ---- shares -------------------------------------------------------------------------
    fallback = np.empty(0, np.int64)
    if p_pair is not None:
        with np.errstate(invalid="ignore", divide="ignore"):
            pop_share = np.where(p_src[s_idx] > 0, p_pair / p_src[s_idx], np.nan)
    else:
        pop_share = np.full(len(s_idx), np.nan)
    pairs = _Pairs(s=s_idx, t=t_idx, area=st.area, area_share=area_share, pop_share=pop_share,
                   p_pair=p_pair, weight=np.zeros(len(s_idx)), n_tgt=n_tgt)

    best_points = None
    adjusted = np.empty(0, np.int64)
    chosen = None
    if method == "area":
        pairs.weight = pairs.area_share.copy()
    elif method == "population":
        zero = present_src & ~(p_src > 0)
        fallback = np.flatnonzero(zero).astype(np.int64)
        pairs.weight = np.where(zero[pairs.s], pairs.area_share, pairs.pop_share)
        if fallback.size:
            messages.append(
                f"{fallback.size} source(s) have no population in the weight layer and were "
                f"apportioned by area ({names('source', fallback)})")
    else:  # best_fit
        best_points, chosen, fallback, adjusted = _best_fit(src, tgt, present_src, p_src, w_info, run)
        if fallback.size and have_w:
            messages.append(
                f"{fallback.size} source(s) have no population in the weight layer; their best-fit "
                f"point is a point on their surface ({names('source', fallback)})")
        if adjusted.size:
            messages.append(
                f"{adjusted.size} source(s) have a population-weighted centroid outside the zone; "
                f"the most populous part was used instead ({names('source', adjusted)})")
        has = np.flatnonzero(chosen >= 0)
        pos = pairs.ensure(has, chosen[has])  # (may grow the arrays: evaluate first)
        pairs.weight[pos] = 1.0

    # Normalise shares that sum to ~1 or more (overlay noise, sub-tolerance target overlaps).
    share_sum = np.bincount(pairs.s, pairs.weight, minlength=n_src)
    norm = share_sum >= 1.0 - SHARE_TOL
    pairs.weight = pairs.weight / np.where(norm, share_sum, 1.0)[pairs.s]
    share_sum = np.where(norm, 1.0, share_sum)
    unalloc_share = np.where(present_src, 1.0 - share_sum, 1.0)
    unallocated_sources = np.flatnonzero(unalloc_share > SHARE_TOL).astype(np.int64)
    if unallocated_sources.size:
        messages.append(
            f"{unallocated_sources.size} source(s) lie partly or wholly outside every target "
            f"({names('source', unallocated_sources)})")

    rescaled = np.zeros(n_fields)
    nearest = np.empty(0, np.int64)
    if rescale:
        placed, nearest = _rescale(pairs, method, src, tgt, present_src, share_sum, best_points,
                                   messages, run)
        moved = placed & (unalloc_share > 0)
        rescaled = (values * np.where(moved, unalloc_share, 0.0)[:, None]).sum(axis=0)
        unalloc_share = np.where(moved, 0.0, unalloc_share)
    s_idx, t_idx, weight_share = pairs.s, pairs.t, pairs.weight
    area_share, pop_share, p_pair, piece_area = pairs.area_share, pairs.pop_share, pairs.p_pair, pairs.area

    # ---- aggregate --------------------------------------------------------------------
    run.report(92)
    target_values = np.zeros((n_tgt, n_fields))
    for f in range(n_fields):
        target_values[:, f] = np.bincount(t_idx, values[s_idx, f] * weight_share, minlength=n_tgt)
    unallocated = (values * unalloc_share[:, None]).sum(axis=0)
    total_in = values.sum(axis=0)
    total_out = target_values.sum(axis=0)
    scale = np.maximum(np.abs(total_in), np.abs(values).sum(axis=0))
    gap = np.abs(total_in - (total_out + unallocated))
    if np.any(gap > CONSERVATION_RTOL * scale + 1e-300):
        worst = int(np.argmax(gap / np.maximum(scale, 1e-300)))
        raise ApportionInternalError(
            f"conservation failed for field {worst}: total in {total_in[worst]!r} != total out "
            f"{total_out[worst]!r} + unallocated {unallocated[worst]!r}")

    # ---- intensive values ---------------------------------------------------------------
    if method == "population":
        w_int = p_pair
    elif method == "area":
        w_int = piece_area
    else:
        per_src = p_src if p_src is not None else np.nan_to_num(a_src)
        w_int = np.where(weight_share > 0, per_src[s_idx], 0.0)
    target_intensive = np.full((n_tgt, n_int), np.nan)
    for f in range(n_int):
        vals = intensive[s_idx, f]
        ok = ~np.isnan(vals)
        num = np.bincount(t_idx[ok], vals[ok] * w_int[ok], minlength=n_tgt)
        den = np.bincount(t_idx[ok], w_int[ok], minlength=n_tgt)
        with np.errstate(invalid="ignore", divide="ignore"):
            target_intensive[:, f] = np.where(den > 0, num / den, np.nan)

    # ---- crosswalk and reports -----------------------------------------------------------
    keep = (piece_area > 0) | (weight_share > 0)
    if p_pair is not None:
        keep |= p_pair > 0
    crosswalk = pd.DataFrame({
        "source_index": s_idx[keep].astype(np.int64),
        "target_index": t_idx[keep].astype(np.int64),
        "weight_share": weight_share[keep],
        "population_share": pop_share[keep],
        "area_share": area_share[keep],
        "piece_area": piece_area[keep],
        "piece_population": p_pair[keep] if p_pair is not None else np.full(int(keep.sum()), np.nan),
    })
    n_targets_per_src = np.bincount(s_idx[weight_share > SHARE_TOL], minlength=n_src)
    split_sources = np.flatnonzero(n_targets_per_src > 1).astype(np.int64)
    run.report(100)
    return ApportionResult(
        target_values=target_values,
        target_intensive=target_intensive,
        unallocated=unallocated,
        total_in=total_in,
        total_out=total_out,
        crosswalk=crosswalk,
        fallback_sources=fallback,
        split_sources=split_sources,
        unallocated_sources=unallocated_sources,
        method=method,
        source_unallocated_share=unalloc_share,
        rescaled=rescaled,
        null_sources=null_src,
        null_targets=null_tgt,
        n_repaired=n_repaired,
        weights_are_sources=weights_are_sources,
        best_fit_points=best_points,
        best_fit_adjusted=adjusted,
        nearest_sources=nearest,
        messages=messages,
    )


@dataclass
class _Pairs:
    """(source, target) pairs sorted by (s, t) with their per-pair measures."""

    s: np.ndarray
    t: np.ndarray
    area: np.ndarray  # A(s∩t)
    area_share: np.ndarray  # A(s∩t)/A(s)
    pop_share: np.ndarray  # P_W(s∩t)/P_W(s) or NaN
    p_pair: np.ndarray | None  # P_W(s∩t)
    weight: np.ndarray  # share of v_s given to t
    n_tgt: int

    def key(self) -> np.ndarray:
        return pair_keys(self.s, self.t, self.n_tgt)

    def ensure(self, s_new: np.ndarray, t_new: np.ndarray) -> np.ndarray:
        """Positions of the pairs (s_new, t_new), adding missing ones (no overlap: zero measures)."""
        want = pair_keys(s_new, t_new, self.n_tgt)
        missing = find_sorted(self.key(), want) < 0
        if missing.any():
            m = int(missing.sum())
            zeros = np.zeros(m)
            self.s = np.concatenate([self.s, s_new[missing]])
            self.t = np.concatenate([self.t, t_new[missing]])
            self.area = np.concatenate([self.area, zeros])
            self.area_share = np.concatenate([self.area_share, zeros])
            self.pop_share = np.concatenate([self.pop_share, np.full(m, np.nan)])
            if self.p_pair is not None:
                self.p_pair = np.concatenate([self.p_pair, zeros])
            self.weight = np.concatenate([self.weight, zeros])
            order = np.lexsort((self.t, self.s))
            for name in ("s", "t", "area", "area_share", "pop_share", "p_pair", "weight"):
                arr = getattr(self, name)
                if arr is not None:
                    setattr(self, name, arr[order])
        return find_sorted(self.key(), want)


def _rescale(pairs: _Pairs, method, src, tgt, present, share_sum, best_points, messages, run):
    """Make every placeable source fully allocated (``rescale=True``).

    Returns (placed mask, indices of sources given to the nearest target).

    1. A source reaching some target: shares divided by their sum.
    2. Population method, source whose population lies outside all targets but
       whose area reaches some: its area shares, divided by their sum.
    3. A source reaching no target at all: wholly to the nearest target
       (distance from the source polygon, or from the best-fit point for
       best fit; ties → lowest target index).
    """
    n_src = len(src)
    can = present & (share_sum > 0)
    pairs.weight = pairs.weight / np.where(can, share_sum, 1.0)[pairs.s]
    stuck = present & ~can
    if method == "population" and stuck.any():
        area_sum = np.bincount(pairs.s, pairs.area_share, minlength=n_src)
        use_area = stuck & (area_sum > 0)
        if use_area.any():
            sel = use_area[pairs.s]
            pairs.weight[sel] = pairs.area_share[sel] / area_sum[pairs.s[sel]]
            stuck &= ~use_area
            messages.append(
                f"rescaling: {int(use_area.sum())} source(s) have all their population outside every "
                f"target and were apportioned by area ({run.names('source', np.flatnonzero(use_area))})")
    stuck_idx = np.flatnonzero(stuck)
    placed = present & ~stuck
    if stuck_idx.size == 0 or not (~shapely.is_missing(tgt)).any():
        if stuck_idx.size:
            messages.append(f"rescaling cannot place {stuck_idx.size} source(s): no target has a geometry")
        return placed, np.empty(0, np.int64)
    probe = best_points[stuck_idx] if method == "best_fit" else src[stuck_idx]
    tree_t = shapely.STRtree(tgt)
    (q, t), dist = tree_t.query_nearest(probe, all_matches=True, return_distance=True)
    nearest_t = np.full(stuck_idx.size, np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(nearest_t, q, t)
    far = np.zeros(stuck_idx.size)
    np.maximum.at(far, q, dist)
    pos = pairs.ensure(stuck_idx, nearest_t)  # (may grow the arrays: evaluate first)
    pairs.weight[pos] = 1.0
    messages.append(
        f"rescaling: {stuck_idx.size} source(s) reach no target and were given to the nearest one "
        f"(up to {far.max():.6g} CRS units away; {run.names('source', stuck_idx)})")
    run.check()
    placed[stuck_idx] = True
    return placed, stuck_idx.astype(np.int64)


# --------------------------------------------------------------------------- weights


def _prepare_weights(weight_geoms, weight_values, src, same_object=False, names: FeatureNames | None = None):
    """Validate the weight layer. Returns (geoms, values, kind, is_sources, n_repaired, messages)."""
    msgs: list[str] = []
    names = names or FeatureNames()
    try:
        w = as_geometry_array(weight_geoms)
    except TypeError as exc:
        raise InputError(f"weight geometries: {exc}") from None
    try:
        p = np.asarray(weight_values, dtype=float).reshape(-1)
    except (TypeError, ValueError):
        raise InputError("weight values (population) must be numbers") from None
    if len(p) != len(w):
        raise InputError(f"weight layer: {len(w)} geometries but {len(p)} population values")
    bad = np.flatnonzero(~np.isfinite(p) | (p < 0))
    if bad.size:
        raise InputError(
            f"population weights must be finite and ≥ 0: {bad.size} are missing or negative "
            f"({names('weight', bad)})", about="weight")

    if same_object:  # the caller passed the source array itself: already checked and repaired
        return src, p, "polygon", True, 0, msgs

    present = ~(shapely.is_missing(w) | shapely.is_empty(w))
    types = shapely.get_type_id(w)
    is_pt = present & np.isin(types, (shapely.GeometryType.POINT, shapely.GeometryType.MULTIPOINT))
    is_poly = present & np.isin(types, (shapely.GeometryType.POLYGON, shapely.GeometryType.MULTIPOLYGON))
    other = present & ~is_pt & ~is_poly
    if other.any() or (is_pt.any() and is_poly.any()):
        bad = np.flatnonzero(other) if other.any() else np.flatnonzero(is_pt)
        raise InputError(
            "the population layer must be all polygons or all points: "
            f"{bad.size} feature(s) differ ({names('weight', bad)})", about="weight")
    missing = np.flatnonzero(~present)
    if missing.size:
        msgs.append(
            f"{missing.size} weight feature(s) have no geometry and were ignored "
            f"(population {p[missing].sum():g}; {names('weight', missing)})")

    if is_pt.any():
        pts = w[is_pt]
        vals = p[is_pt]
        if not (shapely.get_type_id(pts) == shapely.GeometryType.MULTIPOINT).any():
            return pts, vals, "point", False, 0, msgs
        parts, owner = shapely.get_parts(pts, return_index=True)
        n_parts = np.bincount(owner, minlength=len(pts))
        if (n_parts > 1).any():
            msgs.append(f"{int((n_parts > 1).sum())} multipoint weight feature(s) were split into "
                        "their points, population shared equally")
        return parts, vals[owner] / n_parts[owner], "point", False, 0, msgs

    weight_zones = prepare_zones(w, "weight", names)
    w_rep, n_rep = weight_zones.geometries, weight_zones.n_repaired
    if n_rep:
        msgs.append(repaired_message(n_rep, "weight"))
    # Weights are the sources (common: LSOA counts weighted by LSOA population)?
    is_sources = (
        len(w_rep) == len(src)
        and bool(np.all(shapely.is_missing(w_rep) == shapely.is_missing(src)))
        and _same_geometries(w_rep, src)
    )
    keep = ~shapely.is_missing(w_rep)
    if is_sources:
        return w_rep, p, "polygon", True, n_rep, msgs
    lost = np.flatnonzero(~keep & present)
    if lost.size:
        msgs.append(f"{lost.size} weight polygon(s) had no area after repair and were ignored "
                    f"(population {p[lost].sum():g})")
    return w_rep, np.where(keep, p, 0.0), "polygon", False, n_rep, msgs


def _same_geometries(a: np.ndarray, b: np.ndarray) -> bool:
    ok = ~shapely.is_missing(a)
    if not np.array_equal(shapely.bounds(a[ok]), shapely.bounds(b[ok])):
        return False
    return bool(np.all(shapely.equals_exact(a[ok], b[ok], tolerance=0.0)))


def _point_weights(pts, p, src, tgt, s_idx, pair_key, n_tgt, run):
    """P_W(s) and P_W(s∩t) from population points (each point in one target at most)."""
    tree_p = shapely.STRtree(pts)
    first_t = first_target_containing(pts, tgt, tree_p, run)
    run.report(62)
    ws_s, ws_w = run.query(tree_p, src, "intersects")
    run.report(80)
    n_src = len(src)
    p_src = np.bincount(ws_s, p[ws_w], minlength=n_src)
    in_t = first_t[ws_w] >= 0
    pos = find_sorted(pair_key, pair_keys(ws_s[in_t], first_t[ws_w[in_t]], n_tgt))
    if np.any(pos < 0):  # point in s and in t implies s and t intersect
        raise ApportionInternalError("a weight point lies in a source and a target that do not intersect")
    p_pair = np.bincount(pos, p[ws_w[in_t]], minlength=len(pair_key))
    return p_src, p_pair, ("point", (pts, p, ws_s, ws_w))


def _polygon_weights(w, p, src, tgt, st, pair_key, n_tgt, run, keep_pieces):
    """P_W(s) and P_W(s∩t) from population polygons via w×s and w×t overlays.

    ``A(w∩s∩t)`` for a boundary (s, t) pair is A(w∩t) when s contains_properly w,
    A(w∩s) when t contains_properly w, and otherwise the area of (w∩s)∩t.
    """
    a_w = shapely.area(w)
    tree_w = shapely.STRtree(w)
    ws = overlay(src, w, tree_w, a_w, run, (52, 66), "weight/source", keep_pieces=True)
    wt = overlay(tgt, w, tree_w, a_w, run, (66, 76), "weight/target")
    n_src = len(src)
    dens = np.divide(p, a_w, out=np.zeros_like(p), where=a_w > 0)  # population per square unit
    p_src = np.bincount(ws.container, dens[ws.contained] * ws.area, minlength=n_src)

    p_pair = np.zeros(len(pair_key))
    # Pairs with the source wholly inside the target: P_W(s∩t) = P_W(s).
    p_pair[st.inside] = p_src[st.contained[st.inside]]
    # Boundary pairs: triples (w, s, t) joining w×s and w×t on w.
    ia, ib = join_on_equal_keys(ws.contained, wt.contained)
    pos = find_sorted(pair_key, pair_keys(ws.container[ia], wt.container[ib], n_tgt))
    keep = pos >= 0
    keep[keep] &= ~st.inside[pos[keep]]
    ia, ib, pos = ia[keep], ib[keep], pos[keep]
    area3 = np.empty(len(ia))
    ws_in, wt_in = ws.inside[ia], wt.inside[ib]
    area3[ws_in] = wt.area[ib[ws_in]]
    only_t = ~ws_in & wt_in
    area3[only_t] = ws.area[ia[only_t]]
    both = np.flatnonzero(~ws_in & ~wt_in)

    def work(a, b):
        sel = both[a:b]
        return intersection_areas(ws.pieces[ia[sel]], tgt[wt.container[ib[sel]]], "weight-piece/target",
                             ws.contained[ia[sel]], wt.container[ib[sel]], False)[0]

    parts = run.map(work, len(both), (76, 86))
    if parts:
        area3[both] = np.concatenate(parts)
    p_pair += np.bincount(pos, dens[ws.contained[ia]] * area3, minlength=len(pair_key))
    return p_src, p_pair, ("polygon", (w, dens, ws))


# --------------------------------------------------------------------------- best fit


def _best_fit(src, tgt, present, p_src, w_info, run):
    """Best-fit point per source and the lowest-index target containing it.

    Returns (points, chosen target or -1, fallback sources, adjusted sources).
    """
    n_src = len(src)
    pts = np.full(n_src, None, dtype=object)
    surface = shapely.point_on_surface(src)  # None for None
    fallback = np.empty(0, np.int64)
    adjusted = np.empty(0, np.int64)
    if w_info is None:
        pts[:] = surface
    else:
        kind, data = w_info
        has_pop = present & (p_src > 0)
        fallback = np.flatnonzero(present & ~has_pop).astype(np.int64)
        if kind == "self":
            cand = shapely.centroid(src)
            best_part = surface
        elif kind == "point":
            wp, p, ws_s, ws_w = data
            xy = shapely.get_coordinates(wp)
            wsum = np.bincount(ws_s, p[ws_w], minlength=n_src)
            with np.errstate(invalid="ignore", divide="ignore"):
                cx = np.bincount(ws_s, p[ws_w] * xy[ws_w, 0], minlength=n_src) / wsum
                cy = np.bincount(ws_s, p[ws_w] * xy[ws_w, 1], minlength=n_src) / wsum
            cand = np.full(n_src, None, dtype=object)
            cand[has_pop] = shapely.points(cx[has_pop], cy[has_pop])
            top = _group_argmax(ws_s, p[ws_w], n_src)
            best_part = np.full(n_src, None, dtype=object)
            best_part[top >= 0] = wp[ws_w[top[top >= 0]]]
        else:
            w, dens, ws = data
            pop = dens[ws.contained] * ws.area
            piece = np.where(ws.inside, w[ws.contained], ws.pieces)
            # centroid of an empty piece is empty (no coordinates): mask those and empty-population ones
            cen = shapely.centroid(piece)
            ok = ~shapely.is_empty(cen) & (pop > 0)
            cxy = np.zeros((len(piece), 2))
            if ok.any():
                cxy[ok] = shapely.get_coordinates(cen[ok])
            wgt = np.where(ok, pop, 0.0)
            wsum = np.bincount(ws.container, wgt, minlength=n_src)
            with np.errstate(invalid="ignore", divide="ignore"):
                cx = np.bincount(ws.container, wgt * cxy[:, 0], minlength=n_src) / wsum
                cy = np.bincount(ws.container, wgt * cxy[:, 1], minlength=n_src) / wsum
            has_pop &= wsum > 0
            cand = np.full(n_src, None, dtype=object)
            cand[has_pop] = shapely.points(cx[has_pop], cy[has_pop])
            top = _group_argmax(ws.container, wgt, n_src)
            best_part = np.full(n_src, None, dtype=object)
            best_part[top >= 0] = shapely.point_on_surface(piece[top[top >= 0]])
        pts[:] = surface
        pts[has_pop] = cand[has_pop]
        outside = has_pop & ~shapely.intersects(src, pts)
        if outside.any():
            pts[outside] = best_part[outside]
            adjusted = np.flatnonzero(outside).astype(np.int64)
        fallback = np.flatnonzero(present & ~has_pop).astype(np.int64)
    run.report(90)
    tree_p = shapely.STRtree(pts)
    chosen = first_target_containing(pts, tgt, tree_p, run)
    chosen[~present] = -1
    return pts, chosen, fallback, adjusted
