"""The sample region's constituencies: population-balanced Voronoi seeds, wiggly edges independent of the
LSOAs (so they cut through them), compass names. Coordinates in metres."""
from __future__ import annotations

import numpy as np
import pandas as pd
import shapely

from ..codes import ons_codes
from ..noded_tessellation import Wiggle, tessellate
from ..shapes import neighbours, xy
from .config import CITY_CENTRE, N_PCON
from .naming import name_constituencies
from .region import Lsoas

#: Constituency edges: a vertex every 50 m, eight sine modes up to 320 m, 12 m roughness.
PCON_WIGGLE = Wiggle(spacing=50.0, amp_frac=0.07, amp_max=320.0, harmonics=8, noise=12.0)


def make_constituencies(outline, lsoas: Lsoas, pop: np.ndarray,
                        streams: dict[str, np.random.Generator]) -> pd.DataFrame:
    """PCON24CD (E14001901…), PCON24NM, geometry: N_PCON polygons tiling ``outline``, in name order.

    ``pop`` is the population of each LSOA (people), used to balance the constituencies."""
    init = ring_seeds(streams["pcon_seeds"])
    seeds = np.round(balance_seeds(init, lsoas.cent, pop, neighbours(lsoas.polys), outline), 1)
    polys = np.array(tessellate(outline, seeds, streams["pcon_edges"], PCON_WIGGLE), dtype=object)
    names = name_constituencies(xy(shapely.centroid(polys)))
    order = np.argsort(np.array(names, dtype=object), kind="stable")
    return pd.DataFrame({"PCON24CD": list(ons_codes("E14001", 901, N_PCON, 3)),
                         "PCON24NM": [names[j] for j in order], "geometry": list(polys[order])})


def ring_seeds(rng: np.random.Generator) -> np.ndarray:
    """One seed near the city centre (±400 m), the others on a jittered elliptical ring 5.2–6.8 km out."""
    ang0 = rng.uniform(0, 2 * np.pi)
    ang = ang0 + 2 * np.pi * np.arange(N_PCON - 1) / (N_PCON - 1) + rng.normal(0, 0.12, N_PCON - 1)
    rad = rng.uniform(5200.0, 6800.0, N_PCON - 1)
    return np.r_[[np.array(CITY_CENTRE) + rng.normal(0, 400.0, 2)],
                 np.c_[CITY_CENTRE[0] + 1.25 * rad * np.cos(ang), CITY_CENTRE[1] + 0.9 * rad * np.sin(ang)]]


def balance_seeds(seeds: np.ndarray, cent: np.ndarray, pop: np.ndarray, nb: list[set[int]], outline,
                  iters: int = 150, step: float = 0.05, compact: float = 0.05) -> np.ndarray:
    """Move Voronoi seeds so that their cells hold similar populations.

    Cells are approximated by assigning LSOA points ``cent`` to the nearest seed. For every pair of
    adjacent cells the seed of the smaller cell moves towards the other and the other moves away
    (by ``step`` × their population difference / mean cell population × their distance), shifting the
    bisector towards the larger cell; a pull of ``compact`` towards the population-weighted centroid
    keeps cells compact. Seeds leaving the outline (less 800 m) move a fifth of the way to its centre.
    """
    s = np.asarray(seeds, float).copy()
    inner = outline.buffer(-800.0)
    shapely.prepare(inner)
    centre = np.array(inner.centroid.coords[0])
    pairs = np.array([(i, j) for i in range(len(nb)) for j in sorted(nb[i]) if i < j])
    for _ in range(iters):
        lab = np.argmin(((cent[:, None, :] - s[None]) ** 2).sum(-1), axis=1)
        cell_pop = np.bincount(lab, weights=pop, minlength=len(s))
        adjacent = {(min(a, b), max(a, b)) for a, b in zip(lab[pairs[:, 0]], lab[pairs[:, 1]]) if a != b}
        move = np.zeros_like(s)
        for a, b in sorted(adjacent):
            f = step * (cell_pop[b] - cell_pop[a]) / cell_pop.mean()
            move[a] += 0.5 * f * (s[b] - s[a])
            move[b] += 0.5 * f * (s[b] - s[a])
        s += move
        for j in range(len(s)):   # a little Lloyd pull keeps cells compact
            m = lab == j
            if m.any():
                s[j] += compact * ((cent[m] * pop[m, None]).sum(0) / pop[m].sum() - s[j])
        out = ~shapely.contains_xy(inner, s[:, 0], s[:, 1])
        s[out] = 0.8 * s[out] + 0.2 * centre
    return s
