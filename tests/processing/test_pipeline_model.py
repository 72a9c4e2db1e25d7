"""The shipped end-to-end model runs on the sample data, from Processing and from qgis_process.bin."""
import subprocess
import sys

import pytest

from phso_insight_plugin.resources import MODELS_DIR, SAMPLE_DIR

MODEL_ID = "phso_insight:Cases to tiered maps and report (end to end)"
MODEL_FILE = MODELS_DIR / "phso_insight_pipeline.model3"
GPKG = SAMPLE_DIR / "sample.gpkg"


def sample_inputs() -> dict:
    return {"cases": str(SAMPLE_DIR / "cases.csv"), "lookup": f"{GPKG}|layername=postcode_lookup",
            "lsoa": f"{GPKG}|layername=lsoa", "constituency": f"{GPKG}|layername=constituency",
            "icb": f"{GPKG}|layername=icb", "postcode_field": "postcode", "group_field": "age_band",
            "lookup_postcode_field": "pcds", "lookup_lsoa_field": "lsoa21cd", "lookup_terminated_field": "doterm",
            "lsoa_code_field": "LSOA21CD", "lsoa_population_field": "pop_total",
            "observed_fields": "cases_0_15;cases_16_24;cases_25_34;cases_35_49;cases_50_64;cases_65_plus",
            "population_fields": "pop_age_0_15;pop_age_16_24;pop_age_25_34;pop_age_35_49;pop_age_50_64;"
                                 "pop_age_65_plus",
            "constituency_code_field": "PCON24CD", "icb_code_field": "ICB23CD"}


def outputs_in(folder) -> dict:
    return {"representation_lsoa:lsoa_representation": str(folder / "lsoa.gpkg"),
            "representation_constituency:constituency_representation": str(folder / "constituency.gpkg"),
            "representation_icb:icb_representation": str(folder / "icb.gpkg"),
            "map_lsoa:lsoa_map_png": str(folder / "lsoa.png"),
            "map_constituency:constituency_map_png": str(folder / "constituency.png"),
            "map_icb:icb_map_png": str(folder / "icb.png"),
            "style_lsoa:lsoa_style_qml": str(folder / "lsoa.qml"),
            "report:summary_report_html": str(folder / "report.html"),
            "assign:unmatched_cases": str(folder / "unmatched.csv")}


def check_outputs(folder) -> None:
    from qgis.core import QgsVectorLayer

    counts = {name: QgsVectorLayer(str(folder / f"{name}.gpkg"), name, "ogr").featureCount()
              for name in ("lsoa", "constituency", "icb")}
    assert counts == {"lsoa": 300, "constituency": 8, "icb": 3}
    for name in ("lsoa", "constituency", "icb"):
        assert (folder / f"{name}.png").read_bytes()[:4] == b"\x89PNG"
    assert "<renderer-v2" in (folder / "lsoa.qml").read_text()
    html = (folder / "report.html").read_text()
    assert "significantly more cases than their population would suggest" in html
    icb = QgsVectorLayer(str(folder / "icb.gpkg"), "icb", "ogr")
    lsoa = QgsVectorLayer(str(folder / "lsoa.gpkg"), "lsoa", "ogr")
    assert sum(f["observed"] for f in icb.getFeatures()) == pytest.approx(
        sum(f["observed"] for f in lsoa.getFeatures()), rel=1e-9)


def test_the_model_is_listed_in_the_toolbox(plugin):
    from qgis.core import QgsApplication

    model = QgsApplication.processingRegistry().algorithmById(MODEL_ID)
    assert model is not None and model.group() == "Pipelines"
    assert "report:summary_report_html" in [p.name() for p in model.destinationParameterDefinitions()]


def test_the_model_runs_end_to_end_on_the_sample(run_alg, tmp_path):
    from qgis import processing

    processing.run(MODEL_ID, {**sample_inputs(), **outputs_in(tmp_path)})
    check_outputs(tmp_path)


@pytest.mark.cli
def test_the_model_runs_from_qgis_process(qgis_process, tmp_path, qgis_app):
    qgis_process("run", MODEL_ID, **sample_inputs(), **outputs_in(tmp_path))
    check_outputs(tmp_path)


def source_summary(source) -> tuple:
    """Where a child parameter's value comes from: static value, model input, child output or expression."""
    return (int(source.source()), source.staticValue(), source.parameterName(), source.outputChildId(),
            source.outputName(), source.expression())


def model_summary(path) -> dict:
    """What a .model3 file means, read back by the running QGIS: inputs, steps, links and outputs.

    Each QGIS version writes its own extra keys, so files are compared by meaning, not by bytes.
    """
    from qgis.core import QgsProcessingModelAlgorithm

    model = QgsProcessingModelAlgorithm()
    assert model.fromFile(str(path)), path
    inputs = {p.name(): (p.type(), p.description(), p.defaultValue(), int(p.flags()))
              for p in model.parameterDefinitions()}
    steps = {child_id: {"algorithm": child.algorithmId(), "description": child.description(),
                        "dependencies": sorted(d.childId for d in child.dependencies()),
                        "sources": {name: [source_summary(s) for s in sources]
                                    for name, sources in child.parameterSources().items()},
                        "outputs": {name: out.childOutputName() for name, out in child.modelOutputs().items()}}
             for child_id, child in model.childAlgorithms().items()}
    return {"name": model.name(), "group": model.group(), "help": model.helpContent(), "inputs": inputs,
            "steps": steps}


def test_the_shipped_model_is_what_the_build_script_writes(plugin, tmp_path):
    """The .model3 is generated from code; a stale file would not match the algorithms' parameters."""
    built = subprocess.run([sys.executable, "-m", "scripts.build_model", "--out", str(tmp_path / "model.model3")],
                           capture_output=True, text=True, timeout=120, cwd=MODEL_FILE.parents[3])
    assert built.returncode == 0, built.stderr[-2000:]
    assert model_summary(MODEL_FILE) == model_summary(tmp_path / "model.model3"), \
        "regenerate with python -m scripts.build_model (run in the QGIS environment)"
