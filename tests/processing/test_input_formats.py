"""Every source a QGIS user can pick gives the same results in every algorithm (issue 11).

Each algorithm runs on the sample cut (``sample_formats``) read from each format it accepts. Every
run must give exactly the result of the GeoPackage reference run (per area code, per case, per
group), and the reference itself is checked against counts computed independently with pandas.
Inputs a format cannot hold (a polygon layer in a spreadsheet) are not in the matrix; an algorithm
with several inputs reads each of them from the same format where it can hold it, otherwise from
the GeoPackage.

Formats: ``gpkg_layer`` / ``gpkg_table`` (GeoPackage with and without geometry), ``csv_ogr`` (plain
CSV through OGR, every field text), ``csv_ogr_wkt`` (CSV with a WKT column, OGR makes polygons),
``csv_delimited`` and ``csv_delimited_geometry`` (the Delimited Text provider: detected types, no
geometry / WKT polygons / X,Y points), ``xlsx``, ``shapefile`` (a .dbf alone for a table),
``geojson``, ``memory``, ``subset`` (a subset filter hides extra rows), ``selected`` (selected
features only) and ``edited`` (unsaved deletions and a corrected value in the edit buffer).
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd
import pytest
from qgis.core import Qgis, QgsProcessingFeedback, QgsVectorLayer, QgsWkbTypes

from tests.layers import attribute_rows
from tests.processing.sample_formats import (
    FORMATS,
    GEOMETRY_FORMATS,
    OpenedLayers,
    SampleData,
)

REL = 1e-12
#: Areas and shares computed from geometries differ in the last digits between formats that store
#: coordinates differently (GeoJSON writes 15 significant digits).
GEOMETRY_REL = 1e-9


class RecordingFeedback(QgsProcessingFeedback):
    def __init__(self):
        super().__init__()
        self.messages: list[str] = []

    def pushInfo(self, info):
        self.messages.append(info)


@dataclass
class Scenario:
    """One algorithm's row of the matrix: which dataset each input parameter reads, the fixed
    parameters, the formats, how a result is summarised and what pandas says it must be."""

    algorithm: str
    inputs: dict[str, str]
    parameters: dict
    formats: tuple[str, ...]
    summary: Callable
    independent: Callable
    reference: str = "gpkg_layer"
    list_inputs: tuple[str, ...] = ()
    needs_geometry: tuple[str, ...] = ()
    outputs: dict[str, str] = field(default_factory=dict)


def by_key(layer, key: str, *columns: str) -> dict:
    return {row[key]: tuple(row[c] for c in columns) for row in attribute_rows(layer)}


def geometry_kind(layer) -> str:
    return "table" if layer.wkbType() == Qgis.WkbType.NoGeometry else QgsWkbTypes.geometryDisplayString(
        QgsWkbTypes.geometryType(layer.wkbType()))


# --- summaries (what must equal the reference run) and independent checks -----------------------------------

def assigned_summary(area_column: str):
    def summary(result, context):
        unmatched = by_key(result["UNMATCHED"], "case_id", "reason")
        return {"assigned": by_key(result["OUTPUT"], "case_id", area_column),
                "unmatched": {k: v[0] for k, v in unmatched.items()},
                "counts": (result["ROWS_IN"], result["ROWS_MATCHED"], result["ROWS_UNMATCHED"])}
    return summary


def check_assigned(reason_of_blank: str, other_reasons: tuple[str, ...] = ()):
    """Located cases get the LSOA pandas found for them; the 8 others are unmatched, blank postcodes
    (no point, no coordinates) with ``reason_of_blank`` and the rest with one of ``other_reasons``."""
    def check(summary, data):
        cases = data.cases.base
        located = cases[cases.area_code != ""]
        assert summary["assigned"] == {k: (v,) for k, v in zip(located.case_id, located.area_code)}
        blank = set(cases.case_id[cases.postcode == ""])
        assert set(summary["unmatched"]) == set(cases.case_id[cases.area_code == ""])
        for case_id, reason in summary["unmatched"].items():
            assert reason == reason_of_blank if case_id in blank else reason in other_reasons, (case_id, reason)
        assert summary["counts"] == (len(cases), len(located), 8)
    return check


def join_summary(result, context):
    layer = result["OUTPUT"]
    counts = by_key(layer, "LSOA21CD", "cases", "cases_0_15", "cases_16_24", "cases_25_34", "cases_35_49",
                    "cases_50_64", "cases_65_plus")
    return {"counts": counts, "kind": geometry_kind(layer), "cases": (result["CASES_IN"], result["CASES_MATCHED"])}


def check_join(summary, data):
    cases = data.cases.base
    located = cases[cases.area_code != ""]
    table = pd.crosstab(located.area_code, located.age_band)
    expected = {code: (int(table.loc[code].sum()), *(int(table.loc[code].get(b, 0)) for b in
                                                     ("0-15", "16-24", "25-34", "35-49", "50-64", "65+")))
                for code in data.areas.base.LSOA21CD}
    assert summary["counts"] == expected
    assert summary["cases"] == (len(cases), len(located))


def representation_summary(result, context):
    layer = result["OUTPUT"]
    return {"areas": by_key(layer, "LSOA21CD", "observed", "expected", "ratio", "lcl95", "ucl95", "tier"),
            "kind": geometry_kind(layer), "n": result["N_AREAS"], "tiers": result["TIER_COUNTS"]}


def check_representation(summary, data):
    areas = data.areas.base
    rates = [areas.obs_young.sum() / areas.pop_young.sum(), areas.obs_old.sum() / areas.pop_old.sum()]
    expected = areas.pop_young * rates[0] + areas.pop_old * rates[1]
    for code, obs, exp in zip(areas.LSOA21CD, areas.obs_young + areas.obs_old, expected):
        observed, got_expected, ratio = summary["areas"][code][:3]
        assert observed == obs
        assert got_expected == pytest.approx(exp, rel=REL)
        assert ratio == pytest.approx(obs / exp, rel=REL)
    assert summary["n"] == len(areas) == 44


def group_summary(result, context):
    return {"groups": by_key(result["OUTPUT"], "group", "cases", "expected", "ratio", "tier"),
            "cases": result["TOTAL_CASES"]}


def check_groups(summary, data):
    cases, population = data.cases.base, data.population.base
    by_age = population[population.dimension == "age_band"].groupby("group").population.sum()
    counts = cases.age_band.value_counts()
    for group, (n, expected, _, _) in summary["groups"].items():
        assert n == counts[group]
        assert expected == pytest.approx(len(cases) * by_age[group] / by_age.sum(), rel=REL)
    assert summary["cases"] == len(cases) == 1024


def apportion_summary(result, context):
    return {"targets": by_key(result["OUTPUT"], "PCON24CD", "pop_total"),
            "totals": (result["TOTAL_IN"], result["TOTAL_OUT"], result["UNALLOCATED_TOTAL"])}


def check_apportion(summary, data):
    total = int(data.areas.base.pop_total.sum())
    assert summary["totals"][0] == total
    assert summary["totals"][1] + summary["totals"][2] == pytest.approx(total, rel=REL)
    assert sum(v[0] for v in summary["targets"].values()) == pytest.approx(summary["totals"][1], rel=REL)
    assert set(summary["targets"]) == set(data.constituency.base.PCON24CD)


def tier_lines(tiers: pd.Series) -> list[str]:
    """The log's "<tier label>: <areas>" lines, every tier listed, from a pandas count."""
    from phso_insight_plugin.results.tiers import TIER_LABELS

    counts = {None if pd.isna(t) else int(t): n for t, n in tiers.value_counts(dropna=False).items()}
    return sorted(f"{label}: {counts.get(tier, 0)}" for tier, label in TIER_LABELS.items())


