"""The benchmark stages: each is one or more ``processing.run`` calls on the generated inputs.

A stage's ``run`` is what is timed (reading inputs, computing, writing outputs, as a user
experiences it); its ``summarise`` is not timed and counts rows and checks results. Outputs go to
``<cache>/work/<stage>/``; later stages read earlier stages' outputs (join reads the assigned
cases, representation reads the joined counts, styling reads the representation).
"""
from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from synthetic.england.population import AGE_BANDS, POP_FIELDS, POP_TOTAL

from . import briefings
from .generate import Inputs
from .qgis_session import run

#: Fields apportioned in every apportionment stage and comparison (total and 19 age bands).
APPORTION_FIELDS = [POP_TOTAL, *POP_FIELDS]
CASE_PREFIX = "cases"
#: Relative tolerance of the conservation check (total in = total out + unallocated).
CONSERVATION_RTOL = 1e-9


@dataclass(frozen=True)
class StageContext:
    """Where a stage finds its inputs and writes its outputs."""

    inputs: Inputs
    work: Path

    def folder(self, stage: str) -> Path:
        return self.work / stage

    def output(self, stage: str, name: str) -> str:
        return str(self.folder(stage) / name)

    def clear(self, stage: str) -> None:
        """Remove a stage's previous outputs (not timed), so every repetition writes afresh."""
        shutil.rmtree(self.folder(stage), ignore_errors=True)
        self.folder(stage).mkdir(parents=True)

    def data(self, name: str) -> str:
        return str(self.inputs.path(name))


@dataclass(frozen=True)
class Stage:
    """A named, timed unit of work; ``target_s`` is the issue's time target where it sets one."""

    name: str
    title: str
    run: Callable[[StageContext], dict]
    summarise: Callable[[StageContext, dict], dict]
    target_s: float | None = None
    needs: tuple[str, ...] = field(default=())


def case_group_fields() -> list[str]:
    """The join's per-age-band count fields, in AGE_BANDS order (named by the plugin's own rule)."""
    from phso_insight_plugin.cases.field_names import group_field_names

    return [group_field_names(AGE_BANDS, CASE_PREFIX, False)[1][band] for band in AGE_BANDS]


def feature_count(path: str) -> int:
    from qgis.core import QgsVectorLayer

    return QgsVectorLayer(path, "count", "ogr").featureCount()


# --- assign and join --------------------------------------------------------------------------

def assign(ctx: StageContext, stage: str, suffix: str) -> dict:
    """``phso_insight:assigncases`` of every case by postcode, the assigned and unmatched cases written to
    ``.gpkg`` or ``.csv`` files (``suffix``)."""
    return run("phso_insight:assigncases", {
        "INPUT": ctx.data("cases"), "LOCATION_TYPE": 0, "LOCATION_FIELD": "postcode",
        "POSTCODE_LOOKUP": ctx.data("postcodes"), "LOOKUP_POSTCODE_FIELD": "pcds",
        "LOOKUP_AREA_FIELDS": ["lsoa21cd", "pcon24cd", "icb23cd"],
        "OUTPUT": ctx.output(stage, f"assigned.{suffix}"), "UNMATCHED": ctx.output(stage, f"unmatched.{suffix}")})


def run_join(ctx: StageContext) -> dict:
    return run("phso_insight:joincasecounts", {
        "INPUT": ctx.output("assign", "assigned.gpkg"), "CASE_AREA_FIELD": "lsoa21cd", "GROUP_FIELD": "age_band",
        "AREAS": ctx.data("lsoa"), "AREA_FIELD": "lsoa21cd", "FIELD_PREFIX": CASE_PREFIX,
        "OUTPUT": ctx.output("join", "lsoa_cases.gpkg"), "UNMATCHED": ctx.output("join", "unmatched.gpkg")})


def run_count_by_postcode(ctx: StageContext) -> dict:
    """The common path: cases counted per LSOA straight from their postcodes (no assigned-cases table)."""
    return run("phso_insight:joincasecounts", {
        "INPUT": ctx.data("cases"), "POSTCODE_FIELD": "postcode", "POSTCODE_LOOKUP": ctx.data("postcodes"),
        "LOOKUP_POSTCODE_FIELD": "pcds", "LOOKUP_AREA_FIELD": "lsoa21cd", "GROUP_FIELD": "age_band",
        "AREAS": ctx.data("lsoa"), "AREA_FIELD": "lsoa21cd", "FIELD_PREFIX": CASE_PREFIX,
        "OUTPUT": ctx.output("count_by_postcode", "lsoa_cases.gpkg"),
        "UNMATCHED": ctx.output("count_by_postcode", "unmatched.gpkg")})


