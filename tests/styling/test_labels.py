"""Labels: area name and ratio to 2 dp, shown only when zoomed in beyond 1:50,000, with a white buffer."""
from qgis.core import Qgis, QgsExpression, QgsExpressionContext, QgsExpressionContextUtils

from phso_insight_plugin.styling.tier_renderer import apply_tier_style, label_expression, tier_labeling
from tests.layers import memory_layer, square
from tests.styling.helpers import tier_layer


def label_text(layer, expression: str) -> list:
    """``expression`` evaluated on every feature of ``layer``."""
    parsed = QgsExpression(expression)
    context = QgsExpressionContext(QgsExpressionContextUtils.globalProjectLayerScopes(layer))
    texts = []
    for feature in layer.getFeatures():
        context.setFeature(feature)
        texts.append(parsed.evaluate(context))
    assert not parsed.hasEvalError(), parsed.evalErrorString()
    return texts


def test_label_is_the_name_then_the_ratio_to_two_decimals_on_a_new_line(qgis_app):
    layer = tier_layer([2, 0], names=["Sampleton 001A", "Sampleton 001B"], ratios=[1.8261, 0.5])
    assert label_text(layer, label_expression("name")) == ["Sampleton 001A\n1.83×", "Sampleton 001B\n0.50×"]


def test_an_area_without_a_ratio_is_labelled_with_its_name_only(qgis_app):
    layer = tier_layer([None], names=["Emptyton"], ratios=[None])
    assert label_text(layer, label_expression("name")) == ["Emptyton"]


def test_a_layer_without_a_ratio_field_gets_name_labels(qgis_app):
    layer = memory_layer({"LSOA21NM": ["Sampleton 002C"], "tier": [1]}, [square(0, 0)])
    apply_tier_style(layer, label_field="LSOA21NM")
    assert label_text(layer, layer.labeling().settings().fieldName) == ["Sampleton 002C"]


def test_labels_show_only_at_scales_larger_than_1_to_50000(qgis_app):
    settings = tier_labeling("name").settings()
    assert settings.isExpression
    assert settings.scaleVisibility
    assert settings.minimumScale == 50_000
    assert settings.maximumScale == 0


def test_label_text_has_a_white_millimetre_buffer(qgis_app):
    text_format = tier_labeling("name").settings().format()
    assert text_format.buffer().enabled()
    assert text_format.buffer().color().name() == "#ffffff"
    assert text_format.buffer().sizeUnit() == Qgis.RenderUnit.Millimeters


def test_apply_tier_style_with_a_label_field_enables_labels(qgis_app):
    layer = tier_layer()
    apply_tier_style(layer, label_field="name")
    assert layer.labelsEnabled()
    assert layer.labeling().settings().fieldName == label_expression("name")


def test_labels_can_be_switched_off_and_are_off_without_a_label_field(qgis_app):
    layer = tier_layer()
    apply_tier_style(layer, label_field="name", show_labels=False)
    assert not layer.labelsEnabled()
    apply_tier_style(layer)
    assert not layer.labelsEnabled()
