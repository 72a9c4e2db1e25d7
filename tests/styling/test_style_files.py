"""Style files: QML round trip, SLD with six rules, shipped QML = generated, GeoPackage default style.

Files written by QGIS are compared by what they mean (categories, colours, symbols, rules, labels),
never byte for byte: each QGIS version writes its own attributes, keys and random uuids.
"""
import xml.etree.ElementTree as ET

import pytest
from qgis.core import QgsVectorLayer

from phso_insight_plugin.errors import InputError
from phso_insight_plugin.styling.palettes import PALETTE_NAMES, palette
from phso_insight_plugin.styling.style_files import (
    save_default_style_in_geopackage,
    save_qml,
    save_sld,
    shipped_style_path,
    tier_style_qml,
)
from phso_insight_plugin.styling.tier_renderer import LABEL_MIN_SCALE, apply_tier_style
from tests.styling.helpers import ALL_TIERS, geopackage_copy, tier_layer

SE = "{http://www.opengis.net/se}"
OGC = "{http://www.opengis.net/ogc}"


def category_summary(layer) -> list[tuple]:
    """(value as text, label, fill colour, render state) of each category of the layer's renderer."""
    categories = layer.renderer().categories()
    return [(category_value_text(c), c.label(), c.symbol().symbolLayer(0).color().name(), c.renderState())
            for c in categories]


def category_value_text(category) -> str:
    """The category's value as text ("" for the NULL category): QGIS 3.40+ keeps the value's type, 3.22 did not."""
    return "" if category.value() in (None, "") else str(category.value())


def style_summary(layer) -> dict:
    """What a tier style means, as this QGIS holds it in memory: renderer, field, categories and symbols.

    Symbol layers are compared by all their properties, read back by the running QGIS, so a file
    written by another version compares equal when it describes the same style.
    """
    renderer = layer.renderer()
    return {"renderer": renderer.type(), "field": renderer.classAttribute(), "labels": layer.labelsEnabled(),
            "categories": [(category_value_text(c), c.label(), c.renderState(), c.symbol().type(), c.symbol().opacity(),
                            [(sl.layerType(), sl.properties()) for sl in c.symbol().symbolLayers()])
                           for c in renderer.categories()]}


def sld_rules(path) -> list:
    return list(ET.parse(path).getroot().iter(f"{SE}Rule"))


def is_null_rule(rule, field: str) -> bool:
    """A rule for NULL ``field``, in either form QGIS writes: ``PropertyIsNull`` (3.22) or ``ElseFilter`` (3.40+).

    ElseFilter means "every feature no other rule draws"; with one rule per non-NULL tier that is NULL.
    """
    null_field = rule.find(f".//{OGC}PropertyIsNull/{OGC}PropertyName")
    return (null_field is not None and null_field.text == field) or rule.find(f"{SE}ElseFilter") is not None


def test_qml_round_trip_gives_the_same_categories_and_colours(qgis_app, tmp_path):
    styled = tier_layer()
    apply_tier_style(styled, "RdBu", tier_filter=[2, 1, 0])
    save_qml(styled, tmp_path / "tiers.qml")
    fresh = tier_layer([0])
    message, ok = fresh.loadNamedStyle(str(tmp_path / "tiers.qml"))
    assert ok, message
    assert category_summary(fresh) == category_summary(styled)
    assert [row[2] for row in category_summary(fresh)] == [palette("RdBu").fills[t].colour for t in ALL_TIERS]


def test_qml_keeps_the_labels(qgis_app, tmp_path):
    styled = tier_layer()
    apply_tier_style(styled, label_field="name")
    save_qml(styled, tmp_path / "tiers.qml")
    fresh = tier_layer([0])
    fresh.loadNamedStyle(str(tmp_path / "tiers.qml"))
    assert fresh.labelsEnabled()
    assert fresh.labeling().settings().fieldName == styled.labeling().settings().fieldName


