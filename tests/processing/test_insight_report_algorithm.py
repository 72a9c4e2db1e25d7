"""phso_insight:insightreport end to end: the sample pipeline's outputs, and small hand-made layers."""
import base64
import re

import pytest

from phso_insight_plugin.resources import SAMPLE_DIR
from tests.layers import attribute_rows, memory_layer, square
from tests.report.html_reading import table_rows, visible_text

SAMPLE = SAMPLE_DIR / "sample.gpkg"
AGES = ["0_15", "16_24", "25_34", "35_49", "50_64", "65_plus"]
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def sample_layer(name):
    from qgis.core import QgsVectorLayer

    return QgsVectorLayer(f"{SAMPLE}|layername={name}", name, "ogr")


def run(alg_id: str, parameters: dict) -> dict:
    from qgis import processing
    from qgis.core import QgsProcessingFeedback

    return processing.run(f"phso_insight:{alg_id}", parameters, feedback=QgsProcessingFeedback())


@pytest.fixture(scope="module")
def sample_outputs(plugin, tmp_path_factory) -> tuple[str, str]:
    """The sample run through assign → join → representation (LSOAs, by age, BH) and a deprivation
    group table, as GeoPackage paths (paths, not layers: a layer outliving QGIS would crash at exit)."""
    out = tmp_path_factory.mktemp("sample")
    assigned = run("assigncases", {
        "INPUT": str(SAMPLE_DIR / "cases.csv"), "LOCATION_TYPE": 0, "LOCATION_FIELD": "postcode",
        "POSTCODE_LOOKUP": sample_layer("postcode_lookup"), "LOOKUP_POSTCODE_FIELD": "pcds",
        "LOOKUP_AREA_FIELDS": ["lsoa21cd"], "LOOKUP_TERMINATED_FIELD": "doterm", "OUTPUT": "TEMPORARY_OUTPUT"})
    counts = run("joincasecounts", {
        "INPUT": assigned["OUTPUT"], "CASE_AREA_FIELD": "lsoa21cd", "GROUP_FIELD": "age_band",
        "AREAS": sample_layer("lsoa"), "AREA_FIELD": "LSOA21CD", "OUTPUT": "TEMPORARY_OUTPUT"})
    lsoa = run("representation", {
        "INPUT": counts["OUTPUT"], "OBSERVED_FIELDS": [f"cases_{a}" for a in AGES],
        "POPULATION_FIELDS": [f"pop_age_{a}" for a in AGES], "MULTIPLE_TESTING": 1,
        "OUTPUT": str(out / "LSOAs.gpkg")})
    deprivation = run("grouprepresentation", {
        "CASES": assigned["OUTPUT"], "GROUP_SOURCE": 1, "CASE_AREA_CODE_FIELD": "lsoa21cd",
        "AREA_ATTRIBUTE_LAYER": sample_layer("lsoa"), "AREA_ATTRIBUTE_CODE_FIELD": "LSOA21CD",
        "AREA_ATTRIBUTE_FIELD": "imd_decile", "AREA_ATTRIBUTE_POPULATION_FIELD": "pop_total",
        "OUTPUT": str(out / "deprivation decile.gpkg")})
    return lsoa["OUTPUT"], deprivation["OUTPUT"]


@pytest.fixture(scope="module")
def sample_report(sample_outputs, tmp_path_factory):
    """The report on the sample outputs, with the tier map and a PDF."""
    out = tmp_path_factory.mktemp("report")
    lsoa, deprivation = sample_outputs
    result = run("insightreport", {
        "AREA_LAYERS": [lsoa], "GROUP_TABLES": [deprivation], "DATA_DATE": "March 2024",
        "OUTPUT_HTML": str(out / "report.html"), "OUTPUT_PDF": str(out / "report.pdf")})
    return result, (out / "report.html").read_text(encoding="utf-8")


