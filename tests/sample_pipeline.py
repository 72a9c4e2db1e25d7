"""The bundled sample run through the pipeline once per session (fixture ``sample_pipeline``, imported by
the tests that use it), for tests that need every algorithm's inputs (cancel, atomic outputs)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from phso_insight_plugin.resources import SAMPLE_DIR

AGE_BANDS = ["0_15", "16_24", "25_34", "35_49", "50_64", "65_plus"]
CASE_FIELDS = [f"cases_{band}" for band in AGE_BANDS]
POP_FIELDS = [f"pop_age_{band}" for band in AGE_BANDS]


def sample_layer(name: str) -> str:
    """A layer (or attribute table) of the bundled sample GeoPackage, as a layer source string."""
    return f"{SAMPLE_DIR / 'sample.gpkg'}|layername={name}"


@dataclass(frozen=True)
class SamplePipeline:
    """Files written by a normal run of the pipeline on the sample: assigned cases, LSOA case counts,
    the LSOA representation layer and a group representation table."""

    assigned: str
    counts: str
    representation: str
    groups: str


def assign_parameters(output: str, unmatched: str) -> dict:
    return {"INPUT": str(SAMPLE_DIR / "cases.csv"), "LOCATION_TYPE": 0, "LOCATION_FIELD": "postcode",
            "POSTCODE_LOOKUP": sample_layer("postcode_lookup"), "LOOKUP_POSTCODE_FIELD": "pcds",
            "LOOKUP_AREA_FIELDS": ["lsoa21cd", "pcon24cd"], "LOOKUP_TERMINATED_FIELD": "doterm",
            "OUTPUT": output, "UNMATCHED": unmatched}


def join_parameters(cases: str, output: str, unmatched: str) -> dict:
    return {"INPUT": cases, "CASE_AREA_FIELD": "lsoa21cd", "GROUP_FIELD": "age_band", "AREAS": sample_layer("lsoa"),
            "AREA_FIELD": "LSOA21CD", "OUTPUT": output, "UNMATCHED": unmatched}


def representation_parameters(areas: str, output: str) -> dict:
    return {"INPUT": areas, "OBSERVED_FIELDS": CASE_FIELDS, "POPULATION_FIELDS": POP_FIELDS, "MULTIPLE_TESTING": 1,
            "OUTPUT": output}


def group_parameters(cases: str, output: str) -> dict:
    return {"CASES": cases, "GROUP_FIELD": "age_band", "POPULATION": str(SAMPLE_DIR / "population_long.csv"),
            "POP_FILTER": "\"dimension\" = 'age_band'", "POP_GROUP_FIELD": "group",
            "POP_COUNT_FIELD": "population", "OUTPUT": output}


@pytest.fixture(scope="session")
def sample_pipeline(plugin, tmp_path_factory) -> SamplePipeline:
    from qgis import processing
    from qgis.core import QgsProcessingContext, QgsProcessingFeedback, QgsProject

    def run(alg: str, parameters: dict) -> dict:
        context = QgsProcessingContext()
        context.setProject(QgsProject.instance())
        return processing.run(f"phso_insight:{alg}", parameters, context=context, feedback=QgsProcessingFeedback())

    folder: Path = tmp_path_factory.mktemp("sample_pipeline")
    out = {name: str(folder / name) for name in ("assigned.gpkg", "counts.gpkg", "representation.gpkg",
                                                 "groups.gpkg", "unmatched.csv", "uncounted.csv")}
    run("assigncases", assign_parameters(out["assigned.gpkg"], out["unmatched.csv"]))
    run("joincasecounts", join_parameters(out["assigned.gpkg"], out["counts.gpkg"], out["uncounted.csv"]))
    run("representation", representation_parameters(out["counts.gpkg"], out["representation.gpkg"]))
    run("grouprepresentation", group_parameters(out["assigned.gpkg"], out["groups.gpkg"]))
    return SamplePipeline(out["assigned.gpkg"], out["counts.gpkg"], out["representation.gpkg"], out["groups.gpkg"])
