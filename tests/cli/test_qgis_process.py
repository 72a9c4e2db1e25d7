"""The installed plugin works from the command line through qgis_process.bin."""
import pytest

from tests.layers import memory_layer, square

pytestmark = pytest.mark.cli


def write_gpkg(layer, path):
    from qgis.core import QgsCoordinateTransformContext, QgsVectorFileWriter

    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    error = QgsVectorFileWriter.writeAsVectorFormatV3(layer, str(path), QgsCoordinateTransformContext(), options)
    assert error[0] == QgsVectorFileWriter.WriterError.NoError, error
    return path


def test_algorithms_are_listed(qgis_process):
    listed = qgis_process("list")
    ids = {alg_id for provider in listed["providers"].values() for alg_id in provider.get("algorithms", {})}
    assert "phso_insight:representation" in ids


def test_representation_runs_from_the_command_line(qgis_process, qgis_app, tmp_path):
    from qgis.core import QgsVectorLayer

    areas = memory_layer({"code": ["A", "B", "C"], "cases": [60, 100, 100], "pop": [2000, 10000, 10000]},
                         [square(0, 0), square(100, 0), square(200, 0)])
    source = write_gpkg(areas, tmp_path / "areas.gpkg")
    out = tmp_path / "representation.gpkg"
    result = qgis_process("run", "phso_insight:representation", INPUT=str(source), OBSERVED_FIELDS="cases",
                          POPULATION_FIELDS="pop", OUTPUT=str(out))
    assert result["results"]["N_AREAS"] == 3
    assert result["results"]["N_SIG_HIGH"] == 1
    layer = QgsVectorLayer(str(out), "out", "ogr")
    rows = {f["code"]: f for f in layer.getFeatures()}
    assert rows["A"]["expected"] == pytest.approx(260 * 2000 / 22000, rel=1e-12)
    assert rows["A"]["tier"] == 2


def test_assign_join_and_apportion_chain_from_the_command_line(qgis_process, qgis_app, tmp_path):
    from qgis.core import QgsVectorLayer

    from phso_insight_plugin.resources import SAMPLE_DIR

    gpkg = SAMPLE_DIR / "sample.gpkg"
    assigned = qgis_process(
        "run", "phso_insight:assigncases", INPUT=str(SAMPLE_DIR / "cases.csv"), LOCATION_TYPE=0,
        LOCATION_FIELD="postcode", POSTCODE_LOOKUP=f"{gpkg}|layername=postcode_lookup", LOOKUP_POSTCODE_FIELD="pcds",
        LOOKUP_AREA_FIELDS="lsoa21cd", LOOKUP_TERMINATED_FIELD="doterm", OUTPUT=str(tmp_path / "assigned.gpkg"),
        UNMATCHED=str(tmp_path / "unmatched.csv"))["results"]
    assert assigned["ROWS_IN"] == assigned["ROWS_MATCHED"] + assigned["ROWS_UNMATCHED"]
    joined = qgis_process(
        "run", "phso_insight:joincasecounts", INPUT=str(tmp_path / "assigned.gpkg"), CASE_AREA_FIELD="lsoa21cd",
        AREAS=f"{gpkg}|layername=lsoa", AREA_FIELD="LSOA21CD", OUTPUT=str(tmp_path / "lsoa_counts.gpkg"))["results"]
    assert joined["CASES_MATCHED"] == assigned["ROWS_MATCHED"]
    apportioned = qgis_process(
        "run", "phso_insight:apportion", INPUT=str(tmp_path / "lsoa_counts.gpkg"), SOURCE_ID_FIELD="LSOA21CD",
        FIELDS="cases", TARGET=f"{gpkg}|layername=constituency", TARGET_ID_FIELD="PCON24CD", METHOD=0,
        WEIGHTS=str(tmp_path / "lsoa_counts.gpkg"), WEIGHT_FIELD="pop_total",
        OUTPUT=str(tmp_path / "constituency.gpkg"))["results"]
    out = QgsVectorLayer(str(tmp_path / "constituency.gpkg"), "c", "ogr")
    assert sum(f["cases"] for f in out.getFeatures()) == pytest.approx(assigned["ROWS_MATCHED"], rel=1e-9)
    assert apportioned["UNALLOCATED_TOTAL"] == pytest.approx(0.0, abs=1e-6)


def test_published_deprivation_and_census_files_are_prepared_from_the_command_line(qgis_process, qgis_app,
                                                                                   tmp_path):
    from qgis.core import QgsVectorLayer

    from phso_insight_plugin.resources import SAMPLE_DIR

    gpkg = SAMPLE_DIR / "sample.gpkg"
    deprivation = qgis_process(
        "run", "phso_insight:preparedeprivation", INPUT=str(SAMPLE_DIR / "File_7_IoD2025_sample.csv"),
        AREAS=f"{gpkg}|layername=lsoa", AREA_FIELD="LSOA21CD", FIELD_PREFIX="iod25",
        OUTPUT=str(tmp_path / "deprivation.gpkg"))["results"]
    assert (deprivation["N_MATCHED"], deprivation["N_ESTIMATED"], deprivation["EDITION"]) == (300, 0, "IoD2025")
    layer = QgsVectorLayer(str(tmp_path / "deprivation.gpkg"), "d", "ogr")
    assert all(f["iod25_decile"] == f["imd_decile"] for f in layer.getFeatures())
    population = qgis_process(
        "run", "phso_insight:preparepopulation", INPUT=str(SAMPLE_DIR / "census2021-ts007-lsoa.csv"),
        OUTPUT_TABLE=str(tmp_path / "age.csv"))["results"]
    assert population["POPULATION_TOTAL"] == 542420


def test_area_briefings_are_written_from_the_command_line(qgis_process, sample_pipeline, tmp_path):
    """Print layouts in qgis_process (no desktop): two LSOAs' one-page PDFs and their index."""
    result = qgis_process(
        "run", "phso_insight:areabriefings", INPUT=sample_pipeline.representation,
        AREA_CODES="E01900045;E01900111", OUTPUT_FOLDER=str(tmp_path / "briefings"),
        OUTPUT_INDEX=str(tmp_path / "index.csv"))["results"]
    pdfs = sorted(p.name for p in (tmp_path / "briefings").glob("*.pdf"))
    assert result["N_BRIEFINGS"] == 2 and len(pdfs) == 2 and pdfs[0].startswith("E01900045_")
    assert all((tmp_path / "briefings" / p).read_bytes()[:5] == b"%PDF-" for p in pdfs)
