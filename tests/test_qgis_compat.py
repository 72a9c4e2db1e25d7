"""The version-dependent QGIS calls give the same result on every supported QGIS."""
from __future__ import annotations

from qgis.core import QgsLegendStyle, QgsSimpleFillSymbolLayer, QgsVectorLayer
from qgis.PyQt.QtGui import QColor

from phso_insight_plugin.qgis_compat import legend_component, save_style_to_database
from tests.layers import memory_layer, square
from tests.styling.helpers import geopackage_copy


def test_legend_components_are_found_by_their_qgis_style_names(qgis_app):
    names = ["hidden", "title", "group", "subgroup", "symbol", "symbolLabel"]
    assert [QgsLegendStyle.styleName(legend_component(name)) for name in names] == names


def test_a_style_saved_in_a_geopackage_becomes_the_layer_default(qgis_app, tmp_path):
    layer = geopackage_copy(memory_layer({"name": ["A"]}, [square(0, 0)]), tmp_path / "areas.gpkg")
    layer.renderer().symbol().symbolLayer(0).setFillColor(QColor("#123456"))
    assert save_style_to_database(layer, "tiers", "Tier colours", use_as_default=True) == ""
    reopened = QgsVectorLayer(layer.source(), "areas", "ogr")
    fill: QgsSimpleFillSymbolLayer = reopened.renderer().symbol().symbolLayer(0)
    assert fill.fillColor().name() == "#123456"


def test_a_layer_that_cannot_store_styles_gives_the_reason(qgis_app):
    error = save_style_to_database(memory_layer({"name": ["A"]}, [square(0, 0)]), "tiers", "", use_as_default=True)
    assert "memory" in error
