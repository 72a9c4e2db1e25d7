"""Districts, ONS-style LSOA names and constituency names of the sample region (coordinates in metres)."""
from __future__ import annotations

import numpy as np

from ..shapes import components, neighbours
from .config import CITY_CENTRE, DISTRICT_CAPITALS, DISTRICT_REACH, DISTRICTS, PCON_CENTRAL_NAME, PCON_DIRECTION_NAMES


def assign_districts(polys: np.ndarray, cent: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """District index (into DISTRICTS) of each LSOA: the nearest district capital (±4% noise), cleaned up
    so every district is contiguous (lone LSOAs and small exclaves join their neighbours' district)."""
    d = np.sqrt(((cent[:, None, :] - DISTRICT_CAPITALS[None]) ** 2).sum(-1))
    noise = rng.normal(0.0, 0.04, d.shape)
    lab = np.argmin(d / DISTRICT_REACH[None] * (1 + noise), axis=1)
    nb = neighbours(polys)
    for _ in range(10):
        changed = _join_lone_lsoas(lab, nb)
        changed = _dissolve_exclaves(lab, nb) or changed
        if not changed:
            break
    return lab


def _join_lone_lsoas(lab: np.ndarray, nb: list[set[int]]) -> bool:
    """An LSOA with no same-district neighbour joins the district most of its neighbours belong to."""
    changed = False
    for i in range(len(lab)):
        ns = [lab[j] for j in sorted(nb[i])]
        if ns and lab[i] not in ns:
            lab[i] = np.bincount(ns, minlength=len(DISTRICTS)).argmax()
            changed = True
    return changed


def _dissolve_exclaves(lab: np.ndarray, nb: list[set[int]]) -> bool:
    """All but the largest part of each district join the district most of their neighbours belong to."""
    changed = False
    for k in range(len(DISTRICTS)):
        parts = components(np.flatnonzero(lab == k), nb)
        for part in sorted(parts, key=len)[:-1]:
            for i in part:
                ns = [lab[j] for j in sorted(nb[i]) if lab[j] != k]
                if ns:
                    lab[i] = np.bincount(ns, minlength=len(DISTRICTS)).argmax()
                    changed = True
    return changed


def name_lsoas(cent: np.ndarray, district: np.ndarray) -> np.ndarray:
    """ONS-style names ``<District> 001A``: MSOA-like groups numbered north to south, letters north to south."""
    names = np.empty(len(cent), dtype=object)
    for k, dname in enumerate(DISTRICTS):
        groups = bisect_groups(np.flatnonzero(district == k), cent, max_size=6)
        gcent = np.array([cent[g].mean(0) for g in groups])
        order = np.lexsort((gcent[:, 0], -np.round(gcent[:, 1], -2)))
        for number, j in enumerate(order, start=1):
            members = groups[j][np.lexsort((cent[groups[j], 0], -cent[groups[j], 1]))]
            for pos, i in enumerate(members):
                names[i] = f"{dname} {number:03d}{chr(ord('A') + pos)}"
    return names


def bisect_groups(idx: np.ndarray, cent: np.ndarray, max_size: int) -> list[np.ndarray]:
    """MSOA-like groups of at most ``max_size``: split along the longer axis at the median, recursively."""
    if len(idx) <= max_size:
        return [idx]
    span = cent[idx].max(0) - cent[idx].min(0)
    axis = int(np.argmax(span))
    srt = idx[np.argsort(cent[idx, axis], kind="stable")]
    half = len(srt) // 2
    return bisect_groups(srt[:half], cent, max_size) + bisect_groups(srt[half:], cent, max_size)


def name_constituencies(centroids: np.ndarray) -> list[str]:
    """The central constituency is PCON_CENTRAL_NAME; the others take the unused compass name closest to
    their bearing from the city centre, in order of bearing."""
    dcen = np.hypot(centroids[:, 0] - CITY_CENTRE[0], centroids[:, 1] - CITY_CENTRE[1])
    central = int(np.argmin(dcen))
    names: list = [None] * len(centroids)
    names[central] = PCON_CENTRAL_NAME
    used = set()
    ang = np.degrees(np.arctan2(centroids[:, 1] - CITY_CENTRE[1], centroids[:, 0] - CITY_CENTRE[0]))
    for j in np.argsort(ang, kind="stable"):
        if j == central:
            continue
        best = min((abs((ang[j] - a + 180) % 360 - 180), nm) for a, nm in PCON_DIRECTION_NAMES if nm not in used)
        names[j] = best[1]
        used.add(best[1])
    return names
