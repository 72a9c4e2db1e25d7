"""Where zone seeds go: blue noise with a spatially varying density (the sample region), or clusters
round Zipf-sized towns in a box (the England-scale benchmark).

Coordinates in metres (EPSG:27700); an extent is ``(xmin, ymin, xmax, ymax)``.
"""
from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import shapely

Extent = tuple[float, float, float, float]
#: Share of clustered seeds drawn around towns (the rest spread uniformly).
URBAN_SHARE = 0.7


def blue_noise_seeds(outline, n: int, rng: np.random.Generator, density: Callable[[np.ndarray], np.ndarray],
                     margin: float = 120.0, spacing_factor: float = 0.6) -> np.ndarray:
    """``n`` points (n × 2, rounded to 0.1 m) at least ``margin`` m inside ``outline``, denser where
    ``density`` (relative, of an n × 2 array) is higher, never closer than
    ``spacing_factor · √(area per point at that density)`` to each other (dart throwing)."""
    inner = outline.buffer(-margin)
    shapely.prepare(inner)
    minx, miny, maxx, maxy = inner.bounds
    # area per point where density == 1 (Monte Carlo integral of the density)
    grid = np.c_[rng.uniform(minx, maxx, 40000), rng.uniform(miny, maxy, 40000)]
    inside = shapely.contains_xy(inner, grid[:, 0], grid[:, 1])
    unit_area = density(grid[inside]).mean() * inner.area / n
    dmax = density(grid[inside]).max()
    pts: list[np.ndarray] = []
    arr = np.empty((0, 2))
    for _ in range(400):
        cand = np.c_[rng.uniform(minx, maxx, 256), rng.uniform(miny, maxy, 256)]
        cand = cand[shapely.contains_xy(inner, cand[:, 0], cand[:, 1])]
        cand = cand[rng.uniform(0, dmax, len(cand)) < density(cand)]
        for p in cand:
            spacing = spacing_factor * math.sqrt(unit_area / density(p[None, :])[0])
            if len(arr) and np.min(((arr - p) ** 2).sum(axis=1)) < spacing * spacing:
                continue
            pts.append(p)
            arr = np.asarray(pts)
            if len(pts) == n:
                return np.round(arr, 1)
    raise RuntimeError("could not place seed points")


@dataclass(frozen=True)
class Settlements:
    """Towns of a synthetic country: centres (m), spreads (m) and shares of the urban population."""

    centres: np.ndarray
    spreads: np.ndarray
    shares: np.ndarray


def settlements(rng: np.random.Generator, extent: Extent, count: int = 60) -> Settlements:
    """``count`` town centres uniform in the inner 80% of ``extent``, Zipf-sized shares (1/rank) and
    spreads of 3–28 km; the same towns serve every geography of one data set."""
    xmin, ymin, xmax, ymax = extent
    margin = 0.1 * (xmax - xmin)
    centres = rng.uniform([xmin + margin, ymin + margin], [xmax - margin, ymax - margin], size=(count, 2))
    sizes = 1.0 / np.arange(1, count + 1)
    spreads = 3_000.0 + 25_000.0 * np.sqrt(sizes / sizes[0])
    return Settlements(centres, spreads, sizes / sizes.sum())


def clustered_seeds(n: int, towns: Settlements, extent: Extent, rng: np.random.Generator) -> np.ndarray:
    """``n`` points (n × 2): URBAN_SHARE normally spread round towns, the rest uniform; all inside ``extent``."""
    xmin, ymin, xmax, ymax = extent
    n_urban = rng.binomial(n, URBAN_SHARE)
    town = rng.choice(len(towns.shares), size=n_urban, p=towns.shares)
    urban = towns.centres[town] + rng.normal(size=(n_urban, 2)) * towns.spreads[town, None]
    points = np.vstack([urban, rng.uniform([xmin, ymin], [xmax, ymax], size=(n - n_urban, 2))])
    outside = (points[:, 0] <= xmin) | (points[:, 0] >= xmax) | (points[:, 1] <= ymin) | (points[:, 1] >= ymax)
    points[outside] = rng.uniform([xmin, ymin], [xmax, ymax], size=(int(outside.sum()), 2))
    return points
