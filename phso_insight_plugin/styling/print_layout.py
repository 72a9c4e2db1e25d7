"""A one-page A4 landscape print layout of a tier map, built in its own QgsProject.

Page plan (millimetres from the top-left corner): title and subtitle across the top,
the map on the left (``MAP_RECT_MM``), legend with areas per tier, north arrow and scale
bar in the right-hand column, data date and attribution along the bottom.
The layout never touches ``QgsProject.instance()``: it styles and shows a *clone* of the
layer, so the user's layer keeps its own style.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from qgis.core import (
    Qgis,
    QgsApplication,
    QgsFillSymbol,
    QgsLayerTreeLayer,
    QgsLayoutItem,
    QgsLayoutItemLabel,
    QgsLayoutItemLegend,
    QgsLayoutItemMap,
    QgsLayoutItemPage,
    QgsLayoutItemPicture,
    QgsLayoutItemPolygon,
    QgsLayoutItemScaleBar,
    QgsLayoutPoint,
    QgsLayoutSize,
    QgsLegendRenderer,
    QgsPrintLayout,
    QgsProject,
    QgsRectangle,
    QgsTextFormat,
    QgsUnitTypes,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QPointF, Qt
from qgis.PyQt.QtGui import QColor, QFont, QPolygonF

from ..errors import InputError
from ..qgis_compat import legend_component
from ..results.change_tiers import CHANGE_TIER_FIELD, TREND_TIER_FIELD
from .layer_tiers import layer_tier_counts
from .palettes import DEFAULT_PALETTE
from .tier_renderer import apply_tier_style

MM = Qgis.LayoutUnit.Millimeters
PAGE_SIZE_MM = (297.0, 210.0)  # A4 landscape
#: (x, y, width, height) in mm of each element on the page.
TITLE_RECT_MM = (10.0, 7.0, 277.0, 11.0)
SUBTITLE_RECT_MM = (10.0, 18.0, 277.0, 8.0)
MAP_RECT_MM = (10.0, 28.0, 180.0, 162.0)
LEGEND_POS_MM = (196.0, 28.0)
NORTH_ARROW_RECT_MM = (198.0, 150.0, 12.0, 19.0)
SCALE_BAR_POS_MM = (196.0, 174.0)
FOOTER_RECT_MM = (10.0, 192.0, 277.0, 14.0)
#: Share of the layer extent added on each side so edge areas are not cut by the frame.
EXTENT_MARGIN = 0.03
#: Maps narrower than this (metres) get a scale bar in metres, wider ones in kilometres.
METRES_SCALE_BAR_BELOW_M = 10_000
TEXT_COLOUR = "#1a1a1a"
NORTH_ARROW_SVG = "arrows/NorthArrow_02.svg"
DEFAULT_TITLE = "Complaint cases compared with population"
DEFAULT_SUBTITLE = "Observed cases compared with the number expected from each area's population; 95%/99.8% limits"
DEFAULT_ATTRIBUTION = ("Source: Office for National Statistics licensed under the Open Government Licence v.3.0. "
                       "Contains OS data © Crown copyright and database right.")
LEGEND_TITLE = "Areas by tier"
#: Change maps: the title and subtitle when the layer's run compared two periods ({0} the earlier, {1} the later).
CHANGE_TITLE = "Change in cases against population, {0} → {1}"
CHANGE_SUBTITLE = ("Observed ÷ expected cases in the later period over the earlier, expected from each period's own "
                   "total; exact test at 95% and 99.8%")
LEGEND_TITLES = {CHANGE_TIER_FIELD: "Areas by change", TREND_TIER_FIELD: "Areas by trend"}


@dataclass(frozen=True)
class MapTexts:
    """Words on the map: title, method subtitle, date of the data, attribution line, production date."""

    title: str = DEFAULT_TITLE
    subtitle: str = DEFAULT_SUBTITLE
    data_date: str = ""
    attribution: str = DEFAULT_ATTRIBUTION
    produced: dt.date = field(default_factory=dt.date.today)

    def footer(self) -> str:
        """Date line ("Data: March 2024. Map produced 5 June 2024.") then the attribution."""
        produced = f"Map produced {self.produced.day} {self.produced:%B %Y}."
        dates = f"Data: {self.data_date}. {produced}" if self.data_date else produced
        return f"{dates}\n{self.attribution}"


@dataclass
class TierMapLayout:
    """The layout and what it needs alive: its own project and the styled clone of the layer."""

    project: QgsProject
    layout: QgsPrintLayout
    layer: QgsVectorLayer
    map_item: QgsLayoutItemMap
    counts: dict


def font(size_pt: float, bold: bool = False) -> QFont:
    """The application's default font family at ``size_pt`` points."""
    result = QFont()
    result.setPointSizeF(size_pt)
    result.setBold(bold)
    return result


def text_format(size_pt: float, bold: bool = False) -> QgsTextFormat:
    """Text format in the default font at ``size_pt`` points, in the layout's text colour."""
    result = QgsTextFormat()
    result.setFont(font(size_pt, bold))
    result.setSize(size_pt)
    result.setSizeUnit(Qgis.RenderUnit.Points)
    result.setColor(QColor(TEXT_COLOUR))
    return result