def test_sld_is_xml_with_one_rule_per_tier_and_a_null_rule_for_too_few(qgis_app, tmp_path):
    styled = tier_layer()
    apply_tier_style(styled)
    save_sld(styled, tmp_path / "tiers.sld")
    rules = sld_rules(tmp_path / "tiers.sld")
    assert [r.find(f"{SE}Name").text for r in rules] == [
        "Significantly higher than expected (99.8%)", "Higher than expected (95%)", "In line with population",
        "Lower than expected (95%)", "Significantly lower than expected (99.8%)", "Too few to say"]
    equal_to = [(r.find(f".//{OGC}PropertyIsEqualTo/{OGC}PropertyName").text,
                 r.find(f".//{OGC}PropertyIsEqualTo/{OGC}Literal").text) for r in rules[:5]]
    assert equal_to == [("tier", "2"), ("tier", "1"), ("tier", "0"), ("tier", "-1"), ("tier", "-2")]
    assert is_null_rule(rules[5], "tier")
    fills = [r.find(f".//{SE}Fill/{SE}SvgParameter[@name='fill']").text for r in rules]
    assert fills == [palette("PuOr").fills[t].colour for t in ALL_TIERS]


def test_sld_labels_are_the_plain_area_name_below_the_label_scale(qgis_app, tmp_path):
    """SLD cannot compute the ratio line of the tier labels, so it labels with the name field only."""
    styled = tier_layer()
    apply_tier_style(styled, label_field="name")
    save_sld(styled, tmp_path / "tiers.sld", label_field="name")
    text_rules = [r for r in sld_rules(tmp_path / "tiers.sld") if r.find(f"{SE}TextSymbolizer") is not None]
    assert len(text_rules) == 1
    assert text_rules[0].find(f".//{SE}Label/{OGC}PropertyName").text == "name"
    assert float(text_rules[0].find(f"{SE}MaxScaleDenominator").text) == LABEL_MIN_SCALE


def test_sld_has_no_labels_when_the_layer_shows_none(qgis_app, tmp_path):
    styled = tier_layer()
    apply_tier_style(styled, label_field="name", show_labels=False)
    save_sld(styled, tmp_path / "tiers.sld", label_field="name")
    assert [r for r in sld_rules(tmp_path / "tiers.sld") if r.find(f"{SE}TextSymbolizer") is not None] == []


@pytest.mark.parametrize("name", PALETTE_NAMES)
def test_shipped_qml_gives_the_style_built_by_the_code(qgis_app, name):
    layer = tier_layer()
    message, ok = layer.loadNamedStyle(str(shipped_style_path(name)))
    assert ok, message
    reference = tier_layer()
    apply_tier_style(reference, name)
    assert style_summary(layer) == style_summary(reference), \
        "regenerate with python -m scripts.generate_styles (run in the QGIS environment)"


@pytest.mark.parametrize("name", PALETTE_NAMES)
def test_generated_qml_text_gives_the_style_built_by_the_code(qgis_app, tmp_path, name):
    (tmp_path / "tier.qml").write_text(tier_style_qml(name), encoding="utf-8")
    layer = tier_layer()
    message, ok = layer.loadNamedStyle(str(tmp_path / "tier.qml"))
    assert ok, message
    reference = tier_layer()
    apply_tier_style(reference, name)
    assert style_summary(layer) == style_summary(reference)


@pytest.mark.parametrize("name", PALETTE_NAMES)
def test_generated_qml_text_is_the_same_on_every_run(qgis_app, name):
    """No random uuids or other run-dependent text: regenerating the shipped files changes nothing."""
    assert tier_style_qml(name) == tier_style_qml(name)


def test_geopackage_default_style_is_applied_by_a_fresh_layer(qgis_app, tmp_path):
    layer = geopackage_copy(tier_layer(), tmp_path / "areas.gpkg")
    apply_tier_style(layer, "Greyscale", label_field="name")
    save_default_style_in_geopackage(layer, "tiers", "PHSO Insight tiers")
    fresh = QgsVectorLayer(f"{tmp_path / 'areas.gpkg'}|layername=areas", "areas", "ogr")
    assert fresh.renderer().type() == "categorizedSymbol"
    assert category_summary(fresh) == category_summary(layer)
    assert fresh.labelsEnabled()


def test_only_a_geopackage_layer_can_hold_its_default_style(qgis_app):
    layer = tier_layer()
    apply_tier_style(layer)
    with pytest.raises(InputError, match="is not read from a GeoPackage"):
        save_default_style_in_geopackage(layer, "tiers", "")


def test_unwritable_qml_path_is_an_input_error(qgis_app, tmp_path):
    (tmp_path / "file").write_text("not a folder")
    layer = tier_layer()
    apply_tier_style(layer)
    with pytest.raises(InputError, match="Could not write the QML style to"):
        save_qml(layer, tmp_path / "file" / "tiers.qml")
