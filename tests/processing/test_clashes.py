"""Before any work, a run refuses outputs that would write an input or another output, and output
fields that would replace fields of an input layer; each refusal names the parameters or fields."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from phso_insight_plugin.resources import SAMPLE_DIR
from tests.layers import attribute_rows, memory_layer, square
from tests.sample_pipeline import assign_parameters, join_parameters, representation_parameters


def refusal(run_alg, algorithm: str, parameters: dict) -> str:
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException) as raised:
        run_alg(algorithm, parameters)
    return str(raised.value)


def layer_uri(path: Path, layer: str) -> str:
    return f"ogr:dbname='{path}' table=\"{layer}\" (geom)"


def test_output_and_unmatched_on_one_file_are_refused_and_nothing_is_written(run_alg, tmp_path):
    same = str(tmp_path / "cases.gpkg")
    message = refusal(run_alg, "assigncases", assign_parameters(same, same))
    assert message == (f"OUTPUT and UNMATCHED would both write {same}: choose another file (or GeoPackage layer) "
                       "for one of them.")
    assert list(tmp_path.iterdir()) == []


def test_an_output_over_its_input_is_refused_and_the_input_kept(run_alg, tmp_path):
    cases = tmp_path / "cases.csv"
    shutil.copy(SAMPLE_DIR / "cases.csv", cases)
    parameters = {**assign_parameters(str(cases), str(tmp_path / "unmatched.csv")), "INPUT": str(cases)}
    message = refusal(run_alg, "assigncases", parameters)
    assert message == (f"OUTPUT would overwrite the input INPUT ({cases}): choose another file (or GeoPackage layer) "
                       "for OUTPUT.")
    assert cases.read_bytes() == (SAMPLE_DIR / "cases.csv").read_bytes()
    assert [p.name for p in tmp_path.iterdir()] == ["cases.csv"]


@pytest.mark.parametrize("output", ["the input layer", "the whole file"])
def test_an_output_over_the_input_layer_of_a_geopackage_is_refused(run_alg, tmp_path, output):
    gpkg = tmp_path / "sample.gpkg"
    shutil.copy(SAMPLE_DIR / "sample.gpkg", gpkg)
    destination = layer_uri(gpkg, "lsoa") if output == "the input layer" else str(gpkg)
    message = refusal(run_alg, "joincasecounts", join_parameters(
        str(SAMPLE_DIR / "cases.csv"), destination, "") | {"AREAS": f"{gpkg}|layername=lsoa",
                                                           "CASE_AREA_FIELD": "postcode"})
    assert message.startswith("OUTPUT would overwrite the input AREAS (") and "lsoa" in message
    assert gpkg.read_bytes() == (SAMPLE_DIR / "sample.gpkg").read_bytes()


def test_an_output_as_a_new_layer_of_the_input_geopackage_is_written_beside_it(run_alg, sample_pipeline, tmp_path):
    gpkg = tmp_path / "counts.gpkg"
    shutil.copy(sample_pipeline.counts, gpkg)
    result = run_alg("representation", representation_parameters(f"{gpkg}|layername=counts",
                                                                 layer_uri(gpkg, "representation")))
    assert result["N_AREAS"] == 300
    from osgeo import ogr

    dataset = ogr.Open(str(gpkg))
    assert sorted(dataset.GetLayer(i).GetName() for i in range(dataset.GetLayerCount())) == \
        ["counts", "representation"]
    assert dataset.GetLayerByName("counts").GetFeatureCount() == 300


def test_two_file_outputs_on_one_path_are_refused(run_alg, sample_pipeline, tmp_path):
    same = str(tmp_path / "map.pdf")
    message = refusal(run_alg, "exportmap", {"INPUT": sample_pipeline.representation, "OUTPUT_PNG": same,
                                             "OUTPUT_PDF": same})
    assert message.startswith("OUTPUT_PNG and OUTPUT_PDF would both write")
    assert list(tmp_path.iterdir()) == []


def test_an_output_in_a_folder_that_does_not_exist_is_refused_before_any_work(run_alg, tmp_path):
    missing = tmp_path / "no such folder"
    message = refusal(run_alg, "assigncases", assign_parameters(str(missing / "cases.gpkg"), ""))
    assert message == f"The folder {missing} chosen for OUTPUT does not exist; create it or choose another file."


def test_a_count_prefix_that_would_overwrite_the_population_by_age_is_refused(run_alg, sample_pipeline, tmp_path):
    message = refusal(run_alg, "joincasecounts", join_parameters(sample_pipeline.assigned, str(tmp_path / "c.gpkg"), "")
                      | {"FIELD_PREFIX": "pop_age"})
    assert message == ("The area layer (AREAS) already has field(s) pop_age_0_15, pop_age_16_24, pop_age_25_34, "
                       "pop_age_35_49, pop_age_50_64, pop_age_65_plus, which the case counts named with the prefix "
                       "'pop_age' (FIELD_PREFIX) would overwrite: choose another FIELD_PREFIX, such as 'cases'.")
    assert list(tmp_path.iterdir()) == []


def test_counting_again_onto_a_layer_with_counts_suggests_the_next_free_prefix(run_alg, sample_pipeline, tmp_path):
    message = refusal(run_alg, "joincasecounts", join_parameters(sample_pipeline.assigned, str(tmp_path / "c.gpkg"), "")
                      | {"AREAS": sample_pipeline.counts})
    assert "already has field(s) cases, cases_0_15" in message
    assert message.endswith("choose another FIELD_PREFIX, such as 'cases_2'.")


def test_result_fields_that_would_replace_input_fields_are_refused(run_alg):
    areas = memory_layer({"code": ["A", "B"], "cases": [3, 5], "pop": [100, 200], "tier": ["gold", "silver"],
                          "flag": ["x", "y"]})
    message = refusal(run_alg, "representation", {"INPUT": areas, "OBSERVED_FIELDS": ["cases"],
                                                  "POPULATION_FIELDS": ["pop"], "OUTPUT": "TEMPORARY_OUTPUT"})
    assert message.startswith("The input layer (INPUT) already has field(s) tier, flag, which the results would "
                              "overwrite: rename them (e.g. tier_input) or remove them first.")


def test_representation_run_again_on_its_own_output_replaces_the_results(run_alg, sample_pipeline):
    from qgis.core import QgsVectorLayer

    again = run_alg("representation", representation_parameters(sample_pipeline.representation, "TEMPORARY_OUTPUT"))
    first = attribute_rows(QgsVectorLayer(sample_pipeline.representation, "first", "ogr"))
    second = attribute_rows(again["OUTPUT"])
    assert [(r["LSOA21CD"], r["ratio"], r["tier"]) for r in second] == \
        [(r["LSOA21CD"], r["ratio"], r["tier"]) for r in first]


def test_observed_and_expected_fields_carried_unchanged_may_keep_their_names(run_alg):
    areas = memory_layer({"observed": [3, 30], "expected": [2.5, 31.0]})
    result = run_alg("representation", {"INPUT": areas, "OBSERVED_FIELDS": ["observed"],
                                        "EXPECTED_FIELD": "expected", "OUTPUT": "TEMPORARY_OUTPUT"})
    assert [(r["observed"], r["expected"]) for r in attribute_rows(result["OUTPUT"])] == [(3, 2.5), (30, 31.0)]


def test_target_fields_that_apportioned_fields_would_replace_are_refused(run_alg):
    source = memory_layer({"id": ["S"], "cases": [10.0]}, [square(0, 0)])
    target = memory_layer({"code": ["T"], "cases": [99.0]}, [square(0, 0)])
    parameters = {"INPUT": source, "SOURCE_ID_FIELD": "id", "FIELDS": ["cases"], "TARGET": target,
                  "TARGET_ID_FIELD": "code", "METHOD": 2, "OUTPUT": "TEMPORARY_OUTPUT"}
    assert refusal(run_alg, "apportion", parameters) == (
        "The target layer (TARGET) already has field(s) cases, which the apportioned field(s) of the same name "
        "would overwrite: leave them out of TARGET_FIELDS, or rename them in the target layer.")
    kept = run_alg("apportion", {**parameters, "TARGET_FIELDS": ["code"]})
    assert attribute_rows(kept["OUTPUT"]) == [{"code": "T", "cases": 10.0}]


def test_an_output_over_the_layer_whose_selected_features_are_the_input_is_refused(run_alg, tmp_path):
    from qgis.core import QgsProcessingFeatureSourceDefinition, QgsProject, QgsVectorLayer

    gpkg = tmp_path / "sample.gpkg"
    shutil.copy(SAMPLE_DIR / "sample.gpkg", gpkg)
    lsoa = QgsVectorLayer(f"{gpkg}|layername=lsoa", "lsoa", "ogr")
    QgsProject.instance().addMapLayer(lsoa)
    try:
        lsoa.selectByIds([1, 2, 3])
        message = refusal(run_alg, "representation", {
            "INPUT": QgsProcessingFeatureSourceDefinition(lsoa.id(), True), "OBSERVED_FIELDS": ["pop_age_0_15"],
            "POPULATION_FIELDS": ["pop_total"], "OUTPUT": layer_uri(gpkg, "LSOA")})
    finally:
        QgsProject.instance().removeMapLayer(lsoa.id())
    assert message.startswith(f"OUTPUT would overwrite the input INPUT ({gpkg} (layer lsoa))")
    assert gpkg.read_bytes() == (SAMPLE_DIR / "sample.gpkg").read_bytes()