def tierstyle_summary(result, context):
    renderer = context["layer"].renderer()
    return {"log": sorted(m for m in context["feedback"].messages if re.match(r"^[A-Z].*: \d+$", m)),
            "classes": [c.value() for c in renderer.categories()] if hasattr(renderer, "categories") else
            [r.filterExpression() for r in renderer.rootRule().children()]}


def check_tierstyle(summary, data):
    assert summary["log"] == tier_lines(data.rep.base.tier)


def exportmap_summary(result, context):
    from qgis.PyQt.QtGui import QImage

    image = QImage(result["OUTPUT_PNG"])
    return {"size": (image.width(), image.height()), "pixels": bytes(image.constBits().asstring(image.sizeInBytes()))}


def check_exportmap(summary, data):
    assert summary["size"] == (int(297 / 25.4 * 30), int(210 / 25.4 * 30))  # A4 landscape at 30 dpi


def number(value, digits: int = 12):
    """A number (or numeric text, as copied from a CSV read by OGR) to ``digits`` significant
    digits: a shapefile's dBASE fields keep 15."""
    return None if value is None else float(f"{float(value):.{digits}g}")


def exportstyled_summary(result, context):
    layer = QgsVectorLayer(f"{result['OUTPUT']}|layername=styled", "styled", "ogr")
    rows = {code: tuple(number(v) for v in values)
            for code, values in by_key(layer, "LSOA21CD", "observed", "ratio", "tier").items()}
    summary = {"rows": rows, "area": pytest.approx(sum(f.geometry().area() for f in layer.getFeatures()),
                                                   rel=GEOMETRY_REL),
               "kind": geometry_kind(layer), "crs": layer.crs().authid(), "style": layer.renderer().type()}
    del layer
    return summary


