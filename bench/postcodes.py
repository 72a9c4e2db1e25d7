"""A synthetic postcode directory: unique, validly formatted postcodes placed inside the zones.

Postcodes are handed out in a spatial order, so a district (outward code) covers neighbouring
zones as real ones do. Formats: outward A9, A99, AA9, AA99, A9A, AA9A; inward 9AA with the
letters real inward codes use.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import shapely

#: Letters used in the last two characters of an inward code (never C I K M O V).
INWARD_LETTERS = np.array(list("ABDEFGHJLNPQRSTUWXYZ"))
#: Postcode areas used by the directory; cases with an area starting with Z are never in it.
AREA_FIRST = list("ABCDEFGHJKLMNOPRSTUWY")
AREA_SECOND = list("ABCDEFGHKLMNOPRSTUVWXY")
UNUSED_AREA = "ZY"
#: Inward codes a district can have (10 sectors × 20 × 20 units) and how many it uses on average.
INWARD_PER_DISTRICT = 10 * len(INWARD_LETTERS) ** 2
USED_PER_DISTRICT = 2_000
#: Share of districts with a letter suffix (A9A / AA9A, as in central London).
LETTER_DISTRICT_SHARE = 0.05


def inward_codes(indices: np.ndarray) -> np.ndarray:
    """Inward code of each index in 0 … INWARD_PER_DISTRICT − 1 (0 → 0AA)."""
    n_letters = len(INWARD_LETTERS)
    sector = indices // n_letters ** 2
    first = INWARD_LETTERS[(indices // n_letters) % n_letters]
    second = INWARD_LETTERS[indices % n_letters]
    return np.char.add(np.char.add(sector.astype(str), first), second)


def outward_codes(n: int, rng: np.random.Generator) -> np.ndarray:
    """``n`` distinct outward codes: one- or two-letter areas, districts 1–99, a few 1–9 with a letter."""
    areas = rng.permutation(np.array(AREA_FIRST[:6] + [a + b for a in AREA_FIRST for b in AREA_SECOND], dtype=object))
    per_area = -(-n // len(areas))
    if per_area > 99:
        raise ValueError(f"{n} outward codes do not fit in {len(areas)} areas.")
    district = np.tile(np.arange(1, per_area + 1), len(areas))[:n]
    lettered = (district < 10) & (rng.random(n) < LETTER_DISTRICT_SHARE)
    suffix = np.where(lettered, rng.choice(list("ABEHMNPRVWXY"), n), "").astype(object)
    return np.repeat(areas, per_area)[:n] + district.astype(str).astype(object) + suffix


def directory_codes(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """(pcds, pcd7) of ``n`` unique postcodes, grouped by district in order."""
    n_districts = -(-n // USED_PER_DISTRICT)
    outward = outward_codes(n_districts, rng)
    chosen = np.sort(np.argsort(rng.random((n_districts, INWARD_PER_DISTRICT)), axis=1)[:, :USED_PER_DISTRICT],
                     axis=1).ravel()[:n]
    district = np.repeat(np.arange(n_districts), USED_PER_DISTRICT)[:n]
    inward = inward_codes(chosen).astype(object)
    out = outward[district]
    pcds = out + " " + inward
    pcd7 = pd.Series(out).str.ljust(4).to_numpy(dtype=object) + inward
    return pcds, pcd7


def spatial_order(points: np.ndarray, cell: float = 10_000.0) -> np.ndarray:
    """Order of ``points`` along rows of ``cell``-metre squares (serpentine), so neighbours stay close."""
    col = np.floor(points[:, 0] / cell).astype(np.int64)
    row = np.floor(points[:, 1] / cell).astype(np.int64)
    col = np.where(row % 2 == 0, col, -col)
    return np.lexsort((points[:, 0], col, row))


def points_in_zones(zones: np.ndarray, zone_of_point: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """One uniformly random point (n × 2) inside each ``zones[zone_of_point[i]]`` (rejection sampling;
    fastest with ``zone_of_point`` sorted)."""
    bounds = shapely.bounds(zones)[zone_of_point]
    points = np.empty((len(zone_of_point), 2))
    pending = np.arange(len(zone_of_point))
    while len(pending):
        lo, hi = bounds[pending, :2], bounds[pending, 2:]
        candidate = lo + rng.random((len(pending), 2)) * (hi - lo)
        inside = shapely.contains_xy(zones[zone_of_point[pending]], candidate[:, 0], candidate[:, 1])
        points[pending[inside]] = candidate[inside]
        pending = pending[~inside]
    return points


def zone_of(points: np.ndarray, zones: np.ndarray) -> np.ndarray:
    """Index of the zone containing each point (the lowest index on a shared boundary).

    Bounding-box candidates from an STRtree over the points, then one prepared ``intersects_xy``
    per (zone, point) pair, in zone order."""
    zone, point = shapely.STRtree(shapely.points(points)).query(zones)
    shapely.prepare(zones)
    inside = shapely.intersects_xy(zones[zone], points[point, 0], points[point, 1])
    result = np.full(len(points), len(zones))
    np.minimum.at(result, point[inside], zone[inside])
    if np.any(result == len(zones)):
        raise AssertionError("Some postcodes fall outside every zone; the zones should tile the country.")
    return result