def summarise_counts(ctx: StageContext, result: dict) -> dict:
    return {"rows": int(result["ROWS_IN"]), "rows_matched": int(result["ROWS_MATCHED"]),
            "rows_unmatched": int(result["ROWS_UNMATCHED"]),
            "unmatched_by_reason": json.loads(result["UNMATCHED_BY_REASON"])}


# --- apportionment ------------------------------------------------------------------------------

def apportion(ctx: StageContext, stage: str, target: str, method: int, weighted: bool) -> dict:
    """``phso_insight:apportion`` of APPORTION_FIELDS from the LSOAs onto ``target`` ("pcon"/"icb")."""
    target_id = {"pcon": "pcon24cd", "icb": "icb23cd"}[target]
    weights = {"WEIGHTS": ctx.data("lsoa"), "WEIGHT_FIELD": POP_TOTAL} if weighted else {}
    return run("phso_insight:apportion", {
        "INPUT": ctx.data("lsoa"), "SOURCE_ID_FIELD": "lsoa21cd", "FIELDS": APPORTION_FIELDS,
        "TARGET": ctx.data(target), "TARGET_ID_FIELD": target_id, "METHOD": method, **weights,
        "OUTPUT": ctx.output(stage, f"{target}.gpkg")})


@contextmanager
def geos_before_3_12() -> Iterator[None]:
    """Run as on GEOS < 3.12 (older QGIS builds): the plugin's test of the GEOS version sees 3.11.1, so
    ``coverage_is_valid`` is never called (the GEOS in use is unchanged)."""
    import shapely

    real = shapely.geos_version
    shapely.geos_version = (3, 11, 1)
    try:
        yield
    finally:
        shapely.geos_version = real


def apportion_legacy(ctx: StageContext) -> dict:
    with geos_before_3_12():
        return apportion(ctx, "apportion_pcon_legacy", "pcon", 0, True)


def summarise_apportion(ctx: StageContext, result: dict) -> dict:
    """Rows = source areas; conservation of every field checked from the algorithm's totals."""
    totals = json.loads(result["TOTALS"])
    worst = max(abs(t["in"] - t["out"] - t["unallocated"]) / max(abs(t["in"]), 1.0) for t in totals.values())
    return {"rows": ctx.inputs.manifest["sizes"]["lsoas"], "rows_out": feature_count(result["OUTPUT"]),
            "total_in": result["TOTAL_IN"], "total_out": result["TOTAL_OUT"],
            "unallocated": result["UNALLOCATED_TOTAL"], "n_split": int(result["N_SPLIT"]),
            "conservation_max_rel_error": worst, "conserved": worst <= CONSERVATION_RTOL}


def qgis_chain(ctx: StageContext) -> dict:
    """Area weighting with QGIS core tools only: Intersection → Field calculator (each piece's share
    of its LSOA's area) → Aggregate (sum of value × share by constituency) into a GeoPackage.

    The share is computed once and multiplied in the aggregate expressions, so the chain handles
    all 20 fields in one pass of each tool (the cheapest way to use it)."""
    pieces = run("native:intersection", {
        "INPUT": ctx.data("lsoa"), "OVERLAY": ctx.data("pcon"),
        "INPUT_FIELDS": ["lsoa21cd", "shape_area", *APPORTION_FIELDS], "OVERLAY_FIELDS": ["pcon24cd"],
        "OUTPUT": "TEMPORARY_OUTPUT"})["OUTPUT"]
    shared = run("native:fieldcalculator", {
        "INPUT": pieces, "FIELD_NAME": "share", "FIELD_TYPE": 0, "FIELD_LENGTH": 0, "FIELD_PRECISION": 0,
        "FORMULA": 'area($geometry) / "shape_area"', "OUTPUT": "TEMPORARY_OUTPUT"})["OUTPUT"]
    key = {"aggregate": "first_value", "delimiter": ",", "input": '"pcon24cd"', "length": 0, "name": "pcon24cd",
           "precision": 0, "type": 10}
    sums = [{"aggregate": "sum", "delimiter": ",", "input": f'"{name}" * "share"', "length": 0, "name": name,
             "precision": 0, "type": 6} for name in APPORTION_FIELDS]
    return run("native:aggregate", {"INPUT": shared, "GROUP_BY": '"pcon24cd"', "AGGREGATES": [key, *sums],
                                    "OUTPUT": ctx.output("qgis_chain_pcon", "pcon.gpkg")})