def check_exportstyled(summary, data):
    rep = data.rep.base
    assert summary["rows"] == {code: (number(o), number(r), number(None if pd.isna(t) else t))
                               for code, o, r, t in zip(rep.LSOA21CD, rep.observed, rep.ratio, rep.tier)}
    assert summary["crs"] == "EPSG:27700"


def report_summary(result, context):
    return {"headlines": result["HEADLINES"]}


def check_report(summary, data):
    """The headlines give pandas' counts and name the LSOAs with the highest and lowest ratio."""
    rep = data.rep.base
    headlines = summary["headlines"].splitlines()
    assert headlines[0] == f"The comparison covers {int(rep.observed.sum()):,} cases in 44 small areas (LSOAs)."
    high = int((rep.tier > 0).sum())
    assert headlines[1].startswith(f"Of 44 small areas (LSOAs), {high} ")
    assert rep.LSOA21NM[rep.ratio.idxmax()] in headlines[1]
    low = int((rep.tier < 0).sum())
    assert headlines[2].startswith(f"Of 44 small areas (LSOAs), {low} ")
    assert rep.LSOA21NM[rep.ratio.idxmin()] in headlines[2]
    assert f"The other {int((rep.tier == 0).sum())} are in line with their population." in headlines


TABLE_FORMATS = tuple(f for f in FORMATS if f not in ("csv_ogr_wkt", "csv_delimited_geometry", "geojson"))
POINT_FORMATS = tuple(f for f in GEOMETRY_FORMATS if f != "csv_ogr_wkt")
POLYGON_FORMATS = GEOMETRY_FORMATS
NOT_SELECTED = tuple(f for f in FORMATS if f != "selected")

SCENARIOS = {
    "assigncases_postcode": Scenario(
        "assigncases", {"INPUT": "cases", "POSTCODE_LOOKUP": "lookup"},
        {"LOCATION_TYPE": 0, "LOCATION_FIELD": "postcode", "LOOKUP_POSTCODE_FIELD": "pcds",
         "LOOKUP_AREA_FIELDS": ["lsoa21cd"]}, TABLE_FORMATS + ("geojson",), assigned_summary("lsoa21cd"),
        check_assigned("blank postcode", ("malformed postcode", "postcode not in lookup")), reference="gpkg_table",
        outputs={"OUTPUT": "TEMPORARY_OUTPUT", "UNMATCHED": "TEMPORARY_OUTPUT"}),
    "assigncases_points": Scenario(
        "assigncases", {"INPUT": "cases", "AREAS": "areas"},
        {"LOCATION_TYPE": 2, "AREA_FIELD": "LSOA21CD"}, POINT_FORMATS, assigned_summary("LSOA21CD"),
        check_assigned("invalid coordinates", ("invalid coordinates",)), needs_geometry=("INPUT", "AREAS"),
        outputs={"OUTPUT": "TEMPORARY_OUTPUT", "UNMATCHED": "TEMPORARY_OUTPUT"}),
    "assigncases_xy": Scenario(
        "assigncases", {"INPUT": "cases", "AREAS": "areas"},
        {"LOCATION_TYPE": 3, "X_FIELD": "x", "Y_FIELD": "y", "AREA_FIELD": "LSOA21CD"}, TABLE_FORMATS,
        assigned_summary("LSOA21CD"), check_assigned("invalid coordinates", ("invalid coordinates",)),
        reference="gpkg_table", needs_geometry=("AREAS",),
        outputs={"OUTPUT": "TEMPORARY_OUTPUT", "UNMATCHED": "TEMPORARY_OUTPUT"}),
    "joincasecounts": Scenario(
        "joincasecounts", {"INPUT": "cases", "AREAS": "areas"},
        {"CASE_AREA_FIELD": "area_code", "GROUP_FIELD": "age_band", "AREA_FIELD": "LSOA21CD"}, FORMATS,
        join_summary, check_join, outputs={"OUTPUT": "TEMPORARY_OUTPUT"}),
    "representation": Scenario(
        "representation", {"INPUT": "areas"},
        {"OBSERVED_FIELDS": ["obs_young", "obs_old"], "POPULATION_FIELDS": ["pop_young", "pop_old"]}, FORMATS,
        representation_summary, check_representation, outputs={"OUTPUT": "TEMPORARY_OUTPUT"}),
    "grouprepresentation": Scenario(
        "grouprepresentation", {"CASES": "cases", "POPULATION": "population"},
        {"GROUP_FIELD": "age_band", "POP_FILTER": "\"dimension\" = 'age_band'", "POP_GROUP_FIELD": "group",
         "POP_COUNT_FIELD": "population", "MULTIPLE_TESTING": 0}, TABLE_FORMATS, group_summary, check_groups,
        reference="gpkg_table", outputs={"OUTPUT": "TEMPORARY_OUTPUT"}),
    "apportion": Scenario(
        "apportion", {"INPUT": "areas", "TARGET": "constituency"},
        {"SOURCE_ID_FIELD": "LSOA21CD", "FIELDS": ["pop_total"], "TARGET_ID_FIELD": "PCON24CD", "METHOD": 2},
        POLYGON_FORMATS, apportion_summary, check_apportion, outputs={"OUTPUT": "TEMPORARY_OUTPUT"}),
    "tierstyle": Scenario(
        "tierstyle", {"INPUT": "rep"}, {"TIER_FIELD": "tier"},
        tuple(f for f in POLYGON_FORMATS if f != "selected"), tierstyle_summary, check_tierstyle),
    "exportmap": Scenario(
        "exportmap", {"INPUT": "rep"}, {"DPI": 30, "DATA_DATE": "March 2024"}, POLYGON_FORMATS,
        exportmap_summary, check_exportmap, outputs={"OUTPUT_PNG": "map.png"}),
    "exportstyled": Scenario(
        "exportstyled", {"INPUT": "rep"}, {}, POLYGON_FORMATS,
        exportstyled_summary, check_exportstyled, outputs={"OUTPUT": "styled.gpkg"}),
    "insightreport": Scenario(
        "insightreport", {"AREA_LAYERS": "rep", "GROUP_TABLES": "groups"},
        {"INCLUDE_MAP": False, "PUBLICATION_SAFE": False}, NOT_SELECTED, report_summary, check_report,
        list_inputs=("AREA_LAYERS", "GROUP_TABLES"), outputs={"OUTPUT_HTML": "report.html"}),
}

