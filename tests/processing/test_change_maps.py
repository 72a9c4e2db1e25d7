"""The map algorithms on a change layer (the output of representationchange on the sample): styled by its change
tiers in the change palette, exported publication-safe with its observed counts rounded, mapped with the periods
in the title."""
from __future__ import annotations

from qgis.core import QgsVectorLayer

from phso_insight_plugin.results.change_tiers import CHANGE_TIER_LABELS
from phso_insight_plugin.styling.palettes import CHANGE_PALETTE
from tests.feedback import RecordingFeedback
from tests.processing.change_fixtures import rows


def test_tierstyle_styles_a_change_layer_by_its_change_tiers(run_alg, financial_years, tmp_path):
    layer = QgsVectorLayer(financial_years["OUTPUT"], "change", "ogr")
    run_alg("tierstyle", {"INPUT": layer, "TIER_FIELD": "change_tier", "OUTPUT_QML": str(tmp_path / "change.qml")})
    renderer = layer.renderer()
    assert renderer.classAttribute() == "change_tier"
    assert [c.label() for c in renderer.categories()] == list(CHANGE_TIER_LABELS.values())
    assert [c.symbol().color().name() for c in renderer.categories()] == [
        CHANGE_PALETTE.fills[t].colour for t in (2, 1, 0, -1, -2, None)]
    assert "Significantly increased (99.8%)" in (tmp_path / "change.qml").read_text(encoding="utf-8")


def test_exportstyled_rounds_both_periods_counts_and_says_it_holds_a_change(run_alg, financial_years, tmp_path):
    out = tmp_path / "styled.gpkg"
    run_alg("exportstyled", {"INPUT": financial_years["OUTPUT"], "TIER_FIELD": "change_tier", "PUBLICATION_SAFE": True,
                             "OUTPUT": str(out)})
    exported, original = rows(str(out), "PCON24CD"), rows(financial_years["OUTPUT"], "PCON24CD")
    pilot = "E14001903"
    assert (exported[pilot]["observed_1"], exported[pilot]["observed_2"]) == (145, 280)
    assert (original[pilot]["observed_1"], original[pilot]["observed_2"]) == (143, 280)
    assert exported[pilot]["ratio_of_ratios"] == original[pilot]["ratio_of_ratios"]
    metadata = QgsVectorLayer(str(out), "styled", "ogr").metadata()
    assert metadata.title() == "Constituencies: change in representation"
    assert "observed_1, observed_2" in metadata.abstract()
    assert metadata.abstract().startswith("Constituencies: change in representation between periods")


def test_exportmap_titles_a_change_map_with_the_periods_it_compares(run_alg, financial_years, tmp_path):
    feedback = RecordingFeedback()
    result = run_alg("exportmap", {"INPUT": financial_years["OUTPUT"], "TIER_FIELD": "change_tier", "DPI": 40,
                                   "OUTPUT_PNG": str(tmp_path / "map.png")}, feedback=feedback)
    assert feedback.said("Title: Change in cases against population, 2023/24 → 2024/25: constituencies")
    assert (tmp_path / "map.png").stat().st_size > 0 and result["OUTPUT_PNG"] == str(tmp_path / "map.png")



def test_the_map_algorithms_style_a_change_layer_by_its_change_tiers_when_no_tier_field_is_given(
        run_alg, financial_years, tmp_path):
    layer = QgsVectorLayer(financial_years["OUTPUT"], "change", "ogr")
    run_alg("tierstyle", {"INPUT": layer, "OUTPUT_QML": str(tmp_path / "change.qml")})
    assert layer.renderer().classAttribute() == "change_tier"
    feedback = RecordingFeedback()
    run_alg("exportmap", {"INPUT": financial_years["OUTPUT"], "DPI": 40, "OUTPUT_PNG": str(tmp_path / "map.png")},
            feedback=feedback)
    assert feedback.said("Title: Change in cases against population, 2023/24 → 2024/25: constituencies")
