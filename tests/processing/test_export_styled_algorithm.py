"""phso_insight:exportstyled: GeoPackage with embedded default style and metadata, QML and SLD beside it."""
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from qgis.core import QgsProcessingException, QgsVectorLayer

from phso_insight_plugin.styling.palettes import palette
from tests.layers import attribute_rows, memory_layer, square
from tests.styling.helpers import ALL_TIERS, tier_layer

STATEMENT = ("Publication-safe: counts of 1 to 7 are suppressed (NULL) and all other counts are rounded to the "
             "nearest 5 in the fields observed, cases_65_plus, follow_ups, following NHS disclosure practice. "
             "Ratios, confidence limits and tiers are not suppressed or rounded.")


def results_layer():
    """Five areas with counts around the suppression and rounding thresholds."""
    return memory_layer({
        "name": ["A", "B", "C", "D", "E"],
        "observed": [3.0, 12.0, 0.0, 8.0, 13.0],
        "cases_65_plus": [3, 12, 0, 8, 13],
        "follow_ups": [1, 22, 0, 7, 9],
        "pop": [1234, 5678, 999, 4321, 2468],
        "ratio": [0.5, 1.25, 0.0, 2.0, 1.625],
        "lcl95": [0.1, 0.6, 0.0, 0.9, 0.9],
        "tier": [None, 0, -1, 1, 2],
    }, [square(i * 100, 0) for i in range(5)], types={"tier": int})


def open_output(result) -> QgsVectorLayer:
    layer = QgsVectorLayer(result["OUTPUT"], "exported", "ogr")
    assert layer.isValid()
    return layer


def test_publication_safe_suppresses_1_to_7_and_rounds_other_counts_to_5(run_alg, tmp_path):
    result = run_alg("exportstyled", {"INPUT": results_layer(), "PUBLICATION_SAFE": True,
                                      "COUNT_FIELDS": ["follow_ups"], "OUTPUT": str(tmp_path / "safe.gpkg")})
    rows = attribute_rows(open_output(result))
    assert [r["observed"] for r in rows] == [None, 10, 0, 10, 15]
    assert [r["cases_65_plus"] for r in rows] == [None, 10, 0, 10, 15]
    assert [r["follow_ups"] for r in rows] == [None, 20, 0, None, 10]


def test_publication_safe_keeps_ratios_limits_tiers_and_other_fields(run_alg, tmp_path):
    result = run_alg("exportstyled", {"INPUT": results_layer(), "PUBLICATION_SAFE": True,
                                      "OUTPUT": str(tmp_path / "safe.gpkg")})
    rows = attribute_rows(open_output(result))
    assert [r["ratio"] for r in rows] == [0.5, 1.25, 0.0, 2.0, 1.625]
    assert [r["lcl95"] for r in rows] == [0.1, 0.6, 0.0, 0.9, 0.9]
    assert [r["tier"] for r in rows] == [None, 0, -1, 1, 2]
    assert [r["pop"] for r in rows] == [1234, 5678, 999, 4321, 2468]
    assert [r["follow_ups"] for r in rows] == [1, 22, 0, 7, 9]


def test_metadata_in_the_geopackage_states_the_disclosure_control(run_alg, tmp_path):
    result = run_alg("exportstyled", {"INPUT": results_layer(), "PUBLICATION_SAFE": True,
                                      "COUNT_FIELDS": ["follow_ups"], "OUTPUT": str(tmp_path / "safe.gpkg")})
    metadata = open_output(result).metadata()
    assert metadata.rights() == [STATEMENT]
    assert STATEMENT in metadata.abstract()
    assert not (tmp_path / "safe.qmd").exists()


def test_without_publication_safe_counts_are_exact_and_the_metadata_warns(run_alg, tmp_path):
    result = run_alg("exportstyled", {"INPUT": results_layer(), "OUTPUT": str(tmp_path / "exact.gpkg")})
    layer = open_output(result)
    assert [r["observed"] for r in attribute_rows(layer)] == [3, 12, 0, 8, 13]
    assert layer.metadata().rights() == [
        "Counts are unrounded and may identify individuals: apply disclosure control "
        "(suppress 1 to 7, round to 5) before publishing."]


def test_geopackage_opens_with_the_tier_style_as_its_default(run_alg, tmp_path):
    result = run_alg("exportstyled", {"INPUT": tier_layer(), "PALETTE": "RdBu", "LABEL_FIELD": "name",
                                      "OUTPUT": str(tmp_path / "styled.gpkg")})
    layer = open_output(result)
    categories = layer.renderer().categories()
    assert [c.symbol().symbolLayer(0).color().name() for c in categories] == \
        [palette("RdBu").fills[t].colour for t in ALL_TIERS]
    assert categories[5].label() == "Too few to say"
    assert layer.labelsEnabled()


def test_qml_and_sld_are_written_beside_the_geopackage(run_alg, tmp_path):
    result = run_alg("exportstyled", {"INPUT": tier_layer(), "OUTPUT": str(tmp_path / "styled.gpkg")})
    assert result["OUTPUT_QML"] == str(tmp_path / "styled.qml")
    assert result["OUTPUT_SLD"] == str(tmp_path / "styled.sld")
    fresh = tier_layer([0])
    assert fresh.loadNamedStyle(result["OUTPUT_QML"])[1]
    assert fresh.renderer().type() == "categorizedSymbol"
    rules = list(ET.parse(result["OUTPUT_SLD"]).getroot().iter("{http://www.opengis.net/se}Rule"))
    assert len(rules) == 6


def test_output_must_be_a_geopackage(run_alg, tmp_path):
    with pytest.raises(QgsProcessingException, match="must be a GeoPackage file ending in .gpkg"):
        run_alg("exportstyled", {"INPUT": tier_layer(), "OUTPUT": str(tmp_path / "styled.shp")})
    assert not list(Path(tmp_path).iterdir())


def test_negative_counts_are_an_error_naming_the_field(run_alg, tmp_path):
    layer = memory_layer({"observed": [4.0, -2.0], "tier": [0, 0]}, [square(0, 0), square(100, 0)])
    with pytest.raises(QgsProcessingException, match="observed"):
        run_alg("exportstyled", {"INPUT": layer, "PUBLICATION_SAFE": True, "OUTPUT": str(tmp_path / "x.gpkg")})


def test_publication_safe_without_any_count_field_is_an_error(run_alg, tmp_path):
    with pytest.raises(QgsProcessingException, match="found no count field"):
        run_alg("exportstyled", {"INPUT": tier_layer(), "PUBLICATION_SAFE": True, "OUTPUT": str(tmp_path / "x.gpkg")})