def test_sample_report_names_the_lsoa_with_the_highest_significant_ratio(sample_outputs, sample_report):
    from qgis.core import QgsVectorLayer

    rows = attribute_rows(QgsVectorLayer(sample_outputs[0], "LSOAs", "ogr"))
    highest = max((r for r in rows if r["tier"] in (1, 2)), key=lambda r: r["ratio"])
    n_high = sum(r["tier"] in (1, 2) for r in rows)
    result, _ = sample_report
    assert (f"Of {len(rows)} small areas (LSOAs), {n_high} have significantly more cases than their population "
            f"would suggest") in result["HEADLINES"]
    assert f"the highest is {highest['LSOA21NM']}, with {highest['ratio']:.2f} times the expected number." in \
        result["HEADLINES"]


def test_sample_report_describes_the_deprivation_gradient(sample_report):
    result, _ = sample_report
    assert "Of 10 groups compared (IMD decile), " in result["HEADLINES"]
    assert "People in the group “1” (IMD decile) make up" in result["HEADLINES"]


def test_sample_report_embeds_the_tier_map_and_the_funnel_plot(sample_report):
    _, html = sample_report
    images = re.findall(r'<img src="data:image/png;base64,([^"]+)"', html)
    assert len(images) == 2
    assert all(base64.b64decode(image).startswith(PNG_SIGNATURE) for image in images)
    text = visible_text(html)
    assert text.index("Map") < text.index("Funnel plot")


def test_sample_report_counts_are_publication_safe_by_default(sample_report):
    _, html = sample_report
    lsoa_rows = [row for row in table_rows(html) if len(row) == 5 and row[1] != "Cases"]
    assert lsoa_rows and all(row[1] == "<8" or int(row[1].replace(",", "")) % 5 == 0 for row in lsoa_rows)


def test_sample_report_pdf_has_several_pages(sample_report):
    result, _ = sample_report
    with open(result["OUTPUT_PDF"], "rb") as pdf:
        content = pdf.read()
    assert content.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page\b(?!s)", content)) > 1


def constituency_layer(method=None, geometry=True):
    """Four constituencies with known tiers: one 99.8% higher, one 95% lower, one in line, one too few."""
    columns = {
        "PCON24CD": ["E14001901", "E14001902", "E14001903", "E14001904"],
        "PCON24NM": ["Brackenmoor", "Easthaven", "Westerleigh", "Saltings"],
        "label": ["B", "E", "W", "S"],
        "observed": [146, 80, 100, 3], "expected": [100.0, 100.0, 100.0, 2.0],
        "ratio": [1.46, 0.8, 1.0, 1.5], "lcl95": [1.23, 0.63, 0.81, 0.31], "ucl95": [1.72, 0.99, 1.22, 4.38],
        "tier": [2, -1, 0, None], "tier_label": ["a", "b", "c", "d"],
    }
    if method:
        columns["method"] = [method] * 4
    wkt = [square(100 * i, 0) for i in range(4)] if geometry else None
    layer = memory_layer(columns, wkt, types={"tier": int})
    layer.setName("PCON")
    return layer


def report(run_alg, tmp_path, **parameters):
    result = run_alg("insightreport", {"INCLUDE_MAP": False, "OUTPUT_HTML": str(tmp_path / "r.html"), **parameters})
    return result, (tmp_path / "r.html").read_text(encoding="utf-8")


def test_headlines_of_a_hand_made_layer_are_exact(run_alg, tmp_path):
    result, _ = report(run_alg, tmp_path, AREA_LAYERS=[constituency_layer()], PUBLICATION_SAFE=False)
    assert result["HEADLINES"].splitlines() == [
        "The comparison covers 329 cases in 4 constituencies.",
        "Of 4 constituencies, 1 has significantly more cases than its population would suggest (at the stricter "
        "99.8% level): Brackenmoor, with 1.46 times the expected number.",
        "Of 4 constituencies, 1 has significantly fewer cases than its population would suggest: Easthaven, with "
        "0.80 times the expected number.",
        "Of the other 2, 1 is in line with its population and there are too few cases to say for 1.",
    ]


