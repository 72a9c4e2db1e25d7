"""Fixtures of the change-over-time tests: the sample's constituencies with population, the change algorithm run on
them by financial year, and grouprepresentation with periods on disability (module fixtures, made available by the
conftest of each test folder that uses them)."""
from __future__ import annotations

import pytest
from qgis.core import QgsVectorLayer

from tests.sample_pipeline import POP_FIELDS, group_parameters, sample_layer


def rows(path: str, key: str | None = None):
    """The features of the layer at ``path`` as dicts (NULL → None), or keyed by ``key``."""
    from qgis.core import NULL

    layer = QgsVectorLayer(path, "rows", "ogr")
    found = [{k: (None if v == NULL else v) for k, v in zip(layer.fields().names(), f.attributes())}
             for f in layer.getFeatures()]
    return {r[key]: r for r in found} if key else found


@pytest.fixture(scope="module")
def constituencies(sample_pipeline, tmp_path_factory) -> str:
    """The sample constituencies with their population (total and by age band) apportioned from the LSOAs."""
    from qgis import processing

    out = tmp_path_factory.mktemp("constituencies") / "constituencies.gpkg"
    processing.run("phso_insight:apportion", {
        "INPUT": sample_pipeline.counts, "SOURCE_ID_FIELD": "LSOA21CD", "FIELDS": ["pop_total", *POP_FIELDS],
        "TARGET": sample_layer("constituency"), "TARGET_ID_FIELD": "PCON24CD", "METHOD": 0,
        "WEIGHTS": sample_pipeline.counts, "WEIGHT_FIELD": "pop_total", "OUTPUT": str(out)})
    return str(out)


def change_parameters(cases: str, areas: str, folder, **changes) -> dict:
    return {"CASES": cases, "CASE_AREA_FIELD": "pcon24cd", "DATE_FIELD": "received_date", "AREAS": areas,
            "AREA_CODE_FIELD": "PCON24CD", "POPULATION_FIELDS": ["pop_total"], "OUTPUT": str(folder / "change.gpkg"),
            "BY_PERIOD": str(folder / "by_period.gpkg"), **changes}


@pytest.fixture(scope="module")
def financial_years(sample_pipeline, constituencies, tmp_path_factory) -> dict:
    from qgis import processing

    folder = tmp_path_factory.mktemp("financial_years")
    return dict(processing.run("phso_insight:representationchange",
                               change_parameters(sample_pipeline.assigned, constituencies, folder)))


def disability(cases: str, folder, **changes) -> dict:
    return {**group_parameters(cases, str(folder / "groups.gpkg")), "GROUP_FIELD": "disability",
            "POP_FILTER": "\"dimension\" = 'disability'", **changes}


@pytest.fixture(scope="module")
def with_periods(sample_pipeline, tmp_path_factory) -> dict:
    from qgis import processing

    folder = tmp_path_factory.mktemp("group_periods")
    return dict(processing.run("phso_insight:grouprepresentation", disability(
        sample_pipeline.assigned, folder, PERIODS=1, DATE_FIELD="received_date",
        CHANGE=str(folder / "change.gpkg"), BY_PERIOD=str(folder / "by_period.gpkg"))))
