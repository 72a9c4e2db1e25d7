"""Area briefings benchmark: one A4 PDF per constituency with its LSOAs drawn inside (``phso_insight:areabriefings``).

Two uses:

* ``make bench`` stages (:data:`STAGES`, listed in :mod:`bench.stages`): ``briefings_prepare`` apportions the
  joined LSOA case counts and populations onto the 650 constituencies and compares them with their population
  (untimed target); ``briefings`` writes the 650 briefings, target 10 minutes.
* ``python -m bench.briefings`` (from the repository root, in the QGIS environment): the 75 London
  constituencies of ``tests/data/london`` with their 4,994 LSOAs, cases drawn at random from the Census 2021
  population by age (seeded), target 2 minutes; prints the seconds taken per briefing.
"""
from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np

from .qgis_session import run

LONDON = Path(__file__).resolve().parent.parent / "tests" / "data" / "london" / "london_boundaries.gpkg"
LONDON_BANDS = ["0_15", "16_24", "25_34", "35_49", "50_64", "65_plus"]
#: Cases per person over the period, by age band (the sample's planted profile), and the spread of area effects.
LONDON_RATES = [0.0022, 0.0037, 0.0073, 0.0073, 0.0073, 0.011]
AREA_EFFECT_SD = 0.3
SEED = 20250415
BRIEFINGS_TARGET_S = 600.0
LONDON_TARGET_S = 120.0


def briefings(areas: str, small_areas: str, folder: Path) -> dict:
    """``phso_insight:areabriefings`` of every area of ``areas`` with ``small_areas`` inside, into ``folder``."""
    return run("phso_insight:areabriefings", {
        "INPUT": areas, "SMALL_AREAS": small_areas, "OUTPUT_FOLDER": str(folder / "briefings"),
        "OUTPUT_INDEX": str(folder / "briefings_index.csv")})


# --- make bench stages ---------------------------------------------------------------------------------------

def prepare(ctx) -> dict:
    """Constituency representation from the joined LSOA counts (apportioned, population-weighted)."""
    from synthetic.england.population import POP_FIELDS

    from .stages import case_group_fields

    lsoas = ctx.output("join", "lsoa_cases.gpkg")
    apportioned = run("phso_insight:apportion", {
        "INPUT": lsoas, "SOURCE_ID_FIELD": "lsoa21cd", "FIELDS": case_group_fields() + POP_FIELDS,
        "TARGET": ctx.data("pcon"), "TARGET_ID_FIELD": "pcon24cd", "METHOD": 0, "WEIGHTS": lsoas,
        "WEIGHT_FIELD": "pop_total", "OUTPUT": ctx.output("briefings_prepare", "pcon_counts.gpkg")})
    return run("phso_insight:representation", {
        "INPUT": apportioned["OUTPUT"], "OBSERVED_FIELDS": case_group_fields(), "POPULATION_FIELDS": POP_FIELDS,
        "MULTIPLE_TESTING": 1, "OUTPUT": ctx.output("briefings_prepare", "pcon_representation.gpkg")})


def summarise_prepare(ctx, result: dict) -> dict:
    return {"rows": int(result["N_AREAS"])}


def run_stage(ctx) -> dict:
    return briefings(ctx.output("briefings_prepare", "pcon_representation.gpkg"),
                     ctx.output("representation", "representation.gpkg"), ctx.folder("briefings"))


def summarise(ctx, result: dict) -> dict:
    pdfs = list((ctx.folder("briefings") / "briefings").glob("*.pdf"))
    return {"rows": int(result["N_BRIEFINGS"]), "pdfs": len(pdfs),
            "pdf_mb": round(sum(p.stat().st_size for p in pdfs) / 2**20, 1)}


# --- London ----------------------------------------------------------------------------------------------------

def london_counts(folder: Path) -> str:
    """London's LSOAs with cases by age band drawn from their population (Poisson, log-normal area effects)."""
    from qgis.core import QgsFeatureRequest, QgsField, QgsVectorLayer
    from qgis.PyQt.QtCore import QMetaType

    layer = QgsVectorLayer(f"{LONDON}|layername=lsoa21", "lsoa21", "ogr").materialize(QgsFeatureRequest())
    provider = layer.dataProvider()
    provider.addAttributes([QgsField(f"cases_{band}", QMetaType.Type.Int) for band in LONDON_BANDS])
    layer.updateFields()
    rng = np.random.default_rng(SEED)
    first = layer.fields().indexOf(f"cases_{LONDON_BANDS[0]}")
    changes = {}
    for feature in layer.getFeatures():
        effect = rng.lognormal(0.0, AREA_EFFECT_SD)
        counts = rng.poisson([feature[f"age_{band}"] * rate * effect for band, rate in zip(LONDON_BANDS, LONDON_RATES)])
        changes[feature.id()] = {first + k: int(count) for k, count in enumerate(counts)}
    provider.changeAttributeValues(changes)
    return run("phso_insight:representation", {
        "INPUT": layer, "OBSERVED_FIELDS": [f"cases_{b}" for b in LONDON_BANDS],
        "POPULATION_FIELDS": [f"age_{b}" for b in LONDON_BANDS], "MULTIPLE_TESTING": 1,
        "OUTPUT": str(folder / "lsoa_representation.gpkg")})["OUTPUT"]


def london_constituencies(lsoas: str, folder: Path) -> str:
    cases, people = [f"cases_{b}" for b in LONDON_BANDS], [f"age_{b}" for b in LONDON_BANDS]
    apportioned = run("phso_insight:apportion", {
        "INPUT": lsoas, "SOURCE_ID_FIELD": "lsoa21_code", "FIELDS": cases + people,
        "TARGET": f"{LONDON}|layername=pcon24", "TARGET_ID_FIELD": "pcon24_code", "METHOD": 0, "WEIGHTS": lsoas,
        "WEIGHT_FIELD": "pop_total_c21", "OUTPUT": str(folder / "pcon_counts.gpkg")})
    return run("phso_insight:representation", {
        "INPUT": apportioned["OUTPUT"], "OBSERVED_FIELDS": cases, "POPULATION_FIELDS": people,
        "MULTIPLE_TESTING": 1, "OUTPUT": str(folder / "pcon_representation.gpkg")})["OUTPUT"]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--keep", type=Path, help="write into this folder and keep it (default: a temporary one)")
    args = parser.parse_args(argv)
    from bench import qgis_session

    qgis_session.start()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="phso-briefings-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        lsoas = london_counts(folder)
        constituencies = london_constituencies(lsoas, folder)
        started = time.perf_counter()
        result = briefings(constituencies, lsoas, folder)
        seconds = time.perf_counter() - started
        n = int(result["N_BRIEFINGS"])
        met = "met" if seconds <= LONDON_TARGET_S else "NOT met"
        print(f"London: {n} briefings in {seconds:.1f} s ({seconds / n:.2f} s each; target {LONDON_TARGET_S:.0f} s: "
              f"{met}); 650 at that rate: {650 * seconds / n:.0f} s")
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
