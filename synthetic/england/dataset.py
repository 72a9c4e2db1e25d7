"""Write one England-scale synthetic data set into a folder (EPSG:27700; lengths in metres):

* ``lsoa.gpkg`` — LSOA-like zones tiling an England-sized box (~80 vertices each) with ``lsoa21cd``,
  ``lsoa21nm``, ``pop_total``, 19 ``pop_<band>`` fields and ``shape_area`` (m², as ONS files have);
* ``pcon.gpkg`` / ``icb.gpkg`` — constituencies and ICBs drawn independently of the LSOAs (misaligned);
* ``postcodes.csv`` — a postcode directory (pcds, pcd7, lsoa21cd, pcon24cd, icb23cd, x, y), unique, valid format;
* ``cases.csv`` — cases (case_id, postcode, age_band), a few messy or unmatchable.

Every component draws from its own stream ``default_rng([seed, k])``: 0 towns, 1 LSOAs and population,
2 constituencies, 3 ICBs, 4 postcodes, 5 cases.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

import numpy as np
import pandas as pd
import shapely

from ..box_tessellation import tessellate
from ..codes import directory_codes, ons_codes
from ..seeds import Settlements, clustered_seeds, settlements
from ..shapes import zone_of
from ..streams import keyed_stream
from ..writers import Layer, fields_of, write_csv, write_gpkg
from .cases import sample_cases
from .placement import points_in_zones, spatial_order
from .population import POP_FIELDS, POP_TOTAL, case_intensity, population_by_age
from .sizes import Sizes

#: xmin, ymin, xmax, ymax in British National Grid metres: 400 km × 330 km ≈ England's 130,000 km².
EXTENT = (160_000.0, 60_000.0, 560_000.0, 390_000.0)
#: Vertices per constituency / ICB polygon (generalised boundary files have hundreds to thousands).
TARGET_VERTICES = {"pcon": 400, "icb": 1_500}
#: Geography → (count field of Sizes, stream key, code prefix, field prefix, name label).
TARGETS = {"pcon": ("constituencies", 2, "E14001", "pcon24", "Constituency"),
           "icb": ("icbs", 3, "E54000", "icb23", "ICB")}
FILES = {"lsoa": "lsoa.gpkg", "pcon": "pcon.gpkg", "icb": "icb.gpkg", "postcodes": "postcodes.csv",
         "cases": "cases.csv"}


def write_dataset(sizes: Sizes, folder: Path, log: Callable[[str], None] = print) -> dict:
    """Generate and write every file of FILES into ``folder``; returns the manifest (sizes, files,
    timings in seconds, mean vertices, population total, cases per kind of mess)."""
    timings: dict[str, float] = {}

    def step(name: str, started: float) -> None:
        timings[name] = round(time.perf_counter() - started, 2)
        log(f"  generated {name} in {timings[name]:.1f} s")

    towns = settlements(keyed_stream(sizes.seed, 0), EXTENT)
    started = time.perf_counter()
    lsoa_geoms, population, lsoa_codes = _lsoas(sizes, towns, folder)
    step("lsoa", started)
    targets = {}
    for name in TARGETS:
        started = time.perf_counter()
        targets[name] = _target(name, sizes, towns, folder)
        step(name, started)
    started = time.perf_counter()
    per_zone, pcds = _postcodes(sizes, lsoa_geoms, lsoa_codes, population, targets, folder)
    step("postcodes", started)
    started = time.perf_counter()
    cases = _cases(sizes, population, per_zone, pcds, folder)
    step("cases", started)
    return {
        "sizes": asdict(sizes), "key": sizes.key(), "timings_s": timings, "files": dict(FILES),
        "vertices_mean": {"lsoa": float(shapely.get_num_coordinates(lsoa_geoms).mean()),
                          **{n: float(shapely.get_num_coordinates(g).mean()) for n, (g, _) in targets.items()}},
        "population_total": int(population.sum()),
        "case_kinds": {str(k): int(v) for k, v in cases["kind"].value_counts().sort_index().items()},
    }


def _lsoas(sizes: Sizes, towns: Settlements, folder: Path) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """LSOA polygons (in spatial order), population (zones × 19 bands) and codes; writes ``lsoa.gpkg``."""
    rng = keyed_stream(sizes.seed, 1)
    geoms = tessellate(clustered_seeds(sizes.lsoas, towns, EXTENT, rng), sizes.vertices, rng, EXTENT)
    geoms = geoms[spatial_order(shapely.get_coordinates(shapely.centroid(geoms)))]
    population = population_by_age(sizes.lsoas, rng)
    codes = ons_codes("E01", 1, sizes.lsoas, 6)
    table = pd.DataFrame({"lsoa21cd": codes,
                          "lsoa21nm": [f"Synthetic {i // 5 + 1:04d}{'ABCDE'[i % 5]}" for i in range(sizes.lsoas)],
                          POP_TOTAL: population.sum(axis=1), **dict(zip(POP_FIELDS, population.T)),
                          "shape_area": shapely.area(geoms)})
    _write_zones(folder / FILES["lsoa"], "lsoa", geoms, table, "Synthetic LSOA-like zones with population by age")
    return geoms, population, codes


def _target(name: str, sizes: Sizes, towns: Settlements, folder: Path) -> tuple[np.ndarray, np.ndarray]:
    """Polygons and codes of constituencies or ICBs (``name``), independent of the LSOAs; writes their file."""
    count_field, key, code_prefix, field_prefix, label = TARGETS[name]
    count = getattr(sizes, count_field)
    rng = keyed_stream(sizes.seed, key)
    geoms = tessellate(clustered_seeds(count, towns, EXTENT, rng), TARGET_VERTICES[name], rng, EXTENT)
    codes = ons_codes(code_prefix, 1, count, 3)
    names = [f"{label} {i}" for i in range(1, count + 1)]
    table = pd.DataFrame({f"{field_prefix}cd": codes, f"{field_prefix}nm": names})
    _write_zones(folder / FILES[name], name, geoms, table, f"Synthetic {label}s, independent of the LSOAs")
    return geoms, codes


def _write_zones(path: Path, name: str, geoms: np.ndarray, table: pd.DataFrame, description: str) -> None:
    write_gpkg(path, [Layer(name, table, fields_of(table), geoms, description, multipart=False)])


def _postcodes(sizes: Sizes, lsoa_geoms, lsoa_codes, population, targets, folder: Path):
    """Postcodes per zone (≥ 1, the rest in proportion to population) and their pcds; writes ``postcodes.csv``."""
    rng = keyed_stream(sizes.seed, 4)
    per_zone = 1 + rng.multinomial(sizes.postcodes - sizes.lsoas, population.sum(axis=1) / population.sum())
    zone = np.repeat(np.arange(sizes.lsoas), per_zone)
    points = np.round(points_in_zones(lsoa_geoms, zone, rng))
    pcds, pcd7 = directory_codes(sizes.postcodes, rng)
    directory = pd.DataFrame({"pcds": pcds, "pcd7": pcd7, "lsoa21cd": lsoa_codes[zone],
                              "pcon24cd": targets["pcon"][1][zone_of(points, targets["pcon"][0])],
                              "icb23cd": targets["icb"][1][zone_of(points, targets["icb"][0])],
                              "x": points[:, 0].astype(np.int64), "y": points[:, 1].astype(np.int64)})
    write_csv(folder / FILES["postcodes"], directory)
    return per_zone, pcds


def _cases(sizes: Sizes, population, per_zone, pcds, folder: Path) -> pd.DataFrame:
    """The cases (with their kind of mess); writes ``cases.csv`` (case_id, postcode, age_band)."""
    rng = keyed_stream(sizes.seed, 5)
    start = np.concatenate([[0], np.cumsum(per_zone)[:-1]])
    cases = sample_cases(sizes.cases, case_intensity(population, rng), start, per_zone, pcds, rng)
    write_csv(folder / FILES["cases"], cases[["case_id", "postcode", "age_band"]])
    return cases
