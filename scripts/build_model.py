"""Write the shipped end-to-end Processing model (``resources/models/phso_insight_pipeline.model3``).

Raw cases + postcode lookup + LSOA layer with population (+ constituency and ICB layers) →
case counts by age band per LSOA, straight from the postcodes → apportion counts and population
to constituencies (population-weighted) and ICBs (best fit) → representation (indirectly
standardised, Benjamini–Hochberg) on each → tier style (QML) → tier maps (PNG) → summary report
(HTML). The model is generated from code so that it always matches the algorithms' parameters;
a test checks the shipped file equals a fresh build. Defaults fit the bundled sample data.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from scripts.qgis_headless import ROOT, start_qgis

MODEL_PATH = ROOT / "phso_insight_plugin" / "resources" / "models" / "phso_insight_pipeline.model3"
MODEL_NAME = "Cases to tiered maps and report (end to end)"
AGE = ["0_15", "16_24", "25_34", "35_49", "50_64", "65_plus"]


def build():
    """The QgsProcessingModelAlgorithm (QGIS must be initialised)."""
    from qgis.core import (
        Qgis,
        QgsProcessingModelAlgorithm,
        QgsProcessingModelChildAlgorithm,
        QgsProcessingModelChildParameterSource,
        QgsProcessingModelOutput,
        QgsProcessingModelParameter,
        QgsProcessingParameterFeatureSource,
        QgsProcessingParameterField,
        QgsProcessingParameterString,
    )
    from qgis.PyQt.QtCore import QPointF

    model = QgsProcessingModelAlgorithm(MODEL_NAME, "Pipelines", "pipelines")
    model.setHelpContent({"ALG_DESC": __doc__.split("\n\n")[1].replace("\n", " "),
                          "ALG_CREATOR": "PHSO Insight", "ALG_VERSION": "1"})
    inputs = []

    def add_input(parameter, x):
        component = QgsProcessingModelParameter(parameter.name())
        component.setPosition(QPointF(x, 60 + 70 * sum(1 for p in inputs if abs(p[1] - x) < 1)))
        model.addModelParameter(parameter, component)
        inputs.append((parameter.name(), x))

    layer = QgsProcessingParameterFeatureSource

    def field(name, description, default, parent, optional=False):
        """A field input with the sample's field as default (the dialog pre-fills it; qgis_process
        and processing.run in QGIS 3.22 need the value given explicitly)."""
        return QgsProcessingParameterField(name, description, default, parent, optional=optional)
    add_input(layer("cases", "Raw cases (one row per case)", [Qgis.ProcessingSourceType.Vector]), 120)
    add_input(field("postcode_field", "Cases: postcode field", "postcode", "cases"), 120)
    add_input(field("group_field", "Cases: age band field", "age_band", "cases"), 120)
    add_input(layer("lookup", "Postcode lookup (ONSPD/NSPL extract)", [Qgis.ProcessingSourceType.Vector]), 420)
    add_input(field("lookup_postcode_field", "Lookup: postcode field", "pcds", "lookup"), 420)
    add_input(field("lookup_lsoa_field", "Lookup: LSOA code field", "lsoa21cd", "lookup"), 420)
    add_input(field("lookup_terminated_field", "Lookup: termination date field", "doterm", "lookup",
                    optional=True), 420)
    add_input(layer("lsoa", "LSOAs with population by age band", [Qgis.ProcessingSourceType.VectorPolygon]), 720)
    add_input(field("lsoa_code_field", "LSOAs: code field", "LSOA21CD", "lsoa"), 720)
    add_input(field("lsoa_population_field", "LSOAs: total population field", "pop_total", "lsoa"), 720)
    add_input(QgsProcessingParameterString(
        "observed_fields", "Case count fields by age band (made by the join: prefix + age band)",
        ";".join(f"cases_{a}" for a in AGE)), 720)
    add_input(QgsProcessingParameterString(
        "population_fields", "LSOAs: population fields by age band (same order)",
        ";".join(f"pop_age_{a}" for a in AGE)), 720)
    add_input(layer("constituency", "Westminster constituencies", [Qgis.ProcessingSourceType.VectorPolygon]), 1020)
    add_input(field("constituency_code_field", "Constituencies: code field", "PCON24CD", "constituency"), 1020)
    add_input(layer("icb", "NHS Integrated Care Boards", [Qgis.ProcessingSourceType.VectorPolygon]), 1320)
    add_input(field("icb_code_field", "ICBs: code field", "ICB23CD", "icb"), 1320)

    param = QgsProcessingModelChildParameterSource.fromModelParameter
    static = QgsProcessingModelChildParameterSource.fromStaticValue
    output_of = QgsProcessingModelChildParameterSource.fromChildOutput
    expression = QgsProcessingModelChildParameterSource.fromExpression

    def child(child_id, alg_id, description, position, sources, outputs=()):
        step = QgsProcessingModelChildAlgorithm(f"phso_insight:{alg_id}")
        step.setChildId(child_id)
        step.setDescription(description)
        step.setPosition(QPointF(*position))
        for name, source in sources.items():
            step.addParameterSources(name, [source])
        model_outputs = {}
        for output_name, child_output in outputs:
            out = QgsProcessingModelOutput(output_name)
            out.setChildId(child_id)
            out.setChildOutputName(child_output)
            out.setPosition(QPointF(position[0] + 220, position[1] + 40))
            model_outputs[output_name] = out
        step.setModelOutputs(model_outputs)
        model.addChildAlgorithm(step)

    # Counted straight from the postcodes: no million-row table of assigned cases is written between two
    # steps. The step keeps the id "assign", so the model's output stays "assign:unmatched_cases".
    child("assign", "joincasecounts", "Count cases by age band per LSOA, by postcode", (300, 1400), {
        "INPUT": param("cases"), "POSTCODE_FIELD": param("postcode_field"), "POSTCODE_LOOKUP": param("lookup"),
        "LOOKUP_POSTCODE_FIELD": param("lookup_postcode_field"), "LOOKUP_AREA_FIELD": param("lookup_lsoa_field"),
        "LOOKUP_TERMINATED_FIELD": param("lookup_terminated_field"), "GROUP_FIELD": param("group_field"),
        "AREAS": param("lsoa"), "AREA_FIELD": param("lsoa_code_field"), "FIELD_PREFIX": static("cases")},
        [("unmatched_cases", "UNMATCHED")])
    apportion_fields = expression("concat(@observed_fields, ';', @population_fields)")
    for child_id, target, code, method, text, x in (
            ("to_constituency", "constituency", "constituency_code_field", 0,
             "Apportion to constituencies (population-weighted)", 600),
            ("to_icb", "icb", "icb_code_field", 1, "Apportion to ICBs (best fit)", 900)):
        child(child_id, "apportion", text, (x, 1600), {
            "INPUT": output_of("assign", "OUTPUT"), "SOURCE_ID_FIELD": param("lsoa_code_field"),
            "FIELDS": apportion_fields, "TARGET": param(target), "TARGET_ID_FIELD": param(code),
            "METHOD": static(method), "WEIGHTS": output_of("assign", "OUTPUT"),
            "WEIGHT_FIELD": param("lsoa_population_field"), "UNALLOCATED": static(0)})
    for geography, source, x in (("lsoa", output_of("assign", "OUTPUT"), 300),
                                 ("constituency", output_of("to_constituency", "OUTPUT"), 600),
                                 ("icb", output_of("to_icb", "OUTPUT"), 900)):
        child(f"representation_{geography}", "representation", f"Representation ratios: {geography}",
              (x, 1750), {"INPUT": source, "OBSERVED_FIELDS": param("observed_fields"),
                          "POPULATION_FIELDS": param("population_fields"), "MULTIPLE_TESTING": static(1),
                          "OVERDISPERSION": static(0), "MIN_EXPECTED": static(5.0)},
              [(f"{geography}_representation", "OUTPUT")])
        child(f"map_{geography}", "exportmap", f"Tier map: {geography}", (x, 1900), {
            "INPUT": output_of(f"representation_{geography}", "OUTPUT"),
            "TITLE": static("Complaint cases compared with population by "
                            + (geography.upper() if geography != "constituency" else "constituency")),
            "SUBTITLE": output_of(f"representation_{geography}", "METHOD")},
            [(f"{geography}_map_png", "OUTPUT_PNG")])
    child("style_lsoa", "tierstyle", "Tier style (QML/SLD): LSOA", (1200, 1750), {
        "INPUT": output_of("representation_lsoa", "OUTPUT")}, [("lsoa_style_qml", "OUTPUT_QML")])
    report = QgsProcessingModelChildAlgorithm("phso_insight:insightreport")
    report.setChildId("report")
    report.setDescription("Insight summary report")
    report.setPosition(QPointF(600, 2050))
    report.addParameterSources("AREA_LAYERS", [output_of(f"representation_{g}", "OUTPUT")
                                               for g in ("constituency", "icb", "lsoa")])
    report.addParameterSources("PUBLICATION_SAFE", [static(True)])
    out = QgsProcessingModelOutput("summary_report_html")
    out.setChildId("report")
    out.setChildOutputName("OUTPUT_HTML")
    out.setPosition(QPointF(820, 2090))
    report.setModelOutputs({"summary_report_html": out})
    model.addChildAlgorithm(report)
    return model


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    out = parser.parse_args().out
    app = start_qgis()  # noqa: F841
    model = build()
    out.parent.mkdir(parents=True, exist_ok=True)
    if not model.toFile(str(out)):
        raise SystemExit(f"Could not write {out}")
    print(f"Wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
