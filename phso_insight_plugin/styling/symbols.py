"""Fill symbols for tiers: a solid fill with a thin outline, plus optional hatch lines."""
from __future__ import annotations

from qgis.core import Qgis, QgsFillSymbol, QgsLinePatternFillSymbolLayer, QgsLineSymbol
from qgis.PyQt.QtGui import QColor

from .palettes import TierFill

#: Area boundaries: dark grey, 0.1 mm, thin enough for 33,755 LSOAs at England scale.
OUTLINE_COLOUR = "#4d4d4d"
OUTLINE_WIDTH_MM = 0.1


def hatch_layer(fill: TierFill, angle: float) -> QgsLinePatternFillSymbolLayer:
    """Parallel lines at ``angle`` degrees, ``fill.hatch_spacing_mm`` apart (millimetres)."""
    layer = QgsLinePatternFillSymbolLayer()
    layer.setLineAngle(angle)
    layer.setDistance(fill.hatch_spacing_mm)
    layer.setDistanceUnit(Qgis.RenderUnit.Millimeters)
    layer.setSubSymbol(QgsLineSymbol.createSimple({
        "line_color": fill.hatch_colour, "line_width": str(fill.hatch_width_mm), "line_width_unit": "MM"}))
    layer.setColor(QColor(fill.hatch_colour))
    return layer


def tier_symbol(fill: TierFill) -> QgsFillSymbol:
    """Solid ``fill.colour`` with the standard outline, then one hatch layer per angle."""
    symbol = QgsFillSymbol.createSimple({
        "color": fill.colour, "style": "solid", "outline_color": OUTLINE_COLOUR,
        "outline_width": str(OUTLINE_WIDTH_MM), "outline_width_unit": "MM", "joinstyle": "round"})
    for angle in fill.hatch_angles:
        symbol.appendSymbolLayer(hatch_layer(fill, angle))
    return symbol