def place(item: QgsLayoutItem, x: float, y: float, width: float | None = None, height: float | None = None) -> None:
    """Move ``item`` to (x, y) mm and, when given, resize it to width × height mm."""
    item.attemptMove(QgsLayoutPoint(x, y, MM))
    if width is not None and height is not None:
        item.attemptResize(QgsLayoutSize(width, height, MM))


def add_label(layout: QgsPrintLayout, text: str, rect: tuple, size_pt: float, bold: bool = False) -> QgsLayoutItemLabel:
    """A text box at ``rect`` (x, y, w, h mm), left-aligned, vertically centred."""
    label = QgsLayoutItemLabel(layout)
    label.setText(text)
    label.setTextFormat(text_format(size_pt, bold))
    label.setVAlign(Qt.AlignmentFlag.AlignVCenter)
    layout.addLayoutItem(label)
    place(label, *rect)
    return label


def padded_extent(extent: QgsRectangle) -> QgsRectangle:
    """``extent`` grown by ``EXTENT_MARGIN`` of its larger side on every side."""
    if extent.isNull() or extent.isEmpty():
        raise InputError("The layer has no extent to map (no features with geometry).")
    margin = EXTENT_MARGIN * max(extent.width(), extent.height())
    return extent.buffered(margin)


def fit_to_aspect(extent: QgsRectangle, width: float, height: float) -> QgsRectangle:
    """Smallest rectangle centred on ``extent`` containing it with aspect ratio ``width``/``height``."""
    centre, aspect = extent.center(), width / height
    half_w = max(extent.width(), extent.height() * aspect) / 2
    half_h = half_w / aspect
    return QgsRectangle(centre.x() - half_w, centre.y() - half_h, centre.x() + half_w, centre.y() + half_h)


def framed_map(layout: QgsPrintLayout, rect: tuple, layers: list, crs) -> QgsLayoutItemMap:
    """A map item with a grey frame on white at ``rect`` (x, y, width, height in mm) drawing ``layers`` in
    ``crs``; the caller sets its extent."""
    map_item = QgsLayoutItemMap(layout)
    map_item.setFrameEnabled(True)
    map_item.setFrameStrokeColor(QColor("#808080"))
    map_item.setBackgroundColor(QColor("white"))
    layout.addLayoutItem(map_item)
    place(map_item, *rect)
    map_item.setCrs(crs)
    map_item.setLayers(layers)
    return map_item


def add_map(layout: QgsPrintLayout, layer: QgsVectorLayer, extent: QgsRectangle) -> QgsLayoutItemMap:
    """The map frame at ``MAP_RECT_MM`` showing ``layer``, zoomed to contain ``extent`` (layer CRS)."""
    map_item = framed_map(layout, MAP_RECT_MM, [layer], layer.crs())
    map_item.setExtent(fit_to_aspect(extent, *MAP_RECT_MM[2:]))
    return map_item


def set_legend_font(legend: QgsLayoutItemLegend, component: str, new_font: QFont) -> None:
    """Give the legend component called ``component`` ``new_font`` at its point size, keeping the rest of its
    text format (what the deprecated ``setStyleFont`` did)."""
    which = legend_component(component)
    style = legend.style(which)
    text = style.textFormat()
    text.setFont(new_font)
    text.setSize(new_font.pointSizeF())
    text.setSizeUnit(Qgis.RenderUnit.Points)
    style.setTextFormat(text)
    legend.setStyle(which, style)


def add_legend(layout: QgsPrintLayout, layer: QgsVectorLayer, map_item: QgsLayoutItemMap,
               title: str = LEGEND_TITLE) -> QgsLayoutItemLegend:
    """Legend of the six tiers (labels carry "(n areas)") without the layer name."""
    legend = QgsLayoutItemLegend(layout)
    legend.setTitle(title)
    legend.setLinkedMap(map_item)
    legend.setAutoUpdateModel(False)
    node: QgsLayerTreeLayer = legend.model().rootGroup().findLayer(layer)
    QgsLegendRenderer.setNodeLegendStyle(node, legend_component("hidden"))
    set_legend_font(legend, "title", font(10, bold=True))
    set_legend_font(legend, "symbolLabel", font(8))
    legend.setSymbolWidth(8)
    legend.setSymbolHeight(5)
    legend.setBackgroundEnabled(False)
    layout.addLayoutItem(legend)
    place(legend, *LEGEND_POS_MM)
    legend.updateLegend()
    return legend


def scale_bar_units(map_item: QgsLayoutItemMap) -> Qgis.DistanceUnit:
    """Metres for maps narrower than ``METRES_SCALE_BAR_BELOW_M``, otherwise kilometres."""
    to_metres = QgsUnitTypes.fromUnitToUnitFactor(map_item.crs().mapUnits(), Qgis.DistanceUnit.Meters)
    if map_item.extent().width() * to_metres < METRES_SCALE_BAR_BELOW_M:
        return Qgis.DistanceUnit.Meters
    return Qgis.DistanceUnit.Kilometers


