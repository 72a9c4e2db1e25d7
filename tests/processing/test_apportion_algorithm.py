"""phso_insight:apportion end to end: hand-computable shares, CRS handling, crosswalk, real London nesting."""
import pandas as pd
import pytest

from tests.layers import attribute_rows, memory_layer
from tests.shared_data import LONDON, LONDON_GPKG


def rect(x0, y0, x1, y1):
    return f"POLYGON(({x0} {y0},{x1} {y0},{x1} {y1},{x0} {y1},{x0} {y0}))"


@pytest.fixture()
def straddling():
    """One source 100×100 straddling two targets 30/70, with 100 cases; weights: people only on the left."""
    source = memory_layer({"id": ["S"], "cases": [100.0]}, [rect(0, 0, 100, 100)])
    targets = memory_layer({"code": ["L", "R"], "name": ["Left", "Right"]},
                           [rect(-50, -50, 30, 150), rect(30, -50, 150, 150)])
    people = memory_layer({"pop": [40.0, 0.0]}, [rect(0, 0, 30, 100), rect(30, 0, 100, 100)])
    return source, targets, people


def run_apportion(run_alg, source, targets, **extra):
    params = {"INPUT": source, "SOURCE_ID_FIELD": "id", "FIELDS": ["cases"], "TARGET": targets,
              "TARGET_ID_FIELD": "code", "METHOD": 2, "OUTPUT": "TEMPORARY_OUTPUT", **extra}
    return run_alg("apportion", params)


def test_area_weighting_splits_a_straddling_source_30_70(run_alg, straddling):
    source, targets, _ = straddling
    result = run_apportion(run_alg, source, targets)
    assert [r["cases"] for r in attribute_rows(result["OUTPUT"])] == pytest.approx([30.0, 70.0], rel=1e-12)
    assert result["N_SPLIT"] == 1


def test_population_weighting_follows_where_people_live(run_alg, straddling):
    source, targets, people = straddling
    result = run_apportion(run_alg, source, targets, METHOD=0, WEIGHTS=people, WEIGHT_FIELD="pop")
    assert [r["cases"] for r in attribute_rows(result["OUTPUT"])] == pytest.approx([100.0, 0.0], abs=1e-9)


def test_output_keeps_target_fields_and_geometry(run_alg, straddling):
    source, targets, _ = straddling
    layer = run_apportion(run_alg, source, targets)["OUTPUT"]
    assert layer.fields().names() == ["code", "name", "cases"]
    assert [f.geometry().area() for f in layer.getFeatures()] == [16000.0, 24000.0]


def test_part_outside_all_targets_is_reported_then_rescaled(run_alg):
    source = memory_layer({"id": ["S"], "cases": [100.0]}, [rect(0, 0, 100, 100)])
    targets = memory_layer({"code": ["T"]}, [rect(0, 0, 60, 100)])
    reported = run_apportion(run_alg, source, targets)
    assert reported["TOTAL_OUT"] == pytest.approx(60.0) and reported["UNALLOCATED_TOTAL"] == pytest.approx(40.0)
    assert reported["N_UNALLOCATED_SOURCES"] == 1
    rescaled = run_apportion(run_alg, source, targets, UNALLOCATED=1)
    assert rescaled["TOTAL_OUT"] == pytest.approx(100.0) and rescaled["UNALLOCATED_TOTAL"] == pytest.approx(0.0)


def test_crosswalk_lists_each_piece_with_its_shares(run_alg, straddling):
    source, targets, _ = straddling
    result = run_apportion(run_alg, source, targets, CROSSWALK="TEMPORARY_OUTPUT")
    rows = attribute_rows(result["CROSSWALK"])
    assert [(r["source_id"], r["target_id"]) for r in rows] == [("S", "L"), ("S", "R")]
    assert [r["area_share"] for r in rows] == pytest.approx([0.3, 0.7])
    assert [r["weight_share"] for r in rows] == pytest.approx([0.3, 0.7])


def test_geographic_targets_are_reprojected_not_rejected(run_alg, straddling):
    from qgis import processing

    source, targets, _ = straddling
    in_wgs84 = processing.run("native:reprojectlayer", {"INPUT": targets, "TARGET_CRS": "EPSG:4326",
                                                        "OUTPUT": "TEMPORARY_OUTPUT"})["OUTPUT"]
    result = run_apportion(run_alg, source, in_wgs84)
    # edges bend slightly in reprojection
    assert [r["cases"] for r in attribute_rows(result["OUTPUT"])] == pytest.approx([30.0, 70.0], rel=1e-4)
    assert result["OUTPUT"].crs().authid() == "EPSG:4326"


def test_population_method_without_population_layer_is_a_clear_error(run_alg, straddling):
    from qgis.core import QgsProcessingException

    source, targets, _ = straddling
    with pytest.raises(QgsProcessingException, match="population layer"):
        run_apportion(run_alg, source, targets, METHOD=0)


def test_duplicate_source_ids_are_named(run_alg):
    from qgis.core import QgsProcessingException

    source = memory_layer({"id": ["S", "S"], "cases": [1.0, 2.0]}, [rect(0, 0, 10, 10), rect(10, 0, 20, 10)])
    targets = memory_layer({"code": ["T"]}, [rect(0, 0, 20, 10)])
    with pytest.raises(QgsProcessingException, match="duplicate ids.*rows 1, 2.*S"):
        run_apportion(run_alg, source, targets)


