"""The tier renderer: six categories in a fixed order, plain-English legend, palette colours, NULL = too few."""
import pytest
from qgis.core import Qgis, QgsLinePatternFillSymbolLayer

from phso_insight_plugin.errors import InputError
from phso_insight_plugin.styling.palettes import PALETTE_NAMES, palette
from phso_insight_plugin.styling.tier_renderer import apply_tier_style, category_label, show_only, tier_renderer
from tests.styling.helpers import ALL_TIERS, colour_share, render, square_rect, tier_layer

LABELS = [
    "Significantly higher than expected (99.8%)",
    "Higher than expected (95%)",
    "In line with population",
    "Lower than expected (95%)",
    "Significantly lower than expected (99.8%)",
    "Too few to say",
]


def test_six_categories_in_tier_order_with_plain_english_labels(qgis_app):
    categories = tier_renderer().categories()
    assert [c.label() for c in categories] == LABELS
    assert [c.value() for c in categories[:5]] == [2, 1, 0, -1, -2]
    assert categories[5].value() is None or categories[5].value().isNull()


@pytest.mark.parametrize("name", PALETTE_NAMES)
def test_category_fills_are_the_palette_colours(qgis_app, name):
    categories = tier_renderer(name).categories()
    fills = palette(name).fills
    assert [c.symbol().symbolLayer(0).color().name() for c in categories] == [fills[t].colour for t in ALL_TIERS]


def test_renderer_classifies_the_named_field(qgis_app):
    assert tier_renderer(tier_field="tier_bh").classAttribute() == "tier_bh"


def test_outlines_are_thin_dark_grey_millimetres(qgis_app):
    for category in tier_renderer().categories():
        outline = category.symbol().symbolLayer(0)
        assert outline.strokeColor().name() == "#4d4d4d"
        assert outline.strokeWidth() == 0.1
        assert outline.strokeWidthUnit() == Qgis.RenderUnit.Millimeters


def test_too_few_to_say_is_light_grey_with_a_diagonal_hatch(qgis_app):
    categories = tier_renderer().categories()
    symbol = categories[5].symbol()
    assert symbol.symbolLayer(0).color().name() == "#d9d9d9"
    hatch = symbol.symbolLayer(1)
    assert isinstance(hatch, QgsLinePatternFillSymbolLayer)
    assert hatch.lineAngle() == 45.0


def test_legend_labels_carry_area_counts_when_given(qgis_app):
    categories = tier_renderer(counts={2: 12, 1: 1, None: 3}).categories()
    assert [c.label() for c in categories] == [
        "Significantly higher than expected (99.8%) (12 areas)",
        "Higher than expected (95%) (1 area)",
        "In line with population (0 areas)",
        "Lower than expected (95%) (0 areas)",
        "Significantly lower than expected (99.8%) (0 areas)",
        "Too few to say (3 areas)",
    ]


def test_category_label_without_count_is_the_tier_label():
    assert category_label(-2) == "Significantly lower than expected (99.8%)"


def test_each_tier_is_drawn_in_its_palette_colour(qgis_app):
    layer = tier_layer()
    apply_tier_style(layer, "PuOr")
    image = render(layer)
    fills = palette("PuOr").fills
    for index, tier in enumerate(ALL_TIERS[:5]):
        assert colour_share(image, fills[tier].colour, square_rect(index)) == 1.0


def test_a_null_tier_is_drawn_as_too_few_to_say(qgis_app):
    layer = tier_layer([None])
    apply_tier_style(layer)
    image = render(layer)
    grey = colour_share(image, "#d9d9d9", square_rect(0))
    assert 0.5 < grey < 1.0  # the rest is the hatch


def test_tier_filter_switches_other_categories_off(qgis_app):
    layer = tier_layer()
    apply_tier_style(layer, tier_filter=[2, None])
    assert [c.renderState() for c in layer.renderer().categories()] == [True, False, False, False, False, True]
    image = render(layer)
    assert colour_share(image, "#e66101", square_rect(0)) == 1.0
    for hidden in range(1, 5):
        assert colour_share(image, "#ffffff", square_rect(hidden)) == 1.0
    assert colour_share(image, "#d9d9d9", square_rect(5)) > 0.5


def test_hiding_too_few_to_say_leaves_null_areas_undrawn(qgis_app):
    layer = tier_layer([1, None])
    apply_tier_style(layer, tier_filter=[1])
    image = render(layer)
    assert colour_share(image, "#ffffff", square_rect(1)) == 1.0


def test_tier_filter_rejects_a_code_that_is_not_a_tier(qgis_app):
    with pytest.raises(InputError, match=r"Unknown tier\(s\) \[3\]"):
        show_only(tier_renderer(), [3])


def test_missing_tier_field_is_an_input_error_listing_the_fields(qgis_app):
    layer = tier_layer()
    with pytest.raises(InputError,
                       match="The tier field 'tier_bh' is not in layer 'test'; its fields are: name, tier, ratio"):
        apply_tier_style(layer, tier_field="tier_bh")