def add_scale_bar(layout: QgsPrintLayout, map_item: QgsLayoutItemMap) -> QgsLayoutItemScaleBar:
    """Single-box scale bar of the map, about a fifth of the map width, in m or km."""
    bar = QgsLayoutItemScaleBar(layout)
    bar.setStyle("Single Box")
    bar.setLinkedMap(map_item)
    units = scale_bar_units(map_item)
    bar.applyDefaultSize(units)
    bar.setUnitLabel("m" if units == Qgis.DistanceUnit.Meters else "km")
    bar.setTextFormat(text_format(7))
    layout.addLayoutItem(bar)
    place(bar, *SCALE_BAR_POS_MM)
    return bar


def north_arrow_svg(search_paths: list[str] | None = None) -> str | None:
    """Path of QGIS's north-arrow SVG in the first SVG folder that has it, or None."""
    for folder in QgsApplication.svgPaths() if search_paths is None else search_paths:
        candidate = Path(folder) / NORTH_ARROW_SVG
        if candidate.is_file():
            return str(candidate)
    return None


def add_north_arrow(layout: QgsPrintLayout, map_item: QgsLayoutItemMap,
                    search_paths: list[str] | None = None) -> list[QgsLayoutItem]:
    """North arrow at ``NORTH_ARROW_RECT_MM``: QGIS's SVG when found, else a drawn triangle and "N"."""
    svg = north_arrow_svg(search_paths)
    x, y, width, height = NORTH_ARROW_RECT_MM
    if svg is not None:
        picture = QgsLayoutItemPicture(layout)
        picture.setPicturePath(svg)
        picture.setSvgFillColor(QColor(TEXT_COLOUR))
        picture.setSvgStrokeColor(QColor(TEXT_COLOUR))
        picture.setLinkedMap(map_item)
        layout.addLayoutItem(picture)
        place(picture, x, y, width, height)
        return [picture]
    return drawn_north_arrow(layout, (x, y, width, height))


def drawn_north_arrow(layout: QgsPrintLayout, rect: tuple) -> list[QgsLayoutItem]:
    """A dark triangle pointing up with an "N" above it, filling ``rect`` (x, y, w, h mm)."""
    x, y, width, height = rect
    letter_height = height * 0.35
    tip, base = y + letter_height, y + height
    triangle = QgsLayoutItemPolygon(QPolygonF([
        QPointF(x + width / 2, tip), QPointF(x + width, base), QPointF(x + width / 2, base - height * 0.15),
        QPointF(x, base)]), layout)
    triangle.setSymbol(QgsFillSymbol.createSimple({"color": TEXT_COLOUR, "outline_style": "no"}))
    layout.addLayoutItem(triangle)
    letter = add_label(layout, "N", (x, y, width, letter_height), 10, bold=True)
    letter.setHAlign(Qt.AlignmentFlag.AlignHCenter)
    return [triangle, letter]


def new_layout(project: QgsProject, name: str) -> QgsPrintLayout:
    """An empty one-page A4 landscape layout in ``project``."""
    layout = QgsPrintLayout(project)
    layout.initializeDefaults()
    layout.setName(name)
    layout.pageCollection().page(0).setPageSize("A4", QgsLayoutItemPage.Orientation.Landscape)
    return layout


def tier_map_layout(layer: QgsVectorLayer, texts: MapTexts | None = None, palette_name: str = DEFAULT_PALETTE,
                    tier_field: str = "tier", extent: QgsRectangle | None = None) -> TierMapLayout:
    """Build the tier map of ``layer`` (extent in the layer's CRS; default the layer's, padded).

    ``texts`` defaults to :class:`MapTexts` (generic title and subtitle, today's date).
    Counts per tier come from the layer's features. Call from the main thread: layouts
    are QGraphicsScenes. The returned object keeps the project, layout and clone alive.
    """
    texts = texts or MapTexts()
    project = QgsProject()
    copy = layer.clone()
    counts = layer_tier_counts(copy, tier_field)
    apply_tier_style(copy, palette_name, tier_field, counts=counts)
    project.addMapLayer(copy)
    project.setCrs(copy.crs())
    project.setEllipsoid(copy.crs().ellipsoidAcronym())
    layout = new_layout(project, texts.title)
    add_label(layout, texts.title, TITLE_RECT_MM, 18, bold=True)
    add_label(layout, texts.subtitle, SUBTITLE_RECT_MM, 10)
    map_item = add_map(layout, copy, padded_extent(extent if extent is not None else copy.extent()))
    add_legend(layout, copy, map_item, LEGEND_TITLES.get(tier_field.lower(), LEGEND_TITLE))
    add_north_arrow(layout, map_item)
    add_scale_bar(layout, map_item)
    add_label(layout, texts.footer(), FOOTER_RECT_MM, 7)
    return TierMapLayout(project, layout, copy, map_item, counts)