def test_text_in_a_count_field_is_a_clear_error(run_alg):
    from qgis.core import QgsProcessingException

    source = memory_layer({"id": ["A", "B"], "cases": ["3", "lots"]}, [rect(0, 0, 10, 10), rect(10, 0, 20, 10)])
    targets = memory_layer({"code": ["T"]}, [rect(0, 0, 20, 10)])
    with pytest.raises(QgsProcessingException, match="non-numeric.*row 2"):
        run_apportion(run_alg, source, targets)


@pytest.mark.slow
def test_london_lsoa_population_onto_icbs_equals_the_ons_lookup_sum(run_alg):
    from qgis.core import QgsVectorLayer

    lsoa = QgsVectorLayer(f"{LONDON_GPKG}|layername=lsoa21", "lsoa", "ogr")
    icb = QgsVectorLayer(f"{LONDON_GPKG}|layername=icb24_from_lsoa21", "icb", "ogr")
    result = run_alg("apportion", {
        "INPUT": lsoa, "SOURCE_ID_FIELD": "lsoa21_code", "FIELDS": ["pop_total_c21"], "TARGET": icb,
        "TARGET_ID_FIELD": "icb24_code", "TARGET_FIELDS": ["icb24_code"], "METHOD": 0, "WEIGHTS": lsoa,
        "WEIGHT_FIELD": "pop_total_c21", "OUTPUT": "TEMPORARY_OUTPUT"})
    lookup = pd.read_csv(LONDON / "london_lookup_lsoa21_sicbl24_icb24.csv")
    population = {f["lsoa21_code"]: f["pop_total_c21"] for f in lsoa.getFeatures()}
    expected = lookup.assign(pop=lookup["lsoa21_code"].map(population)).groupby("icb24_code")["pop"].sum()
    got = {r["icb24_code"]: r["pop_total_c21"] for r in attribute_rows(result["OUTPUT"])}
    assert got == pytest.approx(expected.to_dict(), rel=1e-6)
    assert result["TOTAL_IN"] == pytest.approx(result["TOTAL_OUT"] + result["UNALLOCATED_TOTAL"], rel=1e-12)


class RecordingFeedback:
    """A QgsProcessingFeedback that keeps the messages it is given."""

    def __new__(cls):
        from qgis.core import QgsProcessingFeedback

        class Recorder(QgsProcessingFeedback):
            def __init__(self):
                super().__init__()
                self.messages = []

            def reportError(self, error, fatalError=False):
                self.messages.append(error)

            def pushInfo(self, info):
                self.messages.append(info)

        return Recorder()


def test_overlapping_sources_are_reported_by_id(run_alg):
    feedback = RecordingFeedback()
    source = memory_layer({"id": ["A", "B"], "cases": [10.0, 10.0]}, [rect(0, 0, 60, 100), rect(40, 0, 100, 100)])
    targets = memory_layer({"code": ["T"]}, [rect(0, 0, 100, 100)])
    run_alg("apportion", {"INPUT": source, "SOURCE_ID_FIELD": "id", "FIELDS": ["cases"], "TARGET": targets,
                          "TARGET_ID_FIELD": "code", "METHOD": 2, "OUTPUT": "TEMPORARY_OUTPUT"}, feedback=feedback)
    assert any("overlap in 1 place(s)" in m and "A/B" in m for m in feedback.messages)


def test_null_source_geometry_is_reported_and_its_value_unallocated(run_alg):
    feedback = RecordingFeedback()
    source = memory_layer({"id": ["A", "B"], "cases": [10.0, 5.0]}, [rect(0, 0, 10, 10), ""])
    targets = memory_layer({"code": ["T"]}, [rect(0, 0, 100, 100)])
    result = run_alg("apportion", {"INPUT": source, "SOURCE_ID_FIELD": "id", "FIELDS": ["cases"], "TARGET": targets,
                                   "TARGET_ID_FIELD": "code", "METHOD": 2, "OUTPUT": "TEMPORARY_OUTPUT"},
                     feedback=feedback)
    assert (result["TOTAL_IN"], result["TOTAL_OUT"], result["UNALLOCATED_TOTAL"]) == (15.0, 10.0, 5.0)
    assert any("without geometry" in m and ": B" in m for m in feedback.messages)


def test_invalid_source_geometry_is_repaired_not_fatal(run_alg):
    bow_tie = "POLYGON((0 0,10 10,10 0,0 10,0 0))"
    source = memory_layer({"id": ["A"], "cases": [10.0]}, [bow_tie])
    targets = memory_layer({"code": ["T"]}, [rect(-5, -5, 20, 20)])
    result = run_apportion(run_alg, source, targets)
    assert result["TOTAL_OUT"] == pytest.approx(10.0)


def test_a_misnamed_field_is_named_with_the_available_fields(run_alg, straddling):
    from qgis.core import QgsProcessingException

    source, targets, _ = straddling
    with pytest.raises(QgsProcessingException, match=r"\(FIELDS\).*no field 'casez'; its fields are: id, cases"):
        run_apportion(run_alg, source, targets, FIELDS=["casez"])