def test_the_area_name_field_can_be_chosen(run_alg, tmp_path):
    result, _ = report(run_alg, tmp_path, AREA_LAYERS=[constituency_layer()], AREA_NAME_FIELD="label")
    assert "Brackenmoor" not in result["HEADLINES"] and ": B, with 1.46 times" in result["HEADLINES"]


def test_an_area_name_field_no_layer_has_is_an_error(run_alg, tmp_path):
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException,
                       match=r"No area layer \(AREA_LAYERS\) has the name field 'LAD24NM' \(AREA_NAME_FIELD\)"):
        report(run_alg, tmp_path, AREA_LAYERS=[constituency_layer()], AREA_NAME_FIELD="LAD24NM")


def test_a_report_without_any_layer_is_an_error(run_alg, tmp_path):
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException, match="Give at least one representation layer"):
        report(run_alg, tmp_path)


def test_a_layer_that_is_not_a_representation_output_is_named_in_the_error(run_alg, tmp_path):
    from qgis.core import QgsProcessingException

    counts = memory_layer({"PCON24NM": ["Brackenmoor"], "cases": [3]})
    counts.setName("case counts")
    with pytest.raises(QgsProcessingException, match=r"not found in the layer 'case counts'"):
        report(run_alg, tmp_path, AREA_LAYERS=[counts])


def test_without_publication_safe_mode_small_counts_are_shown(run_alg, tmp_path):
    _, html = report(run_alg, tmp_path, AREA_LAYERS=[constituency_layer()], PUBLICATION_SAFE=False)
    assert next(row for row in table_rows(html) if row[0] == "Easthaven")[1] == "80"
    assert "Not publication-safe" in visible_text(html)


def test_a_layer_is_titled_by_its_geography_from_its_codes_never_by_its_layer_name(run_alg, tmp_path):
    result, html = report(run_alg, tmp_path, AREA_LAYERS=[constituency_layer()])
    headings = re.findall(r"<h2[^>]*>([^<]*)</h2>", html)
    assert "Constituencies" in headings and "PCON" not in headings


def test_a_layer_without_run_metadata_says_no_method_was_recorded(run_alg, tmp_path):
    _, html = report(run_alg, tmp_path, AREA_LAYERS=[constituency_layer(method="Crude rates; PHE limits")])
    text = visible_text(html)
    assert "Constituencies: no method was recorded with this layer" in text
    assert "Crude rates; PHE limits" not in text  # a text field is not a record of the run


def test_a_table_without_geometry_gives_a_report_without_a_map(run_alg, tmp_path):
    result, html = report(run_alg, tmp_path, AREA_LAYERS=[constituency_layer(geometry=False)], INCLUDE_MAP=True)
    assert len(re.findall(r"<img ", html)) == 1  # the funnel plot only
    assert result["OUTPUT_PDF"] is None


def test_a_pdf_of_a_small_report_starts_with_the_pdf_signature(run_alg, tmp_path):
    result, _ = report(run_alg, tmp_path, AREA_LAYERS=[constituency_layer()], INCLUDE_MAP=True,
                       OUTPUT_PDF=str(tmp_path / "r.pdf"))
    content = (tmp_path / "r.pdf").read_bytes()
    assert result["OUTPUT_PDF"] == str(tmp_path / "r.pdf")
    assert content.startswith(b"%PDF") and len(content) > 10_000


@pytest.mark.cli
def test_report_runs_from_the_command_line(qgis_process, sample_outputs, tmp_path):
    result = qgis_process("run", "phso_insight:insightreport", AREA_LAYERS=sample_outputs[0],
                          OUTPUT_HTML=str(tmp_path / "report.html"), OUTPUT_PDF=str(tmp_path / "report.pdf"))
    assert "small areas (LSOAs)" in result["results"]["HEADLINES"]
    assert (tmp_path / "report.pdf").read_bytes().startswith(b"%PDF")
    assert len(re.findall(r"<img ", (tmp_path / "report.html").read_text(encoding="utf-8"))) == 2
