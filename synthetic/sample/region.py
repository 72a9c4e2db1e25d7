"""The sample region's outline, its 300 LSOAs (tiling, districts, names, codes) and its ICBs.

Coordinates in metres (EPSG:27700).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import shapely

from ..codes import ons_codes
from ..noded_tessellation import Wiggle, tessellate
from ..seeds import blue_noise_seeds
from ..shapes import gauss, xy
from .config import BBOX, CITY_CENTRE, DISTRICT_CAPITALS, DISTRICTS, ICB_OF_DISTRICT, N_LSOA, REGION_CENTRE
from .naming import assign_districts, name_lsoas

#: LSOA edges: a vertex every 45 m, three sine modes up to 60 m, 4 m roughness.
LSOA_WIGGLE = Wiggle(spacing=45.0, amp_frac=0.07, amp_max=60.0, harmonics=3, noise=4.0)


@dataclass(frozen=True)
class Lsoas:
    """The LSOAs in code order: polygons, a representative interior point each (n × 2), district index
    (into DISTRICTS), name, code and ICB code."""

    polys: np.ndarray
    cent: np.ndarray
    district: np.ndarray
    names: np.ndarray
    codes: np.ndarray
    icb: np.ndarray


def make_outline(rng: np.random.Generator):
    """Irregular, star-shaped region outline: a 22 × 16 km ellipse with random harmonics and correlated
    roughness, clipped to BBOX, coordinates to 1 cm."""
    n = 720
    theta = np.linspace(0.0, 2.0 * np.pi, n, endpoint=False)
    a, b = 11000.0, 8000.0
    r = a * b / np.sqrt((b * np.cos(theta)) ** 2 + (a * np.sin(theta)) ** 2)
    wobble = np.zeros(n)
    for k in range(2, 31):
        amp = rng.normal(0.0, 0.09 / k)
        wobble += amp * np.cos(k * theta + rng.uniform(0, 2 * np.pi))
    # small-scale correlated roughness (like a boundary following fields)
    rough = np.convolve(np.r_[rng.normal(0, 1, n), rng.normal(0, 1, 8)], np.ones(9) / 9.0, mode="valid")[:n]
    r = r * (1.0 + wobble) + 60.0 * rough
    ring = np.c_[REGION_CENTRE[0] + r * np.cos(theta), REGION_CENTRE[1] + r * np.sin(theta)]
    poly = shapely.Polygon(np.round(ring, 2))
    poly = shapely.intersection(poly, shapely.box(*BBOX))
    poly = shapely.set_precision(poly, 0.01)
    assert poly.geom_type == "Polygon" and poly.is_valid
    return poly


def seed_density(points: np.ndarray) -> np.ndarray:
    """Relative density of LSOA seeds (so of people): the city centre and three town centres."""
    return (0.10 + gauss(points, CITY_CENTRE, 2600.0)
            + 0.35 * gauss(points, DISTRICT_CAPITALS[1], 1100.0)
            + 0.30 * gauss(points, DISTRICT_CAPITALS[2], 1200.0)
            + 0.15 * gauss(points, DISTRICT_CAPITALS[3], 1000.0))


def make_lsoas(outline, streams: dict[str, np.random.Generator]) -> Lsoas:
    """N_LSOA polygons tiling ``outline``, named ``<District> 001A`` and coded E01900001… in district, name order."""
    seeds = blue_noise_seeds(outline, N_LSOA, streams["lsoa_seeds"], seed_density)
    polys = np.array(tessellate(outline, seeds, streams["lsoa_edges"], LSOA_WIGGLE), dtype=object)
    cent = xy(shapely.point_on_surface(polys))
    district = assign_districts(polys, cent, streams["districts"])
    names = name_lsoas(cent, district)
    rank = {name: i for i, name in enumerate(sorted(DISTRICTS))}
    order = np.array(sorted(range(len(names)), key=lambda i: (rank[DISTRICTS[district[i]]], names[i])))
    icb_codes = icb_code_of_name()
    district = district[order]
    icb = np.array([icb_codes[ICB_OF_DISTRICT[DISTRICTS[k]]] for k in district], dtype=object)
    return Lsoas(polys[order], cent[order], district, names[order], ons_codes("E01", 900001, len(order), 6), icb)


def icb_code_of_name() -> dict[str, str]:
    """ICB code (E54000901…) of each ICB name, in name order."""
    names = sorted(set(ICB_OF_DISTRICT.values()))
    return dict(zip(names, ons_codes("E54000", 901, len(names), 3)))


def make_icbs(lsoas: Lsoas) -> pd.DataFrame:
    """ICB23CD, ICB23NM, geometry: each ICB the union of its LSOAs (one Polygon each), in code order."""
    rows = []
    for name, code in icb_code_of_name().items():
        geom = shapely.union_all(lsoas.polys[lsoas.icb == code])
        assert geom.geom_type == "Polygon", f"ICB {name} is not contiguous"
        rows.append({"ICB23CD": code, "ICB23NM": name, "geometry": geom})
    return pd.DataFrame(rows)
