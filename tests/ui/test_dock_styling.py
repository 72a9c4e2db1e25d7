"""Palette, labels and tier filter change the map live."""
from qgis.PyQt.QtCore import Qt

from phso_insight_plugin.results.tiers import TIER_ORDER


def category_colours(layer):
    return [category.symbol().color().name() for category in layer.renderer().categories()]


def test_result_is_drawn_in_the_default_palette(analysed):
    assert category_colours(analysed.result_layer)[0] == "#e66101"  # PuOr, significantly higher


def test_choosing_another_palette_recolours_the_map(analysed):
    analysed.ui.paletteCombo.setCurrentIndex(analysed.ui.paletteCombo.findData("RdBu"))
    assert category_colours(analysed.result_layer)[:5] == ["#ca0020", "#f4a582", "#f7f7f7", "#92c5de", "#0571b0"]


def test_legend_counts_the_areas_of_each_tier(analysed):
    labels = [category.label() for category in analysed.result_layer.renderer().categories()]
    assert labels[0] == "Significantly higher than expected (99.8%) (1 area)"


def test_unticking_a_tier_hides_its_category(analysed):
    item = analysed.ui.tierFilterList.item(TIER_ORDER.index(0))
    item.setCheckState(Qt.CheckState.Unchecked)
    render_states = [category.renderState() for category in analysed.result_layer.renderer().categories()]
    assert render_states == [tier != 0 for tier in TIER_ORDER]


def test_labels_switch_on_and_off(analysed):
    layer = analysed.result_layer
    assert not layer.labelsEnabled()
    analysed.ui.labelsCheck.setChecked(True)
    assert layer.labelsEnabled()
    assert '"name"' in layer.labeling().settings().getLabelExpression().expression()
    analysed.ui.labelsCheck.setChecked(False)
    assert not layer.labelsEnabled()
