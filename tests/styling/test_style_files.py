"""Style files: QML round trip, SLD with six rules, shipped QML = generated, GeoPackage default style."""
import re
import xml.etree.ElementTree as ET

import pytest
from qgis.core import QgsVectorLayer

from phso_insight_plugin.errors import InputError
from phso_insight_plugin.styling.palettes import PALETTE_NAMES, palette
from phso_insight_plugin.styling.style_files import (
    canonical_xml,
    save_default_style_in_geopackage,
    save_qml,
    save_sld,
    shipped_style_path,
    tier_style_qml,
)
from phso_insight_plugin.styling.tier_renderer import apply_tier_style
from tests.styling.helpers import ALL_TIERS, geopackage_copy, tier_layer

SE = "{http://www.opengis.net/se}"
OGC = "{http://www.opengis.net/ogc}"


def category_summary(layer) -> list[tuple]:
    """(value as text, label, fill colour, render state) of each category of the layer's renderer."""
    categories = layer.renderer().categories()
    return [(str(c.value()) if c.value() not in (None, "") else "", c.label(), c.symbol().symbolLayer(0).color().name(),
             c.renderState()) for c in categories]


def without_version(qml: str) -> str:
    """Canonical QML minus the QGIS version that wrote it."""
    return re.sub(r' version="[^"]*"', "", canonical_xml(qml), count=1)


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
    rules = ET.parse(tmp_path / "tiers.sld").getroot().iter(f"{SE}Rule")
    rules = list(rules)
    assert [r.find(f"{SE}Name").text for r in rules] == [
        "Significantly higher than expected (99.8%)", "Higher than expected (95%)", "In line with population",
        "Lower than expected (95%)", "Significantly lower than expected (99.8%)", "Too few to say"]
    literals = [r.find(f".//{OGC}PropertyIsEqualTo/{OGC}Literal").text for r in rules[:5]]
    assert literals == ["2", "1", "0", "-1", "-2"]
    assert rules[5].find(f".//{OGC}PropertyIsNull/{OGC}PropertyName").text == "tier"
    fills = [r.find(f".//{SE}Fill/{SE}SvgParameter[@name='fill']").text for r in rules]
    assert fills == [palette("PuOr").fills[t].colour for t in ALL_TIERS]


@pytest.mark.parametrize("name", PALETTE_NAMES)
def test_shipped_qml_equals_the_style_built_by_the_code(qgis_app, name):
    shipped = shipped_style_path(name).read_text(encoding="utf-8")
    assert without_version(shipped) == without_version(tier_style_qml(name)), \
        "regenerate with: .venv/bin/python scripts/generate_styles.py"


@pytest.mark.parametrize("name", PALETTE_NAMES)
def test_shipped_qml_loads_into_a_layer_as_the_tier_style(qgis_app, name):
    layer = tier_layer()
    message, ok = layer.loadNamedStyle(str(shipped_style_path(name)))
    assert ok, message
    reference = tier_layer()
    apply_tier_style(reference, name)
    assert category_summary(layer) == category_summary(reference)


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