def summarise_chain(ctx: StageContext, result: dict) -> dict:
    return {"rows": ctx.inputs.manifest["sizes"]["lsoas"], "rows_out": feature_count(result["OUTPUT"])}


# --- representation and map ---------------------------------------------------------------------

def run_representation(ctx: StageContext) -> dict:
    return run("phso_insight:representation", {
        "INPUT": ctx.output("join", "lsoa_cases.gpkg"), "OBSERVED_FIELDS": case_group_fields(),
        "POPULATION_FIELDS": POP_FIELDS, "MULTIPLE_TESTING": 1,
        "OUTPUT": ctx.output("representation", "representation.gpkg")})


def summarise_representation(ctx: StageContext, result: dict) -> dict:
    return {"rows": int(result["N_AREAS"]), "tier_counts": json.loads(result["TIER_COUNTS"])}


def run_style_png(ctx: StageContext) -> dict:
    layer = ctx.output("representation", "representation.gpkg")
    run("phso_insight:tierstyle", {"INPUT": layer, "TIER_FIELD": "tier"})
    return run("phso_insight:exportmap", {"INPUT": layer, "TIER_FIELD": "tier",
                                         "OUTPUT_PNG": ctx.output("style_png", "map.png")})


def summarise_style_png(ctx: StageContext, result: dict) -> dict:
    png = Path(result["OUTPUT_PNG"])
    return {"rows": feature_count(ctx.output("representation", "representation.gpkg")),
            "png_bytes": png.stat().st_size if png.exists() else 0}


STAGES = [
    Stage("assign", "Assign cases by postcode", lambda ctx: assign(ctx, "assign", "gpkg"), summarise_counts),
    Stage("join", "Join case counts to LSOAs (by age band)", run_join, summarise_counts, needs=("assign",)),
    Stage("assign_csv", "Assign cases by postcode → CSV files", lambda ctx: assign(ctx, "assign_csv", "csv"),
          summarise_counts),
    Stage("count_by_postcode", "Count cases per LSOA straight from postcodes (by age band)", run_count_by_postcode,
          summarise_counts, target_s=12.0),
    Stage("apportion_pcon", "Apportion LSOA → constituency (population-weighted)",
          lambda ctx: apportion(ctx, "apportion_pcon", "pcon", 0, True), summarise_apportion),
    Stage("apportion_icb", "Apportion LSOA → ICB (best fit)",
          lambda ctx: apportion(ctx, "apportion_icb", "icb", 1, True), summarise_apportion),
    Stage("apportion_pcon_legacy", "Apportion LSOA → constituency (population-weighted), as on GEOS < 3.12",
          apportion_legacy, summarise_apportion),
    Stage("representation", "Representation, 19 age strata, Benjamini–Hochberg", run_representation,
          summarise_representation, target_s=3.0, needs=("join",)),
    Stage("style_png", "Tier style + PNG export of the LSOA layer", run_style_png, summarise_style_png,
          target_s=5.0, needs=("representation",)),
    Stage("apportion_area_pcon", "Comparison: apportion LSOA → constituency (area-weighted)",
          lambda ctx: apportion(ctx, "apportion_area_pcon", "pcon", 2, False), summarise_apportion),
    Stage("qgis_chain_pcon", "Comparison: QGIS Intersection → Field calculator → Aggregate", qgis_chain,
          summarise_chain),
    Stage("briefings_prepare", "Briefings: LSOA counts apportioned → constituency representation",
          briefings.prepare, briefings.summarise_prepare, needs=("join",)),
    Stage("briefings", "Area briefings: one A4 PDF per constituency, its LSOAs inside", briefings.run_stage,
          briefings.summarise, target_s=briefings.BRIEFINGS_TARGET_S, needs=("briefings_prepare", "representation")),
]
STAGES_BY_NAME = {stage.name: stage for stage in STAGES}
#: Stages that run other tools for comparison (left out of the scaling rows).
COMPARISONS = ("apportion_area_pcon", "qgis_chain_pcon")
