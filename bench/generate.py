"""Deterministic England-scale synthetic inputs for the benchmarks, cached under ``bench/cache/<key>/``.

``python bench/generate.py [--sizes england|smoke]`` writes (unless already cached):

* ``lsoa.gpkg`` — LSOA-like zones tiling an England-sized box (EPSG:27700, ~80 vertices each) with
  ``lsoa21cd``, ``lsoa21nm``, ``pop_total``, 19 ``pop_<band>`` fields and ``shape_area`` (as ONS files have);
* ``pcon.gpkg`` / ``icb.gpkg`` — constituencies and ICBs drawn independently of the LSOAs (misaligned);
* ``postcodes.csv`` — a postcode directory (pcds, pcd7, lsoa21cd, pcon24cd, icb23cd, x, y), unique, valid format;
* ``cases.csv`` — cases (case_id, postcode, age_band), a few messy or unmatchable;
* ``manifest.json`` — sizes, file names, counts and timings; written last, so its presence marks a complete cache.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import shapely

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.cases import sample_cases
from bench.config import CACHE_DIR, PRESETS, Sizes
from bench.population import POP_FIELDS, POP_TOTAL, case_intensity, population_by_age
from bench.postcodes import directory_codes, points_in_zones, spatial_order, zone_of
from bench.tessellation import sample_seeds, settlements, tessellate
from bench.writers import write_csv, write_polygons

#: Vertices per constituency / ICB polygon (generalised boundary files have hundreds to thousands).
TARGET_VERTICES = {"pcon": 400, "icb": 1_500}
MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Inputs:
    """Paths of one generated data set and its manifest (sizes, counts)."""

    folder: Path
    manifest: dict

    def path(self, name: str) -> Path:
        return self.folder / self.manifest["files"][name]


def generate(sizes: Sizes, root: Path = CACHE_DIR, log=print) -> Inputs:
    """The cached data set for ``sizes``, generating it first when absent or incomplete."""
    folder = sizes.cache_dir(root)
    manifest_path = folder / MANIFEST
    if manifest_path.exists():
        return Inputs(folder, json.loads(manifest_path.read_text()))
    folder.mkdir(parents=True, exist_ok=True)
    timings: dict[str, float] = {}

    def step(name: str, started: float) -> None:
        timings[name] = round(time.perf_counter() - started, 2)
        log(f"  generated {name} in {timings[name]:.1f} s")

    log(f"Generating synthetic inputs {sizes.key()} in {folder} …")
    towns = settlements(sizes.seed)
    t = time.perf_counter()
    rng = np.random.default_rng([sizes.seed, 1])
    lsoa_geoms = tessellate(sample_seeds(sizes.lsoas, towns, rng), sizes.vertices, rng)
    order = spatial_order(shapely.get_coordinates(shapely.centroid(lsoa_geoms)))
    lsoa_geoms = lsoa_geoms[order]
    population = population_by_age(sizes.lsoas, rng)
    lsoa_codes = np.array([f"E01{i:06d}" for i in range(1, sizes.lsoas + 1)], dtype=object)
    lsoa = pd.DataFrame({"lsoa21cd": lsoa_codes,
                         "lsoa21nm": [f"Synthetic {i // 5 + 1:04d}{'ABCDE'[i % 5]}" for i in range(sizes.lsoas)],
                         POP_TOTAL: population.sum(axis=1), **dict(zip(POP_FIELDS, population.T)),
                         "shape_area": shapely.area(lsoa_geoms)})
    write_polygons(folder / "lsoa.gpkg", "lsoa", lsoa_geoms, lsoa)
    step("lsoa", t)

    targets = {}
    for k, (name, count, code, label) in enumerate([("pcon", sizes.constituencies, "E14001", "Constituency"),
                                                     ("icb", sizes.icbs, "E54000", "ICB")]):
        t = time.perf_counter()
        rng = np.random.default_rng([sizes.seed, 2 + k])
        geoms = tessellate(sample_seeds(count, towns, rng), TARGET_VERTICES[name], rng)
        prefix = {"pcon": "pcon24", "icb": "icb23"}[name]
        codes = np.array([f"{code}{i:03d}" for i in range(1, count + 1)], dtype=object)
        write_polygons(folder / f"{name}.gpkg", name, geoms, pd.DataFrame({
            f"{prefix}cd": codes, f"{prefix}nm": [f"{label} {i}" for i in range(1, count + 1)]}))
        targets[name] = (geoms, codes)
        step(name, t)

    t = time.perf_counter()
    rng = np.random.default_rng([sizes.seed, 4])
    per_zone = 1 + rng.multinomial(sizes.postcodes - sizes.lsoas, population.sum(axis=1) / population.sum())
    zone = np.repeat(np.arange(sizes.lsoas), per_zone)
    points = np.round(points_in_zones(lsoa_geoms, zone, rng))
    pcds, pcd7 = directory_codes(sizes.postcodes, rng)
    directory = pd.DataFrame({"pcds": pcds, "pcd7": pcd7, "lsoa21cd": lsoa_codes[zone],
                              "pcon24cd": targets["pcon"][1][zone_of(points, targets["pcon"][0])],
                              "icb23cd": targets["icb"][1][zone_of(points, targets["icb"][0])],
                              "x": points[:, 0].astype(np.int64), "y": points[:, 1].astype(np.int64)})
    write_csv(folder / "postcodes.csv", directory)
    step("postcodes", t)

    t = time.perf_counter()
    rng = np.random.default_rng([sizes.seed, 5])
    start = np.concatenate([[0], np.cumsum(per_zone)[:-1]])
    cases = sample_cases(sizes.cases, case_intensity(population, rng), start, per_zone, pcds, rng)
    write_csv(folder / "cases.csv", cases[["case_id", "postcode", "age_band"]])
    step("cases", t)

    manifest = {
        "sizes": asdict(sizes), "key": sizes.key(), "timings_s": timings,
        "files": {"lsoa": "lsoa.gpkg", "pcon": "pcon.gpkg", "icb": "icb.gpkg", "postcodes": "postcodes.csv",
                  "cases": "cases.csv"},
        "vertices_mean": {"lsoa": float(shapely.get_num_coordinates(lsoa_geoms).mean()),
                          **{n: float(shapely.get_num_coordinates(g).mean()) for n, (g, _) in targets.items()}},
        "population_total": int(population.sum()),
        "case_kinds": {str(k): int(v) for k, v in cases["kind"].value_counts().sort_index().items()},
    }
    manifest_path.write_text(json.dumps(manifest, indent=2))
    return Inputs(folder, manifest)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", choices=sorted(PRESETS), default="england")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    inputs = generate(PRESETS[args.sizes])
    print(f"Inputs ready in {inputs.folder} ({time.perf_counter() - started:.1f} s).")


if __name__ == "__main__":
    main()