MATRIX = [pytest.param(name, fmt, id=f"{name}-{fmt}") for name, scenario in SCENARIOS.items()
          for fmt in scenario.formats]


REFERENCE_SUMMARIES: dict[str, dict] = {}


def input_format(data: SampleData, dataset: str, fmt: str, needs_geometry: bool = False) -> str:
    """``fmt`` where it can hold the dataset (with its geometry when the parameter needs it), otherwise
    the GeoPackage (a layer if the dataset has geometry)."""
    if data.get(dataset).supports(fmt) and (fmt in GEOMETRY_FORMATS or not needs_geometry):
        return fmt
    return "gpkg_layer" if data.get(dataset).geometry else "gpkg_table"


def run_scenario(run_alg, opened: OpenedLayers, tmp_path, scenario: Scenario, fmt: str) -> dict:
    """Run the scenario with every input read from ``fmt``; its summary."""
    data = opened.files.data
    parameters = dict(scenario.parameters)
    for key, dataset in scenario.inputs.items():
        value = opened.value(dataset, input_format(data, dataset, fmt, key in scenario.needs_geometry))
        parameters[key] = [value] if key in scenario.list_inputs else value
    for key, name in scenario.outputs.items():
        parameters[key] = name if name == "TEMPORARY_OUTPUT" else str(tmp_path / name)
    feedback = RecordingFeedback()
    result = run_alg(scenario.algorithm, parameters, feedback=feedback)
    first = parameters[next(iter(scenario.inputs))]
    context = {"feedback": feedback, "layer": first if isinstance(first, QgsVectorLayer) else None}
    return scenario.summary(result, context)


@pytest.mark.parametrize(("name", "fmt"), MATRIX)
def test_every_format_gives_the_reference_result(run_alg, opened, tmp_path, name, fmt):
    scenario = SCENARIOS[name]
    summary = run_scenario(run_alg, opened, tmp_path, scenario, fmt)
    if fmt == scenario.reference:
        scenario.independent(summary, opened.files.data)
        REFERENCE_SUMMARIES[name] = summary
        return
    if name not in REFERENCE_SUMMARIES:
        reference_dir = tmp_path / "reference"
        reference_dir.mkdir()
        REFERENCE_SUMMARIES[name] = run_scenario(run_alg, opened, reference_dir, scenario, scenario.reference)
    expected = dict(REFERENCE_SUMMARIES[name])
    if "kind" in expected and input_format(opened.files.data, scenario.inputs.get("AREAS", "areas"), fmt) \
            not in GEOMETRY_FORMATS and scenario.algorithm in ("joincasecounts", "representation"):
        expected["kind"] = "table"  # a table in gives a table out
    assert summary == expected
